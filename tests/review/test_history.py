"""The audit trail: who changed what, when, from which state to which, old and new values, why."""

import pytest
from django.urls import reverse

from claims import review
from claims.models import ReviewState, Statement
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState


def test_a_transition_records_user_states_and_comment(users):
    statement = StatementFactory(state=S.PROPOSED)
    review.transition(
        statement, S.CHANGES_REQUESTED, user=users["reviewer"], base_version=1, comment="Wrong span"
    )
    last = review.history_for(statement)[-1]
    assert last["user"] == "reviewer"
    assert (last["from_state"], last["to_state"]) == (S.PROPOSED, S.CHANGES_REQUESTED)
    assert last["changes"] == {"state": {"old": "proposed", "new": "changes_requested"}}
    assert last["comment"] == "Wrong span"
    assert last["version"] == 2
    assert last["action"] == "changed"
    assert last["at"] is not None


def test_an_edit_records_old_and_new_values(users):
    statement = StatementFactory(cue="said")
    speaker = SpeakerFactory()
    old_speaker = statement.speaker_id
    review.edit(
        statement,
        {"cue": "warned", "speaker": speaker},
        user=users["annotator"],
        base_version=1,
        comment="Cue and speaker",
    )
    last = review.history_for(statement)[-1]
    assert last["changes"] == {
        "cue": {"old": "said", "new": "warned"},
        "speaker": {"old": old_speaker, "new": speaker.pk},
    }
    assert (last["user"], last["comment"]) == ("annotator", "Cue and speaker")


def test_a_span_edit_records_the_old_and_new_text(users):
    statement = StatementFactory()
    old_text = statement.text
    start = statement.source.text.index("river will rise")
    review.edit(statement, {"start": start}, user=users["annotator"], base_version=1)
    changes = review.history_for(statement)[-1]["changes"]
    assert changes["start"]["new"] == start
    assert changes["text"] == {"old": old_text, "new": statement.source.text[start : statement.end]}


def test_the_machine_creating_suggestions_in_bulk_is_recorded(users):
    source = SourceFactory()
    text = source.text
    start = text.index("The river")
    Statement.objects.bulk_create(
        [Statement.at_span(source, start, start + 9, kind=Statement.Kind.DIRECT)]
    )
    statement = Statement.objects.get(source=source)
    assert [(h["action"], h["user"], h["to_state"]) for h in review.history_for(statement)] == [
        ("created", None, "suggested")
    ]


@pytest.mark.parametrize("factory", [ClaimFactory, ClaimLinkFactory, SpeakerFactory])
def test_claims_links_and_speakers_keep_a_history_too(users, factory):
    item = factory()
    field, value = {
        ClaimFactory: ("text", "Reworded"),
        ClaimLinkFactory: ("stance", "denies"),
        SpeakerFactory: ("role", "Prime Minister"),
    }[factory]
    old = getattr(item, field)
    review.edit(item, {field: value}, user=users["reviewer"], base_version=1, comment="fix")
    entries = review.history_for(item)
    assert [e["action"] for e in entries] == ["created", "changed"]
    assert entries[-1]["changes"] == {field: {"old": old, "new": value}}
    assert entries[-1]["user"] == "reviewer"


def test_a_save_outside_the_workflow_is_recorded_with_the_request_user(client, users):
    """Other write paths (here: the admin's change form) still leave a trail with the user."""
    speaker = SpeakerFactory(name="Jana Novak", role="Minister")
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = client.post(
        url,
        {
            "name": "Jana Novak",
            "slug": speaker.slug,
            "kind": "person",
            "role": "Prime Minister",
            "description": "",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "base_version": "1",
        },
    )
    assert response.status_code == 302
    last = review.history_for(speaker)[-1]
    assert last["user"] == "admin"
    assert last["changes"] == {"role": {"old": "Minister", "new": "Prime Minister"}}


def test_history_partial_shows_each_step_escaped(users, client):
    statement = StatementFactory(state=S.PROPOSED)
    review.transition(
        statement,
        S.CHANGES_REQUESTED,
        user=users["reviewer"],
        base_version=1,
        comment="<b>not</b> this span",
    )
    client.force_login(users["analyst"])
    page = client.get(reverse("claims:review_item", args=["statement", statement.pk]))
    content = page.content.decode()
    assert "moved it from proposed to changes_requested" in content
    assert "&lt;b&gt;not&lt;/b&gt; this span" in content
    assert "<b>not</b>" not in content


def test_history_for_is_one_query(users, django_assert_num_queries):
    statement = StatementFactory(state=S.SUGGESTED)
    review.transition(statement, S.PROPOSED, user=users["annotator"], base_version=1)
    review.transition(statement, S.ACCEPTED, user=users["reviewer"], base_version=2)
    with django_assert_num_queries(1):
        assert len(review.history_for(statement)) == 3
