"""The review queue's page with and without its partial indexes, in one run.

Loads ``--waiting`` waiting statements (the machine's suggestions, one in fifty proposed by
a person, one in fifty sent back) and as many decided ones, each with a claim link in the
same state, into a scratch PostgreSQL database; then times the queue's first page for a
reviewer and an annotator, statements and claim links, in-process with Django's test client
(production settings): with ``statement_queue_idx`` and ``claimlink_queue_idx``, without
them (dropped, ANALYZE), and with them again (recreated from the models' own definitions).
Prints one JSON line per page and state, and a table.

    uv run python bench/review_queue_index.py                  # 100,000 waiting statements
    uv run python bench/review_queue_index.py --waiting 20000 --rounds 5
    uv run python bench/review_queue_index.py --reuse          # the database a run --keep left

Needs PostgreSQL on 127.0.0.1:5432 (BENCH_POSTGRES); the database is dropped at the end
unless ``--keep``.
"""

import argparse
import json
import os
import statistics
import time

from scale_common import create_database, drop_database, setup_django

DATABASE = "bench_review_queue_index"
SOURCES = 2_000
INDEXES = {"statement": "statement_queue_idx", "claimlink": "claimlink_queue_idx"}


def load(waiting: int) -> None:
    """``waiting`` waiting statements and as many accepted, each with a claim link."""
    from django.contrib.auth.models import Group, User
    from django.db import connection

    person = User.objects.create(username="bench-queue-annotator")
    person.groups.add(Group.objects.get(name="annotator"))
    total = 2 * waiting
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO sources_outlet (name, slug, domain, country, created_at)
               VALUES ('Outlet', 'outlet', 'outlet.example', 'GB', now())"""
        )
        cursor.execute(
            """INSERT INTO claims_speaker (name, name_key, slug, kind, role, description,
                                          version, created_at)
               VALUES ('Speaker', 'speaker', 'speaker', 'person', '', '', 1, now())"""
        )
        cursor.execute(
            f"""INSERT INTO sources_source (outlet_id, url, title, byline, published_at,
                    language, kind, text, raw, raw_content_type, content_hash, ingested_at)
                SELECT (SELECT id FROM sources_outlet), 'https://example.org/' || g,
                       'Story ' || g, '', now() - g * interval '1 hour', 'en', 'article',
                       'Story ' || g || ': the minister said the river will rise. '
                         || repeat('More of the story. ', 200),
                       '', '', md5(g::text), now()
                FROM generate_series(1, {SOURCES}) g"""
        )
        # Every second statement waits; of those, one in fifty is a person's proposal and
        # one in fifty was sent back; the rest are the machine's suggestions.
        state = """CASE WHEN g %% 2 = 0 THEN 'accepted' WHEN g %% 100 = 1 THEN 'proposed'
                        WHEN g %% 100 = 3 THEN 'changes_requested' ELSE 'suggested' END"""
        cursor.execute(
            f"""INSERT INTO claims_statement (source_id, start, "end", text, prefix, suffix,
                    kind, cue, speaker_id, speaker_mention, cited, confidence, state,
                    version, created_by_id, created_at, updated_at)
                SELECT (SELECT min(id) FROM sources_source) + g %% {SOURCES}, 0, 5, 'Story',
                       '', '', 'reported', 'said', (SELECT id FROM claims_speaker), '', '',
                       random(), {state}, 1,
                       CASE WHEN g %% 100 = 1 THEN %s END,
                       now() - g * interval '1 second', now()
                FROM generate_series(1, {total}) g""",
            [person.pk],
        )
        cursor.execute(
            """INSERT INTO claims_claim (text, slug, description, state, version, created_at,
                                        updated_at)
               SELECT 'Claim ' || g, 'claim-' || g, '', 'accepted', 1, now(), now()
               FROM generate_series(1, 100) g"""
        )
        cursor.execute(
            """INSERT INTO claims_claimlink (statement_id, claim_id, stance, score, reason,
                    state, version, created_by_id, created_at, updated_at)
               SELECT s.id, (SELECT min(id) FROM claims_claim) + s.id % 100, 'asserts',
                      random(), '', s.state, 1, s.created_by_id, s.created_at, now()
               FROM claims_statement s"""
        )
        cursor.execute("ANALYZE")


def set_indexes(present: bool) -> None:
    """Drop or recreate the queue's indexes, as the models define them."""
    from django.db import connection

    from claims.models import ClaimLink, Statement

    with connection.schema_editor() as editor:
        for model in (Statement, ClaimLink):
            index = next(
                i for i in model._meta.indexes if i.name == INDEXES[model._meta.model_name]
            )
            if present:
                editor.add_index(model, index)
            else:
                editor.remove_index(model, index)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_statement, claims_claimlink")


def time_pages(clients: dict, rounds: int, label: str) -> list[dict]:
    rows = []
    for role, client in clients.items():
        for kind in INDEXES:
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get("/review/", {"kind": kind})
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200 or b'class="review-item' not in response.content:
                    raise SystemExit(f"{role} {kind}: {response.status_code}, no items")
            times.sort()
            row = {
                "indexes": label, "role": role, "kind": kind,
                "p50_ms": round(statistics.median(times)),
                "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))]),
                "all_ms": [round(t) for t in times],
            }  # fmt: skip
            print(json.dumps(row), flush=True)
            rows.append(row)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--waiting", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="Keep the rows a --keep run left.")
    parser.add_argument("--keep", action="store_true", help="Do not drop the database.")
    args = parser.parse_args()
    if not args.reuse:
        create_database(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scale_settings")  # no static manifest
    setup_django(args.database)
    from django.contrib.auth.models import Group, User
    from django.test import Client

    if not args.reuse:
        started = time.perf_counter()
        load(args.waiting)
        print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
    clients = {}
    for role in ("reviewer", "annotator"):
        user, _ = User.objects.get_or_create(username=f"bench-queue-{role}")
        user.groups.add(Group.objects.get(name=role))
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(user)
        clients[role].get("/review/")  # warm: sessions, templates, content types
    rows = time_pages(clients, args.rounds, "with")
    set_indexes(present=False)
    rows += time_pages(clients, args.rounds, "without")
    set_indexes(present=True)
    rows += time_pages(clients, args.rounds, "with, recreated")
    print(f"\n{'role':<10} {'kind':<10} {'indexes':<16} {'p50 ms':>7} {'p95 ms':>7}")
    for row in rows:
        print(
            f"{row['role']:<10} {row['kind']:<10} {row['indexes']:<16} "
            f"{row['p50_ms']:>7} {row['p95_ms']:>7}"
        )
    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database(args.database)


if __name__ == "__main__":
    main()
