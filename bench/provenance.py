"""A claim's provenance from its statements' stored sentences vs from their whole sources.

Builds a PostgreSQL database (claimtrail_bench_provenance) with bench/scale_api.py's loader
(``--statements``, 100,000 by default: the largest claim gets about 5,500 statements), runs
ANALYZE (autovacuum is off here), then on the largest claim, in one run and on the same rows:

- **stored**: ``provenance.for_claim()`` and the claim page (Django's test client, signed
  in) with every statement's sentence stored, as a save or extraction stores it;
- **unstored**: the same with the claim's sentence columns emptied, as on a database
  upgraded but not yet filled: provenance reads 2,000 characters each side of every
  statement and finds the sentence in Python, which is what every request did before;
  ``manage.py fill_sentences`` then stores them again.

The two alternate for ``--rounds`` (7) rounds after one warm-up round; each figure is the
median; the peak of Python memory (tracemalloc) of one ``for_claim()`` in each state is
taken in the warm-up round. It prints a table and the load average (the machine is shared), and writes
``--json FILE``.

    uv run python bench/provenance.py --json provenance.json
    uv run python bench/provenance.py --statements 1000000 --keep --json provenance.json
    uv run python bench/provenance.py --reuse --json provenance.json
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
import tracemalloc

from scale_common import create_database, drop_database, setup_django

DATABASE = "claimtrail_bench_provenance"


def timed_ms(run) -> float:
    began = time.perf_counter()
    run()
    return (time.perf_counter() - began) * 1000


def peak_mb(run) -> float:
    """The peak of Python memory while ``run`` runs (tracemalloc), in MB."""
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(peak / 1e6, 1)


def characters_read(claim) -> int:
    from claims.provenance import rows_of

    return sum(len(row["context"] or "") for row in rows_of(claim))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="Use the database --keep left.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--json", help="Write the results here.")
    args = parser.parse_args()

    if not args.reuse:
        create_database(DATABASE)
    setup_django(DATABASE)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from scale_api import load

    from claims.models import Claim, Statement
    from tests.factories import UserFactory

    if not args.reuse:
        load(args.statements, seed=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup_test_environment()
    # The page through the test client, without collectstatic's manifest the server uses.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # fmt: skip
    client = Client()
    client.force_login(UserFactory(role="analyst"))
    claim = Claim.objects.annotate(n=Count("links")).order_by("-n").first()
    statements = Statement.objects.filter(claim_links__claim=claim)
    results = {"statements": Statement.objects.count(), "claim_statements": claim.n}

    from claims.provenance import for_claim

    def empty():
        statements.update(sentence_start=None, sentence_end=None, date_mention=None)

    def fill():
        call_command("fill_sentences", stdout=io.StringIO())

    # Stored and unstored alternate, round by round, so that what else the machine does
    # weighs on both alike.
    times = {"stored": {"for_claim": [], "page": []}, "unstored": {"for_claim": [], "page": []}}
    chars, memory = {}, {}
    page = claim.get_absolute_url()
    for n in range(args.rounds + 1):
        for state, prepare in (("stored", fill), ("unstored", empty)):
            prepare()
            if not n:
                chars[state] = characters_read(claim)
                memory[state] = peak_mb(lambda: for_claim(claim))
            for name, run in (("for_claim", lambda: for_claim(claim)),
                              ("page", lambda: client.get(page))):  # fmt: skip
                elapsed = timed_ms(run)
                if n:  # the first round warms up
                    times[state][name].append(elapsed)
    began = time.perf_counter()
    fill()
    results["fill_sentences_s"] = round(time.perf_counter() - began, 1)
    for state in ("stored", "unstored"):
        results[state] = {
            "for_claim_ms": round(statistics.median(times[state]["for_claim"]), 1),
            "page_ms": round(statistics.median(times[state]["page"]), 1),
            "characters_read": chars[state],
            "for_claim_peak_mb": memory[state],
        }
    results["load"] = round(os.getloadavg()[0], 1)

    print(f"{results['statements']:,} statements; the largest claim has {claim.n:,}")
    print(f"{'':10} {'for_claim':>10} {'claim page':>11} {'chars read':>12} {'peak':>9}")
    for name in ("stored", "unstored"):
        r = results[name]
        print(f"{name:10} {r['for_claim_ms']:>7} ms {r['page_ms']:>8} ms "
              f"{r['characters_read']:>12,} {r['for_claim_peak_mb']:>6} MB")  # fmt: skip
    print(f"medians of {args.rounds} alternating rounds; load average {results['load']}")
    print(f"fill_sentences for the claim's statements: {results['fill_sentences_s']} s")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)
    if not args.keep:
        connection.close()
        drop_database(DATABASE)


if __name__ == "__main__":
    sys.exit(main())
