"""The real flows in a real browser: what analysts and annotators do, and what they then see."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from claims import review
from claims.models import ClaimLink, ReviewState, Speaker, Statement
from claims.views import CARDS_PAGE_SIZE
from tests.browser import corpus
from tests.browser.conftest import console_errors, login, wait
from tests.factories import ClaimLinkFactory, SourceFactory, StatementFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Selects the first occurrence of ``words`` in the reader's text, as a user's drag would: a DOM
# Range over the text nodes (found by their characters, not by the page's own offset code),
# then the mouseup that ends a drag.
SELECT = """
const words = arguments[0];
const article = document.getElementById("reader-text");
const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
const nodes = []; let all = "";
while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
const at = all.indexOf(words);
if (at < 0) throw new Error("not in the page: " + words);
function point(i) {
  for (let n = nodes.length - 1; n >= 0; n--) if (nodes[n][1] <= i) return [nodes[n][0], i - nodes[n][1]];
}
const range = document.createRange();
range.setStart(...point(at));
range.setEnd(...point(at + words.length));
const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
article.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
"""


@pytest.fixture
def data(db):
    return corpus.build()


def url(page, path):
    return page.live_server.url + path


def panel_text(page):
    return page.find_element(By.ID, "panel").text


def wait_panel(page, words):
    wait(page, EC.text_to_be_present_in_element((By.ID, "panel"), words))


def open_statement(page, statement):
    page.find_element(By.ID, f"s-{statement.pk}").click()
    wait(
        page,
        EC.presence_of_element_located(
            (By.CSS_SELECTOR, f'#panel [data-panel-statement="{statement.pk}"]')
        ),
    )


def test_analyst_searches_opens_the_claim_and_follows_a_statement_to_its_span(page, data):
    login(page, UserFactory(role="analyst"))
    page.get(url(page, "/"))
    box = page.find_element(By.ID, "site-search-q")
    box.send_keys("foreign interference", Keys.ENTER)
    wait(page, EC.url_contains("/search/"))
    assert "result" in page.find_element(By.CSS_SELECTOR, ".result-count").text
    marked = page.find_elements(By.CSS_SELECTOR, "#r-statements ~ ul mark")
    assert [m.text.lower() for m in marked][:2] == ["foreign", "interference"]

    page.find_element(By.LINK_TEXT, corpus.CLAIM_TEXT).click()
    assert page.find_element(By.TAG_NAME, "h1").text == corpus.CLAIM_TEXT
    earliest = page.find_element(By.ID, "earliest-heading").find_element(By.XPATH, "..")
    assert "Alexander Lukashenko" in earliest.text
    assert "BelTA" in page.find_element(By.CLASS_NAME, "edge-list").text

    card = page.find_element(By.ID, f"card-{data['quote'].pk}")
    card.find_element(By.CLASS_NAME, "span-link").click()
    wait(page, EC.url_contains(f"#s-{data['quote'].pk}"))
    span = page.find_element(By.ID, f"s-{data['quote'].pk}")
    highlighted = page.find_elements(By.CSS_SELECTOR, "#reader-text .is-target")
    assert "".join(s.text for s in highlighted) == data["quote"].text
    assert "is-target" in span.get_attribute("class")
    assert console_errors(page) == []


def test_analyst_follows_a_late_timeline_entry_to_its_card_on_the_next_page(page, data):
    claim = data["claim"]
    for _ in range(CARDS_PAGE_SIZE):  # undated, so after the corpus' dated statements
        ClaimLinkFactory(claim=claim, statement__source__published_at=None)
    last = claim.links.count()
    login(page, UserFactory(role="analyst"))
    page.get(url(page, claim.get_absolute_url()))
    assert len(page.find_elements(By.CSS_SELECTOR, ".statement-card")) == CARDS_PAGE_SIZE

    entries = page.find_elements(By.CSS_SELECTOR, ".timeline li a")
    assert len(entries) == last
    entries[-1].click()
    wait(page, EC.url_contains("?page=2#card-"))
    target = page.current_url.rsplit("#", 1)[1]
    card = page.find_element(By.ID, target)
    assert card.is_displayed()
    assert len(page.find_elements(By.CSS_SELECTOR, ".statement-card")) == last - CARDS_PAGE_SIZE
    in_view = "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight"
    assert page.execute_script("return scrollY") > 0
    assert page.execute_script(in_view, card)

    page.find_element(By.CSS_SELECTOR, ".pager a[rel=prev]").click()
    wait(page, EC.url_contains("?page=1#statements-heading"))
    assert len(page.find_elements(By.CSS_SELECTOR, ".statement-card")) == CARDS_PAGE_SIZE
    assert console_errors(page) == []


def test_reviewer_accepts_one_suggestion_and_rejects_another(page, data):
    login(page, UserFactory(role="reviewer"))
    page.get(url(page, data["source"].get_absolute_url()))
    open_statement(page, data["quote"])
    page.find_element(By.CSS_SELECTOR, '#panel [data-key="a"]').click()
    wait_panel(page, "Now accepted.")
    assert "state-accepted" in page.find_element(By.ID, f"s-{data['quote'].pk}").get_attribute(
        "class"
    )

    open_statement(page, data["backing"])
    page.find_element(By.CSS_SELECTOR, '#panel [data-key="r"]').click()
    wait_panel(page, "Now rejected.")
    assert "state-rejected" in page.find_element(By.ID, f"s-{data['backing'].pk}").get_attribute(
        "class"
    )
    states = dict(Statement.objects.values_list("pk", "state"))
    assert states[data["quote"].pk] == ReviewState.ACCEPTED
    assert states[data["backing"].pk] == ReviewState.REJECTED
    assert console_errors(page) == []


@pytest.mark.parametrize(
    ("which", "words"),
    [
        ("source", corpus.MISSED),
        ("russian", corpus.RUSSIAN_QUOTE),  # no-break space, Cyrillic, an emoji
        ("russian", corpus.ACROSS),  # across a paragraph break, after an emoji
    ],
)
def test_annotator_selects_a_missed_quote_and_saves_it_at_exactly_that_span(
    page, data, which, words
):
    source = data[which]
    login(page, UserFactory(role="annotator"))
    page.get(url(page, source.get_absolute_url()))
    page.execute_script(SELECT, words)
    form = page.find_element(By.ID, "new-statement")
    wait(page, EC.visibility_of(form))
    start = source.text.index(words)
    assert form.find_element(By.NAME, "start").get_attribute("value") == str(start)
    assert form.find_element(By.NAME, "end").get_attribute("value") == str(start + len(words))
    form.find_element(By.NAME, "speaker_name").send_keys("Sergei Lebedev")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_panel(page, "Statement added.")

    created = Statement.objects.get(source=source, state=ReviewState.PROPOSED)
    assert (created.start, created.end, created.text) == (start, start + len(words), words)
    assert source.text[created.start : created.end] == words
    assert created.speaker.name == "Sergei Lebedev"
    shown = page.find_elements(By.CSS_SELECTOR, f'#reader-text [data-statements~="{created.pk}"]')
    assert "".join(s.get_attribute("textContent") for s in shown) == words
    assert console_errors(page) == []


def test_annotator_fixes_a_span_by_reselecting_and_sets_the_kind(page, data):
    login(page, UserFactory(role="annotator"))
    page.get(url(page, data["source"].get_absolute_url()))
    open_statement(page, data["backing"])
    page.find_element(By.XPATH, "//summary[contains(., 'Fix the span')]").click()
    page.find_element(By.CSS_SELECTOR, "#panel [data-reselect]").click()
    wider = "The head of state said the organisers had foreign backing"
    page.execute_script(SELECT, wider)
    assert page.find_element(By.CSS_SELECTOR, "#panel [data-selection-preview]").text == wider
    page.find_element(By.CSS_SELECTOR, "#panel [data-span-form] button[type=submit]").click()
    wait_panel(page, "Saved the span.")
    backing = Statement.objects.get(pk=data["backing"].pk)
    assert backing.text == wider
    assert backing.start == data["source"].text.index(wider)
    assert not page.find_element(By.ID, "new-statement").is_displayed()

    Select(page.find_element(By.ID, "panel-kind")).select_by_value("mixed")
    page.find_element(By.ID, "panel-kind").find_element(
        By.XPATH, "following-sibling::button"
    ).click()
    wait_panel(page, "Saved the kind.")
    assert "st-mixed" in page.find_element(By.ID, f"s-{backing.pk}").get_attribute("class")


def autocomplete(page, field, words, options):
    """Type ``words`` into the panel's ``field`` and return the first option offered."""
    page.find_element(By.ID, field).send_keys(words)
    return wait(page, EC.element_to_be_clickable((By.CSS_SELECTOR, f"#{options} .option")))


