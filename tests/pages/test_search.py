"""Full-text search finds, ranks and marks matches on PostgreSQL and SQLite alike."""

import pytest
from django.db import connection

from claims import search
from claims.models import Claim, Speaker, Statement
from sources.models import Source
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_claims_are_found_by_a_stemmed_word_and_ranked():
    best = ClaimFactory(text="Foreign forces caused the unrest", description="Caused from abroad")
    other = ClaimFactory(text="The unrest had many causes, said a long report on riots")
    ClaimFactory(text="Floods in the old town")
    found = list(search.matching(Claim.objects.all(), "cause"))
    assert found[0] == best
    assert other in found
    assert len(found) == 2


def test_all_words_must_occur_and_a_minus_word_is_left_out():
    both = ClaimFactory(text="Foreign interference in Kazakhstan")
    ClaimFactory(text="Foreign aid to Kazakhstan")
    assert list(search.matching(Claim.objects.all(), "foreign interference")) == [both]
    assert list(search.matching(Claim.objects.all(), "kazakhstan -interference")) != [both]


def test_index_follows_edits_and_deletes():
    claim = ClaimFactory(text="The river will flood")
    claim.text = "The dam will hold"
    claim.save()
    assert not search.matching(Claim.objects.all(), "river").exists()
    assert search.matching(Claim.objects.all(), "dam").exists()
    claim.delete()
    assert not search.matching(Claim.objects.all(), "dam").exists()


def test_snippet_marks_the_match_and_escapes_the_text():
    source = SourceFactory(text="Intro.\n\n<b>Flood</b> warnings & sirens in the valley.")
    hit = search.matching(type(source).objects.all(), "sirens").get()
    html = search.snippet_html(hit.search_snippet)
    assert "<mark>sirens</mark>" in html
    assert "&amp; <mark>" in html  # PostgreSQL's ts_headline drops tags; FTS5 keeps them escaped
    assert "<b>" not in html


def test_search_finds_every_kind_at_once():
    statement = StatementFactory()
    SpeakerFactory(name="Aleksandr Lukashenko", role="President of Belarus")
    found = search.search("river")
    assert statement in found["statement"].hits
    assert found["source"].total == 1
    assert [s.name for s in search.search("Belarus")["speaker"].hits] == ["Aleksandr Lukashenko"]


def test_speakers_are_found_by_an_alias():
    speaker = SpeakerFactory(name="Alexander Lukashenko")
    speaker.add_alias("Lukashenka")
    assert list(search.matching(Speaker.objects.all(), "Lukashenka")) == [speaker]


def test_nonsense_punctuation_finds_nothing_instead_of_failing():
    ClaimFactory(text="Anything")
    for query in ['"', "-", "OR", "(*)", 'AND "unclosed']:
        assert list(search.matching(Statement.objects.all(), query)) == []


def test_fts5_query_translates_web_search_syntax():
    assert search.fts5_query('foreign "external forces" -russia') == (
        '(("foreign") AND ("external forces")) NOT "russia"'
    )
    assert search.fts5_query("riots or protests") == '("riots" OR "protests")'


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="GIN indexes are PostgreSQL's")
def test_postgres_search_uses_the_gin_index():
    StatementFactory()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    plan = search.matching(Statement.objects.all(), "river", snippet=False).explain()
    assert "statement_search_idx" in plan


RUSSIAN_SOURCE = (
    "Токаев заявил о внешнем вмешательстве.\n\n"
    "Президент сообщил, что за беспорядками стоит вмешательство извне. "
    "По его словам, о вмешательстве говорили и союзники."
)


def test_a_cyrillic_word_finds_its_every_case_in_russian_sources_and_statements():
    source = SourceFactory(text=RUSSIAN_SOURCE, language="ru")
    statement = StatementFactory(source=source, start=63, end=104)
    assert statement.text == "за беспорядками стоит вмешательство извне"
    SourceFactory(text="Foreign interference was alleged.", language="en")
    assert list(search.matching(type(source).objects.all(), "вмешательство")) == [source]
    assert list(search.matching(Statement.objects.all(), "вмешательства")) == [statement]
    hit = search.matching(Statement.objects.all(), "вмешательство").get()
    assert "<mark>вмешательство</mark>" in search.snippet_html(hit.search_snippet)


def test_english_stemming_still_holds_beside_russian():
    english = SourceFactory(text="The riots were caused from abroad.", language="en")
    SourceFactory(text=RUSSIAN_SOURCE, language="ru")
    assert list(search.matching(type(english).objects.all(), "cause")) == [english]


def test_a_kazakh_source_is_searchable_as_text():
    kazakh = SourceFactory(text="Мемлекет басшысы мәлімдеме жасады.", language="kk")
    assert list(search.matching(type(kazakh).objects.all(), "мәлімдеме")) == [kazakh]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="GIN indexes are PostgreSQL's")
def test_postgres_per_language_search_uses_the_gin_indexes():
    SourceFactory(text=RUSSIAN_SOURCE, language="ru")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    for model, name in ((Statement, "statement_search_idx"), (Source, "source_search_idx")):
        plan = search.matching(model.objects.all(), "вмешательство", snippet=False).explain()
        assert name in plan


def test_the_search_page_leaves_sources_texts_in_the_database(client):
    """A source is listed by its title, with a snippet cut by the database: neither its text
    nor its raw input is loaded, for a found source or a found statement's source."""
    StatementFactory()
    client.force_login(UserFactory(username="alice", role="analyst"))
    response = client.get("/search/", {"q": "river"})
    assert "<mark>river</mark>" in response.content.decode()
    results = response.context["results"]
    assert {"text", "raw"} <= results["source"].hits[0].get_deferred_fields()
    assert {"text", "raw"} <= results["statement"].hits[0].source.get_deferred_fields()
