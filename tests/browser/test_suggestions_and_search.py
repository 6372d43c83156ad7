"""Search by meaning and the bulk rejection of machine suggestions, in a real browser, at
desktop width and on a 390 px phone."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from claims.models import ClaimLink, ReviewState
from tests.browser import corpus
from tests.browser.conftest import console_errors, login, wait
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
S = ReviewState


@pytest.fixture(params=WIDTHS)
def sized(request, page):
    page.set_window_size(*WIDTHS[request.param])
    yield page
    page.set_window_size(*WIDTHS["desktop"])


def url(page, path):
    return page.live_server.url + path


def scrolls_sideways(page) -> bool:
    return page.execute_script(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def add_wordings(data):
    """Two more wordings of the claim's idea in the corpus's source: outside, external."""
    text = (
        "Officials said it was outside interference.\n\n"
        "A minister blamed external interference in the affairs of the country."
    )
    source = SourceFactory(text=text, title="Two more wordings")
    found = {}
    for words in ("it was outside interference", "external interference in the affairs"):
        start = text.index(words)
        found[words] = StatementFactory(
            source=source, start=start, end=start + len(words), text=words
        )
    return found


def test_analyst_finds_statements_by_meaning(sized):
    page = sized
    data = corpus.build()
    wordings = add_wordings(data)
    login(page, UserFactory(role="analyst"))
    page.get(url(page, "/search/"))
    page.find_element(By.ID, "search-q").send_keys("foreign interference", Keys.ENTER)
    wait(page, EC.presence_of_element_located((By.ID, "r-statements")))
    section = page.find_element(By.ID, "r-statements").find_element(By.XPATH, "..")
    text = section.text
    assert "attempt at foreign interference" in text
    assert "outside interference" in text
    assert "external interference" in text
    marked = {m.text.lower() for m in section.find_elements(By.TAG_NAME, "mark")}
    assert {"foreign", "outside", "external", "interference"} <= marked
    assert len(wordings) == 2
    # A phrase in quotes means its words as written.
    box = page.find_element(By.ID, "search-q")
    box.clear()
    box.send_keys('"foreign interference"', Keys.ENTER)
    wait(page, EC.url_contains("%22foreign"))
    wait(page, lambda p: "outside" not in p.find_element(By.ID, "search-results").text)
    assert not scrolls_sideways(page)
    assert console_errors(page) == []


def suggestions():
    river, rain = ClaimFactory(slug="river", text="The river will flood"), ClaimFactory(slug="rain")
    return {
        "weak": ClaimLinkFactory(claim=river, score=0.01, reason="Shared words: river"),
        "strong": ClaimLinkFactory(claim=river, score=0.2, reason="Shared words: river, flood"),
        "other": ClaimLinkFactory(claim=rain, score=0.02),
        "proposed": ClaimLinkFactory(claim=river, score=0.01, state=S.PROPOSED),
    }


def state(link):
    return ClaimLink.objects.get(pk=link.pk).state


def test_reviewer_rejects_weak_suggestions_then_a_claims_rest(sized):
    page = sized
    links = suggestions()
    login(page, UserFactory(role="reviewer"))
    page.get(url(page, "/review/suggestions/"))
    assert "Shared words: river" in page.find_element(By.TAG_NAME, "main").text
    assert not scrolls_sideways(page)

    page.find_element(By.ID, "id_below").send_keys("0.05")
    page.find_element(By.XPATH, "//button[normalize-space()='Reject below this score']").click()
    wait(page, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "Rejected 2 suggestions"))
    assert [state(links[k]) for k in ("weak", "strong", "other", "proposed")] == [
        S.REJECTED, S.SUGGESTED, S.REJECTED, S.PROPOSED,
    ]  # fmt: skip

    page.find_element(By.XPATH, "//button[normalize-space()='Reject all 1 for this claim']").click()
    wait(page, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "Rejected 1 suggestion for"))
    assert state(links["strong"]) == S.REJECTED
    assert "No machine suggestions are waiting." in page.find_element(By.TAG_NAME, "main").text
    assert not scrolls_sideways(page)
    assert console_errors(page) == []


def test_an_analyst_is_refused_the_suggestions_page(page):
    links = suggestions()
    login(page, UserFactory(role="analyst"))
    page.get(url(page, "/review/suggestions/"))
    assert "Reject below this score" not in page.page_source
    assert state(links["weak"]) == S.SUGGESTED
