"""When a statement says it was made: "On January 5, … Tokayev said", "on Friday", "yesterday".

Plain Python, the one date module: extraction (``claims/extraction/dates.py``, which reads
the date extraction found) and provenance (which reads a statement's sentence) both resolve
a day through ``day_on_or_before``.

The rule: a statement is reported after it was made, so a day named without a year is the
latest such day on or before the source's publication date ("January 5" in a 7 January 2022
article is 5 January 2022; "December 30" is 30 December 2021), and so is a weekday. Without
a publication date a month and day stay partial (month and day only) and say so, rather
than borrowing a year from nowhere; provenance then takes the year nearest the claim's
other dates (``infer_year``) and flags it.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

Date = date  # for annotations inside DateMention, whose field is called ``date``

_MONTH_NAMES = (
    "january jan",
    "february feb",
    "march mar",
    "april apr",
    "may",
    "june jun",
    "july jul",
    "august aug",
    "september sep sept",
    "october oct",
    "november nov",
    "december dec",
)
MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE),  # January 5, 2022
    re.compile(rf"\b{_DAY}\s+{_MONTH}{_YEAR}", re.IGNORECASE),  # 5 January 2022
]
_WEEKDAY = re.compile(r"\b(?:on|last)\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(?P<word>yesterday|today|earlier (?:in the|that) day)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date read from text: ``date`` when it could be resolved, else month/day only."""

    text: str
    start: int
    date: "Date | None" = None
    month: int | None = None
    day: int | None = None
    partial: bool = False  # month and day known, year not


# Every pattern above needs a digit or "day" (Monday, yesterday, earlier that day): most
# sentences have neither, and one search tells so.
_DATE_HINT = re.compile(r"\d|day", re.IGNORECASE)


def find_date_mentions(text: str, published: date | None = None) -> list[DateMention]:
    """Every date the text names, resolved against ``published`` where needed, in order."""
    if not _DATE_HINT.search(text):
        return []
    mentions = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            mention = _calendar_mention(m, published)
            if mention:
                mentions.append(mention)
    for m in _WEEKDAY.finditer(text):
        if published:
            weekday = WEEKDAYS.index(m["weekday"].lower())
            mentions.append(DateMention(m[0], m.start(), weekday_on_or_before(weekday, published)))
    for m in _RELATIVE.finditer(text):
        if published:
            days = 1 if m["word"].lower() == "yesterday" else 0
            mentions.append(DateMention(m[0], m.start(), published - timedelta(days=days)))
    return sorted(mentions, key=lambda mention: mention.start)


def _calendar_mention(m: re.Match, published: date | None) -> DateMention | None:
    month, day = MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
    if not 1 <= day <= 31:
        return None
    if m["year"]:
        return _safe(m, int(m["year"]), month, day)
    if published is None:
        return DateMention(m[0].strip(), m.start(), None, month, day, partial=True)
    resolved = day_on_or_before(month, day, published)
    return DateMention(m[0].strip(), m.start(), resolved, month, day) if resolved else None


def day_on_or_before(month: int, day: int, published: date, year: int | None = None):
    """The day ``month``/``day`` (of ``year`` when the text gives it) names in a text
    published on ``published``: without a year, the latest such day on or before it."""
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(published.year, month, day)
        if candidate > published:
            candidate = date(published.year - 1, month, day)
        return candidate
    except ValueError:  # 31 April; 29 February of a year without one
        return None


def weekday_on_or_before(weekday: int, published: date) -> date:
    """The latest ``weekday`` (0 = Monday) on or before ``published``."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _safe(m: re.Match, year: int, month: int, day: int) -> DateMention | None:
    try:
        return DateMention(m[0].strip(), m.start(), date(year, month, day), month, day)
    except ValueError:
        return None


def said_on_words(sentence: str, statement_start: int, statement_end: int) -> str:
    """The words of a sentence that say when its statement was made ("On January 5",
    "yesterday"), outside the statement itself; "" if none do.

    ``statement_start``/``statement_end`` locate the statement inside ``sentence``; a date
    inside the quoted words ("must leave by January 19") is content, not when it was said.
    The mention nearest before the statement wins, else the nearest after it. Found without
    the publication date, which only resolves them (``read_said_on``): extraction stores
    these words with the sentence (``Statement.date_mention``), and they stay true when the
    date is corrected.
    """
    found = _said_on_match(sentence, statement_start, statement_end)
    return found[1] if found else ""


def _said_on_match(sentence: str, statement_start: int, statement_end: int):
    mentions = sorted(
        (
            (m.start(), m[0].strip())
            for pattern in (*_PATTERNS, _WEEKDAY, _RELATIVE)
            for m in pattern.finditer(sentence)
            if not statement_start <= m.start() < statement_end
        ),
        key=lambda mention: mention[0],
    )
    before = [m for m in mentions if m[0] < statement_start]
    after = [m for m in mentions if m[0] >= statement_end]
    if before:
        return before[-1]
    return after[0] if after else None


def read_said_on(words: str, published: date | None = None) -> DateMention | None:
    """The date ``said_on_words`` names, resolved against ``published``: None when it cannot
    be ("on Friday" with no publication date, "February 29" of a year without one)."""
    mentions = find_date_mentions(words, published) if words else []
    return mentions[0] if mentions else None


def said_on_mention(
    sentence: str, statement_start: int, statement_end: int, published: date | None = None
) -> DateMention | None:
    """The date a sentence gives for when its statement was made: ``said_on_words`` read by
    ``read_said_on``, with its ``start`` in the sentence."""
    found = _said_on_match(sentence, statement_start, statement_end)
    mention = read_said_on(found[1], published) if found else None
    return replace(mention, start=found[0]) if mention else None


def infer_year(month: int, day: int, near: date) -> date | None:
    """The date with this month and day closest to ``near``: for partial dates, flagged."""
    options = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - near).days)) if options else None
