"""Stance rules: asserts, denies, questions, reports."""

import pytest

from claims.stance import ASSERTS, DENIES, QUESTIONS, REPORTS, classify_stance


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("the protests were organized by external forces", "stated", ASSERTS),
        ("this information", "denied", DENIES),
        ("reports of 164 dead", "dismissed", DENIES),
        ("the claims of foreign involvement are baseless", "said", DENIES),
        ("there is no evidence that the riots were organised abroad", "said", DENIES),
        ("the unrest was not instigated from abroad", "insisted", DENIES),
        ("whether the protesters had foreign backing", "questioned", QUESTIONS),
        ("Were the riots really organised from abroad?", "asked", QUESTIONS),
        ("the protesters were allegedly paid from abroad", "wrote", REPORTS),
        ("the unrest was reportedly organised by foreign agents", "said", REPORTS),
        ("about 164 dead", "wrote", ASSERTS),
    ],
)
def test_stance(text, cue, expected):
    assert classify_stance(text, cue) == expected


def test_a_negation_inside_an_assertion_is_not_a_denial():
    text = "the external factor will never be the only one"

    assert classify_stance(text, "said") == ASSERTS


def test_a_rhetorical_question_asserts():
    text = "Should we then be surprised that there are striking similarities with the Maidan coup?"

    assert classify_stance(text) == ASSERTS


def test_a_negated_rhetorical_question_asserts():
    text = "Doesn't the assault resemble the recent attacks of terrorists in Iraq and Syria?"

    assert classify_stance(text) == ASSERTS


def test_an_outlet_relaying_with_a_reporting_cue_reports():
    assert classify_stance("about 164 dead", "wrote", relayed=True) == REPORTS
