"""The lexical method: TF-IDF vectors over stems and synonym groups, compared by cosine.

Needs nothing beyond the standard library. A statement is its own words, plus, weighted
down, the sentence around it and its source's title: "the protests were organized by
external forces" is about Kazakhstan because its article is.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from claims.matching.text import CONCEPT_OF_STEM, features, is_cyrillic, meaning_of, words
from claims.matching.types import ClaimText, StatementText

Vector = dict[str, float]

CONTEXT_WEIGHT = 0.3
TITLE_WEIGHT = 0.2
DESCRIPTION_WEIGHT = 0.4
# BM25's usual constants: term-frequency saturation and length normalization.
K1 = 1.2
B = 0.75
MIN_TERM_SHARE = 0.01


class Vocabulary:
    """Document frequencies and lengths over a collection, for IDF and BM25 length norms."""

    def __init__(self, texts: Iterable[str] = ()):
        self.document_count = 0
        self.total_length = 0.0
        self.document_frequency: dict[str, int] = defaultdict(int)
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        terms = features(text)
        self.document_count += 1
        self.total_length += sum(terms.values())
        for term in terms:
            self.document_frequency[term] += 1

    @property
    def average_length(self) -> float:
        return self.total_length / self.document_count if self.document_count else 1.0

    def idf(self, term: str) -> float:
        """BM25's IDF, kept positive; a word in a synonym group is no rarer than its group.

        "abroad" may be rare where "foreign" is common, but the idea is as common as the
        group: a claim worded with a rare synonym must not hinge on that one word.
        """
        idf = self._idf(term)
        concept = CONCEPT_OF_STEM.get(term)
        return min(idf, self._idf("~" + concept)) if concept else idf

    def _idf(self, term: str) -> float:
        df = self.document_frequency.get(term, 0)
        n = self.document_count
        return math.log((n - df + 0.5) / (df + 0.5) + 1.0)

    def counts(self, weighted_texts: Iterable[tuple[str, float]]) -> dict[str, float]:
        """Feature counts of several texts, each counted with its weight."""
        counts: dict[str, float] = defaultdict(float)
        for text, weight in weighted_texts:
            if text and weight:
                for term, count in features(text).items():
                    counts[term] += count * weight
        return dict(counts)

    def vector(self, counts: dict[str, float]) -> Vector:
        """L2-normalized TF-IDF (sublinear TF), for comparing statements with each other."""
        vector = {term: math.log1p(count) * self.idf(term) for term, count in counts.items()}
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {term: w / norm for term, w in vector.items()} if norm else {}

    def statement_counts(self, statement: StatementText) -> dict[str, float]:
        """All of a statement's words in one bag, context weighted down (for clustering)."""
        return self.counts(
            [
                (statement.text, 1.0),
                (statement.context, CONTEXT_WEIGHT),
                (statement.title, TITLE_WEIGHT),
            ]
        )

    def statement_vector(self, statement: StatementText) -> Vector:
        return self.vector(self.statement_counts(statement))

    def statement_saturation(self, statement: StatementText) -> dict[str, float]:
        """Per term, how fully the statement carries it, in [0, 1]: BM25 per field.

        The statement's own words are length-normalized (a long quote weighs each word
        less); its sentence and its title are fields of their own, weighted down and not
        length-normalized, so a short statement is not made of its title.
        """
        own = self.counts([(statement.text, 1.0)])
        length = sum(own.values())
        fields = [({t: self.saturation(c, length) for t, c in own.items()}, 1.0)]
        for text, weight in ((statement.context, CONTEXT_WEIGHT), (statement.title, TITLE_WEIGHT)):
            if text:
                counts = self.counts([(text, 1.0)])
                fields.append(({t: self.saturation(c) for t, c in counts.items()}, weight))
        total = sum(weight for _, weight in fields)
        saturated: dict[str, float] = defaultdict(float)
        for values, weight in fields:
            for term, value in values.items():
                saturated[term] += value * weight / total
        return dict(saturated)

    def claim_query(self, claim: ClaimText, claims: "Vocabulary | None" = None) -> Vector:
        """A claim's terms weighted by IDF and normalized to sum 1: what a statement must cover.

        With ``claims`` (the vocabulary of all claims), a term also weighs by how rare it is
        among claims: "Kazakhstan" in every claim about Kazakhstan tells them apart less
        than "abroad" does.
        """
        counts = self.counts(claim_texts(claim))
        query = {
            term: count * self.idf(term) * (claims.idf(term) if claims else 1.0)
            for term, count in counts.items()
        }
        total = sum(query.values())
        # Terms carrying under MIN_TERM_SHARE of the claim are dropped: they cannot move a
        # score much, and the most common words would make every lookup scan every claim.
        return {t: w / total for t, w in query.items() if w >= MIN_TERM_SHARE * total}

    def saturation(self, count: float, length: float | None = None) -> float:
        """BM25's term-frequency saturation, scaled to at most 1; with ``length``, long
        texts weigh each word less."""
        norm = K1 if length is None else K1 * (1 - B + B * length / self.average_length)
        return count * (K1 + 1) / (count + norm) / (K1 + 1)

    def coverage(self, query: Vector, statement: StatementText) -> float:
        """Normalized BM25 of a claim query against a statement, in [0, 1]."""
        saturated = self.statement_saturation(statement)
        return sum(weight * saturated.get(term, 0.0) for term, weight in query.items())


