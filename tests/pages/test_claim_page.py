"""The claim page's presentation: exports, the timeline's words and dates, the first said and
first published dates, the citation graph's columns, and who made the claim."""

import re
from datetime import UTC, date, datetime

import pytest

from claims.provenance import Graph
from claims.provenance_page import graph_layout
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    OutletFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    """Said on 3 January (the statement says so), published 7 January by BelTA; relayed by
    Strana citing BelTA on 8 January; an undated source's statement."""
    claim = ClaimFactory(text="The unrest was instigated from abroad")
    belta, strana = OutletFactory(name="BelTA"), OutletFactory(name="Strana")
    said = StatementFactory(
        source=SourceFactory(outlet=belta, published_at=datetime(2022, 1, 7, 12, tzinfo=UTC)),
        said_on=date(2022, 1, 3),
    )
    relayed = StatementFactory(
        source=SourceFactory(outlet=strana, published_at=datetime(2022, 1, 8, 12, tzinfo=UTC)),
        speaker=said.speaker,
        cited="BelTA reports",
        cited_outlet=belta,
    )
    undated = StatementFactory(source=SourceFactory(outlet=strana, published_at=None))
    for statement in (said, relayed, undated):
        ClaimLinkFactory(claim=claim, statement=statement)
    return claim


def test_the_claim_page_links_its_exports_in_timeline_order(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    exports = re.search(r'<p class="exports">(.*?)</p>', html, re.S).group(1)
    assert f'href="/api/statements/csv/?claim={claim.slug}"' in exports
    assert f'href="/api/claims/{claim.slug}/provenance/?format=json"' in exports
    assert f'href="/api/claims/{claim.slug}/claimreview/"' in exports
    assert f'href="/api/claims/{claim.slug}/annotations/"' in exports
    assert "said and published dates" in exports
    # … and each one answers a signed-in reader of the page, in the page's order.
    csv = b"".join(client.get(f"/api/statements/csv/?claim={claim.slug}").streaming_content)
    assert csv.decode().count("\n") == 4  # the header and three statements
    provenance = client.get(f"/api/claims/{claim.slug}/provenance/").json()
    assert [s["said_on"] for s in provenance["statements"]][:1] == ["2022-01-03"]


def test_accepted_only_exports_only_the_accepted(client, claim):
    html = client.get(claim.get_absolute_url() + "?accepted=1").content.decode()
    assert f"/api/claims/{claim.slug}/claimreview/?accepted=true" in html


def test_timeline_entries_show_the_words_and_each_date_for_what_it_is(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)
    assert timeline.count('class="timeline-words"') == 3
    assert "“The river will rise by two metres before Friday”" in timeline
    assert "said, published 7 Jan 2022" in timeline
    assert "said (inferred), published 8 Jan 2022" in timeline  # "said on Tuesday"
    assert timeline.count("date unknown") == 1
    assert "undated" not in re.sub(r'data-basis="undated"', "", timeline)


def test_first_said_and_first_published_are_told_apart(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    said = re.search(r'class="first-said">(.*?)</div>', html, re.S).group(1)
    published = re.search(r'class="first-published">(.*?)</div>', html, re.S).group(1)
    assert "First said" in said
    assert "3 January 2022" in said
    assert "First published" in published
    assert "7 January 2022" in published
    assert "BelTA" in published


def test_the_graph_puts_a_cited_publisher_in_the_cited_column(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    headings = re.findall(r'class="graph-column">([^<]*)<', html)
    assert headings == ["Published by", "Cited", "Said by"]
    stack = re.search(r'class="graph-stack">(.*?)</div>', html, re.S).group(1)
    cited = re.search(r"<h3>Cited</h3>\s*<ul[^>]*>(.*?)</ul>", stack, re.S).group(1)
    assert "BelTA" in cited


def test_the_graph_draws_no_empty_column():
    graph = Graph(
        nodes=[
            {"id": "outlet:A", "kind": "outlet", "label": "A", "publisher": True},
            {"id": "speaker:S", "kind": "speaker", "label": "S", "publisher": False},
        ],
        edges=[
            {"source": "outlet:A", "target": "speaker:S", "relation": "quotes", "statements": [1]}
        ],
    )
    drawn = graph_layout(graph)
    assert [column["label"] for column in drawn["columns"]] == ["Published by", "Said by"]
    assert all(column["nodes"] for column in drawn["columns"])


def test_a_claim_made_without_a_person_does_not_say_an_annotator_proposed_it(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "by an annotator" not in html
    assert "created automatically, not by a person" in html
    claim.created_by = UserFactory(username="anna")
    claim.save()
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "created by anna" in html
