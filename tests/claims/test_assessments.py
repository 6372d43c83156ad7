"""A claim's assessment: reviewed like any other edit, and published in the claim's export.

With an accepted verdict the export is a ClaimReview with the properties Google's fact-check
markup requires and recommends (docs/claims.md#assessments); without one it is a schema.org
Claim with its first appearance and appearances, never a ClaimReview without a rating.
"""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from claims import review
from claims.models import Assessment, Rating, ReviewState
from tests.api.conftest import client_for
from tests.factories import (
    AssessmentFactory,
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
    rating,
)

pytestmark = pytest.mark.django_db

S = ReviewState


@pytest.fixture
def people(db):
    return {
        role: UserFactory(username=role, role=role)
        for role in ("analyst", "annotator", "reviewer", "admin")
    }


@pytest.fixture
def claim(db):
    """Said by Jana Novak "on Tuesday" in two articles: 4 January (earlier) and 18 January."""
    claim = ClaimFactory(text="The river will rise by two metres")
    later = SourceFactory(title="Later", published_at=datetime(2022, 1, 19, tzinfo=UTC))
    earlier = SourceFactory(title="Earlier", published_at=datetime(2022, 1, 5, tzinfo=UTC))
    novak = SpeakerFactory(name="Jana Novak")
    ClaimLinkFactory(claim=claim, statement=StatementFactory(source=later, speaker=novak))
    ClaimLinkFactory(claim=claim, statement=StatementFactory(source=earlier, speaker=novak))
    return claim


def propose(claim, user, **fields):
    return review.create(AssessmentFactory.build(claim=claim, **fields), user=user)


def accept(assessment, user):
    return review.transition(assessment, S.ACCEPTED, user=user, base_version=assessment.version)


def export(user, claim) -> dict:
    response = client_for(user).get(f"/api/claims/{claim.slug}/claimreview/")
    assert response.status_code == 200
    return response.json()


def provenance_ids(user, claim) -> list[int]:
    found = client_for(user).get(f"/api/claims/{claim.slug}/provenance/").json()
    return [row["id"] for row in found["statements"]]


def assert_schema_claim(item: dict, user, claim):
    """A schema.org Claim: its appearances in provenance order, the earliest first-appearing,
    with the author and date of that first appearance."""
    assert item["@type"] == "Claim"
    ids = [int(a["identifier"].rstrip("/").rsplit("/", 1)[1]) for a in item["appearance"]]
    assert ids == provenance_ids(user, claim)
    assert [a["headline"] for a in item["appearance"]] == ["Earlier", "Later"]
    for appearance in item["appearance"]:
        assert appearance["@type"] == "CreativeWork"
        assert appearance["url"].startswith("http")
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["author"] == {"@type": "Person", "name": "Jana Novak"}
    assert item["datePublished"] == "2022-01-04"  # "on Tuesday" before 5 January


# --- the two shapes of the export ------------------------------------------------------------


def test_a_claim_without_an_assessment_exports_as_a_schema_org_claim(people, claim):
    found = export(people["analyst"], claim)
    assert found["@context"][0] == "https://schema.org"
    assert found["@type"] == "Claim"
    assert found["name"] == "The river will rise by two metres"
    assert found["url"] == f"http://testserver{claim.get_absolute_url()}"
    assert "reviewRating" not in found
    assert "claimReviewed" not in found
    assert_schema_claim(found, people["analyst"], claim)


def test_a_proposed_verdict_is_not_published(people, claim):
    propose(claim, people["annotator"], rating=rating("False"))
    assert export(people["analyst"], claim)["@type"] == "Claim"


def test_an_accepted_assessment_without_a_verdict_still_exports_a_claim(people, claim):
    accept(propose(claim, people["annotator"], rating=None), people["reviewer"])
    assert export(people["analyst"], claim)["@type"] == "Claim"


def test_an_accepted_verdict_makes_a_claimreview_with_googles_properties(people, claim):
    verdict = propose(claim, people["annotator"], rating=rating("Misleading"))
    accept(verdict, people["reviewer"])
    found = export(people["analyst"], claim)
    # Required: claimReviewed, reviewRating (alternateName required in it), url.
    assert found["@type"] == "ClaimReview"
    assert found["claimReviewed"] == "The river will rise by two metres"
    assert found["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Misleading",
        "name": "Misleading",
    }
    assert found["url"] == f"http://testserver{claim.get_absolute_url()}#assessment"
    # Recommended: author (with a name), datePublished, itemReviewed (a Claim with author,
    # datePublished, appearance and firstAppearance).
    assert found["author"] == {
        "@type": "Organization",
        "name": "Claimtrail",
        "url": "http://testserver/",
    }
    assert found["datePublished"] == Assessment.objects.get().published_at.date().isoformat()
    assert_schema_claim(found["itemReviewed"], people["analyst"], claim)
    # The assessment itself: summary, note and its sources.
    assert found["description"] == verdict.summary
    assert found["reviewBody"] == verdict.note
    assert found["citation"] == [
        {
            "@type": "CreativeWork",
            "url": "https://water.example/gauges/old-bridge",
            "name": "Gauge readings",
        }
    ]


