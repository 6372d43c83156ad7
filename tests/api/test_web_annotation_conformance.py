"""Every statement's W3C Web Annotation satisfies the MUST assertions of the W3C Web
Annotation test suite, one statement at a time and in a claim's AnnotationPage."""

import pytest

from claims.models import Claim, Statement
from tests.api.web_annotation_suite import SUITE, failed_musts, must_assertions
from tests.claims.test_sample_claims import sample  # noqa: F401 (a fixture)
from tests.factories import ClaimLinkFactory, SourceFactory, StatementFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SUITE.is_dir(), reason=f"the W3C Web Annotation test suite is not at {SUITE}"
    ),
]


def test_the_suite_has_its_54_must_assertions():
    assert must_assertions() == 54


def test_every_statement_of_the_demo_and_every_shape_of_one_conforms(analyst, sample):  # noqa: F811
    # Besides the demo's machine suggestions: a speaker named only by a mention, none at
    # all, a person's own statement, a source with a web address.
    StatementFactory(speaker=None, speaker_mention="a spokesman")
    StatementFactory(speaker=None, speaker_mention="")
    StatementFactory(created_by=UserFactory(username="bob", role="annotator"))
    StatementFactory(source=SourceFactory(url="https://news.example.org/a"))
    failures = {}
    for pk in Statement.objects.values_list("pk", flat=True):
        annotation = analyst.get(f"/api/statements/{pk}/annotation/").json()
        if failed := failed_musts(annotation):
            failures[pk] = failed
    assert Statement.objects.count() > 30
    assert failures == {}


def test_a_claims_annotation_page_holds_conforming_annotations(analyst, sample):  # noqa: F811
    claim = Claim.objects.get(slug="foreign-interference")
    ClaimLinkFactory(claim=claim)
    page = analyst.get(f"/api/claims/{claim.slug}/annotations/").json()
    assert page["type"] == "AnnotationPage"
    assert len(page["items"]) == claim.links.live().count()
    assert {a["id"]: failed_musts(a) for a in page["items"] if failed_musts(a)} == {}
