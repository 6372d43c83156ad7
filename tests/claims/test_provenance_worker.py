"""With workers running the jobs, a review write's stored provenance is recomputed on a real
Celery worker (a subprocess, on the local Redis), not in the writer's request. PostgreSQL
only, as tests/jobs/test_worker.py, whose workers these are."""

import pytest

from claims import provenance, provenance_page, review
from claims.models import ClaimProvenance, ReviewState
from tests.factories import ClaimFactory, ClaimLinkFactory, StatementFactory, UserFactory
from tests.jobs.test_worker import module_workers, wait_for, workers  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_review_write_has_a_worker_recompute_what_was_read(workers):  # noqa: F811
    worker = workers.running()
    claim = ClaimFactory()
    link = ClaimLinkFactory(claim=claim, statement=StatementFactory())
    provenance_page.for_page(claim)  # read once: stored at version v
    admin = UserFactory(username="root", role="admin")

    review.transition(link, ReviewState.ACCEPTED, user=admin, base_version=link.version)

    fresh = provenance_page.PageProvenance.of(claim, provenance.for_claim(claim)).to_json()

    def recomputed():
        return ClaimProvenance.objects.get(claim=claim).summary(False) == fresh

    wait_for(recomputed, 30, "the worker to store the claim's provenance")
    log = worker.log.read_text(errors="replace")
    assert "claims.refresh_provenance" in log  # the worker did it, not this process
    assert "succeeded" in log.split("claims.refresh_provenance", 1)[1]
