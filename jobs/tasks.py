"""The Celery side of jobs: one task that runs any job (see jobs.runner)."""

from celery import signals

from config.celery import app
from jobs import runner


@app.task(name=runner.RUN_JOB_TASK, bind=True, acks_late=True, reject_on_worker_lost=True)
def run_job(self, job_id: int) -> None:
    # acks_late: the message is acknowledged only after the job ended, so a worker killed
    # mid-job leaves it unacknowledged and Redis hands it to another worker after the
    # visibility timeout. The retry is a new message, sent before this one is acknowledged.
    delay = runner.execute(job_id, heartbeat=True)
    if delay is not None:
        raise self.retry(countdown=delay, max_retries=None)


@signals.worker_ready.connect
def requeue_stale_jobs(**kwargs):
    """A job whose worker died after Redis had re-sent its message would wait forever."""
    runner.requeue_stale()
