"""review.edit: who may change what, spans moved safely, stale edits refused with what changed."""

import pytest
from django.core.exceptions import ValidationError

from claims import review
from claims.models import ReviewState, Statement
from tests.factories import AssignmentFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_annotator_corrects_a_suggestion(users):
    statement = StatementFactory(cue="said")
    speaker = SpeakerFactory(name="Environment Ministry")
    review.edit(
        statement, {"cue": "stated", "speaker": speaker.pk}, user=users["annotator"], base_version=1
    )
    statement.refresh_from_db()
    assert (statement.cue, statement.speaker, statement.version) == ("stated", speaker, 2)


def test_moving_the_span_reads_the_new_text_from_the_source(users):
    statement = StatementFactory()
    text = statement.source.text
    start = text.index("The river")
    end = text.index(" before Friday")
    review.edit(statement, {"start": start, "end": end}, user=users["annotator"], base_version=1)
    statement.refresh_from_db()
    assert statement.text == "The river will rise by two metres"
    assert statement.source.text[statement.start : statement.end] == statement.text


def test_a_span_outside_the_source_is_refused_and_nothing_changes(users):
    statement = StatementFactory()
    with pytest.raises(ValidationError):
        review.edit(statement, {"end": 10_000}, user=users["annotator"], base_version=1)
    fresh = type(statement).objects.get(pk=statement.pk)
    assert (fresh.end, fresh.version) == (statement.end, 1)


def test_fields_outside_the_edit_list_are_refused(users):
    statement = StatementFactory()
    with pytest.raises(ValidationError):
        review.edit(statement, {"state": "accepted"}, user=users["annotator"], base_version=1)
    statement.refresh_from_db()
    assert statement.state == ReviewState.SUGGESTED


def test_analysts_cannot_edit(users):
    statement = StatementFactory()
    with pytest.raises(review.TransitionNotAllowed) as refused:
        review.edit(statement, {"cue": "x"}, user=users["analyst"], base_version=1)
    assert refused.value.status_code == 403


def test_an_accepted_item_is_edited_by_a_reviewer_not_an_annotator(users):
    claim = ClaimFactory(state=ReviewState.ACCEPTED, text="Old wording")
    with pytest.raises(review.TransitionNotAllowed):
        review.edit(claim, {"text": "New wording"}, user=users["annotator"], base_version=1)
    review.edit(claim, {"text": "New wording"}, user=users["reviewer"], base_version=1)
    claim.refresh_from_db()
    assert claim.text == "New wording"


def test_stale_edit_is_refused_with_conflict(users):
    statement = StatementFactory(cue="said", speaker_mention="the minister")
    review.edit(statement, {"cue": "stated"}, user=users["reviewer"], base_version=1)
    with pytest.raises(review.StaleVersion) as conflict:
        review.edit(
            statement, {"speaker_mention": "Novak"}, user=users["annotator"], base_version=1
        )
    assert conflict.value.as_dict() == {
        "detail": conflict.value.message,
        "base_version": 1,
        "current_version": 2,
        "changed": {"cue": {"base": "said", "current": "stated"}},
    }
    statement.refresh_from_db()
    assert (statement.cue, statement.speaker_mention) == ("stated", "the minister")


def test_speakers_are_edited_with_a_version_too(users):
    speaker = SpeakerFactory(name="Jana Novak")
    review.edit(speaker, {"role": "Prime Minister"}, user=users["annotator"], base_version=1)
    with pytest.raises(review.StaleVersion):
        review.edit(speaker, {"role": "Minister"}, user=users["annotator"], base_version=1)
    speaker.refresh_from_db()
    assert (speaker.role, speaker.version) == ("Prime Minister", 2)


def test_an_annotator_creates_a_proposed_statement_of_their_own(users):
    assignment = AssignmentFactory(annotator=users["annotator"])
    source = assignment.source
    start = source.text.index("more rain")
    statement = review.create(
        Statement.at_span(source, start, start + 9, kind="indirect", assignment=assignment),
        user=users["annotator"],
        comment="Missed by the machine",
    )
    assert (statement.state, statement.created_by, statement.version) == (
        ReviewState.PROPOSED,
        users["annotator"],
        1,
    )
    first = review.history_for(statement)[0]
    assert (first["action"], first["user"], first["comment"]) == (
        "created",
        "annotator",
        "Missed by the machine",
    )


def test_a_statement_cannot_be_made_under_someone_elses_assignment(users):
    assignment = AssignmentFactory()  # another annotator's
    source = assignment.source
    with pytest.raises(review.TransitionNotAllowed) as refused:
        review.create(
            Statement.at_span(source, 0, 5, kind="indirect", assignment=assignment),
            user=users["annotator"],
        )
    assert refused.value.status_code == 400
    assert not Statement.objects.exists()


def test_analysts_cannot_create(users):
    with pytest.raises(review.TransitionNotAllowed) as refused:
        review.create(ClaimFactory.build(), user=users["analyst"])
    assert refused.value.status_code == 403