def test_annotator_fixes_a_speaker_by_autocomplete_and_creates_another(page, data):
    login(page, UserFactory(role="annotator"))
    page.get(url(page, data["source"].get_absolute_url()))
    open_statement(page, data["backing"])
    option = autocomplete(page, "panel-speaker", "Lebed", "speaker-options")
    assert option.text.startswith("Sergei Lebedev")
    option.click()
    wait_panel(page, "Saved the speaker.")
    assert "Sergei Lebedev" in panel_text(page)
    assert Statement.objects.get(pk=data["backing"].pk).speaker.name == "Sergei Lebedev"

    box = page.find_element(By.ID, "panel-speaker")
    box.send_keys("Kassym-Jomart Tokayev", Keys.ENTER)  # a name nobody has: not created
    wait_panel(page, "No speaker is called “Kassym-Jomart Tokayev”")
    assert not Speaker.objects.filter(name="Kassym-Jomart Tokayev").exists()
    page.find_element(By.ID, "panel-speaker").send_keys("Kassym-Jomart Tokayev")
    wait(
        page, EC.element_to_be_clickable((By.CSS_SELECTOR, "#speaker-options .option-new"))
    ).click()  # a new speaker on purpose
    wait_panel(page, "Saved the speaker.")
    assert Speaker.objects.filter(name="Kassym-Jomart Tokayev").exists()
    assert [e for e in console_errors(page) if "status of 422" not in e] == []


