"""A source annotated by two annotators: agreement figures and a reviewer resolving it."""

import pytest
from django.urls import reverse

from claims import review_queue
from claims.models import Assignment, ReviewState
from tests.factories import (
    AssignmentFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState


@pytest.fixture
def doubly_annotated(users):
    source = SourceFactory()
    text = source.text
    anna = AssignmentFactory(
        source=source, annotator=UserFactory(username="anna", role="annotator")
    )
    ben = AssignmentFactory(source=source, annotator=UserFactory(username="ben", role="annotator"))
    novak, service = SpeakerFactory(name="Jana Novak"), SpeakerFactory(name="Weather service")
    quote = (text.index("The river"), text.index(",\u201d"))
    rain = (text.index("more rain"), text.index(" is expected"))

    def made_by(assignment, span, speaker):
        return StatementFactory(
            source=source,
            start=span[0],
            end=span[1],
            speaker=speaker,
            state=S.PROPOSED,
            assignment=assignment,
            created_by=assignment.annotator,
        )

    statements = {
        "anna_quote": made_by(anna, quote, novak),
        "ben_quote": made_by(ben, (quote[0], quote[1] - 7), novak),  # a few words shorter
        "anna_rain": made_by(anna, rain, service),
        "ben_rain": made_by(ben, rain, novak),  # wrong speaker
    }
    return source, statements


def test_comparison_pairs_the_two_annotators_spans(doubly_annotated):
    source, st = doubly_annotated
    comparison = review_queue.compare(source)
    assert [(a.key, b.key) for a, b in comparison.result.pairs] == [
        (st["anna_quote"], st["ben_quote"]),
        (st["anna_rain"], st["ben_rain"]),
    ]
    assert comparison.result.span_f1 == pytest.approx(1.0)
    assert comparison.result.speaker_agreement == pytest.approx(0.5)


def test_compare_page_shows_both_versions_and_the_figures(doubly_annotated, users, client):
    source, st = doubly_annotated
    client.force_login(users["reviewer"])
    content = client.get(reverse("claims:review_compare", args=[source.pk])).content.decode()
    assert "A: anna" in content
    assert "B: ben" in content
    assert "span F1" in content
    assert st["ben_quote"].text in content


def choose(client, source, chosen, other, other_version):
    data = {"chosen": chosen.pk, "chosen_version": 1, "other": other.pk}
    return client.post(
        reverse("claims:review_resolve", args=[source.pk]), data | {"other_version": other_version}
    )


def test_reviewer_resolves_a_pair_by_choosing_one_version(doubly_annotated, users, client):
    source, st = doubly_annotated
    client.force_login(users["reviewer"])
    response = choose(client, source, st["anna_rain"], st["ben_rain"], other_version=1)
    assert response.status_code == 302
    for statement in st.values():
        statement.refresh_from_db()
    assert st["anna_rain"].state == S.ACCEPTED
    assert st["ben_rain"].state == S.REJECTED
    assert st["anna_quote"].state == S.PROPOSED


def test_a_stale_resolution_changes_neither_version(doubly_annotated, users, client):
    source, st = doubly_annotated
    client.force_login(users["reviewer"])
    response = choose(client, source, st["anna_rain"], st["ben_rain"], other_version=5)
    assert response.status_code == 409
    st["anna_rain"].refresh_from_db()
    assert (st["anna_rain"].state, st["anna_rain"].version) == (S.PROPOSED, 1)


def test_reviewer_assigns_a_source_to_an_annotator(users, client):
    source = SourceFactory()
    client.force_login(users["reviewer"])
    response = client.post(
        reverse("claims:review_assign", args=[source.pk]), {"annotator": users["annotator"].pk}
    )
    assert response.status_code == 302
    assert Assignment.objects.get(source=source).annotator == users["annotator"]


def test_annotators_cannot_assign(users, client):
    source = SourceFactory()
    client.force_login(users["annotator"])
    response = client.post(
        reverse("claims:review_assign", args=[source.pk]), {"annotator": users["annotator"].pk}
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()
