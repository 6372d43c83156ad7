"""Claim matching in plain Python: paraphrases meet, different claims stay apart."""

import pytest

from claims.matching import ClaimText, LexicalMatcher, StatementText, build_matcher, collection
from claims.matching.evaluate import average_precision, evaluate
from claims.matching.semantic import load_embedder
from claims.matching.text import features, sentence_around, split_sentences, stem

TITLE = "Unrest in the capital: what we know"
CLAIMS = [
    ClaimText("abroad", "The unrest in the capital was instigated from abroad"),
    ClaimText("weaken", "The organisers of the unrest wanted to weaken the neighbouring country"),
    ClaimText("dead", "164 people died in the unrest"),
    ClaimText("prices", "Fuel prices doubled before the protests"),
]
PARAPHRASES = [
    "the analysis of the events shows the presence of an external factor",
    "this is an attempt at foreign interference",
    "the protests were organized by external forces",
    "its organisers had foreign backing",
    "the violence was externally provoked",
    "the riots should be viewed as an act of external aggression",
    "the riots were an outside-inspired attempt to undermine security",
    "those events were sparked by outside forces",
]
UNRELATED = [
    "the organizers of the riots wanted to weaken the neighbouring country",
    "about 164 dead",
    "the peacekeepers must leave by the end of the month",
    "the state of emergency will be lifted gradually",
]


def statements(texts, prefix):
    return [StatementText(f"{prefix}{i}", text, title=TITLE) for i, text in enumerate(texts)]


def test_every_paraphrase_ranks_above_every_unrelated_statement():
    candidates = statements(PARAPHRASES, "p") + statements(UNRELATED, "u")
    matcher = LexicalMatcher(CLAIMS, candidates)

    ranking = matcher.rank_statements(CLAIMS[0], candidates, min_score=-1)

    top = {m.id for m in ranking[: len(PARAPHRASES)]}
    assert top == {f"p{i}" for i in range(len(PARAPHRASES))}


@pytest.mark.parametrize("text", PARAPHRASES)
def test_each_paraphrase_is_suggested_the_foreign_claim(text):
    candidates = statements(PARAPHRASES, "p") + statements(UNRELATED, "u")
    matcher = LexicalMatcher(CLAIMS, candidates)

    # "organized by external forces" also shares "organisers" with the weakening claim.
    best = matcher.rank_claims(StatementText("s", text, title=TITLE), limit=2)

    assert "abroad" in [m.id for m in best]


@pytest.mark.parametrize(
    ("text", "claim"),
    [(UNRELATED[0], "weaken"), (UNRELATED[1], "dead")],
)
def test_weakening_and_death_toll_go_to_their_own_claims(text, claim):
    matcher = LexicalMatcher(CLAIMS, statements(PARAPHRASES + UNRELATED, "s"))

    best = matcher.rank_claims(StatementText("s", text, title=TITLE), limit=1)

    assert best[0].id == claim


def test_a_statement_that_matches_nothing_gets_no_claim():
    matcher = LexicalMatcher(CLAIMS, statements(PARAPHRASES, "p"))

    assert matcher.rank_claims(StatementText("s", "the weather was mild"), min_score=0) == []


def test_the_source_title_gives_a_bare_statement_its_subject():
    claims = [
        ClaimText("kz", "Unrest in Kazakhstan was organised from abroad"),
        ClaimText("by", "Unrest in Belarus was organised from abroad"),
    ]
    bare = "the protests were organized by external forces"
    in_kazakhstan = StatementText("s", bare, title="Kazakhstan: Tokayev blames outside forces")

    best = LexicalMatcher(claims, [in_kazakhstan]).rank_claims(in_kazakhstan, limit=1)

    assert best[0].id == "kz"


def test_spelling_variants_and_inflections_share_a_stem():
    assert stem("organised") == stem("organized") == stem("organizers") == stem("organisers")
    assert stem("destabilise") == stem("destabilize")
    assert stem("colour") == stem("color")


