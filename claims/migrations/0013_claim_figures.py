"""Stored claim figures (issue #20): each claim's live statement, speaker and outlet counts and
its first and last publication, in ``claims_claimfigures``, kept by triggers in the transaction
that changes what they count, and filled for the claims there are.

What a trigger recounts is only the claims a write touched, from scratch (a count of distinct
speakers cannot be kept by adding and subtracting):
- a claim link inserted, deleted, or updated so that it counts or stops counting, or moves to
  another claim or statement;
- a statement whose review state (counting or not), speaker or source changes;
- a source whose publication date or outlet changes;
- a claim inserted gets a zero row. Deleting a statement, a source or a claim deletes its
  links first (Django's cascade; the foreign keys refuse it otherwise), which recounts.
PostgreSQL: one trigger per statement with transition tables (a COPY or a bulk_create of
thousands of links recounts each claim once); SQLite: row triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

# What counts is ``claims.models.live_link()``: neither the link nor its statement rejected.
# SQL cannot call it, so the states are spelled here; tests/claims/test_figures.py fails if
# this and ``claims.models.NOT_REJECTED`` ever disagree.
LIVE_STATES = ("suggested", "proposed", "accepted", "changes_requested")
LIVE = "(" + ", ".join(f"'{state}'" for state in LIVE_STATES) + ")"

# The one recount, for both engines: every figure of the claims ``{claims}`` selects.
RECOUNT = f"""
UPDATE claims_claimfigures SET
    (statement_count, speaker_count, outlet_count, first_seen, last_seen) = (
        SELECT count(*), count(DISTINCT s.speaker_id), count(DISTINCT src.outlet_id),
               min(src.published_at), max(src.published_at)
        FROM claims_claimlink l
        JOIN claims_statement s ON s.id = l.statement_id
        JOIN sources_source src ON src.id = s.source_id
        WHERE l.claim_id = claims_claimfigures.claim_id
          AND l.state IN {LIVE} AND s.state IN {LIVE})
WHERE claim_id IN ({{claims}})
"""

ZERO_ROW = "INSERT INTO claims_claimfigures " \
    "(claim_id, statement_count, speaker_count, outlet_count) {rows}"  # fmt: skip


# Whether a row's change matters, ``o`` naming the row before and ``n`` after: the aliases of
# PostgreSQL's transition tables (joined on id), or SQLite's OLD and NEW.
def _link_changed(o, n):
    return (
        f"({o}.state IN {LIVE}) <> ({n}.state IN {LIVE})"
        f" OR {o}.claim_id <> {n}.claim_id OR {o}.statement_id <> {n}.statement_id"
    )


def _statement_changed(o, n):
    return (
        f"({o}.state IN {LIVE}) <> ({n}.state IN {LIVE})"
        f" OR {o}.speaker_id IS DISTINCT FROM {n}.speaker_id OR {o}.source_id <> {n}.source_id"
    )


def _source_changed(o, n):
    return (
        f"{o}.published_at IS DISTINCT FROM {n}.published_at"
        f" OR {o}.outlet_id IS DISTINCT FROM {n}.outlet_id"
    )


# A recount reads a claim's links by their claim's index, then each link's statement and
# source by primary key: time in proportion to the claim's links. Left to itself, the planner
# costs the correlated subquery for an average claim and hashes every statement and source
# of the database instead, for a claim of one link as for one of 50,000
# (tests/scale/test_query_plans.py runs it under these settings).
RECOUNT_SETTINGS = "SET enable_hashjoin = off SET enable_mergejoin = off"


def _pg_trigger(name, table, event, referencing, claims):
    return f"""
CREATE FUNCTION {name}() RETURNS trigger {RECOUNT_SETTINGS} AS $$
BEGIN
    {RECOUNT.format(claims=claims).strip()};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


_BOTH = "OLD TABLE AS o_rows NEW TABLE AS n_rows"
_JOINED = "o_rows o JOIN n_rows n ON n.id = o.id"

