"""``manage.py feeds add URL [--outlet NAME] [--every MINUTES]``, ``feeds list``,
``feeds poll [--once]`` (without --once: poll on schedule until stopped, the demo's
scheduler; production runs Celery beat)."""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from monitoring import notify, polling
from monitoring.models import Feed


class Command(BaseCommand):
    help = "Add, list and poll the feeds that monitoring follows."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Follow a feed.")
        add.add_argument("url")
        add.add_argument("--outlet", default="", help="The outlet of its articles.")
        add.add_argument("--every", type=int, default=60, help="Minutes between polls.")
        actions.add_parser("list", help="Every feed and how its last poll went.")
        poll = actions.add_parser("poll", help="Poll the feeds that are due.")
        poll.add_argument("--once", action="store_true", help="One round, then exit.")
        poll.add_argument("--tick", type=float, default=60, help="Seconds between rounds.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _add(self, url, outlet, every, **options):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise CommandError(f"{url!r} is not an http(s) URL") from None
        if every < 1:
            raise CommandError("--every must be at least 1 minute")
        feed, created = Feed.objects.update_or_create(
            url=url, defaults={"outlet": outlet, "every_minutes": every}
        )
        verb = "Added" if created else "Updated"
        self.stdout.write(f"{verb} feed {feed.pk}: {url}, every {every} min")

    def _list(self, **options):
        for feed in Feed.objects.order_by("pk"):
            state = f"error: {feed.last_error}" if feed.last_error else feed.last_status or "new"
            self.stdout.write(
                f"{feed.pk}\t{feed.url}\tevery {feed.every_minutes} min\t"
                f"{feed.get_kind_display()}\t{state}"
            )

    def _poll(self, once, tick, **options):
        digest_every = 60 * getattr(settings, "MONITORING_DIGEST_MINUTES", 60)
        last_digest = float("-inf")
        while True:
            digest = once or time.monotonic() - last_digest >= digest_every
            self._round(digest)
            if once:
                return
            if digest:
                last_digest = time.monotonic()
            time.sleep(tick)

    def _round(self, digest: bool):
        for feed_id in polling.enqueue_due_feeds():
            feed = Feed.objects.get(pk=feed_id)
            outcome = f"error: {feed.last_error}" if feed.last_error else feed.last_status
            self.stdout.write(f"{feed.url}: {outcome}")
        done = notify.run_all()
        mails = notify.send_digests() if digest else 0
        self.stdout.write(
            f"{done['notifications']} notifications, {mails} digests, "
            f"{done['webhooks']} webhooks delivered"
        )
