"""Issue #16's categories, each from invented sentences: quotes with no "said" beside them,
reported speech in its many shapes, documents as sources, pronoun speakers, and what must
stay out. None of these sentences is in the development set or the sample corpus."""

import pytest

from tests.extraction.helpers import only, statements

# 1. Quotations with no speech verb beside them


def test_a_quote_after_a_colon_is_the_subjects():
    text = "Councillor Ruth Abara put it plainly: “The library stays open while I sit here.”"
    statement = only(statements(text), "library stays open")
    assert statement.kind == "direct"
    assert statement.speaker == "Ruth Abara"


def test_a_quote_after_saying_belongs_to_the_sentence_subject():
    text = "Felix Ordway rejected the offer, saying “this is not worth the paper it is on.”"
    statement = only(statements(text), "not worth the paper")
    assert statement.kind == "direct"
    assert statement.speaker == "Felix Ordway"


def test_a_quote_after_wrote_in_an_email_is_attributed():
    text = "Dana Whitlock wrote in an email: “We will appeal the decision next week.”"
    statement = only(statements(text), "appeal the decision")
    assert statement.speaker == "Dana Whitlock"


def test_a_quoted_label_after_referring_to_them_as_is_a_direct_quote():
    text = "Mayor Colin Brae dismissed the protesters, referring to them as “a noisy few.”"
    statement = only(statements(text), "noisy few")
    assert statement.kind == "direct"
    assert statement.text == "a noisy few"
    assert statement.speaker == "Colin Brae"


def test_a_headline_with_a_name_and_a_colon_quotes_that_person():
    text = "Okafor: ‘We will win this seat back’\n\nNkem Okafor launched her campaign on Monday."
    statement = only(statements(text), "win this seat back")
    assert statement.kind == "direct"
    assert statement.speaker.endswith("Okafor")  # the headline names only the surname


def test_a_paragraph_opening_quote_continues_the_speaker_named_before():
    text = (
        "Harbour master Ian Lusk said the channel would be dredged by spring.\n\n"
        "“Nobody wants another season of ships waiting outside the port.”"
    )
    statement = only(statements(text), "Nobody wants")
    assert statement.kind == "direct"
    assert statement.speaker == "Ian Lusk"


def test_a_quoted_clause_with_no_cue_is_kept_even_when_its_speaker_is_unclear():
    text = "The vote was close.\n\n“We expected to lose by far more than that.”"
    [statement] = statements(text)
    assert statement.text == "We expected to lose by far more than that."


# 6. What must stay out


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “fiscal firewall” has never been tested in court.",
        "Her memoir, “The Long Road Back to Morning”, sold well.",
        "Ticket touts, or “secondary sellers”, face new rules.",
        "The striker, nicknamed “The Hammer”, scored twice.",
        "The word “unprecedented” appears nine times in the report.",
        "Residents call it “the old mill” even now.",
    ],
)
def test_scare_quotes_titles_nicknames_and_words_discussed_are_not_statements(text):
    assert statements(text) == []


# 3. Reported speech in every tense and shape


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Finance Minister Olu Banjo has already warned that the deficit will widen.",
            "the deficit will widen",
            "Olu Banjo",
        ),
        (
            "Governor Lena Strand had long argued the bridge was unsafe.",
            "the bridge was unsafe",
            "Lena Strand",
        ),
        (
            "Senator Ada Kwame was quoted as saying the inquiry would report in June.",
            "the inquiry would report in June",
            "Ada Kwame",
        ),
        (
            "Chief executive Mark Ellery said on Tuesday the plant would close by March.",
            "the plant would close by March",
            "Mark Ellery",
        ),
        (
            "Judge Petra Holm, in a dissent, argued the statute did not apply.",
            "the statute did not apply",
            "Petra Holm",
        ),
        (
            "The agency confirmed it will cut 200 jobs at the depot.",
            "it will cut 200 jobs at the depot",
            None,
        ),
    ],
)
def test_reported_clauses_in_other_tenses_and_without_that(text, content, speaker):
    statement = only(statements(text), content)
    assert statement.text == content
    if speaker:
        assert statement.speaker == speaker


def test_content_before_the_cue_and_a_parenthetical_cue():
    found = statements(
        "The harbour plan is dead, Mayor Ines Farrow said. "
        "The new plan, she argued, will cost half as much."
    )
    assert only(found, "harbour plan").text == "The harbour plan is dead"
    parenthetical = only(found, "cost half")
    assert parenthetical.speaker == "Ines Farrow"
    assert [
        parenthetical.text[a - parenthetical.start : b - parenthetical.start]
        for a, b in parenthetical.fragments
    ] == ["The new plan", "will cost half as much"]


