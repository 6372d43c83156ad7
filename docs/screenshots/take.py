"""Screenshots of the main pages, from a running demo (``uv run manage.py demo``).

    uv run python docs/screenshots/take.py [http://127.0.0.1:8000]

Drives Debian's headless Chromium (/usr/bin/chromium, /usr/bin/chromedriver), proposes an
assessment of the foreign-interference claim as the demo analyst (once), then logs in as the
demo reviewer and writes PNGs next to this file: each page at desktop width, and the
``*-phone.png`` ones as a 390 px phone shows them.
"""

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = Path(__file__).parent


def chromium(width=1280, height=900) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tempfile.mkdtemp(prefix='claimtrail-shots-')}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}

# Selects the first words in quote marks in the reader's text (else its first sentence), as a
# drag would: a DOM Range over the text nodes, then the mouseup that ends a drag.
SELECT_QUOTE = """
const article = document.getElementById("reader-text");
const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
const nodes = []; let all = "";
while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
let at = all.indexOf("\u201c"), end = at < 0 ? -1 : all.indexOf("\u201d", at);
if (at < 0 || end < 0 || end - at > 300) { at = 0; end = all.indexOf(".") + 1; }
else { end += 1; }
function point(i) {
  for (let n = nodes.length - 1; n >= 0; n--) if (nodes[n][1] <= i) return [nodes[n][0], i - nodes[n][1]];
}
const range = document.createRange();
range.setStart(...point(at));
range.setEnd(...point(end));
const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
article.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
"""
CLAIM = "/claims/foreign-interference/"


def main(base: str) -> None:
    driver = chromium()
    wait = WebDriverWait(driver, 10)

    def shot(path: str, name: str, height: int = 900) -> None:
        driver.get(f"{base}{path}")
        wait.until(EC.presence_of_element_located((By.ID, "inbox-count")))  # htmx loads it
        driver.set_window_size(1280, height)
        driver.save_screenshot(HERE / name)
        driver.set_window_size(1280, 900)

    def phone_shot(path: str, name: str, click: str = "") -> None:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        try:
            driver.get(f"{base}{path}")
            if click:
                target = driver.find_element(By.CSS_SELECTOR, click)
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
                driver.execute_script("arguments[0].click()", target)
                wait.until(
                    EC.presence_of_element_located(
                        (By.CSS_SELECTOR, "#panel [data-panel-statement]")
                    )
                )
            driver.save_screenshot(HERE / name)
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def log_in(username: str) -> None:
        driver.delete_all_cookies()
        driver.get(f"{base}/accounts/login/")
        driver.find_element(By.NAME, "username").send_keys(username)
        driver.find_element(By.NAME, "password").send_keys(f"{username}-demo-password\n")
        wait.until(EC.url_changes(f"{base}/accounts/login/"))

    def propose_assessment() -> None:
        """As the demo analyst (analysts propose, reviewers decide), once: a run after the
        first finds the proposal there."""
        driver.get(f"{base}{CLAIM}")
        section = driver.find_element(By.ID, "assessment")
        if "Awaiting review" in section.text:
            return
        driver.find_element(By.CSS_SELECTOR, "#assessment details.assessment-form summary").click()
        rating = Select(driver.find_element(By.ID, "id_assessment-rating"))
        labels = [option.text for option in rating.options]
        rating.select_by_visible_text(next((x for x in labels if "Misleading" in x), labels[-1]))
        driver.find_element(By.ID, "id_assessment-summary").send_keys(
            "No evidence of foreign organisers was shown; the claim rests on officials' words."
        )
        driver.find_element(By.ID, "id_assessment-note").send_keys(
            "The arrests reported in the following weeks were of local residents."
        )
        driver.find_element(By.ID, "id_assessment-sources").send_keys(
            "https://factcheck.example/kazakhstan-unrest Fact check of the unrest claims"
        )
        driver.find_element(By.CSS_SELECTOR, "#assessment form button[type=submit]").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "assessment"), "Awaiting review"))

    try:
        log_in("analyst")
        propose_assessment()
        log_in("reviewer")

        shot("/", "home.png")
        shot("/claims/", "claims-list.png")
        shot("/search/?q=foreign+interference", "search.png")
        shot("/sources/", "sources.png")
        shot("/speakers/", "speakers.png")
        shot("/outlets/", "outlets.png")
        shot(CLAIM, "claim.png", height=2400)

        driver.set_window_size(1280, 2400)  # the proposal, with the reviewer's decision
        driver.get(f"{base}{CLAIM}")
        driver.find_element(By.ID, "assessment").screenshot(str(HERE / "assessment.png"))
        driver.set_window_size(1280, 900)

        link = driver.find_element(By.CSS_SELECTOR, ".span-link")
        reader = link.get_attribute("href").split("#")[0]
        driver.get(reader)  # from the top, panel open
        wait.until(
            EC.presence_of_element_located((By.CSS_SELECTOR, "#panel [data-panel-statement]"))
        )
        driver.save_screenshot(HERE / "reader.png")

        driver.get(f"{base}{urlsplit(reader).path}")  # words selected: New statement
        driver.execute_script(SELECT_QUOTE)
        wait.until(EC.visibility_of_element_located((By.ID, "new-statement")))
        driver.execute_script(  # the selected words in view; the form sits beside them
            "const r = window.getSelection().getRangeAt(0).getBoundingClientRect();"
            "window.scrollBy(0, r.top - window.innerHeight / 3);"
        )
        driver.save_screenshot(HERE / "annotate.png")

        shot("/review/", "review-queue.png", height=1200)
        driver.get(f"{base}/review/")
        item = driver.find_element(By.CSS_SELECTOR, "#queue [data-open]").get_attribute("href")
        shot(urlsplit(item).path, "review-item.png", height=1300)
        shot("/review/suggestions/", "suggestions.png", height=1200)

        phone_shot("/", "home-phone.png")
        phone_shot("/claims/", "claims-list-phone.png")
        phone_shot("/claims/foreign-interference/#graph-heading", "claim-graph-phone.png")
        phone_shot(urlsplit(reader).path, "reader-phone.png", click=".st[data-statement]")
        phone_shot("/review/", "review-queue-phone.png")
    finally:
        driver.quit()
    print("Wrote", ", ".join(sorted(p.name for p in HERE.glob("*.png"))))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
