"""split_sections on the sample corpus and on page layouts from other sites."""

import itertools

import pytest

from sources.sectioning import split_sections

from .conftest import GOLD, SAMPLE_DIR


def sample(stem: str) -> str:
    return next(SAMPLE_DIR.glob(f"{stem}_*.txt")).read_text(encoding="utf-8")


def texts(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sections(text) if s.kind == kind]


def body(text: str) -> str:
    return "".join(texts(text, "body"))


@pytest.mark.parametrize("path", sorted(SAMPLE_DIR.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_sections_cover_the_text_contiguously(path):
    text = path.read_text(encoding="utf-8")
    sections = split_sections(text)
    assert sections[0].start == 0
    assert sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(sections))
    assert all(s.start < s.end for s in sections)


def test_two_articles_in_one_file_each_start_a_body_part_with_its_headline():
    parts = [s for s in split_sections(sample("000")) if s.kind == "body"]
    assert [part.heading for part in parts] == [
        "Lukashenko: Analysis of the events in Kazakhstan shows presence of external factor",
        "Lukashenko describes events in Kazakhstan events as \u2018attempt at foreign interference\u2019",
    ]


def test_rbc_footer_and_video_label_are_not_body():
    text = sample("001")
    assert "Subscribe to Instagram RBC" not in body(text)
    assert "Источник rbc.ru" not in body(text)
    assert "Leave a Reply" not in body(text)
    assert "\nVideo\n" not in body(text)
    assert "about 164 dead" in body(text)


def test_military_review_comments_are_comments_not_body():
    text = sample("003")
    comments = "".join(texts(text, "comments"))
    assert comments.lstrip().startswith("1. kriten Offline kriten")
    assert comments.rstrip().endswith("for the 'whites' ??")
    assert "Offline" not in body(text)
    assert "Dear reader" not in body(text)
    assert (
        body(text).rstrip().endswith("difficult for 81-year-old Nazarbayev to acclimatize there.")
    )


def test_blog_related_headlines_and_comment_form_are_boilerplate():
    text = sample("002")
    assert "Kremlin: Lukashenko and Pashinyan" not in body(text)
    assert "No comments:" not in body(text)
    assert "Foreign Interference?" in body(text)  # a subheading inside the article stays


def test_opinion_footer_is_boilerplate():
    text = sample("004")
    assert "Similar Posts" not in body(text)
    assert "Your email address will not be published" not in body(text)
    assert body(text).rstrip().endswith("By Vladimir Platov")


def test_gold_statements_lie_in_body_text():
    # The one exception: 002's gold lists a related-article link ("Kazakh Protests Show
    # Pattern of …, Ex-Diplomat Says"); on the page it is a link to another article.
    outside = []
    for statement in GOLD:
        sections = split_sections(sample(statement["doc"][:3]))
        kinds = {s.kind for s in sections if s.start <= statement["start"] < s.end}
        if kinds != {"body"}:
            outside.append((statement["doc"][:3], statement["text"][:30]))
    assert outside == [("002", "Kazakh Protests Show Pattern o")]


WORDPRESS_PAGE = """Mayor promises new bridge by 2025

The mayor said on Monday that the new bridge will open in 2025, and that the city has found the money for it.

"We will not wait any longer," she told reporters at the town hall.

3 thoughts on “Mayor promises new bridge by 2025”

John Smith
January 9, 2022 at 10:15 am
I will believe it when I see it.
Reply

Anna K.
January 9, 2022 at 11:02 am
Finally some good news.
Reply

Leave a Reply
Your email address will not be published. Required fields are marked *
"""


def test_wordpress_comment_thread_after_its_header_is_comments():
    comments = "".join(texts(WORDPRESS_PAGE, "comments"))
    assert "I will believe it when I see it." in comments
    assert "Finally some good news." in comments
    assert "thoughts on" not in body(WORDPRESS_PAGE)
    assert body(WORDPRESS_PAGE).rstrip().endswith("she told reporters at the town hall.")


def test_comment_headers_without_a_thread_header_start_the_comments():
    text = (
        "Minister resigns\n\nThe minister resigned on Friday after a week of protests, "
        "the government said in a statement.\n\n"
        "petrov Offline petrov\npetrov (Ivan) 8 January 2022 10: 28\nAbout time.\n"
        "sidorov Offline sidorov\nsidorov 8 January 2022 11: 02\nQuote: petrov\nAgreed.\n"
    )
    comments = "".join(texts(text, "comments"))
    assert comments.startswith("petrov Offline petrov")
    assert "Quote: petrov" in comments


def test_dateline_at_the_top_is_not_a_comment_thread():
    text = (
        "8 January 2022 10:28\n\nPresident says the unrest was organised from abroad\n\n"
        "The president said on Saturday that the unrest had been organised from abroad, "
        "and promised to name those responsible.\n"
    )
    assert [s.kind for s in split_sections(text)] == ["body"]


def test_headlines_after_a_related_header_are_boilerplate_even_mid_page():
    text = (
        "Floods hit the north\n\nHeavy rain flooded three towns in the north on Sunday, "
        "the emergency services said, and more rain is expected.\n\n"
        "Read also:\nDrought warning lifted in the south\nFarmers count the cost of the storm\n\n"
        "Rescue teams worked through the night to reach villages cut off by the water, "
        "the regional governor said on Monday.\n"
    )
    assert "Drought warning" not in body(text)
    assert "Rescue teams worked through the night" in body(text)


def test_html_extracted_text_with_single_newlines_is_sectioned_too():
    text = (
        "The minister said the budget would be balanced by next year, despite the war.\n"
        "Critics said the plan relied on optimistic growth forecasts.\n"
        "Subscribe to our newsletter\n"
        "Share this article"
    )
    assert body(text) == (
        "The minister said the budget would be balanced by next year, despite the war.\n"
        "Critics said the plan relied on optimistic growth forecasts.\n"
    )


def test_empty_text_has_no_sections():
    assert split_sections("") == []


def test_a_short_list_ending_the_article_stays_body():
    text = (
        "Unrest in numbers\n\nThe authorities published their figures on Sunday, a week "
        "after the unrest began, and said they were final:\n\n"
        "- 164 dead\n- 9,900 detained\n- 494 criminal cases\n"
    )
    assert [s.kind for s in split_sections(text)] == ["body"]


def test_live_blog_timestamps_are_not_a_comment_thread():
    text = (
        "Live: unrest in Kazakhstan\n\nWe are following the protests in Kazakhstan as they "
        "unfold; the latest updates are at the top of the page.\n\n"
        "8 January 2022, 10:28\nProtesters stormed the akimat building in Almaty.\n\n"
        "8 January 2022, 09:15\nThe internet was cut off across the country, operators said.\n"
    )
    assert [s.kind for s in split_sections(text)] == ["body"]
