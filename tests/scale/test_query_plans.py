"""Every filter and sort the API and the pages offer is served by an index (EXPLAIN,
PostgreSQL only).

A module fixture loads enough rows (50,000 statements, 5,000 sources) with selective values
for the planner to prefer an index where one exists; each test runs the SQL the API really
sent for one filter or ordering through EXPLAIN and checks that an index on that column was
used. Text containment filters (``q``) are not btree-indexable and are left out: the search
interface (claims/search.py) has the full-text indexes.
"""

import importlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import client_for
from tests.factories import UserFactory

SOURCES, STATEMENTS, SPEAKERS, OUTLETS, CLAIMS, TAGS = 5_000, 50_000, 5_000, 1_000, 1_000, 500

LOAD = [
    f"""INSERT INTO sources_outlet (name, slug, domain, country, created_at)
        SELECT 'Outlet ' || g, 'outlet-' || g, 'outlet' || g || '.example', 'GB', now()
        FROM generate_series(1, {OUTLETS}) g""",
    f"""INSERT INTO claims_speaker (name, name_key, slug, kind, role, description, version, created_at)
        SELECT 'Speaker ' || g, 'speaker ' || g, 'speaker-' || g,
               CASE WHEN g % 100 = 0 THEN 'group' ELSE 'person' END, '', '', 1, now()
        FROM generate_series(1, {SPEAKERS}) g""",
    f"""INSERT INTO sources_source (outlet_id, url, title, byline, published_at, language, kind,
                                   text, raw, raw_content_type, content_hash, ingested_at)
        SELECT (SELECT min(id) FROM sources_outlet)
                 + CASE WHEN g % 1000 = 0 THEN g / 1000 ELSE 0 END,
               'https://example.org/' || g, 'Story ' || g, '',
               now() - g * interval '1 hour', CASE WHEN g % 1000 = 0 THEN 'de' ELSE 'en' END,
               CASE WHEN g % 1000 = 0 THEN 'transcript' ELSE 'article' END,
               'Story ' || g || ': the minister said the river will rise.', '', '',
               md5(g::text), now() - g * interval '1 minute'
        FROM generate_series(1, {SOURCES}) g""",
    f"""INSERT INTO claims_statement (source_id, start, "end", text, prefix, suffix, kind, cue,
            speaker_id, speaker_mention, cited, cited_outlet_id, said_on, confidence, state,
            version, created_at, updated_at)
        SELECT (SELECT min(id) FROM sources_source) + g % {SOURCES}, 0, 5, 'Story', '', '',
               CASE WHEN g % 1000 = 0 THEN 'authorial' ELSE 'direct' END, 'said',
               (SELECT min(id) FROM claims_speaker)
                 + CASE WHEN g % 1000 = 0 THEN g / 1000 ELSE 0 END, '', '',
               CASE WHEN g % 1000 = 0 THEN (SELECT min(id) FROM sources_outlet) END,
               date '2022-01-01' + g % 3000, random(),
               CASE WHEN g % 1000 = 0 THEN 'accepted' ELSE 'suggested' END,
               1, now() - g * interval '1 second', now() - g * interval '1 second'
        FROM generate_series(1, {STATEMENTS}) g""",
    f"""INSERT INTO claims_claim (text, slug, description, state, version, created_at, updated_at)
        SELECT 'Claim ' || g, 'claim-' || g, '',
               CASE WHEN g % 1000 = 0 THEN 'accepted' ELSE 'proposed' END, 1,
               now() - g * interval '1 minute', now() - g * interval '1 minute'
        FROM generate_series(1, {CLAIMS}) g""",
    f"""INSERT INTO claims_tag (name, slug) SELECT 'tag ' || g, 'tag-' || g
       FROM generate_series(1, {TAGS}) g""",
    """INSERT INTO claims_claim_tags (claim_id, tag_id)
       SELECT c.id, (SELECT min(id) FROM claims_tag)
                    + CASE WHEN c.id % 100 = 0 THEN c.id / 100 ELSE 0 END FROM claims_claim c""",
    """INSERT INTO claims_claimlink (statement_id, claim_id, stance, score, state, version,
                                     created_at, updated_at)
        SELECT s.id, (SELECT min(id) FROM claims_claim)
                 + CASE WHEN s.id % 1000 = 0 THEN s.id / 1000 ELSE 0 END,
               CASE WHEN s.id % 1000 = 0 THEN 'denies' ELSE 'asserts' END, random(),
               CASE WHEN s.id % 1000 = 0 THEN 'accepted' ELSE 'suggested' END, 1,
               now() - s.id * interval '1 second', now()
        FROM claims_statement s""",
]
TABLES = [
    "claims_claimlink", "claims_claim_tags", "claims_tag", "claims_claim", "claims_statement",
    "claims_speaker", "sources_source", "sources_outlet",
    "claims_reviewtally",  # filled by triggers; a TRUNCATE fires none, nor cascades to it
]  # fmt: skip

