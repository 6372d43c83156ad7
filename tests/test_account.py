"""The account page, where people create and revoke the API token their programs use."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    user = UserFactory(username="alice", role="analyst")
    client.force_login(user)
    return user


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_page_shows_the_role_and_no_token_yet(client, alice):
    response = client.get("/accounts/")
    assert b"role: analyst" in response.content
    assert b"You have no API token." in response.content


def test_creating_a_token_shows_it_and_it_authenticates_the_api(client, alice):
    client.post("/accounts/", {"action": "create"})
    token = Token.objects.get(user=alice)
    assert token.key.encode() in client.get("/accounts/").content
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/claims/").status_code == 200


def test_a_first_token_is_created_without_mention_of_an_old_one(client, alice):
    page = client.post("/accounts/", {"action": "create"}, follow=True).content
    assert b"Your API token was created." in page
    assert b"the old one no longer works" not in page
    page = client.post("/accounts/", {"action": "create"}, follow=True).content
    assert b"A new API token was created; the old one no longer works." in page


def test_replacing_a_token_invalidates_the_old_one(client, alice):
    client.post("/accounts/", {"action": "create"})
    old = Token.objects.get(user=alice).key
    client.post("/accounts/", {"action": "create"})
    assert Token.objects.get(user=alice).key != old
    assert Client(HTTP_AUTHORIZATION=f"Token {old}").get("/api/claims/").status_code == 401


def test_revoking_removes_the_token(client, alice):
    client.post("/accounts/", {"action": "create"})
    client.post("/accounts/", {"action": "revoke"})
    assert not Token.objects.filter(user=alice).exists()


def test_token_changes_need_the_csrf_token(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.post("/accounts/", {"action": "create"}).status_code == 403
    assert not Token.objects.exists()
