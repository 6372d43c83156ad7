"""Background jobs: ``jobs.enqueue(kind, **parameters)`` runs heavy work (ingest, extract,
match, cluster, export) in-process by default, or on Celery workers when
``CELERY_BROKER_URL`` is set. See docs/jobs.md.
"""


def enqueue(kind: str, *, user=None, **parameters):
    """Record a job and run it (in-process) or send it to the workers; returns the Job."""
    from jobs.runner import enqueue as _enqueue

    return _enqueue(kind, user=user, **parameters)