POSTGRESQL_FORWARD = (
    _pg_trigger(
        "claims_figures_link_insert", "claims_claimlink", "INSERT",
        "NEW TABLE AS n_rows", "SELECT claim_id FROM n_rows",
    )
    + _pg_trigger(
        "claims_figures_link_delete", "claims_claimlink", "DELETE",
        "OLD TABLE AS o_rows", "SELECT claim_id FROM o_rows",
    )
    + _pg_trigger(
        "claims_figures_link_update", "claims_claimlink", "UPDATE", _BOTH,
        f"SELECT o.claim_id FROM {_JOINED} WHERE {_link_changed("o", "n")}"
        f" UNION SELECT n.claim_id FROM {_JOINED} WHERE {_link_changed("o", "n")}",
    )
    + _pg_trigger(
        "claims_figures_statement_update", "claims_statement", "UPDATE", _BOTH,
        "SELECT l.claim_id FROM claims_claimlink l WHERE l.statement_id IN "
        f"(SELECT n.id FROM {_JOINED} WHERE {_statement_changed("o", "n")})",
    )
    + _pg_trigger(
        "claims_figures_source_update", "sources_source", "UPDATE", _BOTH,
        "SELECT l.claim_id FROM claims_claimlink l "
        "JOIN claims_statement s ON s.id = l.statement_id WHERE s.source_id IN "
        f"(SELECT n.id FROM {_JOINED} WHERE {_source_changed("o", "n")})",
    )
    + f"""
CREATE FUNCTION claims_figures_claim_insert() RETURNS trigger AS $$
BEGIN
    {ZERO_ROW.format(rows="SELECT id, 0, 0, 0 FROM n_rows")};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_figures_claim_insert AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS n_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_figures_claim_insert();
"""
)  # fmt: skip

PG_TRIGGERS = [
    ("claims_figures_link_insert", "claims_claimlink"),
    ("claims_figures_link_delete", "claims_claimlink"),
    ("claims_figures_link_update", "claims_claimlink"),
    ("claims_figures_statement_update", "claims_statement"),
    ("claims_figures_source_update", "sources_source"),
    ("claims_figures_claim_insert", "claims_claim"),
]

POSTGRESQL_BACKWARD = "".join(
    f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();\n"
    for name, table in PG_TRIGGERS
)


def _sqlite_trigger(name, event, when, claims):
    return f"""
CREATE TRIGGER {name} AFTER {event} {f"WHEN {when}" if when else ""}
BEGIN {RECOUNT.format(claims=claims).strip()}; END;
"""


SQLITE_FORWARD = [
    _sqlite_trigger(
        "claims_figures_link_insert", "INSERT ON claims_claimlink", "", "NEW.claim_id"
    ),
    _sqlite_trigger(
        "claims_figures_link_delete", "DELETE ON claims_claimlink", "", "OLD.claim_id"
    ),
    _sqlite_trigger(
        "claims_figures_link_update",
        "UPDATE OF state, claim_id, statement_id ON claims_claimlink",
        _link_changed("OLD", "NEW"),
        "OLD.claim_id, NEW.claim_id",
    ),
    _sqlite_trigger(
        "claims_figures_statement_update",
        "UPDATE OF state, speaker_id, source_id ON claims_statement",
        _statement_changed("OLD", "NEW"),
        "SELECT claim_id FROM claims_claimlink WHERE statement_id = NEW.id",
    ),
    _sqlite_trigger(
        "claims_figures_source_update",
        "UPDATE OF published_at, outlet_id ON sources_source",
        _source_changed("OLD", "NEW"),
        "SELECT l.claim_id FROM claims_claimlink l "
        "JOIN claims_statement s ON s.id = l.statement_id WHERE s.source_id = NEW.id",
    ),
    f"""
CREATE TRIGGER claims_figures_claim_insert AFTER INSERT ON claims_claim
BEGIN {ZERO_ROW.format(rows="VALUES (NEW.id, 0, 0, 0)")}; END;
""",
]  # fmt: skip

SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {name};" for name, _ in PG_TRIGGERS]

# The figures of the claims there are, once, as the triggers would have kept them.
BACKFILL = [
    ZERO_ROW.format(rows="SELECT id, 0, 0, 0 FROM claims_claim"),
    RECOUNT.format(claims="SELECT claim_id FROM claims_claimfigures"),
]


def create_triggers(apps, schema_editor):
    for statement in BACKFILL:
        schema_editor.execute(statement)
    _run(schema_editor, POSTGRESQL_FORWARD, SQLITE_FORWARD)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_BACKWARD, SQLITE_BACKWARD)


# As in 0002: a migration is frozen, so it carries its own copy rather than import one
# (tests/test_migrations.py).
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
        ("claims", "0012_claim_assessments_and_rating_scale"),
        ("sources", "0005_section_ordering_without_join"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimFigures",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="figures",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                ("statement_count", models.PositiveIntegerField(default=0)),
                ("speaker_count", models.PositiveIntegerField(default=0)),
                ("outlet_count", models.PositiveIntegerField(default=0)),
                (
                    "first_seen",
                    models.DateTimeField(blank=True, help_text="First publication.", null=True),
                ),
                (
                    "last_seen",
                    models.DateTimeField(blank=True, help_text="Last publication.", null=True),
                ),
            ],
            options={
                "verbose_name_plural": "claim figures",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
