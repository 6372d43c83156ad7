"""A claim's stored figures stay equal to a count from scratch after every kind of write.

``figures.stored()`` is what the triggers (migration 0013) kept; ``figures.counted()`` counts
the same from the links with the ORM and the Python rule (``live_link()``). Every test runs on
whichever database the suite runs on: run it on PostgreSQL and on SQLite.
"""

import importlib
import io
import random
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from claims import figures, linking, review
from claims.models import (
    NOT_REJECTED,
    Claim,
    ClaimFigures,
    ClaimLink,
    ReviewState,
    Speaker,
    Statement,
)
from sources.models import Source
from tests.api.conftest import client_for
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState
JAN = [datetime(2022, 1, day, 9, tzinfo=UTC) for day in range(1, 32)]


@pytest.fixture
def admin():
    return UserFactory(username="root", role="admin")


def assert_true():
    """The stored figures of every claim are what a count from scratch gives."""
    assert figures.stored() == figures.counted()


def of(claim) -> dict:
    row = figures.stored()[claim.pk]
    assert row == figures.counted()[claim.pk]
    return row


def said(claim, *, speaker=None, outlet=None, published=JAN[0], **fields) -> ClaimLink:
    """A link of ``claim`` to a new statement by ``speaker`` in ``outlet``'s source."""
    source = SourceFactory(outlet=outlet or OutletFactory(), published_at=published)
    statement = StatementFactory(source=source, speaker=speaker or SpeakerFactory())
    return ClaimLinkFactory(claim=claim, statement=statement, **fields)


def test_the_sql_spells_the_python_rule_of_what_counts():
    """The migration's triggers cannot call ``live_link()``; their states must be its states."""
    migration = importlib.import_module("claims.migrations.0013_claim_figures")
    assert sorted(migration.LIVE_STATES) == sorted(NOT_REJECTED)


def test_a_new_claim_has_zero_figures():
    claim = ClaimFactory()
    assert of(claim) == figures.ZERO
    assert Claim.objects.with_figures().get(pk=claim.pk).figures.statement_count == 0


def test_links_are_counted_with_their_speakers_outlets_and_dates():
    claim, speaker, outlet = ClaimFactory(), SpeakerFactory(), OutletFactory()
    said(claim, speaker=speaker, outlet=outlet, published=JAN[9])
    said(claim, speaker=speaker, published=JAN[2])
    said(claim, outlet=outlet, published=JAN[20])
    said(ClaimFactory())  # another claim's
    assert of(claim) == {
        "statement_count": 3,
        "speaker_count": 2,
        "outlet_count": 2,
        "first_seen": JAN[2],
        "last_seen": JAN[20],
    }
    assert_true()


def test_a_statement_without_speaker_or_outlet_or_date_counts_only_as_a_statement():
    claim = ClaimFactory()
    source = SourceFactory(outlet=None, published_at=None)
    ClaimLinkFactory(claim=claim, statement=StatementFactory(source=source, speaker=None))
    assert of(claim) == figures.ZERO | {"statement_count": 1}


@pytest.mark.parametrize(
    ("path", "counts"),
    [
        ([S.ACCEPTED], 2),
        ([S.REJECTED], 1),
        ([S.CHANGES_REQUESTED], 2),
        ([S.CHANGES_REQUESTED, S.REJECTED], 1),
        ([S.REJECTED, S.PROPOSED], 2),  # reopened
        ([S.ACCEPTED, S.PROPOSED, S.REJECTED], 1),
    ],
)
def test_review_transitions_of_a_link(admin, path, counts):
    claim = ClaimFactory()
    said(claim, published=JAN[0])
    link = said(claim, published=JAN[5], state=S.SUGGESTED)
    for state in path:
        link = review.transition(
            link, state, user=admin, base_version=link.version, comment="Is it the same claim?"
        )
    assert of(claim)["statement_count"] == counts
    assert of(claim)["last_seen"] == (JAN[5] if counts == 2 else JAN[0])


