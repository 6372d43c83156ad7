"""A claim's provenance kept per version (issue #20): ``claims_claimprovenance`` holds what the
claim page shows, and triggers move a row's ``version`` on in the transaction of every write
that can change it, so a stored summary is used only while nothing it was read from changed.

What provenance reads (claims/provenance.py ``for_claim``), and so what moves the version:
- the claim's links: made, deleted, or changed in state, stance, claim or statement;
- their statements and sources, and every other statement of those sources, since what a
  source cites for a speaker is read across all its statements (``source_citations``): a
  statement made, deleted or changed in what provenance reads; a source changed in title,
  text, publication date or outlet;
- any speaker's name, and any outlet (citations are resolved against every outlet's name and
  domain): rare edits, so they move every row.
Every claim has its row, made by a trigger when the claim is: a writer moves a row that is
there, so a reader storing what it computed finds out, by the row's version, that a write
came in between (claims/provenance_page.py).
PostgreSQL: one trigger per statement with transition tables; SQLite: row triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

BUMP = "UPDATE claims_claimprovenance SET version = version + 1"
NEW_ROWS = "INSERT INTO claims_claimprovenance (claim_id, version) {rows}"

# The claims whose links reach a statement of the sources ``{sources}`` selects.
CLAIMS_OF_SOURCES = (
    "SELECT l.claim_id FROM claims_claimlink l "
    "JOIN claims_statement s ON s.id = l.statement_id WHERE s.source_id IN ({sources})"
)
# The same for PostgreSQL, source by source through the indexes (LATERAL can only be a loop):
# the planner knows nothing of a transition table's rows, and given the choice it hashes
# every statement of the database for a trigger that changed one.
PG_CLAIMS_OF_SOURCES = (
    "SELECT l.claim_id FROM (SELECT DISTINCT * FROM ({sources}) c0) AS c(source_id) "
    "CROSS JOIN LATERAL (SELECT id FROM claims_statement WHERE source_id = c.source_id) s "
    "CROSS JOIN LATERAL (SELECT claim_id FROM claims_claimlink WHERE statement_id = s.id) l"
)


# Whether a row's change matters, ``o`` naming the row before and ``n`` after: the aliases of
# PostgreSQL's transition tables (joined on id), or SQLite's OLD and NEW.
def _differ(o, n, columns):
    return " OR ".join(f'{o}."{c}" IS DISTINCT FROM {n}."{c}"' for c in columns)


LINK_COLUMNS = ["state", "stance", "claim_id", "statement_id"]
STATEMENT_COLUMNS = [
    "state", "source_id", "start", "end", "text", "sentence_start", "sentence_end",
    "speaker_id", "speaker_mention", "cited", "cited_outlet_id", "said_on",
]  # fmt: skip
SOURCE_COLUMNS = ["title", "text", "published_at", "outlet_id"]
OUTLET_COLUMNS = ["name", "domain"]


def _pg_trigger(name, table, event, referencing, claims=None, when=None):
    """``claims`` selects the claims to move on (joined once they are distinct: compared one
    by one, a bulk insert of n links would cost n × n); without it, every claim is, if
    ``when``. Run by EXECUTE, so planned for each call's rows: a static statement keeps the
    plan of its first call in the session, made for a transition table of a row or two, and
    a later bulk write in the same session would join its transition tables row by row."""
    if claims:
        bump = (
            f"{BUMP} FROM (SELECT DISTINCT claim_id FROM ({claims}) c) AS touched"
            " WHERE claims_claimprovenance.claim_id = touched.claim_id"
        )
    else:
        bump = f"{BUMP} WHERE EXISTS ({when})" if when else BUMP
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    EXECUTE $q${bump}$q$;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


_NEW, _OLD = "NEW TABLE AS n_rows", "OLD TABLE AS o_rows"
_BOTH = f"{_OLD} {_NEW}"
_JOINED = "o_rows o JOIN n_rows n ON n.id = o.id"


def _changed(table_columns):
    return f"SELECT o.id FROM {_JOINED} WHERE {_differ('o', 'n', table_columns)}"


POSTGRESQL_FORWARD = (
    _pg_trigger(
        "claims_provenance_link_insert", "claims_claimlink", "INSERT", _NEW,
        "SELECT claim_id FROM n_rows",
    )
    + _pg_trigger(
        "claims_provenance_link_delete", "claims_claimlink", "DELETE", _OLD,
        "SELECT claim_id FROM o_rows",
    )
    + _pg_trigger(
        "claims_provenance_link_update", "claims_claimlink", "UPDATE", _BOTH,
        f"SELECT o.claim_id FROM {_JOINED} WHERE {_differ('o', 'n', LINK_COLUMNS)}"
        f" UNION SELECT n.claim_id FROM {_JOINED} WHERE {_differ('o', 'n', LINK_COLUMNS)}",
    )
    + _pg_trigger(
        "claims_provenance_statement_insert", "claims_statement", "INSERT", _NEW,
        PG_CLAIMS_OF_SOURCES.format(sources="SELECT source_id FROM n_rows"),
    )
    + _pg_trigger(
        "claims_provenance_statement_delete", "claims_statement", "DELETE", _OLD,
        PG_CLAIMS_OF_SOURCES.format(sources="SELECT source_id FROM o_rows"),
    )
    + _pg_trigger(
        "claims_provenance_statement_update", "claims_statement", "UPDATE", _BOTH,
        PG_CLAIMS_OF_SOURCES.format(
            sources=f"SELECT o.source_id FROM {_JOINED} WHERE "
            f"{_differ('o', 'n', STATEMENT_COLUMNS)} UNION SELECT n.source_id FROM {_JOINED} "
            f"WHERE {_differ('o', 'n', STATEMENT_COLUMNS)}"
        ),
    )
    + _pg_trigger(
        "claims_provenance_source_update", "sources_source", "UPDATE", _BOTH,
        PG_CLAIMS_OF_SOURCES.format(sources=_changed(SOURCE_COLUMNS)),
    )
    + _pg_trigger(
        "claims_provenance_speaker_update", "claims_speaker", "UPDATE", _BOTH,
        when=_changed(["name"]),
    )
    + _pg_trigger("claims_provenance_outlet_insert", "sources_outlet", "INSERT", _NEW)
    + _pg_trigger("claims_provenance_outlet_delete", "sources_outlet", "DELETE", _OLD)
    + _pg_trigger(
        "claims_provenance_outlet_update", "sources_outlet", "UPDATE", _BOTH,
        when=_changed(OUTLET_COLUMNS),
    )
    + f"""
