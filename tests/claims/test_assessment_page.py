"""The assessment on the claim page: what each role sees, proposes and decides (htmx fragment)."""

import re

import pytest
from django.test import Client

from claims import review
from claims.models import Assessment, ReviewState
from tests.factories import AssessmentFactory, ClaimLinkFactory, UserFactory, rating

pytestmark = pytest.mark.django_db

S = ReviewState
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claim(db):
    return ClaimLinkFactory().claim


@pytest.fixture
def people(db):
    return {
        role: UserFactory(username=role, role=role) for role in ("analyst", "annotator", "reviewer")
    }


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def section(html: str) -> str:
    return re.search(r'<section id="assessment".*?</section>', html, re.S)[0]


def page(client, claim) -> str:
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return section(response.content.decode())


def published(claim, people, **fields) -> Assessment:
    assessment = review.create(
        AssessmentFactory.build(claim=claim, **fields), user=people["annotator"]
    )
    return review.transition(assessment, S.ACCEPTED, user=people["reviewer"], base_version=1)


def form(claim, **fields) -> dict:
    return {f"assessment-{name}": value for name, value in fields.items()}


def propose_url(claim):
    return f"/claims/{claim.slug}/assessment/propose/"


def test_analysts_read_the_published_assessment_and_propose_a_change_for_review(claim, people):
    published(claim, people, rating=rating("False"))
    html = page(as_(people["analyst"]), claim)
    assert "False" in html
    assert "(1 on a scale from 1, worst, to 5, best)" in html
    assert "The river rose by forty centimetres, not two metres." in html
    assert "The gauge at the old bridge peaked at 2.4 m on Friday." in html
    assert (
        '<a href="https://water.example/gauges/old-bridge" rel="noopener noreferrer nofollow">Gauge readings</a>'
        in html
    )
    assert "By annotator · published <time" in html
    assert "Accept" not in html  # no decision for an analyst
    response = as_(people["analyst"]).post(
        propose_url(claim), form(claim, summary="Mine.", rating=rating("False").pk), **HTMX
    )
    assert response.status_code == 200
    assert "Proposed: a reviewer will accept it or send it back." in response.content.decode()
    proposal = Assessment.objects.open().get()
    assert (proposal.summary, proposal.created_by) == ("Mine.", people["analyst"])
    # The published verdict stays until a reviewer accepts the proposal.
    assert Assessment.objects.published().get().summary != "Mine."


def test_an_annotator_proposes_and_a_reviewer_accepts_from_the_page(claim, people):
    annotator, reviewer = as_(people["annotator"]), as_(people["reviewer"])
    assert "No published assessment yet." in page(annotator, claim)
    body = form(
        claim,
        rating=rating("Misleading").pk,
        summary="The figure is a forecast, not a reading.",
        note="The weather service forecast 2 m;\nthe gauge read 0.4 m.",
        sources="https://water.example/g Gauge readings\n\nhttps://met.example/forecast",
    )
    response = annotator.post(propose_url(claim), body, **HTMX)
    assert response.status_code == 200
    html = section(response.content.decode())
    assert "Proposed: a reviewer will accept it or send it back." in html
    assert "Awaiting review" in html
    assert "decision-accepted" not in html  # annotators do not decide
    stored = Assessment.objects.get()
    assert (stored.state, stored.created_by, stored.rating.label) == (
        S.PROPOSED,
        people["annotator"],
        "Misleading",
    )
    assert stored.sources == [
        {"url": "https://water.example/g", "title": "Gauge readings"},
        {"url": "https://met.example/forecast", "title": ""},
    ]
    # the annotator cannot accept it by posting the reviewer's form
    decide = f"/claims/{claim.slug}/assessment/{stored.pk}/transition/"
    refused = annotator.post(decide, {"to_state": "accepted", "base_version": 1}, **HTMX)
    assert refused.status_code == 403
    assert Assessment.objects.get().state == S.PROPOSED

    html = page(reviewer, claim)
    assert 'value="accepted"' in html
    response = reviewer.post(decide, {"to_state": "accepted", "base_version": 1}, **HTMX)
    assert response.status_code == 200
    html = section(response.content.decode())
    assert "Accepted: this assessment is now published." in html
    assert "Misleading" in html
    assert "<p>The weather service forecast 2 m;<br>the gauge read 0.4 m.</p>" in html
    assert "No published assessment yet." not in html


