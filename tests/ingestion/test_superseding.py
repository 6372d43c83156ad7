"""Who may replace a source with a new version (issue #21, finding 4).

An uploaded page that names another source's URL as its ``<link rel="canonical">`` used to
supersede that source: anyone could replace what a colleague ingested. A URL a document only
declares supersedes the declarer's own sources; a URL we fetched supersedes whoever's.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pipeline.ingest import ingest_bytes, ingest_url
from sources.models import Source
from tests.factories import UserFactory

from .conftest import article_html

pytestmark = pytest.mark.django_db

UPLOAD = reverse("sources:source_create")
CANONICAL = "https://daily.example.org/news/floods"  # what article_html() declares


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", role="annotator")


@pytest.fixture
def mallory(db):
    return UserFactory(username="mallory", role="annotator")


def upload(client, user, html: bytes, name: str = "floods.html"):
    client.force_login(user)
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, html, "text/html")})


def test_an_upload_naming_someone_elses_url_as_canonical_does_not_supersede_it(
    client, alice, mallory
):
    [original] = ingest_bytes(article_html(), name="floods.html", user=alice)
    assert original.source.url == CANONICAL

    response = upload(client, mallory, article_html(title="Minister resigns over floods"))

    assert response.status_code == 302
    forged = Source.objects.get(ingested_by=mallory)
    assert forged.supersedes is None
    assert list(Source.objects.current().order_by("pk")) == [original.source, forged]
    original.source.refresh_from_db()
    assert not hasattr(original.source, "superseded_by")


def test_the_result_says_why_the_upload_is_not_a_new_version(alice, mallory):
    [original] = ingest_bytes(article_html(), name="floods.html", user=alice)
    [result] = ingest_bytes(article_html(title="Minister resigns"), name="x.html", user=mallory)
    assert result.status == "added"
    assert (
        f"not a new version of source {original.source.pk}: someone else ingested that "
        f"source, and {CANONICAL} was not fetched but only named by the document"
    ) in result.message


def test_a_json_lines_url_does_not_supersede_someone_elses_source(alice, mallory):
    ingest_bytes(article_html(), name="floods.html", user=alice)
    record = b'{"url": "%s", "text": "The minister resigned, the ministry said on Friday."}'
    [result] = ingest_bytes(record % CANONICAL.encode(), name="dump.jsonl", user=mallory)
    assert result.status == "added"
    assert Source.objects.filter(supersedes__isnull=False).count() == 0


def test_a_new_version_of_ones_own_upload_still_supersedes_it(alice):
    [original] = ingest_bytes(article_html(), name="floods.html", user=alice)
    [result] = ingest_bytes(article_html(title="Minister resigns"), name="v2.html", user=alice)
    assert result.status == "superseded"
    assert result.source.supersedes == original.source


def test_a_fetched_url_supersedes_whoever_ingested_it(web_server, allow_loopback, alice, mallory):
    url = web_server.route("/news/floods", body=article_html())
    [original] = ingest_url(url, user=alice)
    web_server.route("/news/floods", body=article_html(title="Minister resigns over floods"))
    [result] = ingest_url(url, user=mallory)
    assert result.status == "superseded"
    assert result.source.supersedes == original.source
