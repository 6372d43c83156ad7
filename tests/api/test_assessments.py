"""Assessments and the rating scale over the REST API: read by every role, proposed by
analysts and annotators, decided by reviewers, each write through claims.review (version, history)."""

import pytest

from claims.models import Assessment, ReviewState
from tests.api.conftest import client_for
from tests.factories import AssessmentFactory, ClaimFactory, UserFactory, rating

pytestmark = pytest.mark.django_db

S = ReviewState


@pytest.fixture
def claim(db):
    return ClaimFactory(text="The river will rise by two metres")


def propose(client, claim, **fields):
    body = {"claim": claim.slug, "summary": "A forecast, not a reading.", **fields}
    return client.post("/api/assessments/", body, format="json")


def test_an_annotator_proposes_and_a_reviewer_publishes(annotator, reviewer, analyst, claim):
    response = propose(
        annotator,
        claim,
        note="The gauge read 0.4 m.",
        rating=rating("Misleading").pk,
        sources=[{"url": "https://water.example/g", "title": "Gauge readings"}],
    )
    assert response.status_code == 201, response.json()
    found = response.json()
    stored = Assessment.objects.get()
    assert found == {
        "id": stored.pk,
        "claim": claim.slug,
        "summary": "A forecast, not a reading.",
        "note": "The gauge read 0.4 m.",
        "rating": {
            "id": rating("Misleading").pk,
            "label": "Misleading",
            "value": 2,
            "description": rating("Misleading").description,
        },
        "sources": [{"url": "https://water.example/g", "title": "Gauge readings"}],
        "state": "proposed",
        "version": 1,
        "created_by": "bob",
        "created_at": found["created_at"],
        "updated_at": found["updated_at"],
        "published_at": None,
    }
    assert analyst.get("/api/assessments/", {"published": "true"}).json()["results"] == []
    decided = reviewer.post(
        f"/api/assessments/{stored.pk}/transition/",
        {"to_state": "accepted", "version": 1},
        format="json",
    )
    assert decided.status_code == 200
    assert decided.json()["state"] == "accepted"
    assert decided.json()["published_at"] is not None
    shown = analyst.get("/api/assessments/", {"claim": claim.slug, "published": "true"}).json()
    assert [a["id"] for a in shown["results"]] == [stored.pk]
    history = analyst.get(f"/api/assessments/{stored.pk}/history/").json()
    assert [(h["user"], h["to_state"]) for h in history] == [
        ("bob", "proposed"),
        ("carol", "accepted"),
    ]


def test_an_analyst_proposes_but_neither_analysts_nor_annotators_decide(analyst, annotator, claim):
    response = propose(analyst, claim, summary="x")
    assert response.status_code == 201, response.json()
    assessment = Assessment.objects.get()
    assert (assessment.state, assessment.created_by.username) == (S.PROPOSED, "alice")
    for who in (analyst, annotator):
        refused = who.post(
            f"/api/assessments/{assessment.pk}/transition/",
            {"to_state": "accepted", "version": 1},
            format="json",
        )
        assert refused.status_code == 403
    assessment.refresh_from_db()
    assert (assessment.state, assessment.summary, assessment.version) == (S.PROPOSED, "x", 1)
    assert assessment.published_at is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"sources": [{"url": "javascript:alert(1)", "title": "x"}]}, "sources"),
        ({"sources": [{"url": "ftp://files.example/x", "title": "x"}]}, "sources"),
        ({"rating": 999999}, "rating"),
        ({"summary": ""}, "summary"),
    ],
)
def test_a_bad_proposal_is_refused_naming_the_field(annotator, claim, fields, field):
    response = propose(annotator, claim, **fields)
    assert response.status_code == 400
    named = response.json()["error"]["fields"]
    assert [name for name in named if name.split(".")[0] == field], named
    assert not Assessment.objects.exists()


def test_one_proposal_under_review_per_claim(annotator, claim):
    assert propose(annotator, claim).status_code == 201
    second = propose(annotator, claim)
    assert second.status_code == 400
    [why] = second.json()["error"]["fields"]["__all__"]
    assert why == "This claim already has an assessment under review: change that one."


def test_an_edit_carries_its_version(annotator, claim):
    assessment_id = propose(annotator, claim).json()["id"]
    url = f"/api/assessments/{assessment_id}/"
    changed = annotator.patch(
        url, {"rating": rating("False").pk, "version": 1, "comment": "Verdict."}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["rating"]["label"], changed.json()["version"]) == ("False", 2)
    stale = annotator.patch(url, {"summary": "Mine.", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["changed"]["rating"]["current"] == rating("False").pk


def test_the_rating_scale_is_listed_worst_first(analyst):
    rating("True")  # the default scale
    scale = analyst.get("/api/ratings/").json()
    assert [(r["value"], r["label"]) for r in scale] == [
        (1, "False"),
        (2, "Misleading"),
        (3, "Missing context"),
        (4, "Mostly true"),
        (5, "True"),
    ]


def test_the_list_queries_do_not_grow(analyst, django_assert_num_queries):
    for _ in range(6):
        AssessmentFactory(rating=rating("False"), created_by=UserFactory())
    with django_assert_num_queries(2):  # token with its user and permissions, the page
        response = analyst.get("/api/assessments/")
    assert len(response.json()["results"]) == 6


def test_the_schema_documents_assessments_ratings_and_both_export_shapes(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/assessments/",
        "/api/assessments/{id}/",
        "/api/assessments/{id}/transition/",
        "/api/assessments/{id}/history/",
        "/api/ratings/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/assessments/"]
    assert "patch" in paths["/api/assessments/{id}/"]
    create = schema["components"]["schemas"]["AssessmentCreateRequest"]["properties"]
    assert {"claim", "summary", "note", "rating", "sources"} <= create.keys()
    export = paths["/api/claims/{slug}/claimreview/"]["get"]["description"]
    assert "ClaimReview" in export
    assert "`Claim`" in export


def test_a_user_without_a_role_reads_nothing(claim):
    nobody = client_for(UserFactory(username="nobody"))
    assert nobody.get("/api/assessments/").status_code == 403
    assert nobody.get("/api/ratings/").status_code == 403
