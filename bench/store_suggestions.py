"""Storing extracted statements (``claims.suggestions.store_suggestions``) before and after a
change, in one process, on the same sources: time and queries per article, and whether both
versions stored the same statements, speakers and aliases.

The "before" version is read from git (``--before``, a revision whose claims/extract.py is
the old one) and runs against today's models. Each version starts from no statements and no
speakers, and stores the suggestions of every source in turn (the sample corpus first, then
generated articles, bench/scale_data.py); the two alternate, ``--rounds`` times each.

    uv run python bench/store_suggestions.py                    # 1,000 articles, 2 rounds
    uv run python bench/store_suggestions.py --articles 200 --rounds 1

Needs PostgreSQL on 127.0.0.1:5432 (trust); its database (claimtrail_bench_suggestions) is
dropped at the end.
"""

import argparse
import json
import subprocess
import tempfile
import time
import types
from pathlib import Path

from scale_common import BASE_DIR, create_database, drop_database, setup_django
from scale_ingest import write_chunks

DATABASE = "claimtrail_bench_suggestions"
SAMPLE_DIR = BASE_DIR / "sample_data" / "kazakhstan-2022"


def load_sources(articles: int, seed: int) -> None:
    """The sample corpus and ``articles`` generated ones, as sources without statements."""
    from pipeline import ingest

    ingest.store_suggestions = lambda source: []
    with tempfile.TemporaryDirectory() as folder:
        paths = sorted(SAMPLE_DIR.glob("*.txt")) + write_chunks(Path(folder), articles, 100, seed)
        for path in paths:
            for result in ingest.ingest_path(path):
                assert not result.failed, result


def version_at(revision: str):
    """claims/extract.py as it was at ``revision``, as a module."""
    code = subprocess.run(
        ["git", "show", f"{revision}:claims/extract.py"],
        cwd=BASE_DIR, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    module = types.ModuleType(f"extract_at_{revision}")
    exec(compile(code, f"{revision}:claims/extract.py", "exec"), module.__dict__)
    return module


def run(store_suggestions) -> dict:
    from django.db import connection

    from claims.models import Speaker, Statement
    from sources.models import Source

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_claimlink, claims_statement, claims_historicalstatement, "
            "claims_speakeralias, claims_speaker, claims_historicalspeaker CASCADE"
        )
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    sources = list(Source.objects.order_by("pk"))
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        for source in sources:
            store_suggestions(source)
        elapsed = time.perf_counter() - started
    speakers = sorted(
        (s.slug, s.name, s.kind, sorted(s.aliases.values_list("name_key", "name")))
        for s in Speaker.objects.prefetch_related("aliases")
    )
    statements = sorted(
        Statement.objects.values_list("source_id", "start", "end", "speaker__slug", "cited_outlet")
    )
    return {
        "ms_per_article": 1000 * elapsed / len(sources),
        "queries_per_article": queries / len(sources),
        "statements": len(statements),
        "speakers": len(speakers),
        "speaker_history_rows": Speaker.history.count(),
        "stored": (speakers, statements),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--before", default="7c6204d", help="A revision with the old version.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()

    create_database(DATABASE)
    setup_django(DATABASE)
    from claims import suggestions

    versions = {
        "before": version_at(args.before).store_suggestions,
        "after": suggestions.store_suggestions,
    }
    try:
        load_sources(args.articles, args.seed)
        results = {name: [] for name in versions}
        for _ in range(args.rounds):
            for name, store_suggestions in versions.items():
                results[name].append(run(store_suggestions))
        stored = {name: runs[-1].pop("stored") for name, runs in results.items()}
        for name, runs in results.items():
            for result in runs:
                result.pop("stored", None)
                print(json.dumps({"version": name, **result}))
        same = stored["before"] == stored["after"]
        print(json.dumps({"same_statements_speakers_and_aliases": same}))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
