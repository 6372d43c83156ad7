"""A Job is one piece of heavy work, its parameters and how far it got."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone sees their own jobs; admins see all."""
        if user.is_superuser or user.groups.filter(name="admin").exists():
            return self
        return self.filter(created_by=user)


class Job(models.Model):
    class Kind(models.TextChoices):
        INGEST = "ingest", "ingest documents"
        EXTRACT = "extract", "re-extract sources"
        MATCH = "match", "suggest claim links"
        CLUSTER = "cluster", "cluster unlinked statements"
        EXPORT = "export", "export as JSON Lines"
        POLL_FEED = "poll_feed", "poll a feed"  # registered by monitoring

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Unknown until counted.")
    message = models.TextField(blank=True, help_text="The result, or why it failed.")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="jobs",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A running job's worker touches this while it works; a stale one means the worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["created_by", "-id"], name="job_creator_recent_idx"),
            models.Index(fields=["state", "-id"], name="job_state_recent_idx"),
            models.Index(fields=["kind", "-id"], name="job_kind_recent_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.state})"

    def get_absolute_url(self):
        return reverse("jobs:job_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.finished else None
        return min(100, round(100 * self.done / self.total))
