"""The demo's contract on the sample corpus: extracted, matched, traced.

After the corpus is loaded and extracted, ``load_sample_claims()`` must leave the claim
"foreign interference" with its statements suggested above the unrelated ones, Tokayev's
5 January statement as the earliest dated one, and the RBC article's statements relayed
from BelTA.
"""

import json
from datetime import date

import pytest
from django.conf import settings

from claims.linking import load_sample_claims
from claims.matching.evaluate import average_precision
from claims.matching.semantic import load_embedder
from claims.models import Claim, Statement
from claims.provenance import for_claim
from claims.suggestions import store_suggestions
from pipeline.management.commands.demo import load_sample_corpus
from sources.models import Source

pytestmark = pytest.mark.django_db

# The English articles and the Russian-language samples, each with its gold statements.
SETS = [
    (settings.SAMPLE_DATA_DIR / "kazakhstan-2022", settings.SAMPLE_DATA_DIR / "kazakhstan-2022.gold.jsonl"),
    (settings.SAMPLE_DATA_DIR / "kazakhstan-2022-ru", settings.SAMPLE_DATA_DIR / "kazakhstan-2022-ru.gold.jsonl"),
]  # fmt: skip
# Average precision of the claim's suggested links against the gold labels (docs/claims.md).
# 1.0 is the contract: every foreign-interference statement above every unrelated one.
FLOOR = {"lexical": 1.0, "hybrid": 0.98}


@pytest.fixture(scope="module")
def gold():
    return [
        json.loads(line)
        for _, path in SETS
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture
def sample(django_db_blocker):
    load_sample_corpus()
    for source in Source.objects.all():
        store_suggestions(source)
    load_sample_claims()


def gold_label(statement, gold):
    """The gold claim of the gold statement this statement overlaps most, or None."""
    doc = next(
        p.stem
        for folder, _ in SETS
        for p in folder.glob("*.txt")
        if p.read_text(encoding="utf-8") == statement.source.text
    )
    best, label = 0, None
    for record in gold:
        if record["doc"] == doc:
            overlap = min(statement.end, record["end"]) - max(statement.start, record["start"])
            if overlap > best:
                best, label = overlap, record.get("claim")
    return label


def test_foreign_interference_statements_rank_above_the_unrelated(sample, gold):
    claim = Claim.objects.get(slug="foreign-interference")
    ranked = [link.statement for link in claim.links.order_by("-score", "id")]
    relevant = {
        s.pk
        for s in Statement.objects.select_related("source")
        if gold_label(s, gold) == "foreign-interference"
    }

    ap = average_precision([s.pk for s in ranked], relevant)

    assert len(relevant) >= 12
    assert ap >= FLOOR["hybrid" if load_embedder() else "lexical"]


def test_tokayev_on_5_january_is_the_earliest_dated(sample):
    provenance = for_claim(Claim.objects.get(slug="foreign-interference"))

    assert provenance.earliest.statement.speaker == "Kassym-Jomart Tokayev"
    assert provenance.earliest.date == date(2022, 1, 5)
    assert "external aggression" in provenance.earliest.statement.text


def test_the_rbc_article_relays_lukashenko_from_belta(sample):
    provenance = for_claim(Claim.objects.get(slug="foreign-interference"))

    assert ["RBC", "BelTA", "Alexander Lukashenko"] in provenance.graph.chains()
    rbc = [e for e in provenance.timeline if e.statement.outlet == "RBC"]
    lukashenko = [e for e in rbc if e.statement.speaker == "Alexander Lukashenko"]
    assert lukashenko
    assert all(e.statement.cited_outlet == "BelTA" for e in lukashenko)
