"""Running a job: claiming it, doing it once, recording how it ended.

A job runs where ``enqueue`` sends it: in this process, at once, when no broker is set (the
embedded default: the demo, tests, one machine); on a Celery worker when
``CELERY_BROKER_URL`` is set. Both paths go through ``execute``, so a job behaves the same
wherever it runs.

Exactly one runner works on a job at a time: ``claim`` is one conditional UPDATE that takes a
queued job, or a running one whose worker stopped touching ``heartbeat_at`` (it died). A
message delivered twice — Redis re-sends a message not acknowledged within its visibility
timeout — finds the job running or finished and does nothing.
"""

import logging
import threading
import time
from contextlib import nullcontext
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from config.celery import app
from jobs.kinds import HANDLERS, PermanentFailure
from jobs.models import Job

logger = logging.getLogger(__name__)

# Defaults; settings may override them under the same names.
RUN_JOB_TASK = "jobs.run_job"  # jobs.tasks.run_job
JOBS_MAX_ATTEMPTS = 4
JOBS_RETRY_BACKOFF = 10.0  # seconds before the 2nd attempt; doubled for each one after
JOBS_HEARTBEAT_TIMEOUT = 60.0  # a running job untouched this long has lost its worker
PROGRESS_INTERVAL = 0.5  # seconds between progress writes


def setting(name):
    return getattr(settings, name, globals()[name])


def uses_workers() -> bool:
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def enqueue(kind: str, *, user=None, **parameters) -> Job:
    """Record a job and run it here and now, or hand it to the workers once committed."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}; one of {', '.join(HANDLERS)}")
    creator = user if user is not None and user.is_authenticated else None
    job = Job.objects.create(kind=kind, parameters=parameters, created_by=creator)
    if uses_workers():
        transaction.on_commit(lambda: send(job.pk))
    else:
        run_in_process(job.pk)
        job.refresh_from_db()
    return job


def send(job_id: int, countdown: float | None = None) -> None:
    """To the workers by the task's name: jobs.tasks calls this module, not the reverse."""
    # The limits go with each message: the worker's pool enforces what a message carries.
    app.send_task(
        RUN_JOB_TASK,
        (job_id,),
        countdown=countdown,
        soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
        time_limit=settings.CELERY_TASK_TIME_LIMIT,
    )


def run_in_process(job_id: int) -> None:
    """Every attempt the job needs, with the backoff between them, in this process."""
    while (delay := execute(job_id)) is not None:
        time.sleep(delay)


def execute(job_id: int, *, heartbeat: bool = False) -> float | None:
    """Run the job once if it is ours to run; the seconds to wait before a retry, or None."""
    job = claim(job_id)
    if job is None:
        return None
    handler = HANDLERS[job.kind]
    beat = Heartbeat(job.pk) if heartbeat else nullcontext()
    try:
        with beat:
            message = handler(job.parameters, Progress(job.pk), job.created_by)
    except PermanentFailure as error:
        finish(job.pk, Job.State.FAILED, str(error))
        return None
    except SoftTimeLimitExceeded:  # a worker's limit: running it again would end the same way
        # The limit may strike while a query is on the wire: that connection cannot send
        # another ("another command is already in progress"), so the failure is recorded on
        # a new one.
        connection.close()
        limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
        message = f"stopped: the job ran longer than its time limit of {limit:,} seconds"
        finish(job.pk, Job.State.FAILED, f"{message} (CELERY_TASK_SOFT_TIME_LIMIT)")
        return None
    except Exception as error:
        logger.exception("job %s, attempt %s failed", job.pk, job.attempts)
        if job.attempts >= setting("JOBS_MAX_ATTEMPTS"):
            finish(job.pk, Job.State.FAILED, f"failed after {job.attempts} attempts: {error}")
            return None
        delay = setting("JOBS_RETRY_BACKOFF") * 2 ** (job.attempts - 1)
        Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
            state=Job.State.QUEUED,
            message=f"attempt {job.attempts} failed: {error}; retrying in {delay:g} s",
            heartbeat_at=None,
        )
        return delay
    finish(job.pk, Job.State.SUCCEEDED, message)
    return None


def claim(job_id: int) -> Job | None:
    """Take the job if it is queued, or running on a worker that stopped beating."""
    now = timezone.now()
    stale = now - timedelta(seconds=setting("JOBS_HEARTBEAT_TIMEOUT"))
    ours = Q(state=Job.State.QUEUED) | Q(state=Job.State.RUNNING, heartbeat_at__lt=stale)
    updated = Job.objects.filter(ours, pk=job_id).update(
        state=Job.State.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
    )
    return Job.objects.select_related("created_by").get(pk=job_id) if updated else None


def finish(job_id: int, state: str, message: str) -> None:
    now = timezone.now()
    updates = {"state": state, "message": message, "finished_at": now, "heartbeat_at": now}
    if state == Job.State.SUCCEEDED:
        Job.objects.filter(pk=job_id, total__isnull=False).update(done=F("total"))
    Job.objects.filter(pk=job_id).update(**updates)


def requeue_stale() -> list[int]:
    """Send again every running job whose worker died (run when a worker starts)."""
    stale = timezone.now() - timedelta(seconds=setting("JOBS_HEARTBEAT_TIMEOUT"))
    ids = list(
        Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for job_id in ids:
        send(job_id)
    return ids


class Progress:
    """``progress(done, total)``: written at most every PROGRESS_INTERVAL seconds, and last."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.written = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - self.written < PROGRESS_INTERVAL and done != total:
            return
        self.written = now
        Job.objects.filter(pk=self.job_id).update(
            done=done, total=total, heartbeat_at=timezone.now()
        )


class Heartbeat:
    """Touches the job from a thread while a long step runs, so it is not taken as dead."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def __enter__(self):
        self.thread.start()

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()

    def _beat(self):
        interval = setting("JOBS_HEARTBEAT_TIMEOUT") / 4
        try:
            while not self.stopped.wait(interval):
                Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()  # this thread's own connection