CREATE FUNCTION claims_provenance_claim_insert() RETURNS trigger AS $$
BEGIN
    {NEW_ROWS.format(rows="SELECT id, 0 FROM n_rows")};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_provenance_claim_insert AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS n_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_provenance_claim_insert();
"""
)  # fmt: skip

PG_TRIGGERS = [
    ("claims_provenance_link_insert", "claims_claimlink"),
    ("claims_provenance_link_delete", "claims_claimlink"),
    ("claims_provenance_link_update", "claims_claimlink"),
    ("claims_provenance_statement_insert", "claims_statement"),
    ("claims_provenance_statement_delete", "claims_statement"),
    ("claims_provenance_statement_update", "claims_statement"),
    ("claims_provenance_source_update", "sources_source"),
    ("claims_provenance_speaker_update", "claims_speaker"),
    ("claims_provenance_outlet_insert", "sources_outlet"),
    ("claims_provenance_outlet_delete", "sources_outlet"),
    ("claims_provenance_outlet_update", "sources_outlet"),
    ("claims_provenance_claim_insert", "claims_claim"),
]

POSTGRESQL_BACKWARD = "".join(
    f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();\n"
    for name, table in PG_TRIGGERS
)


def _sqlite_trigger(name, event, when="", claims=None):
    where = f" WHERE claim_id IN ({claims})" if claims else ""
    return f"""
