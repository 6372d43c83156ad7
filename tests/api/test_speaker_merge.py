"""Merging two speakers (Токаев and Tokayev): every statement and its history kept."""

import pytest

from claims import review
from claims.models import Speaker, Statement
from tests.api.conftest import client_for
from tests.factories import SpeakerFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    keep = SpeakerFactory(name="Kassym-Jomart Tokayev")
    gone = SpeakerFactory(name="Касым-Жомарт Токаев")
    gone.add_alias("Токаев")
    statements = [StatementFactory(speaker=gone), StatementFactory(speaker=gone)]
    return keep, gone, statements


def test_admin_merges_through_the_api(pair):
    keep, gone, statements = pair
    api = client_for(UserFactory(username="dave", role="admin"))
    response = api.post(
        f"/api/speakers/{keep.slug}/merge/",
        {"speaker": gone.slug, "comment": "one person"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert set(response.json()["aliases"]) == {"Касым-Жомарт Токаев", "Токаев"}
    assert response.json()["statement_count"] == 2
    assert not Speaker.objects.filter(pk=gone.pk).exists()
    for statement in statements:
        statement.refresh_from_db()
        assert statement.speaker == keep
        assert statement.version == 2
        last = statement.history.first()
        assert (last.history_user.username, last.history_change_reason) == ("dave", "one person")
        assert statement.history.count() == 2  # created, merged: nothing lost


def test_a_reviewer_may_not_merge_and_nothing_changes(pair):
    keep, gone, _ = pair
    api = client_for(UserFactory(username="carol", role="reviewer"))
    response = api.post(f"/api/speakers/{keep.slug}/merge/", {"speaker": gone.slug}, format="json")
    assert response.status_code == 403
    assert Speaker.objects.filter(pk=gone.pk).exists()
    assert set(Statement.objects.values_list("speaker", flat=True)) == {gone.pk}


def test_a_speaker_is_not_merged_into_itself(pair):
    keep, _, _ = pair
    admin = UserFactory(username="dave", role="admin")
    with pytest.raises(review.TransitionNotAllowed, match="into itself"):
        review.merge_speakers(keep, keep, user=admin)
    api = client_for(admin)
    response = api.post(f"/api/speakers/{keep.slug}/merge/", {"speaker": "nobody"}, format="json")
    assert response.status_code == 400
