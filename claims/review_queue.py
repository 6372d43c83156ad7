"""The review queue and its neighbours: what is waiting, what can be done to many items at
once (bulk accept, resolving a double annotation), progress figures, double annotation.

Every write here is a call to ``review.transition()``: the rules stay in claims/review.py.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Greatest, Substr
from django.utils import timezone

from claims import review
from claims.agreement import Span, agreement
from claims.matching.text import sentence_span
from claims.models import (
    WAITING_STATES,
    Claim,
    ClaimLink,
    ReviewState,
    ReviewTally,
    Speaker,
    Statement,
    WeeklyDecisions,
)
from claims.review import REVIEW, permission_for
from sources.models import Source

S = ReviewState
KINDS = {"statement": Statement, "claimlink": ClaimLink, "claim": Claim}
SELECT_RELATED = {
    Statement: ["source", "speaker", "created_by", "assignment__annotator"],
    ClaimLink: ["statement__source", "statement__speaker", "claim", "created_by"],
    Claim: ["created_by"],
}
_SOURCE = {Statement: "source", ClaimLink: "statement__source", Claim: "links__statement__source"}
_CLAIM = {Statement: "claim_links__claim__slug", ClaimLink: "claim__slug", Claim: "slug"}


ORIGINS = {"human": "People's proposals", "machine": "The machine's suggestions"}
SORTS = {
    "human": "People's proposals first",
    "oldest": "Oldest first",
    "newest": "Newest first",
    "score": "Highest score first",
}
COUNT_CAP = 1000  # the queue counts up to this many, then says "more than"
CONTEXT_CHARS = 400  # of the source read around an item, each side, to find its sentence
_TEXT = {Statement: "source__text", ClaimLink: "statement__source__text"}
_SPAN = {Statement: "", ClaimLink: "statement__"}
_SCORE = {Statement: "confidence", ClaimLink: "score"}
_SPEAKER = {
    Statement: "speaker",
    ClaimLink: "statement__speaker",
    Claim: "links__statement__speaker",
}
# What a row shows of its source: never the text (megabytes), read around the span instead.
_DEFER = {
    Statement: ["source__text", "source__raw"],
    ClaimLink: ["statement__source__text", "statement__source__raw"],
    Claim: [],
}


@dataclass
class QueueFilters:
    kind: str = "statement"
    state: str = ""
    origin: str = ""  # "human" (made by someone) or "machine"
    sort: str = "human"
    source: int | None = None  # a source's id (the reader and progress pages link so)
    source_title: str = ""  # words of a source's title
    claim: str = ""  # a claim's slug, or words of its text
    speaker: str = ""  # a speaker's name or alias
    annotator: str = ""  # a username
    min_score: float | None = None
    older_than_days: int | None = None


def waiting_states(user, model) -> list[str]:
    """Reviewers see what awaits a decision; annotators what was sent back and new suggestions;
    those who may do neither (analysts) everything still waiting, read only."""
    if user.has_perm(permission_for(model, REVIEW)):
        return [S.PROPOSED, S.SUGGESTED]
    if user.has_perm(permission_for(model, review.ANNOTATE)):
        return [S.CHANGES_REQUESTED, S.SUGGESTED]
    return list(WAITING_STATES)


def queue(user, filters: QueueFilters):
    """Items waiting for ``user``, narrowed by ``filters``, in ``filters.sort`` order (people's
    proposals first by default: the machine's suggestions are many and mostly noise)."""
    model = KINDS[filters.kind]
    states = waiting_states(user, model)
    if filters.state in states:
        states = [filters.state]
    items = shown(model.objects.filter(state__in=states))
    if filters.origin in ORIGINS:
        items = items.filter(created_by__isnull=filters.origin == "machine")
    if filters.source:
        items = items.filter(**{_SOURCE[model]: filters.source})
    if filters.source_title:
        sources = Source.objects.filter(title__icontains=filters.source_title).values("pk")
        items = items.filter(**{f"{_SOURCE[model]}__in": sources})
    if filters.claim:
        claims = Claim.objects.filter(Q(slug=filters.claim) | Q(text__icontains=filters.claim))
        if model is Claim:
            items = items.filter(pk__in=claims.values("pk"))
        else:
            linked = ClaimLink.objects.filter(claim__in=claims.values("pk"))
            if model is Statement:
                items = items.filter(pk__in=linked.values("statement_id"))
            else:
                items = items.filter(pk__in=linked.values("pk"))
    if filters.speaker:
        speakers = Speaker.objects.filter(
            Q(name__icontains=filters.speaker) | Q(aliases__name__icontains=filters.speaker)
        ).values("pk")
        items = items.filter(**{f"{_SPEAKER[model]}__in": speakers})
    if filters.annotator:
        items = items.filter(
            Q(created_by__username=filters.annotator)
            | (
                Q(assignment__annotator__username=filters.annotator)
                if model is Statement
                else Q(pk__in=[])
            )
        )
    if filters.min_score is not None and model in _SCORE:
        items = items.filter(**{f"{_SCORE[model]}__gte": filters.min_score})
    if filters.older_than_days:
        items = items.filter(
            created_at__lte=timezone.now() - timedelta(days=filters.older_than_days)
        )
    if model is Claim and (filters.source or filters.source_title or filters.speaker):
        items = items.distinct()
    return items.order_by(*_ordering(model, filters.sort))


def shown(items):
    """``items`` (statements, claim links or claims) with what a row shows: related rows
    (not the source's text) and a statement's waiting claim links; ``attach_context`` adds
    the text around each span once the page is known."""
    model = items.model
    items = items.select_related(*SELECT_RELATED[model]).defer(*_DEFER[model])
    if model is Statement:
        items = items.prefetch_related(
            Prefetch(
                "claim_links",
                queryset=ClaimLink.objects.filter(state__in=[S.SUGGESTED, S.PROPOSED])
                .select_related("claim")
                .order_by(F("score").desc(nulls_last=True), "id"),
                to_attr="waiting_links",
            )
        )
    return items


def _ordering(model, sort: str) -> list:
    if sort == "newest":
        return ["-created_at", "-id"]
    if sort == "score" and model in _SCORE:
        return [F(_SCORE[model]).desc(nulls_last=True), "created_at", "id"]
    if sort == "oldest":
        return ["created_at", "id"]
    return [F("created_by_id").asc(nulls_last=True), "created_at", "id"]  # people's first


def attach_context(items) -> list:
    """Read the text around each item's span (``context``, from ``context_start``), for the
    page's items only, in one query: computed in the queue's own query, it would read the
    text of every waiting item's source before sorting them."""
    items = list(items)
    model = type(items[0]) if items else None
    if model not in _TEXT:
        return items
    span = _SPAN[model]
    rows = model.objects.filter(pk__in=[item.pk for item in items]).annotate(
        context_start=Greatest(F(f"{span}start") - CONTEXT_CHARS, 0),
        context=Substr(
            _TEXT[model],
            F("context_start") + 1,
            F(f"{span}end") - F("context_start") + CONTEXT_CHARS,
        ),
    )
    found = {
        pk: (start, text) for pk, start, text in rows.values_list("pk", "context_start", "context")
    }
    for item in items:
        item.context_start, item.context = found.get(item.pk, (0, None))
    return items


def in_sentence(item) -> tuple[str, str, str] | None:
    """The item's statement in its sentence: (before, the statement's words, after), from the
    ``context`` ``attach_context()`` read around it; None for a claim."""
    context = getattr(item, "context", None)
    if context is None:
        return None
    statement = item.statement if isinstance(item, ClaimLink) else item
    start, end = statement.start - item.context_start, statement.end - item.context_start
    left, right = sentence_span(context, start, end)
    return context[left:start], context[start:end], context[end:right]


def count_waiting(items) -> int:
    """How many items wait, counted up to ``COUNT_CAP + 1``: more is "more than 1,000"."""
    return items.order_by().values("pk")[: COUNT_CAP + 1].count()


def count_text(count: int) -> str:
    """A ``count_waiting()`` figure as the pages say it: "1,000", or "more than 1,000"."""
    return f"more than {COUNT_CAP:,}" if count > COUNT_CAP else f"{count:,}"


def suggestions_waiting(user) -> str | None:
    """How many claim-link suggestions wait on the suggestions page, as ``count_text()``
    says it (one bounded count), for those who may reject them there; None for others."""
    if not user.has_perm(permission_for(ClaimLink, REVIEW)):
        return None
    return count_text(count_waiting(review.suggestions_to_reject()))


def accept_with_link(statement, link, *, user, base_version, link_version, comment=""):
    """Accept a statement and its claim link in one decision: two ``review.transition()``
    calls in one transaction, so both are accepted or neither is."""
    with transaction.atomic():
        statement = review.transition(
            statement, S.ACCEPTED, user=user, base_version=base_version, comment=comment
        )
        review.transition(link, S.ACCEPTED, user=user, base_version=link_version, comment=comment)
    return statement


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
TALLY = ReviewTally.Kind
_AUTHORS = {Statement: TALLY.STATEMENT_AUTHOR, ClaimLink: TALLY.LINK_AUTHOR}


def _tallies(kind):
    """The stored tallies of ``kind`` (claims/tallies.py), groups without items left out."""
    return ReviewTally.objects.filter(kind=kind).exclude(**dict.fromkeys(S.values, 0))


def _summed(rows):
    """An author's rows (one a shard) summed: {state: count}, and their group_id."""
    return rows.values("group_id").annotate(**{state: Sum(state) for state in S.values})


def _by_state(row) -> dict:
    return {state: row[state] for state in S.values}


def by_annotator() -> list[tuple[str, dict]]:
    """Each user's statements, and the machine's, by state (one query)."""
    username = get_user_model().objects.filter(pk=OuterRef("group_id")).values("username")
    rows = _summed(_tallies(TALLY.STATEMENT_AUTHOR)).annotate(name=Subquery(username))
    return sorted(
        (MACHINE if row["group_id"] == ReviewTally.MACHINE else row["name"], _by_state(row))
        for row in rows.order_by()
    )


BY_SOURCE_MAX = 50  # sources on the progress page: those with the most statements waiting


def by_source(limit: int = BY_SOURCE_MAX) -> tuple[list[tuple[dict, dict]], bool]:
    """The ``limit`` sources with the most statements still waiting for someone, with their
    counts by state, and whether other sources have statements too (two queries)."""
    rows = list(
        _tallies(TALLY.SOURCE)
        .order_by("-waiting", "group_id")
        .values("group_id", *S.values)[: limit + 1]
    )
    titles = dict(
        Source.objects.filter(pk__in=[row["group_id"] for row in rows]).values_list("pk", "title")
    )
    table = [
        (
            {
                "id": row["group_id"],
                "title": titles.get(row["group_id"]) or f"Source {row['group_id']}",
            },
            _by_state(row),
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
    rows = ReviewTally.objects.filter(kind=_AUTHORS[model], group_id=ReviewTally.MACHINE)
    counts = rows.aggregate(accepted=Sum("accepted"), rejected=Sum("rejected"))
    return Precision(counts["accepted"] or 0, counts["rejected"] or 0)


def machine_precision_by_week() -> list[tuple[date, Precision]]:
    """Reviewers' decisions on machine suggestions, by the week (Monday) they were made.

    Read from the audit trail: a decision is a history record whose state became accepted or
    rejected; a suggestion decided twice (reopened) counts in each week it was decided.
    Stored by week (``WeeklyDecisions``, claims/tallies.py), one query.
    """
    rows = WeeklyDecisions.objects.exclude(accepted=0, rejected=0).order_by("week")
    return [(row.week, Precision(row.accepted, row.rejected)) for row in rows]


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
