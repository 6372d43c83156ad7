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


def change_form_data(statement, **fields):
    data = {
        name: getattr(statement, name)
        for name in ("source", "start", "end", "text", "kind", "speaker", "speaker_mention", "cue")
    }
    data["source"], data["speaker"] = statement.source_id, statement.speaker_id
    management = {"claim_links-TOTAL_FORMS": "0", "claim_links-INITIAL_FORMS": "0"}
    return data | management | fields


def test_change_form_saves_over_the_version_it_was_opened_at(admin_client):
    statement = StatementFactory(cue="said")
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    assert b'name="base_version" value="1"' in admin_client.get(url).content
    response = admin_client.post(url, change_form_data(statement, cue="warned", base_version=1))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.cue, statement.version) == ("warned", 2)
    assert review.history_for(statement)[-1]["user"] == "boss"


def test_change_form_refuses_a_stale_save(admin_client, users):
    statement = StatementFactory(cue="said")
    review.edit(statement, {"cue": "told"}, user=users["annotator"], base_version=1)
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    response = admin_client.post(url, change_form_data(statement, cue="warned", base_version=1))
    assert response.status_code == 200
    assert b"Someone saved this since you opened it" in response.content
    statement.refresh_from_db()
    assert (statement.cue, statement.version) == ("told", 2)
