"""Speakers, the statements they make inside sources, and the claims those statements carry.

The invariant everything rests on: ``statement.source.text[start:end] == statement.text``.
It is checked on every save path here and, for writes that bypass the ORM, by database
triggers (migration 0002).
"""

from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length
from django.urls import reverse
from django.utils import timezone

from claims.dating import said_on_words
from claims.matching.text import sentence_span
from claims.names import normalize_name
from sources.models import audit_trail, unique_slug

# Characters of context kept on each side of a span, as in a W3C TextQuoteSelector.
QUOTE_CONTEXT_CHARS = 32


class ReviewState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested by the machine"
    # Proposed by an annotator, or made so by a command (the demo's sample claims): pages say
    # who, from created_by.
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    CHANGES_REQUESTED = "changes_requested", "Sent back"


# Still waiting for someone (a decision, or a fix): the review queue's states, an open
# assessment's, the partial indexes that serve the queue. Spelled once, here.
WAITING_STATES = [ReviewState.SUGGESTED, ReviewState.PROPOSED, ReviewState.CHANGES_REQUESTED]

# Every review state but "rejected": what still counts as where a claim was said.
NOT_REJECTED = [state for state in ReviewState.values if state != ReviewState.REJECTED]


def live_link(via: str = "") -> Q:
    """The one rule of what counts: a claim link counts unless it or its statement was
    rejected. ``via`` is the path to the link ("links__" from a claim). Written as positive
    ``__in`` lookups so that, inside ``Count(filter=…)``, it reads the joined row itself."""
    return Q(**{f"{via}state__in": NOT_REJECTED, f"{via}statement__state__in": NOT_REJECTED})


def _published_in(via: str, since=None, until=None) -> Q:
    """Published in [since, until), on the ``published_at`` column itself (an index serves it;
    ``published_at::date`` would not). ``via`` is the path to the source."""
    bounds = Q()
    if since is not None:
        bounds &= Q(**{f"{via}published_at__gte": since})
    if until is not None:
        bounds &= Q(**{f"{via}published_at__lt": until})
    return bounds


