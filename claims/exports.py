"""Statements and claims in the formats other tools read: CSV, W3C Web Annotation, ClaimReview.

Plain functions over model instances; the API views give them absolute URLs to link with.
"""

import csv
from collections.abc import Callable, Iterable, Iterator

from claims.models import Claim, Statement

WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_ORG_CONTEXT = "https://schema.org"

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


def statement_rows(statements: Iterable[Statement]) -> Iterator[list]:
    for s in statements:
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
            s.said_on.isoformat() if s.said_on else "",
            s.confidence,
            s.state,
            ";".join(link.claim.slug for link in s.claim_links.all()),
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
    TextPositionSelector (code-point offsets into the source's stored text).
    """
    bodies = [
        {"type": "TextualBody", "purpose": "classifying", "value": statement.kind},
        {"type": "TextualBody", "purpose": "tagging", "value": f"cue: {statement.cue}"},
    ]
    if statement.speaker:
        bodies.insert(
            0,
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": url(statement.speaker.get_absolute_url()),
                "value": statement.speaker.name,
            },
        )
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


def claim_review(claim: Claim, statements: list[Statement], url: Callable[[str], str]) -> dict:
    """The claim as schema.org ClaimReview JSON-LD, with every appearance we hold.

    Claimtrail traces who said a claim; it does not rate it, so there is no reviewRating.
    ``statements`` are the claim's linked statements in provenance order (earliest first).
    """
    appearances = []
    for statement in statements:
        source = statement.source
        appearance = {
            "@type": "CreativeWork",
            "url": source.web_url or url(source.get_absolute_url()),
            "headline": source.title,
            "text": statement.text,
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
        appearances.append(appearance)
    item = {"@type": "Claim", "appearance": appearances}
    if appearances:
        item["firstAppearance"] = appearances[0]
        if "author" in appearances[0]:
            item["author"] = appearances[0]["author"]
    return {
        "@context": SCHEMA_ORG_CONTEXT,
        "@type": "ClaimReview",
        "url": url(claim.get_absolute_url()),
        "claimReviewed": claim.text,
        "datePublished": claim.created_at.date().isoformat(),
        "itemReviewed": item,
    }
