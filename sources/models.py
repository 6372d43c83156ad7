"""Outlets and the documents they publish.

A Source's ``text`` is what every statement span indexes into, so it never changes once a
statement anchors to it: a changed document is a new Source that supersedes the old one.
"""

import hashlib
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from sources.language import language_name


def content_hash(text: str) -> str:
    """The identity of a document's stored text: re-ingesting the same text is a no-op."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_trail(**options) -> HistoricalRecords:
    """Every saved change and every delete is kept with who made it and the comment
    (``claims/review.py``), so a deleted item still has a record of what it was."""
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **options)


def unique_slug(model, text: str, max_length: int = 300) -> str:
    """A slug for ``text`` that no row of ``model`` has yet ("name", "name-2", ...)."""
    return unique_slugs(model, [text], max_length)[0]


def unique_slugs(model, texts: list[str], max_length: int = 300) -> list[str]:
    """A slug for each text that no row of ``model`` and no other text has, in one query."""
    if not texts:
        return []
    bases = [slugify(text)[: max_length - 8].strip("-") or model._meta.model_name for text in texts]
    taken = Q()
    for base in set(bases):
        taken |= Q(slug=base) | Q(slug__startswith=f"{base}-")
    taken = set(model._default_manager.filter(taken).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


class OutletQuerySet(models.QuerySet):
    def by_name(self) -> dict[str, "Outlet"]:
        """Every outlet keyed by its name and its domain in lower case: what ``outlet_named``
        looks citations up in, read in one query for all the citations at hand."""
        index = {}
        for outlet in self.order_by("name"):
            index.setdefault(outlet.name.lower(), outlet)
            if outlet.domain:
                index.setdefault(outlet.domain.lower(), outlet)
        return index


def outlet_named(cited: str | None, outlets: dict[str, "Outlet"]) -> "Outlet | None":
    """The one outlet resolver: the outlet a citation names ("BelTA reports", "according to
    www.strana.ua"), by name or domain, from ``Outlet.objects.by_name()``: the longest run
    of the citation's words that is one."""
    words = (cited or "").replace("’s", "").split()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            name = " ".join(words[i : i + n]).strip(".,;:\"'“”").lower().removeprefix("www.")
            if len(name) >= 3 and name in outlets:
                return outlets[name]
    return None


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(
        max_length=253, blank=True, help_text="Registered domain, e.g. belta.by, without www."
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutletQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~Q(domain=""), name="outlet_domain_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name, max_length=200)
        self.domain = self.normalize_domain(self.domain)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sources:outlet_detail", args=[self.slug])

    @staticmethod
    def normalize_domain(domain: str) -> str:
        return domain.strip().lower().removeprefix("www.")


class SourceQuerySet(models.QuerySet):
    def current(self):
        """Sources not superseded by a newer version of the same document."""
        # NOT EXISTS rather than superseded_by__isnull's LEFT JOIN … IS NULL, which PostgreSQL
        # misjudged as one row and answered by hashing the whole table, page after page.
        newer = Source.objects.filter(supersedes=models.OuterRef("pk"))
        return self.filter(~models.Exists(newer))

    def listed(self):
        """Sources as lists show them: with their outlet, without their text and raw input,
        which a list never shows and which can be megabytes a document."""
        return self.select_related("outlet").defer("text", "raw")


class Source(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "News article"
        PRESS_RELEASE = "press_release", "Press release"
        TRANSCRIPT = "transcript", "Transcript"
        OPINION = "opinion", "Opinion piece"
        OTHER = "other", "Other"

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=16,
        blank=True,
        help_text="ISO 639-1 code (en, ru, kk): as given at ingest, else detected; empty if unknown.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)

    text = models.TextField(help_text="Normalized plain text; every span indexes into it.")
    raw = models.TextField(blank=True, help_text="The input as received (HTML or text).")
    raw_content_type = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)

    supersedes = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The earlier version of this document (same URL, changed text).",
    )
    ingested_at = models.DateTimeField(auto_now_add=True)
    ingested_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SourceQuerySet.as_manager()
    # Not the text and the raw input: they never change once anchored, can be megabytes, and
    # the content hash in each record says which text it was.
    history = audit_trail(excluded_fields=["text", "raw"])

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["published_at", "id"], name="source_published_idx"),
            models.Index(fields=["url"], name="source_url_idx"),
            # API filters and orderings (tests/scale/test_query_plans.py).
            models.Index(fields=["language"], name="source_language_idx"),
            models.Index(fields=["kind"], name="source_kind_idx"),
            models.Index(fields=["ingested_at"], name="source_ingested_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="source_text_not_empty"),
        ]

    def __str__(self):
        return self.title or f"Source {self.pk}"

    @property
    def language_name(self) -> str:
        """ "Russian" for ru; the code itself for a language without a name here."""
        return language_name(self.language)

    def clean(self):
        if self.text != unicodedata.normalize("NFC", self.text):
            raise ValidationError(
                {"text": "Source text must be in Unicode normalization form NFC."}
            )

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.text)
        if self.pk is not None and self._text_changed() and self.statements.exists():
            raise ValidationError(
                "The text of a source with statements never changes; ingest the new version "
                "as a new source that supersedes this one."
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sources:source_detail", args=[self.pk])

    @property
    def web_url(self) -> str:
        """``url`` if it is an http(s) address, else "": the only URL pages and exports link
        to. Ingestion stores no other kind, but rows loaded from a dump are not validated,
        and a ``javascript:`` link would run in the reader's page."""
        return self.url if urlsplit(self.url).scheme.lower() in {"http", "https"} else ""

    def _text_changed(self) -> bool:
        stored = Source.objects.filter(pk=self.pk).values_list("text", flat=True).first()
        return stored is not None and stored != self.text

    @property
    def body_sections(self):
        return self.sections.filter(kind=Section.Kind.BODY)


class Section(models.Model):
    """A part of a source's text: the article body, reader comments or page boilerplate."""

    class Kind(models.TextChoices):
        BODY = "body", "Body"
        COMMENTS = "comments", "Reader comments"
        BOILERPLATE = "boilerplate", "Boilerplate"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=Kind)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    heading = models.CharField(
        max_length=1000,
        blank=True,
        help_text="Headline of this part, when a document holds several.",
    )

    class Meta:
        ordering = ["source_id", "start"]  # the column: "source" would join sources
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(start__lt=models.F("end")),
                name="section_span_valid",
            ),
            models.UniqueConstraint(fields=["source", "start"], name="section_start_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start}–{self.end} of {self.source_id}"

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def clean(self):
        if self.source_id and self.end > len(self.source.text):
            raise ValidationError({"end": "Section ends past the end of the source text."})
