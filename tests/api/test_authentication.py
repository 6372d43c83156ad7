"""A token's user and what they may do: read in one query (config.auth), with the answers
DRF's token authentication and Django's permissions backend give."""

import pytest
from django.contrib.auth import backends
from django.contrib.auth.models import Permission

from config.auth import ModelBackend
from tests.api.conftest import client_for
from tests.factories import UserFactory


def permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def people(db):
    """Each with a different way of holding (or not holding) permissions."""
    own = UserFactory(username="own")  # no role, one permission of their own
    own.user_permissions.add(permission("claims.view_statement"))
    both = UserFactory(username="both", role="analyst")
    both.user_permissions.add(permission("claims.add_claim"))
    return {
        "role": UserFactory(username="role", role="annotator"),
        "own": own,
        "both": both,
        "none": UserFactory(username="none"),
        "superuser": UserFactory(username="root", is_superuser=True),
    }


@pytest.mark.parametrize("name", ["role", "own", "both", "none", "superuser"])
def test_the_backend_answers_as_djangos(people, name):
    user = people[name]
    expected = backends.ModelBackend().get_all_permissions(user)
    user = type(user).objects.get(pk=user.pk)  # nothing remembered
    assert ModelBackend().get_all_permissions(user) == expected


@pytest.mark.parametrize(
    ("name", "statements", "claims"),
    [
        ("role", 200, 200),
        ("own", 200, 403),  # their own permission reads statements, not claims
        ("both", 200, 200),
        ("none", 403, 403),
        ("superuser", 200, 200),
    ],
)
def test_a_token_user_may_read_what_their_permissions_allow(people, name, statements, claims):
    client = client_for(people[name])
    assert client.get("/api/statements/").status_code == statements
    assert client.get("/api/claims/").status_code == claims


def test_a_token_user_with_a_permission_of_their_own_may_write_with_it(people):
    response = client_for(people["both"]).post("/api/claims/", {"text": "A new claim"})
    assert response.status_code == 201  # claims.add_claim is theirs, not the analyst role's
    assert client_for(people["role"]).post("/api/claims/", {"text": "Another"}).status_code == 201
    assert client_for(people["own"]).post("/api/claims/", {"text": "No"}).status_code == 403


def test_an_unknown_token_is_refused(anonymous, db):
    anonymous.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = anonymous.get("/api/statements/")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid token."


def test_an_inactive_users_token_is_refused(people):
    user = people["role"]
    client = client_for(user)
    user.is_active = False
    user.save()
    response = client.get("/api/statements/")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "User inactive or deleted."


def test_a_token_request_sees_its_own_token(people):
    client = client_for(people["role"])
    response = client.get("/api/statements/")
    assert response.wsgi_request.auth.key == people["role"].auth_token.key
    assert response.wsgi_request.auth.user == people["role"]
