"""Claim matching against the database: suggested claim links, stored embeddings, discovery.

The Django side of ``claims.matching`` (plain Python). What other parts call:

- ``suggest_links_for_statements(statements)`` — after extraction stored new statements
  (ingestion, the demo): match them against every claim and store ``suggested`` links;
- ``suggest_links_for_claims(claims)`` — after claims were created or edited: rank the
  statements for them the same way;
- ``rank_unlinked_statements(claim)`` — the statements not yet linked to a claim, best first;
- ``cluster_unlinked_statements()`` and ``create_claim_from_cluster(...)`` — claim discovery;
- ``load_sample_claims()`` — the demo's claims for the sample corpus, with their suggestions.

Suggestions never touch a link somebody reviewed: only links still ``suggested`` get a new
score, and a link's stance is set once, when it is created.
"""

import json
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, MutableMapping, Sequence

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from tqdm import tqdm

from claims.clustering import THRESHOLD, Cluster, cluster_statements
from claims.matching import (
    ClaimText,
    Matcher,
    StatementText,
    build_matcher,
    collection,
    sentence_around,
)
from claims.matching.evaluate import SUGGESTION_SETS, link_quality, read_jsonl
from claims.models import Claim, ClaimLink, ReviewState, Statement, Tag, TextEmbedding
from claims.stance import classify_stance
from sources.models import Source

# A statement is suggested for at most this many claims, each scoring at least
# SUGGESTION_MIN_SCORE (normalized BM25 coverage for the lexical method; the hybrid's mean
# for semantic) and at least SUGGESTION_MIN_SHARE of the statement's best claim. Both are
# settings, measured on the sample gold (docs/claims.md, "What is stored"; ``python -m claims.matching.evaluate --thresholds``).
CLAIMS_PER_STATEMENT = 3
# Term statistics are counted over up to this many sentences: of the sources of the
# statements matched first, then of the most recent other sources.
BACKGROUND_SENTENCES = 5000
SAMPLE_CLAIMS = settings.SAMPLE_DATA_DIR / "kazakhstan-2022.claims.jsonl"
METHOD = getattr(settings, "CLAIMTRAIL_MATCHING_METHOD", "auto")


def statement_texts(statements: Sequence[Statement]) -> list[StatementText]:
    """Statements with their context: the rest of their sentence (other statements in it
    left out) and their source's title."""
    spans = defaultdict(list)
    rows = (
        Statement.objects.live()
        .filter(source__in={s.source_id for s in statements})
        .values_list("source_id", "start", "end")
    )
    for source_id, start, end in rows:
        spans[source_id].append((start, end))
    return [
        StatementText(
            s.pk,
            s.text,
            context=sentence_around(s.source.text, s.start, s.end, spans[s.source_id]),
            title=s.source.title,
        )
        for s in statements
    ]


def claim_text(claim: Claim) -> ClaimText:
    return ClaimText(
        claim.pk, claim.text, claim.description, tuple(tag.name for tag in claim.tags.all())
    )


