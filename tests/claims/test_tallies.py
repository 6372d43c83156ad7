"""The review progress page's stored tallies stay equal to a count from scratch after every
kind of write, and the page shows what counting every statement and link gives.

``tallies.stored()`` is what the triggers (migration 0017) kept; ``tallies.counted()`` counts
the same from the items with the ORM. ``from_scratch()`` below is the page's figures as they
were computed per request before the tallies (grouping every statement and link). Every test
runs on whichever database the suite runs on: run it on PostgreSQL and on SQLite.
"""

import importlib
import io
import random
import threading
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from claims import linking, review, review_queue, tallies
from claims.models import (
    WAITING_STATES,
    ClaimLink,
    ReviewState,
    ReviewTally,
    Statement,
)
from sources.models import Source
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState
K = ReviewTally.Kind
MACHINE = ReviewTally.MACHINE


@pytest.fixture
def admin():
    return UserFactory(username="root", role="admin")


@pytest.fixture
def ann():
    return UserFactory(username="ann", role="annotator")


def assert_true():
    """The stored tallies of every group and week are what a count from scratch gives."""
    assert tallies.stored() == tallies.counted()
    assert tallies.stored_weeks() == tallies.counted_weeks()


def of(kind, group_id) -> dict:
    """A group's stored counts by state (its shards summed), checked against a count from
    scratch."""
    stored, counted = tallies.stored(), tallies.counted()
    assert stored == counted
    total = defaultdict(int)
    for (row_kind, row_group, _), counts in stored.items():
        if (row_kind, row_group) == (kind, group_id):
            for state, n in counts.items():
                total[state] += n
    return {state: n for state, n in total.items() if n}


def from_scratch() -> dict:
    """The progress page's figures counted per request from every statement and link, as the
    page did before the tallies."""
    by_annotator = defaultdict(lambda: dict.fromkeys(S.values, 0))
    for row in Statement.objects.values("created_by__username", "state").annotate(n=Count("id")):
        by_annotator[row["created_by__username"] or "machine"][row["state"]] = row["n"]
    per_state = {state: Count("id", filter=Q(state=state)) for state in S.values}
    rows = list(
        Statement.objects.values("source_id", "source__title")
        .annotate(waiting=Count("id", filter=Q(state__in=WAITING_STATES)), **per_state)
        .order_by("-waiting", "source_id")[: review_queue.BY_SOURCE_MAX + 1]
    )

    def precision(model):
        decided = model.objects.filter(created_by__isnull=True)
        return review_queue.Precision(
            decided.filter(state=S.ACCEPTED).count(), decided.filter(state=S.REJECTED).count()
        )

    return {
        "by_week": [
            (week, review_queue.Precision(n[S.ACCEPTED], n[S.REJECTED]))
            for week, n in sorted(tallies.counted_weeks().items())
        ],
        "by_annotator": sorted(by_annotator.items()),
        "by_source": [
            (
                {"id": row["source_id"], "title": row["source__title"]},
                {state: row[state] for state in S.values},
            )
            for row in rows[: review_queue.BY_SOURCE_MAX]
        ],
        "more_sources": len(rows) > review_queue.BY_SOURCE_MAX,
        "precision": precision(Statement),
        "link_precision": precision(ClaimLink),
    }


def shown(client) -> dict:
    response = client.get(reverse("claims:review_progress"))
    assert response.status_code == 200
    return {name: response.context[name] for name in from_scratch()}


def test_the_sql_spells_the_review_states():
    """The migration's triggers name a column per state; they must be the states there are,
    and ``waiting`` the sum of the waiting ones."""
    migration = importlib.import_module("claims.migrations.0017_review_tallies")
    assert list(migration.STATES) == S.values
    assert migration.SHARDS == ReviewTally.SHARDS
    tally = ReviewTally.objects.create(
        kind=K.SOURCE, group_id=10**6, **{state: 2**n for n, state in enumerate(S.values)}
    )
    tally.refresh_from_db()
    assert tally.waiting == sum(2 ** S.values.index(state) for state in WAITING_STATES)


def test_statements_are_counted_by_source_and_by_who_made_them(admin, ann):
    source = SourceFactory()
    StatementFactory.create_batch(2, source=source)
    review.create(StatementFactory.build(source=source, speaker=None), user=ann)
    StatementFactory(state=S.ACCEPTED)
    assert of(K.SOURCE, source.pk) == {S.SUGGESTED: 2, S.PROPOSED: 1}
    assert of(K.STATEMENT_AUTHOR, MACHINE) == {S.SUGGESTED: 2, S.ACCEPTED: 1}
    assert of(K.STATEMENT_AUTHOR, ann.pk) == {S.PROPOSED: 1}
    assert_true()


