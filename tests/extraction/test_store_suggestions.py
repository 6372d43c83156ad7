"""claims.suggestions.store_suggestions: extraction stored as suggested, anchored statements."""

import threading
import time
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from claims import suggestions as adapter
from claims.extraction import ExtractedStatement
from claims.models import ReviewState, Speaker, Statement
from claims.suggestions import store_suggestions
from sources.models import Section
from tests.factories import (
    ClaimLinkFactory,
    OutletFactory,
    SectionFactory,
    SourceFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Flood barriers hold in Riverton\n\n"
    "“The barriers held, and they will hold again,” Mayor Carla Diaz said on Tuesday. "
    "Diaz also said that the clean-up would take a month. "
    "The river will stay high until the weekend, according to the water agency, Interfax reports.\n\n"
)
COMMENTS = "12 comments:\nbob77 12 May 2024 10:21\nThe mayor said that the dam was never safe.\n"


def sectioned_source(**kwargs):
    source = SourceFactory(text=BODY + COMMENTS, **kwargs)
    SectionFactory(source=source, kind=Section.Kind.BODY, start=0, end=len(BODY))
    SectionFactory(source=source, kind=Section.Kind.COMMENTS, start=len(BODY), end=len(source.text))
    return source


def test_statements_are_stored_as_anchored_suggestions_with_speakers():
    source = sectioned_source()
    stored = store_suggestions(source)
    statements = list(Statement.objects.for_source(source).order_by("start"))
    assert [s.pk for s in statements] == sorted(s.pk for s in stored) or len(stored) == len(
        statements
    )
    assert [s.text for s in statements] == [
        "The barriers held, and they will hold again",
        "the clean-up would take a month",
        "The river will stay high until the weekend",
    ]
    for statement in statements:
        assert source.text[statement.start : statement.end] == statement.text
        assert statement.state == ReviewState.SUGGESTED
    quote = statements[0]
    assert (quote.kind, quote.cue, quote.speaker_mention) == ("direct", "said", "Mayor Carla Diaz")
    assert quote.speaker.name == "Carla Diaz"
    assert statements[1].speaker == quote.speaker
    assert Speaker.objects.filter(name="Carla Diaz").count() == 1


def test_reader_comments_give_no_statements():
    source = sectioned_source()
    store_suggestions(source)
    assert not Statement.objects.filter(source=source, start__gte=len(BODY)).exists()


def test_a_source_without_sections_is_read_whole():
    source = SourceFactory(text="Senator Paul Reed said that the bill would pass next week.")
    [statement] = store_suggestions(source)
    assert statement.text == "the bill would pass next week"


def test_speaker_is_matched_through_a_known_alias_and_new_spellings_become_aliases():
    zelensky = SpeakerFactory(name="Volodymyr Zelensky")
    zelensky.add_alias("Zelenskyy")
    source = SourceFactory(text="Zelenskyy said that the grain corridor would reopen.")
    [statement] = store_suggestions(source)
    assert statement.speaker == zelensky
    other = SourceFactory(text="Volodimir Zelenskyy said that the talks would go on.")
    [later] = store_suggestions(other)
    assert later.speaker == zelensky
    assert Speaker.objects.matching("Volodimir Zelenskyy").get() == zelensky


def test_a_lone_surname_matches_the_one_known_person_with_it():
    tokayev = SpeakerFactory(name="Kassym-Jomart Tokayev")
    [statement] = store_suggestions(
        SourceFactory(text="Tokayev said that order had been restored.")
    )
    assert statement.speaker == tokayev


def test_cited_outlet_is_linked_by_name_or_domain():
    interfax = OutletFactory(name="Interfax", domain="interfax.ru")
    source = sectioned_source()
    store_suggestions(source)
    cited = Statement.objects.get(source=source, cited="Interfax")
    assert cited.cited_outlet == interfax


def test_said_on_is_dated_from_the_publication_date():
    source = sectioned_source(published_at=datetime(2024, 5, 16, 9, 0, tzinfo=UTC))
    store_suggestions(source)
    quote = Statement.objects.get(source=source, kind=Statement.Kind.DIRECT)
    assert quote.said_on == date(2024, 5, 14)  # "on Tuesday" before Thursday 16 May


