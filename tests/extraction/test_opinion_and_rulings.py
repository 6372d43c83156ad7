"""Branch extract16: the writer's own claims in opinion writing, rulings that end where the
finding ends, attributed headlines in link lists, and speakers a headline or an apposition
names. Every example is invented here (none is from the dev set or the sample articles)."""

from claims.extraction import extract
from tests.extraction.helpers import only, statements

COLUMN = (
    "Why the library closures are a mistake\n\n"
    "COLUMN | Priya Natarajan\n\n"
    "The county closed four branch libraries last spring. The reading room in Elmford was "
    "full on its last afternoon.\n\n"
    "I am convinced that the closures will cost more than they save. It is obvious that the "
    "children who used the homework clubs have nowhere else to go. "
    "Is it any wonder that evening footfall at the remaining branches has doubled?\n\n"
    "The county’s finance chief, Owen Pratt, said the savings were “unavoidable”. "
    "What will the county do next? Nobody knows.\n\n"
    "The decision is indefensible. The county should reopen at least two branches this year.\n"
)


def authorial(found):
    return [s.text for s in found if s.kind == "authorial"]


def test_a_column_gives_the_writers_claims_with_the_byline_as_speaker():
    found = statements(COLUMN)
    assert authorial(found) == [
        "the closures will cost more than they save",
        "the children who used the homework clubs have nowhere else to go",
        "evening footfall at the remaining branches has doubled",
        "The decision is indefensible",
        "The county should reopen at least two branches this year",
    ]
    for statement in found:
        if statement.kind == "authorial":
            assert statement.speaker == "Priya Natarajan"
            assert statement.cue == ""
            assert COLUMN[statement.mention_start : statement.mention_end] == "Priya Natarajan"


def test_questions_quotes_of_others_and_scene_setting_are_not_the_writers_claims():
    found = statements(COLUMN)
    texts = " | ".join(authorial(found))
    assert "What will the county do next" not in texts  # a question asserts nothing
    assert "unavoidable" not in texts  # Owen Pratt's word, reported as his
    assert "reading room" not in texts  # description
    assert "closed four branch" not in texts
    assert only(found, "the savings were").speaker == "Owen Pratt"


def test_a_news_report_gets_no_authorial_statements():
    news = COLUMN.replace("COLUMN | Priya Natarajan", "By Priya Natarajan, Local Reporter")
    news = news.replace("I am convinced that", "Campaigners say").replace(
        "Is it any wonder that evening", "Evening"
    )
    news = news.replace("has doubled?", "has doubled.").replace(
        "What will the county do next? ", ""
    )
    assert authorial(statements(news)) == []
    assert authorial(statements(COLUMN, opinion=False)) == []


def test_the_caller_may_say_a_text_is_opinion_and_name_its_writer():
    text = "Tram fares\n\nThe new fares are unfair. The authority must think again.\n"
    found = statements(text, opinion=True, byline="By Carl Mendes")
    assert authorial(found) == ["The new fares are unfair", "The authority must think again"]
    assert {s.speaker for s in found} == {"Carl Mendes"}
    assert all(s.mention_start is None for s in found)  # the byline is not in the text


def test_an_unsigned_editorial_speaks_as_the_editorial_board():
    text = (
        "Editorial\n\nThe harbour levy\n\nThe levy was announced in May. "
        "There is little doubt that it will drive the ferries away. "
        "The council ought to drop it before the summer.\n"
    )
    found = statements(text)
    assert authorial(found) == [
        "it will drive the ferries away",
        "The council ought to drop it before the summer",
    ]
    assert {(s.speaker, s.speaker_kind) for s in found} == {("editorial board", "group")}


def test_a_writers_voice_marks_opinion_without_a_label_and_frames_survive_a_typo():
    text = (
        "Posted on the Riverside Forum\n\n"
        "By Gwen Tallis\n\n"
        "Who decided that the bridge tolls should rise again? Did anyone ask us? "
        "We beleive that the toll rise is aimed at commuters. "
        "Should we be suprised that the operator posted record profits?\n"
    )
    found = statements(text)
    assert authorial(found) == [
        "the toll rise is aimed at commuters",
        "the operator posted record profits",
    ]
    assert {s.speaker for s in found} == {"Gwen Tallis"}


def test_the_writers_i_believe_is_one_authorial_statement_not_an_unnamed_speakers():
    text = "OPINION\n\nBy Tom Adair\n\nI believe the tunnel plan is dead. I hope I am wrong.\n"
    (statement,) = statements(text)
    assert (statement.kind, statement.text, statement.speaker) == (
        "authorial",
        "the tunnel plan is dead",
        "Tom Adair",
    )


