"""The review progress page's stored tallies: statements per source, statements and claim
links per user who made them (the machine's suggestions as user 0), each by review state;
and reviewers' decisions on the machine's suggested statements by week.

``ReviewTally`` holds a row per group with a column per state, ``WeeklyDecisions`` a row per
week; the page reads them instead of grouping every statement and link, and reading the
statement history, per request (claims/review_queue.py). Database triggers
(migration 0017) keep them true in the transaction of every write, whatever makes it: review
transitions, bulk loads, deletes, raw SQL. This module counts the same from scratch with the
ORM, to repair (``manage.py rebuild_tallies``) and to check the triggers against
(tests/claims/test_tallies.py).
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Mod
from django.utils import timezone

from claims.models import ClaimLink, ReviewState, ReviewTally, Statement, WeeklyDecisions

STATES = ReviewState.values
K = ReviewTally.Kind
AUTHOR = Coalesce("created_by_id", Value(ReviewTally.MACHINE))
NO_SHARD = Value(0)
# What each kind counts: its items, the field that names an item's group, and its shard.
COUNTED = {
    K.SOURCE: (Statement, F("source_id"), NO_SHARD),
    K.STATEMENT_AUTHOR: (Statement, AUTHOR, Mod("source_id", ReviewTally.SHARDS)),
    K.LINK_AUTHOR: (ClaimLink, AUTHOR, NO_SHARD),
}
Key = tuple[str, int, int]  # (kind, group id, shard): a row of ReviewTally


def counted() -> dict[Key, dict[str, int]]:
    """Every group's counts by state, counted from the items now: {(kind, group id, shard):
    counts} (a group without items has no entry)."""
    found = {}
    for kind, (model, group, shard) in COUNTED.items():
        rows = (
            model.objects.order_by()
            .annotate(group=group, part=shard)
            .values("group", "part", "state")
            .annotate(n=Count("id"))
        )
        for row in rows:
            key = (kind, row["group"], row["part"])
            counts = found.setdefault(key, dict.fromkeys(STATES, 0))
            counts[row["state"]] = row["n"]
    return found


def stored() -> dict[Key, dict[str, int]]:
    """Every stored group with items, as ``counted()`` gives it (rows of zeros left out: the
    triggers keep a group's row after its last item goes)."""
    rows = ReviewTally.objects.exclude(**dict.fromkeys(STATES, 0))
    rows = rows.values("kind", "group_id", "shard", *STATES)
    return {(row["kind"], row["group_id"], row["shard"]): _counts(row) for row in rows}


DECIDED = [ReviewState.ACCEPTED, ReviewState.REJECTED]


def counted_weeks() -> dict[date, dict[str, int]]:
    """Reviewers' decisions on the machine's suggested statements by week (its Monday), read
    from the whole statement history: each record of a statement nobody made by hand, in
    accepted or rejected, whose record before it (by date, then id) is in another state."""
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    before = (
        Statement.history.filter(earlier, id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("state")[:1]
    )
    moves = (
        Statement.history.filter(created_by__isnull=True, state__in=DECIDED)
        .annotate(before=Subquery(before))
        .filter(before__isnull=False)
        .exclude(before=F("state"))
        .values_list("state", "history_date")
    )
    weeks = defaultdict(lambda: dict.fromkeys(DECIDED, 0))
    for state, at in moves:
        day = timezone.localdate(at)
        weeks[day - timedelta(days=day.weekday())][state] += 1
    return dict(weeks)


def stored_weeks() -> dict[date, dict[str, int]]:
    """The stored weeks with decisions, as ``counted_weeks()`` gives them."""
    rows = WeeklyDecisions.objects.exclude(accepted=0, rejected=0)
    return {row["week"]: _counts(row, DECIDED) for row in rows.values("week", *DECIDED)}


@transaction.atomic
def rebuild() -> int:
    """Recount every group and week and store them; returns how many rows were wrong or
    missing. For repair: the triggers keep them true, unless someone turned them off."""
    if connection.vendor == "postgresql":
        # Writers of what is counted wait until the counts are stored, or an item added
        # between the count and the store would be lost. (SQLite: one writer.)
        with connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE claims_statement, claims_claimlink, claims_historicalstatement "
                "IN SHARE MODE"
            )
    return _rebuild_groups() + _rebuild_weeks()


def _rebuild_weeks() -> int:
    counts = counted_weeks()
    rows = {row["week"]: row for row in WeeklyDecisions.objects.values("week", *DECIDED)}
    zero = dict.fromkeys(DECIDED, 0)
    wrong = [
        week
        for week in counts.keys() | rows.keys()
        if _counts(rows.get(week), DECIDED) != counts.get(week, zero)
    ]
    WeeklyDecisions.objects.bulk_create(
        [WeeklyDecisions(week=week, **counts.get(week, zero)) for week in wrong],
        update_conflicts=True,
        unique_fields=["week"],
        update_fields=DECIDED,
    )
    return len(wrong)


def _rebuild_groups() -> int:
    counts = counted()
    rows = {
        (row["kind"], row["group_id"], row["shard"]): row
        for row in ReviewTally.objects.values("kind", "group_id", "shard", *STATES)
    }
    zero = dict.fromkeys(STATES, 0)
    wrong = [
        key
        for key in counts.keys() | rows.keys()
        if _counts(rows.get(key)) != counts.get(key, zero)
    ]
    ReviewTally.objects.bulk_create(
        [
            ReviewTally(kind=k, group_id=g, shard=sh, **counts.get((k, g, sh), zero))
            for k, g, sh in wrong
        ],
        update_conflicts=True,
        unique_fields=["kind", "group_id", "shard"],
        update_fields=STATES,
        batch_size=1000,
    )
    return len(wrong)


def _counts(row, states=STATES) -> dict | None:
    return row and {state: row[state] for state in states}
