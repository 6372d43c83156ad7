"""Every page on a phone (390 px wide) and on a desktop: no sideways scrolling, a header of one
row, filters folded away, the claim page's graph as a list, the admin link for staff only."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from claims.models import ClaimLink, ReviewState
from jobs.models import Job
from monitoring.models import Watch
from tests.browser import corpus
from tests.browser.conftest import login, wait
from tests.factories import SourceFactory, StatementFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
LONG_ADDRESS = "https://example.org/" + "a-very-long-path-segment-" * 8


@pytest.fixture
def phone(page):
    """The session's browser emulating a 390 px phone (headless Chromium's windows are at least
    500 px wide); back to the desktop window afterwards."""
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    yield page
    page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture
def data(db):
    found = corpus.build()
    reviewer = UserFactory(username="reviewer", role="reviewer")
    # What makes pages wide: a long unbroken title and address, a job, a watch, a decision.
    long = SourceFactory(
        outlet=found["source"].outlet, title=LONG_ADDRESS, url=LONG_ADDRESS, language="en"
    )
    StatementFactory(source=long, cited=LONG_ADDRESS)
    found["job"] = Job.objects.create(
        kind=Job.Kind.INGEST, parameters={"paths": [LONG_ADDRESS]}, created_by=reviewer
    )
    Watch.objects.create(user=reviewer, kind=Watch.Kind.CLAIM, claim=found["claim"])
    ClaimLink.objects.filter(statement=found["quote"]).update(state=ReviewState.ACCEPTED)
    found["reviewer"] = reviewer
    return found


PAGES = {
    "home": lambda d: "/",
    "claims list": lambda d: "/claims/",
    "claim": lambda d: d["claim"].get_absolute_url(),
    "sources list": lambda d: "/sources/",
    "source reader": lambda d: d["source"].get_absolute_url(),
    "reader with a panel": lambda d: f"{d['source'].get_absolute_url()}?statement={d['quote'].pk}",
    "upload": lambda d: "/sources/new/",
    "speakers list": lambda d: "/speakers/",
    "speaker": lambda d: d["quote"].speaker.get_absolute_url(),
    "outlets list": lambda d: "/outlets/",
    "outlet": lambda d: d["source"].outlet.get_absolute_url(),
    "statement": lambda d: d["quote"].get_absolute_url(),
    "statements list": lambda d: "/statements/",
    "search": lambda d: "/search/?q=foreign+interference",
    "review queue": lambda d: "/review/",
    "review item": lambda d: f"/review/statement/{d['backing'].pk}/",
    "review progress": lambda d: "/review/progress/",
    "review suggestions": lambda d: "/review/suggestions/",
    "jobs": lambda d: "/jobs/",
    "job": lambda d: f"/jobs/{d['job'].pk}/",
    "inbox": lambda d: "/inbox/",
    "watches": lambda d: "/watches/",
    "account": lambda d: "/accounts/",
    "password change": lambda d: "/accounts/password_change/",
    "not found": lambda d: "/no-such-page/",
}


def scroll_width(page) -> int:
    return page.execute_script("return document.scrollingElement.scrollWidth")


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_page_scrolls_sideways_on_a_phone(phone, data, path):
    login(phone, data["reviewer"])
    phone.get(phone.live_server.url + path(data))
    assert phone.execute_script("return document.documentElement.clientWidth") == PHONE
    assert scroll_width(phone) <= PHONE, phone.current_url
    # One row: the brand and the menu button (the password change page is the admin's own).
    for header in phone.find_elements(By.CSS_SELECTOR, ".site-header"):
        assert header.size["height"] < 80


def test_the_login_page_fits_a_phone(phone, data):
    phone.get(phone.live_server.url + "/accounts/login/")
    assert scroll_width(phone) <= PHONE


def test_on_a_phone_the_header_menu_folds_and_opens(phone, data):
    login(phone, data["reviewer"])
    phone.get(phone.live_server.url + "/")
    claims_link = phone.find_element(By.CSS_SELECTOR, '.site-nav a[href="/claims/"]')
    assert not claims_link.is_displayed()
    phone.find_element(By.CSS_SELECTOR, ".nav-menu > summary").click()
    assert claims_link.is_displayed()
    assert phone.find_element(By.ID, "site-search-q").is_displayed()
    claims_link.click()
    assert phone.current_url.endswith("/claims/")


def test_on_a_desktop_the_header_is_one_row_with_every_link(page, data):
    login(page, data["reviewer"])
    page.get(page.live_server.url + "/")
    assert page.find_element(By.CSS_SELECTOR, ".site-header").size["height"] < 80
    for name in ("Claims", "Sources", "Speakers", "Outlets", "Review", "Jobs"):
        assert page.find_element(By.LINK_TEXT, name).is_displayed()
    assert not page.find_element(By.CSS_SELECTOR, ".nav-menu > summary").is_displayed()
    assert page.find_elements(By.LINK_TEXT, "Admin") == []  # a reviewer is not staff


def test_an_admin_finds_the_admin_from_the_header(page, data):
    login(page, UserFactory(role="admin", is_staff=True))
    page.get(page.live_server.url + "/")
    page.find_element(By.LINK_TEXT, "Admin").click()
    assert page.current_url.endswith("/admin/")


def test_filters_fold_away_on_a_phone_and_stay_open_on_a_desktop(page, data):
    login(page, data["reviewer"])
    for path in ("/claims/", "/sources/"):
        page.get(page.live_server.url + path)
        assert page.find_element(By.CSS_SELECTOR, ".fold select").is_displayed(), path
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        for path in ("/claims/", "/sources/"):
            page.get(page.live_server.url + path)
            first_result = page.find_element(By.CSS_SELECTOR, "main .list > li")
            assert not page.find_element(By.CSS_SELECTOR, ".fold select").is_displayed(), path
            assert first_result.location["y"] < 600, path  # results above the fold
            page.find_element(By.CSS_SELECTOR, ".fold > summary").click()
            assert page.find_element(By.CSS_SELECTOR, ".fold select").is_displayed(), path
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_claim_graph_is_a_readable_list_on_a_phone_and_a_drawing_on_a_desktop(page, data):
    login(page, data["reviewer"])
    page.get(page.live_server.url + data["claim"].get_absolute_url())
    assert page.find_element(By.CSS_SELECTOR, ".graph-svg").is_displayed()
    assert not page.find_element(By.CSS_SELECTOR, ".graph-stack").is_displayed()
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        page.get(page.live_server.url + data["claim"].get_absolute_url())
        assert not page.find_element(By.CSS_SELECTOR, ".graph-svg").is_displayed()
        stack = page.find_element(By.CSS_SELECTOR, ".graph-stack")
        assert stack.is_displayed()
        assert "Alexander Lukashenko" in stack.text
        size = page.execute_script(
            "return parseFloat(getComputedStyle(arguments[0]).fontSize)",
            stack.find_element(By.CSS_SELECTOR, "li"),
        )
        assert size >= 14
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_readers_sheet_on_a_phone_leaves_the_text_readable_and_names_no_keys(phone, data):
    login(phone, UserFactory(role="annotator"))
    phone.get(phone.live_server.url + data["source"].get_absolute_url())
    sheet = phone.find_element(By.CSS_SELECTOR, ".reader-side")
    assert sheet.size["height"] < 844 * 0.2  # nothing open: one line
    assert "press j" not in sheet.text.lower()
    assert "keyboard shortcuts" not in phone.find_element(By.TAG_NAME, "main").text.lower()
    phone.find_element(By.ID, f"s-{data['quote'].pk}").click()
    opened = f'#panel [data-panel-statement="{data["quote"].pk}"]'
    wait(phone, EC.presence_of_element_located((By.CSS_SELECTOR, opened)))
    assert sheet.size["height"] <= 844 * 0.45 + 1  # open: under half the screen


def test_on_a_phone_a_statement_brought_into_view_lands_above_the_sheet(phone, data):
    filler = "The weather was calm and nothing else happened that day in the capital.\n\n" * 30
    words = (  # several lines on a phone
        "Outside forces were behind the unrest, and they planned every step of it from abroad "
        "for months before it began, paying the organisers and training the crowds that came"
    )
    text = f"Report\n\n{filler}\u201c{words},\u201d the minister said.\n\n{filler}"
    source = SourceFactory(text=text, title="Report")
    start = text.index(words)
    statement = StatementFactory(source=source, start=start, end=start + len(words), text=words)
    login(phone, UserFactory(role="annotator"))
    phone.get(f"{phone.live_server.url}{source.get_absolute_url()}?statement={statement.pk}")
    opened = f'#panel [data-panel-statement="{statement.pk}"]'
    wait(phone, EC.presence_of_element_located((By.CSS_SELECTOR, opened)))
    highlight = phone.find_element(By.ID, f"s-{statement.pk}")
    sheet = phone.find_element(By.CSS_SELECTOR, ".reader-side")
    # As the reader's keys and links do: the statement scrolled to the middle of the screen.
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", highlight)
    bottom, sheet_top = phone.execute_script(
        "return [arguments[0].getBoundingClientRect().bottom,"
        " arguments[1].getBoundingClientRect().top]",
        highlight,
        sheet,
    )
    assert bottom <= sheet_top
