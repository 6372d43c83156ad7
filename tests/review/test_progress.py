"""Progress figures: counts by state per annotator and per source, the machine's precision."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import review, review_queue
from claims.models import ReviewState, Statement
from tests.factories import SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

S = ReviewState


def decide(statement, to_state, user):
    review.transition(statement, to_state, user=user, base_version=statement.version)


def test_machine_precision_is_the_share_of_decided_suggestions_accepted(users):
    made = StatementFactory.create_batch(4)  # created_by is None: the machine's
    for statement, verdict in zip(made[:3], [S.ACCEPTED, S.ACCEPTED, S.REJECTED], strict=True):
        decide(statement, verdict, users["reviewer"])
    by_hand = StatementFactory(created_by=users["annotator"], state=S.PROPOSED)
    decide(by_hand, S.REJECTED, users["reviewer"])

    precision = review_queue.machine_precision()
    assert (precision.accepted, precision.rejected) == (2, 1)
    assert precision.share == pytest.approx(2 / 3)


def test_precision_by_week_counts_decisions_in_the_week_they_were_made(users):
    statements = StatementFactory.create_batch(3)
    decide(statements[0], S.ACCEPTED, users["reviewer"])
    decide(statements[1], S.REJECTED, users["reviewer"])
    # An edit after the decision is not a second decision.
    review.edit(statements[0], {"cue": "stated"}, user=users["reviewer"], base_version=2)
    # Move the rejected suggestion's history back a week, as if it had all happened then.
    last_week = timezone.now() - timedelta(days=7)
    Statement.history.filter(id=statements[1].pk).update(history_date=last_week)

    weeks = review_queue.machine_precision_by_week()
    today = timezone.now().date()
    monday = today - timedelta(days=today.weekday())
    assert [(week, p.accepted, p.rejected) for week, p in weeks] == [
        (monday - timedelta(days=7), 0, 1),
        (monday, 1, 0),
    ]
    assert isinstance(weeks[0][0], date)


def test_counts_by_annotator_and_source(users):
    source = SourceFactory(title="Floods")
    StatementFactory(source=source, state=S.ACCEPTED)
    StatementFactory(source=source, created_by=users["annotator"], state=S.PROPOSED)
    StatementFactory(created_by=users["annotator"], state=S.PROPOSED)

    by_annotator = dict(review_queue.by_annotator())
    assert by_annotator["annotator"][S.PROPOSED] == 2
    assert by_annotator["machine"][S.ACCEPTED] == 1
    table, more = review_queue.by_source()
    by_source = {s["title"]: counts for s, counts in table}
    assert not more
    assert by_source["Floods"] == {
        S.SUGGESTED: 0,
        S.PROPOSED: 1,
        S.ACCEPTED: 1,
        S.REJECTED: 0,
        S.CHANGES_REQUESTED: 0,
    }


def test_progress_page_shows_the_figures(users, client):
    for statement, verdict in zip(
        StatementFactory.create_batch(4), [S.ACCEPTED] * 3 + [S.REJECTED], strict=True
    ):
        decide(statement, verdict, users["reviewer"])
    client.force_login(users["analyst"])
    content = client.get(reverse("claims:review_progress")).content.decode()
    assert "75%" in content
    assert "statements: 3 accepted of 4 decided" in content


def test_by_source_lists_the_sources_with_most_waiting_first_and_says_there_are_more():
    busy, quiet, done = SourceFactory(), SourceFactory(), SourceFactory()
    StatementFactory.create_batch(3, source=busy, state=S.SUGGESTED)
    StatementFactory(source=quiet, state=S.PROPOSED)
    StatementFactory.create_batch(5, source=done, state=S.ACCEPTED)

    table, more = review_queue.by_source(limit=2)

    assert [source["id"] for source, _ in table] == [busy.pk, quiet.pk]
    assert table[0][1][S.SUGGESTED] == 3
    assert more
    assert review_queue.by_source(limit=3)[1] is False


def test_a_suggestion_reopened_and_decided_again_counts_twice_and_edits_not_at_all(users):
    statement = StatementFactory()
    decide(statement, S.ACCEPTED, users["reviewer"])
    review.edit(statement, {"cue": "stated"}, user=users["reviewer"], base_version=2)
    statement.refresh_from_db()
    decide(statement, S.PROPOSED, users["admin"])  # reopened
    statement.refresh_from_db()
    decide(statement, S.REJECTED, users["reviewer"])
    by_hand = StatementFactory(created_by=users["annotator"], state=S.PROPOSED)
    decide(by_hand, S.ACCEPTED, users["reviewer"])

    ((_, week),) = review_queue.machine_precision_by_week()
    assert (week.accepted, week.rejected) == (1, 1)
