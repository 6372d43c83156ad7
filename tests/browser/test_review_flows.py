"""Review and annotation in a real browser (issue #19): the reader stays current after each
write, the review queue works like a labelling tool, the annotation form helps."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from claims.models import ReviewState, Speaker, Statement
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


@pytest.mark.parametrize("width", [1280, 390])
def test_a_human_proposal_is_reviewed_from_the_top_of_the_queue_in_two_actions(page, width):
    from tests.factories import ClaimLinkFactory, StatementFactory

    for _ in range(3):
        StatementFactory(state=ReviewState.SUGGESTED)  # the machine's, older
    annotator = UserFactory(username="ana", role="annotator")
    proposal = StatementFactory(state=ReviewState.PROPOSED, created_by=annotator)
    link = ClaimLinkFactory(statement=proposal, state=ReviewState.PROPOSED, created_by=annotator)
    page.set_window_size(width, 900)
    try:
        login(page, UserFactory(role="reviewer"))
        page.get(url(page, "/review/"))  # action 1: open the queue
        first = page.find_element(By.CSS_SELECTOR, "#queue .review-item")
        assert first.get_attribute("id") == f"review-statement-{proposal.pk}"
        assert "proposed by ana" in first.text
        assert proposal.text in first.find_element(By.CSS_SELECTOR, ".in-sentence mark").text
        # action 2: one decision accepts the statement and its claim link
        first.find_element(By.CSS_SELECTOR, ".accept-with-link button").click()
        wait(
            page,
            EC.text_to_be_present_in_element(
                (By.ID, f"review-statement-{proposal.pk}"), "Accepted, with its link to"
            ),
        )
        proposal.refresh_from_db()
        link.refresh_from_db()
        assert (proposal.state, link.state) == (ReviewState.ACCEPTED, ReviewState.ACCEPTED)
        # the next item is current: "a" would decide it
        current = page.find_element(By.CSS_SELECTOR, "#queue .review-item.is-current")
        assert current.get_attribute("id") != f"review-statement-{proposal.pk}"
        assert page.execute_script(
            "return document.getElementById('queue').scrollWidth"
        ) <= page.execute_script("return document.getElementById('queue').clientWidth")
        assert console_errors(page) == []
    finally:
        page.set_window_size(1280, 900)


def test_the_queue_keys_decide_the_current_item_and_move_on(page):
    from selenium.webdriver.common.action_chains import ActionChains

    from tests.factories import StatementFactory

    older = StatementFactory(state=ReviewState.PROPOSED)
    newer = StatementFactory(state=ReviewState.PROPOSED)
    login(page, UserFactory(role="reviewer"))
    page.get(url(page, "/review/"))
    ActionChains(page).send_keys("a").perform()
    wait(
        page,
        EC.text_to_be_present_in_element((By.ID, f"review-statement-{older.pk}"), "Now accepted."),
    )
    ActionChains(page).send_keys("r").perform()
    wait(
        page,
        EC.text_to_be_present_in_element((By.ID, f"review-statement-{newer.pk}"), "Now rejected."),
    )
    states = dict(Statement.objects.values_list("pk", "state"))
    assert states == {older.pk: ReviewState.ACCEPTED, newer.pk: ReviewState.REJECTED}


def test_analysts_see_the_queue_read_only(page):
    from tests.factories import StatementFactory

    StatementFactory(state=ReviewState.PROPOSED)
    login(page, UserFactory(role="analyst"))
    page.get(url(page, "/review/"))
    heading = page.find_element(By.TAG_NAME, "h1").text
    assert "read only" in heading
    assert "Waiting for you" not in page.find_element(By.ID, "main").text
    assert page.find_elements(By.CSS_SELECTOR, "#queue button.decision") == []


def test_a_span_is_corrected_by_selecting_words_on_the_items_page(page):
    from tests.factories import StatementFactory

    statement = StatementFactory(state=ReviewState.PROPOSED)
    login(page, UserFactory(role="reviewer"))
    page.get(url(page, f"/review/statement/{statement.pk}/"))
    assert page.find_elements(By.CSS_SELECTOR, "form[data-span-form] input[type=number]") == []
    page.execute_script(
        """
        const mark = document.querySelector("[data-select-span] mark").firstChild;
        const range = document.createRange();
        range.setStart(mark, 0); range.setEnd(mark, "The river will rise".length);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        """
    )
    wait(
        page,
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, "[data-selection-preview]"), "The river will rise"
        ),
    )
    page.find_element(By.CSS_SELECTOR, "form[data-span-form] button[type=submit]").click()
    wait(page, EC.text_to_be_present_in_element((By.ID, "main"), "Saved the span."))
    statement.refresh_from_db()
    assert statement.text == "The river will rise"


# --- the annotation form in the reader --------------------------------------------------------


def _new_statement(page, words):
    from tests.browser.test_flows import SELECT

    page.execute_script(SELECT, words)
    form = page.find_element(By.ID, "new-statement")
    wait(page, EC.visibility_of(form))
    return form


@pytest.mark.parametrize(
    ("selected", "kind", "stored"),
    [
        (f"\u201c{corpus.MISSED},\u201d", "direct", corpus.MISSED),  # in quote marks
        ("the organisers had foreign backing", "indirect", None),  # no marks: reported
    ],
)
def test_the_kind_is_guessed_from_the_selection(page, data, selected, kind, stored):
    login(page, UserFactory(role="annotator"))
    page.get(url(page, data["source"].get_absolute_url()))
    form = _new_statement(page, selected)
    select = form.find_element(By.ID, "new-kind")
    assert select.get_attribute("value") == kind
    stored = stored or selected
    start = data["source"].text.index(stored)
    assert form.find_element(By.NAME, "start").get_attribute("value") == str(start)
    assert form.find_element(By.NAME, "end").get_attribute("value") == str(start + len(stored))
    assert not any(
        box.is_displayed()
        for box in form.find_elements(By.TAG_NAME, "input")
        if box.get_attribute("type") == "number"
    )  # folded away: selecting is the way


def test_the_speaker_is_chosen_from_suggestions_and_a_typo_creates_nobody(page, data):
    login(page, UserFactory(role="annotator"))
    page.get(url(page, data["source"].get_absolute_url()))
    form = _new_statement(page, corpus.MISSED)
    form.find_element(By.ID, "new-speaker").send_keys("Lukashenkoo")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(page, EC.text_to_be_present_in_element((By.ID, "new-statement"), "No speaker is called"))
    assert Statement.objects.count() == 2
    assert Speaker.objects.count() == 2
    form = page.find_element(By.ID, "new-statement")
    box = form.find_element(By.ID, "new-speaker")
    box.clear()
    box.send_keys("Lukashenka")  # an alias
    option = wait(
        page,
        EC.element_to_be_clickable((By.CSS_SELECTOR, "#new-speaker-options [data-speaker-pick]")),
    )
    assert option.text.startswith("Alexander Lukashenko")
    option.click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_panel(page, "Statement added.")
    assert Statement.objects.get(text=corpus.MISSED).speaker.name == "Alexander Lukashenko"
    assert Speaker.objects.count() == 2
    assert [e for e in console_errors(page) if "status of 422" not in e] == []


def test_a_claim_is_linked_from_the_new_statement_form(page, data):
    login(page, UserFactory(role="annotator"))
    page.get(url(page, data["source"].get_absolute_url()))
    form = _new_statement(page, corpus.MISSED)
    form.find_element(By.ID, "new-claim-q").send_keys("abroad")
    wait(
        page, EC.element_to_be_clickable((By.CSS_SELECTOR, "#new-claim-options [data-claim-pick]"))
    ).click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_panel(page, "linked to")
    statement = Statement.objects.get(text=corpus.MISSED)
    assert list(statement.claims.all()) == [data["claim"]]
    assert corpus.CLAIM_TEXT in page.find_element(By.ID, "panel").text


def test_cue_and_speaker_mention_are_marked_by_selecting_them(page, data):
    from tests.browser.test_flows import SELECT

    login(page, UserFactory(role="annotator"))
    page.get(url(page, data["source"].get_absolute_url()))
    form = _new_statement(page, corpus.MISSED)
    form.find_element(By.CSS_SELECTOR, '[data-mark="cue"]').click()
    page.execute_script(SELECT, "added")
    wait(
        page,
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, '[data-mark-preview="cue"]'), "added"),
    )
    form.find_element(By.CSS_SELECTOR, '[data-mark="mention"]').click()
    page.execute_script(SELECT, "the president")
    wait(
        page,
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, '[data-mark-preview="mention"]'), "the president"
        ),
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_panel(page, "Statement added.")
    statement = Statement.objects.get(text=corpus.MISSED)
    assert (statement.cue, statement.speaker_mention) == ("added", "the president")
    text = data["source"].text
    assert text[statement.cue_start : statement.cue_end] == "added"
    assert text[statement.mention_start : statement.mention_end] == "the president"
