"""Helpers for the browser tests (tests/browser, tests/security).

The ``browser`` and ``page`` fixtures (headless Chromium against live_server, one browser for
the session) live in tests/conftest.py, so every test directory shares the one browser.
Data is built by code (tests/browser/corpus.py), small and realistic.
"""

from django.conf import settings
from django.test import Client
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.support.ui import WebDriverWait


def login(browser, user):
    """Log ``user`` in by setting the session cookie a real login would set."""
    client = Client()
    client.force_login(user)
    browser.get(browser.live_server.url + "/accounts/login/")
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )


def wait(browser, condition, timeout=5):
    # A condition read while the page is being replaced (a form posted, a redirect) can find
    # an element that is gone before its text is read: Chromium says "Node with given id does
    # not belong to the document", a plain WebDriverException. Read again until the timeout.
    ignored = (NoSuchElementException, StaleElementReferenceException, WebDriverException)
    return WebDriverWait(browser, timeout, ignored_exceptions=ignored).until(condition)


def console_errors(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
