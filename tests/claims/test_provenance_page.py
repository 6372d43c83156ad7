"""The claim page's stored provenance is the answer ``for_claim()`` gives now, after every
kind of write that changes it, and is read back, not recomputed, while nothing changed.

``stored(claim)`` is what the page reads; ``fresh(claim)`` computes it from scratch. Each
write below must change the answer (checked, so a write that changes nothing cannot pass
for one the triggers caught). Runs on whichever database the suite runs on: run it on
PostgreSQL and on SQLite.
"""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from claims import provenance, provenance_page, review
from claims.models import ClaimLink, ClaimProvenance, ReviewState, Speaker, Statement
from sources.models import Outlet, Source
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


def stored(claim, accepted_only=False) -> dict:
    return provenance_page.for_page(claim, accepted_only).to_json()


def fresh(claim, accepted_only=False) -> dict:
    found = provenance.for_claim(claim, accepted_only)
    return provenance_page.PageProvenance.of(claim, found).to_json()


def row(claim) -> ClaimProvenance:
    return ClaimProvenance.objects.get(claim=claim)


@pytest.fixture
def admin():
    return UserFactory(username="root", role="admin")


@pytest.fixture
def claim():
    """Three statements of one claim in two outlets, one of them only suggested."""
    claim = ClaimFactory()
    belta, tass = OutletFactory(name="BelTA"), OutletFactory(name="TASS")
    first = SourceFactory(outlet=belta, published_at=JAN[3])
    second = SourceFactory(outlet=tass, published_at=JAN[5])
    speaker = SpeakerFactory(name="Alexander Lukashenko")
    for source, state in ((first, S.ACCEPTED), (second, S.ACCEPTED), (second, S.SUGGESTED)):
        statement = StatementFactory(source=source, speaker=speaker, state=state)
        ClaimLinkFactory(claim=claim, statement=statement, state=state)
    return claim


def test_every_claim_has_its_row_from_the_start():
    claim = ClaimFactory()
    assert row(claim).version == 0
    assert row(claim).summary(False) is None


def test_the_page_reads_the_stored_summary_while_nothing_changes(claim):
    first = stored(claim)
    assert first == fresh(claim)
    assert row(claim).summary(False) == first
    # What is stored is what is shown: a summary changed behind the triggers' back shows.
    ClaimProvenance.objects.filter(claim=claim).update(live={**first, "speakers": ["Nobody"]})
    assert stored(claim)["speakers"] == ["Nobody"]


def test_the_live_and_the_accepted_summaries_are_kept_apart(claim):
    live, accepted = stored(claim), stored(claim, accepted_only=True)
    assert len(live["statement_ids"]) == 3
    assert len(accepted["statement_ids"]) == 2
    assert stored(claim) == live
    assert stored(claim, accepted_only=True) == accepted


def _first_link(claim):
    return claim.links.order_by("pk").first()


def _suggested_link(claim):
    return claim.links.get(state=S.SUGGESTED)


def _reject_link(claim, admin):
    link = _suggested_link(claim)
    review.transition(link, S.REJECTED, user=admin, base_version=link.version)


def _accept_suggestion(claim, admin):
    link = _suggested_link(claim)
    review.transition(link, S.ACCEPTED, user=admin, base_version=link.version)


def _reject_statement(claim, admin):
    statement = _suggested_link(claim).statement
    review.transition(statement, S.REJECTED, user=admin, base_version=statement.version)


def _stance(claim, admin):
    ClaimLink.objects.filter(pk=_first_link(claim).pk).update(stance=ClaimLink.Stance.DENIES)


def _said_on(claim, admin):
    Statement.objects.filter(pk=_suggested_link(claim).statement_id).update(
        said_on=date(2021, 12, 1)
    )


def _published(claim, admin):
    Source.objects.filter(pk=_first_link(claim).statement.source_id).update(published_at=JAN[20])


def _new_link(claim, admin):
    statement = StatementFactory(source=SourceFactory(published_at=JAN[0]), state=S.ACCEPTED)
    ClaimLinkFactory(claim=claim, statement=statement, state=S.ACCEPTED)


def _link_moved_away(claim, admin):
    ClaimLink.objects.filter(pk=_first_link(claim).pk).update(claim=ClaimFactory())


def _link_deleted(claim, admin):
    link = _first_link(claim)
    review.delete(link, user=admin, base_version=link.version)


def _statement_deleted(claim, admin):
    _first_link(claim).statement.delete()


def _speaker_renamed(claim, admin):
    Speaker.objects.filter(name="Alexander Lukashenko").update(name="Aliaksandr Lukashenka")


