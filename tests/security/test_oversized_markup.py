"""Oversized and deeply nested markup: stored whole, or refused by name with the limit.

Never a RecursionError, a hang, or a page silently stored cut short. Through
``ingest_bytes``, the path the upload page, the API and ``manage.py ingest`` share.
"""

import time

import pytest

from pipeline.ingest import INGEST_MAX_BYTES, Status, ingest_bytes
from sources.models import Source

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "<p>Paragraph {n}: the river will rise by two metres before Friday, Environment "
    "Minister Jana Novak said on Tuesday, and more rain is expected in district {n}.</p>\n"
)


def page(body: str) -> bytes:
    return f"<!doctype html><html lang='en'><head><title>Floods</title></head><body>{body}</body></html>".encode()


def paragraphs(first: int, count: int) -> str:
    return "".join(PARAGRAPH.format(n=n) for n in range(first, first + count))


def test_a_hundred_thousand_nested_divs_are_refused_by_name_with_the_limit():
    data = page("<div>" * 100_000 + paragraphs(0, 3) + "</div>" * 100_000)
    started = time.monotonic()
    [result] = ingest_bytes(data, name="nested.html")
    assert time.monotonic() - started < 10
    assert result.status == Status.FAILED
    assert result.name == "nested.html"
    assert result.message == (
        "the HTML is nested more than 100 elements deep at line 1, over the limit "
        "(INGEST_MAX_HTML_DEPTH): no article's page is nested that deep"
    )
    assert not Source.objects.exists()


def test_with_a_higher_depth_limit_what_the_parser_cuts_off_is_still_refused(settings):
    settings.INGEST_MAX_HTML_DEPTH = 1_000
    data = page("<div>" * 300 + paragraphs(0, 3) + "</div>" * 300)
    [result] = ingest_bytes(data, name="nested.html")
    assert result.status == Status.FAILED
    assert result.message == (
        "the HTML is nested more than 256 elements deep at line 1, past what the HTML parser "
        "reads: the rest of the page would be lost"
    )


def test_a_page_whose_nesting_starts_after_its_first_paragraphs_is_not_stored_cut_short():
    # The parser keeps what comes before the deep part: storing that would drop the rest of
    # the article without a word.
    nested = "<div>" * 300 + paragraphs(3, 3) + "</div>" * 300
    [result] = ingest_bytes(page(paragraphs(0, 3) + nested), name="half.html")
    assert result.status == Status.FAILED
    assert "nested more than 100 elements deep" in result.message
    assert not Source.objects.exists()


def test_nesting_deeper_than_any_article_is_refused_naming_the_limit():
    # trafilatura's time grows with depth × size: 250 levels around 5 MiB took up to 5.8 s.
    # 200 levels were stored before INGEST_MAX_HTML_DEPTH.
    data = page("<section>" + "<div>" * 200 + paragraphs(0, 3) + "</div>" * 200 + "</section>")
    [result] = ingest_bytes(data, name="deep.html")
    assert result.status == Status.FAILED
    # <html>, <body>, <section>, then the 98th <div> is the 101st level.
    assert result.message.startswith("the HTML is nested more than 100 elements deep at line 1")
    assert not Source.objects.exists()


def test_a_page_with_more_text_than_an_article_is_refused_before_trafilatura_reads_it():
    # 5 MiB of text took trafilatura 2.4–5 s at any depth; the page was then stored (or
    # refused only after that, for its cues).
    data = page(paragraphs(0, 15_000))
    assert len(data) < INGEST_MAX_BYTES
    [result] = ingest_bytes(data, name="long.html")
    assert result.status == Status.FAILED
    assert result.message.startswith(
        "the HTML has more than 1,000,000 characters of text (the limit, "
        "INGEST_MAX_HTML_TEXT_CHARACTERS), line "
    )
    assert result.message.endswith(": a page that long is not one article")
    assert not Source.objects.exists()


def test_scripts_and_styles_are_not_counted_as_text(settings):
    settings.INGEST_MAX_HTML_TEXT_CHARACTERS = 2_000
    code = "<script>" + "var x = 1;" * 1_000 + "</script><style>" + "p{}" * 1_000 + "</style>"
    [result] = ingest_bytes(page(code + paragraphs(0, 3)), name="scripts.html")
    assert result.status == Status.ADDED, result.message


def test_nesting_within_the_limit_is_ingested_whole():
    data = page("<div>" * 97 + paragraphs(0, 3) + "</div>" * 97)  # <p> is the 100th level
    [result] = ingest_bytes(data, name="deep.html")
    assert result.status == Status.ADDED, result.message
    assert "more rain is expected in district 2." in result.source.text


def test_a_page_of_several_megabytes_is_ingested_whole():
    # About 3 MB: 300 paragraphs, each in markup heavy with attributes, as pages are.
    filler = "<span class='x' data-track='{}'></span>".format("a" * 10_000)
    body = "".join(f"<div class='row'>{filler}{PARAGRAPH.format(n=n)}</div>\n" for n in range(300))
    data = page(f"<article>{body}</article>")
    assert 3_000_000 < len(data) < INGEST_MAX_BYTES
    [result] = ingest_bytes(data, name="long.html")
    assert result.status == Status.ADDED, result.message
    assert "in district 0." in result.source.text
    assert "in district 299." in result.source.text


def test_a_page_over_the_size_limit_is_refused_by_name_with_the_limit():
    data = page(paragraphs(0, 32_000))
    assert len(data) > INGEST_MAX_BYTES
    [result] = ingest_bytes(data, name="huge.html")
    assert result.status == Status.FAILED
    assert result.name == "huge.html"
    assert result.message == f"the file is {len(data):,} bytes, over the limit of 5,242,880 bytes"
    assert not Source.objects.exists()


def test_markup_in_a_plain_text_document_is_stored_as_its_characters():
    text = "Markup, not a page\n\n" + "<div>" * 100_000 + "\n\nThe end, the editor said.\n"
    [result] = ingest_bytes(text.encode(), name="markup.txt", format="txt")
    assert result.status == Status.ADDED, result.message
    assert result.source.text == text