# (endpoint and query, [(table, column) an index must serve]).
CASES = [
    ("statements/?speaker=speaker-7", [("claims_speaker", "slug"), ("claims_statement", "speaker_id")]),
    ("statements/?outlet=outlet-3", [("sources_source", "outlet_id"), ("claims_statement", "source_id")]),
    ("statements/?claim=claim-5", [("claims_claimlink", "claim_id")]),
    ("statements/?source={source}", [("claims_statement", "source_id")]),
    ("statements/?cited_outlet={outlet}", [("claims_statement", "cited_outlet_id")]),
    ("statements/?kind=authorial", [("claims_statement", "kind")]),
    ("statements/?state=accepted", [("claims_statement", "state")]),
    ("statements/?published_after={recent}", [("sources_source", "published_at")]),
    ("statements/?said_after=2030-03-15", [("claims_statement", "said_on")]),
    ("statements/?ordering=start", [("claims_statement", "start")]),
    ("statements/?ordering=-created_at", [("claims_statement", "created_at")]),
    ("statements/?ordering=-updated_at", [("claims_statement", "updated_at")]),
    ("statements/?ordering=-confidence", [("claims_statement", "confidence")]),
    ("statements/", [("claims_statement", "id")]),
    ("sources/?outlet=outlet-3", [("sources_source", "outlet_id")]),
    ("sources/?language=de", [("sources_source", "language")]),
    ("sources/?kind=transcript", [("sources_source", "kind")]),
    ("sources/?url=https://example.org/77", [("sources_source", "url")]),
    ("sources/?content_hash={hash}", [("sources_source", "content_hash")]),
    ("sources/?published_after={recent}", [("sources_source", "published_at")]),
    ("sources/?ordering=-published_at", [("sources_source", "published_at")]),
    ("sources/?ordering=-ingested_at", [("sources_source", "ingested_at")]),
    ("sources/", [("sources_source", "id")]),
    ("claims/?state=accepted", [("claims_claim", "state")]),
    ("claims/?tag=tag-3", [("claims_claim_tags", "tag_id")]),
    ("claims/?speaker=speaker-7", [("claims_statement", "speaker_id")]),
    ("claims/?created_after={recent}", [("claims_claim", "created_at")]),
    ("claims/?ordering=-updated_at", [("claims_claim", "updated_at")]),
    ("claim-links/?claim=claim-5", [("claims_claimlink", "claim_id")]),
    ("claim-links/?statement={statement}", [("claims_claimlink", "statement_id")]),
    ("claim-links/?stance=denies", [("claims_claimlink", "stance")]),
    ("claim-links/?state=accepted", [("claims_claimlink", "state")]),
    ("claim-links/?ordering=-score", [("claims_claimlink", "score")]),
    ("claim-links/?ordering=-created_at", [("claims_claimlink", "created_at")]),
    ("speakers/?kind=group", [("claims_speaker", "kind")]),
    ("speakers/?ordering=name", [("claims_speaker", "name")]),
]  # fmt: skip


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("query plans are checked on PostgreSQL, the production database")
        with connection.cursor() as cursor:
            for statement in LOAD:
                cursor.execute(statement)
            cursor.execute("ANALYZE")
            cursor.execute("SELECT min(id) FROM sources_outlet")
            (outlet,) = cursor.fetchone()
            cursor.execute("SELECT min(id), max(id) FROM claims_statement")
            statement, _ = cursor.fetchone()
            cursor.execute("SELECT min(id) FROM sources_source")
            (source,) = cursor.fetchone()
            # A tag a few claims have (which one depends on the ids earlier tests used up): a
            # page with no claims sends no page query to look at.
            cursor.execute(
                """SELECT t.slug FROM claims_tag t JOIN claims_claim_tags ct ON ct.tag_id = t.id
                   GROUP BY t.slug HAVING count(*) < 10 ORDER BY t.slug LIMIT 1"""
            )
            (tag,) = cursor.fetchone()
        values = {
            "outlet": outlet,
            "source": source,
            "statement": statement,
            "hash": "c4ca4238a0b923820dcc509a6f75849b",  # md5('1')
            "recent": "2999-01-01T00:00:00Z",
            "tag": tag,
        }
        yield values
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


