"""A bulk ingest killed with SIGKILL at random points and rerun ends with exactly what one
uninterrupted run stores: the same sources and statements, none twice, none half-written.

The ingest command runs as a real subprocess against a real database the test can also
read: a scratch SQLite file, or on PostgreSQL the test database itself (committed data,
hence ``transaction=True``). The kill points are seeded: after a random number of documents
reported added, plus a random delay, so the kill lands anywhere in a later document's
transaction (its source, sections, speakers and statements).
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTS = 100
KILLS = 3
SPEAKERS = ["Environment Minister Jana Novak", "Mayor Piotr Marek", "Police Chief Aida Sultan"]


def manage(*args, env, **kwargs):
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    return subprocess.Popen(command, env=env, text=True, **kwargs)


@pytest.fixture
def database(tmp_path):
    """(environment for the subprocess, DB-API connect function) for one real database."""
    env = {**os.environ, "DEBUG": "1", "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"}
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        env["DATABASE_URL"] = url
        return env, lambda: psycopg.connect(url, autocommit=True)
    env.pop("DATABASE_URL", None)
    env["CLAIMTRAIL_VAR_DIR"] = str(tmp_path / "var")
    assert manage("migrate", "-v0", env=env).wait() == 0
    return env, lambda: sqlite3.connect(tmp_path / "var" / "claimtrail.sqlite3")


def query(connect, sql):
    db = connect()
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def django_query(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def write_corpus(folder):
    folder.mkdir()
    for n in range(DOCUMENTS):
        (folder / f"{n:04d}.txt").write_text(
            f"Report {n}\n\nThe ministry said on Tuesday that report {n} was the last one, "
            "and that more rain is expected.\n\n"
            f"\u201cThe river will rise by {n} centimetres before Friday,\u201d "
            f"{SPEAKERS[n % len(SPEAKERS)]} said.\n\nLeave a Reply\n"
        )


def stored(run_sql) -> dict:
    """What the database holds, by content: comparable across runs and databases."""
    statements = run_sql(
        'SELECT s.content_hash, t.start, t."end", t.text, t.kind, p.name FROM claims_statement t '
        "JOIN sources_source s ON s.id = t.source_id "
        "LEFT JOIN claims_speaker p ON p.id = t.speaker_id",
    )
    by_source = {}
    for digest, *statement in sorted(statements, key=lambda row: tuple(map(str, row))):
        by_source.setdefault(digest, []).append(tuple(statement))
    return {
        "sources": sorted(row[0] for row in run_sql("SELECT content_hash FROM sources_source")),
        "sections": sorted(
            run_sql(
                'SELECT s.content_hash, c.kind, c.start, c."end" FROM sources_section c '
                "JOIN sources_source s ON s.id = c.source_id",
            )
        ),
        "statements": by_source,
        "speakers": sorted(row[0] for row in run_sql("SELECT name FROM claims_speaker")),
    }


def kill_part_way(env, corpus, rng) -> None:
    """Start an ingest and SIGKILL it after a random number of documents and a random delay."""
    run = manage("ingest", str(corpus), "-v2", env=env, stdout=subprocess.PIPE)
    after, added = rng.randint(1, 20), 0
    for line in run.stdout:
        added += line.startswith("added: ")
        if added == after:
            time.sleep(rng.uniform(0, 0.05))
            run.send_signal(signal.SIGKILL)
            break
    run.wait()
    run.stdout.close()
    assert run.returncode == -signal.SIGKILL, "the run ended before the kill: fewer documents?"


def test_runs_killed_at_random_points_and_rerun_store_exactly_one_clean_runs_data(
    tmp_path, database
):
    env, connect = database
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    # The reference: one uninterrupted run, in this process (on PostgreSQL into the same
    # database, emptied again after), compared by content.
    call_command("ingest", str(corpus), verbosity=0)
    expected = stored(django_query)
    assert len(expected["sources"]) == DOCUMENTS
    assert sum(map(len, expected["statements"].values())) == 2 * DOCUMENTS
    assert len(expected["speakers"]) == 1 + len(SPEAKERS)
    call_command("flush", interactive=False, verbosity=0)
    assert query(connect, "SELECT count(*) FROM sources_source") == [(0,)]

    rng = random.Random(11)
    for _ in range(KILLS):
        kill_part_way(env, corpus, rng)
        now = stored(lambda sql: query(connect, sql))
        assert 0 < len(now["sources"]) < DOCUMENTS
        assert len(set(now["sources"])) == len(now["sources"])
        # Each source that is there is whole: its sections and statements as in the clean run.
        for digest in now["sources"]:
            assert now["statements"].get(digest) == expected["statements"][digest]
        assert set(now["sections"]) <= set(expected["sections"])
        assert len(now["sections"]) == len(now["sources"]) * len(expected["sections"]) // DOCUMENTS
        assert set(now["speakers"]) <= set(expected["speakers"])
    before_rerun = len(now["sources"])

    rerun = manage("ingest", str(corpus), env=env, stdout=subprocess.PIPE)
    output, _ = rerun.communicate()
    assert rerun.returncode == 0
    assert output.strip() == (
        f"Ingested: {DOCUMENTS - before_rerun} added, {before_rerun} unchanged, "
        "0 superseded, 0 failed."
    )
    assert stored(lambda sql: query(connect, sql)) == expected
