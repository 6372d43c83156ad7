"""Finding things and reading a claim, in a real browser at desktop width and on a 390 px
phone: the home tiles, the speakers and outlets lists, the sources filters, the upload link,
the claim page's timeline, first dates and exports."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from tests.browser import corpus
from tests.browser.conftest import login, wait
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["desktop", "phone"])
def screen(request, page):
    """The browser at 1280 px, or emulating a 390 px phone."""
    if request.param == "phone":
        page.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
        )
    yield page
    if request.param == "phone":
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture
def data(db):
    return corpus.build()


def go(page, path):
    page.get(page.live_server.url + path)


def open_filters(page):
    """On a phone the filters are folded: open them (on a desktop they are open)."""
    fold = page.find_element(By.CSS_SELECTOR, "details.fold")
    if not fold.get_attribute("open"):
        fold.find_element(By.TAG_NAME, "summary").click()


def test_from_a_home_tile_to_a_speaker_found_by_alias(screen, data):
    login(screen, UserFactory(role="analyst"))
    go(screen, "/")
    screen.find_element(By.CSS_SELECTOR, 'a.stat[href="/speakers/"]').click()
    box = wait(screen, EC.visibility_of_element_located((By.ID, "list-q")))
    box.send_keys("lukashenka\n")
    wait(screen, EC.url_contains("q=lukashenka"))
    rows = screen.find_elements(By.CSS_SELECTOR, ".speaker-row")
    assert len(rows) == 1
    assert "2 statements · 1 claim" in rows[0].text
    rows[0].find_element(By.TAG_NAME, "a").click()
    wait(screen, EC.url_contains("/speakers/alexander-lukashenko/"))


def test_from_an_outlet_in_the_list_to_its_sources_filtered(screen, data):
    login(screen, UserFactory(role="analyst"))
    go(screen, "/")
    screen.find_element(By.CSS_SELECTOR, 'a.stat[href="/outlets/"]').click()
    row = wait(screen, EC.visibility_of_element_located((By.CSS_SELECTOR, ".outlet-row")))
    assert "BelTA" in row.text  # most statements first
    assert "1 source · 2 statements" in row.text
    row.find_element(By.PARTIAL_LINK_TEXT, "1 source").click()
    wait(screen, EC.url_contains("/sources/?outlet=belta"))
    assert "1 source (filtered)" in screen.find_element(By.CSS_SELECTOR, ".result-count").text


def test_sources_filtered_by_language_and_the_upload_page_linked(screen, data):
    login(screen, UserFactory(role="annotator"))
    go(screen, "/sources/")
    assert "2 sources" in screen.find_element(By.CSS_SELECTOR, ".result-count").text
    open_filters(screen)
    Select(screen.find_element(By.ID, "id_language")).select_by_visible_text("Russian")
    screen.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    wait(screen, EC.url_contains("language=ru"))
    assert "1 source (filtered)" in screen.find_element(By.CSS_SELECTOR, ".result-count").text
    assert len(screen.find_elements(By.CSS_SELECTOR, ".source-item")) == 1
    screen.find_element(By.LINK_TEXT, "Add a source").click()
    wait(screen, EC.url_contains("/sources/new/"))


def test_the_claim_page_shows_words_dates_and_exports_that_open(screen, data):
    login(screen, UserFactory(role="analyst"))
    go(screen, data["claim"].get_absolute_url())
    entry = screen.find_element(By.CSS_SELECTOR, ".timeline li")
    assert "What happened in Kazakhstan is an attempt at foreign interference" in entry.text
    assert "undated" not in screen.find_element(By.CSS_SELECTOR, ".timeline").text
    firsts = screen.find_element(By.CSS_SELECTOR, ".firsts").text
    assert "FIRST SAID" in firsts.upper()
    assert "FIRST PUBLISHED" in firsts.upper()
    assert "7 January 2022 in BelTA" in firsts
    exports = screen.find_element(By.CSS_SELECTOR, ".exports")
    assert [a.text for a in exports.find_elements(By.TAG_NAME, "a")] == [
        "CSV",
        "JSON",
        "ClaimReview",
        "W3C annotations",
    ]
    exports.find_element(By.LINK_TEXT, "JSON").click()
    wait(screen, EC.url_contains("/provenance/"))
    body = json.loads(screen.find_element(By.TAG_NAME, "pre").text)
    assert body["statements"][0]["text"].startswith("What happened in Kazakhstan")
