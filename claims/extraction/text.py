"""Paragraphs, sentences and words, as character spans into the original text.

Nothing here copies or rewrites text: every unit is a (start, end) pair, so a statement's
offsets always index into the string the caller passed in.
"""

import re
from dataclasses import dataclass

OPENING_QUOTES = "“„«‘\"'‚"
CLOSING_QUOTES = "”»’\"'“‘"
QUOTE_MARKS = set(OPENING_QUOTES + CLOSING_QUOTES)

_PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"[\w][\w.\-‑’'&]*[\w]|[\w]")
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "rep",
    "sen",
    "gov",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "vs",
    "etc",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "approx",
    "fig",
    "vol",
    "capt",
    "cmdr",
    "adm",
    "maj",
    "pres",
    "rev",
    "hon",
    "mt",
}
# A sentence ends at . ! ? or … (possibly with closing quotes/brackets) before a space and
# something that can start a sentence. The match starts only where a run of stops starts and
# never gives back what it took (possessive), so a run of 80,000 dots is read once, not once
# per dot.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[”’\"'»)\]]*+(?=\s++[\"“„«‘'(\[]?[A-Z0-9А-Я])")
# No real sentence is longer; a longer run of text without a full stop is cut into pieces of
# at most this many characters (at a space where there is one), so that every rule, which
# reads around each cue within its sentence, does a bounded amount of work per cue.
MAX_SENTENCE = 1000


@dataclass(frozen=True)
class Unit:
    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Non-empty lines of text[start:end], stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    units = []
    for match in _PARAGRAPH.finditer(text, start, end):
        unit = strip_span(text, match.start(), match.end())
        if unit.start < unit.end:
            units.append(unit)
    return units


def sentences(text: str, paragraph: Unit) -> list[Unit]:
    """Sentences of one paragraph; abbreviations and initials do not end a sentence."""
    units, start = [], paragraph.start
    for match in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
        if _ends_with_abbreviation(text, start, match.start()):
            continue
        units += _bounded(text, start, match.end())
        start = match.end()
    units += _bounded(text, start, paragraph.end)
    return [unit for unit in units if unit.start < unit.end]


def _bounded(text: str, start: int, end: int) -> list[Unit]:
    """The sentence [start, end), cut into pieces of at most MAX_SENTENCE characters."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut != -1 else start + MAX_SENTENCE
        pieces.append(strip_span(text, start, cut))
        start = cut
    pieces.append(strip_span(text, start, end))
    return pieces


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    # An abbreviation is a few letters: looking back 20 characters is enough, and keeps a
    # long run of "Mr. Mr. Mr." linear.
    word = re.search(r"([\w.]+)$", text[max(start, dot - 20) : dot])
    if not word:
        return False
    token = word.group(1).casefold().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


def strip_span(text: str, start: int, end: int, chars: str | None = None) -> Unit:
    """The span without leading/trailing whitespace (and ``chars``, if given)."""
    strip = " \t\r\n\u00a0\u2002\u2003\u2009\u200b" + (chars or "")
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return Unit(start, end)


def words(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    end = len(text) if end is None else end
    return [Unit(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_capitalized(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0].isdigit() is False and word.isupper()))