def test_review_transitions_of_a_statement(admin):
    claim = ClaimFactory()
    kept, dropped = said(claim), said(claim)
    statement = dropped.statement
    statement = review.transition(statement, S.REJECTED, user=admin, base_version=1)
    assert of(claim)["statement_count"] == 1
    assert of(claim)["speaker_count"] == 1
    review.transition(statement, S.PROPOSED, user=admin, base_version=statement.version)
    assert of(claim)["statement_count"] == 2
    assert kept.statement.state != S.REJECTED


def test_created_through_review(admin):
    claim = review.create(Claim(text="Prices will double"), user=admin)
    assert of(claim) == figures.ZERO
    statement = StatementFactory()
    review.create(ClaimLink(claim=claim, statement=statement), user=admin)
    assert of(claim)["statement_count"] == 1


def test_deleting_a_link_a_statement_a_source_and_a_claim(admin):
    claim = ClaimFactory()
    links = [said(claim, published=JAN[n]) for n in range(4)]
    review.delete(links[0], user=admin)
    assert of(claim)["first_seen"] == JAN[1]
    review.delete(links[1].statement, user=admin)  # its links go with it
    assert of(claim)["statement_count"] == 2
    links[2].statement.source.delete()  # its statements and their links go with it
    assert of(claim) == {
        "statement_count": 1,
        "speaker_count": 1,
        "outlet_count": 1,
        "first_seen": JAN[3],
        "last_seen": JAN[3],
    }
    review.delete(claim, user=admin)
    assert not ClaimFigures.objects.filter(pk=claim.pk).exists()
    assert_true()


def test_a_statement_given_another_speaker_and_speakers_merged(admin):
    claim, first, second = ClaimFactory(), SpeakerFactory(), SpeakerFactory()
    said(claim, speaker=first)
    moved = said(claim, speaker=second).statement
    said(claim, speaker=SpeakerFactory())
    assert of(claim)["speaker_count"] == 3
    moved.speaker = None
    moved.save()
    assert of(claim)["speaker_count"] == 2
    moved.speaker = second
    moved.save()
    review.merge_speakers(first, second, user=admin)
    assert of(claim)["speaker_count"] == 2
    assert not Speaker.objects.filter(pk=second.pk).exists()


def test_a_source_redated_or_given_another_outlet():
    claim, outlet = ClaimFactory(), OutletFactory()
    link = said(claim, outlet=outlet, published=JAN[3])
    said(claim, outlet=outlet, published=JAN[4])
    source = link.statement.source
    source.published_at = JAN[30]
    source.outlet = OutletFactory()
    source.save()
    assert of(claim) == {
        "statement_count": 2,
        "speaker_count": 2,
        "outlet_count": 2,
        "first_seen": JAN[4],
        "last_seen": JAN[30],
    }


def test_a_link_moved_to_another_claim_recounts_both():
    old, new = ClaimFactory(), ClaimFactory()
    link = said(old)
    said(old)
    ClaimLink.objects.filter(pk=link.pk).update(claim=new)
    assert (of(old)["statement_count"], of(new)["statement_count"]) == (1, 1)


def test_matcher_bulk_create_and_bulk_rejection(admin):
    claim = ClaimFactory()
    statements = [StatementFactory() for _ in range(5)]
    stored = linking.store_suggested_links([(s, claim.pk, 0.5, "shared words") for s in statements])
    assert stored == 5
    assert of(claim)["statement_count"] == 5
    ClaimLink.objects.bulk_create(
        [ClaimLink(claim=ClaimFactory(), statement=s) for s in statements[:2]]
    )
    assert_true()
    assert review.reject_suggestions(user=admin, claim=claim) == 5
    assert of(claim)["statement_count"] == 0
    Statement.objects.filter(pk__in=[s.pk for s in statements]).update(state=S.REJECTED)
    assert_true()


