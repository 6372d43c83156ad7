"""What each kind of feed lists (plain Python, no database)."""

import json

import pytest

from monitoring.feedparse import FeedError, parse_feed

BASE = "https://wire.example/feeds/main"


def test_json_feed_items_with_their_links():
    body = json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Wire",
        "items": [{"id": "1", "url": "/news/1", "date_modified": "2026-12-05"},
                  {"id": "2", "title": "Linkless"}],
    }).encode()  # fmt: skip
    parsed = parse_feed(body, url=BASE)
    assert parsed.kind == "json"
    assert [(e.url, e.updated) for e in parsed.entries] == [
        ("https://wire.example/news/1", "2026-12-05")
    ]
    assert parsed.problems == ["item 2 (Linkless) has no link"]


def test_a_news_sitemap_lists_its_locations_titles_and_dates():
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://wire.example/a</loc>
    <news:news><news:title>Floods</news:title>
    <news:publication_date>2026-12-05T10:00:00Z</news:publication_date></news:news></url>
  <url><loc>https://wire.example/b</loc><lastmod>2026-12-04</lastmod></url>
</urlset>"""
    parsed = parse_feed(body, url=BASE)
    assert parsed.kind == "sitemap"
    assert [(e.url, e.title, e.updated) for e in parsed.entries] == [
        ("https://wire.example/a", "Floods", "2026-12-05T10:00:00Z"),
        ("https://wire.example/b", "", "2026-12-04"),
    ]


def test_an_atom_feed():
    body = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>
    <entry><title>One</title><link rel="alternate" href="https://wire.example/1"/>
    <updated>2026-12-05T10:00:00Z</updated></entry></feed>"""
    parsed = parse_feed(body, url=BASE)
    assert (parsed.kind, parsed.title) == ("atom", "W")
    assert [e.url for e in parsed.entries] == ["https://wire.example/1"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the feed is empty"),
        (b"<!DOCTYPE html><html><body>Hi</body></html>", "this is an HTML page, not a feed"),
        (b'{"items": []}', "this JSON is not a JSON Feed"),
        (b"{not json", "malformed JSON Feed"),
        (b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url>", "malformed sitemap"),
        (b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap>"
         b"<loc>https://wire.example/s1.xml</loc></sitemap></sitemapindex>",
         "this is a sitemap index of 1 sitemaps: add each one as a feed"),
        (b"<?xml version='1.0'?><catalog/>", "not a feed: expected RSS, Atom, JSON Feed or a "
         "sitemap, found a <catalog> document"),
    ],
)  # fmt: skip
def test_what_is_not_a_feed_is_named(body, message):
    with pytest.raises(FeedError, match=message.replace("(", r"\(")):
        parse_feed(body, url=BASE)
