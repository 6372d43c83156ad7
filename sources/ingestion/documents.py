"""Inputs to prepared documents: the stored text, its sections and its metadata.

Plain text, HTML (main text and metadata by trafilatura) and JSON Lines (one document per
line). Nothing here touches the database; ``pipeline.ingest`` stores what comes out.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import trafilatura
from dateutil import parser as date_parser
from django.conf import settings
from lxml import etree

from sources.ingestion.decoding import binary_kind, decode_bytes, normalize_text
from sources.ingestion.errors import DocumentError
from sources.sectioning import BODY, BYLINE, DATE_LINE, SectionSpan, is_paragraph, split_sections

FORMATS = ("txt", "html", "jsonl")
TEXT_EXTENSIONS = {".txt", ".text", ".md"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
HTML_CONTENT_TYPES = {"text/html", "application/xhtml+xml"}
JSONL_CONTENT_TYPES = {"application/jsonl", "application/x-ndjson", "application/x-jsonlines"}
JSONL_FIELDS = {"text", "html", "title", "url", "author", "published", "outlet", "language"}
_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<!--)", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^(?:source:|источник|джерело:?)\s*(\S.{0,60})$", re.IGNORECASE)
# Nesting: libxml2, which parses HTML for trafilatura, stops at 256 levels and drops the rest
# of the page, and trafilatura's cost grows with depth × size (its fallback measures the text
# under every ancestor): 250 levels around 5 MiB of text took 3.8–5.8 s to parse. News pages
# nest a few dozen levels (Lighthouse flags a page deeper than 32 as excessive); a page
# deeper than INGEST_MAX_HTML_DEPTH (a setting, environment too) is refused by name.
INGEST_MAX_HTML_DEPTH = 100
# trafilatura's time also grows with the page's text: 5 MiB of it took 2.4–5 s to parse at any
# depth. Extraction reads at most INGEST_MAX_BODY_CHARACTERS (half a million) of an article; a page
# with more than twice that in text (scripts and styles aside) is refused before trafilatura.
INGEST_MAX_HTML_TEXT_CHARACTERS = 1_000_000
# What makes the HTML parsers slow, in C code nothing can interrupt, is bounded before parsing
# (each limit refused by name), so their time grows linearly with the page and stays within
# seconds at the size limit (bench/adversarial.py):
# - libxml2 compares each attribute of an element with the ones before it: 40,000 attributes
#   on one element took 12 s in lxml and 39 s in trafilatura. No page needs more than a few
#   dozen on one element.
# - trafilatura spends tens of microseconds on every element and attribute of the page, and
#   more than that on long runs of sibling elements: 250,000 empty elements (5 MB) took 34 s.
#   Long news pages have a few thousand elements.
MAX_HTML_ATTRIBUTES = 100  # on one element
MAX_HTML_PAGE_ATTRIBUTES = 100_000  # on the whole page
MAX_HTML_ELEMENTS = 20_000
# An article has a few dozen sections; a text whose lines alternate between comments and page
# furniture can have hundreds of thousands, each a row written in one transaction nothing can
# interrupt (190,000 took 40 s). Refused instead.
MAX_SECTIONS = 5_000
# Sectioning reads every line (5 MiB of 28-character lines: 2.2–6 s before MAX_SECTIONS could
# refuse it), so lines are counted first. Extraction reads at most 500,000 characters of body
# (INGEST_MAX_BODY_CHARACTERS), some 10,000 lines of running text.
INGEST_MAX_LINES = 50_000
_START_TAG = re.compile(r"""<[A-Za-z](?:[^"'>]++|"[^"]*+"|'[^']*+')*+""")
_QUOTED_OR_UNQUOTED_VALUE = re.compile(r"""=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`]*+)""")
_ATTRIBUTE_NAME = re.compile(r"""[^\s"'=/>]++""")


@dataclass
class PreparedDocument:
    """One document ready to store: ``text`` is what spans index into."""

    text: str
    raw: str
    raw_content_type: str
    sections: list[SectionSpan]
    title: str = ""
    byline: str = ""
    published: datetime | None = None
    language: str = ""
    url: str = ""
    outlet: str = ""  # a name from the document's metadata, if it gives one
    credited_outlet: str = ""  # a "Source: …" credit line, a weaker hint than ``outlet``
    name: str = ""  # where it came from: a file name, "file.jsonl, line 3", a URL
    notes: list[str] = field(default_factory=list)

    @property
    def domain(self) -> str:
        host = urlsplit(self.url).hostname or ""
        return host.lower().removeprefix("www.")


def detect_format(name: str, data: bytes, content_type: str = "") -> str:
    """txt, html or jsonl, from the file extension, then the content type, then the bytes."""
    suffix = PurePosixPath(urlsplit(name).path if "://" in name else name).suffix.lower()
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in TEXT_EXTENSIONS:
        return "txt"
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in HTML_CONTENT_TYPES:
        return "html"
    if media_type in JSONL_CONTENT_TYPES:
        return "jsonl"
    return "html" if _HTML_START.match(data[:1024]) else "txt"


def prepare_text(text: str, *, raw: str | None = None, name: str = "") -> PreparedDocument:
    """A plain-text document. Title, date and byline are read from its first lines."""
    stored = normalize_text(text)
    if not stored.strip():
        raise DocumentError("the document has no text", name=name)
    sections = _bounded_sections(stored)
    document = PreparedDocument(
        text=stored,
        raw=text if raw is None else raw,
        raw_content_type="text/plain",
        sections=sections,
        name=name,
    )
    _read_text_metadata(document)
    return document


def prepare_html(html: str, *, url: str = "", name: str = "") -> PreparedDocument:
    """An HTML page: its main text and metadata, by trafilatura. No main text is an error."""
    _refuse_markup_that_makes_parsing_slow(html)
    extracted = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=True
    )
    main_text = normalize_text(extracted.text or "") if extracted else ""
    # trafilatura's fallbacks return a page's menus when there is no article; a page whose
    # "main text" has no line of running text has nothing to anchor a statement in.
    if not any(is_paragraph(line.strip()) for line in main_text.splitlines()):
        raise DocumentError(
            "the HTML page has no main text (no paragraph of running text, only menus, "
            "headings or markup)"
        )
    document = PreparedDocument(
        text=main_text,
        raw=html,
        raw_content_type="text/html",
        sections=_bounded_sections(main_text),
        title=(extracted.title or "").strip(),
        byline=(extracted.author or "").strip(),
        published=_lenient_date(extracted.date),
        url=_trusted_canonical(extracted.url, url),
        outlet=(extracted.sitename or "").strip(),
        language=_html_language(html),
        name=name,
    )
    if not document.title:
        _read_text_metadata(document)
    return document


def _refuse_markup_that_makes_parsing_slow(html: str) -> None:
    """Refuse a page with an element over MAX_HTML_ATTRIBUTES, over MAX_HTML_PAGE_ATTRIBUTES
    attributes or over MAX_HTML_ELEMENTS elements, naming the limit. Linear: each tag is read
    once by a regular expression that never backtracks. The element count is told after the
    parser's depth limit, which says more about a page nested too deep."""
    attributes, too_many_elements_at = 0, None
    for elements, tag in enumerate(_START_TAG.finditer(html), start=1):
        names = _ATTRIBUTE_NAME.findall(_QUOTED_OR_UNQUOTED_VALUE.sub(" ", tag.group()))
        count = len(names) - 1  # the first is the element's own name
        attributes += count
        if count > MAX_HTML_ATTRIBUTES:
            raise DocumentError(
                f"an element at line {_line_of(html, tag.start())} of the HTML has {count:,} "
                f"attributes, more than the limit of {MAX_HTML_ATTRIBUTES} on one element"
            )
        if attributes > MAX_HTML_PAGE_ATTRIBUTES:
            raise DocumentError(
                f"the HTML has more than {MAX_HTML_PAGE_ATTRIBUTES:,} attributes (the limit "
                f"for a page), line {_line_of(html, tag.start())}"
            )
        if elements > MAX_HTML_ELEMENTS and too_many_elements_at is None:
            too_many_elements_at = tag.start()
    _refuse_what_the_parser_cuts_off(html)
    if too_many_elements_at is not None:
        raise DocumentError(
            f"the HTML has more than {MAX_HTML_ELEMENTS:,} elements (the limit), line "
            f"{_line_of(html, too_many_elements_at)}: a page that large is not one article"
        )


def _bounded_sections(text: str) -> list[SectionSpan]:
    most_lines = getattr(settings, "INGEST_MAX_LINES", INGEST_MAX_LINES)
    if (lines := text.count("\n") + 1) > most_lines:
        raise DocumentError(
            f"the document has {lines:,} lines, more than the limit of {most_lines:,} "
            "(INGEST_MAX_LINES): it is not one article"
        )
    sections = split_sections(text)
    if len(sections) > MAX_SECTIONS:
        raise DocumentError(
            f"the document splits into {len(sections):,} sections (body, comments, page "
            f"furniture), more than the limit of {MAX_SECTIONS:,}: it is not one article"
        )
    return sections


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _refuse_what_the_parser_cuts_off(html: str) -> None:
    """Markup nested deeper than INGEST_MAX_HTML_DEPTH is refused, naming the limit and the
    line: it makes trafilatura slow, and past 256 levels libxml2 would lose the rest of the
    page without a word. One more parse, in C (milliseconds for a 5 MB page), and one walk
    of its elements (at most MAX_HTML_ELEMENTS, counted before)."""
    most = getattr(settings, "INGEST_MAX_HTML_DEPTH", INGEST_MAX_HTML_DEPTH)
    most_text = getattr(
        settings, "INGEST_MAX_HTML_TEXT_CHARACTERS", INGEST_MAX_HTML_TEXT_CHARACTERS
    )
    parser = etree.HTMLParser(encoding="utf-8")
    root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    if root is None:  # no element at all (a page of comments or a doctype): nothing to cut off
        return
    depth = characters = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            characters += len(element.tail or "")
            continue
        depth += 1
        if depth > most:
            raise DocumentError(
                f"the HTML is nested more than {most} elements deep at line "
                f"{element.sourceline}, over the limit (INGEST_MAX_HTML_DEPTH): no article's "
                "page is nested that deep"
            )
        if element.tag not in ("script", "style"):
            characters += len(element.text or "")
        if characters > most_text:
            raise DocumentError(
                f"the HTML has more than {most_text:,} characters of text (the limit, "
                f"INGEST_MAX_HTML_TEXT_CHARACTERS), line {element.sourceline}: a page that "
                "long is not one article"
            )
    for error in parser.error_log:  # the limit raised past what the parser reads
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise DocumentError(
                f"the HTML is nested more than 256 elements deep at line {error.line}, past "
                "what the HTML parser reads: the rest of the page would be lost"
            )


def prepare_bytes(
    data: bytes, *, name: str, max_bytes: int, format: str = "auto", content_type: str = ""
) -> Iterator[PreparedDocument | DocumentError]:
    """Every document in one input; a JSON Lines file yields one per line, errors included."""
    if format == "auto":
        format = detect_format(name, data, content_type)
    if format == "jsonl":
        if not data.strip():
            yield DocumentError("the file is empty", name=name)
            return
        if kind := binary_kind(data):
            yield DocumentError(f"this is {kind}, not JSON Lines", name=name)
            return
        yield from prepare_jsonl(data.splitlines(), name=name, max_bytes=max_bytes)
        return
    try:
        text = decode_bytes(data, max_bytes=max_bytes)
        if format == "html":
            yield prepare_html(text, url=name if "://" in name else "", name=name)
        else:
            yield prepare_text(text, name=name)
    except DocumentError as error:
        yield error.located(name)


def prepare_jsonl(
    lines, *, name: str, max_bytes: int
) -> Iterator[PreparedDocument | DocumentError]:
    """One document per line of JSON: ``text`` or ``html``, with optional metadata."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _prepare_record(line, max_bytes=max_bytes, name=f"{name}, line {number}")
        except DocumentError as error:
            yield error.located(name, number)


def _prepare_record(line: bytes, *, max_bytes: int, name: str) -> PreparedDocument:
    if len(line) > max_bytes:
        raise DocumentError(f"the line is {len(line):,} bytes, over the limit of {max_bytes:,}")
    try:
        record = json.loads(line.removeprefix(b"\xef\xbb\xbf"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DocumentError(f"not valid JSON ({error})") from None
    except RecursionError:
        raise DocumentError("the JSON is nested too deeply to read") from None
    if not isinstance(record, dict):
        raise DocumentError("not a JSON object: each line must be one {...} record")
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (
        isinstance(html, str) and html.strip()
    ):
        raise DocumentError('the record has no "text" or "html" (a non-empty string)')
    for key in ("title", "url", "author", "outlet", "language", "published"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise DocumentError(f'"{key}" must be a string')
    url = (record.get("url") or "").strip()
    if url and urlsplit(url).scheme not in {"http", "https"}:
        raise DocumentError(f'"url" must be an http(s) URL, not {url!r}')
    if isinstance(text, str) and text.strip():
        document = prepare_text(text, name=name)
    else:
        document = prepare_html(html, url=url, name=name)
    document.name = name
    document.url = url or document.url
    document.title = (record.get("title") or "").strip() or document.title
    document.byline = (record.get("author") or "").strip() or document.byline
    document.outlet = (record.get("outlet") or "").strip() or document.outlet
    document.language = (record.get("language") or "").strip() or document.language
    if record.get("published"):
        document.published = parse_published(record["published"])
    ignored = sorted(set(record) - JSONL_FIELDS)
    if ignored:
        document.notes.append(f"ignored unknown fields: {', '.join(ignored)}")
    return document


def parse_published(value: str) -> datetime:
    """An ISO date or date-time, or a date as people write it; naive values are UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = date_parser.parse(value)
        except (ValueError, OverflowError):
            raise DocumentError(f"published is not a date: {value!r}") from None
    if isinstance(parsed, date) and not isinstance(parsed, datetime):
        parsed = datetime(parsed.year, parsed.month, parsed.day)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _read_text_metadata(document: PreparedDocument) -> None:
    """Title (the first article's headline), a leading date line, a "By …" line, a credit."""
    first_body = next((s for s in document.sections if s.kind == BODY), None)
    document.title = document.title or (first_body.heading if first_body else "")
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    for line in lines[:5]:
        if DATE_LINE.match(line) and document.published is None:
            document.published = _lenient_date(line)
            break
    for line in lines:
        if not document.byline and (byline := BYLINE.match(line)):
            document.byline = byline.group(1).strip()
        if credit := _CREDIT_LINE.match(line):
            document.credited_outlet = credit.group(1).strip()


def _lenient_date(value: str | None) -> datetime | None:
    """A date found on a page by trafilatura; one it misread is no reason to refuse the page."""
    try:
        return parse_published(value) if value else None
    except DocumentError:
        return None


def _trusted_canonical(canonical: str | None, fetched_url: str) -> str:
    """The page's canonical URL, unless it points to another site than the one it came
    from: a page must not be able to pass itself off as a new version of someone else's."""
    if not canonical or not fetched_url:
        return canonical or fetched_url
    fetched_host = (urlsplit(fetched_url).hostname or "").removeprefix("www.")
    canonical_host = (urlsplit(canonical).hostname or "").removeprefix("www.")
    return canonical if canonical_host == fetched_host else fetched_url


def _html_language(html: str) -> str:
    match = re.search(r"<html\b[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", html[:4096])
    return match.group(1) if match else ""
