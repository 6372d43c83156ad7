"""Admin actions move items through review.transition; the change form cannot set the state."""

import pytest
from django.urls import reverse

from claims import review
from claims.models import ReviewState
from tests.factories import StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ReviewState


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def test_admin_action_accepts_through_the_workflow(admin_client):
    proposed = StatementFactory(state=S.PROPOSED)
    response = admin_client.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "move_to_accepted", "_selected_action": [proposed.pk]},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.state, proposed.version) == (S.ACCEPTED, 2)
    last = review.history_for(proposed)[-1]
    assert (last["user"], last["comment"]) == ("boss", "Admin action: accepted.")


def test_admin_action_refuses_a_move_the_table_does_not_have(admin_client):
    rejected = StatementFactory(state=S.REJECTED)
    response = admin_client.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "move_to_accepted", "_selected_action": [rejected.pk]},
        follow=True,
    )
    assert b"Not moved" in response.content
    rejected.refresh_from_db()
    assert rejected.state == S.REJECTED


def test_change_form_shows_state_read_only(admin_client):
    statement = StatementFactory()
    response = admin_client.get(reverse("admin:claims_statement_change", args=[statement.pk]))
    assert response.status_code == 200
    assert b'name="state"' not in response.content
