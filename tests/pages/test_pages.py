"""Every page renders for a signed-in analyst, in a fixed number of queries."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse

from claims.provenance import Graph
from claims.provenance_page import graph_layout
from tests.browser import corpus
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_home_counts_what_is_stored(client):
    StatementFactory()
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"<strong>1</strong> source</a>" in response.content
    assert b"<strong>1</strong> statement</a>" in response.content


def test_home_queries_do_not_grow_with_the_number_of_sources(client, django_assert_num_queries):
    SourceFactory.create_batch(8)
    # 3 of them the session, the user and its permissions; on PostgreSQL, 1 the tables' sizes
    postgresql = connection.vendor == "postgresql"
    with django_assert_num_queries(9 + postgresql):
        client.get(reverse("home"))


def test_home_shows_a_big_table_by_its_estimate(client, settings):
    """Past EXACT_BELOW rows, PostgreSQL's statistics say how many, and the page says "about"."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts every table exactly")
    StatementFactory.create_batch(3)
    with connection.cursor() as cursor:
        # What ANALYZE would say of a million statements, without storing a million; rolled
        # back with the test (ANALYZE itself is not: its counts would outlive the test).
        cursor.execute("UPDATE pg_class SET reltuples = 1001435 WHERE relname = 'claims_statement'")
    html = client.get(reverse("home")).content.decode()
    assert "<strong>about 1,000,000</strong> statements</a>" in html
    assert "<strong>3</strong> sources</a>" in html


def test_source_list_shows_current_sources_with_their_outlets(client, django_assert_num_queries):
    old = SourceFactory(title="Old version")
    SourceFactory(title="New version", supersedes=old, outlet=old.outlet)
    SourceFactory.create_batch(5)
    # 3 of them the session, the user and its permissions; the filters' outlets and
    # languages; then the page and its count
    with django_assert_num_queries(7):
        response = client.get(reverse("sources:source_list"))
    assert b"New version" in response.content
    assert b"Old version" not in response.content


def test_source_page_shows_its_text_escaped(client):
    source = SourceFactory(text="Headline\n\n<script>alert('x')</script> said nobody.")
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    assert b"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.content
    assert b"<script>alert" not in response.content


def test_outlet_page_lists_its_sources(client):
    source = SourceFactory(title="Floods ahead")
    response = client.get(source.outlet.get_absolute_url())
    assert response.status_code == 200
    assert b"Floods ahead" in response.content


def test_speaker_page_names_the_speaker(client):
    speaker = StatementFactory().speaker
    response = client.get(speaker.get_absolute_url())
    assert response.status_code == 200
    assert speaker.name.encode() in response.content


def test_statement_page_quotes_the_statement_and_links_its_source(client):
    statement = StatementFactory()
    response = client.get(statement.get_absolute_url())
    assert response.status_code == 200
    assert statement.text.encode() in response.content
    assert statement.source.get_absolute_url().encode() in response.content


def test_claim_page_states_the_claim(client):
    claim = ClaimFactory(text="The river will flood the old town")
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert b"The river will flood the old town" in response.content


def cards(html) -> list[int]:
    """The statements a page shows as cards, in order, by id."""
    return [
        int(n) for n in re.findall(r'<article class="card statement-card" id="card-(\d+)"', html)
    ]


def test_claim_page_shows_its_statements_fifty_at_a_time_earliest_first(client):
    claim = ClaimFactory()
    links = [
        ClaimLinkFactory(
            claim=claim,
            statement__source__published_at=datetime(2022, 1, 1, tzinfo=UTC) + timedelta(weeks=n),
        )
        for n in range(60)
    ]
    first = client.get(claim.get_absolute_url()).content.decode()
    second = client.get(claim.get_absolute_url(), {"page": 2}).content.decode()

    assert cards(first) == [link.statement_id for link in links[:50]]
    assert cards(second) == [link.statement_id for link in links[50:]]
    assert "60 statements" in first
    assert "51–60 of 60" in second
    assert 'href="?page=2#statements-heading" rel="next"' in first
    # The whole timeline on either page, each entry linking to its card's page.
    early, late = links[0].statement_id, links[55].statement_id
    assert f'href="#card-{early}"' in first
    assert f'href="?page=2#card-{late}"' in first
    assert f'href="?page=1#card-{early}"' in second
    assert f'href="#card-{late}"' in second


