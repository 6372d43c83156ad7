import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


def client_for(user) -> APIClient:
    """A REST client that authenticates as a program would: with the user's token."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def nobody(db):
    """Signed in, but with no role."""
    return client_for(UserFactory(username="nobody"))


@pytest.fixture
def analyst(db):
    return client_for(UserFactory(username="alice", role="analyst"))


@pytest.fixture
def annotator(db):
    return client_for(UserFactory(username="bob", role="annotator"))


@pytest.fixture
def reviewer(db):
    return client_for(UserFactory(username="carol", role="reviewer"))


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttling counts requests in the cache; each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()
