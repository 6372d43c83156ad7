"""The claims app's Celery task: a claim page's stored provenance recomputed on a worker after
a review write, when workers run the jobs (``CELERY_BROKER_URL`` set; see
claims/provenance_page.py ``refresh_after_commit``)."""

from claims import provenance_page
from config.celery import app


@app.task(name=provenance_page.REFRESH_TASK, ignore_result=True, acks_late=True)
def refresh_provenance(claim_ids: list[int]) -> int:
    return provenance_page.refresh(claim_ids)
