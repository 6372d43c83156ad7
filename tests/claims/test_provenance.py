"""Provenance from a claim's statements: earliest, timeline, first appearances, citation graph."""

from datetime import UTC, date, datetime

import pytest

from claims.models import Statement
from claims.provenance import (
    CONTEXT,
    PUBLISHED,
    SAID,
    SAID_YEAR_INFERRED,
    UNDATED,
    ProvenanceStatement,
    build_provenance,
    for_claim,
    rows_of,
)
from tests.factories import ClaimLinkFactory, SourceFactory


def st(id, **fields):
    fields.setdefault("text", f"statement {id}")
    return ProvenanceStatement(id=id, **fields)


def test_the_date_a_statement_says_beats_its_publication_date():
    early_said = st(1, speaker="Tokayev", outlet="NEO", said_on=date(2022, 1, 5),
                    published=date(2022, 1, 10))  # fmt: skip
    published_first = st(2, speaker="Lukashenko", outlet="BelTA", published=date(2022, 1, 7))

    provenance = build_provenance([published_first, early_said])

    assert provenance.earliest.statement.id == 1
    assert provenance.earliest.basis == SAID
    assert [e.statement.id for e in provenance.timeline] == [1, 2]


def test_undated_statements_come_last_and_are_flagged():
    dated = st(1, speaker="A", published=date(2022, 1, 7))
    undated = st(2, speaker="B")

    provenance = build_provenance([undated, dated])

    assert [e.statement.id for e in provenance.timeline] == [1, 2]
    assert provenance.timeline[1].basis == UNDATED
    assert [e.statement.id for e in provenance.undated] == [2]
    assert "1 statement has no date and could be earlier." in provenance.flags


def test_with_no_dates_at_all_the_earliest_is_unknown():
    provenance = build_provenance([st(1, speaker="A"), st(2, speaker="B")])

    assert provenance.earliest is None
    assert "No statement of this claim is dated: the earliest is unknown." in provenance.flags


def test_a_publication_date_as_earliest_is_flagged_as_an_upper_bound():
    provenance = build_provenance([st(1, speaker="A", published=date(2022, 1, 7))])

    assert provenance.earliest.basis == PUBLISHED
    assert any("made then or earlier" in flag for flag in provenance.flags)


def test_a_statement_said_after_its_source_was_published_is_a_conflict_not_the_earliest():
    impossible = st(1, speaker="A", said_on=date(2022, 1, 2), published=date(2022, 1, 1))
    fine = st(2, speaker="B", published=date(2022, 1, 3))

    provenance = build_provenance([impossible, fine])

    assert provenance.earliest.statement.id == 2
    assert [c["kind"] for c in provenance.conflicts] == ["said_after_published"]
    assert provenance.conflicts[0]["statements"] == [1]


def test_the_same_words_dated_differently_by_two_sources_is_a_conflict():
    words = "the protests should be viewed as an act of external aggression"
    one = st(1, text=words, speaker="Tokayev", outlet="NEO", said_on=date(2022, 1, 5))
    other = st(2, text=words.upper(), speaker="Tokayev", outlet="X", said_on=date(2022, 1, 6))

    provenance = build_provenance([one, other])

    [conflict] = provenance.conflicts
    assert conflict["kind"] == "different_said_dates"
    assert conflict["dates"] == [date(2022, 1, 5), date(2022, 1, 6)]
    assert conflict["message"] in provenance.flags


def test_a_month_and_day_without_year_takes_the_year_of_the_claims_other_dates_and_says_so():
    partial = st(1, speaker="Tokayev", said_on_partial=(1, 5))
    dated = st(2, speaker="Lukashenko", published=date(2022, 1, 7))

    provenance = build_provenance([dated, partial])

    assert provenance.earliest.statement.id == 1
    assert provenance.earliest.date == date(2022, 1, 5)
    assert provenance.earliest.basis == SAID_YEAR_INFERRED
    assert provenance.earliest.flags == ["year inferred from the claim's other dates (2022)"]
    assert "The earliest date's year is inferred from the claim's other dates." in provenance.flags


def test_two_speakers_on_the_earliest_day_are_flagged():
    provenance = build_provenance(
        [
            st(1, speaker="A", said_on=date(2022, 1, 5)),
            st(2, speaker="B", said_on=date(2022, 1, 5)),
        ]
    )

    assert "Several speakers are dated 2022-01-05: A, B." in provenance.flags


