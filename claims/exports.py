"""Statements and claims in the formats other tools read: CSV, W3C Web Annotation, ClaimReview.

Plain functions over model instances; the API views give them absolute URLs to link with.
What a claim's exports list, in which order and with which dates, is its provenance
(``claims.provenance.for_claim``), the one answer the claim page renders too: each export
renders ``provenance_statements(found)``, its timeline with the statements' rows.
"""

import csv
from collections.abc import Callable, Iterable, Iterator

from claims.models import Assessment, Claim, Rating, Statement
from claims.provenance import Provenance, TimelineEntry

WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_ORG_CONTEXT = "https://schema.org"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
# The terms for a statement's dates in JSON-LD exports. Neither vocabulary says when words
# were said as opposed to published, nor that a date was inferred.
DATE_TERMS = {
    "claimtrail": "urn:claimtrail:terms:",
    "saidOn": {"@id": "claimtrail:saidOn", "@type": XSD_DATE},
    "saidOnInferred": "claimtrail:saidOnInferred",
    "dateBasis": "claimtrail:dateBasis",
    "publishedOn": {"@id": "claimtrail:publishedOn", "@type": XSD_DATE},
}

STATEMENT_CSV_COLUMNS = [
    "id",
    "source_id",
    "source_title",
    "outlet",
    "published_at",
    "language",
    "start",
    "end",
    "text",
    "kind",
    "cue",
    "speaker",
    "speaker_mention",
    "cited",
    "said_on",
    "confidence",
    "state",
    "claims",
    # Filled when the CSV is of one claim (?claim=): its provenance dates each statement.
    "said_on_inferred",
    "date",
    "date_basis",
]
CLAIM_CSV_COLUMNS = [
    "id",
    "slug",
    "text",
    "description",
    "tags",
    "state",
    "statement_count",
    "created_at",
]

# A cell starting with one of these is a formula to a spreadsheet: text from a hostile
# document must not run as one when an analyst opens the export.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def csv_lines(columns: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV text line by line, so a large export streams instead of filling memory."""
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_spreadsheet_safe(value) for value in row])


