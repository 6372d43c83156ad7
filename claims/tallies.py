"""The review progress page's stored tallies: statements per source, statements and claim
links per user who made them (the machine's suggestions as user 0), each by review state.

``ReviewTally`` holds a row per group with a column per state; the page reads them instead of
grouping every statement and link per request (claims/review_queue.py). Database triggers
(migration 0016) keep them true in the transaction of every write, whatever makes it: review
transitions, bulk loads, deletes, raw SQL. This module counts the same from scratch with the
ORM, to repair (``manage.py rebuild_tallies``) and to check the triggers against
(tests/claims/test_tallies.py).
"""

from django.db import connection, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce

from claims.models import ClaimLink, ReviewState, ReviewTally, Statement

STATES = ReviewState.values
K = ReviewTally.Kind
# What each kind counts: its items, and the field that names an item's group.
COUNTED = {
    K.SOURCE: (Statement, F("source_id")),
    K.STATEMENT_AUTHOR: (Statement, Coalesce("created_by_id", Value(ReviewTally.MACHINE))),
    K.LINK_AUTHOR: (ClaimLink, Coalesce("created_by_id", Value(ReviewTally.MACHINE))),
}


def counted() -> dict[tuple[str, int], dict[str, int]]:
    """Every group's counts by state, counted from the items now: {(kind, group id): counts}
    (a group without items has no entry)."""
    found = {}
    for kind, (model, group) in COUNTED.items():
        rows = (
            model.objects.order_by()
            .annotate(group=group)
            .values("group", "state")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts = found.setdefault((kind, row["group"]), dict.fromkeys(STATES, 0))
            counts[row["state"]] = row["n"]
    return found


def stored() -> dict[tuple[str, int], dict[str, int]]:
    """Every stored group with items, as ``counted()`` gives it (rows of zeros left out: the
    triggers keep a group's row after its last item goes)."""
    rows = ReviewTally.objects.exclude(**dict.fromkeys(STATES, 0)).values(
        "kind", "group_id", *STATES
    )
    return {(row["kind"], row["group_id"]): _counts(row) for row in rows}


@transaction.atomic
def rebuild() -> int:
    """Recount every group and store it; returns how many rows were wrong or missing. For
    repair: the triggers keep them true, unless someone turned them off."""
    if connection.vendor == "postgresql":
        # Writers of what is counted wait until the counts are stored, or an item added
        # between the count and the store would be lost. (SQLite: one writer.)
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE claims_statement, claims_claimlink IN SHARE MODE")
    counts = counted()
    rows = {
        (row["kind"], row["group_id"]): row
        for row in ReviewTally.objects.values("kind", "group_id", *STATES)
    }
    zero = dict.fromkeys(STATES, 0)
    wrong = [
        key
        for key in counts.keys() | rows.keys()
        if _counts(rows.get(key)) != counts.get(key, zero)
    ]
    ReviewTally.objects.bulk_create(
        [
            ReviewTally(kind=kind, group_id=group, **counts.get((kind, group), zero))
            for kind, group in wrong
        ],
        update_conflicts=True,
        unique_fields=["kind", "group_id"],
        update_fields=STATES,
        batch_size=1000,
    )
    return len(wrong)


def _counts(row) -> dict | None:
    return row and {state: row[state] for state in STATES}
