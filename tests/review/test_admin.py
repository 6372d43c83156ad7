"""Admin actions move items through review.transition; the change form cannot set the state."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims import review
from claims.models import ClaimLink, ReviewState
from tests.factories import ClaimLinkFactory, SpeakerFactory, StatementFactory, UserFactory

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


def inline_link_data(link, **fields):
    """The statement's change form with one claim-link row, as the admin page posts it."""
    statement = link.statement
    row = {
        "id": link.pk,
        "statement": statement.pk,
        "claim": link.claim_id,
        "stance": link.stance,
        "score": "" if link.score is None else link.score,
        "base_version": link.version,
    } | fields
    management = {"claim_links-TOTAL_FORMS": "1", "claim_links-INITIAL_FORMS": "1"}
    return (
        change_form_data(statement, base_version=statement.version)
        | management
        | {f"claim_links-0-{name}": value for name, value in row.items()}
    )


def test_an_inline_link_edit_bumps_its_version_and_records_who_and_why(admin_client, users):
    link = ClaimLinkFactory(stance="asserts")
    url = reverse("admin:claims_statement_change", args=[link.statement_id])

    response = admin_client.post(url, inline_link_data(link, stance="denies"))

    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.stance, link.version) == ("denies", 2)
    last = review.history_for(link)[-1]
    assert (last["version"], last["user"], last["comment"]) == (2, "boss", "Changed in the admin.")
    assert last["changes"] == {"stance": {"old": "asserts", "new": "denies"}}
    # so an API edit based on what was there before is a conflict, not a silent overwrite
    api = APIClient()
    api.force_authenticate(users["annotator"])
    stale = api.patch(
        f"/api/claim-links/{link.pk}/", {"stance": "questions", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    link.refresh_from_db()
    assert link.stance == "denies"


def test_an_inline_link_edit_over_a_newer_save_is_refused(admin_client, users):
    link = ClaimLinkFactory(stance="asserts")
    opened = inline_link_data(link, stance="denies")
    review.edit(link, {"stance": "questions"}, user=users["annotator"], base_version=1)

    response = admin_client.post(
        reverse("admin:claims_statement_change", args=[link.statement_id]), opened
    )

    assert response.status_code == 200
    assert b"Someone saved this since you opened it" in response.content
    link.refresh_from_db()
    assert (link.stance, link.version) == ("questions", 2)


def test_an_inline_link_removed_in_the_admin_keeps_its_history(admin_client):
    link = ClaimLinkFactory()
    data = inline_link_data(link, DELETE="on")

    response = admin_client.post(
        reverse("admin:claims_statement_change", args=[link.statement_id]), data
    )

    assert response.status_code == 302
    assert not ClaimLink.objects.filter(pk=link.pk).exists()
    last = review.history_of_deleted(ClaimLink, id=link.pk)[-1]
    assert (last["action"], last["user"], last["comment"]) == (
        "deleted",
        "boss",
        "Deleted in the admin.",
    )


def test_an_alias_added_in_the_admin_is_a_recorded_change_of_the_speaker(admin_client):
    speaker = SpeakerFactory(name="Jana Novak")
    data = {
        "name": speaker.name,
        "slug": speaker.slug,
        "kind": speaker.kind,
        "role": speaker.role,
        "base_version": 1,
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": "J. Novak",
    }

    response = admin_client.post(reverse("admin:claims_speaker_change", args=[speaker.pk]), data)

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert [a.name for a in speaker.aliases.all()] == ["J. Novak"]
    assert speaker.version == 3  # the form's save, then the alias
    assert review.history_for(speaker)[-1]["comment"] == "Added the alias “J. Novak”."


def test_the_admin_lists_count_live_statements_only(admin_client):
    claim_link = ClaimLinkFactory(claim__text="The dam will hold")
    speaker = claim_link.statement.speaker
    ClaimLinkFactory(claim=claim_link.claim, statement__speaker=speaker)
    ClaimLinkFactory(claim=claim_link.claim, state=S.REJECTED, statement__speaker=speaker)
    StatementFactory(speaker=speaker, state=S.REJECTED)

    claims = admin_client.get(reverse("admin:claims_claim_changelist"))
    speakers = admin_client.get(reverse("admin:claims_speaker_changelist"))

    # two live links of three; three live statements of four
    assert b'<td class="field-statement_count">2</td>' in claims.content
    assert b'<td class="field-statement_count">3</td>' in speakers.content
