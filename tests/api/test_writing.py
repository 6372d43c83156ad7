"""Writing through the API: who may, what is refused, and that nothing is half-done."""

import pytest

from claims.models import Claim, ClaimLink, Speaker, Statement
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def quote_span(source):
    return source.text.index("\u201c") + 1, source.text.index(",\u201d")


class TestCreatingStatements:
    def test_annotator_marks_a_missed_statement_which_starts_as_proposed(self, annotator):
        source = SourceFactory()
        start, end = quote_span(source)
        response = annotator.post(
            "/api/statements/",
            {"source": source.pk, "start": start, "end": end, "kind": "direct", "cue": "said"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["text"] == "The river will rise by two metres before Friday"
        assert (body["state"], body["created_by"], body["version"]) == ("proposed", "bob", 1)
        history = annotator.get(f"/api/statements/{body['id']}/history/").json()
        assert [(h["action"], h["user"]) for h in history] == [("created", "bob")]

    def test_text_that_is_not_at_the_span_is_refused(self, annotator):
        source = SourceFactory()
        start, end = quote_span(source)
        response = annotator.post(
            "/api/statements/",
            {"source": source.pk, "start": start, "end": end, "kind": "direct", "text": "Nope"},
            format="json",
        )
        assert response.status_code == 400
        assert "text" in response.json()["error"]["fields"]
        assert not Statement.objects.exists()

    def test_a_span_outside_the_source_is_refused(self, annotator):
        source = SourceFactory()
        response = annotator.post(
            "/api/statements/",
            {"source": source.pk, "start": 5, "end": 10**6, "kind": "direct"},
            format="json",
        )
        assert response.status_code == 400
        assert "end" in response.json()["error"]["fields"]

    def test_analysts_cannot_create(self, analyst):
        source = SourceFactory()
        response = analyst.post(
            "/api/statements/", {"source": source.pk, "start": 0, "end": 8, "kind": "direct"}
        )
        assert response.status_code == 403
        assert not Statement.objects.exists()


class TestEditing:
    def test_an_edit_based_on_the_current_version_is_applied(self, annotator):
        statement = StatementFactory(state="suggested")
        response = annotator.patch(
            f"/api/statements/{statement.pk}/",
            {"version": 1, "kind": "mixed", "comment": "partly quoted"},
            format="json",
        )
        assert response.status_code == 200, response.json()
        assert (response.json()["kind"], response.json()["version"]) == ("mixed", 2)

    def test_moving_the_span_rereads_the_text_from_the_source(self, annotator):
        statement = StatementFactory()
        response = annotator.patch(
            f"/api/statements/{statement.pk}/",
            {"version": 1, "start": statement.start, "end": statement.start + 9},
            format="json",
        )
        assert response.status_code == 200, response.json()
        assert response.json()["text"] == "The river"

    def test_a_stale_edit_is_refused_with_a_conflict_showing_what_changed(self, annotator):
        statement = StatementFactory()
        first = annotator.patch(
            f"/api/statements/{statement.pk}/", {"version": 1, "kind": "mixed"}, format="json"
        )
        assert first.status_code == 200
        stale = annotator.patch(
            f"/api/statements/{statement.pk}/", {"version": 1, "kind": "indirect"}, format="json"
        )
        assert stale.status_code == 409
        error = stale.json()["error"]
        assert (error["code"], error["base_version"], error["current_version"]) == (
            "conflict",
            1,
            2,
        )
        assert error["changed"]["kind"] == {"base": "direct", "current": "mixed"}
        statement.refresh_from_db()
        assert (statement.kind, statement.version) == ("mixed", 2)

    def test_an_edit_without_a_version_is_refused(self, annotator):
        statement = StatementFactory()
        response = annotator.patch(
            f"/api/statements/{statement.pk}/", {"kind": "mixed"}, format="json"
        )
        assert response.status_code == 400
        assert "version" in response.json()["error"]["fields"]

    def test_put_is_not_offered(self, annotator):
        statement = StatementFactory()
        assert annotator.put(f"/api/statements/{statement.pk}/", {}).status_code == 405

    def test_analysts_cannot_edit(self, analyst):
        statement = StatementFactory()
        response = analyst.patch(
            f"/api/statements/{statement.pk}/", {"version": 1, "kind": "mixed"}, format="json"
        )
        assert response.status_code == 403
        statement.refresh_from_db()
        assert statement.kind == "direct"


class TestReviewTransitions:
    def test_reviewer_accepts_a_suggestion(self, reviewer):
        statement = StatementFactory(state="suggested")
        response = reviewer.post(
            f"/api/statements/{statement.pk}/transition/",
            {"to_state": "accepted", "version": 1},
            format="json",
        )
        assert response.status_code == 200, response.json()
        assert (response.json()["state"], response.json()["version"]) == ("accepted", 2)

    def test_annotator_may_not_accept(self, annotator):
        statement = StatementFactory(state="suggested")
        response = annotator.post(
            f"/api/statements/{statement.pk}/transition/",
            {"to_state": "accepted", "version": 1},
            format="json",
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        statement.refresh_from_db()
        assert statement.state == "suggested"

    def test_sending_back_needs_a_comment(self, reviewer):
        statement = StatementFactory(state="proposed")
        response = reviewer.post(
            f"/api/statements/{statement.pk}/transition/",
            {"to_state": "changes_requested", "version": 1},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_transition"

    def test_the_whole_loop_shows_in_the_history(self, annotator, reviewer):
        statement = StatementFactory(state="suggested")
        url = f"/api/statements/{statement.pk}/"
        steps = [
            (annotator, {"to_state": "proposed", "version": 1}),
            (reviewer, {"to_state": "changes_requested", "version": 2, "comment": "wrong cue"}),
            (annotator, {"to_state": "proposed", "version": 3, "comment": "fixed"}),
            (reviewer, {"to_state": "accepted", "version": 4}),
        ]
        for client, data in steps:
            response = client.post(f"{url}transition/", data, format="json")
            assert response.status_code == 200, response.json()
        history = reviewer.get(f"{url}history/").json()
        assert [(h["user"], h["to_state"], h["comment"]) for h in history[1:]] == [
            ("bob", "proposed", ""),
            ("carol", "changes_requested", "wrong cue"),
            ("bob", "proposed", "fixed"),
            ("carol", "accepted", ""),
        ]


class TestClaimsSpeakersLinks:
    def test_annotator_creates_a_claim_with_tags(self, annotator):
        response = annotator.post(
            "/api/claims/",
            {"text": "The unrest was instigated from abroad", "tags": ["kazakhstan"]},
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["tags"] == ["kazakhstan"]
        assert response.json()["state"] == "proposed"
        assert Claim.objects.get().slug == "the-unrest-was-instigated-from-abroad"

    def test_annotator_links_a_statement_to_a_claim_once(self, annotator):
        statement, claim = StatementFactory(), ClaimFactory()
        data = {"statement": statement.pk, "claim": claim.slug, "stance": "denies"}
        first = annotator.post("/api/claim-links/", data, format="json")
        assert first.status_code == 201, first.json()
        assert (first.json()["stance"], first.json()["state"]) == ("denies", "proposed")
        again = annotator.post("/api/claim-links/", data, format="json")
        assert again.status_code == 400
        assert ClaimLink.objects.count() == 1

    def test_a_claim_slug_with_a_nul_character_is_an_unknown_claim(self, annotator):
        """PostgreSQL refused the lookup (500); schemathesis found it."""
        data = {"statement": StatementFactory().pk, "claim": "a\x00b"}
        response = annotator.post("/api/claim-links/", data)
        assert response.status_code == 400
        assert "claim" in response.json()["error"]["fields"]
        assert not ClaimLink.objects.exists()

    def test_annotator_creates_a_speaker_with_aliases(self, annotator):
        response = annotator.post(
            "/api/speakers/",
            {
                "name": "Alexander Lukashenko",
                "role": "President of Belarus",
                "aliases": ["Lukashenka", "Aleksandr Lukashenko"],
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert sorted(response.json()["aliases"]) == ["Aleksandr Lukashenko", "Lukashenka"]
        assert list(Speaker.objects.matching("LUKASHENKA")) == [Speaker.objects.get()]

    def test_an_alias_is_added_to_a_known_speaker(self, annotator):
        speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
        response = annotator.post(
            f"/api/speakers/{speaker.slug}/aliases/", {"name": "Tokayev"}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["aliases"] == ["Tokayev"]

    def test_only_reviewers_delete_statements(self, annotator, reviewer):
        statement = StatementFactory()
        assert annotator.delete(f"/api/statements/{statement.pk}/").status_code == 403
        assert reviewer.delete(f"/api/statements/{statement.pk}/").status_code == 204
        assert not Statement.objects.exists()


def test_an_outlet_domain_is_unique_whatever_its_spelling(annotator):
    first = annotator.post("/api/outlets/", {"name": "BelTA", "domain": "belta.by"}, format="json")
    assert first.status_code == 201, first.json()
    again = annotator.post(
        "/api/outlets/", {"name": "BelTA English", "domain": "WWW.Belta.by"}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["error"]["fields"]["domain"] == ["Another outlet has the domain belta.by."]
