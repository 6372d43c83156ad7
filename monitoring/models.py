"""Feeds polled on a schedule, and watches that tell users when a claim is said again."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

MAX_BACKOFF = timedelta(hours=24)


class FeedQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(active=True, next_poll_at__lte=now or timezone.now())


class Feed(models.Model):
    """An outlet's RSS, Atom or JSON feed, or a sitemap, polled every ``every_minutes``."""

    class Kind(models.TextChoices):
        UNKNOWN = "", "not polled yet"
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        JSON = "json", "JSON Feed"
        SITEMAP = "sitemap", "Sitemap"

    url = models.URLField(max_length=2000, unique=True)
    outlet = models.CharField(
        max_length=200,
        blank=True,
        help_text="The outlet of every article; else as ingest finds it.",
    )
    every_minutes = models.PositiveIntegerField(default=60, validators=[MinValueValidator(1)])
    active = models.BooleanField(default=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)
    title = models.CharField(max_length=500, blank=True)
    # Conditional GET: what the server said last time, sent back as If-None-Match and
    # If-Modified-Since.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=200, blank=True, help_text="How the last poll went.")
    last_error = models.TextField(blank=True, help_text="Why the last poll failed; empty if not.")
    errors_in_a_row = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["active", "next_poll_at"], name="feed_due_idx"),
        ]

    def __str__(self):
        return self.url

    def get_absolute_url(self):
        return reverse("admin:monitoring_feed_change", args=[self.pk])

    def backoff(self) -> timedelta:
        """After n failures in a row, wait 2^n times the interval (at most a day)."""
        interval = timedelta(minutes=self.every_minutes)
        return min(interval * 2 ** min(self.errors_in_a_row, 16), max(MAX_BACKOFF, interval))


class FeedItem(models.Model):
    """An entry of a feed already handed to ingestion: seen again, it adds nothing."""

    class Status(models.TextChoices):
        ADDED = "added"
        UNCHANGED = "unchanged"
        SUPERSEDED = "superseded"
        FAILED = "failed"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    url = models.CharField(max_length=2000)
    # The entry's own updated/published stamp: a new one means the article changed.
    updated = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "url"], name="feeditem_feed_url_unique")
        ]

    def __str__(self):
        return self.url


class HostSlot(models.Model):
    """The per-host rate limit: the next moment a fetch from this host may start."""

    host = models.CharField(max_length=255, unique=True)
    next_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.host


def _token():
    return secrets.token_urlsafe(32)


class WatchQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class Watch(models.Model):
    """A user's interest in a claim, a speaker or a search."""

    class Kind(models.TextChoices):
        CLAIM = "claim"
        SPEAKER = "speaker"
        SEARCH = "search"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    speaker = models.ForeignKey(
        "claims.Speaker", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    query = models.CharField(max_length=200, blank=True, help_text="Words a statement contains.")
    email = models.BooleanField(default=True, help_text="Include in the e-mail digest.")
    webhook_url = models.URLField(max_length=2000, blank=True)
    # Signs webhook bodies (HMAC-SHA256) and, separately, opens the watch's Atom feed.
    webhook_secret = models.CharField(max_length=64, default=_token, editable=False)
    token = models.CharField(max_length=64, default=_token, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                name="watch_has_its_target",
                condition=(
                    models.Q(kind="claim", claim__isnull=False)
                    | models.Q(kind="speaker", speaker__isnull=False)
                    | (models.Q(kind="search") & ~models.Q(query=""))
                ),
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.target}"

    @property
    def target(self) -> str:
        if self.kind == self.Kind.CLAIM:
            return str(self.claim)
        if self.kind == self.Kind.SPEAKER:
            return str(self.speaker)
        return f"“{self.query}”"

    def get_absolute_url(self):
        return reverse("monitoring:inbox") + f"?watch={self.pk}"

    def atom_url(self):
        return reverse("monitoring:watch_atom", args=[self.token])


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(watch__user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A new statement for a watch: an inbox entry, a line of a digest, a webhook call."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="notifications")
    statement = models.ForeignKey("claims.Statement", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "statement"], name="notification_once_per_statement"
            )
        ]
        indexes = [
            models.Index(fields=["watch", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["emailed_at"],
                name="notification_unmailed_idx",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.watch}: statement {self.statement_id}"


class WebhookDelivery(models.Model):
    """One notification sent to a watch's webhook: its attempts and how each went."""

    class State(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="delivery"
    )
    url = models.URLField(max_length=2000)
    body = models.TextField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    log = models.TextField(blank=True, help_text="One line per attempt.")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due_idx")]

    def __str__(self):
        return f"{self.url} ({self.state})"


class Cursor(models.Model):
    """How far notification has read a table (claim links, statements) by id."""

    name = models.CharField(max_length=50, unique=True)
    last_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} > {self.last_id}"
