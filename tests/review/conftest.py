import pytest

from claims.roles import ROLES
from tests.factories import UserFactory


@pytest.fixture
def users(db):
    """One user per role, named after it: users["reviewer"].username == "reviewer"."""
    return {role: UserFactory(username=role, role=role) for role in ROLES}
