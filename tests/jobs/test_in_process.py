"""Jobs on the embedded default (no broker): they run at once, in the caller's process."""

import pytest
from django.core.management import call_command

import jobs
from claims.models import Statement
from jobs import runner
from jobs.models import Job
from sources.models import Source
from tests.factories import UserFactory
from tests.jobs.conftest import snapshot, write_articles

pytestmark = pytest.mark.django_db


def test_ingest_job_stores_every_document_and_reports_counts(tmp_path):
    write_articles(tmp_path, 3)

    job = jobs.enqueue("ingest", paths=[str(tmp_path)])

    assert job.state == Job.State.SUCCEEDED
    assert job.message == "3 added, 0 unchanged, 0 superseded, 0 failed"
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    assert Source.objects.count() == 3
    assert Statement.objects.filter(speaker__name="Jana Novak").count() == 3


def test_the_same_ingest_job_twice_changes_nothing_the_second_time(tmp_path):
    write_articles(tmp_path, 3)
    jobs.enqueue("ingest", paths=[str(tmp_path)])
    before = snapshot()

    again = jobs.enqueue("ingest", paths=[str(tmp_path)])

    assert again.message == "0 added, 3 unchanged, 0 superseded, 0 failed"
    assert snapshot() == before


def test_a_finished_job_delivered_again_is_not_run_again(tmp_path):
    write_articles(tmp_path, 2)
    job = jobs.enqueue("ingest", paths=[str(tmp_path)])
    before = snapshot()

    runner.execute(job.pk)

    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 1)
    assert snapshot() == before


def test_a_missing_file_is_retried_and_the_job_succeeds_once_it_appears(tmp_path, monkeypatch):
    (present,) = write_articles(tmp_path, 1)
    late = tmp_path / "late.txt"
    waits = []

    def sleep(seconds):  # the file arrives while the job waits for its second attempt
        waits.append(seconds)
        late.write_text("Late news\n\n\u201cIt is late,\u201d Jana Novak said.\n", "utf-8")

    monkeypatch.setattr(runner.time, "sleep", sleep)
    job = jobs.enqueue("ingest", paths=[str(present), str(late)])

    assert job.state == Job.State.SUCCEEDED
    assert job.attempts == 2
    assert waits == [runner.setting("JOBS_RETRY_BACKOFF")]
    assert job.message == "1 added, 1 unchanged, 0 superseded, 0 failed"
    assert Source.objects.count() == 2


def test_a_job_that_keeps_failing_fails_after_the_last_attempt(tmp_path, settings, no_backoff):
    settings.JOBS_MAX_ATTEMPTS = 3

    job = jobs.enqueue("ingest", paths=[str(tmp_path / "never.txt")])

    assert (job.state, job.attempts) == (Job.State.FAILED, 3)
    assert job.message.startswith("failed after 3 attempts:")
    assert "not found" in job.message


def test_a_document_that_cannot_be_ingested_fails_the_job_without_retrying(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body></body></html>", "utf-8")

    job = jobs.enqueue("ingest", paths=[str(tmp_path)])

    assert (job.state, job.attempts) == (Job.State.FAILED, 1)
    assert "1 failed" in job.message
    assert "empty.html" in job.message


def test_extract_job_twice_leaves_the_same_statements(tmp_path):
    write_articles(tmp_path, 2)
    jobs.enqueue("ingest", paths=[str(tmp_path)])
    spans = set(Statement.objects.values_list("source_id", "start", "end", "speaker_id"))

    first = jobs.enqueue("extract")
    second = jobs.enqueue("extract")

    assert first.state == second.state == Job.State.SUCCEEDED
    assert set(Statement.objects.values_list("source_id", "start", "end", "speaker_id")) == spans
    assert Statement.objects.count() == len(spans)


def test_export_job_writes_the_dump_into_the_export_folder_only(tmp_path, settings):
    settings.JOBS_EXPORT_DIR = tmp_path / "exports"
    write_articles(tmp_path / "in", 1)
    jobs.enqueue("ingest", paths=[str(tmp_path / "in")])

    job = jobs.enqueue("export", file="../../escape.jsonl")

    assert job.state == Job.State.SUCCEEDED
    written = tmp_path / "exports" / "escape.jsonl"
    assert written.exists()
    assert '"model": "sources.source"' in written.read_text("utf-8")
    assert not (tmp_path / "escape.jsonl").exists()


def test_match_and_cluster_jobs_run(tmp_path):
    write_articles(tmp_path, 2)
    jobs.enqueue("ingest", paths=[str(tmp_path)])

    assert jobs.enqueue("match").state == Job.State.SUCCEEDED
    assert jobs.enqueue("cluster").state == Job.State.SUCCEEDED


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.enqueue("launch")
    assert not Job.objects.exists()


def test_enqueue_records_who_asked(tmp_path):
    alice = UserFactory(username="alice")
    job = jobs.enqueue("ingest", user=alice, paths=[])
    assert job.created_by == alice


def test_ingest_command_in_the_background_runs_a_job(tmp_path, capsys):
    write_articles(tmp_path, 2)

    call_command("ingest", str(tmp_path), "--background")

    job = Job.objects.get()
    assert job.kind == "ingest"
    assert job.state == Job.State.SUCCEEDED
    assert job.parameters["paths"] == [str(tmp_path.resolve())]
    assert f"Job {job.pk} (succeeded)" in capsys.readouterr().out
    assert Source.objects.count() == 2


def test_a_document_the_database_refused_is_retried(tmp_path, monkeypatch, no_backoff):
    from django.db import OperationalError

    from pipeline import ingest

    write_articles(tmp_path, 2)
    real = ingest.store_suggestions
    calls = []

    def refuse_once(source, **options):
        calls.append(source.pk)
        if len(calls) == 1:
            raise OperationalError("the connection was lost")
        return real(source, **options)

    monkeypatch.setattr(ingest, "store_suggestions", refuse_once)
    job = jobs.enqueue("ingest", paths=[str(tmp_path)])

    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2)
    assert job.message == "1 added, 1 unchanged, 0 superseded, 0 failed"
    assert Source.objects.count() == 2
