"""claims.extraction.limits: the counts taken before extraction, plain Python.

Through ingestion, with the settings, in tests/security/test_hostile_text.py.
"""

import pytest

from claims.extraction.limits import (
    TooLong,
    TooManyMarkers,
    refuse_too_long,
    refuse_too_many_markers,
    without_long_runs,
)


def test_speech_cues_are_counted_in_every_form_and_case():
    text = "He said. She SAYS. They told us. It was claimed. He points out. " * 2
    refuse_too_many_markers(text, [(0, len(text))], max_speech_cues=10, max_quotation_marks=0)
    with pytest.raises(TooManyMarkers, match="more than 9 speech cues"):
        refuse_too_many_markers(text, [(0, len(text))], max_speech_cues=9, max_quotation_marks=0)


def test_double_quotation_marks_of_every_script_are_counted_but_not_apostrophes():
    text = "\"One,\" “two”, „three“, «four» — don't, it’s 'single'."
    refuse_too_many_markers(text, [(0, len(text))], max_speech_cues=0, max_quotation_marks=8)
    with pytest.raises(TooManyMarkers) as refused:
        refuse_too_many_markers(text, [(0, len(text))], max_speech_cues=0, max_quotation_marks=7)
    assert str(refused.value) == (
        "the document has more than 7 quotation marks (the limit, INGEST_MAX_QUOTATION_MARKS): "
        "more than any article has, so it is not read for statements"
    )


def test_a_speech_verb_inside_a_word_is_no_cue():
    text = "Saidov, unsaid, sayings, retold"
    refuse_too_many_markers(text, [(0, len(text))], max_speech_cues=0, max_quotation_marks=0)


def test_only_the_spans_are_counted():
    text = 'Comments: "a" "b" "c"\n\nThe article, he said.'
    refuse_too_many_markers(text, [(21, len(text))], max_speech_cues=1, max_quotation_marks=0)
    with pytest.raises(TooManyMarkers, match="quotation marks"):
        refuse_too_many_markers(text, [(0, 14)], max_speech_cues=1, max_quotation_marks=1)


def test_runs_longer_than_a_word_are_blanked_to_the_same_length_and_cut_from_the_spans():
    text = "A short line.\nA " + "x" * 11 + " run and " + "." * 10 + " dots.\n"
    blanked, spans = without_long_runs(text, [(0, 13), (14, len(text))], max_word_length=10)
    assert len(blanked) == len(text)
    assert blanked == "A short line.\nA " + " " * 11 + " run and " + "." * 10 + " dots.\n"
    assert spans == [(0, 13), (14, 16), (27, len(text))]


def test_a_run_covering_a_whole_span_leaves_nothing_of_it():
    text = "Title\n\n" + "." * 50 + "\n\nEnd."
    _, spans = without_long_runs(text, [(0, 5), (7, 57), (59, 63)], max_word_length=10)
    assert spans == [(0, 5), (59, 63)]


def test_a_text_without_long_runs_is_returned_as_it_is():
    text = "Nothing here is longer than ten."
    assert without_long_runs(text, [(0, 32)], max_word_length=10) == (text, [(0, 32)])


def test_the_body_is_measured_over_its_spans():
    refuse_too_long([(0, 10), (20, 30)], max_body_characters=20)
    with pytest.raises(TooLong, match="body is 21 characters, more than the limit of 20"):
        refuse_too_long([(0, 10), (20, 31)], max_body_characters=20)
