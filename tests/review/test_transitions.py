"""Every move between review states, for every role and every reviewable kind of item."""

import itertools

import pytest

from claims import review
from claims.models import ReviewState
from tests.factories import ClaimFactory, ClaimLinkFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ReviewState
SUG, PROP, ACC, REJ, CR = S.SUGGESTED, S.PROPOSED, S.ACCEPTED, S.REJECTED, S.CHANGES_REQUESTED

# Written out by hand from docs/review.md, not derived from review.TRANSITIONS.
ANNOTATOR_MOVES = {(SUG, PROP), (CR, PROP)}
REVIEWER_MOVES = ANNOTATOR_MOVES | {
    (SUG, ACC),
    (SUG, REJ),
    (SUG, CR),
    (PROP, ACC),
    (PROP, REJ),
    (PROP, CR),
    (CR, REJ),
}
ADMIN_MOVES = REVIEWER_MOVES | {(ACC, PROP), (REJ, PROP)}
ALLOWED = {"analyst": set(), "annotator": ANNOTATOR_MOVES, "reviewer": REVIEWER_MOVES}
ALLOWED["admin"] = ADMIN_MOVES

FACTORIES = {"statement": StatementFactory, "claimlink": ClaimLinkFactory, "claim": ClaimFactory}
PAIRS = [(a, b) for a, b in itertools.permutations(S.values, 2)]
CASES = [
    pytest.param(role, kind, frm, to, id=f"{role}-{kind}-{frm}-{to}")
    for role in ALLOWED
    for kind in FACTORIES
    for frm, to in PAIRS
]


@pytest.mark.parametrize(("role", "kind", "frm", "to"), CASES)
def test_transition_table(users, role, kind, frm, to):
    item = FACTORIES[kind](state=frm)
    before = review.history_for(item)
    if (frm, to) in ALLOWED[role]:
        moved = review.transition(item, to, user=users[role], base_version=1, comment="why")
        item.refresh_from_db()
        assert (item.state, item.version) == (to, 2) == (moved.state, moved.version)
        assert review.history_for(item)[-1]["user"] == role
    else:
        with pytest.raises(review.TransitionNotAllowed) as refused:
            review.transition(item, to, user=users[role], base_version=1, comment="why")
        in_table = (frm, to) in ADMIN_MOVES
        assert refused.value.status_code == (403 if in_table else 400)
        item.refresh_from_db()
        assert (item.state, item.version) == (frm, 1)
        assert review.history_for(item) == before


def test_allowed_transitions_lists_what_the_user_may_do(users):
    statement = StatementFactory(state=PROP)
    assert review.allowed_transitions(statement, users["annotator"]) == []
    assert set(review.allowed_transitions(statement, users["reviewer"])) == {ACC, REJ, CR}


def test_sending_back_needs_a_comment(users):
    statement = StatementFactory(state=PROP)
    with pytest.raises(review.TransitionNotAllowed) as refused:
        review.transition(statement, CR, user=users["reviewer"], base_version=1, comment="  ")
    assert refused.value.status_code == 400
    statement.refresh_from_db()
    assert statement.state == PROP


def test_unknown_state_is_refused(users):
    statement = StatementFactory(state=PROP)
    with pytest.raises(review.TransitionNotAllowed) as refused:
        review.transition(statement, "approved", user=users["reviewer"], base_version=1)
    assert refused.value.status_code == 400


def test_superuser_may_do_every_move_in_the_table(users):
    boss = UserFactory(is_superuser=True)
    statement = StatementFactory(state=ACC)
    review.transition(statement, PROP, user=boss, base_version=1)
    assert statement.state == PROP


def test_transition_on_a_stale_version_is_refused_with_what_changed(users):
    statement = StatementFactory(state=SUG, cue="said")
    review.edit(statement, {"cue": "told"}, user=users["annotator"], base_version=1)
    with pytest.raises(review.StaleVersion) as conflict:
        review.transition(statement, ACC, user=users["reviewer"], base_version=1)
    assert conflict.value.status_code == 409
    assert conflict.value.current_version == 2
    assert conflict.value.changed == {"cue": {"base": "said", "current": "told"}}
    statement.refresh_from_db()
    assert (statement.state, statement.version) == (SUG, 2)


def test_refused_permission_wins_over_a_stale_version(users):
    statement = StatementFactory(state=PROP)
    with pytest.raises(review.TransitionNotAllowed):
        review.transition(statement, ACC, user=users["annotator"], base_version=7)


def test_a_review_claim_keeps_other_reviewers_off_the_item(users):
    other = UserFactory(role="reviewer")
    statement = StatementFactory(state=PROP)
    review.claim_for_review(statement, user=users["reviewer"])
    with pytest.raises(review.ItemClaimed) as claimed:
        review.claim_for_review(statement, user=other)
    assert "reviewer is reviewing this" in claimed.value.message
    with pytest.raises(review.ItemClaimed):
        review.transition(statement, ACC, user=other, base_version=1)
    review.transition(statement, ACC, user=users["reviewer"], base_version=1)
    assert review.review_claims_by_pk(type(statement), [statement.pk]) == {}


def test_an_expired_review_claim_can_be_taken_over(users):
    other = UserFactory(role="reviewer")
    statement = StatementFactory(state=PROP)
    review.claim_for_review(statement, user=users["reviewer"], minutes=-1)
    claim = review.claim_for_review(statement, user=other)
    assert claim.reviewer == other


def test_annotators_cannot_claim_items_for_review(users):
    with pytest.raises(review.TransitionNotAllowed):
        review.claim_for_review(StatementFactory(state=PROP), user=users["annotator"])


def test_deciding_what_a_colleague_just_decided_is_a_conflict_not_a_bad_move(users):
    statement = StatementFactory(state=PROP)
    review.transition(statement, REJ, user=users["reviewer"], base_version=1)
    with pytest.raises(review.StaleVersion) as conflict:
        review.transition(statement, ACC, user=users["admin"], base_version=1)
    assert conflict.value.changed == {"state": {"base": PROP, "current": REJ}}