def test_rerun_replaces_unreviewed_suggestions_and_keeps_reviewed_and_hand_made_ones():
    source = sectioned_source()
    first = store_suggestions(source)
    accepted = Statement.objects.get(pk=first[0].pk)
    accepted.state = ReviewState.ACCEPTED
    accepted.save()
    annotator = UserFactory()
    hand_made = Statement.at_span(
        source,
        0,
        31,
        kind=Statement.Kind.INDIRECT,
        state=ReviewState.PROPOSED,
        created_by=annotator,
    )
    hand_made.save()

    second = store_suggestions(source)

    assert len(second) == len(first) - 1  # the accepted span is not suggested again
    assert Statement.objects.get(pk=accepted.pk).state == ReviewState.ACCEPTED
    assert Statement.objects.filter(pk=hand_made.pk).exists()
    assert not Statement.objects.filter(pk__in=[s.pk for s in first[1:]]).exists()
    assert Statement.objects.for_source(source).count() == len(first) + 1


def test_a_failure_leaves_earlier_suggestions_untouched(monkeypatch):
    source = sectioned_source()
    earlier = {s.pk for s in store_suggestions(source)}
    broken = ExtractedStatement(start=0, end=5, text="not the source text", kind="indirect")
    monkeypatch.setattr(adapter, "extract", lambda *args, **kwargs: [broken])
    monkeypatch.setattr(Statement, "at_span", classmethod(_at_span_with_text_as_given))
    with pytest.raises(ValidationError):
        store_suggestions(source)
    assert set(Statement.objects.for_source(source).values_list("pk", flat=True)) == earlier


def _at_span_with_text_as_given(cls, source, start, end, **fields):
    return cls(source=source, start=start, end=end, text="not the source text", **fields)


def test_an_outlet_in_the_database_is_read_as_an_outlet():
    nordpost = OutletFactory(name="Nordpost", domain="nordpost.example")
    [statement] = store_suggestions(SourceFactory(text="Nordpost wrote that the deal was dead."))
    assert statement.speaker.kind == Speaker.Kind.OUTLET
    assert statement.cited_outlet == nordpost


def test_a_fuller_name_found_later_becomes_the_canonical_name():
    [first] = store_suggestions(SourceFactory(text="Tokayev said that order had been restored."))
    later_text = "President Kassym-Jomart Tokayev said that the troops would leave."
    [later] = store_suggestions(SourceFactory(text=later_text))
    assert later.speaker == first.speaker
    speaker = Speaker.objects.get(pk=first.speaker.pk)
    assert speaker.name == "Kassym-Jomart Tokayev"
    assert [alias.name for alias in speaker.aliases.all()] == ["Tokayev"]


def test_a_suggestion_with_a_reviewed_claim_link_or_an_edit_is_kept_on_rerun():
    source = sectioned_source()
    first, second, _ = store_suggestions(source)
    ClaimLinkFactory(statement=first, state=ReviewState.ACCEPTED)
    Statement.objects.filter(pk=second.pk).update(version=2)  # an annotator's edit

    store_suggestions(source)

    assert Statement.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert Statement.objects.for_source(source).count() == 3


SEVERAL_SPEAKERS = (
    "Bridge to reopen in May\n\n"
    "Minister Vera Toth said that the bridge would open in May. "
    "“We are ready,” Senator Paul Reed said on Monday. "
    "Toth also said that the budget was safe. "
    "According to Interfax, Anna Berg said that the talks had failed. "
    "Mayor Carla Diaz said that the river was high. "
    "Reed added that the tolls would stay. "
    "Volodimir Zelenskyy said that the grain corridor would reopen.\n"
)


def test_an_article_with_several_speakers_is_stored_in_a_constant_number_of_queries(
    django_assert_max_num_queries,
):
    reed = SpeakerFactory(name="Paul Reed")
    zelensky = SpeakerFactory(name="Volodymyr Zelensky")
    zelensky.add_alias("Zelenskyy")
    interfax = OutletFactory(name="Interfax", domain="interfax.ru")
    source = SourceFactory(text=SEVERAL_SPEAKERS)

    # 3 new speakers, 2 known ones found by name and by an alias's surname, 3 new aliases;
    # 19 since the known speakers' new aliases are in their history (one INSERT)
    with django_assert_max_num_queries(19):
        stored = store_suggestions(source)

    by_text = {s.text: s for s in stored}
    assert [s.speaker.name for s in stored] == [
        "Vera Toth",
        "Paul Reed",
        "Vera Toth",
        "Interfax",
        "Carla Diaz",
        "Paul Reed",
        "Volodymyr Zelensky",
    ]
    assert by_text["the tolls would stay"].speaker == reed
    assert by_text["the grain corridor would reopen"].speaker == zelensky
    assert by_text["Anna Berg said that the talks had failed"].cited_outlet == interfax
    toth = Speaker.objects.get(name="Vera Toth")
    assert [a.name for a in toth.aliases.all()] == ["Toth"]
    assert [a.name for a in reed.aliases.all()] == ["Reed"]
    assert sorted(a.name for a in zelensky.aliases.all()) == ["Volodimir Zelenskyy", "Zelenskyy"]
    assert toth.history.count() == 1  # its creation, as for a speaker saved one by one

    # the same speakers again: nothing to create
    again = SourceFactory(text=SEVERAL_SPEAKERS.replace("bridge", "tunnel"))
    with django_assert_max_num_queries(11):
        assert len(store_suggestions(again)) == 7
    assert Speaker.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_workers_finding_the_same_new_speaker_at_once_store_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is no race to lose")
    first = SourceFactory(text="Minister Vera Toth said that the bridge would open in May.")
    second = SourceFactory(text="Vera Toth said that the tunnel would open in June.")
    first_stored = threading.Event()

    def first_worker():
        try:
            with transaction.atomic():
                store_suggestions(first)
                first_stored.set()
                time.sleep(1)  # uncommitted: the second worker does not see her yet
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    assert first_stored.wait(10)
    [statement] = store_suggestions(second)  # waits for the first commit, then finds her
    worker.join()

    [toth] = Speaker.objects.filter(name="Vera Toth")
    assert statement.speaker == toth
    assert Statement.objects.get(source=first).speaker == toth


