"""Polling feeds from a real local server: each article once, 304 the second time, bad
feeds recorded on themselves while the others go on."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job
from monitoring import polling
from monitoring.models import Feed, FeedItem, HostSlot
from sources.models import Source
from tests.monitoring.conftest import article, rss

pytestmark = pytest.mark.django_db

QUOTE = "\u201cThe river will flood the old town before Friday,\u201d Minister Jana Novak said."


def poll_once():
    call_command("feeds", "poll", "--once", stdout=io.StringIO())


def add(url, **options):
    call_command("feeds", "add", url, stdout=io.StringIO(), **options)
    return Feed.objects.get(url=url)


def make_due():
    Feed.objects.update(next_poll_at=timezone.now())


def test_polling_twice_ingests_each_article_once_and_the_second_poll_gets_304(server):
    one = server.route("/a/1", article("Floods ahead", QUOTE))
    two = server.route("/a/2", article("Bread prices", "Bread prices rose again in the city."))
    feed = add(
        server.route(
            "/feed.xml",
            rss([("Floods", one), ("Bread", two)]),
            "application/rss+xml",
            headers={"ETag": '"v1"', "Last-Modified": "Sat, 05 Dec 2026 10:00:00 GMT"},
        ),
        outlet="Daily Example",
    )

    poll_once()
    assert Source.objects.count() == 2
    assert set(Source.objects.values_list("url", flat=True)) == {one, two}
    feed.refresh_from_db()
    assert (feed.kind, feed.last_error, feed.last_status) == ("rss", "", "2 added")
    assert Job.objects.filter(kind="poll_feed", state="succeeded").count() == 1

    make_due()
    poll_once()
    second = server.fetched("/feed.xml")[1]
    assert second["If-None-Match"] == '"v1"'
    assert second["If-Modified-Since"] == "Sat, 05 Dec 2026 10:00:00 GMT"
    feed.refresh_from_db()
    assert feed.last_status == "not modified (304)"
    assert Source.objects.count() == 2
    assert len(server.fetched("/a/1")) == 1  # the article was fetched once


def test_a_feed_that_changed_lists_only_its_new_article_for_ingest(server):
    one = server.route("/a/1", article("Floods ahead", QUOTE))
    feed = add(server.route("/feed.xml", rss([("Floods", one)]), "application/rss+xml"))
    poll_once()
    two = server.route("/a/2", article("Bread prices", "Bread prices rose again in the city."))
    server.route("/feed.xml", rss([("Bread", two), ("Floods", one)]), "application/rss+xml")
    make_due()
    poll_once()
    assert Source.objects.count() == 2
    assert len(server.fetched("/a/1")) == 1
    assert FeedItem.objects.filter(feed=feed).count() == 2


def test_the_same_text_under_another_url_adds_nothing(server):
    page = article("Floods ahead", QUOTE)
    one, copy = server.route("/a/1", page), server.route("/copy/1", page)
    feed = add(server.route("/feed.xml", rss([("A", one), ("B", copy)]), "application/rss+xml"))
    poll_once()
    feed.refresh_from_db()
    assert Source.objects.count() == 1
    assert feed.last_status == "1 added, 1 unchanged"


def test_an_updated_article_supersedes_its_earlier_version(server):
    url = server.route("/a/1", article("Floods ahead", QUOTE))
    entry = '<entry><title>Floods</title><link href="{}"/><id>a1</id><updated>{}</updated></entry>'
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        "<id>wire</id><updated>2026-12-05T10:00:00Z</updated>{}</feed>"
    )
    feed_url = server.route(
        "/atom.xml", atom.format(entry.format(url, "2026-12-05T10:00:00Z")), "application/atom+xml"
    )
    add(feed_url)
    poll_once()
    server.route("/a/1", article("Floods ahead", QUOTE + " The mayor disagreed."))
    server.route(
        "/atom.xml", atom.format(entry.format(url, "2026-12-05T12:00:00Z")), "application/atom+xml"
    )
    make_due()
    poll_once()
    old, new = Source.objects.order_by("pk")
    assert new.supersedes == old
    assert list(Source.objects.current()) == [new]


def test_bad_feeds_are_each_recorded_and_the_good_one_still_ingests(server):
    good_article = server.route("/a/1", article("Floods ahead", QUOTE))
    good = add(server.route("/good.xml", rss([("Floods", good_article)]), "application/rss+xml"))
    malformed = add(server.route("/bad.xml", "<rss><channel><item>", "application/rss+xml"))
    html = add(server.route("/page.html", article("Home", "Welcome to our site.")))
    loop = add(server.route("/loop", "", status=302, headers={"Location": "/loop"}))
    no_link = add(
        server.route(
            "/mixed.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title>'
            "<item><title>No link here</title></item>"
            "<item><title>Inside</title><link>http://10.20.30.40/secret</link></item>"
            "</channel></rss>",
            "application/rss+xml",
        )
    )
    poll_once()
    for feed in (good, malformed, html, loop, no_link):
        feed.refresh_from_db()
    assert Source.objects.get().url == good_article
    assert good.last_error == ""
    assert malformed.last_error.startswith("malformed feed: ")
    assert html.last_error == (
        "this is an HTML page, not a feed (RSS, Atom, JSON Feed or a sitemap)"
    )
    assert loop.last_error == "more than 5 redirects"
    assert no_link.last_error == ""
    assert "item 1 (No link here) has no link" in no_link.last_status
    item = FeedItem.objects.get(feed=no_link)
    assert (item.status, item.url) == ("failed", "http://10.20.30.40/secret")
    assert "refusing to fetch inside the network" in item.message
    failed = Job.objects.filter(kind="poll_feed", state="failed")
    assert failed.count() == 3
    assert {malformed.errors_in_a_row, html.errors_in_a_row, loop.errors_in_a_row} == {1}


def test_a_private_feed_address_is_refused_without_the_operators_allowance(server, settings):
    settings.INGEST_FETCH_ALLOWED_NETWORKS = []
    feed = add(server.route("/feed.xml", rss([]), "application/rss+xml"))
    poll_once()
    feed.refresh_from_db()
    assert "refusing to fetch inside the network" in feed.last_error
    assert server.fetched("/feed.xml") == []


def test_a_failing_feed_backs_off_longer_each_time(server):
    feed = add(server.route("/bad.xml", "<rss>", "application/rss+xml"), every=10)
    waits = []
    for _ in range(3):
        make_due()
        before = timezone.now()
        poll_once()
        feed.refresh_from_db()
        waits.append(round((feed.next_poll_at - before) / timedelta(minutes=1)))
    assert waits == [20, 40, 80]
    server.route("/bad.xml", rss([]), "application/rss+xml")
    make_due()
    poll_once()
    feed.refresh_from_db()
    assert (feed.errors_in_a_row, feed.last_error) == (0, "")


def test_a_feed_not_due_is_not_polled(server):
    add(server.route("/feed.xml", rss([]), "application/rss+xml"))
    poll_once()
    poll_once()
    assert len(server.fetched("/feed.xml")) == 1


def test_fetches_from_one_host_are_spaced_by_the_rate_limit(settings):
    settings.MONITORING_HOST_INTERVAL = 0.05
    polling.wait_for_host("http://wire.example/a")
    first = HostSlot.objects.get(host="wire.example").next_at
    polling.wait_for_host("http://wire.example/b")
    polling.wait_for_host("http://wire.example/c")
    polling.wait_for_host("http://other.example/c")
    third = HostSlot.objects.get(host="wire.example").next_at
    assert third - first >= timedelta(seconds=0.1)
    assert HostSlot.objects.count() == 2


def test_feeds_list_shows_each_feed_and_its_state(server, capsys):
    feed = add(server.route("/bad.xml", "<html><body>hi</body></html>", "text/html"), every=5)
    poll_once()
    call_command("feeds", "list")
    out = capsys.readouterr().out
    assert f"{feed.pk}\t{feed.url}\tevery 5 min" in out
    assert "error: this is an HTML page" in out


def test_feeds_add_refuses_what_is_not_a_web_address():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not an http"):
        call_command("feeds", "add", "file:///etc/passwd")
    assert not Feed.objects.exists()


def test_celery_beats_schedule_names_the_monitoring_tasks(settings):
    from config.celery import app

    app.loader.import_default_modules()  # what a worker or beat does when it starts
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {"monitoring.tick", "monitoring.digest"}
    assert scheduled <= set(app.tasks)


def test_a_tick_polls_due_feeds_and_notifies(server):
    from monitoring.tasks import tick

    one = server.route("/a/1", article("Floods ahead", QUOTE))
    add(server.route("/feed.xml", rss([("Floods", one)]), "application/rss+xml"))
    tick()  # as beat calls it, here without a broker: the poll job runs in-process
    assert Source.objects.get().url == one
