"""Store what extraction finds in a source as suggested statements: the Django side of
``claims.extraction``.

``store_suggestions(source)`` is what ingestion (and the demo) call after storing a source.
It is idempotent: a rerun replaces the machine's earlier suggestions that nobody reviewed
(state still ``suggested``, no author) and never touches reviewed or hand-made statements.
"""

from django.db import transaction
from django.db.models import Q

from claims.extraction import ExtractedStatement, extract
from claims.extraction.dates import said_on_date
from claims.extraction.entities import same_person
from claims.models import ClaimLink, ReviewState, Speaker, Statement
from claims.names import normalize_name
from sources.models import Outlet, Source


@transaction.atomic
def store_suggestions(source: Source) -> list[Statement]:
    """Extract the source's body sections and store the statements as suggestions."""
    source = Source.objects.select_for_update().get(pk=source.pk)  # one rerun at a time
    untouched_suggestions(source).delete()
    kept_spans = set(Statement.objects.for_source(source).values_list("start", "end"))
    published = source.published_at.date() if source.published_at else None
    statements = []
    found_statements = extract(
        source.text,
        title=source.title,
        byline=source.byline,
        body_spans=body_spans(source),
        known_outlets=known_outlet_names(),
    )
    for found in found_statements:
        if (found.start, found.end) in kept_spans:
            continue  # a person already reviewed or wrote this one
        statements.append(
            Statement.at_span(
                source,
                found.start,
                found.end,
                kind=found.kind,
                cue=found.cue[:200],
                cue_start=found.cue_start,
                cue_end=found.cue_end,
                speaker=speaker_for(found),
                speaker_mention=found.speaker_mention[:500],
                mention_start=found.mention_start,
                mention_end=found.mention_end,
                cited=(found.cited or "")[:300],
                cited_outlet=outlet_named(found.cited),
                said_on=said_on_date(found.said_on, published),
                confidence=found.confidence,
                state=ReviewState.SUGGESTED,
            )
        )
    return Statement.objects.bulk_create(statements)


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


def known_outlet_names() -> set[str]:
    """Every outlet's name and domain, so that "Interfax reported" reads as an outlet."""
    names = set()
    for name, domain in Outlet.objects.values_list("name", "domain"):
        names.add(name)
        if domain:
            names.add(domain)
    return names


def body_spans(source: Source) -> list[tuple[int, int]]:
    """The body sections' spans; the whole text when the source was never sectioned."""
    if not source.sections.exists():
        return [(0, len(source.text))]
    return list(source.body_sections.values_list("start", "end"))


def speaker_for(found: ExtractedStatement) -> Speaker | None:
    """The speaker with this name or alias, created if new; the name as written becomes an alias."""
    if not found.speaker:
        return None
    speaker = Speaker.objects.matching(found.speaker).first() or _by_surname(found)
    if speaker is None:
        speaker = Speaker.objects.create(
            name=found.speaker[:300], kind=found.speaker_kind or Speaker.Kind.PERSON
        )
    if len(speaker.name.split()) == 1 < len(found.speaker.split()):
        _take_fuller_name(speaker, found.speaker[:300])
    for written in (found.speaker, found.mention_name):
        if written and normalize_name(written) != speaker.name_key:
            speaker.add_alias(written[:300])
    return speaker


def _take_fuller_name(speaker: Speaker, fuller: str) -> None:
    """ "Tokayev" was known, "Kassym-Jomart Tokayev" is found: the fuller name becomes canonical."""
    surname_only = speaker.name
    speaker.name = fuller
    speaker.save(update_fields=["name", "name_key"])
    speaker.aliases.filter(name_key=speaker.name_key).delete()
    speaker.add_alias(surname_only)


def _by_surname(found: ExtractedStatement) -> Speaker | None:
    """The one known person this name can be: same surname, compatible given names.

    "Tokayev" finds "Kassym-Jomart Tokayev"; "Volodimir Zelenskyy" finds the speaker who has
    "Zelenskyy" as an alias. Two candidates or more: no guess.
    """
    if found.speaker_kind != Speaker.Kind.PERSON:
        return None
    surname = normalize_name(found.speaker).split()[-1]
    candidates = (
        Speaker.objects.filter(kind=Speaker.Kind.PERSON)
        .filter(
            Q(name_key=surname)
            | Q(name_key__endswith=f" {surname}")
            | Q(aliases__name_key=surname)
            | Q(aliases__name_key__endswith=f" {surname}")
        )
        .distinct()
        .prefetch_related("aliases")
    )
    matches = [
        speaker
        for speaker in candidates
        if any(
            same_person(found.speaker, name)
            for name in [speaker.name, *(a.name for a in speaker.aliases.all())]
        )
    ]
    return matches[0] if len(matches) == 1 else None


def outlet_named(cited: str | None) -> Outlet | None:
    """The outlet a citation names, by name or by domain ("BelTA", "Strana.ua")."""
    if not cited:
        return None
    domain = cited.strip().lower().removeprefix("www.")
    return Outlet.objects.filter(Q(name__iexact=cited.strip()) | Q(domain=domain)).first()