def claim_texts(claim: ClaimText) -> list[tuple[str, float]]:
    tags = " ".join(claim.tags)
    return [(claim.text, 1.0), (claim.description, DESCRIPTION_WEIGHT), (tags, DESCRIPTION_WEIGHT)]


def claims_vocabulary(claims: Sequence[ClaimText]) -> Vocabulary:
    vocabulary = Vocabulary()
    for claim in claims:
        vocabulary.add(" ".join(text for text, _ in claim_texts(claim)))
    return vocabulary


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


def vocabulary_for(
    claims: Sequence[ClaimText], statements: Iterable[StatementText] = ()
) -> Vocabulary:
    """Term statistics over the claims and the statements they are matched against."""
    vocabulary = Vocabulary()
    for statement in statements:
        vocabulary.add(statement.text)
    if not vocabulary.document_count:
        for claim in claims:
            vocabulary.add(claim.text)
    return vocabulary


class InvertedIndex:
    """Sparse vectors by id, with postings, to find the nearest without comparing all."""

    def __init__(self, vectors: Iterable[tuple[object, Vector]]):
        self.vectors: dict[object, Vector] = {}
        self.postings: dict[str, list[tuple[object, float]]] = defaultdict(list)
        for key, vector in vectors:
            self.vectors[key] = vector
            for term, weight in vector.items():
                self.postings[term].append((key, weight))

    def scores(self, vector: Vector) -> dict[object, float]:
        """Cosine with every indexed vector sharing a term with ``vector``."""
        totals: dict[object, float] = defaultdict(float)
        for term, weight in vector.items():
            for key, other in self.postings.get(term, ()):
                totals[key] += weight * other
        return totals


def shared_words(query: Vector, text: str, claim: ClaimText, limit: int = 4) -> list[str]:
    """The statement's words that meet the claim's terms, strongest first: "interference",
    a synonym with the claim's word it stands for ("outside ≈ abroad"), a Russian word with
    its English meaning ("рубежа → abroad"). What a reviewer reads as "why suggested"."""
    claim_word_of = {}  # synonym group -> the claim's own word for it
    for word in words(" ".join(part for part, _ in claim_texts(claim))):
        for term in features(word):
            if term.startswith("~"):
                claim_word_of.setdefault(term, word)
    found: dict[str, tuple[float, str]] = {}
    for word in words(text):
        terms = features(word)
        direct = sum(query.get(t, 0.0) for t in terms if not t.startswith("~"))
        via = {t: query[t] for t in terms if t.startswith("~") and t in query}
        if not direct and not via:
            continue
        key = min(terms, key=len) if direct else max(via, key=via.get)
        shown = word
        if is_cyrillic(word):
            shown = f"{word} → {meaning_of(word)}"
        elif not direct:
            concept = max(via, key=via.get)
            if claim_word_of.get(concept, word) != word:
                shown = f"{word} ≈ {claim_word_of[concept]}"
        weight = direct + sum(via.values())
        if key not in found or found[key][0] < weight:
            found[key] = (weight, shown)
    ranked = sorted(found.values(), key=lambda pair: -pair[0])
    return list(dict.fromkeys(shown for _, shown in ranked))[:limit]
