"""A source URL is a web address or nothing: no ``javascript:`` link in a page or an export.

Every ingestion path refuses a URL that is not http(s), ``load_jsonl`` too; a row that got
one anyway (written before these checks, or by hand in the database) is shown without the
link.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from pipeline.ingest import Status, ingest_bytes
from sources.models import Source
from tests.factories import UserFactory
from tests.security.hostile import HOSTILE_URL

pytestmark = pytest.mark.django_db

TEXT = (
    "Floods ahead\n\n\u201cThe river will rise by two metres before Friday,\u201d Environment "
    "Minister Jana Novak said on Tuesday.\n"
)


def test_a_json_lines_record_with_a_javascript_url_is_refused():
    record = {"text": TEXT, "url": HOSTILE_URL}
    [result] = ingest_bytes(json.dumps(record).encode(), name="feed.jsonl")
    assert result.status == Status.FAILED
    assert result.message == f'"url" must be an http(s) URL, not {HOSTILE_URL!r}'
    assert not Source.objects.exists()


def test_the_api_refuses_a_javascript_url():
    api = APIClient()
    api.force_authenticate(UserFactory(role="admin"))
    response = api.post("/api/sources/", {"text": TEXT, "url": HOSTILE_URL}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["url"] == ["Enter a valid URL."]
    assert not Source.objects.exists()


def test_an_html_page_claiming_a_javascript_canonical_url_is_stored_without_it():
    page = (
        f"<html><head><title>Floods</title><link rel='canonical' href='{HOSTILE_URL}'>"
        f"<meta property='og:url' content='{HOSTILE_URL}'></head><body><article>"
        "<p>The river will rise by two metres before Friday, the minister said on Tuesday.</p>"
        "<p>More rain is expected next week in the capital, the weather service said.</p>"
        "</article></body></html>"
    )
    [result] = ingest_bytes(page.encode(), name="floods.html")
    assert result.status == Status.ADDED, result.message
    assert result.source.url == ""


def test_a_dump_with_a_javascript_url_is_refused(tmp_path):
    [result] = ingest_bytes(TEXT.encode(), name="floods.txt")
    dump = tmp_path / "dump.jsonl"
    call_command("dump_jsonl", str(dump))
    lines = [json.loads(line) for line in dump.read_text().splitlines()]
    sources = [line for line in lines if line["model"] == "sources.source"]
    for line in sources:
        line["fields"]["url"] = HOSTILE_URL
    dump.write_text("\n".join(json.dumps(line) for line in sources))
    Source.objects.all().delete()
    refusals = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 lines refused; nothing was loaded"):
        call_command("load_jsonl", str(dump), verbosity=0, stderr=refusals)
    assert f"dump.jsonl:1: sources.source {result.source.pk}, field url: Enter a valid URL." in (
        refusals.getvalue()
    )
    assert not Source.objects.exists()


@pytest.fixture
def loaded_from_a_dump():
    """A source whose URL is javascript:, as a row written before load_jsonl validated
    (or by hand in the database) has it."""
    [result] = ingest_bytes(TEXT.encode(), name="floods.txt")
    Source.objects.filter(pk=result.source.pk).update(url=HOSTILE_URL)
    source = Source.objects.get(pk=result.source.pk)
    assert source.url == HOSTILE_URL
    return source


def test_the_reader_does_not_link_a_javascript_url(client, loaded_from_a_dump):
    client.force_login(UserFactory(role="analyst"))
    response = client.get(loaded_from_a_dump.get_absolute_url())
    assert response.status_code == 200
    assert "javascript:" not in response.content.decode()


def test_exports_do_not_carry_a_javascript_url(loaded_from_a_dump):
    api = APIClient()
    api.force_authenticate(UserFactory(role="admin"))
    statement = loaded_from_a_dump.statements.first()
    assert statement is not None, "the text holds a statement to export"
    annotation = api.get(f"/api/statements/{statement.pk}/annotation/").json()
    assert "scope" not in annotation["target"]
    claim = api.post("/api/claims/", {"text": "The river will rise"}, format="json").json()
    api.post(
        "/api/claim-links/", {"statement": statement.pk, "claim": claim["slug"]}, format="json"
    )
    review = api.get(f"/api/claims/{claim['slug']}/claimreview/").json()
    [appearance] = review["appearance"]  # a Claim: it has no verdict
    assert appearance["url"] == f"http://testserver{loaded_from_a_dump.get_absolute_url()}"
