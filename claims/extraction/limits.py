"""Cheap, linear checks that tell an article from text made to keep extraction busy.

Plain Python. Extraction's cost grows with what it acts on: each speech cue ("said",
"told") and each quotation is a candidate statement, looked at in its sentence and
paragraph (about 0.4 ms a cue in English, 1 ms a quotation mark in Russian, measured with
bench/adversarial.py). Text that is nothing but cues — "He said that " a million times —
kept a document busy for the whole INGEST_TIME_LIMIT. Real articles have tens of cues and
a long transcript hundreds, so the document is counted first, in one pass of one regular
expression, and one with more than any article has is refused by name before extraction.

Runs of characters without whitespace longer than any word or URL (a run of dots, a
minified blob, "Minister,said:"We-will"-…" with the spaces taken out) cost extraction time
and hold nothing it can read: they are blanked out of the text extraction sees (same
length, so every offset still points into the stored text, which keeps them).
"""

import re

from claims.extraction.lexicon import SPEECH_VERB

# Defaults; claims/suggestions.py reads the settings of the same names (environment too).
# The sample corpora's most are 22 cues and 144 quotation marks in a document.
INGEST_MAX_SPEECH_CUES = 5_000
INGEST_MAX_QUOTATION_MARKS = 2_000
# The sample corpora's longest run is 50 characters; long URLs are a few hundred.
INGEST_MAX_WORD_LENGTH = 2_000
# Characters of body extraction reads (runs left out): ordinary prose costs it about 1.3 s a
# million characters, plus what it finds (1 MB of it with 335 quotations: 5.6 s on the loaded
# machine). The longest sample article is 21,588 characters, a long transcript 100–200,000.
INGEST_MAX_BODY_CHARACTERS = 500_000

# Double quotation marks only: ' and ’ are apostrophes as often as quotes.
_MARKER = re.compile(rf"(?P<cue>{SPEECH_VERB.pattern})|(?P<quote>[\"“”„«»])", re.IGNORECASE)


class TooLong(ValueError):
    """More body than extraction reads in one document; the message names the limit."""

    def __init__(self, length: int, limit: int):
        super().__init__(
            f"the document's body is {length:,} characters, more than the limit of {limit:,} "
            "read for statements (INGEST_MAX_BODY_CHARACTERS): it is not one article"
        )


def refuse_too_long(spans: list[tuple[int, int]], *, max_body_characters: int):
    length = sum(end - start for start, end in spans)
    if length > max_body_characters:
        raise TooLong(length, max_body_characters)


class TooManyMarkers(ValueError):
    """More speech cues or quotation marks than the limit; the message names it."""

    def __init__(self, what: str, limit: int, setting: str):
        super().__init__(
            f"the document has more than {limit:,} {what} (the limit, {setting}): more than "
            "any article has, so it is not read for statements"
        )


def refuse_too_many_markers(
    text: str, spans: list[tuple[int, int]], *, max_speech_cues: int, max_quotation_marks: int
):
    """Raise ``TooManyMarkers`` once the ``spans`` of ``text`` have more speech cues or double
    quotation marks than allowed. One pass, stopping at the first limit passed."""
    cues = quotes = 0
    for start, end in spans:
        for marker in _MARKER.finditer(text, start, end):
            if marker.lastgroup == "cue":
                cues += 1
                if cues > max_speech_cues:
                    raise TooManyMarkers("speech cues", max_speech_cues, "INGEST_MAX_SPEECH_CUES")
            else:
                quotes += 1
                if quotes > max_quotation_marks:
                    raise TooManyMarkers(
                        "quotation marks", max_quotation_marks, "INGEST_MAX_QUOTATION_MARKS"
                    )


def without_long_runs(
    text: str, spans: list[tuple[int, int]], *, max_word_length: int
) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every run of more than ``max_word_length`` non-space characters replaced
    by as many spaces, and ``spans`` without them, so that extraction does not even walk over
    the spaces. ``text`` and ``spans`` themselves when there is no such run."""
    # Anchored at the start of a run, so a shorter run is read once, not from each character.
    runs = [match.span() for match in re.finditer(rf"(?<!\S)\S{{{max_word_length + 1},}}", text)]
    if not runs:
        return text, spans
    blanked, kept, last = [], [], 0
    for start, end in runs:
        blanked += [text[last:start], " " * (end - start)]
        last = end
    blanked.append(text[last:])
    for start, end in spans:
        for run_start, run_end in runs:  # runs are in text order and do not overlap
            if run_end <= start or run_start >= end:
                continue
            if run_start > start:
                kept.append((start, run_start))
            start = max(start, run_end)
        if start < end:
            kept.append((start, end))
    return "".join(blanked), kept
