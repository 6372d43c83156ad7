"""Every write leaves history: the machine's bulk writes, renames and aliases of speakers,
deletes (issue #21, findings 5, 6 and 9). Admin inlines: tests/review/test_admin.py."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims import review
from claims.linking import store_suggested_links
from claims.models import ClaimLink, Statement
from claims.suggestions import store_suggestions
from sources.models import Outlet, Source
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def api_as(role: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(UserFactory(username=role, role=role))
    return api


# --- finding 5: the matcher's links ----------------------------------------------------------


def test_machine_suggested_links_are_in_the_history_when_made_and_rescored(
    django_assert_max_num_queries,
):
    statements = [StatementFactory() for _ in range(3)]
    claim = ClaimFactory()

    # the existing links, a savepoint, the links, their history: no query per link
    with django_assert_max_num_queries(5):
        store_suggested_links([(s, claim.pk, 0.5) for s in statements])
    store_suggested_links([(statements[0], claim.pk, 0.75)])

    link = ClaimLink.objects.get(statement=statements[0])
    created, rescored = review.history_for(link)
    assert (created["action"], created["user"], created["to_state"]) == (
        "created",
        None,
        "suggested",
    )
    assert created["comment"] == "Suggested by the matcher."
    assert rescored["changes"] == {"score": {"old": 0.5, "new": 0.75}}
    assert all(review.history_for(other) for other in ClaimLink.objects.all())


# --- finding 6: who a speaker's accepted statements are attributed to ------------------------


@pytest.fixture
def attributed():
    """A speaker with one accepted statement."""
    speaker = SpeakerFactory(name="Jana Novak")
    statement = StatementFactory(speaker=speaker, state="accepted")
    return speaker, statement


def test_an_annotator_may_not_rename_a_speaker_of_accepted_statements(attributed):
    speaker, _statement = attributed
    response = api_as("annotator").patch(
        f"/api/speakers/{speaker.slug}/", {"name": "Jan Novak", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert "would re-attribute them. Ask a reviewer" in response.json()["error"]["message"]
    speaker.refresh_from_db()
    assert (speaker.name, speaker.version) == ("Jana Novak", 1)


def test_an_annotator_may_not_add_an_alias_to_a_speaker_of_accepted_statements(attributed):
    speaker, _ = attributed
    response = api_as("annotator").post(
        f"/api/speakers/{speaker.slug}/aliases/", {"name": "the minister"}, format="json"
    )
    assert response.status_code == 403
    assert not speaker.aliases.exists()


def test_an_annotator_renames_a_speaker_nobody_has_accepted_yet():
    speaker = SpeakerFactory(name="Jana Novak")
    StatementFactory(speaker=speaker, state="suggested")
    response = api_as("annotator").patch(
        f"/api/speakers/{speaker.slug}/", {"name": "Jana Nováková", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2


def test_a_reviewer_rename_is_in_the_history_of_the_statements_it_re_attributes(attributed):
    speaker, statement = attributed
    response = api_as("reviewer").patch(
        f"/api/speakers/{speaker.slug}/", {"name": "Jan Novak", "version": 1}, format="json"
    )
    assert response.status_code == 200
    last = review.history_for(statement)[-1]
    assert (last["user"], last["comment"]) == (
        "reviewer",
        "The speaker was renamed from “Jana Novak” to “Jan Novak”.",
    )


def test_a_reviewer_alias_bumps_the_speaker_version_and_is_in_both_histories(attributed):
    speaker, statement = attributed
    response = api_as("reviewer").post(
        f"/api/speakers/{speaker.slug}/aliases/", {"name": "J. Novak"}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["aliases"], response.json()["version"]) == (["J. Novak"], 2)
    for item in (speaker, statement):
        last = review.history_for(item)[-1]
        assert (last["user"], last["comment"]) == ("reviewer", "Added the alias “J. Novak”.")


def test_the_speaker_api_returns_the_version_to_edit_with():
    speaker = SpeakerFactory()
    api = api_as("analyst")
    assert api.get(f"/api/speakers/{speaker.slug}/").json()["version"] == 1
    assert api.get("/api/speakers/").json()["results"][0]["version"] == 1


# --- finding 9: deletes ---------------------------------------------------------------------


def test_a_source_deleted_in_the_admin_leaves_a_record_of_itself_and_what_went_with_it(client):
    link = ClaimLinkFactory(statement__state="accepted", state="accepted")
    statement, source = link.statement, link.statement.source
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    gone = Source.history.filter(id=source.pk).latest("history_date")
    assert (gone.history_type, gone.history_user.username, gone.title) == (
        "-",
        "boss",
        source.title,
    )
    assert gone.history_change_reason == "Deleted in the admin."
    # the statement and its link: their history, ending with the delete, is still served
    api = api_as("analyst")
    for path in (
        f"/api/statements/{statement.pk}/history/",
        f"/api/claim-links/{link.pk}/history/",
    ):
        response = api.get(path)
        assert response.status_code == 200, path
        assert (response.json()[-1]["action"], response.json()[-1]["user"]) == ("deleted", "boss")
    # and the source's own history page in the admin
    page = client.get(reverse("admin:sources_source_history", args=[source.pk]))
    assert page.status_code == 200
    assert "Deleted in the admin." in page.content.decode()


def test_an_outlet_change_is_in_its_history(client):
    outlet = Outlet.objects.create(name="BelTA", domain="belta.by")
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:sources_outlet_change", args=[outlet.pk]),
        {"name": "BelTA news agency", "slug": outlet.slug, "domain": "belta.by", "country": "BY"},
    )
    assert response.status_code == 302
    last = outlet.history.latest("history_date")
    assert (last.history_user.username, last.name, last.history_change_reason) == (
        "boss",
        "BelTA news agency",
        "Changed in the admin.",
    )


def test_an_api_delete_goes_through_review_and_is_recorded():
    statement = StatementFactory(state="accepted")
    response = api_as("reviewer").delete(f"/api/statements/{statement.pk}/")
    assert response.status_code == 204
    assert not Statement.objects.filter(pk=statement.pk).exists()
    history = api_as("analyst").get(f"/api/statements/{statement.pk}/history/")
    assert history.status_code == 200
    last = history.json()[-1]
    assert (last["action"], last["user"], last["comment"]) == (
        "deleted",
        "reviewer",
        "Deleted through the API.",
    )


def test_history_of_an_item_that_never_existed_is_404():
    assert api_as("analyst").get("/api/statements/999999/history/").status_code == 404


def test_aliases_extraction_adds_to_a_known_speaker_are_in_its_history():
    speaker = SpeakerFactory(name="Paul Reed")
    source = SourceFactory(
        text="“We are ready,” Senator Paul Reed said on Monday. "
        "Reed added that the tolls would stay.\n"
    )
    store_suggestions(source)
    assert [a.name for a in speaker.aliases.all()] == ["Reed"]
    last = review.history_for(speaker)[-1]
    assert (last["action"], last["user"], last["comment"]) == (
        "changed",
        None,
        "Aliases found by extraction.",
    )