class SpeakerQuerySet(models.QuerySet):
    def matching(self, name: str):
        """Speakers whose canonical name or an alias is ``name``, as written."""
        key = normalize_name(name)
        return self.filter(Q(name_key=key) | Q(aliases__name_key=key)).distinct()

    def with_statement_count(self):
        """``statement_count``: the speaker's live statements (a rejected one counts nowhere),
        counted for the rows asked for only, through the speaker index."""
        live = Statement.objects.live().filter(speaker=OuterRef("pk")).order_by().values("speaker")
        counted = Subquery(live.annotate(n=Count("pk")).values("n"))
        return self.annotate(statement_count=Coalesce(counted, 0))


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        OUTLET = "outlet", "News outlet"
        GROUP = "group", "Unnamed group"

    name = models.CharField(max_length=300, help_text="Canonical name, e.g. Alexander Lukashenko.")
    name_key = models.CharField(max_length=300, db_index=True, editable=False)
    slug = models.SlugField(max_length=300, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    role = models.CharField(max_length=300, blank=True, help_text="e.g. President of Belarus.")
    description = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpeakerQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="speaker_name_idx"),
            models.Index(fields=["kind"], name="speaker_kind_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_name(self.name)
        if not self.slug:
            self.slug = unique_slug(Speaker, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claims:speaker_detail", args=[self.slug])

    def add_alias(self, name: str) -> "SpeakerAlias | None":
        """Record another way of writing this speaker's name; a no-op for a known one."""
        key = normalize_name(name)
        if key == self.name_key:
            return None
        alias, _ = SpeakerAlias.objects.get_or_create(
            speaker=self, name_key=key, defaults={"name": name}
        )
        return alias


class SpeakerAlias(models.Model):
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300, help_text="As written, e.g. Lukashenka.")
    name_key = models.CharField(max_length=300, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "name_key"], name="alias_unique_per_speaker"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_name(self.name)
        super().save(*args, **kwargs)


class StatementQuerySet(models.QuerySet):
    def for_source(self, source):
        return self.filter(source=source)

    def suggested(self):
        return self.filter(state=ReviewState.SUGGESTED)

    def accepted(self):
        return self.filter(state=ReviewState.ACCEPTED)

    def live(self):
        """Not rejected: what is matched, clustered, searched and counted."""
        return self.filter(state__in=NOT_REJECTED)

    def said_by(self, speaker):
        return self.filter(speaker=speaker)

    def published_between(self, since=None, until=None):
        return self.filter(_published_in("source__", since, until))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for statement in objs:
            statement.fill_quote_context()
            statement.check_anchor()
        created = super().bulk_create(objs, *args, **kwargs)
        self.model.history.bulk_history_create([s for s in created if s.pk is not None])
        return created

    def update(self, **kwargs):
        if {"source", "source_id", "start", "end", "text"} & kwargs.keys():
            raise ValidationError(
                "A statement's span is moved one statement at a time (save()), "
                "so that its text is checked against its source."
            )
        return super().update(**kwargs)


def read_sentence(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The bounds of the sentence around ``text[start:end]`` and its words that say when
    that was said (``Statement.sentence_start``, ``sentence_end``, ``date_mention``)."""
    left, right = sentence_span(text, start, end)
    return left, right, said_on_words(text[left:right], start - left, end - left)


class Statement(models.Model):
    """One attribution inside a source: who said what, at exactly which span."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Reported speech"
        MIXED = "mixed", "Reported speech with quoted fragments"
        AUTHORIAL = "authorial", "The author's own assertion"

    source = models.ForeignKey(
        "sources.Source", on_delete=models.CASCADE, related_name="statements"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="Exactly source.text[start:end].")
    fragments = models.JSONField(
        null=True,
        blank=True,
        help_text="An utterance interrupted by its attribution: its [start, end] pieces, the "
        "first starting at start and the last ending at end. Empty for one piece.",
    )
    prefix = models.CharField(max_length=QUOTE_CONTEXT_CHARS, blank=True)
    suffix = models.CharField(max_length=QUOTE_CONTEXT_CHARS, blank=True)
    kind = models.CharField(max_length=20, choices=Kind)

    cue = models.CharField(max_length=200, blank=True, help_text='e.g. "said", "according to".')
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)

    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    speaker_mention = models.CharField(
        max_length=500,
        blank=True,
        help_text='The words that named the speaker: "the head of state".',
    )
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)

    cited = models.CharField(
        max_length=300, blank=True, help_text='What the source cites for it: "BelTA reports".'
    )
    cited_outlet = models.ForeignKey(
        "sources.Outlet", on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_in"
    )
    said_on = models.DateField(
        null=True, blank=True, help_text="When the statement says it was made, if it does."
    )
    # The sentence around the span, found when the span is set, so that provenance and the
    # claim page read a sentence of each statement rather than its whole source. Null on
    # statements stored before these fields existed (``manage.py fill_sentences``).
    sentence_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    sentence_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The words of that sentence that say when the statement was made ("On January 5",
    # "yesterday"; claims.dating.said_on_words), found with it, so that provenance dates a
    # statement without reading its source: "" when none do; null on statements stored
    # before this field existed (``manage.py fill_sentences``).
    date_mention = models.CharField(max_length=100, null=True, blank=True, editable=False)  # noqa: DJ001
    confidence = models.FloatField(null=True, blank=True)

    state = models.CharField(max_length=20, choices=ReviewState, default=ReviewState.SUGGESTED)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assignment = models.ForeignKey(
        "Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Set when made under a (double) annotation assignment.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatementQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        ordering = ["source_id", "start", "end"]  # the column: "source" would join sources
        permissions = [
            ("review_statement", "Can accept, reject or send back statements"),
            ("reopen_statement", "Can reopen accepted or rejected statements"),
        ]
        indexes = [
            models.Index(fields=["source", "start"], name="statement_source_span_idx"),
            models.Index(fields=["speaker", "source"], name="statement_speaker_idx"),
            # A speaker's statements newest first (the API's order), none sorted. The foreign
            # key's own index stays: counting a speaker's statements reads it, the narrowest.
            models.Index(fields=["speaker", "id"], name="statement_speaker_order_idx"),
            models.Index(fields=["state"], name="statement_state_idx"),
            # API filters and orderings (tests/scale/test_query_plans.py).
            models.Index(fields=["kind"], name="statement_kind_idx"),
            models.Index(fields=["said_on"], name="statement_said_on_idx"),
            models.Index(fields=["start"], name="statement_start_idx"),
            models.Index(fields=["created_at"], name="statement_created_idx"),
            models.Index(fields=["updated_at"], name="statement_updated_idx"),
            models.Index(fields=["confidence"], name="statement_confidence_idx"),
            # The review queue's page, in its default order (people's proposals first:
            # created_by_id ASC is NULLS LAST on PostgreSQL), over the waiting rows only
            # (tests/review/test_queue_plan.py, bench/review_queue_index.py).
            models.Index(
                fields=["created_by", "created_at", "id"],
                condition=Q(state__in=WAITING_STATES),
                name="statement_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(start__lt=F("end")), name="statement_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")), name="statement_text_fits_span"
            ),
            models.CheckConstraint(
                condition=(Q(cue_start__isnull=True) & Q(cue_end__isnull=True))
                | Q(cue_start__lt=F("cue_end")),
                name="statement_cue_span_valid",
            ),
            models.CheckConstraint(
                condition=(Q(mention_start__isnull=True) & Q(mention_end__isnull=True))
                | Q(mention_start__lt=F("mention_end")),
                name="statement_mention_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=0) & Q(confidence__lte=1)),
                name="statement_confidence_range",
            ),
        ]

    def __str__(self):
        return f"{self.speaker or self.speaker_mention or 'Unknown'}: {self.text[:60]}"

    @classmethod
    def at_span(cls, source, start: int, end: int, **fields) -> "Statement":
        """A statement whose text is read from the source at [start, end)."""
        statement = cls(source=source, start=start, end=end, text=source.text[start:end], **fields)
        statement.fill_quote_context()
        return statement

    READ_AROUND_SPAN = ("prefix", "suffix", "sentence_start", "sentence_end", "date_mention")

    def fill_quote_context(self):
        """What is read around the span (``READ_AROUND_SPAN``): the W3C quote context, the
        sentence and its words that say when the statement was made."""
        text = self.source.text
        self.prefix = text[max(0, self.start - QUOTE_CONTEXT_CHARS) : self.start]
        self.suffix = text[self.end : self.end + QUOTE_CONTEXT_CHARS]
        self.sentence_start, self.sentence_end, self.date_mention = read_sentence(
            text, self.start, self.end
        )

    def sentence_bounds(self) -> tuple[int, int]:
        """The sentence around the span, as stored (or found, for an older statement)."""
        if self.sentence_start is None or self.sentence_end is None:
            return sentence_span(self.source.text, self.start, self.end)
        return self.sentence_start, self.sentence_end

    def check_anchor(self):
        """Raise ValidationError unless the span lies in the source and reads ``text``."""
        source_text = self.source.text
        if not 0 <= self.start < self.end <= len(source_text):
            raise ValidationError(
                {
                    "end": f"Span {self.start}–{self.end} is not inside the source "
                    f"(length {len(source_text)})."
                }
            )
        if source_text[self.start : self.end] != self.text:
            raise ValidationError(
                {
                    "text": f"Text does not match the source at {self.start}–{self.end}: "
                    f"the source reads {source_text[self.start : self.end][:80]!r}."
                }
            )
        for name, start, end in (
            ("cue", self.cue_start, self.cue_end),
            ("speaker mention", self.mention_start, self.mention_end),
        ):
            if start is not None and not 0 <= start < end <= len(source_text):
                raise ValidationError(f"The {name} span {start}–{end} is not inside the source.")
        self.check_fragments()

    def check_fragments(self):
        """Fragments, when given, are ordered [start, end] pieces tiling the span's ends."""
        if not self.fragments:
            return
        pieces = self.fragments
        well_formed = isinstance(pieces, list) and all(
            isinstance(p, list | tuple)
            and len(p) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in p)
            and p[0] < p[1]
            for p in pieces
        )
        if not well_formed:
            raise ValidationError(
                {"fragments": "Fragments must be a list of [start, end] pairs with start < end."}
            )
        ordered = all(a[1] <= b[0] for a, b in pairwise(pieces))
        if not ordered or pieces[0][0] != self.start or pieces[-1][1] != self.end:
            raise ValidationError(
                {
                    "fragments": f"Fragments {pieces} must be in order, not overlap, and run "
                    f"from the statement's start {self.start} to its end {self.end}."
                }
            )

    @property
    def said_text(self) -> str:
        """What was said: the fragments joined by " … ", without the attribution between them."""
        if not self.fragments:
            return self.text
        return " … ".join(
            self.text[start - self.start : end - self.start] for start, end in self.fragments
        )

    def fit_fragments(self):
        """A moved span is one piece again, unless its ends are still its fragments' ends."""
        if self.fragments and (
            self.fragments[0][0] != self.start or self.fragments[-1][1] != self.end
        ):
            self.fragments = None

    def clean(self):
        if self.source_id is not None:
            self.check_anchor()

    def save(self, *args, **kwargs):
        self.fill_quote_context()
        self.check_anchor()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claims:statement_detail", args=[self.pk])


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Tag, self.name)
        super().save(*args, **kwargs)


