"""Rank claims for a statement, and statements for a claim, with one method or two combined."""

from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import replace

from claims.matching import semantic
from claims.matching.lexical import (
    InvertedIndex,
    claims_vocabulary,
    shared_words,
    vocabulary_for,
)
from claims.matching.text import document_sentences, split_sentences
from claims.matching.types import ClaimText, Match, StatementText


class Matcher:
    """Scores in [0, 1] (cosine); higher means more likely the statement carries the claim."""

    name = "base"

    def prepare(self, statements: Sequence[StatementText]) -> None:
        """Do in bulk what scoring these statements one by one would repeat (embedding)."""

    def claim_scores(self, statement: StatementText) -> dict[object, float]:
        """Scores of the claims that could match; a claim left out scores 0."""
        raise NotImplementedError

    def statement_scores(self, claim: ClaimText, statements: Sequence[StatementText]) -> list:
        raise NotImplementedError

    def rank_claims(
        self, statement: StatementText, limit: int = 5, min_score: float = 0.0
    ) -> list[Match]:
        scores = self.claim_scores(statement)
        return _ranked(scores.items(), limit, min_score)

    def suggest_claims(
        self, statement: StatementText, limit: int, min_score: float, min_share: float
    ) -> list[Match]:
        """The claims worth suggesting for a statement: its best ``limit`` claims scoring at
        least ``min_score`` and at least ``min_share`` of its best claim's score.

        The share keeps a runner-up out: a statement that carries one claim clearly is not
        also offered for the claims it merely shares a word with.
        """
        ranked = self.rank_claims(statement, limit=limit)
        if not ranked:
            return []
        floor = max(min_score, ranked[0].score * min_share)
        return [match for match in ranked if match.score >= floor]

    def explain(self, statement: StatementText, claim: ClaimText) -> str:
        """Why the statement was suggested for the claim, in a few words for a reviewer."""
        return ""

    def rank_statements(
        self,
        claim: ClaimText,
        statements: Sequence[StatementText],
        limit: int | None = None,
        min_score: float = 0.0,
    ) -> list[Match]:
        scores = self.statement_scores(claim, statements)
        pairs = zip((s.id for s in statements), scores, strict=True)
        return _ranked(pairs, limit, min_score)


def _ranked(pairs, limit, min_score) -> list[Match]:
    matches = [Match(key, round(float(score), 6)) for key, score in pairs if score > min_score]
    matches.sort(key=lambda m: (-m.score, str(m.id)))
    return matches if limit is None else matches[:limit]


class LexicalMatcher(Matcher):
    """BM25 over stems and synonym groups, normalized to [0, 1] per claim.

    A claim's score is how much of its (IDF-weighted) content the statement, its sentence
    and its title cover. Term statistics come from the statements matched against.
    """

    name = "lexical"

    def __init__(self, claims: Sequence[ClaimText], statements: Sequence[StatementText] = ()):
        self.vocabulary = vocabulary_for(claims, statements)
        self.claims_vocabulary = claims_vocabulary(claims)
        self.index = InvertedIndex((c.id, self._query(c)) for c in claims)

    def _query(self, claim):
        return self.vocabulary.claim_query(claim, self.claims_vocabulary)

    def explain(self, statement, claim):
        words = shared_words(self._query(claim), statement.text, claim)
        return f"Shared words: {', '.join(words)}" if words else ""

    def claim_scores(self, statement):
        best: dict[object, float] = {}
        for part in _parts(statement):
            own = self.index.scores(self.vocabulary.statement_saturation(_bare(part)))
            saturated = self.vocabulary.statement_saturation(part)
            for key, score in self.index.scores(saturated).items():
                if own.get(key, 0.0) > 0:
                    best[key] = max(best.get(key, 0.0), score)
        return best

    def statement_scores(self, claim, statements):
        query = self._query(claim)
        return [max(self._coverage(query, part) for part in _parts(s)) for s in statements]

    def _coverage(self, query, statement: StatementText) -> float:
        """Context tells what a statement is about; it never asserts for it: a statement
        whose own words share nothing with the claim scores 0."""
        if not self.vocabulary.coverage(query, _bare(statement)):
            return 0.0
        return self.vocabulary.coverage(query, statement)


def _bare(statement: StatementText) -> StatementText:
    return replace(statement, context="", title="")


def _parts(statement: StatementText) -> list[StatementText]:
    """The statement, and each of its sentences when it has several (with the same context).

    A quote of five sentences asserts a claim if one of them does; scoring the whole quote
    alone would dilute that sentence in the other four.
    """
    sentences = split_sentences(statement.text)
    if len(sentences) < 2:
        return [statement]
    return [statement] + [replace(statement, text=sentence) for sentence in sentences]


