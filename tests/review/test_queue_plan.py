"""The review queue's page reads its partial index, in order (EXPLAIN, PostgreSQL only).

The rows of tests/scale/test_query_plans.py (50,000 statements, each with a claim link,
nearly all waiting), a third of them decided and some proposed by a person: the page the
queue sends for each role — every role waits on different states — must be an index scan of
``statement_queue_idx`` (``claimlink_queue_idx`` for claim links) with no sort of the
waiting rows above it. Without the index it is a scan of every waiting row and a sort.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.scale.test_query_plans import LOAD, TABLES, explain, used_indexes

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def waiting(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("query plans are checked on PostgreSQL, the production database")
        annotator = UserFactory(username="queue-plan-annotator", role="annotator")
        with connection.cursor() as cursor:
            for statement in LOAD:
                cursor.execute(statement)
            for table in ("claims_statement", "claims_claimlink"):
                cursor.execute(f"UPDATE {table} SET state = 'accepted' WHERE id % 3 = 0")
                cursor.execute(
                    f"""UPDATE {table} SET state = 'proposed', created_by_id = %s
                        WHERE id %% 50 = 1""",
                    [annotator.pk],
                )
                cursor.execute(f"UPDATE {table} SET state = 'changes_requested' WHERE id % 50 = 2")
            cursor.execute("ANALYZE")
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        annotator.delete()


def plan_of(sql) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return plan[0]["Plan"]


def sorts(plan) -> list[dict]:
    found = [plan] if "Sort" in plan["Node Type"] else []
    for child in plan.get("Plans", []):
        found += sorts(child)
    return found


@pytest.mark.parametrize("role", ["reviewer", "annotator", "analyst"])
@pytest.mark.parametrize(
    ("kind", "table", "index"),
    [
        ("statement", "claims_statement", "statement_queue_idx"),
        ("claimlink", "claims_claimlink", "claimlink_queue_idx"),
    ],
)
def test_the_queue_page_reads_its_index_in_order(waiting, client, role, kind, table, index):
    client.force_login(UserFactory(username=f"queue-plan-{role}", role=role))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("claims:review_queue"), {"kind": kind})
    assert response.status_code == 200
    assert response.content.count(b'class="review-item') == 50
    (sql,) = [  # the page, not its count
        q["sql"]
        for q in queries.captured_queries
        if f'FROM "{table}"' in q["sql"] and "ORDER BY" in q["sql"] and "LIMIT 50" in q["sql"]
    ]
    plan = plan_of(sql)
    assert index in used_indexes(plan), explain(sql)
    assert not sorts(plan), f"the waiting rows are sorted, not read in order:\n{explain(sql)}"
