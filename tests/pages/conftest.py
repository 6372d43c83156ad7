import pytest

from tests.factories import UserFactory


@pytest.fixture
def client(client, db):
    """Every page needs a login: these tests read as an analyst unless they log in someone else."""
    client.force_login(UserFactory(username="analyst", role="analyst"))
    return client
