"""Hostile documents in the exports: CSV cells are not formulas, JSON-LD is JSON, never HTML.

The corpus is tests/security/hostile.py: every payload of xss_payloads.txt as a statement's
text, cue, speaker and outlet, a claim's text, description and tag, and a source's title.
"""

import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from claims import review
from claims.models import Assessment
from tests.factories import UserFactory, rating
from tests.security import hostile
from tests.security.hostile import PAYLOADS

pytestmark = pytest.mark.django_db

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What a browser sends when someone opens an export's link.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
        corpus = hostile.build(admin)
    yield corpus
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def api(corpus):
    client = APIClient()
    client.force_authenticate(corpus.admin)
    return client


def defused(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body, newline="")))


def no_cell_is_a_formula(rows):
    return [
        (row["id"], k, v) for row in rows for k, v in row.items() if v.startswith(FORMULA_PREFIXES)
    ]


def test_statement_csv_holds_each_payload_as_text_and_no_formula(api, corpus):
    rows = csv_rows(api.get("/api/statements/csv/", {"page_size": 1000}))
    by_id = {int(row["id"]): row for row in rows}
    for payload, statement in zip(PAYLOADS, corpus.statements, strict=True):
        row = by_id[statement.pk]
        for column in (
            "text",
            "cue",
            "speaker",
            "speaker_mention",
            "cited",
            "outlet",
            "source_title",
        ):
            assert row[column] == defused(payload), column
    assert no_cell_is_a_formula(rows) == []


def test_claim_csv_holds_each_payload_as_text_and_no_formula(api, corpus):
    rows = csv_rows(api.get("/api/claims/csv/"))
    by_slug = {row["slug"]: row for row in rows}
    for payload, claim in zip(PAYLOADS, corpus.claims, strict=True):
        row = by_slug[claim.slug]
        assert row["text"] == defused(payload)
        assert row["description"] == defused(payload)
        assert row["tags"] == defused(payload)
    assert no_cell_is_a_formula(rows) == []


def json_ld(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Pasted into <script type="application/ld+json"> (what ClaimReview is for), no text
    # from a document may close the script: <, > and & are written as \u003c, \u003e, \u0026.
    assert [c for c in "<>&" if c in response.content.decode()] == []
    return json.loads(response.content)


def test_web_annotations_are_json_with_each_payload_as_a_string(api, corpus):
    for payload, statement in zip(PAYLOADS, corpus.statements, strict=True):
        response = api.get(
            f"/api/statements/{statement.pk}/annotation/", HTTP_ACCEPT=BROWSER_ACCEPT
        )
        annotation = json_ld(response)
        selectors = {s["type"]: s for s in annotation["target"]["selector"]}
        assert selectors["TextQuoteSelector"]["exact"] == payload
        assert f"cue: {payload}" in [body.get("value") for body in annotation["body"]]


def test_claim_reviews_are_json_with_each_payload_as_a_string(api, corpus):
    for payload, claim in zip(PAYLOADS, corpus.claims, strict=True):
        review = json_ld(
            api.get(f"/api/claims/{claim.slug}/claimreview/", HTTP_ACCEPT=BROWSER_ACCEPT)
        )
        assert review["name"] == payload  # a Claim: none of these has a verdict
        [appearance] = review["appearance"]
        assert appearance["text"] == payload
        assert appearance["headline"] == payload
        assert appearance["publisher"]["name"] == payload
        assert appearance["author"]["name"] == payload
    hub = json_ld(api.get(f"/api/claims/{corpus.hub.slug}/claimreview/"))
    assert [a["text"] for a in hub["appearance"]] == PAYLOADS


def test_claim_reviews_with_a_verdict_are_json_with_each_payload_as_a_string(api, corpus):
    for payload, claim in zip(PAYLOADS, corpus.claims, strict=True):
        assessment = Assessment(
            claim=claim,
            summary=payload,
            note=payload,
            rating=rating("False"),
            sources=[{"url": "https://fact.example/a?q=<b>&x=1", "title": payload}],
        )
        review.create(assessment, user=corpus.admin)
        review.transition(assessment, "accepted", user=corpus.admin, base_version=1)
        found = json_ld(
            api.get(f"/api/claims/{claim.slug}/claimreview/", HTTP_ACCEPT=BROWSER_ACCEPT)
        )
        assert found["@type"] == "ClaimReview"
        assert found["claimReviewed"] == payload
        assert (found["description"], found["reviewBody"]) == (payload, payload)
        assert found["citation"][0]["name"] == payload
        assert found["itemReviewed"]["appearance"][0]["text"] == payload
