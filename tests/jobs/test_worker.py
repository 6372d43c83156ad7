"""Jobs on a real Celery worker (a subprocess) against the local Redis and the PostgreSQL
test database: retries, a message delivered twice, and a worker killed mid-job.

The worker sees the rows the test writes, so these tests use transaction=True, and the
worker is pointed at pytest-django's test database through DATABASE_URL. On SQLite they are
skipped: a worker process cannot share the test run's database file and its locking in any
way that tells something about production.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

from claims.models import Statement
from claims.suggestions import store_suggestions
from config.celery import app
from jobs import runner
from jobs.models import Job
from sources.models import Source
from tests.jobs.conftest import snapshot, write_articles

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, flushed by each test
BASE_DIR = Path(django_settings.BASE_DIR)
HEARTBEAT_TIMEOUT = 2  # seconds: a job untouched this long has lost its worker
VISIBILITY_TIMEOUT = 4  # seconds before Redis hands an unacknowledged message on


def redis_or_skip():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379: the worker tests need one")
    return client


pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}:{port}/{db['NAME']}"


class Worker:
    """``celery -A config worker`` in its own process group, logging to a file."""

    def __init__(self, log: Path):
        self.log = log
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_RESTORE_INTERVAL": "1",
            "JOBS_HEARTBEAT_TIMEOUT": str(HEARTBEAT_TIMEOUT),
            "JOBS_RETRY_BACKOFF": "2",
            "DATABASE_CONN_MAX_AGE": "0",
        }
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole
        )
        wait_for(lambda: "ready." in log.read_text(errors="replace"), 30, "the worker to start")

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def job_state(job):
    job.refresh_from_db()
    return job


class Workers:
    """The module's workers: one started for the first test and kept (starting one takes
    seconds), more on demand."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started = []

    def running(self) -> Worker:
        alive = [w for w in self.started if w.process.poll() is None]
        return alive[-1] if alive else self.start()

    def start(self) -> Worker:
        worker = Worker(self.folder / f"worker-{len(self.started)}.log")
        self.started.append(worker)
        return worker

    def stop(self):
        for worker in self.started:
            worker.stop()


@pytest.fixture(scope="module")
def module_workers(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("a Celery worker cannot share the SQLite test database; run on PostgreSQL")
    redis_or_skip().flushdb()  # once: flushing under a running worker drops its queue bindings
    app.conf.broker_url = REDIS_URL
    app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    workers = Workers(tmp_path_factory.mktemp("workers"))
    yield workers
    workers.stop()


@pytest.fixture
def workers(module_workers, settings):
    settings.CELERY_BROKER_URL = REDIS_URL  # enqueue sends to the workers
    return module_workers


def enqueue(kind, **parameters):
    import jobs

    job = jobs.enqueue(kind, **parameters)
    assert job.state == Job.State.QUEUED  # sent to the worker, not run here
    return job


def test_worker_retries_a_failed_job_and_it_then_succeeds(tmp_path, workers):
    workers.running()
    (present,) = write_articles(tmp_path / "in", 1)
    late = tmp_path / "in" / "late.txt"

    job = enqueue("ingest", paths=[str(present), str(late)])
    wait_for(lambda: job_state(job).attempts == 1 and job.state == "queued", 20, "attempt 1")
    assert job.message.startswith("attempt 1 failed:")
    assert "not found" in job.message
    late.write_text("Late news\n\n\u201cIt is late,\u201d Jana Novak said.\n", "utf-8")
    wait_for(lambda: job_state(job).state == "succeeded", 20, "the retry")

    assert job.attempts == 2
    assert job.message == "1 added, 1 unchanged, 0 superseded, 0 failed"
    assert Source.objects.count() == 2


def test_worker_runs_the_same_job_twice_and_nothing_changes(tmp_path, workers):
    workers.running()
    write_articles(tmp_path / "in", 3)
    first = enqueue("ingest", paths=[str(tmp_path / "in")])
    wait_for(lambda: job_state(first).finished, 20, "the first job")
    before = snapshot()

    second = enqueue("ingest", paths=[str(tmp_path / "in")])
    runner.send(first.pk)  # and the first job's message delivered again
    wait_for(lambda: job_state(second).finished, 20, "the second job")
    time.sleep(0.5)  # time for the repeated message to be taken (and ignored)

    assert second.message == "0 added, 3 unchanged, 0 superseded, 0 failed"
    assert job_state(first).attempts == 1
    assert snapshot() == before


def test_a_worker_killed_mid_job_has_its_job_redone_without_duplicates(tmp_path, workers):
    count = 120
    write_articles(tmp_path / "in", count)
    first = workers.running()

    job = enqueue("ingest", paths=[str(tmp_path / "in")])
    wait_for(lambda: job_state(job).done >= 5, 20, "the job to get going")
    first.kill()
    job = job_state(job)
    assert job.state == "running", "killed too late to test anything"
    assert job.done < count
    stored_before_the_kill = Source.objects.count()
    assert 0 < stored_before_the_kill < count

    workers.start()  # Redis hands the unacknowledged job to this one after the visibility timeout
    wait_for(lambda: job_state(job).state == "succeeded", 40, "the second worker")

    assert job.attempts == 2
    assert (
        job.message
        == f"{count - stored_before_the_kill} added, {stored_before_the_kill} unchanged, 0 superseded, 0 failed"
    )
    assert Source.objects.count() == count
    assert Source.objects.values("content_hash").distinct().count() == count
    spans = list(Statement.objects.values_list("source_id", "start", "end"))
    assert len(spans) == len(set(spans)) >= count
    # Re-extracting every source gives the same statements: none was stored twice.
    assert sum(len(store_suggestions(source)) for source in Source.objects.all()) == len(spans)
