"""Documents made to be slow (issue #21, finding 2): every one is parsed and extracted under
a hard time limit per document (INGEST_TIME_LIMIT), in requests and in jobs, and markup that
would make the C parsers slow is refused, by name, before they see it.

How long things take is measured in bench/adversarial.py (docs/benchmarks.md), not here:
these tests lower the limit so that an ordinary document is over it, and check what a user
would see — the limit named, nothing stored — not how fast anything is.
"""

import pytest

import jobs
from claims import suggestions
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
    # LONG_ARTICLE has more cues than an article; here it stands for any slow document.
    settings.INGEST_MAX_SPEECH_CUES = 10**9
    settings.INGEST_MAX_BODY_CHARACTERS = 10**9
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


def test_a_text_of_more_lines_than_an_article_is_refused_before_sectioning_naming_the_limit():
    # 5 MiB of comment-like lines took 2.2–6 s to section before MAX_SECTIONS refused them.
    lines = "Leave a Reply\n12 comments:\nkriten 8 January 2022 10:28\n" * 20_000
    [result] = ingest_bytes(f"{SENTENCE}\n\n{lines}".encode(), name="comments.txt")
    assert result.status == "failed"
    assert result.message == (
        "the document has 60,003 lines, more than the limit of 50,000 (INGEST_MAX_LINES): it "
        "is not one article"
    )
    assert not Source.objects.exists()


def test_a_document_with_more_statements_than_the_limit_is_refused_naming_it(monkeypatch):
    # 2,000 in production; each statement is a row and a matching candidate, stored where no
    # timer may stop it.
    monkeypatch.setattr(suggestions, "MAX_SUGGESTIONS", 3)
    [result] = ingest_bytes("\n\n".join([SENTENCE] * 4).encode(), name="quotes.txt")
    assert result.status == "failed"
    assert result.message == (
        "extraction found 4 statements in the document, more than the limit of 3 for one document"
    )
    assert not Source.objects.exists()


# Documents that are nothing but what extraction acts on (speech cues, quotations, runs of
# characters without a space) each kept extraction busy for the whole INGEST_TIME_LIMIT (20 s
# at 0.5–5 MB, bench/adversarial.py): counted before extraction, they are refused by name, or
# the runs left out, in milliseconds.


def test_a_document_of_speech_cues_is_refused_before_extraction_naming_the_limit():
    [result] = ingest_bytes(("He said that " * 35_000).encode(), name="cues.txt")
    assert result.status == "failed"
    assert result.message == (
        "the document has more than 5,000 speech cues (the limit, INGEST_MAX_SPEECH_CUES): "
        "more than any article has, so it is not read for statements"
    )
    assert not result.retryable
    assert not Source.objects.exists()


def test_a_document_of_quotations_is_refused_before_extraction_naming_the_limit():
    # Russian: about 1 ms a quotation mark, so 0.5 MB of them used up the 20 s.
    text = "«Мы победим», — сказал министр Иванов. " * 12_000
    [result] = ingest_bytes(text.encode(), name="quotes.txt", language="ru")
    assert result.status == "failed"
    assert result.message == (
        "the document has more than 2,000 quotation marks (the limit, "
        "INGEST_MAX_QUOTATION_MARKS): more than any article has, so it is not read for "
        "statements"
    )
    assert not Source.objects.exists()


def test_a_body_longer_than_any_article_is_refused_before_extraction_naming_the_limit():
    # Ordinary prose: some 1.3 s of extraction a million characters, 12.6 s at 5 MiB with the
    # cues and quotations allowed spread through it (bench/adversarial.py).
    prose = "The river will rise by two metres before Friday and farmers moved their cattle.\n"
    text = "Floods\n\n" + prose * 7_000
    [result] = ingest_bytes(text.encode(), name="book.txt")
    assert result.status == "failed"
    assert result.message == (
        f"the document's body is {len(text):,} characters, more than the "
        "limit of 500,000 read for statements (INGEST_MAX_BODY_CHARACTERS): it is not one "
        "article"
    )
    assert not Source.objects.exists()


def test_the_statement_marker_limits_are_settings(settings):
    settings.INGEST_MAX_SPEECH_CUES = 3
    [result] = ingest_bytes("\n\n".join([SENTENCE] * 4).encode(), name="four.txt")
    assert result.status == "failed"
    assert "more than 3 speech cues (the limit, INGEST_MAX_SPEECH_CUES)" in result.message
    settings.INGEST_MAX_SPEECH_CUES = 4
    [result] = ingest_bytes("\n\n".join([SENTENCE] * 4).encode(), name="four.txt")
    assert result.status == "added", result.message


def test_a_run_without_whitespace_longer_than_a_word_is_stored_but_not_read_for_statements():
    run = 'Minister,said:"We-will"-adding.that;' * 50_000  # 1.8 MB, no space in it
    after = "The dam will hold until Sunday, Mayor Petr Kral said."
    text = f"Floods\n\n{SENTENCE}\n\n{run}\n\n{after}\n"
    [result] = ingest_bytes(text.encode(), name="run.txt")
    assert result.status == "added", result.message
    assert result.source.text == text
    statements = Statement.objects.filter(source=result.source).order_by("start")
    assert [(s.text, s.speaker_mention) for s in statements] == [
        ("The river will rise by two metres before Friday", "Environment Minister Jana Novak"),
        ("The dam will hold until Sunday", "Mayor Petr Kral"),
    ]


def test_a_run_as_long_as_the_word_limit_is_read(settings):
    settings.INGEST_MAX_WORD_LENGTH = len("Environment")  # the sentence's longest word
    [result] = ingest_bytes(f"Floods\n\n{SENTENCE}".encode(), name="at-the-limit.txt")
    mentions = Statement.objects.filter(source=result.source).values_list("speaker_mention")
    assert list(mentions) == [("Environment Minister Jana Novak",)]
    settings.INGEST_MAX_WORD_LENGTH -= 1  # "Environment" is blanked out, "Minister" is read
    [result] = ingest_bytes(f"Floods\n\n{SENTENCE} Again.".encode(), name="over-it.txt")
    assert result.status == "added", result.message
    mentions = Statement.objects.filter(source=result.source).values_list("speaker_mention")
    assert ("Environment Minister Jana Novak",) not in list(mentions)
