"""A claim's stored figures: what the claims list and the API show of its live links.

``ClaimFigures`` holds, per claim, the number of live statements (``live_link()``: neither
the link nor its statement rejected), of distinct speakers and outlets among them, and the
first and last publication of their sources. Pages read them with
``Claim.objects.with_figures()`` instead of counting a claim's links per request.

Database triggers (migration 0013) keep them true in the transaction of every write that
changes them, whatever makes it: the ORM, a bulk load, raw SQL, another client. This module
counts the same figures from scratch with the ORM and the Python rule, to repair
(``manage.py rebuild_figures``) and to check the triggers against (tests/claims/test_figures.py).
"""

from django.db import connection, transaction
from django.db.models import Count, Max, Min

from claims.models import Claim, ClaimFigures, ClaimLink

FIELDS = ["statement_count", "speaker_count", "outlet_count", "first_seen", "last_seen"]
ZERO = dict.fromkeys(FIELDS[:3], 0) | dict.fromkeys(FIELDS[3:])


def counted() -> dict[int, dict]:
    """Every claim's figures counted from its links now, by claim id (zeros for no links)."""
    counts = (
        ClaimLink.objects.live()
        .order_by()
        .values("claim")
        .annotate(
            statement_count=Count("id"),
            speaker_count=Count("statement__speaker", distinct=True),
            outlet_count=Count("statement__source__outlet", distinct=True),
            first_seen=Min("statement__source__published_at"),
            last_seen=Max("statement__source__published_at"),
        )
    )
    found = {row.pop("claim"): row for row in counts}
    return {pk: found.get(pk, ZERO) for pk in Claim.objects.values_list("pk", flat=True)}


def stored() -> dict[int, dict]:
    """Every claim's stored figures, by claim id (a claim without a row is missing)."""
    return {row.pop("claim"): row for row in ClaimFigures.objects.values("claim", *FIELDS)}


@transaction.atomic
def rebuild() -> int:
    """Recount every claim's figures and store them; returns how many rows were wrong or
    missing. For repair: the triggers keep them true, unless someone turned them off."""
    if connection.vendor == "postgresql":
        # Writers of what is counted wait until the counts are stored, or a link rejected
        # between the count and the store would be stored as live. (SQLite: one writer.)
        with connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE claims_claim, claims_claimlink, claims_statement, sources_source "
                "IN SHARE MODE"
            )
    counts, rows = counted(), stored()
    wrong = [pk for pk, figures in counts.items() if rows.get(pk) != figures]
    ClaimFigures.objects.bulk_create(
        [ClaimFigures(claim_id=pk, **counts[pk]) for pk in wrong],
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=FIELDS,
        batch_size=1000,
    )
    return len(wrong)