def test_a_change_to_the_published_assessment_waits_for_review(claim, people):
    published(claim, people, rating=rating("False"))
    annotator = as_(people["annotator"])
    html = page(annotator, claim)
    assert "Propose a change" in html
    body = form(claim, rating=rating("Missing context").pk, summary="Context was missing.")
    assert annotator.post(propose_url(claim), body, **HTMX).status_code == 200
    html = page(as_(people["analyst"]), claim)
    published_part, proposal_part = html.split('class="assessment-proposal"')
    assert "False" in published_part
    assert "Missing context" in proposal_part
    assert "Proposed change" in proposal_part


def test_sent_back_then_fixed_from_the_form(claim, people):
    annotator, reviewer = as_(people["annotator"]), as_(people["reviewer"])
    annotator.post(propose_url(claim), form(claim, summary="Too short."), **HTMX)
    assessment = Assessment.objects.get()
    decide = f"/claims/{claim.slug}/assessment/{assessment.pk}/transition/"
    no_comment = reviewer.post(decide, {"to_state": "changes_requested", "base_version": 1}, **HTMX)
    assert no_comment.status_code == 422
    assert "Say what should change" in no_comment.content.decode()
    sent = reviewer.post(
        decide,
        {"to_state": "changes_requested", "base_version": 1, "comment": "Add the gauge."},
        **HTMX,
    )
    assert sent.status_code == 200
    html = page(annotator, claim)
    assert "Sent back" in html
    assert "Add the gauge." in html  # the reviewer's comment, in the proposal's history
    body = form(claim, summary="The gauge read 0.4 m.", base_version=2)
    assert annotator.post(propose_url(claim), body, **HTMX).status_code == 200
    assessment.refresh_from_db()
    assert (assessment.state, assessment.version, assessment.summary) == (
        S.PROPOSED,
        3,
        "The gauge read 0.4 m.",
    )


def test_a_stale_form_is_refused_with_409_and_the_stored_version(claim, people):
    annotator = as_(people["annotator"])
    annotator.post(propose_url(claim), form(claim, summary="First."), **HTMX)
    other = as_(UserFactory(username="dan", role="annotator"))
    other.post(propose_url(claim), form(claim, summary="Second.", base_version=1), **HTMX)
    stale = annotator.post(propose_url(claim), form(claim, summary="Mine.", base_version=1), **HTMX)
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    assert Assessment.objects.get().summary == "Second."


def test_output_is_escaped_and_sources_are_http_links_only(claim, people):
    annotator = as_(people["annotator"])
    script = "<script>alert(1)</script>"
    bad = form(claim, summary=script, sources="javascript:alert(1) Click")
    refused = annotator.post(propose_url(claim), bad, **HTMX)
    assert refused.status_code == 422
    assert "is not an http(s) address" in refused.content.decode()
    assert not Assessment.objects.exists()
    ok = form(claim, summary=script, note=script, sources=f"https://a.example/ {script}")
    html = annotator.post(propose_url(claim), ok, **HTMX).content.decode()
    assert script not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3


def test_writes_need_the_csrf_token(claim, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["annotator"])
    assert client.post(propose_url(claim), form(claim, summary="x"), **HTMX).status_code == 403
    assert not Assessment.objects.exists()


def test_without_htmx_a_write_returns_to_the_claim_page(claim, people):
    response = as_(people["annotator"]).post(propose_url(claim), form(claim, summary="x"))
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url() + "#assessment"


def test_the_claim_page_queries_do_not_grow_with_versions(claim, people, django_assert_num_queries):
    reviewer = as_(people["reviewer"])
    published(claim, people, rating=rating("False"))
    AssessmentFactory(claim=claim, created_by=people["annotator"], rating=rating("True"))
    reviewer.get(claim.get_absolute_url())  # warm: the session, content types, provenance
    with django_assert_num_queries(10) as first:
        reviewer.get(claim.get_absolute_url())
    for _ in range(3):
        proposal = Assessment.objects.open().get()
        review.transition(proposal, S.ACCEPTED, user=people["reviewer"], base_version=1)
        AssessmentFactory(claim=claim, created_by=people["annotator"], rating=rating("True"))
    with django_assert_num_queries(len(first.captured_queries)):
        reviewer.get(claim.get_absolute_url())