@pytest.mark.django_db(transaction=True)
def test_a_dump_loaded_by_load_jsonl(tmp_path):
    claim = ClaimFactory()
    for n in range(3):
        said(claim, published=JAN[n])
    said(claim, state=S.REJECTED)
    expected = of(claim)
    dump = tmp_path / "dump.jsonl"
    call_command("dump_jsonl", str(dump))
    call_command("flush", interactive=False, verbosity=0)
    assert not ClaimFigures.objects.exists()
    call_command("load_jsonl", str(dump), "--full-instance", verbosity=0)
    assert figures.stored() == {claim.pk: expected}
    assert_true()


def test_rebuild_repairs_what_bypassed_the_triggers():
    claim = ClaimFactory()
    said(claim)
    said(ClaimFactory())
    ClaimFigures.objects.filter(pk=claim.pk).update(statement_count=7, first_seen=None)
    ClaimFigures.objects.exclude(pk=claim.pk).delete()
    assert figures.stored() != figures.counted()
    out = call_command_output("rebuild_figures")
    assert "2 were wrong or missing" in out
    assert_true()
    assert figures.rebuild() == 0


def call_command_output(*args) -> str:
    stdout = io.StringIO()
    call_command(*args, stdout=stdout)
    return stdout.getvalue()


def test_the_claims_list_and_the_api_show_and_sort_by_the_stored_figures(client, admin):
    few, many = ClaimFactory(), ClaimFactory()
    said(few, published=JAN[7])
    for n in range(3):
        said(many, published=JAN[10 + n])
    said(many, state=S.REJECTED)
    client.force_login(admin)
    response = client.get("/claims/", {"sort": "statements"})
    assert [c.pk for c in response.context["page"]] == [many.pk, few.pk]
    assert "3 statements · 3 speakers" in " ".join(response.content.decode().split())
    assert "first seen 8 Jan 2022" in response.content.decode()
    response = client.get("/claims/", {"sort": "first_seen"})
    assert [c.pk for c in response.context["page"]] == [few.pk, many.pk]
    listed = client_for(admin).get("/api/claims/").json()["results"]
    assert {c["slug"]: c["statement_count"] for c in listed} == {few.slug: 1, many.slug: 3}


def test_a_random_sequence_of_writes(admin):
    """Any mix of writes, in any order, leaves every claim's figures true."""
    rng = random.Random(20)
    claims = [ClaimFactory() for _ in range(3)]
    speakers = [SpeakerFactory() for _ in range(3)]
    outlets = [OutletFactory() for _ in range(3)]

    def add():
        said(
            rng.choice(claims),
            speaker=rng.choice(speakers),
            outlet=rng.choice(outlets),
            published=rng.choice([*JAN, None]),
        )

    def pick(model):
        rows = list(model.objects.order_by("pk"))
        return rng.choice(rows) if rows else None

    def decide():
        link = pick(ClaimLink)
        if link:
            link.state = rng.choice(S.values)
            link.save()

    def decide_statement():
        if statement := pick(Statement):
            statement.state = rng.choice(S.values)
            statement.save()

    def reattribute():
        if statement := pick(Statement):
            statement.speaker = rng.choice([*speakers, None])
            statement.save()

    def redate():
        if source := pick(Source):
            source.published_at = rng.choice([*JAN, None])
            source.outlet = rng.choice([*outlets, None])
            source.save()

    def move():
        if link := pick(ClaimLink):
            target = rng.choice(claims)
            if not ClaimLink.objects.filter(claim=target, statement=link.statement).exists():
                link.claim = target
                link.save()

    def remove():
        if obj := pick(rng.choice([ClaimLink, Statement, Source])):
            obj.delete()

    def link_again():
        statement, claim = pick(Statement), rng.choice(claims)
        if statement and not ClaimLink.objects.filter(claim=claim, statement=statement).exists():
            ClaimLinkFactory(claim=claim, statement=statement, state=rng.choice(S.values))

    writes = [add, add, decide, decide_statement, reattribute, redate, move, remove, link_again]
    for _ in range(60):
        rng.choice(writes)()
        assert_true()
    assert sum(row["statement_count"] for row in figures.stored().values()) > 0