def test_speaker_page_shows_their_statements_fifty_at_a_time_earliest_first(client):
    speaker = SpeakerFactory()
    statements = [
        StatementFactory(
            speaker=speaker,
            source__published_at=datetime(2022, 1, 1, tzinfo=UTC) + timedelta(days=n),
        )
        for n in range(55)
    ]
    first = client.get(speaker.get_absolute_url()).content.decode()
    second = client.get(speaker.get_absolute_url(), {"page": 2}).content.decode()

    assert cards(first) == [s.pk for s in statements[:50]]
    assert cards(second) == [s.pk for s in statements[50:]]
    assert "Every statement (55)" in first
    assert "51–55 of 55" in second
    assert 'href="?page=1#statements-heading" rel="prev"' in second


def test_speaker_page_lists_the_claims_they_voiced_most_first_without_rejected_links(client):
    speaker = SpeakerFactory()
    often, once, refused = ClaimFactory(text="Often"), ClaimFactory(text="Once"), ClaimFactory()
    for claim in (often, often, once):
        ClaimLinkFactory(claim=claim, statement__speaker=speaker)
    ClaimLinkFactory(claim=refused, statement__speaker=speaker, state="rejected")
    ClaimLinkFactory(claim=once)  # someone else's statement

    html = client.get(speaker.get_absolute_url()).content.decode()

    voiced = html[html.index('id="claims-heading"') : html.index('id="statements-heading"')]
    assert "Claims voiced (2)" in voiced
    assert voiced.index("Often") < voiced.index("Once")
    assert "2 statements" in voiced
    assert "1 statement<" in voiced
    assert refused.text not in voiced


def test_claim_page_shows_twenty_caveats_and_counts_the_rest(client):
    claim = ClaimFactory()
    for _ in range(22):  # each speaker's same words "said on Tuesday" in two different weeks
        speaker = SpeakerFactory()
        for day in (4, 11):
            published = datetime(2022, 1, day, 12, tzinfo=UTC)
            ClaimLinkFactory(
                claim=claim, statement__speaker=speaker, statement__source__published_at=published
            )

    html = client.get(claim.get_absolute_url()).content.decode()

    caveats = html[html.index('class="flags"') : html.index('id="timeline-heading"')]
    assert caveats.count("<li>") == 20  # of 24: 22 conflicts, and two about the earliest
    assert "and 4 more caveats." in caveats


def test_claim_page_cuts_its_timeline_at_the_earliest_two_hundred(client):
    claim = ClaimFactory()
    source = SourceFactory()
    for _ in range(203):
        ClaimLinkFactory(claim=claim, statement__source=source)
    html = client.get(claim.get_absolute_url()).content.decode()
    timeline = html[html.index('class="timeline"') : html.index('id="who-heading"')]
    assert timeline.count("<li data-statement=") == 200
    assert "and 3 later statements, listed under Statements." in timeline


def test_unknown_source_is_a_404(client):
    assert client.get(reverse("sources:source_detail", args=[999999])).status_code == 404


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client):
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_unknown_page_is_the_sites_own_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"There is no page at this address" in response.content
    assert b'href="/claims/"' in response.content


def test_forbidden_page_explains_itself(client):
    client.force_login(UserFactory(role="analyst"))
    url = reverse("claims:review_edit", args=["statement", StatementFactory().pk])
    response = client.post(url)
    assert response.status_code == 403
    assert b"Your account may not do this" in response.content


def test_server_error_page_stands_alone():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "{%" not in html


