"""Reported speech: that-clauses, content-first, according to, passive, labels, headlines."""

from tests.extraction.helpers import only, statements


def test_said_that_gives_the_clause_without_that_and_without_the_full_stop():
    [statement] = statements("Senator Paul Reed said that the bill would pass next week.")
    assert statement.text == "the bill would pass next week"
    assert statement.kind == "indirect"
    assert statement.cue == "said"
    assert statement.speaker == "Paul Reed"


def test_said_with_a_phrase_before_that():
    text = (
        "On 3 March, Economy Minister Lena Vogel said during a visit to the harbour that "
        "exports had doubled."
    )
    [statement] = statements(text)
    assert statement.text == "exports had doubled"
    assert statement.said_on == "3 March"


def test_said_with_a_bare_clause():
    text = "Trade unions met the cabinet. Union head Marek Zielinski said the strike will go on."
    [statement] = statements(text)
    assert statement.text == "the strike will go on"
    assert statement.speaker == "Marek Zielinski"


def test_noted_and_stressed_with_coordinated_cues_give_two_statements():
    text = (
        "Addressing the parliament, Chancellor Erik Lund stressed that the army would stay "
        "neutral and noted that the reform of the police was overdue."
    )
    found = statements(text)
    stressed, noted = only(found, "army"), only(found, "police")
    assert stressed.text == "the army would stay neutral"
    assert stressed.cue == "stressed"
    assert noted.text == "the reform of the police was overdue"
    assert noted.cue == "noted"
    assert noted.speaker == stressed.speaker == "Erik Lund"


def test_content_first_then_speaker_and_verb():
    text = (
        "The recent floods are a warning to the whole region, Austrian Chancellor Erik Lund "
        "said as he visited a shelter in Graz on Tuesday."
    )
    [statement] = statements(text)
    assert statement.text == "The recent floods are a warning to the whole region"
    assert statement.speaker == "Erik Lund"
    assert statement.said_on == "Tuesday"


def test_according_to_someone_at_the_start():
    text = "According to Defence Minister Karl Brandt, all troops will be home by June 30."
    [statement] = statements(text)
    assert statement.text == "all troops will be home by June 30"
    assert statement.cue == "According to"
    assert statement.speaker == "Karl Brandt"


def test_according_to_at_the_end():
    text = (
        "The port was closed for three days and shipping firms lost millions, according to "
        "harbour master Ivo Petrov."
    )
    [statement] = statements(text)
    assert statement.text == "The port was closed for three days and shipping firms lost millions"
    assert statement.speaker == "Ivo Petrov"


def test_according_to_a_document_is_not_a_statement():
    text = "According to Article 5 of the treaty, members must help an ally that is attacked."
    assert statements(text) == []


def test_participle_clause_ends_the_reported_content():
    text = (
        "President Marta Silva said that a small group had planned the attack, vowing "
        "to punish those responsible."
    )
    [statement] = statements(text)
    assert statement.text == "a small group had planned the attack"


def test_this_was_stated_by_points_back_to_the_sentence_before_and_cites_the_outlet():
    text = (
        "The blockade of the ports is an attempt to “starve the region” and break its economy. "
        "This was stated by Foreign Minister Jonas Berg at a press conference in Oslo, "
        "Reuters reports."
    )
    [statement] = statements(text)
    assert statement.text.startswith("The blockade of the ports")
    assert statement.text.endswith("break its economy")
    assert statement.kind == "mixed"
    assert statement.cue == "was stated by"
    assert statement.speaker == "Jonas Berg"
    assert statement.cited == "Reuters"


def test_described_as_gives_the_object_and_its_label():
    text = (
        "On Monday, Poland’s Ministry of Interior described the crossings as a “hybrid attack” "
        "organised from abroad."
    )
    [statement] = statements(text)
    assert statement.text == "the crossings as a “hybrid attack” organised from abroad"
    assert statement.kind == "mixed"
    assert statement.cue == "described"
    assert statement.speaker == "Ministry of Interior of Poland"
    assert statement.speaker_kind == "organisation"


def test_headline_with_a_speaker_and_a_colon():
    text = (
        "Keller: Budget cuts will hit the regions hardest\n\n"
        "Finance Minister Maria Keller presented the budget on Monday."
    )
    [statement] = statements(text)
    assert statement.text == "Budget cuts will hit the regions hardest"
    assert statement.speaker == "Maria Keller"


