"""Hostile text: shapes that made extraction quadratic, and the caller's deadline.

100 KB of "." once took minutes (the sentence-end pattern retried every dot) and 52 KB of
"He said that ..." 48 s (the speaker was read from the start of the line at every verb).
These tests assert on the work done, not on time: the text is cut into bounded sentences and
extraction returns. Their timings are in bench/extraction.py (``--hostile``).
"""

import itertools
import string
import time

import pytest

from claims.extraction import ExtractionTimeout, extract
from claims.extraction.text import MAX_SENTENCE, paragraphs, sentences

SIZE = 100_000


def _repeated(piece: str) -> str:
    return (piece * (SIZE // len(piece) + 1))[:SIZE]


def _many_people() -> str:
    """A different person in every sentence, names one letter apart ("Abc Aabovsky")."""
    names = ("".join(t).title() for t in itertools.product(string.ascii_lowercase, repeat=3))
    text = ""
    while len(text) < SIZE:
        text += f"President Abc {next(names)}ovsky said that the plan is dead. "
    return text[:SIZE]


HOSTILE = {
    "dots": "." * SIZE,
    "many people in sentences": _many_people(),
    "repeated cue without a full stop": _repeated("He said that "),
    "repeated cue in sentences": _repeated("He said that the plan is dead. "),
}


@pytest.mark.parametrize("shape", HOSTILE)
def test_a_long_run_without_sentence_end_is_cut_into_bounded_sentences(shape):
    text = HOSTILE[shape]
    pieces = [s for p in paragraphs(text) for s in sentences(text, p)]
    assert pieces
    assert max(s.end - s.start for s in pieces) <= MAX_SENTENCE


@pytest.mark.parametrize("shape", HOSTILE)
def test_extraction_of_a_hostile_text_returns_valid_statements(shape):
    text = HOSTILE[shape]
    found = extract(text)
    assert all(text[s.start : s.end] == s.text for s in found)
    if "sentences" in shape:  # every sentence is a statement of its own
        assert len(found) > SIZE // 60


def test_a_passed_deadline_stops_extraction_with_a_clear_error():
    with pytest.raises(ExtractionTimeout, match=r"time limit of 0\.0 s"):
        extract("He said that the plan is dead. " * 100, deadline=time.monotonic() - 1)


def test_a_deadline_in_the_future_changes_nothing():
    text = "The plan is dead, Smith said. “We are done,” she added."
    assert extract(text, deadline=time.monotonic() + 60) == extract(text)
