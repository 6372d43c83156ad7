"""The API's JSON renderer (orjson) writes what DRF's JSONRenderer writes, byte for byte."""

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail

from config.api import JSONLDRenderer, JSONRenderer
from tests.factories import StatementFactory

KYIV_WINTER = timezone(timedelta(hours=2))

DOCUMENT = {
    "id": 2**62,
    "text": '«Санкции бьют по простым людям», — сказал он. 🙂 "quoted" \\ back\tslash',
    "separators": "line\u2028paragraph\u2029end",
    "html": "</script><b>&amp;</b>",
    "published_at": datetime(2022, 1, 7, 9, 30, 15, 123456, tzinfo=UTC),
    "created_at": datetime(2022, 1, 7, 9, 30, tzinfo=UTC),
    "local": datetime(2022, 1, 7, 11, 30, 15, tzinfo=KYIV_WINTER),
    "naive": datetime(2022, 1, 7, 9, 30),
    "said_on": date(2022, 1, 5),
    "at": time(9, 30, 15, 500),
    "confidence": Decimal("0.875"),
    "score": 0.85,
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("This field is required."),
    "error": ErrorDetail("Not found.", code="not_found"),
    "nothing": None,
    "flags": [True, False],
    "pair": (1, 2),
    "by_id": {7: "seven", 8: ["eight"]},
    "nested": {"links": [{"id": 1, "claim": 2, "stance": "asserts", "score": 0.5}]},
}


def drf(data, media_type=None, context=None) -> bytes:
    return renderers.JSONRenderer().render(data, media_type, context)


def test_writes_what_drf_writes():
    assert JSONRenderer().render(DOCUMENT) == drf(DOCUMENT)


def test_line_and_paragraph_separators_are_escaped():
    rendered = JSONRenderer().render({"text": "a\u2028b\u2029c"})
    assert rendered == b'{"text":"a\\u2028b\\u2029c"}'


@pytest.mark.parametrize(
    ("media_type", "context"),
    [("application/json; indent=2", {}), (None, {"indent": 4})],
    ids=["asked in Accept", "the browsable API's"],
)
def test_indented_json_is_drfs(media_type, context):
    rendered = JSONRenderer().render(DOCUMENT, media_type, context)
    assert rendered == drf(DOCUMENT, media_type, context)
    assert b"\n" in rendered


@pytest.mark.parametrize(
    "data",
    [{"big": 2**70}, {"negative": -(2**70)}, None],
    ids=["past 64 bits", "below -2**63", "no data"],
)
def test_what_orjson_cannot_write_is_written_by_drf(data):
    assert JSONRenderer().render(data) == drf(data)


def test_json_ld_escapes_html_as_before():
    rendered = JSONLDRenderer().render(DOCUMENT)
    assert not [character for character in (b"<", b">", b"&") if character in rendered]
    expected = drf(DOCUMENT).replace(b"<", b"\\u003c").replace(b">", b"\\u003e")
    assert rendered == expected.replace(b"&", b"\\u0026")


def test_the_api_answers_with_this_renderer(analyst):
    StatementFactory.create_batch(3)
    response = analyst.get("/api/statements/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == drf(response.json())
    assert response.renderer_context["view"].get_renderers()[0].__class__ is JSONRenderer
