"""Speakers: titles stripped, variants merged, pronouns and descriptions resolved, outlets cited."""

import subprocess
import sys

from tests.extraction.helpers import only, statements


def test_full_name_with_title_is_the_canonical_name_for_later_variants():
    text = (
        "“The sanctions will fail,” said Ukrainian President Volodymyr Zelensky on Friday. "
        "Zelenskyy also said that the grain corridor would reopen. "
        "According to ZELENSKY, the talks were useful."
    )
    found = statements(text)
    assert len(found) == 3
    assert {s.speaker for s in found} == {"Volodymyr Zelensky"}


def test_transliterated_given_names_are_one_person():
    text = (
        "Opposition leader Alexei Navalny said that the vote had been rigged. "
        "Aleksei Navalny later told reporters that he would appeal."
    )
    found = statements(text)
    assert [s.speaker for s in found] == ["Alexei Navalny", "Alexei Navalny"]


def test_two_people_with_different_surnames_stay_apart():
    text = (
        "Chancellor Erik Lund said that taxes would fall. "
        "Opposition leader Nora Falk said that the plan was reckless."
    )
    found = statements(text)
    assert [s.speaker for s in found] == ["Erik Lund", "Nora Falk"]


def test_he_is_the_person_named_last_before():
    text = (
        "Interior Minister Jan Novak met the police chiefs on Monday. "
        "Prime Minister Ana Costa arrived later. "
        "Costa visited the barracks. She stated that the curfew would end on Friday."
    )
    [statement] = statements(text)
    assert statement.speaker == "Ana Costa"
    assert statement.speaker_mention == "She"


def test_according_to_him_is_the_previous_speaker():
    text = (
        '"Our harvest is lost," farmer Tomas Berg said. '
        "According to him, the insurers refused to pay."
    )
    found = statements(text)
    assert only(found, "insurers").speaker == "Tomas Berg"


def test_the_head_of_state_is_the_president_named_before():
    text = (
        "Finnish President Sauli Mäkinen opened the session. Finance Minister Aino Laine spoke next.\n\n"
        "“We will defend every metre of our border,” the head of state said."
    )
    [statement] = statements(text)
    assert statement.speaker == "Sauli Mäkinen"
    assert statement.speaker_mention == "the head of state"


def test_the_president_is_the_president_named_before():
    text = (
        "President Marta Silva met the governors. Her spokesman Rui Alves stayed in the capital.\n\n"
        "“The roads will be rebuilt by winter,” the president said."
    )
    [statement] = statements(text)
    assert statement.speaker == "Marta Silva"


def test_organisation_with_possessive_country_is_named_in_full():
    text = "Germany’s Ministry of Defence said that two drones had crossed the border."
    [statement] = statements(text)
    assert statement.speaker == "Ministry of Defence of Germany"
    assert statement.speaker_kind == "organisation"


def test_outlet_that_reports_is_the_cited_origin():
    text = (
        "The talks will resume in Geneva next week. This was stated by Deputy Foreign Minister "
        "Igor Sokolov at a briefing, Interfax reports."
    )
    [statement] = statements(text)
    assert statement.speaker == "Igor Sokolov"
    assert statement.cited == "Interfax"


def test_according_to_an_outlet_makes_it_speaker_and_cited_origin():
    text = "The detained men carried foreign passports, according to the news site Meduza.io."
    [statement] = statements(text)
    assert statement.speaker == "Meduza.io"
    assert statement.speaker_kind == "outlet"
    assert statement.cited == "Meduza.io"


def test_known_speakers_supply_the_canonical_name():
    text = "Zelenskyy said that the grain corridor would reopen."
    [statement] = statements(text, known_speakers={"Zelenskyy": "Volodymyr Zelensky"})
    assert statement.speaker == "Volodymyr Zelensky"


def test_comments_outside_the_body_spans_give_no_statements():
    article = "Mayor Carla Diaz said that the bridge would reopen in May.\n\n"
    comments = "3 comments:\nbob77 12 May 2024 10:21\nThe mayor said that before. Media reports that she lied.\n"
    text = article + comments
    found = statements(text, body_spans=[(0, len(article))])
    assert [s.speaker for s in found] == ["Carla Diaz"]


def test_extraction_package_imports_without_django():
    code = (
        "import sys\n"
        "sys.modules['django'] = None  # any Django import now fails\n"
        "from claims.extraction import extract\n"
        "from claims.extraction import scoring\n"
        "print(len(extract('Mayor Carla Diaz said that the bridge would reopen.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


def test_name_in_apposition_is_the_speaker():
    text = "A spokesman for the ministry, Ivan Petrov, said the report was false."
    [statement] = statements(text)
    assert statement.text == "the report was false"
    assert statement.speaker == "Ivan Petrov"


def test_affiliation_after_a_name_is_not_part_of_it():
    text = "Prices will rise before winter, warned economist Jane Doe of Capital Economics."
    [statement] = statements(text)
    assert statement.text == "Prices will rise before winter"
    assert statement.speaker == "Jane Doe"


def test_wire_services_and_known_outlets_are_outlets():
    found = statements(
        "Reuters reported that the talks had collapsed. Nordpost wrote that the deal was dead.",
        known_outlets=["Nordpost"],
    )
    assert [(s.speaker, s.speaker_kind, s.cited) for s in found] == [
        ("Reuters", "outlet", "Reuters"),
        ("Nordpost", "outlet", "Nordpost"),
    ]


def test_unnamed_organisations_and_groups_keep_their_kind():
    found = statements(
        "Police said two people were arrested after the match. "
        "Officials say the fire was started deliberately."
    )
    assert [(s.speaker, s.speaker_kind) for s in found] == [
        ("Police", "organisation"),
        ("Officials", "group"),
    ]


def test_name_before_a_descriptive_apposition_is_the_speaker():
    found = statements(
        "Maria Lopez, a spokeswoman for the ministry, said that no decision had been made. "
        "“The file is closed,” Omar al-Rashid’s lawyer, Mohamed Saleh, said."
    )
    assert [s.speaker for s in found] == ["Maria Lopez", "Mohamed Saleh"]


def test_name_particles_and_ages_do_not_cut_names():
    found = statements(
        "European Commission President Ursula von der Leyen said the bloc would respond. "
        "Ms. Harris, 59, said she would run again."
    )
    assert [s.speaker for s in found] == ["Ursula von der Leyen", "Harris"]


def test_group_speakers_with_a_phrase_after_them():
    found = statements(
        "Residents in the town said the water came fast. "
        "Sources close to the talks said a deal was near."
    )
    assert [(s.speaker, s.speaker_kind) for s in found] == [
        ("Residents in the town", "group"),
        ("Sources close to the talks", "group"),
    ]


def test_the_press_service_is_the_one_named_before_and_a_possessive_names_its_owner():
    found = statements(
        "The meeting was confirmed by the press service of the Kremlin. The talks lasted two "
        "hours, the press service said. Lukashenko's press service said that no date had been set."
    )
    assert [(s.speaker, s.speaker_kind) for s in found] == [
        ("press service of the Kremlin", "organisation"),
        ("press service of Lukashenko", "organisation"),
    ]