def indexed_columns() -> dict[str, tuple[str, str]]:
    """Every index: its name → (table, leading column)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.relname, t.relname, a.attname
               FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid
               JOIN pg_class t ON t.oid = x.indrelid
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
               WHERE t.relname LIKE 'claims_%' OR t.relname LIKE 'sources_%'"""
        )
        return {index: (table, column) for index, table, column in cursor.fetchall()}


def explain(sql) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def used_indexes(plan) -> set[str]:
    found = set()
    if "Index Name" in plan:
        found.add(plan["Index Name"])
    for child in plan.get("Plans", []):
        found |= used_indexes(child)
    return found


def page_query(queries, table) -> str:
    """The SQL that read the page (the LIMITed select from the listed table, not its count;
    the count when the page is empty)."""
    candidates = [
        q["sql"]
        for q in queries
        if f'FROM "{table}"' in q["sql"] and "LIMIT" in q["sql"] and '"__count"' not in q["sql"]
    ]
    if not candidates:  # an empty page sends no page query: its count reads the filters
        candidates = [
            q["sql"] for q in queries if f'FROM "{table}"' in q["sql"] and "COUNT(" in q["sql"]
        ]
    assert candidates, f"no page query on {table}"
    return candidates[0]


LISTED_TABLE = {
    "statements": "claims_statement",
    "sources": "sources_source",
    "claims": "claims_claim",
    "claim-links": "claims_claimlink",
    "speakers": "claims_speaker",
}


@pytest.mark.parametrize(("query", "served"), CASES, ids=[case[0] for case in CASES])
def test_api_filter_or_order_uses_an_index(loaded, db, query, served):
    client = client_for(UserFactory(username="planner", role="analyst"))
    url = "/api/" + query.format(**loaded)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    sql = page_query(queries.captured_queries, LISTED_TABLE[query.split("/")[0]])
    assert_served(url, sql, served)


# (page, the table it lists, [(table, column) an index must serve]). The claim page reads all
# of a claim's links (its provenance counts every one), so it has no LIMIT to look for.
PAGE_CASES = [
    ("/claims/?speaker=speaker-7", "claims_claim", [("claims_statement", "speaker_id")]),
    ("/claims/?outlet=outlet-3", "claims_claim", [("sources_source", "outlet_id")]),
    ("/claims/?tag={tag}", "claims_claim", [("claims_claim_tags", "tag_id")]),
    ("/claims/?state=accepted", "claims_claim", [("claims_claim", "state")]),
    ("/claims/?since=2999-01-01", "claims_claim", [("sources_source", "published_at")]),
    ("/claims/?until=1999-01-01", "claims_claim", [("sources_source", "published_at")]),
    ("/claims/claim-5/", "claims_claimlink", [("claims_claimlink", "claim_id")]),
    ("/speakers/speaker-7/", "claims_statement", [("claims_statement", "speaker_id")]),
    ("/sources/", "sources_source", [("sources_source", "published_at")]),
    ("/outlets/outlet-3/", "sources_source", [("sources_source", "outlet_id")]),
]  # fmt: skip