class SemanticMatcher(Matcher):
    """Cosine between sentence embeddings; needs an embedder (see ``semantic.load_embedder``).

    With three claims or more, claim embeddings are centred on their mean before comparing,
    the semantic counterpart of IDF: what all claims share (they are all about the unrest in
    Kazakhstan) stops deciding which claim a statement carries.
    """

    name = "semantic"
    MIN_CLAIMS_TO_CENTRE = 3

    def __init__(
        self,
        claims: Sequence[ClaimText],
        embedder: "semantic.Embedder",
        store: MutableMapping | None = None,
    ):
        self.cache = semantic.EmbeddingCache(embedder, store)
        self.claim_ids = [c.id for c in claims]
        vectors = semantic.claim_vectors(self.cache, claims)
        self.claim_mean = vectors.mean(axis=0) if len(claims) >= self.MIN_CLAIMS_TO_CENTRE else None
        self.claim_matrix = self._centred(vectors)

    def prepare(self, statements):
        semantic.statement_vectors(self.cache, [p for s in statements for p in _parts(s)])

    def _centred(self, vectors):
        if self.claim_mean is None:
            return vectors
        return semantic.normalized(vectors - self.claim_mean)

    def explain(self, statement, claim):
        score = self.statement_scores(claim, [statement])[0]
        return f"Similar in meaning ({score:.2f})"

    def claim_scores(self, statement):
        vectors = semantic.statement_vectors(self.cache, _parts(statement))
        scores = (vectors @ self.claim_matrix.T).max(axis=0)
        return {key: max(0.0, float(s)) for key, s in zip(self.claim_ids, scores, strict=True)}

    def statement_scores(self, claim, statements):
        target = self._centred(semantic.claim_vectors(self.cache, [claim]))[0]
        if not statements:
            return []
        parts = [_parts(s) for s in statements]
        vectors = semantic.statement_vectors(self.cache, [p for group in parts for p in group])
        scores, position = [], 0
        for group in parts:
            best = float((vectors[position : position + len(group)] @ target).max())
            scores.append(max(0.0, best))
            position += len(group)
        return scores


class HybridMatcher(Matcher):
    """The mean of the lexical and the semantic score."""

    name = "hybrid"

    def __init__(self, lexical: LexicalMatcher, semantic_matcher: SemanticMatcher):
        self.lexical, self.semantic = lexical, semantic_matcher

    def prepare(self, statements):
        self.semantic.prepare(statements)

    def explain(self, statement, claim):
        reasons = [self.semantic.explain(statement, claim), self.lexical.explain(statement, claim)]
        return "; ".join(reason for reason in reasons if reason)

    def claim_scores(self, statement):
        lexical = self.lexical.claim_scores(statement)
        meaning = self.semantic.claim_scores(statement)
        return {key: (lexical.get(key, 0.0) + meaning[key]) / 2 for key in meaning}

    def statement_scores(self, claim, statements):
        lexical = self.lexical.statement_scores(claim, statements)
        meaning = self.semantic.statement_scores(claim, statements)
        return [(a + b) / 2 for a, b in zip(lexical, meaning, strict=True)]


METHODS = ("lexical", "semantic", "hybrid")


def collection(documents: Iterable[str], limit: int | None = None) -> list[StatementText]:
    """The sentences of ``documents`` (up to ``limit``), to count term statistics over.

    Counted over the extracted statements alone, a corpus about one event makes that event's
    own words look common: in the sample corpus nearly every statement says "foreign" or
    "external", so the idea weighed less than "provocateurs" in ranking statements for
    "instigated from abroad". The documents' sentences, most of which assert nothing, are
    the collection a word's rarity should be judged against.
    """
    sentences = []
    for text in documents:
        sentences.extend(document_sentences(text))
        if limit is not None and len(sentences) >= limit:
            break
    return [StatementText(number, text) for number, text in enumerate(sentences[:limit])]


def build_matcher(
    claims: Sequence[ClaimText],
    statements: Sequence[StatementText] = (),
    method: str = "auto",
    store: MutableMapping | None = None,
) -> Matcher:
    """The matcher for ``method``; "auto" is hybrid when an embedder is installed, else lexical.

    ``statements`` only inform term statistics (which words are common in this collection):
    pass ``collection(documents)``, the sentences of the documents matched against.
    """
    if method not in ("auto", *METHODS):
        raise ValueError(f"Unknown matching method {method!r}; choose from auto, {METHODS}.")
    lexical = LexicalMatcher(claims, statements)
    if method == "lexical":
        return lexical
    embedder = semantic.load_embedder()
    if embedder is None:
        if method == "auto":
            return lexical
        raise RuntimeError(
            f"The {method} method needs the optional 'semantic' dependencies: "
            "uv sync --extra semantic"
        )
    meaning = SemanticMatcher(claims, embedder, store)
    return meaning if method == "semantic" else HybridMatcher(lexical, meaning)
