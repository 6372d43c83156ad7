"""What a feed lists: RSS, Atom, JSON Feed or a sitemap in, article links out.

Plain Python (feedparser for RSS and Atom, json for JSON Feed, lxml for sitemaps), no
Django: bytes in, ``ParsedFeed`` out, ``FeedError`` naming what is wrong with the feed.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import feedparser
from lxml import etree

FEED_CONTENT_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    # Accepted so that a feed URL that turns out to be a web page is named as such.
    "text/html",
    "application/xhtml+xml",
    "text/plain",
}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_FIRST_ELEMENT = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")


class FeedError(Exception):
    pass


@dataclass
class Entry:
    url: str
    title: str = ""
    updated: str = ""  # the entry's own stamp, as the feed writes it


@dataclass
class ParsedFeed:
    kind: str  # rss, atom, json, sitemap
    title: str
    entries: list[Entry]
    problems: list[str] = field(default_factory=list)  # entries skipped, and why


def parse_feed(body: bytes, *, url: str) -> ParsedFeed:
    """The entries of a feed; relative links are resolved against ``url``."""
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise FeedError("the feed is empty")
    if start[:1] in (b"{", b"["):
        return _json_feed(start, url)
    first = _FIRST_ELEMENT.search(start[:4096])
    root = first[1].decode("ascii", "replace").split(":")[-1].lower() if first else ""
    if root == "html" or start[:15].lower().startswith(b"<!doctype html"):
        raise FeedError("this is an HTML page, not a feed (RSS, Atom, JSON Feed or a sitemap)")
    if root in ("urlset", "sitemapindex"):
        return _sitemap(start, url)
    if root in ("rss", "feed", "rdf"):
        return _rss_or_atom(body, url)
    raise FeedError(
        "not a feed: expected RSS, Atom, JSON Feed or a sitemap"
        + (f", found a <{root}> document" if root else "")
    )


def _rss_or_atom(body: bytes, url: str) -> ParsedFeed:
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    kind = "atom" if parsed.version.startswith("atom") else "rss"
    entries, problems = [], []
    for number, item in enumerate(parsed.entries, start=1):
        title = item.get("title", "")
        link = item.get("link") or _first_alternate(item)
        if not link:
            problems.append(f"item {number} ({title or 'untitled'}) has no link")
            continue
        updated = item.get("updated") or item.get("published") or ""
        entries.append(Entry(urljoin(url, link.strip()), title, updated))
    if parsed.bozo and not entries:
        raise FeedError(f"malformed feed: {_reason(parsed.bozo_exception)}")
    if parsed.bozo:  # feedparser read links despite it: ingest them, say what is wrong
        problems.append(f"the feed is not well-formed: {_reason(parsed.bozo_exception)}")
    return ParsedFeed(kind, parsed.feed.get("title", ""), entries, problems)


def _first_alternate(item) -> str:
    for link in item.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return ""


def _json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"malformed JSON Feed: {error}") from None
    version = document.get("version", "") if isinstance(document, dict) else ""
    if not str(version).startswith("https://jsonfeed.org/version/"):
        raise FeedError("this JSON is not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("malformed JSON Feed: items is not a list")
    entries, problems = [], []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"item {number} is not an object")
            continue
        title = str(item.get("title") or "")
        link = item.get("url") or item.get("external_url")
        if not isinstance(link, str) or not link.strip():
            problems.append(f"item {number} ({title or 'untitled'}) has no link")
            continue
        updated = str(item.get("date_modified") or item.get("date_published") or "")
        entries.append(Entry(urljoin(url, link.strip()), title, updated))
    return ParsedFeed("json", str(document.get("title") or ""), entries, problems)


def _sitemap(body: bytes, url: str) -> ParsedFeed:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise FeedError(f"malformed sitemap: {error}") from None
    if etree.QName(root).localname == "sitemapindex":
        count = len(root.findall(f"{{{SITEMAP_NS}}}sitemap"))
        raise FeedError(f"this is a sitemap index of {count} sitemaps: add each one as a feed")
    entries, problems = [], []
    for number, node in enumerate(root.iter(f"{{{SITEMAP_NS}}}url"), start=1):
        loc = (node.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
        if not loc:
            problems.append(f"url {number} has no <loc>")
            continue
        title = node.findtext(f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}title") or ""
        updated = (
            node.findtext(f"{{{SITEMAP_NS}}}lastmod")
            or node.findtext(f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}publication_date")
            or ""
        )
        entries.append(Entry(urljoin(url, loc), title.strip(), updated.strip()))
    return ParsedFeed("sitemap", "", entries, problems)


def _reason(error) -> str:
    return str(getattr(error, "getMessage", lambda: error)())
