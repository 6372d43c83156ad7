"""The claim page, the provenance API, the CSV, ClaimReview and the W3C export give one
answer: review decisions in random order (seeded), and after each the five agree on the
set, order and dates of the claim's statements, and rejected ones count nowhere."""

import csv
import io
import random
import re

import pytest

from claims.models import Claim, ReviewState
from tests.api.conftest import client_for
from tests.claims.test_sample_claims import sample  # noqa: F401 (a fixture)
from tests.factories import UserFactory, rating

pytestmark = pytest.mark.django_db

S = ReviewState
STATEMENT_ID = re.compile(r"/statements/(\d+)/")


def counted(claim) -> set[int]:
    """What should count, read straight from the rows: neither link nor statement rejected."""
    return {
        link.statement_id
        for link in claim.links.select_related("statement")
        if S.REJECTED not in (link.state, link.statement.state)
    }


def on_page(client, claim) -> dict:
    html = client.get(claim.get_absolute_url()).content.decode()
    entries = re.findall(
        r'<li data-statement="(\d+)" data-basis="([^"]*)">\s*'
        r'<p class="timeline-when">(?:<time datetime="([\d-]+)")?',
        html,
    )
    earliest = re.search(r'id="earliest-heading".*?\?statement=(\d+)', html, re.S)
    count = re.search(r"· (\d+) statements?", html)
    return {
        "order": [int(pk) for pk, _, _ in entries],
        "dates": {int(pk): (day or None, basis) for pk, basis, day in entries},
        "earliest": int(earliest[1]) if earliest else None,
        "count": int(count[1]),
    }


def from_api(api, claim) -> dict:
    found = api.get(f"/api/claims/{claim.slug}/provenance/").json()
    rows = found["statements"]
    return {
        "order": [row["id"] for row in rows],
        "dates": {row["id"]: (row["date"], row["date_basis"]) for row in rows},
        "said": {row["id"]: _said(row["said_on"], row["said_on_inferred"]) for row in rows},
        "earliest": found["earliest"],
    }


def from_csv(api, claim) -> dict:
    response = api.get("/api/statements/csv/", {"claim": claim.slug})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    return {
        "order": [int(row["id"]) for row in rows],
        "dates": {int(row["id"]): (row["date"] or None, row["date_basis"]) for row in rows},
        "said": {
            int(row["id"]): _said(row["said_on"] or None, row["said_on_inferred"] == "True")
            for row in rows
        },
    }


def claim_item(api, claim) -> dict:
    """The export's schema.org Claim: the ClaimReview's ``itemReviewed`` when the claim has
    a published verdict, the export itself otherwise."""
    found = api.get(f"/api/claims/{claim.slug}/claimreview/").json()
    verdict = claim.assessments.published().filter(rating__isnull=False).exists()
    assert found["@type"] == ("ClaimReview" if verdict else "Claim")
    return found["itemReviewed"] if verdict else found


def from_claimreview(api, claim) -> dict:
    review = claim_item(api, claim)
    appearances = review["appearance"]
    ids = [int(STATEMENT_ID.search(a["identifier"])[1]) for a in appearances]
    first = review.get("firstAppearance")
    return {
        "order": ids,
        "said": {
            pk: _said(a.get("saidOn"), a.get("saidOnInferred", False))
            for pk, a in zip(ids, appearances, strict=True)
        },
        "basis": {pk: a["dateBasis"] for pk, a in zip(ids, appearances, strict=True)},
        "earliest": int(STATEMENT_ID.search(first["identifier"])[1]) if first else None,
    }


def from_annotations(api, claim) -> dict:
    items = api.get(f"/api/claims/{claim.slug}/annotations/").json()["items"]
    ids = [int(STATEMENT_ID.search(a["id"])[1]) for a in items]
    return {
        "order": ids,
        "said": {
            pk: _said(a.get("saidOn"), a.get("saidOnInferred", False))
            for pk, a in zip(ids, items, strict=True)
        },
        "basis": {pk: a["dateBasis"] for pk, a in zip(ids, items, strict=True)},
    }


def _said(day, inferred) -> tuple:
    return (day, bool(inferred) if day else False)


def assert_all_agree(client, api, claim, step):
    page, found = on_page(client, claim), from_api(api, claim)
    table, review, annotations = from_csv(api, claim), from_claimreview(api, claim), None
    annotations = from_annotations(api, claim)
    live = counted(claim)
    assert set(found["order"]) == live, step
    assert page["count"] == len(live), step
    for name, export in [("page", page), ("csv", table), ("claimreview", review)]:
        assert export["order"] == found["order"], (step, name)
    assert annotations["order"] == found["order"], (step, "annotations")
    assert page["dates"] == found["dates"] == table["dates"], step
    assert table["said"] == found["said"] == review["said"] == annotations["said"], step
    basis = {pk: b for pk, (_, b) in found["dates"].items()}
    assert review["basis"] == annotations["basis"] == basis, step
    assert page["earliest"] == found["earliest"] == review["earliest"], step


def publish_verdict(api, claim):
    body = {"claim": claim.slug, "summary": "No evidence of it.", "rating": rating("False").pk}
    proposed = api.post("/api/assessments/", body, format="json").json()
    moved = api.post(
        f"/api/assessments/{proposed['id']}/transition/",
        {"to_state": S.ACCEPTED, "version": proposed["version"]},
        format="json",
    )
    assert moved.status_code == 200, moved.json()


