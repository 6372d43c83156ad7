"""One rule in one place: what counts as where a claim was said, and how claims are filtered,
give the same answer on the claims page, the claim page and the API."""

from datetime import UTC, datetime

import pytest

from claims.models import ClaimLink, ReviewState
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


@pytest.fixture
def analyst():
    return UserFactory(username="alice", role="analyst")


@pytest.fixture
def page(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def api(analyst):
    return client_for(analyst)


def listed_on_page(page, **params) -> list[str]:
    response = page.get("/claims/", params)
    assert response.status_code == 200
    return [claim.slug for claim in response.context["page"]]


def listed_by_api(api, **params) -> list[str]:
    response = api.get("/api/claims/", params)
    assert response.status_code == 200, response.content
    return [claim["slug"] for claim in response.json()["results"]]


def test_a_rejected_statement_counts_nowhere_though_its_link_is_untouched(page, api):
    claim = ClaimFactory()
    kept = ClaimLinkFactory(claim=claim)
    dropped = ClaimLinkFactory(claim=claim)
    dropped.statement.state = ReviewState.REJECTED
    dropped.statement.save()

    assert list(ClaimLink.objects.live()) == [kept]
    detail = page.get(claim.get_absolute_url())
    assert detail.context["page"].paginator.count == 1
    assert [e.statement.id for e in detail.context["provenance"].timeline] == [kept.statement_id]
    assert "1 rejected statement or link not shown" in detail.content.decode()
    [listed] = page.get("/claims/").context["page"]
    assert listed.figures.statement_count == 1
    assert api.get(f"/api/claims/{claim.slug}/").json()["statement_count"] == 1
    statements = api.get("/api/statements/", {"claim": claim.slug}).json()["results"]
    assert [s["id"] for s in statements] == [kept.statement_id]


@pytest.mark.parametrize("rejected", ["link", "statement"])
def test_page_and_api_ignore_a_speaker_whose_only_statement_was_rejected(page, api, rejected):
    speaker = SpeakerFactory(name="Jana Novak")
    claim = ClaimFactory()
    link = ClaimLinkFactory(claim=claim, statement=StatementFactory(speaker=speaker))
    assert listed_on_page(page, speaker=speaker.slug) == [claim.slug]
    assert listed_by_api(api, speaker=speaker.slug) == [claim.slug]

    rejectable = link if rejected == "link" else link.statement
    rejectable.state = ReviewState.REJECTED
    rejectable.save()
    assert listed_on_page(page, speaker=speaker.slug) == []
    assert listed_by_api(api, speaker=speaker.slug) == []


def test_page_and_api_filter_by_the_same_names_with_the_same_answers(page, api):
    outlet = OutletFactory(name="Daily Example")
    january = SourceFactory(outlet=outlet, published_at=datetime(2022, 1, 5, 12, tzinfo=UTC))
    march = SourceFactory(published_at=datetime(2022, 3, 1, 12, tzinfo=UTC))
    floods = ClaimFactory(text="The river will flood the old town")
    floods.tags.create(name="floods")
    drought = ClaimFactory(text="Drought will empty the reservoirs")
    ClaimLinkFactory(claim=floods, statement=StatementFactory(source=january))
    ClaimLinkFactory(claim=drought, statement=StatementFactory(source=march))

    cases = [
        ({"outlet": outlet.slug}, [floods.slug]),
        ({"since": "2022-02-01"}, [drought.slug]),
        ({"until": "2022-01-05"}, [floods.slug]),
        ({"tag": "floods"}, [floods.slug]),
        # Full text on both: "floods" finds "flood" by its stem, not by a substring.
        ({"q": "floods"}, [floods.slug]),
        ({"outlet": outlet.slug, "since": "2022-02-01"}, []),
    ]
    for params, expected in cases:
        assert sorted(listed_on_page(page, **params)) == expected, params
        assert sorted(listed_by_api(api, **params)) == expected, params


def test_one_outlet_resolver_reads_a_citation_by_name_or_domain_within_its_words():
    """Extraction stored "BelTA reports" with no outlet while provenance found BelTA in it;
    provenance missed "www.strana.ua". One resolver, both cases."""
    from sources.models import Outlet, outlet_named

    belta = OutletFactory(name="BelTA", domain="belta.by")
    strana = OutletFactory(name="Strana", domain="strana.ua")
    outlets = Outlet.objects.by_name()
    assert outlet_named("BelTA reports", outlets) == belta
    assert outlet_named("belta.by", outlets) == belta
    assert outlet_named("according to www.strana.ua", outlets) == strana
    assert outlet_named("the ministry", outlets) is None
    assert outlet_named(None, outlets) is None
