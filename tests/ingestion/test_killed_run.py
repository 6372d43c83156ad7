"""A run killed with SIGKILL half-way leaves whole documents only, and a rerun finishes it.

The ingest command runs as a real subprocess against a real database the test can also
read: a scratch SQLite file, or on PostgreSQL the test database itself (committed data,
hence ``transaction=True``).
"""

import os
import signal
import sqlite3
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTS = 300
KILL_AFTER = 40


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


def test_killed_run_leaves_no_partial_source_and_a_rerun_finishes(tmp_path, database):
    env, connect = database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(DOCUMENTS):
        (corpus / f"{n:04d}.txt").write_text(
            f"Report {n}\n\nThe ministry said on Tuesday that report {n} was the last one, "
            "and that more rain is expected.\n\nLeave a Reply\n"
        )

    run = manage("ingest", str(corpus), "-v2", env=env, stdout=subprocess.PIPE)
    added = 0
    for line in run.stdout:
        added += line.startswith("added: ")
        if added == KILL_AFTER:
            run.send_signal(signal.SIGKILL)
            break
    run.wait()
    run.stdout.close()
    assert run.returncode == -signal.SIGKILL

    stored = query(connect, "SELECT count(*) FROM sources_source")[0][0]
    assert KILL_AFTER <= stored < DOCUMENTS
    without_sections = query(
        connect,
        "SELECT s.id FROM sources_source s WHERE NOT EXISTS "
        "(SELECT 1 FROM sources_section c WHERE c.source_id = s.id AND c.kind = 'boilerplate')",
    )
    assert without_sections == []

    rerun = manage("ingest", str(corpus), env=env, stdout=subprocess.PIPE)
    output, _ = rerun.communicate()
    assert rerun.returncode == 0
    assert output.strip() == (
        f"Ingested: {DOCUMENTS - stored} added, {stored} unchanged, 0 superseded, 0 failed."
    )
    assert query(connect, "SELECT count(*) FROM sources_source")[0][0] == DOCUMENTS
