"""The review queue and its neighbours: what is waiting, what can be done to many items at
once (bulk accept, resolving a double annotation), progress figures, double annotation.

Every write here is a call to ``review.transition()``: the rules stay in claims/review.py.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from claims import review
from claims.agreement import Span, agreement
from claims.models import Claim, ClaimLink, ReviewState, Statement
from claims.review import REVIEW, permission_for

S = ReviewState
S_DECIDED = (S.ACCEPTED, S.REJECTED)
KINDS = {"statement": Statement, "claimlink": ClaimLink, "claim": Claim}
SELECT_RELATED = {
    Statement: ["source", "speaker", "created_by", "assignment__annotator"],
    ClaimLink: ["statement__source", "statement__speaker", "claim", "created_by"],
    Claim: ["created_by"],
}
_SOURCE = {Statement: "source", ClaimLink: "statement__source", Claim: "links__statement__source"}
_CLAIM = {Statement: "claim_links__claim__slug", ClaimLink: "claim__slug", Claim: "slug"}


@dataclass
class QueueFilters:
    kind: str = "statement"
    state: str = ""
    source: int | None = None
    claim: str = ""  # a claim's slug
    annotator: str = ""  # a username
    older_than_days: int | None = None


def waiting_states(user, model) -> list[str]:
    """Reviewers see what awaits a decision; annotators what was sent back and new suggestions."""
    if user.has_perm(permission_for(model, REVIEW)):
        return [S.PROPOSED, S.SUGGESTED]
    return [S.CHANGES_REQUESTED, S.SUGGESTED]


def queue(user, filters: QueueFilters):
    """Items waiting for ``user``, oldest first, narrowed by ``filters``."""
    model = KINDS[filters.kind]
    states = waiting_states(user, model)
    if filters.state in states:
        states = [filters.state]
    items = model.objects.filter(state__in=states).select_related(*SELECT_RELATED[model])
    if filters.source:
        items = items.filter(**{_SOURCE[model]: filters.source})
    if filters.claim:
        items = items.filter(**{_CLAIM[model]: filters.claim})
    if filters.annotator:
        items = items.filter(
            Q(created_by__username=filters.annotator)
            | (
                Q(assignment__annotator__username=filters.annotator)
                if model is Statement
                else Q(pk__in=[])
            )
        )
    if filters.older_than_days:
        items = items.filter(
            created_at__lte=timezone.now() - timedelta(days=filters.older_than_days)
        )
    if model is Claim and (filters.source or filters.claim):
        items = items.distinct()
    return items.order_by("created_at", "id")


# --- many at once, through review.transition ------------------------------------------------

CLEAN_CONFIDENCE = 0.8


def clean_suggestions(source) -> list[Statement]:
    """The machine's suggestions in ``source`` a reviewer may accept in bulk.

    Clean: still suggested, the speaker resolved, confidence unknown or at least
    ``CLEAN_CONFIDENCE``, and no other statement in the source overlapping its span.
    """
    statements = list(Statement.objects.for_source(source).order_by("start", "end"))
    overlapping = set()
    for i, first in enumerate(statements):
        for second in statements[i + 1 :]:
            if second.start >= first.end:
                break
            overlapping.update({first.pk, second.pk})
    return [
        s
        for s in statements
        if s.state == S.SUGGESTED
        and s.speaker_id is not None
        and (s.confidence is None or s.confidence >= CLEAN_CONFIDENCE)
        and s.pk not in overlapping
    ]


def bulk_accept_clean(source, *, user) -> list[Statement]:
    """Accept each clean suggestion of ``source``; one that changed meanwhile is left alone."""
    if not user.has_perm(permission_for(Statement, REVIEW)):
        raise review.TransitionNotAllowed("You may not accept statements.")
    accepted = []
    for statement in clean_suggestions(source):
        try:
            accepted.append(
                review.transition(
                    statement,
                    S.ACCEPTED,
                    user=user,
                    base_version=statement.version,
                    comment="Accepted in bulk: a clean suggestion.",
                )
            )
        except (review.StaleVersion, review.ItemClaimed):
            continue
    return accepted


def resolve(chosen, other, *, user, chosen_version: int, other_version: int | None = None):
    """Settle a double annotation: accept ``chosen`` and reject ``other``, if there is one."""
    with transaction.atomic():
        comment = f"Chosen in double annotation over statement {other.pk}." if other else ""
        chosen = review.transition(
            chosen, S.ACCEPTED, user=user, base_version=chosen_version, comment=comment
        )
        if other is not None:
            review.transition(
                other,
                S.REJECTED,
                user=user,
                base_version=other_version,
                comment=f"Statement {chosen.pk} chosen instead in double annotation.",
            )
    return chosen


# --- progress -------------------------------------------------------------------------------

MACHINE = "machine"  # how items nobody created by hand (created_by is null) are counted


def counts_by_state(model, group_by: str) -> dict:
    """{group value: {state: count}} for ``model``, grouped by a field path (one query)."""
    table: dict = defaultdict(lambda: dict.fromkeys(S.values, 0))
    rows = model.objects.values(group_by, "state").annotate(n=Count("id")).order_by()
    for row in rows:
        table[row[group_by]][row["state"]] = row["n"]
    return dict(table)


def by_annotator() -> list[tuple[str, dict]]:
    table = counts_by_state(Statement, "created_by__username")
    return sorted(((name or MACHINE), counts) for name, counts in table.items())


BY_SOURCE_MAX = 50  # sources on the progress page: those with the most statements waiting
WAITING = (S.SUGGESTED, S.PROPOSED, S.CHANGES_REQUESTED)


def by_source(limit: int = BY_SOURCE_MAX) -> tuple[list[tuple[dict, dict]], bool]:
    """The ``limit`` sources with the most statements still waiting for someone, with their
    counts by state, and whether other sources have statements too (two queries)."""
    from sources.models import Source

    per_state = {state: Count("id", filter=Q(state=state)) for state in S.values}
    rows = list(
        Statement.objects.values("source_id")
        .annotate(waiting=Count("id", filter=Q(state__in=WAITING)), **per_state)
        .order_by("-waiting", "source_id")[: limit + 1]
    )
    titles = dict(
        Source.objects.filter(pk__in=[row["source_id"] for row in rows]).values_list("pk", "title")
    )
    table = [
        (
            {
                "id": row["source_id"],
                "title": titles.get(row["source_id"]) or f"Source {row['source_id']}",
            },
            {state: row[state] for state in S.values},
        )
        for row in rows[:limit]
    ]
    return table, len(rows) > limit


@dataclass
class Precision:
    accepted: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.accepted + self.rejected

    @property
    def share(self) -> float | None:
        return self.accepted / self.decided if self.decided else None


def machine_precision(model=Statement) -> Precision:
    """Of the machine's suggestions reviewers decided, how many they accepted (one query)."""
    counts = dict(
        model.objects.filter(created_by__isnull=True, state__in=[S.ACCEPTED, S.REJECTED])
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Precision(counts.get(S.ACCEPTED, 0), counts.get(S.REJECTED, 0))


def machine_precision_by_week(model=Statement) -> list[tuple[date, Precision]]:
    """Reviewers' decisions on machine suggestions, by the week (Monday) they were made.

    Read from the audit trail: a decision is a history record whose state became accepted or
    rejected; a suggestion decided twice (reopened) counts in each week it was decided. The
    database finds them, each record in a decided state against the one before it: only the
    decisions leave it, not the history of every suggestion, which mostly nobody decided.
    """
    history = model.history.filter(created_by__isnull=True)
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    before = (
        model.history.filter(earlier, id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("state")[:1]
    )
    moves = (
        history.filter(state__in=S_DECIDED)
        .annotate(before=Subquery(before))
        .filter(before__isnull=False)
        .exclude(before=F("state"))
        .values_list("state", "history_date")
    )
    weeks: dict[date, Precision] = defaultdict(lambda: Precision(0, 0))
    for state, at in moves:
        day = timezone.localdate(at)
        week = weeks[day - timedelta(days=day.weekday())]
        if state == S.ACCEPTED:
            week.accepted += 1
        else:
            week.rejected += 1
    return sorted(weeks.items())


# --- double annotation ----------------------------------------------------------------------


@dataclass
class Comparison:
    a: object  # Assignment
    b: object
    result: object  # agreement.Agreement; spans carry their Statement as .key


def compare(source) -> Comparison | None:
    """The first two assignments of ``source``, their statements paired and their agreement."""
    assignments = list(source.assignments.select_related("annotator").order_by("created_at", "id"))
    if len(assignments) < 2:
        return None
    a, b = assignments[:2]
    spans = {a.pk: [], b.pk: []}
    statements = Statement.objects.filter(assignment__in=[a, b]).select_related("speaker")
    for statement in statements.order_by("start", "end"):
        spans[statement.assignment_id].append(
            Span(statement.start, statement.end, statement.speaker_id, key=statement)
        )
    return Comparison(a, b, agreement(spans[a.pk], spans[b.pk]))
