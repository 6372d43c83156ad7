"""Finding things: the speakers, outlets and sources lists, their counts, search and filters."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from claims.models import ReviewState, Speaker
from tests.factories import (
    ClaimLinkFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rows(response, css_class):
    return response.content.decode().count(f'class="{css_class}"')


def test_speakers_list_counts_live_statements_and_claims_most_first(client):
    busy, quiet = SpeakerFactory(name="Alexander Lukashenko"), SpeakerFactory(name="Anna Quiet")
    first = StatementFactory(speaker=busy)
    StatementFactory(speaker=busy)
    StatementFactory(speaker=busy, state=ReviewState.REJECTED)  # counts nowhere
    StatementFactory(speaker=quiet)
    ClaimLinkFactory(statement=first)
    ClaimLinkFactory(statement=first)

    response = client.get(reverse("claims:speaker_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Alexander Lukashenko") < page.index("Anna Quiet")
    assert "2 statements · 2 claims" in page
    assert "1 statement · 0 claims" in page


def test_speakers_list_finds_a_speaker_by_an_alias_or_a_name_without_accents(client):
    lukashenko = Speaker.objects.create(name="Alexander Lukashenko")
    lukashenko.add_alias("Lukashenka")
    Speaker.objects.create(name="Zoë Ström")
    SpeakerFactory(name="Jana Novak")

    by_alias = client.get(reverse("claims:speaker_list"), {"q": "lukashenka"})
    by_plain = client.get(reverse("claims:speaker_list"), {"q": "zoe strom"})

    assert rows(by_alias, "speaker-row") == 1
    assert b"Alexander Lukashenko" in by_alias.content
    assert "1 speaker matching “lukashenka”" in by_alias.content.decode()
    assert rows(by_plain, "speaker-row") == 1
    assert "Zoë Ström" in by_plain.content.decode()


def test_speakers_list_sorts_by_name_and_pages_by_fifty(client):
    Speaker.objects.bulk_create(
        [Speaker(name=f"Speaker {n:02}", slug=f"speaker-{n:02}") for n in range(55)]
    )
    first = client.get(reverse("claims:speaker_list"), {"sort": "name"})
    second = client.get(reverse("claims:speaker_list"), {"sort": "name", "page": 2})
    assert rows(first, "speaker-row") == 50
    assert rows(second, "speaker-row") == 5
    assert b"Speaker 54" in second.content
    assert b"sort=name&amp;page=2" in first.content  # the pager keeps the sort


def test_outlets_list_counts_sources_and_statements_and_searches(client):
    belta = OutletFactory(name="BelTA", domain="belta.by", country="BY")
    StatementFactory(source=SourceFactory(outlet=belta))
    SourceFactory(outlet=belta)
    OutletFactory(name="RBC", domain="rbc.ru", country="RU")

    everything = client.get(reverse("sources:outlet_list"))
    by_domain = client.get(reverse("sources:outlet_list"), {"q": "belta.by"})

    page = everything.content.decode()
    assert page.index("BelTA") < page.index("RBC")
    assert "2 sources</a> · 1 statement" in page
    assert "0 sources</a> · 0 statements" in page
    assert rows(by_domain, "outlet-row") == 1
    assert b'href="/sources/?outlet=belta"' in by_domain.content


def test_a_search_too_long_is_refused_by_name(client):
    response = client.get(reverse("claims:speaker_list"), {"q": "x" * 501})
    assert response.status_code == 400
    assert b"at most 500 characters" in response.content
    assert rows(response, "speaker-row") == 0


def test_sources_list_searches_and_filters(client):
    belta, rbc = OutletFactory(name="BelTA"), OutletFactory(name="RBC")
    SourceFactory(
        outlet=belta,
        title="Lukashenko on Kazakhstan",
        published_at=datetime(2022, 1, 7, tzinfo=UTC),
    )
    SourceFactory(
        outlet=rbc,
        title="Токаев о беспорядках",
        language="ru",
        published_at=datetime(2022, 1, 10, tzinfo=UTC),
    )
    SourceFactory(outlet=belta, title="Old news", published_at=datetime(2021, 5, 1, tzinfo=UTC))
    SourceFactory(outlet=rbc, title="A statement", kind="press_release")

    def titles(**query):
        response = client.get(reverse("sources:source_list"), query)
        assert response.status_code == 200
        return sorted(
            title
            for title in (
                "Lukashenko on Kazakhstan",
                "Токаев о беспорядках",
                "Old news",
                "A statement",
            )
            if title in response.content.decode()
        )

    assert titles(q="kazakhstan") == ["Lukashenko on Kazakhstan"]
    assert titles(outlet="belta") == ["Lukashenko on Kazakhstan", "Old news"]
    assert titles(since="2022-01-07", until="2022-01-10") == [
        "Lukashenko on Kazakhstan",
        "Токаев о беспорядках",
    ]
    assert titles(language="ru") == ["Токаев о беспорядках"]
    assert titles(kind="press_release") == ["A statement"]


def test_sources_list_and_home_link_the_upload_page_for_those_who_may_upload(client):
    upload = reverse("sources:source_create").encode()
    assert upload not in client.get(reverse("sources:source_list")).content  # an analyst
    client.force_login(UserFactory(role="annotator"))
    assert upload in client.get(reverse("sources:source_list")).content
    assert upload in client.get(reverse("home")).content


def test_home_tiles_link_to_their_lists(client):
    page = client.get(reverse("home")).content.decode()
    names = ("sources:source_list", "sources:outlet_list", "claims:speaker_list")
    for name in (*names, "claims:statement_list"):
        assert f'class="stat" href="{reverse(name)}"' in page
    assert f'class="stat" href="{reverse("claims:claim_list")}"' in page


def test_the_admin_link_is_in_the_header_for_staff_only(client):
    assert b'href="/admin/"' not in client.get(reverse("home")).content
    client.force_login(UserFactory(role="admin", is_staff=True))
    assert b'href="/admin/"' in client.get(reverse("home")).content


def test_statements_list_searches_and_filters_by_kind_and_state(client):
    quote = StatementFactory()  # "The river will rise by two metres before Friday"
    StatementFactory(kind="indirect", state=ReviewState.ACCEPTED)

    def found(**query):
        response = client.get(reverse("claims:statement_list"), query)
        assert response.status_code == 200
        return rows(response, "statement-row")

    assert found() == 2
    assert found(q="river metres") == 2
    assert found(q="volcano") == 0
    assert found(kind="indirect") == 1
    assert found(state="accepted", kind="direct") == 0
    page = client.get(reverse("claims:statement_list")).content.decode()
    assert f"?statement={quote.pk}#s-{quote.pk}" in page
