"""The database going away under a running app: an error page or a JSON error at once, never
a traceback or a hang, nothing half-written, and the next request after it is back succeeds
without restarting the app.

Real HTTP to gunicorn (production settings), whose database connections go through a TCP
proxy the test cuts (tests/faults/conftest.py). PostgreSQL only: SQLite has no server to lose.
"""

import time

import pytest
import requests
from rest_framework.authtoken.models import Token

from claims.models import Statement
from tests.factories import ClaimFactory, StatementFactory
from tests.faults.conftest import database_url, member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served(postgres_proxy, app_server):
    """(proxy, server, signed-in page session, API session) for an analyst."""
    analyst = member("alice", "analyst")
    server = app_server(database_url(port=postgres_proxy.port), DATABASE_CONNECT_TIMEOUT="2")
    api = requests.Session()
    api.headers["Authorization"] = f"Token {Token.objects.create(user=analyst).key}"
    return postgres_proxy, server, server.login("alice"), api


def timed_get(session, url):
    started = time.monotonic()
    response = session.get(url, timeout=30)
    return response, time.monotonic() - started


def assert_unavailable(page, api):
    assert page.status_code == 503
    assert "Temporarily unavailable" in page.text
    assert "Traceback" not in page.text
    assert page.headers["Retry-After"] == "30"
    assert api.status_code == 503
    assert api.json() == {
        "error": {
            "status": 503,
            "code": "database_unavailable",
            "message": "The database cannot be reached; try again shortly.",
        }
    }


def test_pages_and_api_answer_503_while_the_database_is_down_and_recover(served):
    proxy, server, browser, api = served
    ClaimFactory(text="The river will flood the old town")
    assert "The river will flood the old town" in browser.get(f"{server.url}/claims/").text
    assert api.get(f"{server.url}/api/claims/").status_code == 200  # connections now open

    proxy.cut()
    page, page_seconds = timed_get(browser, f"{server.url}/claims/")
    response, api_seconds = timed_get(api, f"{server.url}/api/claims/")
    assert_unavailable(page, response)
    assert page_seconds < 5
    assert api_seconds < 5

    proxy.restore()
    page = browser.get(f"{server.url}/claims/", timeout=30)
    assert page.status_code == 200
    assert "The river will flood the old town" in page.text  # still signed in
    assert api.get(f"{server.url}/api/claims/").json()["results"][0]["text"] == (
        "The river will flood the old town"
    )
    assert server.process.poll() is None  # the same server, not restarted


def test_a_database_that_does_not_answer_fails_within_the_connect_timeout(served):
    proxy, server, browser, api = served
    assert browser.get(f"{server.url}/claims/").status_code == 200

    proxy.stall()  # connections are accepted and never answered
    page, page_seconds = timed_get(browser, f"{server.url}/claims/")
    response, api_seconds = timed_get(api, f"{server.url}/api/claims/")
    assert_unavailable(page, response)
    assert 1.5 < page_seconds < 10  # DATABASE_CONNECT_TIMEOUT=2
    assert 1.5 < api_seconds < 10

    proxy.restore()
    assert browser.get(f"{server.url}/claims/").status_code == 200


def test_a_write_cut_off_half_way_leaves_nothing_half_written(served):
    proxy, server, _browser, _api = served
    annotator = member("bob", "annotator")
    api = requests.Session()
    api.headers["Authorization"] = f"Token {Token.objects.create(user=annotator).key}"
    statement = StatementFactory(state="suggested", kind="indirect")
    url = f"{server.url}/api/statements/{statement.pk}/"
    history = statement.history.count()

    # review.edit() claims the version with an UPDATE, then writes the history row: the
    # connection is cut between the two, inside the transaction.
    proxy.cut_on = b'INSERT INTO "claims_historicalstatement"'
    response = api.patch(url, json={"version": 1, "kind": "mixed"}, timeout=30)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"
    statement.refresh_from_db()
    assert (statement.kind, statement.version) == ("indirect", 1)
    assert statement.history.count() == history

    proxy.restore()
    response = api.patch(url, json={"version": 1, "kind": "mixed"}, timeout=30)
    assert response.status_code == 200, response.text
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.kind, stored.version) == ("mixed", 2)
    assert stored.history.count() == history + 1