def start_of(day: date) -> datetime:
    """The first moment of ``day`` in the current time zone, as ``__date`` lookups count."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


class ClaimQuerySet(models.QuerySet):
    def live(self):
        """Not rejected: the claims statements are matched against."""
        return self.filter(state__in=NOT_REJECTED)

    def filter_by(self, speaker="", outlet="", tag="", state="", since=None, until=None):
        """The claims list's filters, for the claims page and the API alike: slugs, and the
        days ``since``/``until`` a statement was published (both included, in the current
        time zone). A search (``q``) is ``claims.search.matching`` on the result."""
        claims = self.with_statements(
            speaker,
            outlet,
            start_of(since) if since else None,
            start_of(until + timedelta(days=1)) if until else None,
        )
        if tag:
            claims = claims.filter(tags__slug=tag)
        if state:
            claims = claims.filter(state=state)
        return claims

    def with_statements(self, speaker: str = "", outlet: str = "", since=None, until=None):
        """Claims with at least one live statement said by ``speaker``, published by
        ``outlet`` (slugs), in [since, until): all four true of the same statement. The claims
        page and the API filter through this one method."""
        if not (speaker or outlet or since or until):
            return self
        links = ClaimLink.objects.live().published_between(since, until)
        if speaker:
            links = links.filter(statement__speaker__slug=speaker)
        if outlet:
            links = links.filter(statement__source__outlet__slug=outlet)
        return self.filter(pk__in=links.values("claim"))

    def with_statement_count(self):
        """``statement_count``: the claim's live links, read from its stored figures (one join,
        whatever the number of links; see ``with_figures``)."""
        return self.annotate(statement_count=Coalesce("figures__statement_count", 0))

    def with_figures(self):
        """Each claim with its stored ``figures`` (``ClaimFigures``): live statement, speaker
        and outlet counts, first and last publication, kept by triggers (claims/figures.py)."""
        return self.select_related("figures")


class Claim(models.Model):
    """A normalized assertion in one sentence; its statements are where it was said."""

    text = models.CharField(max_length=500, help_text="The assertion in one normalized sentence.")
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    statements = models.ManyToManyField(
        Statement, through="ClaimLink", related_name="claims", blank=True
    )
    state = models.CharField(max_length=20, choices=ReviewState, default=ReviewState.PROPOSED)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state"], name="claim_state_idx"),
            models.Index(fields=["created_at"], name="claim_created_idx"),
            models.Index(fields=["updated_at"], name="claim_updated_idx"),
        ]
        permissions = [
            ("review_claim", "Can accept, reject or send back claims"),
            ("reopen_claim", "Can reopen accepted or rejected claims"),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Claim, self.text, max_length=200)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claims:claim_detail", args=[self.slug])


class ClaimFigures(models.Model):
    """What the claims list and the API show of a claim's live links, stored, not counted per
    request. Written only by database triggers (migration 0013) in the transaction that
    changes a link, a statement or a source; ``manage.py rebuild_figures`` recounts them all.
    See claims/figures.py."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    statement_count = models.PositiveIntegerField(default=0)
    speaker_count = models.PositiveIntegerField(default=0)
    outlet_count = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(null=True, blank=True, help_text="First publication.")
    last_seen = models.DateTimeField(null=True, blank=True, help_text="Last publication.")

    class Meta:
        # No index on the figures: PostgreSQL sorts a page of claims by them after joining the
        # claims one to one (EXPLAIN, 1,000 claims), and every recount would update one.
        verbose_name_plural = "claim figures"

    def __str__(self):
        return f"{self.claim_id}: {self.statement_count} statements"