def test_annotator_links_a_statement_to_a_claim_and_creates_one(page, data):
    login(page, UserFactory(role="annotator"))
    page.get(url(page, data["source"].get_absolute_url()))
    open_statement(page, data["backing"])
    autocomplete(page, "panel-claim-q", "abroad", "claim-options").click()
    wait_panel(page, "Linked to")
    claims = page.find_element(By.ID, "panel-claims-heading").find_element(By.XPATH, "..")
    assert corpus.CLAIM_TEXT in claims.text
    assert ClaimLink.objects.filter(statement=data["backing"], claim=data["claim"]).exists()

    page.find_element(By.XPATH, "//summary[contains(., 'Create a claim')]").click()
    text = page.find_element(By.ID, "panel-new-claim")
    text.clear()
    text.send_keys("The organisers of the unrest had foreign backing")
    text.find_element(By.XPATH, "following-sibling::button").click()
    wait_panel(page, "Linked to “The organisers of the unrest had foreign backing”")
    assert data["backing"].claims.count() == 2
    assert console_errors(page) == []


def test_keyboard_only_review(page, data):
    login(page, UserFactory(role="reviewer"))
    page.get(url(page, data["source"].get_absolute_url()))
    body = page.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    wait(
        page,
        EC.presence_of_element_located(
            (By.CSS_SELECTOR, f'#panel [data-panel-statement="{data["quote"].pk}"]')
        ),
    )
    assert page.switch_to.active_element.get_attribute("id") == f"s-{data['quote'].pk}"
    page.switch_to.active_element.send_keys("a")
    wait_panel(page, "Now accepted.")
    wait(page, lambda d: d.switch_to.active_element.get_attribute("id") == f"s-{data['quote'].pk}")
    page.switch_to.active_element.send_keys("j")
    wait(
        page,
        EC.presence_of_element_located(
            (By.CSS_SELECTOR, f'#panel [data-panel-statement="{data["backing"].pk}"]')
        ),
    )
    page.switch_to.active_element.send_keys("r")
    wait_panel(page, "Now rejected.")
    assert Statement.objects.get(pk=data["backing"].pk).state == ReviewState.REJECTED

    page.switch_to.active_element.send_keys("s")
    assert page.switch_to.active_element.get_attribute("id") == "panel-speaker"
    page.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)  # out of the field
    assert page.switch_to.active_element.tag_name == "summary"
    page.switch_to.active_element.send_keys("?")
    help_dialog = page.find_element(By.ID, "help")
    wait(page, EC.visibility_of(help_dialog))
    assert "Next / previous suggestion" in help_dialog.text
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(page, EC.invisibility_of_element(help_dialog))

    # A missed quote, by its offsets: n opens the form at its first field.
    start = data["source"].text.index(corpus.MISSED)
    page.find_element(By.TAG_NAME, "body").send_keys("n")
    wait(page, lambda d: d.switch_to.active_element.get_attribute("name") == "start")
    page.switch_to.active_element.send_keys(
        str(start), Keys.TAB, str(start + len(corpus.MISSED)), Keys.ENTER
    )
    wait_panel(page, "Statement added.")
    assert Statement.objects.filter(text=corpus.MISSED).exists()
    assert console_errors(page) == []


