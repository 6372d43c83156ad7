"""Logging in: the login page works, and guessing passwords is throttled."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, password, username="alice"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_right_password_logs_in(client, axes_on):
    UserFactory(username="alice")
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/accounts/").status_code == 200


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client, axes_on):
    UserFactory(username="alice")
    response = attempt(client, "guess")
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_repeated_wrong_passwords_lock_the_username_out_from_that_address(client, axes_on):
    UserFactory(username="alice")
    for _ in range(3):
        attempt(client, "guess")
    locked = attempt(client, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    assert client.get("/accounts/").status_code == 302  # still not logged in


def test_a_lockout_does_not_lock_other_accounts(client, axes_on):
    UserFactory(username="alice")
    UserFactory(username="bob")
    for _ in range(3):
        attempt(client, "guess")
    assert attempt(client, PASSWORD, username="bob").status_code == 302


def test_a_right_password_before_the_limit_resets_the_count(client, axes_on):
    UserFactory(username="alice")
    attempt(client, "guess")
    attempt(client, "guess")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    attempt(client, "guess")
    attempt(client, "guess")
    assert attempt(client, PASSWORD).status_code == 302