@pytest.mark.parametrize(
    "path",
    [
        [S.ACCEPTED],
        [S.REJECTED],
        [S.CHANGES_REQUESTED],
        [S.CHANGES_REQUESTED, S.REJECTED],
        [S.REJECTED, S.PROPOSED],  # reopened
        [S.ACCEPTED, S.PROPOSED, S.REJECTED],
    ],
)
def test_review_transitions_of_statements_and_links(admin, path):
    link = ClaimLinkFactory()
    statement = link.statement
    for state in path:
        statement = review.transition(
            statement, state, user=admin, base_version=statement.version, comment="Why?"
        )
        link = review.transition(link, state, user=admin, base_version=link.version, comment="?")
    assert of(K.SOURCE, statement.source_id) == {path[-1]: 1}
    assert of(K.STATEMENT_AUTHOR, MACHINE) == {path[-1]: 1}
    assert of(K.LINK_AUTHOR, MACHINE) == {path[-1]: 1}


def test_links_are_counted_by_who_made_them(admin, ann):
    ClaimLinkFactory.create_batch(2)
    review.create(ClaimLink(claim=ClaimFactory(), statement=StatementFactory()), user=admin)
    assert of(K.LINK_AUTHOR, MACHINE) == {S.SUGGESTED: 2}
    assert of(K.LINK_AUTHOR, admin.pk) == {S.PROPOSED: 1}


def test_deleting_a_link_a_statement_and_a_source(admin):
    source = SourceFactory()
    links = [ClaimLinkFactory(statement=StatementFactory(source=source)) for _ in range(4)]
    review.delete(links[0], user=admin)
    assert of(K.LINK_AUTHOR, MACHINE) == {S.SUGGESTED: 3}
    review.delete(links[1].statement, user=admin)  # its links go with it
    assert of(K.SOURCE, source.pk) == {S.SUGGESTED: 3}
    assert of(K.LINK_AUTHOR, MACHINE) == {S.SUGGESTED: 2}
    source.delete()  # its statements and their links go with it
    assert of(K.SOURCE, source.pk) == {}
    assert of(K.STATEMENT_AUTHOR, MACHINE) == {}
    assert of(K.LINK_AUTHOR, MACHINE) == {}
    assert_true()


def test_a_deleted_users_items_become_the_machines(ann):
    review.create(StatementFactory.build(source=SourceFactory(), speaker=None), user=ann)
    StatementFactory()
    ann.delete()  # created_by is set null
    assert of(K.STATEMENT_AUTHOR, MACHINE) == {S.SUGGESTED: 1, S.PROPOSED: 1}
    assert_true()


def test_an_authors_statements_are_counted_in_a_row_per_shard_of_their_sources(ann):
    sources = [SourceFactory() for _ in range(3)]
    for source in sources:
        StatementFactory(source=source)
    shards = {source.pk % ReviewTally.SHARDS for source in sources}
    rows = ReviewTally.objects.filter(kind=K.STATEMENT_AUTHOR, group_id=MACHINE)
    assert set(rows.values_list("shard", flat=True)) == shards
    assert of(K.STATEMENT_AUTHOR, MACHINE) == {S.SUGGESTED: 3}
    assert review_queue.by_annotator() == [
        ("machine", {**dict.fromkeys(S.values, 0), S.SUGGESTED: 3})
    ]


def test_bulk_loads_and_bulk_decisions(admin):
    source = SourceFactory()
    statements = Statement.objects.bulk_create(
        [StatementFactory.build(source=source, speaker=None) for _ in range(5)]
    )
    claim = ClaimFactory()
    assert linking.store_suggested_links([(s, claim.pk, 0.5, "shared words") for s in statements])
    assert of(K.SOURCE, source.pk) == {S.SUGGESTED: 5}
    assert of(K.LINK_AUTHOR, MACHINE) == {S.SUGGESTED: 5}
    assert review.reject_suggestions(user=admin, claim=claim) == 5
    assert of(K.LINK_AUTHOR, MACHINE) == {S.REJECTED: 5}
    Statement.objects.filter(pk__in=[s.pk for s in statements[:3]]).update(state=S.ACCEPTED)
    assert of(K.SOURCE, source.pk) == {S.SUGGESTED: 2, S.ACCEPTED: 3}
    Statement.objects.filter(source=source).delete()
    assert of(K.SOURCE, source.pk) == {}
    assert_true()


@pytest.mark.django_db(transaction=True)
def test_a_dump_loaded_by_load_jsonl(tmp_path, ann):
    review.create(StatementFactory.build(source=SourceFactory(), speaker=None), user=ann)
    ClaimLinkFactory(state=S.ACCEPTED)
    expected = tallies.stored()
    dump = tmp_path / "dump.jsonl"
    call_command("dump_jsonl", str(dump))
    call_command("flush", interactive=False, verbosity=0)
    assert not tallies.stored()
    call_command("load_jsonl", str(dump), "--full-instance", verbosity=0)
    assert tallies.stored() == expected
    assert_true()