def test_a_ruling_ends_where_the_finding_ends_not_at_the_sentence_it_then_passed():
    text = (
        "A magistrates’ court found that Reyes had driven without insurance and banned him "
        "for a year. The jury concluded that Okoro had acted in self-defence and acquitted "
        "him of all charges. An appeals panel ruled that Marsh had misled investors and "
        "ordered her to repay £2m."
    )
    found = statements(text)
    assert only(found, "Reyes").text == "Reyes had driven without insurance"
    assert only(found, "Okoro").text == "Okoro had acted in self-defence"
    assert only(found, "Marsh").text == "Marsh had misled investors"


def test_a_ruling_binds_its_new_predicate_to_the_court_when_the_object_is_the_clauses_subject():
    found = statements("The tribunal held that Fenn had lied and censored him publicly.")
    assert only(found, "Fenn").text == "Fenn had lied"
    # not a ruling cue: the coordinated clause stays the speaker's words
    found = statements("She said Kim had called the aide and thanked him.")
    assert only(found, "Kim").text.endswith("thanked him")


def test_a_court_described_not_named_rules_in_a_participle_and_in_a_place():
    found = statements(
        "LYON, March 3 — A regional court on Monday upheld the ban on night flights, ruling "
        "that the airport had ignored its own noise limits. "
        "Last year a tribunal in Grenoble held that the operator had breached its licence."
    )
    assert only(found, "noise limits").speaker == "regional court"
    assert only(found, "breached").speaker == "tribunal in Grenoble"


def test_attributed_headlines_in_a_link_list_are_statements_and_other_links_are_not():
    body = "Ferry strike ends\n\nThe strike ended on Friday, the union said.\n\n"
    links = (
        "Related\n\nFerry fares to rise by a fifth, operator warns\n\n"
        "Island schools reopen after storm\n\nPort jobs at risk, dockers’ union says\n"
    )
    text = body + links
    found = statements(text, body_spans=[(0, len(body))], headline_spans=[(len(body), len(text))])
    linked = [s for s in found if s.start >= len(body)]
    assert [(s.text, s.speaker_mention) for s in linked] == [
        ("Ferry fares to rise by a fifth", "operator"),
        ("Port jobs at risk", "dockers’ union"),
    ]
    assert all(s.start < len(body) for s in statements(text, body_spans=[(0, len(body))]))


def test_a_headline_speaker_is_read_from_the_story_below_it():
    text = (
        "Drivers’ pay offer is final, transport secretary says\n\n"
        "Transport Secretary Imogen Clarke said on Monday that a deal with the drivers was "
        "weeks away. Union leader Rob Tate said talks would resume on Thursday.\n"
    )
    headline = only(statements(text), "pay offer")
    assert headline.speaker == "Imogen Clarke"
    text = "‘WE WERE NEVER TOLD’\n\nA mother of three, Dana Whitley, said: “Nobody warned us.”\n"
    assert only(statements(text), "WE WERE NEVER TOLD").speaker == "Dana Whitley"


def test_appositions_and_affiliations_name_the_person_not_the_place_or_body():
    found = statements(
        "Senator Leah Moss, a Republican from Ohio, accused the agency of hiding the data. "
        "Ian Cole, of the Ramblers’ Trust, said the path would close. "
        "The Labour candidate, Asha Bell, dismissed the poll, saying: “Polls don’t vote.” "
        "Shares fell, with Finance Minister Ravi Dutt saying the slump would pass."
    )
    assert only(found, "hiding the data").speaker == "Leah Moss"
    assert only(found, "path would close").speaker == "Ian Cole"
    assert only(found, "Polls don’t vote").speaker == "Asha Bell"
    assert only(found, "slump would pass").speaker == "Ravi Dutt"


def test_the_firm_and_the_same_survey_resolve_to_who_was_named():
    found = statements(
        "Harbour Freight Lines said it would cut 40 jobs. The cuts are temporary, the firm said. "
        "A survey by the Coastal Institute found most residents back the plan. "
        "But the same survey found few would pay more for it."
    )
    assert only(found, "temporary").speaker == "Harbour Freight Lines"
    assert only(found, "few would pay").speaker == "Coastal Institute"


def test_extract_stays_importable_and_plain():
    assert extract("Nothing here.") == []


def test_what_the_writer_reports_having_said_is_the_writers_too():
    text = (
        "OPINION\n\nBy Nora Vale\n\n"
        "I told the mayor last week that the tunnel would flood. Did she listen? No.\n"
    )
    (statement,) = statements(text)
    assert (statement.kind, statement.text, statement.cue, statement.speaker) == (
        "authorial",
        "the tunnel would flood",
        "told",
        "Nora Vale",
    )
