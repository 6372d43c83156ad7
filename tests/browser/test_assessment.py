"""A claim's assessment in a real browser, at desktop width and at 390 px: an annotator
proposes it, a reviewer accepts it, an analyst reads it; the ClaimReview then carries it."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from claims.models import Assessment, ReviewState
from tests.browser import corpus
from tests.browser.conftest import console_errors, login, wait
from tests.factories import UserFactory, rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": None, "phone": 390}


@pytest.fixture(params=list(WIDTHS))
def width(request, page):
    """Desktop as the browser opens, or a 390 px phone viewport (emulated, touch and all)."""
    if WIDTHS[request.param]:
        page.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
        )
    yield request.param
    page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def section_text(page) -> str:
    return page.find_element(By.ID, "assessment").text


def assert_fits(page):
    """The assessment is inside the viewport: nothing in it makes the page scroll sideways."""
    right, viewport = page.execute_script(
        "const s = document.getElementById('assessment');"
        "const widest = Math.max(...[s, ...s.querySelectorAll('*')]"
        "  .map(e => e.getBoundingClientRect().right));"
        "return [widest, document.documentElement.clientWidth];"
    )
    assert right <= viewport + 0.5, (right, viewport)


def test_an_assessment_proposed_accepted_and_read(page, width):
    data = corpus.build()
    claim = data["claim"]
    rating("Misleading")  # the default scale (a transactional test starts without it)
    claim_url = page.live_server.url + claim.get_absolute_url()

    # The annotator proposes it from the claim page.
    login(page, UserFactory(username="ann", role="annotator"))
    page.get(claim_url)
    expected = WIDTHS[width] or 1280
    assert abs(page.execute_script("return window.innerWidth") - expected) < 20
    assert "No published assessment yet." in section_text(page)
    page.find_element(By.CSS_SELECTOR, "#assessment details.assessment-form summary").click()
    Select(page.find_element(By.ID, "id_assessment-rating")).select_by_visible_text("Misleading")
    page.find_element(By.ID, "id_assessment-summary").send_keys(
        "No evidence of foreign organisers was ever shown."
    )
    page.find_element(By.ID, "id_assessment-note").send_keys(
        "The authorities named no foreign group; arrests were of local residents."
    )
    page.find_element(By.ID, "id_assessment-sources").send_keys(
        "https://factcheck.example/kazakhstan-unrest Fact check of the unrest claims"
    )
    assert_fits(page)
    page.find_element(By.CSS_SELECTOR, "#assessment form button[type=submit]").click()
    wait(page, EC.text_to_be_present_in_element((By.ID, "assessment"), "Awaiting review"))
    assert "Proposed: a reviewer will accept it or send it back." in section_text(page)
    assert page.find_elements(By.CSS_SELECTOR, "#assessment .decision-accepted") == []
    proposal = Assessment.objects.get()
    assert (proposal.state, proposal.rating.label) == (ReviewState.PROPOSED, "Misleading")

    # The reviewer accepts it, on the same page.
    page.delete_all_cookies()
    login(page, UserFactory(username="rev", role="reviewer"))
    page.get(claim_url)
    accept = page.find_element(By.CSS_SELECTOR, "#assessment button.decision-accepted")
    assert accept.text == "Accept"
    reject = page.find_element(By.CSS_SELECTOR, "#assessment button.decision-rejected")
    assert accept.value_of_css_property("background-color") != reject.value_of_css_property(
        "background-color"
    )
    assert_fits(page)
    accept.click()
    wait(page, EC.text_to_be_present_in_element((By.ID, "assessment"), "now published"))
    assert Assessment.objects.get().state == ReviewState.ACCEPTED

    # The analyst reads it: verdict, summary, note, its source, author and date; no form.
    page.delete_all_cookies()
    login(page, UserFactory(username="ana", role="analyst"))
    page.get(claim_url)
    text = section_text(page)
    assert "Misleading" in text
    assert "No evidence of foreign organisers was ever shown." in text
    assert "arrests were of local residents" in text
    assert "By ann · published" in text
    link = page.find_element(By.LINK_TEXT, "Fact check of the unrest claims")
    assert link.get_attribute("href") == "https://factcheck.example/kazakhstan-unrest"
    # An analyst may propose a change (folded away), never decide one.
    assert page.find_elements(By.CSS_SELECTOR, "#assessment form.review-actions") == []
    assert_fits(page)
    assert console_errors(page) == []
