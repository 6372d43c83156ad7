"""The review pages as a reviewer sees them, in Chromium at desktop width and at 390 px: the
way from the queue to the waiting suggestions, one machine badge, the sentence once on the
item page, keyboard hints only where there is a keyboard, the header's search box readable
beside the Inbox badge, number fields like the others, nothing scrolling sideways."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from claims.models import ClaimLink, ReviewState
from tests.browser import corpus
from tests.browser.conftest import login, wait
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


@pytest.fixture
def data(db):
    found = corpus.build()
    found["link"] = ClaimLink.objects.create(
        statement=found["backing"], claim=found["claim"], state=ReviewState.SUGGESTED, score=0.2
    )
    found["reviewer"] = UserFactory(username="reviewer", role="reviewer")
    return found


@pytest.fixture
def phone(page):
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    yield page
    page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_as_reviewer(page, data, path):
    login(page, data["reviewer"])
    page.get(page.live_server.url + path)


def item_path(data):
    return f"/review/statement/{data['backing'].pk}/"


def visible_text(page) -> str:
    return page.find_element(By.TAG_NAME, "main").text


def test_the_queue_leads_to_the_suggestions_waiting(page, data):
    open_as_reviewer(page, data, "/review/")
    page.find_element(By.LINK_TEXT, "Suggested claim links (1 waiting)").click()
    assert page.current_url.endswith("/review/suggestions/")
    assert corpus.CLAIM_TEXT in visible_text(page)
    assert "the organisers had foreign backing" in visible_text(page)


def test_a_machine_suggestion_wears_one_machine_badge(page, data):
    open_as_reviewer(page, data, "/review/")
    row = page.find_element(By.ID, f"review-statement-{data['backing'].pk}")
    badges = [badge.text for badge in row.find_elements(By.CSS_SELECTOR, ".badge")]
    assert badges == ["Suggested by the machine"]


def test_the_readers_panel_names_the_machine_once(page, data):
    source = data["source"].get_absolute_url()
    open_as_reviewer(page, data, f"{source}?statement={data['backing'].pk}")
    panel = wait(
        page, EC.visibility_of_element_located((By.CSS_SELECTOR, "#panel [data-panel-statement]"))
    )
    assert "Suggested by the machine" in panel.text
    assert "machine suggestion" not in panel.text


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_item_page_shows_the_sentence_once(request, page, data, width):
    page = request.getfixturevalue("phone") if width == "phone" else page
    open_as_reviewer(page, data, item_path(data))
    words = data["backing"].text
    sentences = [s for s in page.find_elements(By.CSS_SELECTOR, ".in-sentence") if s.is_displayed()]
    assert len(sentences) == 1
    assert words in sentences[0].text
    assert visible_text(page).count(words) == 1


def test_keyboard_hints_show_on_a_desktop(page, data):
    open_as_reviewer(page, data, "/review/")
    assert "Keys: j/k next/previous" in visible_text(page)
    accept = page.find_element(By.CSS_SELECTOR, "button.decision-accept")
    assert accept.find_element(By.TAG_NAME, "kbd").is_displayed()


@pytest.mark.parametrize("path", ["/review/", "item"])
def test_a_phone_is_told_no_keys(phone, data, path):
    open_as_reviewer(phone, data, item_path(data) if path == "item" else path)
    text = visible_text(phone)
    assert "Keys:" not in text
    assert "press j" not in text.lower()
    assert not any(kbd.is_displayed() for kbd in phone.find_elements(By.CSS_SELECTOR, "kbd"))


def test_the_header_search_shows_its_whole_placeholder_beside_the_inbox_badge(page, data):
    open_as_reviewer(page, data, "/review/")
    wait(page, EC.visibility_of_element_located((By.ID, "inbox-count")))
    box = page.find_element(By.ID, "site-search-q")
    assert box.get_attribute("placeholder") == "Search everything"
    # The placeholder's width in the box's font against the room inside the box, less the
    # clear button Chromium keeps room for in a search field.
    text_width, room = page.execute_script(
        """const box = arguments[0], style = getComputedStyle(box);
           const context = document.createElement("canvas").getContext("2d");
           context.font = style.font;
           return [context.measureText(box.placeholder).width,
                   box.clientWidth - parseFloat(style.paddingLeft)
                     - parseFloat(style.paddingRight) - 16];""",
        box,
    )
    assert text_width <= room
    assert page.find_element(By.CSS_SELECTOR, ".site-header").size["height"] < 80  # one row


STYLE = ("borderTopWidth", "borderTopColor", "borderRadius", "paddingTop", "fontSize")


def styles(page, element) -> dict:
    return page.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return Object.fromEntries(arguments[1].map(k => [k, s[k]]));",
        element,
        list(STYLE),
    )


def test_number_fields_look_like_the_other_fields(page, data):
    open_as_reviewer(page, data, "/review/?kind=statement")  # the filters open
    text_field = styles(page, page.find_element(By.ID, "id_source"))
    assert styles(page, page.find_element(By.ID, "id_min_score")) == text_field
    assert styles(page, page.find_element(By.ID, "id_older_than_days")) == text_field
    page.get(page.live_server.url + "/review/suggestions/")
    assert styles(page, page.find_element(By.ID, "id_below")) == text_field


@pytest.mark.parametrize("path", ["/review/", "item", "/review/suggestions/"])
def test_the_review_pages_fit_a_phone(phone, data, path):
    open_as_reviewer(phone, data, item_path(data) if path == "item" else path)
    assert phone.execute_script("return document.documentElement.clientWidth") == PHONE
    assert phone.execute_script("return document.scrollingElement.scrollWidth") <= PHONE
    assert data["backing"].text in visible_text(phone)
