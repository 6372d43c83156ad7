"""Celery beat's entry points (see CELERY_BEAT_SCHEDULE in config/settings.py)."""

from config.celery import app
from monitoring import notify, polling


@app.task(name="monitoring.tick")
def tick() -> None:
    """Enqueue a poll job for each due feed; notify; send due webhooks."""
    polling.enqueue_due_feeds()
    notify.run_all()


@app.task(name="monitoring.digest")
def digest() -> None:
    notify.send_digests()