def decide(api, rng: random.Random, claim) -> str:
    """One review decision on one of the claim's statements or links, as a person makes it
    through the API; says what it did."""
    links = list(claim.links.select_related("statement__speaker").order_by("id"))
    if not links:
        return "nothing left to decide"
    link = rng.choice(links)
    statement = link.statement
    item, path = rng.choice(
        [(statement, f"/api/statements/{statement.pk}/"), (link, f"/api/claim-links/{link.pk}/")]
    )
    move = rng.choice(["accept", "reject", "send back", "reopen", "delete", "merge"])
    if move == "delete":
        assert api.delete(path).status_code == 204
    elif (
        move == "merge"
    ):  # the speaker into another of the claim's speakers, statement by statement
        others = {
            other.statement.speaker
            for other in links
            if other.statement.speaker not in (None, statement.speaker)
        }
        if not statement.speaker or not others:
            return f"no merge for {statement.pk}"
        into = min(others, key=lambda speaker: speaker.pk)
        for moved in statement.speaker.statements.all():
            body = {"speaker": into.pk, "version": moved.version, "comment": "same person"}
            response = api.patch(f"/api/statements/{moved.pk}/", body, format="json")
            assert response.status_code == 200, response.json()
        alias = {"name": statement.speaker.name}
        assert api.post(f"/api/speakers/{into.slug}/aliases/", alias).status_code == 201
    else:
        to_state = {
            "accept": S.ACCEPTED,
            "reject": S.REJECTED,
            "send back": S.CHANGES_REQUESTED,
            "reopen": S.PROPOSED,
        }[move]
        body = {"to_state": to_state, "version": item.version, "comment": "checked"}
        response = api.post(f"{path}transition/", body, format="json")
        if response.status_code == 400:  # no such move from its state
            return f"{move} refused for {item!r}"
        assert response.status_code == 200, response.json()
    return f"{move} {type(item).__name__} {item.pk}"


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_every_view_of_a_claims_provenance_agrees_through_review(client, sample, seed):  # noqa: F811
    admin = UserFactory(username="dana", role="admin")
    client.force_login(admin)
    api = client_for(admin)
    claim = Claim.objects.get(slug="foreign-interference")
    rng = random.Random(seed)
    if seed % 2:  # with a published verdict the export is a ClaimReview of the same Claim
        publish_verdict(api, claim)
    assert_all_agree(client, api, claim, "before any decision")
    for _ in range(12):
        step = decide(api, rng, claim)
        assert_all_agree(client, api, claim, step)


def test_nobody_has_reviewed_goes_once_someone_reviews_a_statement(client, sample):  # noqa: F811
    reviewer = UserFactory(username="carol", role="reviewer")
    client.force_login(reviewer)
    api = client_for(reviewer)
    claim = Claim.objects.get(slug="foreign-interference")
    nobody = "nobody has reviewed this claim"
    assert nobody in client.get(claim.get_absolute_url()).content.decode()
    statement = claim.links.order_by("id").first().statement
    body = {"to_state": S.ACCEPTED, "version": statement.version}
    assert api.post(f"/api/statements/{statement.pk}/transition/", body).status_code == 200
    assert nobody not in client.get(claim.get_absolute_url()).content.decode()


def test_the_accepted_only_view_keeps_statements_accepted_with_their_link(client, sample):  # noqa: F811
    reviewer = UserFactory(username="carol", role="reviewer")
    client.force_login(reviewer)
    api = client_for(reviewer)
    claim = Claim.objects.get(slug="foreign-interference")
    both, statement_only = claim.links.order_by("id")[:2]
    for item, path in [
        (both.statement, f"/api/statements/{both.statement_id}/"),
        (both, f"/api/claim-links/{both.pk}/"),
        (statement_only.statement, f"/api/statements/{statement_only.statement_id}/"),
    ]:
        body = {"to_state": S.ACCEPTED, "version": item.version}
        assert api.post(f"{path}transition/", body).status_code == 200
    found = api.get(f"/api/claims/{claim.slug}/provenance/", {"accepted": "true"}).json()
    assert [row["id"] for row in found["statements"]] == [both.statement_id]
    page = client.get(claim.get_absolute_url(), {"accepted": "1"}).content.decode()
    assert re.search(r"· 1 statement\s", page)
    refused = api.get(f"/api/claims/{claim.slug}/provenance/", {"accepted": "maybe"})
    assert refused.status_code == 400
    assert "accepted" in refused.json()["error"]["fields"]


def test_the_page_and_claimreview_name_the_same_earliest_on_the_demo(client, sample):  # noqa: F811
    """The page named Tokayev (5 January) earliest; ClaimReview listed BelTA (7 January)
    first, ordered by publication date."""
    client.force_login(UserFactory(username="alice", role="analyst"))
    api = client_for(UserFactory(username="alice"))
    claim = Claim.objects.get(slug="foreign-interference")
    review = claim_item(api, claim)
    first = review["firstAppearance"]
    assert first["author"]["name"] == "Kassym-Jomart Tokayev"
    assert first["saidOn"].endswith("-01-05")
    assert first == review["appearance"][0]
    assert int(STATEMENT_ID.search(first["identifier"])[1]) == on_page(client, claim)["earliest"]