class DatabaseEmbeddingStore(MutableMapping):
    """``TextEmbedding`` rows as the embedding cache: read in bulk, new ones written in bulk."""

    def __init__(self):
        self._vectors: dict[str, object] = {}
        self._pending: dict[str, object] = {}

    def load(self, keys: Iterable[str]) -> None:
        wanted = [k for k in set(keys) if k not in self._vectors]
        for start in range(0, len(wanted), 500):
            rows = TextEmbedding.objects.filter(key__in=wanted[start : start + 500])
            for key, vector in rows.values_list("key", "vector"):
                self._vectors[key] = array("f", bytes(vector)).tolist()

    def flush(self) -> None:
        if not self._pending:
            return
        TextEmbedding.objects.bulk_create(
            [
                TextEmbedding(
                    key=key, model=key.split(":", 1)[0], vector=array("f", vector).tobytes()
                )
                for key, vector in self._pending.items()
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        self._pending.clear()

    def __getitem__(self, key):
        return self._vectors[key]

    def __setitem__(self, key, vector):
        self._vectors[key] = vector
        self._pending[key] = [float(x) for x in vector]

    def __delitem__(self, key):
        del self._vectors[key]

    def __iter__(self):
        return iter(self._vectors)

    def __len__(self):
        return len(self._vectors)


def build_service_matcher(
    claims: Sequence[Claim], statements: Sequence[Statement], method: str = METHOD
) -> Matcher:
    """A matcher over ``claims``, with term statistics from the sentences of the statements'
    sources and of recent others (``collection``: why sentences, not statements)."""
    return build_matcher(
        [claim_text(c) for c in claims],
        collection(background_documents(statements), limit=BACKGROUND_SENTENCES),
        method=method,
        store=DatabaseEmbeddingStore(),
    )


def background_documents(statements: Sequence[Statement]) -> Iterator[str]:
    """The texts of the statements' sources, then of the most recent other sources."""
    seen = set()
    for statement in statements:
        if statement.source_id not in seen:
            seen.add(statement.source_id)
            yield statement.source.text
    recent = Source.objects.order_by("-id").values_list("pk", "text")
    for pk, text in recent.iterator(chunk_size=100):
        if pk not in seen:
            yield text


def _matchable_claims():
    return Claim.objects.live().prefetch_related("tags")


def suggest_links_for_statements(
    statements: Iterable[Statement],
    method: str = METHOD,
    min_score: float | None = None,
    limit: int = CLAIMS_PER_STATEMENT,
    progress: bool = False,
    min_share: float | None = None,
) -> int:
    """Match statements against every claim; store the best as suggested links.

    Returns how many links were created or re-scored. Call it after extraction stored new
    statements (``claims.suggestions.store_suggestions``).
    """
    statements = [s for s in statements if s.state != ReviewState.REJECTED]
    claims = list(_matchable_claims())
    return _suggest(claims, statements, method, (min_score, min_share, limit), progress)


def suggest_links_for_claims(
    claims: Iterable[Claim] | None = None,
    method: str = METHOD,
    min_score: float | None = None,
    limit: int = CLAIMS_PER_STATEMENT,
    progress: bool = False,
    min_share: float | None = None,
) -> int:
    """Rank every statement for the claims (all by default) and store suggested links.

    A statement is suggested for its ``limit`` best claims among ``claims`` only.
    """
    claims = list(_matchable_claims() if claims is None else claims)
    statements = Statement.objects.live().select_related("source")
    return _suggest(claims, list(statements), method, (min_score, min_share, limit), progress)


def _suggest(claims, statements, method, bounds, progress) -> int:
    min_score, min_share, limit = bounds
    min_score = settings.SUGGESTION_MIN_SCORE if min_score is None else min_score
    min_share = settings.SUGGESTION_MIN_SHARE if min_share is None else min_share
    if not claims or not statements:
        return 0
    texts = statement_texts(statements)
    matcher = build_service_matcher(claims, statements, method)
    matcher.prepare(texts)
    by_pk = {s.pk: s for s in statements}
    claim_texts = {c.pk: claim_text(c) for c in claims}
    found = []
    for text in tqdm(texts, desc="Matching statements", unit="st", disable=not progress):
        for match in matcher.suggest_claims(text, limit, min_score, min_share):
            reason = matcher.explain(text, claim_texts[match.id])
            found.append((by_pk[text.id], match.id, match.score, reason))
    _flush(matcher)
    return store_suggested_links(found)


def rank_unlinked_statements(
    claim: Claim, limit: int = 50, method: str = METHOD
) -> list[tuple[Statement, float]]:
    """Statements not linked to ``claim`` (nor rejected), best first, with their scores: what
    an annotator looks through to add statements to a claim. Scores every such statement."""
    statements = list(
        Statement.objects.live().exclude(claim_links__claim=claim).select_related("source")
    )
    if not statements:
        return []
    texts = statement_texts(statements)
    claims = list(_matchable_claims())
    if claim not in claims:
        claims.append(claim)
    matcher = build_service_matcher(claims, statements, method)
    ranked = matcher.rank_statements(claim_text(claim), texts, limit=limit)
    _flush(matcher)
    by_pk = {s.pk: s for s in statements}
    return [(by_pk[match.id], match.score) for match in ranked]


def _flush(matcher: Matcher) -> None:
    for part in (matcher, getattr(matcher, "semantic", None)):
        cache = getattr(part, "cache", None)
        if cache is not None and hasattr(cache.store, "flush"):
            cache.store.flush()


@transaction.atomic
def store_suggested_links(found: Iterable[tuple]) -> int:
    """Create suggested links, or re-score those still suggested; reviewed links stay as they are.

    ``found``: (statement, claim id, score, why) — why it was suggested, for the reviewer.
    """
    found = [(*row, "")[:4] for row in found]
    existing = {
        (link.statement_id, link.claim_id): link
        for link in ClaimLink.objects.filter(statement__in={row[0].pk for row in found})
    }
    new, rescored = [], []
    for statement, claim_id, score, reason in found:
        link = existing.get((statement.pk, claim_id))
        if link is None:
            stance = classify_stance(statement.text, statement.cue)
            new.append(
                ClaimLink(
                    statement=statement,
                    claim_id=claim_id,
                    score=score,
                    reason=reason[:300],
                    stance=stance,
                    state=ReviewState.SUGGESTED,
                )
            )
        elif link.state == ReviewState.SUGGESTED and (link.score, link.reason) != (score, reason):
            link.score, link.reason = score, reason[:300]
            rescored.append(link)
    # With history, as every write: one more INSERT per batch, not per link.
    bulk_create_with_history(
        new, ClaimLink, batch_size=500, default_change_reason="Suggested by the matcher."
    )
    bulk_update_with_history(
        rescored, ClaimLink, ["score", "reason"], batch_size=500,
        default_change_reason="Scored again by the matcher.",
    )  # fmt: skip
    return len(new) + len(rescored)


# --- Discovery ---------------------------------------------------------------------------


def unlinked_statements():
    """Statements no claim is linked to (rejected links do not count), not rejected themselves."""
    linked = ClaimLink.objects.live().values("statement_id")
    return Statement.objects.live().exclude(pk__in=linked).select_related("source")


def cluster_unlinked_statements(
    threshold: float = THRESHOLD, min_size: int = 2, progress: bool = False
) -> list[Cluster]:
    """Groups of unlinked statements that say the same thing; each a candidate claim."""
    statements = unlinked_statements()
    texts = [
        StatementText(s.pk, s.text)
        for s in tqdm(statements.iterator(), desc="Reading statements", disable=not progress)
    ]
    return cluster_statements(texts, threshold=threshold, min_size=min_size, progress=progress)


@transaction.atomic
def create_claim_from_cluster(
    statement_ids: Sequence[int],
    text: str,
    *,
    user=None,
    description: str = "",
    tags: Sequence[str] = (),
) -> Claim:
    """One step from a cluster to a claim: the claim (proposed) and its links (proposed).

    ``text`` is the annotator's normalized sentence; each statement's stance is read from its
    words and cue, as for machine suggestions.
    """
    claim = Claim.objects.create(
        text=text.strip()[:500],
        description=description,
        state=ReviewState.PROPOSED,
        created_by=user,
    )
    claim.tags.set([_tag(name) for name in tags])
    statements = Statement.objects.filter(pk__in=statement_ids)
    bulk_create_with_history(
        [
            ClaimLink(
                statement=statement,
                claim=claim,
                stance=classify_stance(statement.text, statement.cue),
                state=ReviewState.PROPOSED,
                created_by=user,
            )
            for statement in statements
        ],
        ClaimLink,
        default_user=user,
        default_change_reason="Linked when the claim was made from a cluster.",
    )
    return claim


def _tag(name: str) -> Tag:
    tag = Tag.objects.filter(name__iexact=name).first()
    return tag or Tag.objects.create(name=name)


# --- The demo's claims -------------------------------------------------------------------


def load_sample_claims(path=SAMPLE_CLAIMS, suggest: bool = True) -> list[Claim]:
    """The sample corpus's claims (created once, by slug), then suggestions for them.

    Call after the sample corpus is loaded and its statements extracted.
    """
    claims = []
    with transaction.atomic():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            claim, created = Claim.objects.get_or_create(
                slug=record["slug"],
                defaults={"text": record["text"], "description": record.get("description", "")},
            )
            if created:
                claim.tags.set([_tag(name) for name in record.get("tags", ())])
            claims.append(claim)
    if suggest:
        suggest_links_for_claims()
    return claims


def sample_link_quality() -> dict:
    """The demo's claim links that count (``ClaimLink.objects.live()``) against the sample
    gold: ``claims.matching.evaluate.link_quality`` (precision and recall; see
    docs/claims.md, "What is stored"). Sources are told apart by their text, which the demo
    stores verbatim."""
    documents = {}
    for _, folder in SUGGESTION_SETS:
        for path in folder.glob("*.txt"):
            documents[path.read_text(encoding="utf-8")] = path.stem
    doc_of = {pk: documents.get(text) for pk, text in Source.objects.values_list("pk", "text")}
    links = [
        (doc_of[source_id], start, end, slug)
        for source_id, start, end, slug in ClaimLink.objects.live().values_list(
            "statement__source_id", "statement__start", "statement__end", "claim__slug"
        )
    ]
    gold = [record for path, _ in SUGGESTION_SETS for record in read_jsonl(path)]
    return link_quality(links, gold)
