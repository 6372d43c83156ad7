"""Plain text, HTML and JSON Lines to prepared documents, without Django."""

import json
from datetime import UTC, datetime

import pytest

from sources.ingestion import DocumentError, detect_format, prepare_bytes, prepare_html

from .conftest import NAV_ONLY_HTML, article_html

LIMIT = 1_000_000


def prepare(data: bytes, name: str, **kwargs):
    return list(prepare_bytes(data, name=name, max_bytes=LIMIT, **kwargs))


def test_html_main_text_and_metadata_are_extracted():
    document = prepare_html(article_html().decode(), url="https://daily.example.org/x")
    assert document.title == "Minister warns of floods"
    assert document.byline == "Petra Kos"
    assert document.outlet == "Daily Example"
    assert document.url == "https://daily.example.org/news/floods"  # the canonical URL
    assert document.published == datetime(2022, 1, 8, tzinfo=UTC)
    assert document.language == "en"
    assert "Environment Minister Jana Novak said" in document.text
    assert "Home" not in document.text
    assert document.raw.startswith("<!doctype html>")


def test_html_without_main_text_is_refused():
    [error] = prepare(NAV_ONLY_HTML, "menu.html")
    assert isinstance(error, DocumentError)
    assert str(error) == (
        "menu.html: the HTML page has no main text (no paragraph of running text, only menus, "
        "headings or markup)"
    )


@pytest.mark.parametrize("page", [b"<!-- x -->", b"<!DOCTYPE html>", b"<!-- a --><!-- b -->"])
def test_a_page_without_a_single_element_is_refused_as_having_no_main_text(page):
    # Found by the fuzz test: lxml parses these to no tree at all, and the depth check crashed.
    [error] = prepare(page, "empty.html", format="html")
    assert isinstance(error, DocumentError)
    assert str(error).startswith("empty.html: the HTML page has no main text")


def test_plain_text_title_date_and_byline_come_from_its_lines():
    text = (
        "Saturday, January 8, 2022\n\nRiver rises in the capital\n\n"
        "The river rose by two metres overnight, the city's flood service said on Saturday.\n\n"
        "By Petra Kos\nSource: Daily Example\n"
    )
    [document] = prepare(text.encode(), "river.txt")
    assert document.title == "River rises in the capital"
    assert document.published == datetime(2022, 1, 8, tzinfo=UTC)
    assert document.byline == "Petra Kos"
    assert document.credited_outlet == "Daily Example"
    assert document.text == text


@pytest.mark.parametrize(
    ("name", "data", "content_type", "expected"),
    [
        ("a.html", b"plain words", "", "html"),
        ("a.jsonl", b"{}", "", "jsonl"),
        ("a.txt", b"<html>", "", "txt"),
        ("https://example.org/story", b"x", "text/html; charset=utf-8", "html"),
        ("upload", b"  <!DOCTYPE html><html>", "", "html"),
        ("upload", b"Just words", "", "txt"),
    ],
)
def test_format_is_detected_from_extension_then_content_type_then_bytes(
    name, data, content_type, expected
):
    assert detect_format(name, data, content_type) == expected


def test_jsonl_yields_one_document_per_line_and_names_bad_lines():
    lines = [
        json.dumps(
            {"text": "First story. The minister said the river would rise.", "title": "One"}
        ),
        "this is not json",
        json.dumps({"title": "No text here"}),
        "",
        json.dumps({"html": article_html().decode(), "outlet": "Override Daily"}),
        json.dumps({"text": "Dated story.", "published": "next Blursday"}),
    ]
    results = prepare("\n".join(lines).encode(), "batch.jsonl")
    first, not_json, no_text, html, bad_date = results
    assert first.title == "One"
    assert first.name == "batch.jsonl, line 1"
    assert str(not_json).startswith("batch.jsonl, line 2: not valid JSON")
    assert (
        str(no_text)
        == 'batch.jsonl, line 3: the record has no "text" or "html" (a non-empty string)'
    )
    assert html.outlet == "Override Daily"
    assert html.title == "Minister warns of floods"
    assert str(bad_date) == "batch.jsonl, line 6: published is not a date: 'next Blursday'"


def test_jsonl_file_that_is_binary_is_refused():
    [error] = prepare(b"PK\x03\x04zipzip", "batch.jsonl")
    assert (
        str(error)
        == "batch.jsonl: this is a ZIP archive (or an Office/EPUB document), not JSON Lines"
    )


def test_canonical_url_on_another_site_is_not_trusted():
    document = prepare_html(article_html().decode(), url="https://mirror.example.net/copy")
    assert document.url == "https://mirror.example.net/copy"


def test_jsonl_file_starting_with_a_byte_order_mark_reads_its_first_line():
    data = b"\xef\xbb\xbf" + json.dumps({"text": "A story with a mark in front."}).encode()
    [document] = prepare(data, "batch.jsonl")
    assert document.text == "A story with a mark in front."
