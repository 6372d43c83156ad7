import os
import shutil
import tempfile

import pytest
from hypothesis import settings
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    return settings


# Headless Chromium (Debian's /usr/bin/chromium and chromedriver) against live_server, for
# tests/browser and tests/security: one browser for the session; each test starts logged out
# with a clean slate of cookies. Helpers (login, wait, console_errors): tests/browser/conftest.py.
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server):
    # After the database and the live server, so it closes (and its keep-alive connections
    # with their database sessions) before they are torn down.
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip(
            "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
    profile = tempfile.mkdtemp(prefix="claimtrail-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    """The browser, logged out, with ``page.url(path)`` and ``page.login(user)`` helpers."""
    browser.delete_all_cookies()
    browser.get_log("browser")  # drop what earlier tests logged
    browser.live_server = live_server
    yield browser
    browser.delete_all_cookies()


# CI runs the property-based tests with a fixed seed, so a red build is reproducible and a
# green one is not luck; developers' runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
