"""Date mentions: when a statement says it was made, relative to its source's date."""

from datetime import date

from claims.dating import find_date_mentions, infer_year, said_on_mention

SATURDAY = date(2022, 1, 8)


def resolved(text, published=SATURDAY):
    return [m.date for m in find_date_mentions(text, published)]


def test_month_day_takes_the_year_of_publication():
    assert resolved("On January 5, Tokayev said") == [date(2022, 1, 5)]
    assert resolved("on 5 January, the president said") == [date(2022, 1, 5)]


def test_an_explicit_year_wins():
    assert resolved("On December 28, 2021, he met Putin") == [date(2021, 12, 28)]


def test_a_late_december_date_in_a_january_article_is_last_year():
    assert resolved("On December 30 he said") == [date(2021, 12, 30)]


def test_extraction_and_provenance_read_a_day_after_publication_alike():
    """One rule: a statement was made on or before its report, so "January 10" in an article
    of 8 January 2022 is 10 January 2021 for both (provenance used to say 2022)."""
    from claims.extraction.dates import said_on_date

    assert resolved("On January 10 he said") == [date(2021, 1, 10)]
    assert said_on_date("January 10", SATURDAY) == date(2021, 1, 10)
    assert said_on_date("January 5", SATURDAY) == resolved("On January 5 he said")[0]


def test_a_weekday_is_the_last_such_day_on_or_before_publication():
    assert resolved("On Friday, the ambassador said") == [date(2022, 1, 7)]
    assert resolved("yesterday he said") == [date(2022, 1, 7)]


def test_without_a_publication_date_a_month_and_day_stay_partial():
    [mention] = find_date_mentions("On January 5, Tokayev said", None)

    assert mention.date is None
    assert mention.partial
    assert (mention.month, mention.day) == (1, 5)


def test_weekdays_need_a_publication_date():
    assert find_date_mentions("On Friday, he said", None) == []


def test_a_date_inside_the_statement_is_content_not_when_it_was_said():
    sentence = "According to Shoigu, all peacekeepers must leave by January 19."
    start = sentence.index("all")

    assert said_on_mention(sentence, start, len(sentence) - 1, SATURDAY) is None


def test_the_mention_before_the_statement_is_preferred():
    sentence = "On January 5, Tokayev said that the protests began on January 2."
    start = sentence.index("the protests")

    mention = said_on_mention(sentence, start, len(sentence) - 1, SATURDAY)

    assert mention.date == date(2022, 1, 5)


def test_a_mention_after_a_quote_counts():
    sentence = "“This is foreign interference,” Lukashenko said on Christmas, 7 January."

    mention = said_on_mention(sentence, 1, sentence.index(",”"), SATURDAY)

    assert mention.date == date(2022, 1, 7)


def test_year_inference_takes_the_nearest_year():
    assert infer_year(1, 5, date(2022, 1, 7)) == date(2022, 1, 5)
    assert infer_year(12, 30, date(2022, 1, 3)) == date(2021, 12, 30)
