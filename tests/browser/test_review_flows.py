"""Review and annotation in a real browser (issue #19): the reader stays current after each
write, the review queue works like a labelling tool, the annotation form helps."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from claims.models import ReviewState, Statement
from tests.browser import corpus
from tests.browser.conftest import console_errors, login, wait
from tests.browser.test_flows import open_statement, url, wait_panel
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(db):
    return corpus.build()


def counts(page):
    return page.find_element(By.ID, "reader-counts").text


def test_the_readers_counts_and_list_change_after_a_decision_without_a_reload(page, data):
    login(page, UserFactory(role="reviewer"))
    page.get(url(page, data["source"].get_absolute_url()))
    assert counts(page) == "2 statements: 2 suggested"
    page.execute_script("window.notReloaded = true;")
    open_statement(page, data["quote"])
    page.find_element(By.CSS_SELECTOR, '#panel [data-key="a"]').click()
    wait_panel(page, "Now accepted.")
    wait(page, EC.text_to_be_present_in_element((By.ID, "reader-counts"), "1 accepted"))
    assert counts(page) == "2 statements: 1 suggested, 1 accepted"
    badges = page.find_elements(By.CSS_SELECTOR, "#statement-index .badge.state-accepted")
    assert len(badges) == 1
    assert page.execute_script("return window.notReloaded === true;")
    open_statement(page, data["backing"])
    page.find_element(By.CSS_SELECTOR, '#panel [data-key="r"]').click()
    wait(page, EC.text_to_be_present_in_element((By.ID, "reader-counts"), "1 rejected"))
    assert counts(page) == "2 statements: 1 accepted, 1 rejected"
    assert page.execute_script("return window.notReloaded === true;")
    assert Statement.objects.filter(state=ReviewState.REJECTED).count() == 1
    assert console_errors(page) == []
