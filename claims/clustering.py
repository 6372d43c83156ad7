"""Claim discovery: group statements that say the same thing, so a group can become a claim.

Plain Python. Statements are TF-IDF vectors over stems and synonym groups (the lexical
matcher's); two statements are joined when their cosine reaches ``threshold``, and groups
are the connected components. Candidate neighbours come from an inverted index over each
statement's strongest terms, skipping terms so common they say nothing, so the cost grows
with the number of statements, not its square.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tqdm import tqdm

from claims.matching.lexical import Vocabulary, cosine
from claims.matching.lexicon import STOPWORDS, TEMPORAL_WORDS
from claims.matching.text import stem, words
from claims.matching.types import StatementText

THRESHOLD = 0.3
# Terms used to look for neighbours: a statement's strongest few, ignoring any term found in
# more than this share of statements.
CANDIDATE_TERMS = 6
MAX_TERM_SHARE = 0.02
MIN_POSTINGS_CAP = 50


@dataclass
class Cluster:
    statement_ids: list
    representative: object  # the statement most like the others: a draft of the claim
    terms: list[str]  # the words that hold the group together, strongest first
    cohesion: float  # mean cosine of the members with the representative


def cluster_statements(
    statements: Sequence[StatementText],
    threshold: float = THRESHOLD,
    min_size: int = 2,
    progress: bool = False,
) -> list[Cluster]:
    """Groups of at least ``min_size`` statements, largest first (``progress``: a bar)."""
    vocabulary = Vocabulary(s.text for s in statements)
    vectors = [vocabulary.vector(vocabulary.counts([(s.text, 1.0)])) for s in statements]
    parent = list(range(len(statements)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cap = max(MIN_POSTINGS_CAP, int(MAX_TERM_SHARE * len(statements)))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(tqdm(vectors, desc="Clustering", unit="st", disable=not progress)):
        strongest = sorted(vector, key=vector.get, reverse=True)[:CANDIDATE_TERMS]
        candidates = set()
        for term in strongest:
            bucket = postings[term]
            if len(bucket) < cap:
                candidates.update(bucket)
                bucket.append(i)
        for j in candidates:
            if find(i) != find(j) and cosine(vector, vectors[j]) >= threshold:
                parent[find(i)] = find(j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(statements)):
        groups[find(i)].append(i)
    clusters = [
        _describe(members, statements, vectors, vocabulary)
        for members in groups.values()
        if len(members) >= min_size
    ]
    clusters.sort(key=lambda c: (-len(c.statement_ids), -c.cohesion))
    return clusters


def _describe(members, statements, vectors, vocabulary) -> Cluster:
    sample = members[:200]
    centrality = {i: sum(cosine(vectors[i], vectors[j]) for j in sample if j != i) for i in sample}
    center = max(sample, key=lambda i: (centrality[i], -i))
    cohesion = sum(cosine(vectors[center], vectors[j]) for j in members) / len(members)
    return Cluster(
        statement_ids=[statements[i].id for i in members],
        representative=statements[center].id,
        terms=_top_words([statements[i].text for i in members], vocabulary),
        cohesion=round(cohesion, 4),
    )


def _top_words(texts: list[str], vocabulary: Vocabulary, limit: int = 6) -> list[str]:
    """The words the group shares most, weighted by rarity, as written."""
    surface: dict[str, Counter] = defaultdict(Counter)
    documents: Counter = Counter()
    for text in texts:
        seen = set()
        for word in words(text):
            if word in STOPWORDS or word in TEMPORAL_WORDS or len(word) < 3:
                continue
            stemmed = stem(word)
            surface[stemmed][word] += 1
            seen.add(stemmed)
        documents.update(seen)
    ranked = sorted(documents, key=lambda t: (-documents[t] * vocabulary.idf(t), t))
    return [surface[t].most_common(1)[0][0] for t in ranked[:limit]]