def test_according_to_at_the_end_and_in_the_middle():
    found = statements(
        "Rents rose 9 percent last year, according to two economists who track the market. "
        "Wages, according to the union, rose only 3 percent."
    )
    assert only(found, "Rents rose").text == "Rents rose 9 percent last year"
    middle = only(found, "Wages")
    assert middle.text.startswith("Wages, according to the union")
    assert [middle.text[a - middle.start : b - middle.start] for a, b in middle.fragments] == [
        "Wages",
        "rose only 3 percent",
    ]


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "Councillor Jo Marsh accused the developer of ignoring the flood report.",
            "ignoring the flood report",
            "accused",
        ),
        (
            "Teachers urged the minister to delay the new exams by a year.",
            "delay the new exams by a year",
            "urged",
        ),
        (
            "Opposition leader Tom Ekwueme called on the government to publish the contract.",
            "publish the contract",
            "called on",
        ),
        (
            "Reporters asked whether the deal would survive the election.",
            "the deal would survive the election",
            "asked",
        ),
        (
            "Residents called for an independent review of the contract.",
            "an independent review of the contract",
            "called for",
        ),
    ],
)
def test_framing_verbs_give_what_was_urged_accused_or_asked(text, content, cue):
    statement = only(statements(text), content)
    assert statement.text == content
    assert statement.cue == cue


def test_accused_and_called_on_in_one_sentence_are_two_statements():
    found = statements(
        "Senator Maya Orr accused the board of hiding losses and called on it to resign at once."
    )
    assert [s.text for s in found] == ["hiding losses", "resign at once"]
    assert {s.speaker for s in found} == {"Maya Orr"}


# 4. Sources that are not people


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "A poll by Northgate Research released on Monday found 61 percent of voters back the plan.",
            "61 percent of voters back the plan",
        ),
        ("The memo says the budget will run out in August.", "the budget will run out in August"),
        (
            "The council’s own survey showed most residents opposed the tower.",
            "most residents opposed the tower",
        ),
    ],
)
def test_polls_memos_and_surveys_are_sources(text, content):
    assert only(statements(text), content).text == content


def test_found_is_not_a_cue_for_a_person_finding_a_thing():
    assert statements("Police found the van abandoned near the river on Sunday.") == []


# 5. Pronoun and description speakers


def test_she_is_the_woman_named_before_not_the_man_named_last():
    text = (
        "Councillor Priya Lodge met the developer, Mr Victor Hale, on Friday. "
        "“We were promised a park,” she said."
    )
    assert only(statements(text), "promised a park").speaker == "Priya Lodge"


def test_an_indefinite_description_in_apposition_is_not_the_name():
    text = "Governor Ruth Calder, a Republican, said the state would appeal."
    assert only(statements(text), "would appeal").speaker == "Ruth Calder"


def test_a_person_named_inside_a_quote_is_not_what_he_refers_to():
    text = "Union leader Sam Okoro spoke after the vote. “Ms Greer should resign,” he said."
    assert only(statements(text), "should resign").speaker == "Sam Okoro"


def test_a_quoted_label_after_mocked_as_is_the_mockers_words():
    text = "Senator Rita Vance mocked the budget as “a wish list with a price tag.”"
    statement = only(statements(text), "wish list")
    assert statement.kind == "direct"
    assert statement.speaker == "Rita Vance"


def test_announced_a_campaign_is_not_reported_speech_of_the_clause_after_the_comma():
    text = (
        "When Governor Lia Brand announced her campaign in May, she described herself as "
        "“a builder, not a talker.”"
    )
    found = statements(text)
    assert [s.text for s in found] == ["a builder, not a talker"]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The tender was rigged, a source close to the mayor said.",
            "The tender was rigged",
            "unnamed source close to the mayor",
        ),
        (
            "The merger is off, people familiar with the talks told reporters.",
            "The merger is off",
            "people familiar with the talks",
        ),
    ],
)
def test_unnamed_sources_keep_the_words_that_describe_them(text, content, speaker):
    statement = only(statements(text), content)
    assert statement.text == content
    assert statement.speaker == speaker


def test_a_transcripts_q_lines_are_the_reporters_questions():
    text = (
        "MS. ADEYEMI: The governor will sign the bill on Friday.\n\n"
        "Q: Will she veto the budget rider?\n\n"
        "MS. ADEYEMI: She has not decided.\n\n"
        "Q: When will she decide?\n"
    )
    found = statements(text)
    assert [s.text for s in found] == [
        "The governor will sign the bill on Friday.",
        "Will she veto the budget rider?",
        "She has not decided.",
        "When will she decide?",
    ]
    assert all(s.kind == "direct" for s in found)