def test_synonyms_share_a_group_feature_but_keep_their_own_word():
    external, foreign = features("external"), features("foreign")

    assert "~foreign" in external
    assert "~foreign" in foreign
    assert set(external) != set(foreign)


def test_dates_are_not_claim_content():
    assert features("On January 5, 2022") == {}


def test_the_context_of_a_span_is_the_rest_of_its_sentence():
    text = "First one. On January 5, Tokayev said that the protests were foreign. Last one."
    start = text.index("the protests")

    context = sentence_around(text, start, start + 12)

    assert context == "On January 5, Tokayev said that … were foreign."


def test_the_context_leaves_out_other_statements_in_the_sentence():
    text = "He said that he would protect them and noted that it was external aggression."
    mine = (text.index("he would"), text.index(" and noted"))
    other = (text.index("it was"), len(text) - 1)

    assert (
        sentence_around(text, *mine, statements=[mine, other])
        == "He said that … and noted that … ."
    )


def test_a_quote_of_several_sentences_is_split():
    assert split_sentences("You will see. This is foreign interference. Who is behind it?") == [
        "You will see.",
        "This is foreign interference.",
        "Who is behind it?",
    ]


def test_average_precision_is_one_only_when_all_relevant_come_first():
    assert average_precision(["a", "b", "c"], {"a", "b"}) == 1.0
    assert average_precision(["a", "c", "b"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)


def test_the_collection_is_the_documents_sentences_headlines_included():
    documents = [
        "Unrest in the capital\nThe riots spread. “It was planned abroad,” he said.",
        "Prices rose.\nFuel doubled in price. Bread too.",
    ]

    sentences = [s.text for s in collection(documents)]

    assert sentences == [
        "Unrest in the capital",
        "The riots spread.",
        "“It was planned abroad,” he said.",
        "Prices rose.",
        "Fuel doubled in price.",
        "Bread too.",
    ]
    assert len({s.id for s in collection(documents)}) == 6
    assert [s.text for s in collection(documents, limit=2)] == sentences[:2]


def test_a_topics_own_words_are_not_made_common_by_its_statements():
    """Counted over the statements alone, a corpus about one event makes its own words look
    common; counted over the documents' sentences, they keep their weight."""
    on_topic = statements(PARAPHRASES, "p")
    documents = [
        ". ".join(PARAPHRASES) + ".",
        " ".join(f"The council met on day {n}." for n in range(50)),
    ]

    by_statements = LexicalMatcher(CLAIMS, on_topic).vocabulary
    by_documents = LexicalMatcher(CLAIMS, collection(documents)).vocabulary

    assert by_documents.idf("~foreign") > 2 * by_statements.idf("~foreign")


def test_auto_is_lexical_without_the_semantic_extra():
    matcher = build_matcher(CLAIMS, method="auto")

    assert matcher.name == ("hybrid" if load_embedder() else "lexical")


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="Unknown matching method"):
        build_matcher(CLAIMS, method="magic")


# What the methods reached on the sample corpus's gold claims (docs/claims.md); a change
# that loses ranking quality fails here.
GOLD_FLOORS = {"lexical": 0.965, "semantic": 0.94, "hybrid": 0.98}
FOREIGN_INTERFERENCE_FLOORS = {"lexical": 1.0, "semantic": 0.94, "hybrid": 0.98}


@pytest.mark.parametrize("method", ["lexical", "semantic", "hybrid"])
def test_average_precision_on_the_gold_claims_does_not_drop(method):
    if method != "lexical" and load_embedder() is None:
        pytest.skip("the semantic extra is not installed (uv sync --extra semantic)")

    result = evaluate(method)

    assert result["mean"] >= GOLD_FLOORS[method]
    assert result["per_claim"]["foreign-interference"] >= FOREIGN_INTERFERENCE_FLOORS[method]
    assert result["per_claim"]["164-dead"] == 1.0
    assert result["per_claim"]["aim-weaken-russia"] == 1.0
