"""Screenshots of the main pages, from a running demo (``uv run manage.py demo``).

    uv run python docs/screenshots/take.py [http://127.0.0.1:8000]

Drives Debian's headless Chromium (/usr/bin/chromium, /usr/bin/chromedriver), logs in as the
demo reviewer, and writes PNGs next to this file.
"""

import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

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


def main(base: str) -> None:
    driver = chromium()
    wait = WebDriverWait(driver, 10)
    try:
        driver.get(f"{base}/accounts/login/")
        driver.find_element(By.NAME, "username").send_keys("reviewer")
        driver.find_element(By.NAME, "password").send_keys("reviewer-demo-password\n")
        wait.until(EC.url_changes(f"{base}/accounts/login/"))

        driver.get(f"{base}/claims/")
        driver.save_screenshot(HERE / "claims-list.png")

        driver.get(f"{base}/search/?q=foreign+interference")
        driver.save_screenshot(HERE / "search.png")

        driver.get(f"{base}/claims/foreign-interference/")
        driver.set_window_size(1280, 1700)
        driver.save_screenshot(HERE / "claim.png")
        driver.set_window_size(1280, 900)

        link = driver.find_element(By.CSS_SELECTOR, ".span-link")
        driver.get(link.get_attribute("href").split("#")[0])  # from the top, panel open
        wait.until(
            EC.presence_of_element_located((By.CSS_SELECTOR, "#panel [data-panel-statement]"))
        )
        driver.save_screenshot(HERE / "reader.png")
    finally:
        driver.quit()
    print("Wrote", ", ".join(sorted(p.name for p in HERE.glob("*.png"))))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
