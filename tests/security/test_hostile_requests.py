"""Requests an attacker shapes: JSON nested deep enough to crash a parser, and a path that
would turn the 413 page's "Back" link into a link to another site (issue #21, findings 8, 10).
"""

import re

import pytest

from config.api import API_MAX_JSON_DEPTH
from pipeline.ingest import ingest_bytes
from sources.models import Source
from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator_api(db):
    return client_for(UserFactory(username="bob", role="annotator"))


def nested(depth: int) -> str:
    return '{"text": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [100_000, API_MAX_JSON_DEPTH + 1])
def test_json_nested_too_deep_is_a_400_in_the_error_shape(annotator_api, depth):
    response = annotator_api.post("/api/sources/", nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "json_too_deep",
            "message": f"JSON parse error - the body is nested more than {API_MAX_JSON_DEPTH} "
            "levels deep.",
        }
    }
    assert not Source.objects.exists()


def test_json_nested_within_the_limit_reaches_the_view(annotator_api):
    response = annotator_api.post(
        "/api/sources/", nested(API_MAX_JSON_DEPTH - 1), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"  # the view's own answer: not a string
    assert "text" in response.json()["error"]["fields"]


def test_a_json_lines_record_nested_too_deep_fails_its_line_only():
    deep = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    good = b'{"text": "The river will rise by two metres before Friday, the minister said."}'
    results = ingest_bytes(deep + b"\n" + good, name="dump.jsonl")
    deep_result, good_result = results
    assert (deep_result.status, deep_result.name, deep_result.message) == (
        "failed",
        "dump.jsonl, line 1",
        "the JSON is nested too deeply to read",
    )
    assert good_result.status == "added"


def back_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)">Back</a>', html)


def test_the_413_page_links_back_to_the_path_it_was_sent_to(client, settings):
    client.force_login(UserFactory(username="carol", role="annotator"))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post("/sources/new/", {"text": "x" * 500})
    assert response.status_code == 413
    assert back_links(response.content.decode()) == ["/sources/new/"]


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "///evil.example/"])
def test_the_413_page_never_links_back_to_another_site(client, settings, path):
    client.force_login(UserFactory(username="carol", role="annotator"))
    settings.REQUEST_MAX_BYTES = 100  # refused by the middleware, before any URL is routed
    response = client.post("/sources/new/", {"text": "x" * 500}, PATH_INFO=path)
    assert response.status_code == 413
    html = response.content.decode()
    assert "over the limit of 100 bytes for a request with files" in html
    assert back_links(html) == []
    assert "evil.example" not in html
