"""A read replica (``DATABASE_REPLICA_URL``), against a second local PostgreSQL database.

The stand-in replica is a copy of the test database taken (``CREATE DATABASE … TEMPLATE``)
before the primary changes a claim: it lags, as a real replica may for a moment. What a
response shows tells which database answered it. The app runs under gunicorn with production
settings (tests/faults/conftest.py).
"""

import psycopg
import pytest
import requests
from django.db import connection, connections
from rest_framework.authtoken.models import Token

from tests.factories import ClaimFactory
from tests.faults.conftest import database_url, member

pytestmark = pytest.mark.django_db(transaction=True)

AS_REPLICATED = "The unrest was caused from abroad."
CHANGED_ON_PRIMARY = "The unrest was caused from abroad, the primary says."


@pytest.fixture
def lagging_replica():
    """(primary URL, replica URL): the replica has every row but the primary's last change."""
    if connection.vendor != "postgresql":
        pytest.skip("A read replica is a PostgreSQL server: PostgreSQL only.")
    primary = connection.settings_dict["NAME"]
    replica = f"{primary}_replica"
    claim = ClaimFactory(text=AS_REPLICATED, slug="from-abroad")
    key = Token.objects.create(user=member("rita", "reviewer")).key
    connections.close_all()  # a template database takes no other connection while copied
    admin = database_url(name="postgres")
    with psycopg.connect(admin, autocommit=True) as server:
        # Earlier live-server tests leave idle connections behind in finished request threads
        # (CONN_MAX_AGE keeps them open): they would block the copy.
        server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [primary],
        )
        server.execute(f'DROP DATABASE IF EXISTS "{replica}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{replica}" TEMPLATE "{primary}"')
    with connection.cursor() as cursor:  # after the copy: the replica has not seen this yet
        cursor.execute(
            "UPDATE claims_claim SET text = %s WHERE id = %s", [CHANGED_ON_PRIMARY, claim.pk]
        )
    yield database_url(), database_url(name=replica), key
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{replica}" WITH (FORCE)')


def claim_text(session_or_module, server, key):
    response = session_or_module.get(
        f"{server.url}/api/claims/from-abroad/", headers={"Authorization": f"Token {key}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_reads_go_to_the_replica_and_a_writer_reads_its_own_writes(lagging_replica, app_server):
    primary, replica, key = lagging_replica
    server = app_server(primary, DATABASE_REPLICA_URL=replica)

    # A read answered by the replica: it has the claim as it was before the primary's change.
    assert claim_text(requests, server, key)["text"] == AS_REPLICATED

    # A write goes to the primary, and the request that wrote reads the primary throughout:
    # the claim it answers with is the primary's, with the change the replica lacks.
    writer = requests.Session()
    edited = writer.patch(
        f"{server.url}/api/claims/from-abroad/",
        json={"version": 1, "description": "Edited through the API."},
        headers={"Authorization": f"Token {key}"},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["text"] == CHANGED_ON_PRIMARY
    assert edited.json()["description"] == "Edited through the API."
    assert "primary_db" in writer.cookies

    # The writer's next reads, pinned by the cookie, come from the primary ...
    assert claim_text(writer, server, key)["description"] == "Edited through the API."
    # ... while another client's still come from the replica, which has not seen the edit.
    other = claim_text(requests, server, key)
    assert (other["text"], other["description"]) == (AS_REPLICATED, "")


def test_without_a_replica_every_read_is_the_primary(lagging_replica, app_server):
    primary, _replica, key = lagging_replica
    server = app_server(primary)
    assert claim_text(requests, server, key)["text"] == CHANGED_ON_PRIMARY
