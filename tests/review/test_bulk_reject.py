"""Rejecting the machine's waiting suggestions in bulk: by claim, by score, or both."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import review
from claims.models import ClaimLink, ReviewState
from tests.api.conftest import client_for
from tests.factories import ClaimFactory, ClaimLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ReviewState
PAGE = "/review/suggestions/"
API = "/api/claim-links/reject-suggestions/"


@pytest.fixture
def links(db):
    """Two claims; suggestions scoring 0.01, 0.03 and 0.2 on the first, 0.02 on the second,
    and on the first a person's proposal and an accepted link with low scores."""
    river, rain = ClaimFactory(slug="river"), ClaimFactory(slug="rain")
    made = {
        "weak": ClaimLinkFactory(claim=river, score=0.01, reason="Shared words: river"),
        "middling": ClaimLinkFactory(claim=river, score=0.03),
        "strong": ClaimLinkFactory(claim=river, score=0.2),
        "other": ClaimLinkFactory(claim=rain, score=0.02),
        "proposed": ClaimLinkFactory(claim=river, score=0.01, state=S.PROPOSED),
        "accepted": ClaimLinkFactory(claim=river, score=0.01, state=S.ACCEPTED),
    }
    return made


def states(links):
    return {name: ClaimLink.objects.get(pk=link.pk).state for name, link in links.items()}


def test_it_rejects_suggestions_below_a_score_with_a_version_and_history(users, links):
    assert review.reject_suggestions(user=users["reviewer"], below=0.025) == 2
    assert states(links) == {
        "weak": S.REJECTED, "middling": S.SUGGESTED, "strong": S.SUGGESTED,
        "other": S.REJECTED, "proposed": S.PROPOSED, "accepted": S.ACCEPTED,
    }  # fmt: skip
    weak = ClaimLink.objects.get(pk=links["weak"].pk)
    assert weak.version == 2
    last = weak.history.first()
    assert last.history_user == users["reviewer"]
    assert last.state == S.REJECTED
    assert "below 0.025" in last.history_change_reason


def test_it_rejects_a_claims_suggestions_and_only_those(users, links):
    river = links["weak"].claim
    assert review.reject_suggestions(user=users["reviewer"], claim=river) == 3
    assert states(links)["other"] == S.SUGGESTED
    assert states(links)["proposed"] == S.PROPOSED
    both = review.reject_suggestions(user=users["reviewer"], claim=links["other"].claim, below=0.01)
    assert both == 0


def test_it_leaves_a_link_another_reviewer_is_working_on(users, links):
    other = UserFactory(username="carol", role="reviewer")
    review.claim_for_review(links["weak"], user=other)
    assert review.reject_suggestions(user=users["reviewer"], below=0.025) == 1
    assert states(links)["weak"] == S.SUGGESTED


@pytest.mark.parametrize("role", ["analyst", "annotator"])
def test_it_refuses_who_may_not_review_and_changes_nothing(users, links, role):
    with pytest.raises(review.TransitionNotAllowed):
        review.reject_suggestions(user=users[role], below=1.0)
    assert set(states(links).values()) == {S.SUGGESTED, S.PROPOSED, S.ACCEPTED}


def test_it_refuses_a_request_that_names_nothing(users, links):
    with pytest.raises(review.TransitionNotAllowed) as refused:
        review.reject_suggestions(user=users["reviewer"])
    assert refused.value.status_code == 400


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_waiting_suggestions_by_claim(
    client, users, links, django_assert_num_queries
):
    client.force_login(users["reviewer"])
    client.get(PAGE)  # sessions, content types: warm
    # session, user, permissions (user's and group's in one), waiting by claim, the weakest
    # suggestions of each claim, the claims: not per claim
    with django_assert_num_queries(6):
        response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 waiting" in html
    assert "Reject all 3 for this claim" in html
    assert "Reject all 1 for this claim" in html
    assert "0.010–0.200" in html
    assert "Shared words: river" in html  # why the weakest was suggested


def test_the_page_rejects_all_for_a_claim_and_says_so(client, users, links):
    client.force_login(users["reviewer"])
    response = client.post(PAGE, {"claim": "river"}, follow=True)
    assert "Rejected 3 suggestions for" in response.content.decode()
    assert states(links)["strong"] == S.REJECTED
    assert states(links)["other"] == S.SUGGESTED


def test_the_page_rejects_below_a_score(client, users, links):
    client.force_login(users["reviewer"])
    response = client.post(PAGE, {"below": "0.025"}, follow=True)
    assert "Rejected 2 suggestions scoring below 0.025." in response.content.decode()


def test_the_page_explains_a_form_without_a_score(client, users, links):
    client.force_login(users["reviewer"])
    response = client.post(PAGE, {"below": ""})
    assert response.status_code == 422
    assert "Give a score" in response.content.decode()
    assert states(links)["weak"] == S.SUGGESTED


@pytest.mark.parametrize("role", ["analyst", "annotator"])
def test_the_page_is_refused_to_who_may_not_review(client, users, links, role):
    client.force_login(users[role])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"below": "1"}).status_code == 403
    assert states(links)["weak"] == S.SUGGESTED


def test_the_page_needs_the_csrf_token(users, links):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["reviewer"])
    assert client.post(PAGE, {"below": "1"}).status_code == 403
    assert states(links)["weak"] == S.SUGGESTED


# --- the API ---------------------------------------------------------------------------------


def test_the_api_rejects_by_claim_and_score(users, links):
    response = client_for(users["reviewer"]).post(
        API, {"claim": "river", "below": 0.05}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"rejected": 2}
    assert states(links)["strong"] == S.SUGGESTED


def test_the_api_refuses_an_analyst_and_changes_nothing(users, links):
    response = client_for(users["analyst"]).post(API, {"below": 1.0}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    assert states(links)["weak"] == S.SUGGESTED


def test_the_api_refuses_an_empty_request_and_an_unknown_claim(users, links):
    client = client_for(users["reviewer"])
    assert client.post(API, {}, format="json").status_code == 400
    assert client.post(API, {"claim": "nope"}, format="json").status_code == 400


def test_a_link_shows_why_it_was_suggested_in_the_api(users, links):
    ClaimLink.objects.filter(pk=links["weak"].pk).update(reason="Shared words: river")
    client = client_for(users["analyst"])
    response = client.get(reverse("api:claimlink-detail", args=[links["weak"].pk]))
    assert response.json()["reason"] == "Shared words: river"
