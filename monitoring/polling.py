"""Polling feeds: which are due, one job per feed, and what one poll does.

A poll fetches the feed through sources.fetch (the SSRF guard, timeouts, size cap) with
the validators of the last answer (If-None-Match, If-Modified-Since): 304 means nothing
new. Each entry not seen before, or whose updated stamp changed, goes through the normal
ingest path; the same text again is "unchanged" there, a new text for a known URL
supersedes it. A failed poll is recorded on the feed and backs off; it never stops the
others (each feed is its own job).
"""

import logging
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import jobs
from jobs.kinds import PermanentFailure
from monitoring import pipeline
from monitoring.feedparse import FEED_CONTENT_TYPES, FeedError, parse_feed
from monitoring.models import Feed, FeedItem, HostSlot
from sources.fetch import fetch
from sources.ingestion.errors import DocumentError

logger = logging.getLogger(__name__)

# Defaults; settings may override them under the same names.
MONITORING_HOST_INTERVAL = 1.0  # seconds between two fetches from one host
MONITORING_MAX_ITEMS_PER_POLL = 100  # new entries ingested per poll; the rest next time
MONITORING_MAX_ITEM_ATTEMPTS = 3  # an entry that fails is tried again this many polls
MONITORING_FEED_MAX_BYTES = 10 * 1024 * 1024


# What a poll writes on its feed; the rest (URL, outlet, interval) is the user's to change.
POLL_FIELDS = ["kind", "title", "etag", "last_modified", "next_poll_at", "last_polled_at",
               "last_status", "last_error", "errors_in_a_row"]  # fmt: skip


def setting(name):
    return getattr(settings, name, globals()[name])


def enqueue_due_feeds(now=None) -> list[int]:
    """One poll job per feed that is due; each feed is claimed first, so two schedulers
    running at once enqueue it once."""
    now = now or timezone.now()
    enqueued = []
    for feed in Feed.objects.due(now).order_by("next_poll_at")[:10_000]:
        claimed = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
            next_poll_at=now + timedelta(minutes=feed.every_minutes)
        )
        if claimed:
            jobs.enqueue("poll_feed", feed=feed.pk)
            enqueued.append(feed.pk)
    return enqueued


def poll_feed_job(parameters, progress, user):
    """The ``poll_feed`` job: poll one feed; a feed that fails is recorded, not retried."""
    feed = Feed.objects.filter(pk=parameters["feed"]).first()
    if feed is None:
        raise PermanentFailure(f"feed {parameters['feed']} no longer exists")
    summary = poll(feed)
    if feed.last_error:
        raise PermanentFailure(f"{feed.url}: {feed.last_error}")
    return summary


def poll(feed: Feed) -> str:
    """Poll ``feed`` once and record how it went on the feed; returns the summary."""
    try:
        summary = _poll(feed)
    except (DocumentError, FeedError) as error:
        return _record_failure(feed, getattr(error, "reason", None) or str(error))
    except Exception as error:  # one feed's surprise must not stop the others
        logger.exception("polling feed %s failed", feed.pk)
        return _record_failure(feed, f"unexpected error: {error}")
    now = timezone.now()
    feed.errors_in_a_row = 0
    feed.last_error = ""
    feed.last_status = summary[:200]
    feed.last_polled_at = now
    feed.next_poll_at = now + timedelta(minutes=feed.every_minutes)
    feed.save(update_fields=POLL_FIELDS)
    return summary


def _record_failure(feed: Feed, reason: str) -> str:
    now = timezone.now()
    feed.errors_in_a_row += 1
    feed.last_error = reason
    feed.last_status = "failed"
    feed.last_polled_at = now
    feed.next_poll_at = now + feed.backoff()
    feed.save(update_fields=POLL_FIELDS)
    return f"failed: {reason}"


def _poll(feed: Feed) -> str:
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
               "application/xml;q=0.9, */*;q=0.5"}  # fmt: skip
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    wait_for_host(feed.url)
    fetched = fetch(
        feed.url,
        max_bytes=setting("MONITORING_FEED_MAX_BYTES"),
        timeout=pipeline.limit("INGEST_FETCH_TIMEOUT"),
        allowed_networks=pipeline.allowed_networks(),
        headers=headers,
        accepted_types=FEED_CONTENT_TYPES,
    )
    if fetched.status == 304:
        return "not modified (304)"
    parsed = parse_feed(fetched.body, url=fetched.url)
    feed.kind, feed.title = parsed.kind, parsed.title[:500]
    feed.etag, feed.last_modified = fetched.etag[:500], fetched.last_modified[:100]
    counts = _ingest_new_entries(feed, parsed.entries)
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "nothing new"
    if parsed.problems:
        summary += "; skipped: " + "; ".join(parsed.problems[:5])
    return summary


def _ingest_new_entries(feed: Feed, entries) -> dict[str, int]:
    known = {
        item.url: item
        for item in FeedItem.objects.filter(feed=feed, url__in=[e.url for e in entries])
    }
    counts = dict.fromkeys(FeedItem.Status.values, 0)
    budget = setting("MONITORING_MAX_ITEMS_PER_POLL")
    seen = set()
    for entry in entries:
        if entry.url in seen:
            continue
        seen.add(entry.url)
        item = known.get(entry.url)
        if item and not _worth_another_look(item, entry):
            continue
        if budget == 0:
            break
        budget -= 1
        status, message, source = _ingest(feed, entry.url)
        counts[status] += 1
        if item:
            retried = item.status == FeedItem.Status.FAILED and item.updated == entry.updated
            item.attempts = item.attempts + 1 if retried else 1
        else:
            item = FeedItem(feed=feed, url=entry.url)
        item.status, item.message, item.source = status, message[:2000], source
        item.updated = entry.updated[:100]
        item.save()
    return counts


def _worth_another_look(item: FeedItem, entry) -> bool:
    if item.updated != entry.updated:
        return True  # the article changed: ingest supersedes the old version
    return item.status == FeedItem.Status.FAILED and item.attempts < setting(
        "MONITORING_MAX_ITEM_ATTEMPTS"
    )


def _ingest(feed: Feed, url: str):
    wait_for_host(url)
    results = pipeline.ingest_article(url, outlet=feed.outlet)
    if not results:
        return FeedItem.Status.FAILED, "nothing to ingest", None
    result = results[0]
    return result.status, result.message, result.source


def wait_for_host(url: str) -> None:
    """Keep at most one fetch per MONITORING_HOST_INTERVAL per host, across workers: each
    fetch reserves the next free moment of its host, then sleeps until it."""
    interval = setting("MONITORING_HOST_INTERVAL")
    if interval <= 0:
        return
    host = (urlsplit(url).hostname or "")[:255]
    with transaction.atomic():
        HostSlot.objects.get_or_create(host=host)
        slot = HostSlot.objects.select_for_update().get(host=host)
        now = timezone.now()
        start = max(now, slot.next_at)
        slot.next_at = start + timedelta(seconds=interval)
        slot.save(update_fields=["next_at"])
    delay = (start - now).total_seconds()
    if delay > 0:
        time.sleep(delay)
