"""Direct quotes: every quotation-mark style, long and split quotes, scare quotes."""

import pytest

from tests.extraction.helpers import statements


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ("„", "“"), ("«", "»"), ('"', '"'), ("'", "'"), ("‘", "’")],
)
def test_every_quotation_mark_style_gives_a_direct_quote(opening, closing):
    text = (
        f"{opening}We will not raise taxes this year,{closing} Finance Minister Maria Keller "
        "said on Monday."
    )
    [statement] = statements(text)
    assert statement.text == "We will not raise taxes this year"
    assert statement.kind == "direct"
    assert statement.cue == "said"
    assert statement.speaker == "Maria Keller"
    assert statement.speaker_mention == "Finance Minister Maria Keller"


def test_quote_of_several_sentences_is_one_statement():
    text = (
        "“The dam is safe. We inspected it twice. There is no risk,” the engineer Omar "
        "Haddad told reporters."
    )
    [statement] = statements(text)
    assert statement.text == "The dam is safe. We inspected it twice. There is no risk"
    assert statement.speaker == "Omar Haddad"


def test_quote_over_several_paragraphs_is_one_statement():
    text = (
        "Governor Lisa Grant described the night in the flooded town.\n\n"
        "“We lost power at midnight. The pumps stopped.\n\n"
        "“By morning the water had reached the square,” she said."
    )
    [statement] = statements(text)
    assert statement.text.startswith("We lost power at midnight.")
    assert statement.text.endswith("had reached the square")
    assert statement.speaker == "Lisa Grant"


def test_quote_split_by_its_attribution_is_one_statement_in_fragments():
    text = (
        "Prime Minister Ana Costa visited the village on Sunday.\n\n"
        "“Nobody will be left behind,” the prime minister said. “We will rebuild every house.”"
    )
    [statement] = statements(text)
    assert [text[a:b] for a, b in statement.fragments] == [
        "Nobody will be left behind",
        "We will rebuild every house.",
    ]
    assert (statement.start, statement.end) == (
        statement.fragments[0][0],
        statement.fragments[-1][1],
    )
    assert statement.speaker == "Ana Costa"
    assert statement.speaker_mention == "the prime minister"


def test_quote_split_mid_sentence_by_its_attribution_is_one_statement():
    text = "“If the bridge stays closed,” said the mayor, Tom Reyes, “the market will not survive.”"
    [statement] = statements(text)
    assert len(statement.fragments) == 3 - 1
    assert statement.speaker == "Tom Reyes"


def test_two_speakers_answering_each_other_stay_two_statements():
    text = "“We are ready,” said Ana Costa. “We are not,” replied Tom Reyes, the mayor."
    found = statements(text)
    assert [s.speaker for s in found] == ["Ana Costa", "Tom Reyes"]
    assert all(s.fragments is None for s in found)


def test_bracketed_insertion_stays_inside_the_quote():
    text = (
        "“The leaders of the strike [at the port] wanted to halt exports,” Interior "
        "Minister Jan Novak said."
    )
    [statement] = statements(text)
    assert statement.text == "The leaders of the strike [at the port] wanted to halt exports"


def test_scare_quotes_and_quoted_names_are_not_statements():
    text = (
        'Officials dismissed the so-called “peace plan” and the "volunteers" who crossed '
        "the border, and the talk of a ‘new golden age’ faded."
    )
    assert statements(text) == []


def test_quoted_outlet_name_is_the_speaker_not_a_quote():
    text = "The newspaper “Daily Courier” wrote that the vote had been rigged."
    [statement] = statements(text)
    assert statement.text == "the vote had been rigged"
    assert statement.kind == "indirect"
    assert statement.speaker == "Daily Courier"
    assert statement.speaker_kind == "outlet"
    assert statement.cited == "Daily Courier"


def test_quote_introduced_by_a_colon_is_attributed():
    text = "Mayor Carla Diaz told the council: “The budget is balanced for the first time.”"
    [statement] = statements(text)
    assert statement.text == "The budget is balanced for the first time."
    assert statement.speaker == "Carla Diaz"


def test_apostrophes_do_not_open_quotes():
    text = (
        "“The farmers’ anger is justified, and it’s growing,” said union leader Piotr Nowak. "
        "The unions' demands were rejected."
    )
    [statement] = statements(text)
    assert statement.text == "The farmers’ anger is justified, and it’s growing"
    assert statement.speaker == "Piotr Nowak"


def test_scare_quote_opening_a_sentence_after_a_statement_is_not_a_continuation():
    text = (
        "Interior Minister Jan Kos said that the protests were organised from abroad. "
        "“Peaceful protesters” then took to the streets again."
    )
    assert [s.text for s in statements(text)] == ["the protests were organised from abroad"]


def test_transcript_turns_are_direct_quotes_of_whoever_is_named():
    text = (
        "Transcript of the press conference\n\n"
        "President Vladimir Putin met reporters in Moscow.\n\n"
        "PUTIN: We are not going to attack anyone. That is nonsense.\n\n"
        "REPORTER: But the troops are at the border?\n\n"
        "PUTIN: They are on our territory.\n"
    )
    found = statements(text)
    assert [(s.kind, s.speaker, s.text) for s in found] == [
        ("direct", "Vladimir Putin", "We are not going to attack anyone. That is nonsense."),
        ("direct", "unnamed reporter", "But the troops are at the border?"),
        ("direct", "Vladimir Putin", "They are on our territory."),
    ]


def test_two_name_and_colon_lines_are_not_a_transcript():
    text = "Photo: Anna Berg\n\nSource: Daily Example.\n\nNote: prices rose.\n"
    assert statements(text) == []


def test_labelled_fields_are_not_a_transcript():
    text = "Date: 5 May 2022.\n\nPlace: Paris.\n\nPhoto: Example Agency.\n\nCredit: None."
    assert statements(text) == []
