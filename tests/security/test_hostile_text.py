"""Documents made to be slow (issue #21, finding 2): every one is parsed and extracted under
a hard time limit per document (INGEST_TIME_LIMIT), in requests and in jobs, and markup that
would make the C parsers slow is refused, by name, before they see it.

How long things take is measured in bench/adversarial.py (docs/benchmarks.md), not here:
these tests lower the limit so that an ordinary document is over it, and check what a user
would see — the limit named, nothing stored — not how fast anything is.
"""

import pytest

import jobs
from claims import extract
from claims.models import Statement
from jobs.models import Job
from pipeline.ingest import ingest_bytes
from sources.ingestion.documents import (
    MAX_HTML_ATTRIBUTES,
    MAX_HTML_ELEMENTS,
    MAX_HTML_PAGE_ATTRIBUTES,
    MAX_SECTIONS,
)
from sources.models import Source
from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SENTENCE = "The river will rise by two metres before Friday, Environment Minister Jana Novak said."
# Some 700 KB of quotes: a few seconds of parsing and extraction, far over a limit of 0.05 s.
LONG_ARTICLE = "Floods\n\n" + "\n\n".join(
    f"{SENTENCE} Paragraph {n} of many, the ministry added on Tuesday." for n in range(6000)
)
OVER_THE_LIMIT = "took longer than its time limit of 0.05 seconds (INGEST_TIME_LIMIT)"
PARAGRAPH = f"<p>{SENTENCE} More rain is expected next week, the forecasters said.</p>"


@pytest.fixture
def short_limit(settings):
    settings.INGEST_TIME_LIMIT = 0.05
    return settings


def html_page(markup: str) -> bytes:
    return f"<html><body><article>{PARAGRAPH * 3}{markup}</article></body></html>".encode()


def test_a_document_over_the_time_limit_is_refused_naming_it(short_limit):
    [result] = ingest_bytes(LONG_ARTICLE.encode(), name="floods.txt")
    assert result.status == "failed"
    assert result.name == "floods.txt"
    assert OVER_THE_LIMIT in result.message
    assert not result.retryable
    assert not Source.objects.exists()
    assert not Statement.objects.exists()


def test_each_json_lines_record_has_its_own_time_limit(short_limit):
    short_limit.INGEST_TIME_LIMIT = 2.0  # ample for one sentence on a busy machine
    slow = b'{"text": "%s"}' % (LONG_ARTICLE * 3).encode().replace(b"\n", b"\\n")
    quick = b'{"text": "%s"}' % SENTENCE.encode()
    results = ingest_bytes(slow + b"\n" + quick, name="dump.jsonl")
    assert [result.status for result in results] == ["failed", "added"]
    assert "took longer than its time limit of 2 seconds (INGEST_TIME_LIMIT)" in (
        results[0].message
    )
    assert results[0].name == "dump.jsonl, line 1"


def test_the_api_refuses_a_document_over_the_time_limit_naming_it(short_limit):
    api = client_for(UserFactory(username="bob", role="annotator"))
    response = api.post("/api/sources/", {"text": LONG_ARTICLE}, format="json")
    assert response.status_code == 422
    assert OVER_THE_LIMIT in response.json()["error"]["message"]
    assert not Source.objects.exists()


def test_an_ingest_job_over_the_time_limit_fails_naming_it_without_retrying(short_limit):
    job = jobs.enqueue("ingest", payload=LONG_ARTICLE, name="floods.txt", format="txt")
    assert (job.state, job.attempts) == (Job.State.FAILED, 1)
    assert OVER_THE_LIMIT in job.message
    assert not Source.objects.exists()