def test_rebuild_repairs_what_bypassed_the_triggers(ann):
    source = SourceFactory()
    StatementFactory.create_batch(2, source=source)
    review.create(StatementFactory.build(source=SourceFactory(), speaker=None), user=ann)
    ReviewTally.objects.filter(kind=K.SOURCE, group_id=source.pk).update(accepted=7)
    ReviewTally.objects.filter(kind=K.STATEMENT_AUTHOR).delete()
    ReviewTally.objects.create(kind=K.LINK_AUTHOR, group_id=MACHINE, rejected=3)
    assert tallies.stored() != tallies.counted()
    stdout = io.StringIO()
    call_command("rebuild_tallies", stdout=stdout)
    assert "4 were wrong or missing" in stdout.getvalue()
    assert_true()
    assert tallies.rebuild() == 0


def decide(item, state, user, at=None):
    item = review.transition(item, state, user=user, base_version=item.version, comment="?")
    if at:  # as if it had been decided then
        item.history.filter(history_id=item.history.latest().history_id).update(history_date=at)
    return item


MONDAY = date(2026, 11, 2)


def at(day: int, hour: int = 12) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), datetime.min.time(), UTC).replace(
        hour=hour
    )


def suggested() -> Statement:
    """The machine's suggestion, made a month before ``MONDAY``."""
    statement = StatementFactory()
    statement.history.update(history_date=at(-30))
    return statement


def weeks() -> dict:
    stored = tallies.stored_weeks()
    assert stored == tallies.counted_weeks()
    return {week: (n[S.ACCEPTED], n[S.REJECTED]) for week, n in stored.items()}


def test_weeks_are_counted_in_the_time_zone_pages_show_them_in(settings):
    """The history's triggers find a decision's Monday in UTC (claims/0017): the page's weeks
    are ``timezone.localdate``'s, so the site's time zone must be UTC too."""
    assert settings.TIME_ZONE == "UTC"


def test_decisions_are_counted_in_the_week_they_were_made(admin, ann):
    first, second = suggested(), suggested()
    decide(first, S.ACCEPTED, admin, at(0, 0))  # a Monday, at midnight
    decide(second, S.REJECTED, admin, at(6, 23))  # the Sunday after, late
    by_hand = review.create(StatementFactory.build(source=SourceFactory(), speaker=None), user=ann)
    by_hand.history.update(history_date=at(-30))
    decide(by_hand, S.ACCEPTED, admin, at(1))  # not the machine's
    assert weeks() == {MONDAY: (1, 1)}
    review.edit(first, {"cue": "stated"}, user=admin, base_version=2)  # not a decision
    assert weeks() == {MONDAY: (1, 1)}


def test_a_suggestion_reopened_and_decided_again_counts_in_each_week(admin):
    statement = decide(suggested(), S.ACCEPTED, admin, at(2))
    statement = decide(statement, S.PROPOSED, admin, at(8))  # reopened
    decide(statement, S.REJECTED, admin, at(9))
    assert weeks() == {MONDAY: (1, 0), MONDAY + timedelta(days=7): (0, 1)}


def test_history_records_redated_or_removed(admin):
    statement = decide(suggested(), S.ACCEPTED, admin, at(2))
    history = Statement.history.filter(id=statement.pk)
    history.update(history_date=at(-3))  # every record a week earlier
    assert weeks() == {MONDAY - timedelta(days=7): (1, 0)}
    history.order_by("history_date", "history_id").first().delete()  # the suggestion's record
    assert weeks() == {}  # nothing before the acceptance: not a decision
    Statement.history.filter(id=statement.pk).update(state=S.REJECTED)
    assert weeks() == {}
    StatementFactory(state=S.ACCEPTED)  # made accepted: no decision either
    assert weeks() == {}


def test_statements_bulk_created_and_their_history(admin):
    statements = Statement.objects.bulk_create(
        [StatementFactory.build(source=SourceFactory(), speaker=None) for _ in range(3)]
    )
    for statement in statements[:2]:
        decide(statement, S.REJECTED, admin)
    today = timezone.localdate()
    assert weeks() == {today - timedelta(days=today.weekday()): (0, 2)}
    review.delete(statements[0], user=admin)  # a record of the deletion: no decision
    assert weeks() == {today - timedelta(days=today.weekday()): (0, 2)}


def test_the_page_shows_what_counting_every_item_gives(client, admin, ann):
    for n in range(3):
        source = SourceFactory(title=f"Story {n}")
        for state in [S.SUGGESTED, S.ACCEPTED, S.REJECTED][: n + 1]:
            ClaimLinkFactory(statement=StatementFactory(source=source, state=state), state=state)
    review.create(StatementFactory.build(source=source, speaker=None), user=ann)
    client.force_login(admin)
    assert shown(client) == from_scratch()
    assert shown(client)["precision"] == review_queue.Precision(2, 1)