def test_headline_that_restates_a_quote_in_the_body_is_not_a_second_statement():
    text = (
        "Keller: Budget cuts will hit the regions hardest\n\n"
        "“Budget cuts will hit the regions hardest, and we know it,” Finance Minister "
        "Maria Keller said."
    )
    [statement] = statements(text)
    assert statement.kind == "direct"


def test_headline_with_says_at_the_end():
    text = "Drought Will Double Food Prices, Former Minister Says"
    [statement] = statements(text)
    assert statement.text == "Drought Will Double Food Prices"
    assert statement.speaker == "unnamed former minister"


def test_dash_line_attributes_the_paragraph_above():
    text = (
        "The Foreign Ministry of Chile issued a statement on Friday.\n\n"
        "The two sides agreed to resume talks in April\n\n"
        "- says the brief statement."
    )
    statement = only(statements(text), "resume talks")
    assert statement.text == "The two sides agreed to resume talks in April"
    assert statement.cue == "says"
    assert statement.speaker == "Foreign Ministry of Chile"


def test_speech_verbs_inside_a_quote_are_not_statements_of_their_own():
    text = (
        "“I said that we would win, and I told them the truth,” coach Anna Ruiz said after "
        "the match."
    )
    [statement] = statements(text)
    assert statement.kind == "direct"


def test_adding_that_is_a_second_statement_by_the_same_speaker():
    text = "“We will rebuild,” Mayor Tom Hale said, adding that federal aid had been promised."
    quote, added = statements(text)
    assert quote.text == "We will rebuild"
    assert added.text == "federal aid had been promised"
    assert added.cue == "adding"
    assert added.speaker == quote.speaker == "Tom Hale"


def test_quote_right_after_said_without_punctuation_is_direct():
    [statement] = statements(
        "Senator Ada Price said “the election was fair from the start” on Sunday."
    )
    assert statement.text == "the election was fair from the start"
    assert statement.kind == "direct"
    assert statement.speaker == "Ada Price"


def test_verb_first_attribution_with_a_relative_clause_after_the_speaker():
    [statement] = statements("The talks failed, said the official, who asked not to be named.")
    assert statement.text == "The talks failed"
    assert statement.speaker == "unnamed official"


def test_bare_clause_starting_with_a_pronoun():
    [statement] = statements("The 27-nation bloc said it would impose new sanctions.")
    assert statement.text == "it would impose new sanctions"
    assert statement.speaker_kind == "organisation"


def test_sentence_adverbs_are_not_part_of_the_speaker_and_as_x_said_is_attributed():
    found = statements(
        "But Smith said that the plan had failed. As Smith noted, the budget had run out."
    )
    assert [(s.text, s.speaker) for s in found] == [
        ("the plan had failed", "Smith"),
        ("the budget had run out", "Smith"),
    ]


def test_told_skips_whom_was_told():
    found = statements(
        "Minister Jan Kos told the BBC he would resign. Kos told Reuters the deal was dead."
    )
    assert [s.text for s in found] == ["he would resign", "the deal was dead"]


def test_quote_in_its_own_paragraph_after_a_colon():
    text = "However, Minister Jan Kos told reporters:\n\n“We will not resign.”"
    [statement] = statements(text)
    assert statement.text == "We will not resign."
    assert statement.speaker == "Jan Kos"


def test_attribution_in_the_middle_of_a_sentence_gives_the_whole_sentence():
    text = "The economy, Finance Minister Lena Vogel said, will recover by spring."
    [statement] = statements(text)
    assert statement.text == "The economy, Finance Minister Lena Vogel said, will recover by spring"
    assert statement.speaker == "Lena Vogel"


def test_according_to_a_document_names_who_issued_it():
    found = statements(
        "According to a statement from the Ministry of Health, 40 people were treated. "
        "According to a report by Reuters, the talks collapsed."
    )
    assert [(s.speaker, s.speaker_kind) for s in found] == [
        ("Ministry of Health", "organisation"),
        ("Reuters", "outlet"),
    ]


def test_which_shows_that_is_said_by_whoever_produced_the_finding():
    found = statements(
        "There is new evidence, obtained by independent researchers at Oxford, which shows that "
        "the vaccine works. A study published by Amnesty International, which found that 40 "
        "people died, was released on Monday."
    )
    assert [(s.text, s.cue, s.speaker) for s in found] == [
        ("the vaccine works", "shows", "independent researchers"),
        ("40 people died", "found", "Amnesty International"),
    ]