def test_the_rating_follows_the_scale_admins_set(people, claim, settings):
    settings.CLAIMREVIEW_AUTHOR_NAME = "River Desk"
    settings.CLAIMREVIEW_AUTHOR_URL = "https://riverdesk.example/"
    accept(propose(claim, people["annotator"], rating=rating("True")), people["reviewer"])
    Rating.objects.create(value=9, label="Proven")  # an admin extends the scale
    Rating.objects.filter(label="True").update(label="Correct")  # ... and renames a verdict
    found = export(people["analyst"], claim)
    assert found["reviewRating"]["bestRating"] == 9
    assert found["reviewRating"]["alternateName"] == "Correct"
    assert found["author"] == {
        "@type": "Organization",
        "name": "River Desk",
        "url": "https://riverdesk.example/",
    }


def test_the_published_assessment_stays_until_a_change_to_it_is_accepted(people, claim):
    first = propose(claim, people["annotator"], rating=rating("False"))
    accept(first, people["reviewer"])
    change = propose(claim, people["annotator"], rating=rating("Missing context"))
    assert export(people["analyst"], claim)["reviewRating"]["alternateName"] == "False"
    review.transition(change, S.REJECTED, user=people["reviewer"], base_version=change.version)
    assert export(people["analyst"], claim)["reviewRating"]["alternateName"] == "False"
    again = propose(claim, people["annotator"], rating=rating("Missing context"))
    accept(again, people["reviewer"])
    assert export(people["analyst"], claim)["reviewRating"]["alternateName"] == "Missing context"
    assert list(claim.assessments.published()) == [again, first]


# --- reviewed like any other edit --------------------------------------------------------------


def test_an_annotator_proposes_and_only_a_reviewer_decides(people, claim):
    assessment = propose(claim, people["annotator"], rating=rating("False"))
    assert (assessment.state, assessment.created_by, assessment.version) == (
        S.PROPOSED,
        people["annotator"],
        1,
    )
    for who in ("analyst", "annotator"):
        with pytest.raises(review.TransitionNotAllowed) as refused:
            accept(assessment, people[who])
        assert refused.value.status_code == 403
    accept(assessment, people["reviewer"])
    assessment.refresh_from_db()
    assert (assessment.state, assessment.version) == (S.ACCEPTED, 2)
    assert assessment.published_at is not None


def test_an_accepted_assessment_is_not_edited_by_annotators(people, claim):
    assessment = accept(propose(claim, people["annotator"]), people["reviewer"])
    with pytest.raises(review.TransitionNotAllowed):
        review.edit(assessment, {"summary": "x"}, user=people["annotator"], base_version=2)


def test_a_claim_has_one_assessment_under_review_at_a_time(people, claim):
    propose(claim, people["annotator"])
    with pytest.raises(ValidationError, match="already has an assessment under review"):
        propose(claim, people["reviewer"])
    assert claim.assessments.count() == 1


def test_an_edit_over_someone_elses_is_refused_with_what_they_changed(people, claim):
    assessment = propose(claim, people["annotator"], rating=rating("False"))
    other = UserFactory(username="dan", role="annotator")
    review.edit(assessment, {"rating": rating("True")}, user=other, base_version=1)
    with pytest.raises(review.StaleVersion) as stale:
        review.edit(assessment, {"summary": "Mine."}, user=people["annotator"], base_version=1)
    assert stale.value.changed["rating"]["current"] == rating("True").pk
    assert Assessment.objects.get().summary == AssessmentFactory.summary


def test_sent_back_needs_a_comment_and_the_fix_proposes_it_again(people, claim):
    assessment = propose(claim, people["annotator"])
    with pytest.raises(review.TransitionNotAllowed, match="Say what should change"):
        review.transition(assessment, S.CHANGES_REQUESTED, user=people["reviewer"], base_version=1)
    review.transition(
        assessment,
        S.CHANGES_REQUESTED,
        user=people["reviewer"],
        base_version=1,
        comment="Cite the gauge readings.",
    )
    review.edit(
        assessment,
        {"sources": [{"url": "https://water.example/g", "title": "Gauges"}]},
        user=people["annotator"],
        base_version=2,
        to_state=S.PROPOSED,
    )
    history = review.history_for(assessment)
    assert [(h["user"], h["to_state"]) for h in history] == [
        ("annotator", S.PROPOSED),
        ("reviewer", S.CHANGES_REQUESTED),
        ("annotator", S.PROPOSED),
    ]
    assert history[1]["comment"] == "Cite the gauge readings."
    assert "sources" in history[2]["changes"]


@pytest.mark.parametrize(
    "sources",
    [
        [{"url": "javascript:alert(1)", "title": "x"}],
        [{"url": "https://ok.example/", "title": "x", "onclick": "y"}],
        [{"title": "no address"}],
        "https://ok.example/",
        [{"url": f"https://ok.example/{n}"} for n in range(51)],
    ],
)
def test_sources_are_http_links_with_titles_and_nothing_else(people, claim, sources):
    with pytest.raises(ValidationError):
        propose(claim, people["annotator"], sources=sources)
    assert not Assessment.objects.exists()


def test_a_verdict_in_use_cannot_be_deleted(people, claim):
    propose(claim, people["annotator"], rating=rating("False"))
    with pytest.raises(ProtectedError):
        rating("False").delete()


def test_the_migration_seeds_the_default_scale(db):
    assert list(Rating.objects.values_list("value", "label")) == [
        (1, "False"),
        (2, "Misleading"),
        (3, "Missing context"),
        (4, "Mostly true"),
        (5, "True"),
    ]
    assert Rating.objects.bounds() == (1, 5)