def test_panel_form_without_htmx_returns_to_the_reader(client):
    statement = StatementFactory()
    client.force_login(UserFactory(role="annotator"))
    response = client.post(
        reverse("claims:review_edit", args=["statement", statement.pk]),
        {"kind": "mixed", "base_version": 1, "from": "reader"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?statement={statement.pk}#panel")


def test_claims_list_filters_and_counts(client):
    data = corpus.build()
    response = client.get(reverse("claims:claim_list"), {"speaker": "alexander-lukashenko"})
    assert b"1 claim " in response.content
    assert data["claim"].text.encode() in response.content
    response = client.get(reverse("claims:claim_list"), {"outlet": "rbc"})
    assert b"0 claims" in response.content
    assert b"No claim matches these filters" in response.content


def test_claims_list_htmx_gets_only_its_results(client):
    response = client.get(reverse("claims:claim_list"), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert b'class="result-count"' in response.content
    assert response["Vary"] == "HX-Request, Cookie"


def test_claims_list_pages_and_keeps_its_filters_in_the_links(client):
    ClaimFactory.create_batch(30)
    response = client.get(reverse("claims:claim_list"), {"sort": "text", "page": 2})
    html = response.content.decode()
    assert "30 claims · page 2 of 2" in html
    assert html.count('class="claim-row"') == 5
    assert 'href="?sort=text&amp;page=1"' in html


def test_history_restore_gets_the_whole_page(client):
    response = client.get(
        reverse("claims:claim_list"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert b"<html" in response.content


def test_claims_list_publication_dates_include_both_ends_whole_days(client):
    late = ClaimLinkFactory(
        statement__source__published_at=datetime(2022, 1, 31, 23, 30, tzinfo=UTC)
    ).claim
    early = ClaimLinkFactory(
        statement__source__published_at=datetime(2022, 1, 1, 0, 0, tzinfo=UTC)
    ).claim

    def listed(**dates):
        html = client.get(reverse("claims:claim_list"), dates).content.decode()
        return {claim.text for claim in (late, early) if claim.text in html}

    assert listed(since="2022-01-01", until="2022-01-31") == {late.text, early.text}
    assert listed(until="2022-01-30") == {early.text}
    assert listed(since="2022-01-02") == {late.text}
    assert listed(since="2022-02-01") == set()


def test_claims_list_marks_the_searched_words_in_the_claim(client):
    ClaimFactory(text="Floods <b>threaten</b> the old town")
    html = client.get(reverse("claims:claim_list"), {"q": "floods"}).content.decode()
    assert "<mark>Floods</mark>" in html
    assert "<b>" not in html


def test_claim_page_shows_provenance_and_the_citation_graph(client):
    data = corpus.build()
    html = client.get(data["claim"].get_absolute_url()).content.decode()
    assert 'id="earliest-heading"' in html
    assert "Alexander Lukashenko</strong>" in html
    assert html.count('class="edge edge-') == 1  # BelTA quotes Lukashenko
    assert "BelTA <strong>quotes</strong> Alexander Lukashenko" in html
    assert f'?statement={data["quote"].pk}#s-{data["quote"].pk}"' in html


def test_citation_graph_draws_the_twenty_speakers_with_most_statements_and_says_what_it_left():
    graph = Graph(nodes=[{"id": "outlet:A", "kind": "outlet", "label": "A", "publisher": True}])
    for n in range(25):  # speaker n is quoted n + 1 times
        graph.nodes.append(
            {"id": f"speaker:{n}", "kind": "speaker", "label": f"S{n}", "publisher": False}
        )
        graph.edges.append(
            {
                "source": "outlet:A",
                "target": f"speaker:{n}",
                "relation": "quotes",
                "statements": [0] * (n + 1),
            }
        )

    drawn = graph_layout(graph)

    speakers = [node["label"] for node in drawn["nodes"] if node["kind"] == "speaker"]
    assert speakers == [f"S{n}" for n in range(5, 25)]  # in their order, the five least left out
    assert [edge["target_label"] for edge in drawn["edges"]] == speakers
    assert (drawn["nodes_left_out"], drawn["edges_left_out"]) == (5, 5)
