"""Two clients edit the same statement at the same moment: one wins, the other gets the conflict.

Real concurrency: each client is a thread with its own database connection, both read the same
version before either writes, and the first writer holds its transaction open while the second
tries — on PostgreSQL the second UPDATE waits for the row, on SQLite for the write lock.
"""

import threading
import time

import pytest
from django.db import connection

from claims import review
from claims.models import ReviewState, Statement
from tests.factories import StatementFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_concurrently(statement_pk, writes, users, monkeypatch):
    """Each write (a function of the statement and user) runs in its own thread, after all
    have read the statement; returns each one's outcome: "saved" or the StaleVersion."""
    read_done = threading.Barrier(len(writes))
    first_in = threading.Lock()
    outcomes = {}

    real_save = Statement.save

    def slow_save(self, *args, **kwargs):
        # Whoever gets to save first keeps its transaction (and the row) a while longer.
        if first_in.acquire(blocking=False):
            time.sleep(0.3)
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Statement, "save", slow_save)

    def client(name, write):
        try:
            statement = Statement.objects.get(pk=statement_pk)
            read_done.wait()
            write(statement, users[name])
            outcomes[name] = "saved"
        except review.StaleVersion as conflict:
            outcomes[name] = conflict
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=item) for item in writes.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def one_saved_one_refused(outcomes):
    """The name of the client whose write was saved, and the conflict the other one got."""
    assert sorted(o if o == "saved" else "conflict" for o in outcomes.values()) == [
        "conflict",
        "saved",
    ]
    winner = next(name for name, o in outcomes.items() if o == "saved")
    conflict = next(o for o in outcomes.values() if o != "saved")
    return winner, conflict


def edit_with(changes):
    return lambda statement, user: review.edit(
        statement, changes, user=user, base_version=statement.version
    )


def move_to(state):
    return lambda statement, user: review.transition(
        statement, state, user=user, base_version=statement.version
    )


def test_two_concurrent_edits_one_wins_the_other_gets_the_conflict(monkeypatch):
    users = {"alice": UserFactory(role="annotator"), "bob": UserFactory(role="annotator")}
    statement = StatementFactory(cue="said", speaker_mention="the minister")
    outcomes = run_concurrently(
        statement.pk,
        {
            "alice": edit_with({"cue": "warned"}),
            "bob": edit_with({"speaker_mention": "Jana Novak"}),
        },
        users,
        monkeypatch,
    )

    winner, conflict = one_saved_one_refused(outcomes)
    winning_change = {
        "alice": ("cue", "said", "warned"),
        "bob": ("speaker_mention", "the minister", "Jana Novak"),
    }
    field, old, new = winning_change[winner]

    stored = Statement.objects.get(pk=statement.pk)
    assert stored.version == 2
    assert getattr(stored, field) == new
    # The loser is told exactly what the winner changed, and nothing of the loser was applied.
    assert conflict.current_version == 2
    assert conflict.changed == {field: {"base": old, "current": new}}
    loser_field = "speaker_mention" if field == "cue" else "cue"
    assert getattr(stored, loser_field) == getattr(statement, loser_field)
    # The winner's change is in the history, once.
    history = review.history_for(stored)
    assert [(h["version"], h["user"]) for h in history] == [(1, None), (2, users[winner].username)]


def test_two_reviewers_deciding_at_once_one_decision_stands(monkeypatch):
    users = {"rita": UserFactory(role="reviewer"), "rob": UserFactory(role="reviewer")}
    statement = StatementFactory(state=ReviewState.PROPOSED)
    outcomes = run_concurrently(
        statement.pk,
        {"rita": move_to(ReviewState.ACCEPTED), "rob": move_to(ReviewState.REJECTED)},
        users,
        monkeypatch,
    )
    winner, conflict = one_saved_one_refused(outcomes)
    stored = Statement.objects.get(pk=statement.pk)
    expected = {"rita": ReviewState.ACCEPTED, "rob": ReviewState.REJECTED}[winner]
    assert (stored.state, stored.version) == (expected, 2)
    assert conflict.changed == {"state": {"base": ReviewState.PROPOSED, "current": expected}}
    assert [h["to_state"] for h in review.history_for(stored)] == [ReviewState.PROPOSED, expected]
