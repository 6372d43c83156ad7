"""Store what extraction finds in a source as suggested statements: the Django side of
``claims.extraction``.

``store_suggestions(source)`` is what ingestion (and the demo) call after storing a source.
It is idempotent: a rerun replaces the machine's earlier suggestions that nobody reviewed
(state still ``suggested``, no author) and never touches reviewed or hand-made statements.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.extraction import ExtractedStatement, ExtractionTimeout, extract, limits, supports
from claims.extraction.dates import said_on_date
from claims.extraction.entities import same_person
from claims.extraction.scripts import has_cyrillic, same_name_across_scripts, to_latin
from claims.models import ClaimLink, ReviewState, Speaker, SpeakerAlias, Statement
from claims.names import normalize_name
from sources.ingestion import DocumentError
from sources.ingestion.budget import Budget
from sources.models import Outlet, Section, Source, outlet_named, unique_slugs

# An article has tens of statements, a long transcript hundreds. Each is a row, a history
# record and a matching candidate, written where no timer may stop it: 19,000 statements made
# from 0.5 MB of quotes and cues took 40 s to store and match. A document with more is refused.
MAX_SUGGESTIONS = 2_000


@transaction.atomic
def store_suggestions(source: Source, *, budget: Budget | None = None) -> list[Statement]:
    """Extract the source's body sections and store the statements as suggestions.

    A constant number of queries whatever the number of statements and speakers: the
    article's speakers are resolved together (``ArticleSpeakers``), its outlets read once.
    A source in a language extraction does not read stores nothing (``extraction_note``
    says so to whoever ingested it).
    Extraction runs under ``budget`` (the document's time limit, INGEST_TIME_LIMIT): over it,
    ``TimeBudgetExceeded`` and nothing is stored.
    """
    source = Source.objects.select_for_update().get(pk=source.pk)  # one rerun at a time
    if not supports(source.language):
        return []
    untouched_suggestions(source).delete()
    kept_spans = set(Statement.objects.for_source(source).values_list("start", "end"))
    published = source.published_at.date() if source.published_at else None
    outlets = Outlet.objects.by_name()
    body, boilerplate = section_spans(source)
    text, spans = readable(source.text, body)
    found_statements = _extract_within(
        budget,
        text,
        title=source.title,
        byline=source.byline,
        body_spans=spans,
        headline_spans=boilerplate,
        opinion=True if source.kind == Source.Kind.OPINION else None,  # else the text tells
        known_outlets={name for o in set(outlets.values()) for name in (o.name, o.domain) if name},
        language=source.language,
    )
    if len(found_statements) > MAX_SUGGESTIONS:
        raise DocumentError(
            f"extraction found {len(found_statements):,} statements in the document, more than "
            f"the limit of {MAX_SUGGESTIONS:,} for one document"
        )
    found_statements = [f for f in found_statements if (f.start, f.end) not in kept_spans]
    speakers = resolve_speakers(found_statements)  # kept spans: a person reviewed or wrote them
    statements = [
        Statement.at_span(
            source,
            found.start,
            found.end,
            kind=found.kind,
            fragments=[list(piece) for piece in found.fragments] if found.fragments else None,
            cue=found.cue[:200],
            cue_start=found.cue_start,
            cue_end=found.cue_end,
            speaker=speaker,
            speaker_mention=found.speaker_mention[:500],
            mention_start=found.mention_start,
            mention_end=found.mention_end,
            cited=(found.cited or "")[:300],
            cited_outlet=outlet_named(found.cited, outlets),
            said_on=said_on_date(found.said_on, published),
            confidence=found.confidence,
            state=ReviewState.SUGGESTED,
        )
        for found, speaker in zip(found_statements, speakers, strict=True)
    ]
    return Statement.objects.bulk_create(statements)


def readable(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """What extraction reads of ``text``'s body ``spans``: runs of non-space characters
    longer than any word or URL left out (blanked in the text, same length, so offsets still
    point into ``text``, and cut out of the spans); refused (``DocumentError`` naming the
    limit) when the rest is longer, or has more speech cues or quotation marks, than any
    article. Linear and
    cheap, before extraction, whose cost grows with both (claims/extraction/limits.py)."""
    text, spans = limits.without_long_runs(
        text, spans, max_word_length=_setting("INGEST_MAX_WORD_LENGTH")
    )
    try:
        limits.refuse_too_long(spans, max_body_characters=_setting("INGEST_MAX_BODY_CHARACTERS"))
        limits.refuse_too_many_markers(
            text,
            spans,
            max_speech_cues=_setting("INGEST_MAX_SPEECH_CUES"),
            max_quotation_marks=_setting("INGEST_MAX_QUOTATION_MARKS"),
        )
    except (limits.TooLong, limits.TooManyMarkers) as error:
        raise DocumentError(str(error)) from None
    return text, spans


def _setting(name: str) -> int:
    return getattr(settings, name, getattr(limits, name))


def extraction_note(source: Source) -> str:
    """What to tell whoever ingested ``source`` about extraction; "" when it ran."""
    if supports(source.language):
        return ""
    return (
        f"no statements extracted: extraction does not support {source.language_name} "
        f"({source.language}) yet; the text is stored and searchable"
    )


def _extract_within(budget: Budget | None, text: str, **options) -> list[ExtractedStatement]:
    if budget is None:
        return extract(text, **options)
    # Extraction checks the deadline as it goes; the budget's timer backs it up.
    stage = "while extracting statements"
    try:
        with budget.enforced(stage):
            return extract(text, deadline=budget.deadline, **options)
    except ExtractionTimeout:
        raise budget.exceeded(stage) from None


def untouched_suggestions(source: Source):
    """The machine's suggestions for ``source`` that no person has acted on yet.

    Not one an annotator wrote, edited (version > 1) or linked to a claim beyond a mere
    suggestion: those are reviewed work and stay.
    """
    reviewed_links = ClaimLink.objects.exclude(state=ReviewState.SUGGESTED)
    return (
        Statement.objects.for_source(source)
        .suggested()
        .filter(created_by=None, version=1)
        .exclude(claim_links__in=reviewed_links)
    )


def section_spans(source: Source) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The body sections' spans (the whole text when the source was never sectioned) and the
    boilerplate's, where a list of links to other articles may give attributed headlines."""
    sections = list(source.sections.values_list("kind", "start", "end"))
    if not sections:
        return [(0, len(source.text))], []
    return (
        [(start, end) for kind, start, end in sections if kind == Section.Kind.BODY],
        [(start, end) for kind, start, end in sections if kind == Section.Kind.BOILERPLATE],
    )


PERSON = Speaker.Kind.PERSON


def resolve_speakers(found_statements: list[ExtractedStatement]) -> list[Speaker | None]:
    """Each statement's speaker, matched by name or alias, created if new, in a few queries.

    Two workers may create the same new speaker at once. The one that stores it second finds
    it already there (committed since this article's speakers were read) or fails on the
    unique slug (waiting for the other's commit), rolls back to before its inserts and
    resolves again, now finding it.
    """
    for attempt in range(3):
        speakers = ArticleSpeakers(found_statements)
        resolved = [speakers.speaker_for(found) for found in found_statements]
        try:
            speakers.save()
        except (IntegrityError, SpeakerCreatedMeanwhile):
            if attempt == 2:
                raise
        else:
            return resolved


class SpeakerCreatedMeanwhile(Exception):
    """Another worker stored a speaker this article would create, after it read them."""


class ArticleSpeakers:
    """The speakers an article's statements can name, loaded in one query and resolved in
    memory one statement after the other, as if each were looked up in the database after
    the previous one was stored; ``save()`` then writes what changed.
    """

    def __init__(self, found_statements: list[ExtractedStatement]):
        self.known: list[_Known] = []
        mentioned = [found for found in found_statements if found.speaker]
        if not mentioned:
            return
        keys = {normalize_name(found.speaker) for found in mentioned}
        named = Q(name_key__in=keys) | Q(aliases__name_key__in=keys)
        surnames = {
            surname
            for found in mentioned
            if found.speaker_kind == PERSON
            for surname in _surnames(found)
        }
        if surnames:
            same_surname = Q()
            for surname in surnames:
                same_surname |= (
                    Q(name_key=surname)
                    | Q(name_key__endswith=f" {surname}")
                    | Q(aliases__name_key=surname)
                    | Q(aliases__name_key__endswith=f" {surname}")
                )
            named |= Q(kind=PERSON) & same_surname
        candidates = Speaker.objects.filter(named).distinct().order_by("name", "pk")
        for speaker in candidates.prefetch_related("aliases"):
            aliases = {alias.name_key: alias.name for alias in speaker.aliases.all()}
            self.known.append(_Known(speaker, aliases, stored_aliases=set(aliases)))

    def speaker_for(self, found: ExtractedStatement) -> Speaker | None:
        """The speaker with this name or alias, created if new; the name as written becomes
        an alias."""
        if not found.speaker:
            return None
        known = self._matching(normalize_name(found.speaker)) or self._by_surname(found)
        if known is None:
            name = found.speaker[:300]
            kind = found.speaker_kind or PERSON
            speaker = Speaker(name=name, name_key=normalize_name(name), kind=kind)
            known = _Known(speaker, aliases={}, stored_aliases=set(), created_as=name)
            if kind == PERSON and has_cyrillic(name) and name[:1].isupper():
                # so that "Tokayev" finds "Токаев"; a description ("источник в МВД") has none
                known.add_alias(to_latin(name)[:300])
            self.known.append(known)
        same_script = has_cyrillic(known.speaker.name) == has_cyrillic(found.speaker)
        if same_script and len(known.speaker.name.split()) == 1 < len(found.speaker.split()):
            known.take_fuller_name(found.speaker[:300])
        for written in (found.speaker, found.mention_name):
            if written and normalize_name(written) != known.speaker.name_key:
                known.add_alias(written[:300])
        return known.speaker

    def _matching(self, key: str) -> "_Known | None":
        """``Speaker.objects.matching(name).first()``: the first by name of those named so."""
        named = [k for k in self.known if k.speaker.name_key == key or key in k.aliases]
        return min(named, key=lambda known: known.speaker.name, default=None)

    def _by_surname(self, found: ExtractedStatement) -> "_Known | None":
        """The one known person this name can be: same surname, compatible given names.

        "Tokayev" finds "Kassym-Jomart Tokayev"; "Volodimir Zelenskyy" finds the speaker who
        has "Zelenskyy" as an alias. Two candidates or more: no guess.
        """
        if found.speaker_kind != PERSON:
            return None
        surnames = _surnames(found)
        matches = [
            known
            for known in self.known
            if known.speaker.kind == PERSON
            and any(
                key == surname or key.endswith(f" {surname}")
                for key in known.name_keys()
                for surname in surnames
            )
            and any(
                same_person(found.speaker, name) or same_name_across_scripts(found.speaker, name)
                for name in known.names()
            )
        ]
        return matches[0] if len(matches) == 1 else None

    def save(self) -> None:
        """Write the new speakers, renames and aliases: a query or two for each kind of change.

        New speakers are inserted in slug order, so that two workers wait for each other's
        rows in one order and never deadlock.
        """
        new = [known for known in self.known if known.speaker.pk is None]
        if new:
            created_as = [normalize_name(known.created_as) for known in new]
            if Speaker.objects.filter(name_key__in=created_as).exists():
                raise SpeakerCreatedMeanwhile(", ".join(created_as))
            slugs = unique_slugs(Speaker, [known.created_as for known in new])
            for known, slug in zip(new, slugs, strict=True):
                known.speaker.slug = slug
            with transaction.atomic():  # a savepoint: a lost race rolls back to here
                created = Speaker.objects.bulk_create(
                    sorted((known.speaker for known in new), key=lambda s: s.slug)
                )
                Speaker.history.bulk_history_create(created)
        renamed = [k.speaker for k in self.known if k.renamed and k not in new]
        if renamed:
            Speaker.objects.bulk_update(renamed, ["name", "name_key"])
            Speaker.history.bulk_history_create(renamed, update=True)
        dropped = Q()
        for known in self.known:
            for key in known.stored_aliases - known.aliases.keys():
                dropped |= Q(speaker=known.speaker, name_key=key)
        if dropped:
            SpeakerAlias.objects.filter(dropped).delete()
        added = [
            SpeakerAlias(speaker=known.speaker, name=known.aliases[key], name_key=key)
            for known in self.known
            for key in sorted(known.aliases.keys() - known.stored_aliases)
        ]
        if added:
            SpeakerAlias.objects.bulk_create(added, ignore_conflicts=True)
        # An alias decides whom a name is attributed to: a change of a known speaker's is in
        # its history (a new speaker's creation record covers its first aliases).
        aliased = [
            k.speaker
            for k in self.known
            if k not in new and not k.renamed and k.aliases.keys() != k.stored_aliases
        ]
        if aliased:
            Speaker.history.bulk_history_create(
                aliased, update=True, default_change_reason="Aliases found by extraction."
            )


@dataclass(eq=False)
class _Known:
    """A speaker held in memory while an article is resolved: its aliases by name key."""

    speaker: Speaker
    aliases: dict[str, str]
    stored_aliases: set[str]  # the keys of the aliases already in the database
    created_as: str = ""  # the name a new speaker was created with (its slug's)
    renamed: bool = False

    def name_keys(self) -> list[str]:
        return [self.speaker.name_key, *self.aliases]

    def names(self) -> list[str]:
        return [self.speaker.name, *self.aliases.values()]

    def add_alias(self, name: str) -> None:
        """``Speaker.add_alias``: a no-op for the canonical name or a known alias."""
        key = normalize_name(name)
        if key != self.speaker.name_key:
            self.aliases.setdefault(key, name)

    def take_fuller_name(self, fuller: str) -> None:
        """ "Tokayev" was known, "Kassym-Jomart Tokayev" is found: the fuller name becomes
        canonical, the old one an alias."""
        surname_only = self.speaker.name
        self.speaker.name, self.speaker.name_key = fuller, normalize_name(fuller)
        self.aliases.pop(self.speaker.name_key, None)
        self.renamed = True
        self.add_alias(surname_only)


def _surname(found: ExtractedStatement) -> str:
    return normalize_name(found.speaker).split()[-1]


def _surnames(found: ExtractedStatement) -> set[str]:
    """The surname as written and, for a Cyrillic one, as agencies write it in Latin
    ("токаев", "tokayev"): one person across scripts."""
    surname = _surname(found)
    return {surname, normalize_name(to_latin(surname))}
