"""Russian statements meet English claims on what they assert, not on the names they share."""

from claims.matching import ClaimText, LexicalMatcher, StatementText
from claims.matching.text import features

CLAIMS = [
    ClaimText("abroad", "The January 2022 unrest in Kazakhstan was instigated from abroad"),
    ClaimText("dead", "164 people were killed in the January 2022 unrest in Kazakhstan"),
    ClaimText("prices", "Fuel prices in Kazakhstan doubled before the protests"),
]
TITLE = "Токаев: беспорядки в Казахстане были организованы извне"


def best_claim(text: str, matcher: LexicalMatcher) -> str | None:
    ranked = matcher.rank_claims(StatementText("s", text, title=TITLE), min_score=0.02)
    return ranked[0].id if ranked else None


def test_russian_paraphrases_of_foreign_interference_find_the_english_claim():
    matcher = LexicalMatcher(CLAIMS)
    for text in (
        "беспорядки в стране были организованы и координировались из-за рубежа",
        "события в Казахстане имеют признаки внешнего вмешательства",
        "за беспорядками стоят внешние силы",
        "это попытка вмешательства извне",
        "боевики прошли подготовку за границей",
        "беспорядками руководили заграничные кураторы",
    ):
        assert best_claim(text, matcher) == "abroad", text


def test_other_russian_statements_find_their_own_claims():
    matcher = LexicalMatcher(CLAIMS)
    assert best_claim("в ходе беспорядков погибли 164 человека", matcher) == "dead"
    assert best_claim("цены на топливо выросли вдвое перед протестами", matcher) == "prices"


def test_shared_names_alone_match_no_claim():
    matcher = LexicalMatcher(CLAIMS)
    text = "Касым-Жомарт Токаев провел в Казахстане совещание с акимами областей"
    assert matcher.rank_claims(StatementText("s", text), min_score=0.02) == []


def test_cyrillic_names_never_become_english_features():
    found = features("Токаев в Казахстане")
    assert "kazakhstan" not in found
    assert not any(term.isascii() for term in found)