class ClaimProvenance(models.Model):
    """What the claim page shows of a claim's provenance, as last computed, kept until
    something it was computed from changes. See claims/provenance_page.py.

    One row a claim, made with the claim. Database triggers (migration 0016) move
    ``version`` on in the transaction of every write that can change the answer: a link of
    the claim made, moved, deleted, or changed in state or stance; a statement, or its
    source, that a link of the claim reaches through the same source (what a source cites
    for a speaker is read across its statements); any speaker's name; any outlet. A summary
    (of the live links, or of the accepted ones) is good while its version is ``version``.
    """

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="provenance_row"
    )
    version = models.PositiveBigIntegerField(default=0, editable=False)
    live_version = models.PositiveBigIntegerField(null=True, editable=False)
    live = models.JSONField(null=True, editable=False)
    accepted_version = models.PositiveBigIntegerField(null=True, editable=False)
    accepted = models.JSONField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "claim provenance"

    def __str__(self):
        return f"{self.claim_id}: version {self.version}"

    @staticmethod
    def fields_for(accepted_only: bool) -> tuple[str, str]:
        """The summary's field and its version's: the accepted links' or the live ones'."""
        return ("accepted", "accepted_version") if accepted_only else ("live", "live_version")

    def summary(self, accepted_only: bool) -> dict | None:
        """The stored summary, if it was computed at the current version."""
        field, version = self.fields_for(accepted_only)
        return getattr(self, field) if getattr(self, version) == self.version else None


