"""A job on a real Celery worker (prefork, as docker-compose runs it) stops at the soft time
limit and fails naming it, without a retry (issue #21, finding 2). PostgreSQL and Redis
database 15, like tests/jobs/test_worker.py."""

import os
import signal
import subprocess
import sys

import pytest
from django.db import connection

from config.celery import app
from jobs.models import Job

from .conftest import write_articles
from .test_worker import BASE_DIR, REDIS_URL, database_url, job_state, redis_or_skip, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def prefork_worker(django_db_setup, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("a Celery worker cannot share the SQLite test database; run on PostgreSQL")
    redis_or_skip().flushdb()
    app.conf.broker_url = REDIS_URL
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT = 1, 30
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_SOFT_TIME_LIMIT": "1",
        "CELERY_TASK_TIME_LIMIT": "30",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork",
        "--concurrency", "1", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel", "INFO",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    wait_for(lambda: "ready." in log.read_text(errors="replace"), 30, "the worker to start")
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_job_past_the_soft_time_limit_fails_naming_it_without_a_retry(tmp_path, prefork_worker):
    import jobs

    write_articles(tmp_path / "in", 400)  # many seconds of work against a limit of 1 s
    job = jobs.enqueue("ingest", paths=[str(tmp_path / "in")])
    wait_for(lambda: job_state(job).finished, 60, "the job to stop")
    assert job.state == Job.State.FAILED
    assert job.attempts == 1
    assert job.message == (
        "stopped: the job ran longer than its time limit of 1 seconds (CELERY_TASK_SOFT_TIME_LIMIT)"
    )
