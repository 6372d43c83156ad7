"""A statement keeps its sentence: provenance and the claim page read that, not the source."""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from claims import review
from claims.matching.text import sentence_span
from claims.models import Statement
from claims.provenance import for_claim, rows_of
from pipeline.ingest import ingest_bytes
from tests.factories import ClaimFactory, ClaimLinkFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

FILLER = "The committee met again and nothing was decided. " * 100
ARTICLE = (
    f"Floods\n\n{FILLER}On January 5, Jana Novak said that the river would rise by two metres. "
    f"{FILLER}Last week the mayor warned that the dam was weak.\n\n"
    "Residents said on Friday that nobody had told them."
)


def stored(statement) -> tuple[int, int]:
    statement.refresh_from_db()
    return statement.sentence_start, statement.sentence_end


def test_a_saved_statement_stores_the_sentence_it_stands_in():
    source = SourceFactory(text=ARTICLE)
    start = ARTICLE.index("the river would rise")
    link = ClaimLinkFactory(statement__source=source, statement__start=start,
                            statement__end=ARTICLE.index(" by two metres"))  # fmt: skip

    left, right = stored(link.statement)

    assert ARTICLE[left:right] == (
        "On January 5, Jana Novak said that the river would rise by two metres."
    )


def test_a_corrected_span_moves_its_sentence_with_it():
    source = SourceFactory(text=ARTICLE)
    statement = ClaimLinkFactory(
        statement__source=source,
        statement__start=ARTICLE.index("the river"),
        statement__end=ARTICLE.index(" by two metres"),
    ).statement
    reviewer = UserFactory(role="reviewer")

    statement.start = ARTICLE.index("nobody had told them")
    statement.end = statement.start + len("nobody had told them")
    statement.text = ARTICLE[statement.start : statement.end]
    review.save_versioned(statement, user=reviewer, base_version=statement.version)

    left, right = stored(statement)
    assert ARTICLE[left:right] == "Residents said on Friday that nobody had told them."


def test_every_statement_extraction_stores_has_its_sentence():
    [result] = ingest_bytes(ARTICLE.encode(), name="floods.txt", format="txt")

    statements = list(Statement.objects.filter(source=result.source))

    assert len(statements) >= 3
    for statement in statements:
        expected = sentence_span(ARTICLE, statement.start, statement.end)
        assert (statement.sentence_start, statement.sentence_end) == expected


def test_provenance_reads_the_sentence_and_answers_as_from_the_whole_source():
    source = SourceFactory(text=ARTICLE, published_at=datetime(2022, 1, 10, tzinfo=UTC))
    claim = ClaimFactory()
    for words, end in (("the river would rise", " by two metres"), ("the dam", " was weak"),
                       ("nobody had told", " them."),):  # fmt: skip
        ClaimLinkFactory(claim=claim, statement__source=source,
                         statement__start=ARTICLE.index(words),
                         statement__end=ARTICLE.index(end))  # fmt: skip

    read_stored = list(rows_of(claim))
    from_mentions = for_claim(claim)
    Statement.objects.update(date_mention=None)  # as before the date mention was stored
    read_sentences = list(rows_of(claim))
    from_sentences = for_claim(claim)
    Statement.objects.update(sentence_start=None, sentence_end=None)  # and the sentence
    from_sources = for_claim(claim)

    assert [row["context"] for row in read_stored] == ["", "", ""]  # no source read
    assert all(0 < len(row["context"]) < 100 for row in read_sentences)  # a sentence
    dates = [(e.statement.id, e.date, e.statement.said_on_text) for e in from_mentions.timeline]
    for answer in (from_sentences, from_sources):
        assert dates == [(e.statement.id, e.date, e.statement.said_on_text)
                         for e in answer.timeline]  # fmt: skip
    assert (date(2022, 1, 5), "January 5") in [(d, text) for _id, d, text in dates]
    assert (date(2022, 1, 7), "on Friday") in [(d, text) for _id, d, text in dates]


def test_a_statement_stores_the_words_that_date_it_and_not_a_date_inside_its_quote():
    text = (
        "Floods\n\nOn January 5, Jana Novak said the dam would fail by March 3. "
        "The mayor said the river was safe. Residents said on Friday that nobody had come."
    )
    source = SourceFactory(text=text)
    spans = {"the dam would fail by March 3": "January 5",
             "the river was safe": "", "nobody had come": "on Friday"}  # fmt: skip
    for words, mention in spans.items():
        start = text.index(words)
        statement = ClaimLinkFactory(statement__source=source, statement__start=start,
                                     statement__end=start + len(words)).statement  # fmt: skip
        statement.refresh_from_db()
        assert statement.date_mention == mention


def test_a_corrected_publication_date_dates_the_stored_mention_anew():
    source = SourceFactory(text=ARTICLE, published_at=datetime(2022, 1, 10, tzinfo=UTC))
    start = ARTICLE.index("nobody had told")
    link = ClaimLinkFactory(statement__source=source, statement__start=start,
                            statement__end=ARTICLE.index(" them."))  # fmt: skip
    assert for_claim(link.claim).timeline[0].date == date(2022, 1, 7)  # the Friday before

    source.published_at = datetime(2022, 1, 20, tzinfo=UTC)
    source.save()

    (entry,) = for_claim(link.claim).timeline
    assert (entry.date, entry.statement.said_on_text) == (date(2022, 1, 14), "on Friday")


def test_fill_sentences_stores_what_older_statements_lack_and_then_finds_nothing():
    source = SourceFactory(text=ARTICLE)
    statement = ClaimLinkFactory(
        statement__source=source,
        statement__start=ARTICLE.index("the river would rise"),
        statement__end=ARTICLE.index(" by two metres"),
    ).statement
    expected = stored(statement)
    assert statement.date_mention == "January 5"
    Statement.objects.update(sentence_start=None, sentence_end=None, date_mention=None)

    out = io.StringIO()
    call_command("fill_sentences", stdout=out)
    again = io.StringIO()
    call_command("fill_sentences", stdout=again)

    assert stored(statement) == expected
    assert statement.date_mention == "January 5"
    assert "Done: 1 statements have their sentence." in out.getvalue()
    assert "Done: 0 statements" in again.getvalue()