def test_an_extract_job_over_the_time_limit_fails_naming_it_and_keeps_the_statements(settings):
    [result] = ingest_bytes(f"Floods\n\n{SENTENCE}\n\n{SENTENCE}".encode(), name="floods.txt")
    stored = set(Statement.objects.values_list("pk", "start", "end"))
    assert result.status == "added"
    assert stored
    settings.INGEST_TIME_LIMIT = 0.000001  # over it before extraction starts
    job = jobs.enqueue("extract", sources=[result.source.pk])
    assert (job.state, job.attempts) == (Job.State.FAILED, 1)
    assert (
        f"source {result.source.pk}: processing the document took longer than its time limit "
        "of 1e-06 seconds (INGEST_TIME_LIMIT), while extracting statements"
    ) in job.message
    assert set(Statement.objects.values_list("pk", "start", "end")) == stored


def test_an_element_with_too_many_attributes_is_refused_before_parsing():
    attributes = " ".join(f'data-a{n}="x"' for n in range(40_000))
    [result] = ingest_bytes(html_page(f"<p {attributes}>{SENTENCE}</p>"), name="page.html")
    assert result.status == "failed"
    assert result.message == (
        f"an element at line 1 of the HTML has 40,000 attributes, more than the limit of "
        f"{MAX_HTML_ATTRIBUTES} on one element"
    )


def test_attributes_hidden_behind_a_quoted_angle_bracket_are_counted():
    attributes = " ".join(f"a{n}" for n in range(MAX_HTML_ATTRIBUTES + 1))
    [result] = ingest_bytes(html_page(f'<p title="1 > 0" {attributes}>x</p>'), name="p.html")
    assert result.status == "failed"
    assert f"more than the limit of {MAX_HTML_ATTRIBUTES} on one element" in result.message


def test_an_element_at_the_attribute_limit_is_read():
    attributes = " ".join(f'data-a{n}="x"' for n in range(MAX_HTML_ATTRIBUTES - 1))
    [result] = ingest_bytes(html_page(f"<p {attributes}>{SENTENCE}</p>"), name="page.html")
    assert result.status == "added"


def test_a_page_with_too_many_elements_is_refused_naming_the_limit():
    [result] = ingest_bytes(html_page("<span>x</span>" * MAX_HTML_ELEMENTS), name="wide.html")
    assert result.status == "failed"
    assert f"the HTML has more than {MAX_HTML_ELEMENTS:,} elements (the limit)" in result.message


def test_a_page_with_too_many_attributes_in_all_is_refused_naming_the_limit():
    element = "<i " + " ".join(f"a{n}" for n in range(60)) + ">x</i>"
    count = MAX_HTML_PAGE_ATTRIBUTES // 60 + 1
    [result] = ingest_bytes(html_page(element * count), name="attributes.html")
    assert result.status == "failed"
    assert f"more than {MAX_HTML_PAGE_ATTRIBUTES:,} attributes (the limit for a page)" in (
        result.message
    )


def test_a_text_of_more_sections_than_an_article_has_is_refused_naming_the_limit():
    # Lines alternating between comments and page furniture: a section each, every one a row
    # written where no timer can stop it.
    lines = "Leave a Reply\n12 comments:\nkriten 8 January 2022 10:28\n" * (MAX_SECTIONS // 2)
    [result] = ingest_bytes(f"{SENTENCE}\n\n{lines}".encode(), name="comments.txt")
    assert result.status == "failed"
    assert (
        f"sections (body, comments, page furniture), more than the limit of {MAX_SECTIONS:,}"
        in (result.message)
    )
    assert not Source.objects.exists()


def test_a_document_with_more_statements_than_the_limit_is_refused_naming_it(monkeypatch):
    # 2,000 in production; each statement is a row and a matching candidate, stored where no
    # timer may stop it.
    monkeypatch.setattr(extract, "MAX_SUGGESTIONS", 3)
    [result] = ingest_bytes("\n\n".join([SENTENCE] * 4).encode(), name="quotes.txt")
    assert result.status == "failed"
    assert result.message == (
        "extraction found 4 statements in the document, more than the limit of 3 for one document"
    )
    assert not Source.objects.exists()