CREATE TRIGGER {name} AFTER {event} {f"WHEN {when}" if when else ""}
BEGIN {BUMP}{where}; END;
"""


def _columns(columns):
    return ", ".join(f'"{c}"' for c in columns)


SQLITE_FORWARD = [
    _sqlite_trigger(
        "claims_provenance_link_insert", "INSERT ON claims_claimlink", claims="NEW.claim_id"
    ),
    _sqlite_trigger(
        "claims_provenance_link_delete", "DELETE ON claims_claimlink", claims="OLD.claim_id"
    ),
    _sqlite_trigger(
        "claims_provenance_link_update",
        f"UPDATE OF {_columns(LINK_COLUMNS)} ON claims_claimlink",
        f"({_differ('OLD', 'NEW', LINK_COLUMNS)})",
        "OLD.claim_id, NEW.claim_id",
    ),
    _sqlite_trigger(
        "claims_provenance_statement_insert", "INSERT ON claims_statement",
        claims=CLAIMS_OF_SOURCES.format(sources="NEW.source_id"),
    ),
    _sqlite_trigger(
        "claims_provenance_statement_delete", "DELETE ON claims_statement",
        claims=CLAIMS_OF_SOURCES.format(sources="OLD.source_id"),
    ),
    _sqlite_trigger(
        "claims_provenance_statement_update",
        f"UPDATE OF {_columns(STATEMENT_COLUMNS)} ON claims_statement",
        f"({_differ('OLD', 'NEW', STATEMENT_COLUMNS)})",
        CLAIMS_OF_SOURCES.format(sources="OLD.source_id, NEW.source_id"),
    ),
    _sqlite_trigger(
        "claims_provenance_source_update",
        f"UPDATE OF {_columns(SOURCE_COLUMNS)} ON sources_source",
        f"({_differ('OLD', 'NEW', SOURCE_COLUMNS)})",
        CLAIMS_OF_SOURCES.format(sources="NEW.id"),
    ),
    _sqlite_trigger(
        "claims_provenance_speaker_update", "UPDATE OF name ON claims_speaker",
        "OLD.name IS NOT NEW.name",
    ),
    _sqlite_trigger("claims_provenance_outlet_insert", "INSERT ON sources_outlet"),
    _sqlite_trigger("claims_provenance_outlet_delete", "DELETE ON sources_outlet"),
    _sqlite_trigger(
        "claims_provenance_outlet_update",
        f"UPDATE OF {_columns(OUTLET_COLUMNS)} ON sources_outlet",
        f"({_differ('OLD', 'NEW', OUTLET_COLUMNS)})",
    ),
    f"""
CREATE TRIGGER claims_provenance_claim_insert AFTER INSERT ON claims_claim
BEGIN {NEW_ROWS.format(rows="VALUES (NEW.id, 0)")}; END;
""",
]  # fmt: skip

SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {name};" for name, _ in PG_TRIGGERS]


def create_triggers(apps, schema_editor):
    schema_editor.execute(NEW_ROWS.format(rows="SELECT id, 0 FROM claims_claim"))
    _run(schema_editor, POSTGRESQL_FORWARD, SQLITE_FORWARD)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_BACKWARD, SQLITE_BACKWARD)


# As in 0002 and 0013: a migration is frozen, so it carries its own copy rather than import
# one (tests/test_migrations.py).
def _run(schema_editor, postgresql_sql, sqlite_statements):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql_sql)
    elif vendor == "sqlite":
        for statement in sqlite_statements:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"Claimtrail supports PostgreSQL and SQLite, not {vendor}.")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_statement_sentence"),
        ("sources", "0005_section_ordering_without_join"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimProvenance",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="provenance_row",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=0, editable=False)),
                ("live_version", models.PositiveBigIntegerField(editable=False, null=True)),
                ("live", models.JSONField(editable=False, null=True)),
                ("accepted_version", models.PositiveBigIntegerField(editable=False, null=True)),
                ("accepted", models.JSONField(editable=False, null=True)),
            ],
            options={
                "verbose_name_plural": "claim provenance",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