def _citation_elsewhere_in_the_source(claim, admin):
    """Another statement of the same source names its source for the same speaker: the
    claim's statement there is now relayed from it (inferred)."""
    statement = _first_link(claim).statement
    StatementFactory(source=statement.source, speaker=statement.speaker, cited="Interfax reports")


def _outlet_made(claim, admin):
    """A citation names an outlet that did not exist when the summary was computed."""
    Statement.objects.filter(pk=_first_link(claim).statement_id).update(cited="Interfax reports")
    stored(claim)  # computed with the citation, but no outlet of that name yet
    OutletFactory(name="Interfax", domain="interfax.ru")


def _outlet_renamed(claim, admin):
    Outlet.objects.filter(name="TASS").update(name="TASS Russian News Agency")


WRITES = [
    _reject_link, _accept_suggestion, _reject_statement, _stance, _said_on, _published,
    _new_link, _link_moved_away, _link_deleted, _statement_deleted, _speaker_renamed,
    _citation_elsewhere_in_the_source, _outlet_made, _outlet_renamed,
]  # fmt: skip


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_a_write_that_changes_the_answer_changes_what_the_page_reads(claim, admin, write):
    before = stored(claim)
    version = row(claim).version
    write(claim, admin)
    assert row(claim).version > version
    assert stored(claim) == fresh(claim)
    assert stored(claim) != before, "the write must change the answer, or it tests nothing"


def test_writes_elsewhere_leave_the_stored_summary_alone(claim, admin):
    stored(claim)
    version = row(claim).version
    other = ClaimFactory()
    source = SourceFactory(outlet=Outlet.objects.get(name="BelTA"))  # a new outlet moves all
    ClaimLinkFactory(claim=other, statement=StatementFactory(source=source))
    link = other.links.get()
    review.transition(link, S.ACCEPTED, user=admin, base_version=link.version)
    Source.objects.filter(pk=link.statement.source_id).update(published_at=JAN[1])
    assert row(claim).version == version
    assert row(claim).summary(False) is not None


def test_a_summary_computed_before_a_write_is_not_stored_as_current(claim, admin):
    """A reader read the version, then a write committed while it computed: what it
    computed is not the answer now, and the next reader must not get it."""
    read_before = row(claim).version
    _reject_link(claim, admin)
    provenance_page.compute(claim, False, read_before)
    assert row(claim).summary(False) is None
    assert stored(claim) == fresh(claim)


def test_a_review_write_recomputes_what_was_read_once_it_commits(
    claim, admin, django_capture_on_commit_callbacks
):
    stored(claim), stored(claim, accepted_only=True)
    with django_capture_on_commit_callbacks(execute=True):
        _accept_suggestion(claim, admin)
    assert row(claim).summary(False) == fresh(claim)
    assert row(claim).summary(True) == fresh(claim, accepted_only=True)


def test_a_review_write_computes_nothing_nobody_read(
    claim, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _accept_suggestion(claim, admin)
    assert row(claim).live is None
    assert row(claim).accepted is None


def test_a_stored_claim_page_reads_no_links_but_its_cards(client, claim, django_assert_num_queries):
    client.force_login(UserFactory(role="reviewer"))
    url = claim.get_absolute_url()
    assert client.get(url).status_code == 200  # computes and stores
    # session, user, permissions; the claim and its tags; the stored summary; the page's
    # cards; the assessment and the rating scale
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()
    assert "Alexander Lukashenko" in html


def test_the_sql_triggers_name_columns_that_exist():
    """Renaming a column provenance reads would leave a trigger watching nothing."""
    migration = __import__("claims.migrations.0016_claim_provenance", fromlist=["x"])
    for model, columns in (
        (ClaimLink, migration.LINK_COLUMNS),
        (Statement, migration.STATEMENT_COLUMNS),
        (Source, migration.SOURCE_COLUMNS),
        (Outlet, migration.OUTLET_COLUMNS),
    ):
        names = {field.column for field in model._meta.concrete_fields}
        assert set(columns) <= names, model


def test_forget_provenance_marks_every_summary_out_of_date(claim):
    """For after the triggers were bypassed: what they did not see is computed afresh."""
    right = stored(claim)
    # A write the triggers missed leaves the stored summary wrong at the current version.
    ClaimProvenance.objects.filter(claim=claim).update(live={**right, "speakers": ["Nobody"]})
    rowless = ClaimFactory()
    ClaimProvenance.objects.filter(claim=rowless).delete()
    out = io.StringIO()
    call_command("forget_provenance", stdout=out)
    assert "made 1 missing rows" in out.getvalue()
    assert row(claim).summary(False) is None
    assert stored(claim) == right
    assert ClaimProvenance.objects.filter(claim=rowless).exists()