def test_speakers_and_outlets_in_order_of_first_appearance():
    provenance = build_provenance(
        [
            st(1, speaker="Lukashenko", outlet="RBC", cited_outlet="BelTA"),
            st(2, speaker="Lukashenko", outlet="BelTA", published=date(2022, 1, 7)),
            st(3, speaker="Tokayev", outlet="NEO", said_on=date(2022, 1, 5)),
        ]
    )

    assert provenance.speakers == ["Tokayev", "Lukashenko"]
    assert provenance.outlets == ["NEO", "BelTA", "RBC"]


def test_the_citation_graph_runs_outlet_to_cited_outlet_to_speaker():
    provenance = build_provenance(
        [
            st(1, speaker="Lukashenko", outlet="RBC", cited="BelTA reports", cited_outlet="BelTA"),
            st(2, speaker="Lukashenko", outlet="BelTA", published=date(2022, 1, 7)),
            st(3, speaker="Ablyazov", outlet="NEO", cited="Strana.ua"),
        ]
    )
    graph = provenance.graph
    edges = {(e["source"], e["target"], e["relation"]): e["statements"] for e in graph.edges}

    assert edges == {
        ("outlet:BelTA", "speaker:Lukashenko", "quotes"): [2, 1],
        ("outlet:RBC", "outlet:BelTA", "cites"): [1],
        ("outlet:NEO", "source:Strana.ua", "cites"): [3],
        ("source:Strana.ua", "speaker:Ablyazov", "quotes"): [3],
    }
    assert sorted(graph.chains()) == [
        ["BelTA", "Lukashenko"],
        ["NEO", "Strana.ua", "Ablyazov"],
        ["RBC", "BelTA", "Lukashenko"],
    ]
    first_dates = {node["id"]: node["first_date"] for node in graph.nodes}
    assert first_dates["speaker:Lukashenko"] == date(2022, 1, 7)


def test_an_outlet_that_is_also_the_speaker_is_one_node():
    provenance = build_provenance(
        [st(1, speaker="Sputnik Kazakhstan", outlet="RBC", cited="Sputnik Kazakhstan")]
    )

    assert [(e["source"], e["target"]) for e in provenance.graph.edges] == [
        ("outlet:RBC", "source:Sputnik Kazakhstan")
    ]


def test_an_inferred_citation_is_marked_on_the_edge_and_the_entry():
    provenance = build_provenance(
        [
            st(
                1,
                speaker="Lukashenko",
                outlet="RBC",
                cited="BelTA",
                cited_outlet="BelTA",
                cited_inferred=True,
            )
        ]
    )

    assert all(edge["inferred"] for edge in provenance.graph.edges)
    assert any("inferred" in flag for flag in provenance.timeline[0].flags)


def test_a_reviewed_statement_is_the_earliest_over_an_earlier_machine_suggestion():
    weak_guess = st(1, speaker="A", said_on=date(2022, 1, 3), reviewed=False)
    confirmed = st(2, speaker="B", said_on=date(2022, 1, 5))

    provenance = build_provenance([weak_guess, confirmed])

    assert provenance.earliest.statement.id == 2
    assert [e.statement.id for e in provenance.timeline] == [1, 2]
    assert (
        "1 unreviewed machine suggestion is dated earlier than the earliest reviewed "
        "statement." in provenance.flags
    )


def test_with_only_machine_suggestions_the_earliest_says_so():
    provenance = build_provenance(
        [st(1, speaker="A", said_on=date(2022, 1, 3), reviewed=False), st(2, reviewed=False)]
    )

    assert provenance.earliest.statement.id == 1
    assert any("machine suggestion" in flag for flag in provenance.flags)


@pytest.mark.django_db
def test_a_date_in_the_sentence_is_read_deep_inside_a_long_document():
    filler = "The committee met again and nothing was decided. " * 400  # 20,000 characters
    said = "On January 5, Jana Novak said that the river would rise by two metres."
    source = SourceFactory(
        text=f"Floods\n\n{filler}{said} {filler}", published_at=datetime(2022, 1, 10, tzinfo=UTC)
    )
    start = source.text.index("the river would rise")
    end = source.text.index(" by two metres")
    link = ClaimLinkFactory(statement__source=source, statement__start=start, statement__end=end)

    assert link.statement.date_mention == "January 5"  # stored: no source read at all
    Statement.objects.update(sentence_start=None, sentence_end=None, date_mention=None)
    (read,) = rows_of(link.claim)  # the text around the statement, not the whole document
    assert len(read["context"]) <= 2 * CONTEXT + (end - start)
    offset = read["context_start"]
    assert read["context"][start - offset : end - offset] == link.statement.text
    (entry,) = for_claim(link.claim).timeline

    assert (entry.date, entry.basis) == (date(2022, 1, 5), SAID)
    assert entry.statement.said_on_text == "January 5"