def test_a_quote_interrupted_by_its_attribution_is_stored_as_one_statement_in_fragments():
    text = "“The barriers held,” Mayor Carla Diaz said. “They will hold again next winter.”"
    source = SourceFactory(text=text)
    [statement] = store_suggestions(source)
    statement.refresh_from_db()
    assert [text[a:b] for a, b in statement.fragments] == [
        "The barriers held",
        "They will hold again next winter.",
    ]
    assert text[statement.start : statement.end] == statement.text
    assert statement.said_text == "The barriers held … They will hold again next winter."


@pytest.mark.parametrize(
    "fragments",
    [
        [[0, 5], [3, 12]],  # overlapping
        [[2, 5], [8, 12]],  # does not start at the statement's start
        [[0, 5], [8, 11]],  # does not end at its end
        [[0, "x"]],  # not a pair of offsets
    ],
)
def test_fragments_that_do_not_tile_the_span_are_refused(fragments):
    source = SourceFactory(text="One part, she said, other part.")
    statement = Statement.at_span(source, 0, 12, kind="direct", fragments=fragments)
    with pytest.raises(ValidationError, match="ragments"):
        statement.save()
    assert not Statement.objects.filter(source=source).exists()


def test_moving_the_span_of_a_statement_in_fragments_makes_it_one_piece():
    source = SourceFactory(text="“One part,” she said. “Other part.”")
    statement = Statement.at_span(source, 1, 34, kind="direct", fragments=[[1, 9], [23, 34]])
    statement.save()
    statement.start, statement.end = 23, 34
    statement.text = source.text[23:34]
    statement.fit_fragments()
    statement.save()
    statement.refresh_from_db()
    assert statement.fragments is None


OPINION = (
    "Riverton deserves better flood defences\n\n"
    "By Nina Holt\n\n"
    "The barriers held this week. The council should stop treating them as a permanent fix. "
    "I believe the next flood will be worse.\n\n"
)
LINKS = "Related\n\nBarrier funding will run out next year, council engineer warns\n\nRiver festival returns\n"


def test_an_opinion_source_gets_its_writers_claims_and_a_linked_headline_its_statement():
    source = SourceFactory(text=OPINION + LINKS, kind="opinion", byline="Nina Holt")
    SectionFactory(source=source, kind=Section.Kind.BODY, start=0, end=len(OPINION))
    SectionFactory(
        source=source, kind=Section.Kind.BOILERPLATE, start=len(OPINION), end=len(source.text)
    )
    store_suggestions(source)
    statements = list(Statement.objects.for_source(source).order_by("start"))
    assert [(s.kind, s.text) for s in statements] == [
        ("authorial", "The council should stop treating them as a permanent fix"),
        ("authorial", "the next flood will be worse"),
        ("indirect", "Barrier funding will run out next year"),
    ]
    assert {s.speaker.name for s in statements[:2]} == {"Nina Holt"}
    assert statements[2].speaker_mention == "council engineer"


def test_a_news_source_gets_no_writers_claims():
    text = OPINION.replace("I believe the next", "Officials expect the next")
    source = SourceFactory(text=text, kind="article")
    SectionFactory(source=source, kind=Section.Kind.BODY, start=0, end=len(text))
    store_suggestions(source)
    assert not Statement.objects.for_source(source).filter(kind="authorial").exists()
