"""Pushing sources in through the API: the same ingestion as the command and the upload page."""

import pytest

from sources.models import Source

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = (
    "Minister warns of floods\n\n"
    "\u201cThe river will rise by two metres before Friday,\u201d Environment Minister "
    "Jana Novak said on Tuesday.\n"
)


def test_annotator_pushes_text_and_gets_the_source_with_its_statements(annotator):
    response = annotator.post(
        "/api/sources/",
        {
            "text": ARTICLE,
            "title": "Floods ahead",
            "outlet": "Daily Example",
            "published": "2022-01-05",
            "url": "https://daily.example.org/floods",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "added"
    assert body["source"]["title"] == "Floods ahead"
    assert body["source"]["outlet"]["name"] == "Daily Example"
    assert body["source"]["text"] == ARTICLE
    texts = [s["text"] for s in body["statements"]]
    assert "The river will rise by two metres before Friday" in texts


def test_the_same_text_again_is_unchanged(annotator):
    first = annotator.post("/api/sources/", {"text": ARTICLE}, format="json")
    again = annotator.post("/api/sources/", {"text": ARTICLE}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["status"] == "unchanged"
    assert again.json()["source"]["id"] == first.json()["source"]["id"]
    assert Source.objects.count() == 1


def test_exactly_one_of_text_html_or_url(annotator):
    response = annotator.post("/api/sources/", {"text": ARTICLE, "html": "<p>x</p>"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["error"]["fields"]
    assert annotator.post("/api/sources/", {}, format="json").status_code == 400


def test_a_document_that_cannot_be_ingested_is_a_422_with_the_reason(annotator):
    response = annotator.post(
        "/api/sources/", {"html": "<html><body><nav>Home</nav></body></html>"}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "ingest_failed"
    assert not Source.objects.exists()


def test_a_url_to_a_private_address_is_refused(annotator):
    response = annotator.post("/api/sources/", {"url": "http://127.0.0.1:9/"}, format="json")
    assert response.status_code == 422
    assert "127.0.0.1" in response.json()["error"]["message"]
    assert not Source.objects.exists()


def test_analysts_cannot_push_sources(analyst):
    assert analyst.post("/api/sources/", {"text": ARTICLE}, format="json").status_code == 403
    assert not Source.objects.exists()