@pytest.mark.parametrize(("url", "table", "served"), PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_page_filter_or_order_uses_an_index(loaded, db, client, url, table, served):
    client.force_login(UserFactory(username="page-planner", role="analyst"))
    url = url.format(**loaded)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    if table == "claims_claimlink":  # the links with their statements, not the count
        sql = next(
            q["sql"]
            for q in queries.captured_queries
            if f'FROM "{table}"' in q["sql"] and 'JOIN "claims_statement"' in q["sql"]
        )
    else:
        sql = page_query(queries.captured_queries, table)
    assert_served(url, sql, served)


def plan_of(sql) -> dict:
    """EXPLAIN's plan of ``sql``, its top node."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    return (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]


def assert_served(url, sql, served):
    columns = indexed_columns()
    used = {columns[name] for name in used_indexes(plan_of(sql)) if name in columns}

    missing = [pair for pair in served if pair not in used]
    assert not missing, f"{url}: no index used for {missing}:\n{explain(sql)}"


def test_the_progress_pages_sources_are_read_in_order_from_their_index(loaded, db, client):
    """The sources with the most statements waiting: the first entries of the stored tallies'
    index, nothing sorted — not every statement (or every source's tally) grouped and sorted."""
    client.force_login(UserFactory(username="progress-planner", role="analyst"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/review/progress/").status_code == 200
    sql = page_query(queries.captured_queries, "claims_reviewtally")
    plan = plan_of(sql)
    assert used_indexes(plan) == {"reviewtally_waiting_idx"}, explain(sql)
    assert "Sort" not in explain(sql), explain(sql)
    assert not any(q["sql"].count('FROM "claims_statement"') for q in queries.captured_queries)


def test_the_figures_recount_reads_only_the_claims_links(loaded, db):
    """What the figures' triggers run for a claim a write touched (claims/0013), under the
    settings their functions carry: the claim's links by its index, each link's statement and
    source by primary key — not every statement and source of the database."""
    migration = importlib.import_module("claims.migrations.0013_claim_figures")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(proconfig) FROM pg_proc WHERE proname LIKE 'claims_figures_%'"
        )
        settings = [row[0] for row in cursor.fetchall()]
        assert sorted(settings) == ["enable_hashjoin=off", "enable_mergejoin=off"]
        for setting in settings:
            name, value = setting.split("=")
            cursor.execute(f"SET LOCAL {name} = {value}")
    sql = migration.RECOUNT.format(claims="SELECT min(id) + 5 FROM claims_claim")
    assert_served(
        "the figures' recount",
        sql,
        [("claims_claimlink", "claim_id"), ("claims_statement", "id"), ("sources_source", "id")],
    )


def test_a_claims_best_links_are_read_in_order_from_their_index(loaded, db):
    """The search page's statements of the claims a query names (claims/search.py
    best_linked): the first links of the claim's order index, nothing sorted — not the
    claim's 49,950 links sorted by score."""
    from claims.models import Claim
    from claims.search import best_linked

    largest = Claim.objects.order_by("id").first()
    with CaptureQueriesContext(connection) as queries:
        found = best_linked([largest], most=101)
    assert len(found) == 101
    (sql,) = [q["sql"] for q in queries.captured_queries]
    plan = plan_of(sql)
    assert "claimlink_claim_order_idx" in used_indexes(plan), explain(sql)
    assert "Sort" not in explain(sql), explain(sql)


def test_a_speakers_statements_are_read_newest_first_from_their_index(loaded, db):
    """The API's statements of one speaker in its default order (-id): the first entries of
    (speaker, id), nothing sorted — not every statement walked backwards for theirs, nor all
    of theirs sorted."""
    client = client_for(UserFactory(username="speaker-planner", role="analyst"))
    with CaptureQueriesContext(connection) as queries:  # speaker-1 said 49,950 of them
        assert client.get("/api/statements/?speaker=speaker-1").status_code == 200
    sql = page_query(queries.captured_queries, "claims_statement")
    plan = plan_of(sql)
    assert "statement_speaker_order_idx" in used_indexes(plan), explain(sql)
    assert "Sort" not in explain(sql), explain(sql)
