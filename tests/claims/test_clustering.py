"""Claim discovery: unlinked statements that say the same thing are grouped."""

from claims.clustering import cluster_statements
from claims.matching import StatementText

TEXTS = {
    "a1": "the protests in the country should be viewed as an act of external aggression",
    "a2": "the protests should be viewed as an act of external aggression",
    "a3": "Tokayev called the protests an act of external aggression",
    "b1": "fuel prices doubled at the start of the year",
    "b2": "the price of fuel doubled in January",
    "c1": "the peacekeepers will leave by January 19",
    "d1": "the weather in Almaty was cold",
}


def statements():
    return [StatementText(key, text) for key, text in TEXTS.items()]


def test_paraphrases_form_groups_and_loners_stay_out():
    clusters = cluster_statements(statements())

    groups = [sorted(c.statement_ids) for c in clusters]
    assert groups == [["a1", "a2", "a3"], ["b1", "b2"]]


def test_a_group_has_a_representative_and_the_words_it_shares():
    [aggression, _] = cluster_statements(statements())

    assert aggression.representative in {"a1", "a2", "a3"}
    assert {"aggression", "external"} <= set(aggression.terms)
    assert 0 < aggression.cohesion <= 1


def test_a_higher_threshold_splits_more():
    assert cluster_statements(statements(), threshold=0.99) == []


def test_no_statements_no_groups():
    assert cluster_statements([]) == []