class RatingQuerySet(models.QuerySet):
    def bounds(self) -> tuple[int | None, int | None]:
        """The scale's worst and best values (its lowest and highest), one query."""
        found = self.aggregate(worst=Min("value"), best=Max("value"))
        return found["worst"], found["best"]


class Rating(models.Model):
    """One verdict of the instance's rating scale ("False", "Misleading", … "True").

    The scale is set per instance by admins (in the admin); a migration seeds a default. A
    verdict's ``value`` places it on the scale: the lowest value is the worst rating, the
    highest the best, as ClaimReview's ``worstRating`` and ``bestRating`` say.
    """

    label = models.CharField(max_length=60, unique=True, help_text="As readers see it: “False”.")
    value = models.PositiveSmallIntegerField(
        unique=True, help_text="Its place on the scale: the lowest is the worst verdict."
    )
    description = models.TextField(blank=True, help_text="When a claim gets this verdict.")

    objects = RatingQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        ordering = ["value"]

    def __str__(self):
        return self.label


# An assessment still under review: a claim has at most one at a time.
OPEN_ASSESSMENT = WAITING_STATES
MAX_ASSESSMENT_SOURCES = 50


class AssessmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_ASSESSMENT)

    def published(self):
        """Accepted; the claim's published assessment is the one accepted last."""
        return self.filter(state=ReviewState.ACCEPTED).order_by("-published_at", "-id")