def test_a_stale_decision_shows_the_conflict(page, data):
    login(page, UserFactory(role="reviewer"))
    page.get(url(page, data["source"].get_absolute_url()))
    open_statement(page, data["quote"])
    someone = UserFactory(role="reviewer")
    review.transition(data["quote"], ReviewState.REJECTED, user=someone, base_version=1)
    page.find_element(By.CSS_SELECTOR, '#panel [data-key="a"]').click()
    wait_panel(page, "changed by someone else")
    assert "Rejected" in panel_text(page)
    assert Statement.objects.get(pk=data["quote"].pk).state == ReviewState.REJECTED


def test_main_pages_break_no_content_security_policy_rule(page, data):
    login(page, UserFactory(role="reviewer"))
    paths = [
        "/",
        "/claims/",
        data["claim"].get_absolute_url(),
        "/search/?q=foreign+interference",
        data["source"].get_absolute_url() + f"?statement={data['quote'].pk}",
        data["quote"].speaker.get_absolute_url(),
        data["source"].outlet.get_absolute_url(),
        "/no-such-page/",
    ]
    for path in paths:
        page.get(url(page, path))
        errors = [e for e in console_errors(page) if "404" not in e or path != "/no-such-page/"]
        assert errors == [], path


def test_annotator_sees_an_interrupted_quote_as_one_statement_in_two_highlighted_pieces(page):
    text = "Ferry strike talks fail\n\n“The first offer was an insult,” she said. “The second is worse.”"
    source = SourceFactory(text=text)
    first = (text.index("The first"), text.index(",”"))
    second = (text.index("The second"), len(text) - 1)
    statement = StatementFactory(
        source=source, start=first[0], end=second[1], fragments=[list(first), list(second)]
    )
    login(page, UserFactory(role="annotator"))
    page.get(url(page, source.get_absolute_url()))
    pieces = page.find_elements(By.CSS_SELECTOR, f'#reader-text [data-statement="{statement.pk}"]')
    assert [p.text for p in pieces] == ["The first offer was an insult", "The second is worse."]
    gap = page.find_element(By.XPATH, "//*[@id='reader-text']//span[contains(., 'she said')]")
    assert gap.get_attribute("data-statement") is None  # the attribution is not highlighted
    pieces[1].click()  # the second piece opens the same statement
    wait_panel(page, "The first offer was an insult … The second is worse.")
    assert console_errors(page) == []
