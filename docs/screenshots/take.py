"""Screenshots of the main pages, from a running demo (``uv run manage.py demo``).

    uv run python docs/screenshots/take.py [http://127.0.0.1:8000]

Drives Debian's headless Chromium (/usr/bin/chromium, /usr/bin/chromedriver), logs in as the
demo reviewer, and writes PNGs next to this file: each page at desktop width, and the
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


PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


def main(base: str) -> None:
    driver = chromium()
    wait = WebDriverWait(driver, 10)

    def shot(path: str, name: str, height: int = 900) -> None:
        driver.get(f"{base}{path}")
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

    try:
        driver.get(f"{base}/accounts/login/")
        driver.find_element(By.NAME, "username").send_keys("reviewer")
        driver.find_element(By.NAME, "password").send_keys("reviewer-demo-password\n")
        wait.until(EC.url_changes(f"{base}/accounts/login/"))

        shot("/", "home.png")
        shot("/claims/", "claims-list.png")
        shot("/search/?q=foreign+interference", "search.png")
        shot("/sources/", "sources.png")
        shot("/speakers/", "speakers.png")
        shot("/outlets/", "outlets.png")
        shot("/claims/foreign-interference/", "claim.png", height=2400)

        driver.get(f"{base}/claims/foreign-interference/")
        link = driver.find_element(By.CSS_SELECTOR, ".span-link")
        reader = link.get_attribute("href").split("#")[0]
        driver.get(reader)  # from the top, panel open
        wait.until(
            EC.presence_of_element_located((By.CSS_SELECTOR, "#panel [data-panel-statement]"))
        )
        driver.save_screenshot(HERE / "reader.png")

        phone_shot("/", "home-phone.png")
        phone_shot("/claims/", "claims-list-phone.png")
        phone_shot("/claims/foreign-interference/#graph-heading", "claim-graph-phone.png")
        phone_shot(urlsplit(reader).path, "reader-phone.png", click=".st[data-statement]")
    finally:
        driver.quit()
    print("Wrote", ", ".join(sorted(p.name for p in HERE.glob("*.png"))))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