def _spreadsheet_safe(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def provenance_statements(found: Provenance) -> list[tuple[TimelineEntry, Statement]]:
    """The claim's timeline with each entry's statement row, for the exports to render."""
    ids = [entry.statement.id for entry in found.timeline]
    rows = (
        Statement.objects.select_related("source__outlet", "speaker", "created_by")
        .defer("source__raw")
        .in_bulk(ids)
    )
    return [(entry, rows[entry.statement.id]) for entry in found.timeline]


def dates_of(entry: TimelineEntry) -> dict:
    """A statement's dates in a claim's provenance, as every export writes them: said and
    published apart, the date provenance orders by, what it rests on, and whether the said
    date was inferred (read from the sentence, or its year from the claim's other dates)."""
    return {
        "said_on": entry.said_on.isoformat() if entry.said_on else None,
        "said_on_inferred": entry.said_on_inferred,
        "published_on": (
            entry.statement.published.isoformat() if entry.statement.published else None
        ),
        "date": entry.date.isoformat() if entry.date else None,
        "date_basis": entry.basis,
    }


def provenance_json(claim: Claim, found: Provenance, accepted_only: bool) -> dict:
    """A claim's provenance as the API gives it: the statements in timeline order."""
    return {
        "claim": claim.slug,
        "accepted_only": accepted_only,
        "earliest": found.earliest.statement.id if found.earliest else None,
        "flags": found.flags,
        "speakers": found.speakers,
        "outlets": found.outlets,
        "statements": [
            {
                "id": entry.statement.id,
                "text": entry.statement.text,
                "speaker": entry.statement.speaker,
                "outlet": entry.statement.outlet,
                "source": entry.statement.source_id,
                "source_title": entry.statement.source_title,
                "cited": entry.statement.cited,
                "cited_outlet": entry.statement.cited_outlet,
                "stance": entry.statement.stance,
                "statement_state": entry.statement.statement_state,
                "link_state": entry.statement.link_state,
                "reviewed": entry.statement.reviewed,
                **dates_of(entry),
                "flags": entry.flags,
            }
            for entry in found.timeline
        ],
    }


def statement_rows(
    statements: Iterable[Statement], dated: dict[object, TimelineEntry] | None = None
) -> Iterator[list]:
    """CSV rows; ``dated`` (statement id → timeline entry) gives a claim's provenance dates."""
    for s in statements:
        entry = (dated or {}).get(s.pk)
        dates = dates_of(entry) if entry else {}
        said_on = dates.get("said_on") or (s.said_on.isoformat() if s.said_on else "")
        yield [
            s.pk,
            s.source_id,
            s.source.title,
            s.source.outlet.name if s.source.outlet else "",
            s.source.published_at.isoformat() if s.source.published_at else "",
            s.source.language,
            s.start,
            s.end,
            s.text,
            s.kind,
            s.cue,
            s.speaker.name if s.speaker else "",
            s.speaker_mention,
            s.cited,
            said_on,
            s.confidence,
            s.state,
            ";".join(link.claim.slug for link in s.claim_links.all() if link.counts),
            dates.get("said_on_inferred", ""),
            dates.get("date"),
            dates.get("date_basis", ""),
        ]


def claim_rows(claims: Iterable[Claim]) -> Iterator[list]:
    for c in claims:
        yield [
            c.pk,
            c.slug,
            c.text,
            c.description,
            ";".join(t.name for t in c.tags.all()),
            c.state,
            c.statement_count,
            c.created_at.isoformat(),
        ]


def web_annotation(statement: Statement, url: Callable[[str], str]) -> dict:
    """The statement as a W3C Web Annotation on its source's text.

    ``url`` turns a path into an absolute URL. The target carries both a TextQuoteSelector
    (exact text with prefix and suffix, to find it again in a changed copy) and a
    TextPositionSelector (code-point offsets into the source's stored text). The speaker is
    two bodies: their name (a TextualBody has a ``value``) and their page (a
    SpecificResource has a ``source`` and, by the model, no ``value``).
    """
    bodies = [
        {"type": "TextualBody", "purpose": "classifying", "value": statement.kind},
        {"type": "TextualBody", "purpose": "tagging", "value": f"cue: {statement.cue}"},
    ]
    if statement.speaker:
        bodies[:0] = [
            {"type": "TextualBody", "purpose": "identifying", "value": statement.speaker.name},
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": url(statement.speaker.get_absolute_url()),
            },
        ]
    elif statement.speaker_mention:
        bodies.insert(
            0, {"type": "TextualBody", "purpose": "identifying", "value": statement.speaker_mention}
        )
    annotation = {
        "@context": WEB_ANNOTATION_CONTEXT,
        "id": url(f"/api/statements/{statement.pk}/annotation/"),
        "type": "Annotation",
        "motivation": "identifying",
        "created": statement.created_at.isoformat(),
        "modified": statement.updated_at.isoformat(),
        "body": bodies,
        "target": {
            "source": url(statement.source.get_absolute_url()),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": statement.text,
                    "prefix": statement.prefix,
                    "suffix": statement.suffix,
                },
                {"type": "TextPositionSelector", "start": statement.start, "end": statement.end},
            ],
        },
    }
    if statement.source.web_url:
        annotation["target"]["scope"] = statement.source.web_url
    if statement.source.language:
        annotation["target"]["language"] = statement.source.language
    if statement.created_by:
        annotation["creator"] = {"type": "Person", "nickname": statement.created_by.username}
    else:
        annotation["creator"] = {"type": "Software", "name": "Claimtrail extraction"}
    return annotation


def _json_ld_dates(entry: TimelineEntry) -> dict:
    dates = dates_of(entry)
    found = {
        "saidOn": dates["said_on"],
        "saidOnInferred": dates["said_on_inferred"],
        "publishedOn": dates["published_on"],
        "dateBasis": dates["date_basis"],
    }
    return {key: value for key, value in found.items() if value is not None}


def claim_annotations(
    claim: Claim, statements: list[tuple[TimelineEntry, Statement]], url: Callable[[str], str]
) -> dict:
    """A claim's statements as a W3C AnnotationPage, in provenance order, each annotation
    carrying its dates in provenance (said and published apart, inferred marked)."""
    items = []
    for entry, statement in statements:
        annotation = web_annotation(statement, url)
        annotation["@context"] = [WEB_ANNOTATION_CONTEXT, DATE_TERMS]
        items.append({**annotation, **_json_ld_dates(entry)})
    return {
        "@context": WEB_ANNOTATION_CONTEXT,
        "id": url(f"/api/claims/{claim.slug}/annotations/"),
        "type": "AnnotationPage",
        "partOf": {"type": "AnnotationCollection", "label": claim.text, "total": len(items)},
        "startIndex": 0,
        "items": items,
    }


