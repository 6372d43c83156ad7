"""Generated hostile documents through the real ingest path (issue #21, finding 2).

Whatever the shape — dots, repeated speech cues, long tokens, no whitespace, deep or wide
HTML, many attributes, or a random mix of the characters extraction looks for — and whatever
its size up to the document limit, ingestion completes (a source, or a refusal that says
why), and every statement it stores satisfies the span invariant. The limit is lowered to a
few KiB so the test costs seconds; bench/adversarial.py times the shapes up to 5 MiB.
"""

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Statement
from pipeline.ingest import ingest_bytes
from sources.models import Source

from .adversarial import SHAPES

pytestmark = pytest.mark.django_db

MAX_BYTES = 6 * 1024
# The characters extraction and sectioning act on, so a random mix hits their rules.
ALPHABET = st.sampled_from([*" ..\"“”«»'-—:;,!?\n\t<>=/", "said", "He ", "that ", "<p>"])


@st.composite
def hostile_documents(draw):
    if draw(st.booleans()):
        shape = draw(st.sampled_from(sorted(SHAPES)))
        data, format = SHAPES[shape](draw(st.integers(1, MAX_BYTES - 300)))
    else:
        text = "".join(draw(st.lists(ALPHABET, min_size=1, max_size=MAX_BYTES // 4)))
        data, format = text.encode()[:MAX_BYTES], draw(st.sampled_from(["txt", "html"]))
    return data, format


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document=hostile_documents())
def test_hostile_documents_are_ingested_or_refused_and_spans_hold(document):
    data, format = document
    with override_settings(INGEST_MAX_BYTES=MAX_BYTES, INGEST_TIME_LIMIT=2.0):
        results = ingest_bytes(data, name=f"hostile.{format}", format=format)
    for result in results:
        assert result.status in {"added", "unchanged", "failed"}, result
        assert result.message, result
        if result.failed:
            assert not result.retryable, result  # refused for what it is, not a crash
        else:
            assert result.source.text
    for source in Source.objects.filter(pk__in=[r.source.pk for r in results if r.source]):
        sections = list(source.sections.order_by("start"))
        assert [s.start for s in sections[1:]] == [s.end for s in sections[:-1]]
        assert (sections[0].start, sections[-1].end) == (0, len(source.text))
        for statement in Statement.objects.filter(source=source):
            assert source.text[statement.start : statement.end] == statement.text