def test_the_page_lists_the_sources_with_most_waiting_and_says_there_are_more(client, admin):
    sources = SourceFactory.create_batch(review_queue.BY_SOURCE_MAX + 2)
    statements = Statement.objects.bulk_create(
        [
            StatementFactory.build(
                source=source, speaker=None, state=[S.ACCEPTED, S.SUGGESTED][n % 2]
            )
            for n, source in enumerate(sources)
            for _ in range(n % 3 + 1)
        ]
    )
    client.force_login(admin)
    page = shown(client)
    assert page == from_scratch()
    assert page["more_sources"]
    Statement.objects.filter(pk__in=[s.pk for s in statements]).update(state=S.ACCEPTED)
    page = shown(client)
    assert page == from_scratch()
    assert [source["id"] for source, _ in page["by_source"]] == [
        s.pk for s in sources[: review_queue.BY_SOURCE_MAX]
    ]


def test_the_page_reads_a_fixed_number_of_queries(client, admin, django_assert_num_queries):
    """Session, user, permissions; the by-week decisions, the annotators, two precisions, the
    sources and their titles — however many statements there are."""
    client.force_login(admin)
    for n in range(3):
        StatementFactory.create_batch(n + 1, source=SourceFactory())
    with django_assert_num_queries(9):
        assert client.get(reverse("claims:review_progress")).status_code == 200
    ClaimLinkFactory.create_batch(5)
    with django_assert_num_queries(9):
        assert client.get(reverse("claims:review_progress")).status_code == 200


def test_a_random_sequence_of_writes(client, admin, ann):
    """Any mix of writes, in any order, leaves every tally true and the page as counted."""
    rng = random.Random(16)
    people = [None, admin, ann]
    sources = SourceFactory.create_batch(3)
    claims = ClaimFactory.create_batch(2)

    def pick(model):
        rows = list(model.objects.order_by("pk"))
        return rng.choice(rows) if rows else None

    def add():
        StatementFactory(
            source=rng.choice(sources), created_by=rng.choice(people), state=rng.choice(S.values)
        )

    def link():
        statement, claim = pick(Statement), rng.choice(claims)
        if statement and not ClaimLink.objects.filter(claim=claim, statement=statement).exists():
            ClaimLinkFactory(
                claim=claim, statement=statement, created_by=rng.choice(people),
                state=rng.choice(S.values),
            )  # fmt: skip

    def decide_any():
        if item := pick(rng.choice([Statement, ClaimLink])):
            item.state = rng.choice(S.values)
            item.save()

    def reassign():
        if item := pick(rng.choice([Statement, ClaimLink])):
            item.created_by = rng.choice(people)
            item.save()

    def bulk_decide():
        model = rng.choice([Statement, ClaimLink])
        some = [pk for pk in model.objects.values_list("pk", flat=True) if rng.random() < 0.5]
        model.objects.filter(pk__in=some).update(state=rng.choice(S.values))

    def remove():
        if obj := pick(rng.choice([ClaimLink, Statement, Source])):
            if isinstance(obj, Source):
                sources[sources.index(obj)] = SourceFactory()
            obj.delete()

    def redate_history():
        if record := pick(Statement.history.model):
            record.history_date = record.history_date - timedelta(days=rng.choice([-9, 3, 8]))
            record.save()

    def forget_history():
        if record := pick(Statement.history.model):
            record.delete()

    writes = [
        add, add, add, link, decide_any, decide_any, decide_any, reassign, bulk_decide, remove,
        redate_history, forget_history,
    ]  # fmt: skip
    for _ in range(60):
        rng.choice(writes)()
        assert_true()
    assert tallies.stored()
    client.force_login(admin)
    assert shown(client) == from_scratch()


@pytest.mark.django_db(transaction=True)
def test_suggestions_stored_for_two_sources_at_once_do_not_wait_for_each_other():
    """Ingestion stores a source's suggestions, then matches them to claims, in one
    transaction: another worker storing another source's meanwhile must not wait on the
    machine's row (PostgreSQL: a row lock held until commit; SQLite has one writer anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    first, second = SourceFactory(), SourceFactory()
    assert first.pk % ReviewTally.SHARDS != second.pk % ReviewTally.SHARDS
    stored, done = threading.Event(), threading.Event()
    outcome = {}

    def worker():  # stores its suggestion and holds its transaction, as while matching
        try:
            with transaction.atomic():
                StatementFactory(source=first)
                stored.set()
                done.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert stored.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            StatementFactory(source=second)
            outcome["stored"] = True
    finally:
        done.set()
        thread.join(timeout=10)
    assert outcome == {"stored": True}
    assert_true()
