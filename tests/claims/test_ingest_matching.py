"""Ingesting a document suggests links from its new statements to the claims already known."""

import pytest

from claims.models import Claim, ClaimLink
from pipeline.ingest import ingest_bytes

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Minister warns of floods\n\n"
    "\u201cThe river will flood the old town before Friday,\u201d Environment Minister "
    "Jana Novak said on Tuesday.\n"
)


def test_an_ingested_statement_is_suggested_for_the_claim_it_carries():
    claim = Claim.objects.create(text="The river will flood the old town")
    Claim.objects.create(text="Bread prices doubled in the capital")
    [result] = ingest_bytes(ARTICLE.encode(), name="floods.txt", format="txt")
    assert result.status == "added"
    links = ClaimLink.objects.filter(statement__source=result.source)
    assert [(link.claim, link.state) for link in links.order_by("-score")][:1] == [
        (claim, "suggested")
    ]