def _appearance(entry: TimelineEntry, statement: Statement, url: Callable[[str], str]) -> dict:
    """One place the claim appears: the statement's source as a schema.org CreativeWork."""
    source = statement.source
    appearance = {
        "@type": "CreativeWork",
        # The statement's page: where in the work the claim appears.
        "identifier": url(statement.get_absolute_url()),
        "url": source.web_url or url(source.get_absolute_url()),
        "headline": source.title,
        "text": statement.text,
        **_json_ld_dates(entry),
    }
    if source.language:
        appearance["inLanguage"] = source.language
    if source.published_at:
        appearance["datePublished"] = source.published_at.date().isoformat()
    if source.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": source.outlet.name}
    if statement.speaker:
        appearance["author"] = {
            "@type": "Person" if statement.speaker.kind == "person" else "Organization",
            "name": statement.speaker.name,
        }
    return appearance


def schema_claim(
    found: Provenance, statements: list[tuple[TimelineEntry, Statement]], url: Callable[[str], str]
) -> dict:
    """The claim as a schema.org ``Claim``: every appearance in provenance order, the
    earliest as ``firstAppearance``, with its author and the date it was first said."""
    appearances, first = [], None
    for entry, statement in statements:
        appearance = _appearance(entry, statement, url)
        appearances.append(appearance)
        if entry is found.earliest:
            first = appearance
    item = {"@type": "Claim"}
    if first:
        if "author" in first:
            item["author"] = first["author"]
        if found.earliest.date:  # when it was made or entered public discourse
            item["datePublished"] = found.earliest.date.isoformat()
        item["firstAppearance"] = first
    item["appearance"] = appearances
    return item


def rating_json(rating: Rating, bounds: tuple[int | None, int | None]) -> dict:
    """A verdict as a schema.org Rating on the instance's scale (``Rating.objects.bounds()``)."""
    worst, best = bounds
    return {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": best,
        "worstRating": worst,
        "alternateName": rating.label,  # the verdict search engines show
        "name": rating.label,
    }


def claim_review(
    claim: Claim,
    found: Provenance,
    statements: list[tuple[TimelineEntry, Statement]],
    url: Callable[[str], str],
    assessment: Assessment | None = None,
    author: dict | None = None,
) -> dict:
    """The claim as schema.org JSON-LD: a ClaimReview when its published ``assessment``
    (``Assessment.objects.published()``) gives a verdict, a ``Claim`` otherwise — never a
    ClaimReview without a rating.

    ``statements`` are ``provenance_statements(found)``: the claim page's order; the first
    appearance is the page's earliest (which passes over a conflicting date, and over a
    machine suggestion dated before the earliest reviewed statement). ``author`` is who
    publishes the review (``{"name": …, "url": …}``: the instance's publisher).
    """
    item = schema_claim(found, statements, url)
    if assessment is None or assessment.rating is None:
        return {
            "@context": [SCHEMA_ORG_CONTEXT, DATE_TERMS],
            **item,
            "url": url(claim.get_absolute_url()),
            "name": claim.text,
        }
    review = {
        "@context": [SCHEMA_ORG_CONTEXT, DATE_TERMS],
        "@type": "ClaimReview",
        "url": url(claim.get_absolute_url()) + "#assessment",
        "claimReviewed": claim.text,
        "reviewRating": rating_json(assessment.rating, Rating.objects.bounds()),
        "author": {"@type": "Organization", **(author or {})},
        "datePublished": assessment.published_at.date().isoformat(),
        "description": assessment.summary,
        "itemReviewed": item,
    }
    if assessment.note:
        review["reviewBody"] = assessment.note
    if assessment.sources:
        review["citation"] = [
            {"@type": "CreativeWork", "url": source["url"], "name": source.get("title", "")}
            for source in assessment.sources
        ]
    return review
