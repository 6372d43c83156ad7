"""Ingestion benchmark: documents per second and peak memory, with and without the database.

    uv run python bench/ingest.py                 # 10,000 documents, a scratch SQLite database
    uv run python bench/ingest.py --count 500     # a quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrail_bench \\
        uv run python bench/ingest.py             # PostgreSQL (a scratch database: it is migrated)

It generates a corpus of plain-text files from the sample corpus' paragraphs (shuffled, each
document unique, a third with a reader-comment thread), then in one process:

1. bare text extraction: read, decode, normalize, section, read metadata — no database;
2. full ingestion through ``pipeline.ingest.ingest_path`` (what ``manage.py ingest`` runs):
   the same plus dedup, outlet lookup, Source and Section rows, one transaction a document.

Peak memory is the process' maximum resident set size after each phase (phase 1 runs first,
so its figure is its own). Extraction of suggestions is off unless --with-extraction.
"""

import argparse
import os
import random
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SAMPLE_DIR = BASE_DIR / "sample_data" / "kazakhstan-2022"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--with-extraction", action="store_true", help="run store_suggestions")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as scratch:
        scratch = Path(scratch)
        corpus = scratch / "corpus"
        started = time.perf_counter()
        total_bytes = generate_corpus(corpus, args.count, random.Random(args.seed))
        print(
            f"generated {args.count:,} documents ({total_bytes / 1e6:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        files = sorted(corpus.iterdir())

        rate = bare_extraction(files)
        print(f"bare extraction: {rate:,.0f} documents/s, peak RSS {peak_rss_mb():.0f} MB")

        setup_django(scratch)
        rate, counts = full_ingestion(files, with_extraction=args.with_extraction)
        print(
            f"ingestion ({database_label()}): {rate:,.0f} documents/s, "
            f"peak RSS {peak_rss_mb():.0f} MB, {counts}"
        )


def generate_corpus(folder: Path, count: int, rng: random.Random) -> int:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE_DIR.glob("*.txt"))]
    paragraphs = [p for text in texts for p in text.split("\n\n") if len(p) > 120]
    thread = texts[3][texts[3].index("Dear reader") :]
    folder.mkdir(parents=True)
    total = 0
    for n in range(count):
        body = "\n\n".join(rng.sample(paragraphs, k=rng.randint(3, 8)))
        text = f"Generated report number {n} on the events in Kazakhstan\n\n{body}\n"
        if n % 3 == 0:
            text += f"\n{thread}\n"
        data = text.encode("utf-8")
        (folder / f"{n:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def bare_extraction(files: list[Path]) -> float:
    from sources.ingestion import prepare_bytes

    started = time.perf_counter()
    for path in files:
        for document in prepare_bytes(path.read_bytes(), name=str(path), max_bytes=5 << 20):
            assert not isinstance(document, Exception), document
    return len(files) / (time.perf_counter() - started)


def setup_django(scratch: Path):
    # Production settings: with DEBUG on Django keeps every query in memory.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    if not os.environ.get("DATABASE_URL"):
        os.environ["CLAIMTRAIL_VAR_DIR"] = str(scratch / "var")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def full_ingestion(files: list[Path], *, with_extraction: bool):
    from collections import Counter

    from pipeline import ingest

    if not with_extraction:
        ingest.store_suggestions = lambda source: None
    counts = Counter()
    started = time.perf_counter()
    for path in files:
        for result in ingest.ingest_path(path):
            counts[result.status] += 1
    return len(files) / (time.perf_counter() - started), dict(counts)


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    main()