class Assessment(models.Model):
    """A fact-checker's assessment of a claim: summary, the disproof or context with its own
    sources, and a verdict on the instance's rating scale.

    Each row is one version of a claim's assessment, reviewed like any other edit
    (``claims/review.py``): proposed by an annotator, accepted, rejected or sent back by a
    reviewer. The claim's published assessment is its last accepted one; a change to it is a
    new proposal, and the published one stays until that is accepted.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assessments")
    summary = models.TextField(help_text="The assessment in a few sentences.")
    note = models.TextField(
        blank=True, help_text="The disproof or the missing context: what the evidence shows."
    )
    rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text="The verdict; without one the claim is exported as a Claim, not a ClaimReview.",
    )
    sources = models.JSONField(
        default=list, blank=True, help_text='The note\'s sources: [{"url": …, "title": …}, …].'
    )
    state = models.CharField(max_length=20, choices=ReviewState, default=ReviewState.PROPOSED)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was accepted."
    )

    objects = AssessmentQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        ordering = ["claim_id", "-id"]
        indexes = [models.Index(fields=["claim", "state"], name="assessment_claim_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state__in=OPEN_ASSESSMENT),
                name="assessment_one_open_per_claim",
                violation_error_message="This claim already has an assessment under review: "
                "change that one.",
            ),
        ]
        permissions = [
            ("review_assessment", "Can accept, reject or send back assessments"),
            ("reopen_assessment", "Can reopen accepted or rejected assessments"),
        ]

    def __str__(self):
        verdict = f" ({self.rating})" if self.rating_id else ""
        return f"Assessment of {self.claim_id}{verdict}: {self.summary[:60]}"

    def check_sources(self):
        """Sources are a list of {"url": http(s) URL, "title": text}; nothing else."""
        sources = self.sources
        if not isinstance(sources, list) or len(sources) > MAX_ASSESSMENT_SOURCES:
            raise ValidationError(
                {"sources": f"Sources are a list of at most {MAX_ASSESSMENT_SOURCES} links."}
            )
        validate = URLValidator(schemes=["http", "https"])
        for n, source in enumerate(sources, 1):
            if not isinstance(source, dict) or set(source) - {"url", "title"}:
                raise ValidationError({"sources": f"Source {n}: give a url and a title only."})
            url, title = source.get("url"), source.get("title", "")
            if not isinstance(url, str) or not isinstance(title, str) or len(title) > 300:
                raise ValidationError({"sources": f"Source {n}: a url and a short title."})
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    {"sources": f"Source {n}: {url[:80]!r} is not an http(s) address."}
                ) from None

    def clean(self):
        self.check_sources()

    def save(self, *args, **kwargs):
        self.check_sources()
        if self.state == ReviewState.ACCEPTED and self.published_at is None:
            self.published_at = timezone.now()
        elif self.state != ReviewState.ACCEPTED:
            self.published_at = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claims:claim_detail", args=[self.claim.slug]) + "#assessment"


class ClaimLinkQuerySet(models.QuerySet):
    def live(self):
        """Where a claim was said: neither the link nor its statement rejected."""
        return self.filter(live_link())

    def accepted(self):
        """A person accepted both the statement and its link to the claim."""
        return self.filter(state=ReviewState.ACCEPTED, statement__state=ReviewState.ACCEPTED)

    def said_by(self, speaker):
        return self.filter(statement__speaker=speaker)

    def published_between(self, since=None, until=None):
        return self.filter(_published_in("statement__source__", since, until))


class ClaimLink(models.Model):
    """A statement asserts, denies, questions or merely reports a claim."""

    class Stance(models.TextChoices):
        ASSERTS = "asserts", "Asserts"
        DENIES = "denies", "Denies"
        QUESTIONS = "questions", "Questions"
        REPORTS = "reports", "Reports"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="claim_links")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links")
    stance = models.CharField(max_length=20, choices=Stance, default=Stance.ASSERTS)
    score = models.FloatField(
        null=True, blank=True, help_text="Matcher similarity, when suggested."
    )
    reason = models.CharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",  # rows written by COPY or raw SQL (bulk loads, benchmarks) too
        help_text="Why the matcher suggested it: shared words, or similarity in meaning.",
    )
    state = models.CharField(max_length=20, choices=ReviewState, default=ReviewState.SUGGESTED)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimLinkQuerySet.as_manager()
    history = audit_trail()

    class Meta:
        ordering = ["claim_id", "-score", "id"]  # the column: "claim" would join claims
        indexes = [
            models.Index(fields=["claim", "state"], name="claimlink_claim_state_idx"),
            # A claim's links in their ordering: its best first, without sorting them all.
            models.Index(fields=["claim", "-score", "id"], name="claimlink_claim_order_idx"),
            models.Index(fields=["state"], name="claimlink_state_idx"),
            models.Index(fields=["stance"], name="claimlink_stance_idx"),
            models.Index(fields=["score"], name="claimlink_score_idx"),
            models.Index(fields=["created_at"], name="claimlink_created_idx"),
            # The review queue of claim links, as statement_queue_idx serves statements'.
            models.Index(
                fields=["created_by", "created_at", "id"],
                condition=Q(state__in=WAITING_STATES),
                name="claimlink_queue_idx",
            ),
        ]
        permissions = [
            ("review_claimlink", "Can accept, reject or send back claim links"),
            ("reopen_claimlink", "Can reopen accepted or rejected claim links"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["statement", "claim"], name="claimlink_unique"),
        ]

    def __str__(self):
        return f"{self.statement_id} {self.stance} {self.claim_id}"

    @property
    def counts(self) -> bool:
        """``live_link()`` for a link in hand (its statement loaded)."""
        return self.state in NOT_REJECTED and self.statement.state in NOT_REJECTED


class ReviewTally(models.Model):
    """How many statements or claim links of one group are in each review state: the review
    progress page's figures, stored, not counted per request. Written only by database
    triggers (migration 0017) in the transaction of every write that adds, removes or moves
    an item; ``manage.py rebuild_tallies`` recounts them all. See claims/tallies.py."""

    class Kind(models.TextChoices):
        SOURCE = "source", "Statements of a source"
        STATEMENT_AUTHOR = "statement_author", "Statements made by a user"
        LINK_AUTHOR = "link_author", "Claim links made by a user"

    MACHINE = 0  # the group_id of items nobody made by hand (created_by is null)
    # An author's statements are counted in SHARDS rows (by their source's id), summed by the
    # page: transactions storing the machine's suggestions for different sources (ingestion
    # workers, which match them to claims before they commit) do not wait for each other on
    # one row. Sources and link authors have one row (shard 0).
    SHARDS = 64

    kind = models.CharField(max_length=20, choices=Kind)
    group_id = models.PositiveIntegerField(
        help_text="The source's id, or the user's (0: the machine's suggestions)."
    )
    shard = models.PositiveSmallIntegerField(default=0)
    # A column per review state, named as its value (ReviewState.values). Not "positive":
    # a write must never fail on a count that a bypassed trigger left wrong.
    suggested = models.IntegerField(default=0)
    proposed = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    changes_requested = models.IntegerField(default=0)
    waiting = models.GeneratedField(
        expression=F("suggested") + F("proposed") + F("changes_requested"),  # WAITING_STATES
        output_field=models.IntegerField(),
        db_persist=True,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "group_id", "shard"], name="reviewtally_unique"
            ),
        ]
        indexes = [
            # The progress page's sources with the most statements waiting, first.
            models.Index(fields=["kind", "-waiting", "group_id"], name="reviewtally_waiting_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.group_id}: {self.waiting} waiting"


class WeeklyDecisions(models.Model):
    """Reviewers' decisions on the machine's suggested statements in one week (Monday, UTC):
    each record of the statement history that moved a suggestion into accepted or rejected.
    Written only by database triggers on the history (migration 0017); see claims/tallies.py."""

    week = models.DateField(primary_key=True)
    accepted = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "weekly decisions"

    def __str__(self):
        return f"{self.week}: {self.accepted} accepted, {self.rejected} rejected"


class Assignment(models.Model):
    """A source given to one annotator; two assignments of a source make double annotation."""

    source = models.ForeignKey(
        "sources.Source", on_delete=models.CASCADE, related_name="assignments"
    )
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "annotator"], name="assignment_unique_per_annotator"
            ),
        ]

    def __str__(self):
        return f"{self.source_id} → {self.annotator}"


class ReviewClaim(models.Model):
    """A reviewer working on one item until ``expires_at``, so no one else decides it meanwhile."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_claims"
    )
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="reviewclaim_one_per_item"
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="reviewclaim_expiry_idx")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} by {self.reviewer} until {self.expires_at:%H:%M}"


class TextEmbedding(models.Model):
    """A sentence embedding of an exact text, computed once (claims.matching.semantic).

    Keyed by model name and the text's hash, so a statement, its sentence and a claim are
    each encoded once, and an edited claim text simply gets a new row.
    """

    key = models.CharField(max_length=200, unique=True, help_text="model:sha256 of the text.")
    model = models.CharField(max_length=100)
    vector = models.BinaryField(help_text="float32 values, little-endian.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
