"""The inbox in a real browser: watch a claim from its page, a new statement arrives, the
header's badge counts it (loaded by htmx), the inbox lists it, marking it read clears it."""

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from claims.models import Claim
from monitoring import notify
from tests.browser.conftest import console_errors, login, wait
from tests.factories import StatementFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def badge(page):
    """The header's count once htmx has loaded it."""

    def loaded(p):
        try:
            return p.find_element(By.ID, "inbox-count").text
        except (NoSuchElementException, StaleElementReferenceException):
            return False  # the page or its badge is still being replaced

    return wait(page, loaded)


def test_watching_a_claim_and_reading_what_arrived(page):
    user = UserFactory(username="ada", role="analyst")
    claim = Claim.objects.create(text="The river will rise")
    login(page, user)
    page.get(page.live_server.url + claim.get_absolute_url())
    page.find_element(By.XPATH, "//button[text()='Watch this claim']").click()
    wait(page, lambda p: "/inbox/" in p.current_url)
    assert badge(page) == "0"

    StatementFactory().claim_links.create(claim=claim)
    notify.notify_new()
    page.get(page.live_server.url + "/claims/")
    assert badge(page) == "1"
    page.find_element(By.ID, "inbox-link").click()
    wait(page, lambda p: "1 unread" in p.page_source)
    assert "two metres before Friday" in page.find_element(By.CSS_SELECTOR, ".inbox").text

    page.find_element(By.XPATH, "//button[text()='Mark all read']").click()
    wait(page, lambda p: "0 unread" in p.page_source)
    assert badge(page) == "0"
    assert console_errors(page) == []


def test_watching_a_search_from_the_watches_page_and_stopping(page):
    login(page, UserFactory(username="ada", role="analyst"))
    page.get(page.live_server.url + "/watches/")
    assert "You watch nothing yet." in page.page_source
    Select(page.find_element(By.NAME, "kind")).select_by_value("search")
    page.find_element(By.NAME, "query").send_keys("two metres")
    page.find_element(By.XPATH, "//button[text()='Watch']").click()
    wait(page, lambda p: "\u201ctwo metres\u201d" in p.page_source)
    atom = page.find_element(By.LINK_TEXT, "feed").get_attribute("href")
    assert "/watches/atom/" in atom
    page.find_element(By.XPATH, "//button[text()='Stop watching']").click()
    wait(page, lambda p: "You watch nothing yet." in p.page_source)
    assert console_errors(page) == []
