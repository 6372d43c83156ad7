"""A Russian source in a real browser: in the reader, and on an English claim's page."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from claims.models import ClaimLink, ReviewState, Speaker, Statement
from tests.browser import corpus
from tests.browser.conftest import console_errors, login, wait
from tests.factories import OutletFactory, SourceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Токаев: беспорядки были организованы извне\n\n"
    "АСТАНА, 10 января. Президент Казахстана Касым-Жомарт Токаев заявил, что беспорядки в "
    "стране были организованы и координировались из-за рубежа.\n"
)
CONTENT = "беспорядки в стране были организованы и координировались из-за рубежа"


@pytest.fixture
def data(db):
    english = corpus.build()
    source = SourceFactory(
        outlet=OutletFactory(name="Claimtrail samples (ru)", domain=""),
        title=TEXT.split("\n")[0],
        text=TEXT,
        language="ru",
    )
    tokayev = Speaker.objects.create(name="Kassym-Jomart Tokayev")
    start = TEXT.index(CONTENT)
    statement = Statement.objects.create(
        source=source,
        start=start,
        end=start + len(CONTENT),
        text=CONTENT,
        kind=Statement.Kind.INDIRECT,
        cue="заявил",
        speaker=tokayev,
        speaker_mention="Президент Казахстана Касым-Жомарт Токаев",
        state=ReviewState.SUGGESTED,
    )
    ClaimLink.objects.create(
        statement=statement, claim=english["claim"], state=ReviewState.SUGGESTED
    )
    return {**english, "source": source, "statement": statement}


def test_the_reader_shows_a_russian_source_its_language_and_its_statement(page, data):
    login(page, UserFactory(role="analyst"))
    page.get(page.live_server.url + data["source"].get_absolute_url())
    article = page.find_element(By.ID, "reader-text")
    assert article.get_attribute("lang") == "ru"
    assert "Russian (ru)" in page.find_element(By.CSS_SELECTOR, ".page-head .meta").text
    span = page.find_element(By.ID, f"s-{data['statement'].pk}")
    assert span.text in CONTENT
    span.click()
    wait(page, EC.text_to_be_present_in_element((By.ID, "panel"), "Kassym-Jomart Tokayev"))
    assert console_errors(page) == []


def test_the_claim_page_mixes_english_and_russian_statements(page, data):
    login(page, UserFactory(role="analyst"))
    page.get(page.live_server.url + data["claim"].get_absolute_url())
    card = page.find_element(By.ID, f"card-{data['statement'].pk}")
    assert CONTENT in card.text
    assert "Kassym-Jomart Tokayev" in card.text
    assert "(Президент Казахстана Касым-Жомарт Токаев)" in card.text
    assert "Russian" in card.text
    assert card.find_element(By.CLASS_NAME, "context").get_attribute("lang") == "ru"
    english = page.find_element(By.ID, f"card-{data['quote'].pk}")
    assert "English" in english.text
    timeline = page.find_element(By.CLASS_NAME, "timeline").text
    assert "Kassym-Jomart Tokayev" in timeline
    assert "Alexander Lukashenko" in timeline
    assert console_errors(page) == []
