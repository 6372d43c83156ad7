"""Claim matching cost: one statement against 10,000 claims, and clustering 100,000 statements.

    uv run python bench/matching.py [--claims 10000] [--statements 100000] [--queries 1000]
    uv run --extra semantic python bench/matching.py     # adds the semantic method

No database: this times the plain-Python core (``claims.matching``, ``claims.clustering``).
Claims and statements are generated: sentences of 8–30 words drawn from a Zipf-distributed
vocabulary of 20,000 words — the sample corpus's and the synonym lexicon's real words first,
made-up words for the tail (frequencies 1/(rank + 100): content words, stopwords left out)
— so that term statistics look like news text; a fifth of the statements are rewordings of 2,000 seed
sentences, so clustering has real groups to find. Each phase reports its time and the peak
process's resident set size before it and its peak so far (so a phase's own memory is at
most the difference).
"""

import argparse
import gc
import platform
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.clustering import cluster_statements
from claims.matching import ClaimText, LexicalMatcher, StatementText, build_matcher
from claims.matching.lexicon import STOPWORDS, SYNONYM_GROUPS
from claims.matching.semantic import load_embedder
from claims.matching.text import words

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "kazakhstan-2022"
SYLLABLES = [
    "ka",
    "lo",
    "ri",
    "ta",
    "men",
    "sol",
    "vi",
    "dra",
    "pen",
    "tor",
    "al",
    "ex",
    "ban",
    "cu",
    "der",
    "is",
    "mo",
    "ne",
    "str",
    "ul",
]


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Real words first (the sample corpus's, most frequent first, and the lexicon's), then
    made-up words for the long tail of names and rare words."""
    counts = Counter()
    for path in SAMPLE.glob("*.txt"):
        counts.update(w for w in words(path.read_text(encoding="utf-8")) if w not in STOPWORDS)
    ordered = [w for w, _ in counts.most_common()]
    ordered += sorted(set(" ".join(SYNONYM_GROUPS.values()).split()) - set(ordered))
    made_up = set()
    while len(ordered) + len(made_up) < size:
        made_up.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    tail = sorted(made_up)
    rng.shuffle(tail)
    return ordered + tail


class Sentences:
    """Sentences drawn from a vocabulary with Zipf-like word frequencies."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = vocabulary(rng)
        # Zipf's law past the first hundred ranks: the most frequent English words are
        # stopwords, left out here, so content words start further down the curve.
        self.weights = [1 / (rank + 100) for rank in range(len(self.words))]

    def sentence(self, low: int = 8, high: int = 30) -> str:
        length = self.rng.randint(low, high)
        return " ".join(self.rng.choices(self.words, self.weights, k=length))

    def reworded(self, seed: str) -> str:
        words = seed.split()
        for _ in range(max(1, len(words) // 5)):  # change a fifth of the words
            words[self.rng.randrange(len(words))] = self.rng.choice(self.words[:2000])
        return " ".join(words)


def rss_mb() -> float:
    """The process's resident set size now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def measure(label: str, function):
    """Time ``function``; memory is the process's RSS before and its peak after."""
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {elapsed:.2f} s, RSS {before:.0f} MB before, peak {peak:.0f} MB")
    return result, elapsed


def bench_matching(
    sentences: Sentences, claims: int, queries: int, method: str, store: dict
) -> None:
    claim_texts = [ClaimText(i, sentences.sentence(8, 20)) for i in range(claims)]
    background = [StatementText(i, sentences.sentence()) for i in range(5000)]
    statements = [
        StatementText(f"q{i}", sentences.sentence(), context=sentences.sentence(), title="")
        for i in range(queries)
    ]
    if method == "lexical":
        matcher, _ = measure(
            f"  build lexical index over {claims:,} claims",
            lambda: LexicalMatcher(claim_texts, background),
        )
    else:
        matcher, _ = measure(
            f"  build {method} matcher over {claims:,} claims (embeds the claims)",
            lambda: build_matcher(claim_texts, background, method=method, store=store),
        )
    _, elapsed = measure(
        f"  rank {claims:,} claims for {queries:,} statements ({method})",
        lambda: [matcher.rank_claims(s, limit=3) for s in statements],
    )
    print(f"  → {elapsed / queries * 1000:.2f} ms a statement ({method})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    rng = random.Random(args.seed)
    sentences = Sentences(rng)

    print(f"Matching: {args.queries:,} statements against {args.claims:,} claims")
    methods = ["lexical"]
    embedder = load_embedder()
    if embedder:
        methods += ["semantic", "hybrid"]
        # A worker embeds many texts over its life: warm the tokenizer's caches first.
        warm = [sentences.sentence() for _ in range(1000)]
        measure("  warm up the sentence encoder (1,000 sentences)", lambda: embedder.encode(warm))
    store: dict = {}  # embeddings kept between methods, as the database keeps them
    for method in methods:
        claim_rng_state = sentences.rng.getstate()
        bench_matching(sentences, args.claims, args.queries, method, store)
        sentences.rng.setstate(claim_rng_state)  # the same claims for every method

    seeds = [sentences.sentence() for _ in range(2000)]
    texts = [
        sentences.reworded(rng.choice(seeds)) if i % 5 == 0 else sentences.sentence()
        for i in range(args.statements)
    ]
    statements = [StatementText(i, text) for i, text in enumerate(texts)]
    del texts
    print(f"Clustering {args.statements:,} statements")
    clusters, _ = measure("  cluster", lambda: cluster_statements(statements))
    grouped = sum(len(c.statement_ids) for c in clusters)
    print(f"  → {len(clusters):,} groups holding {grouped:,} statements")


if __name__ == "__main__":
    main()
