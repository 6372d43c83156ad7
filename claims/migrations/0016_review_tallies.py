"""Stored review tallies (issue #20): how many statements of each source, and statements and
claim links of each user (0: the machine), are in each review state — the review progress
page's figures — in ``claims_reviewtally``, kept by triggers in the transaction of every write
that adds, removes or moves an item, and filled for the items there are.

Unlike a claim's figures (0013), these are sums, so a trigger adds and subtracts what a write
changed instead of recounting: each row inserted counts +1 in its groups and state, each row
deleted -1, a row updated -1 as it was and +1 as it is (only rows whose state, source or
author changed). A group's row is created, with zeros, the first time an item is added to it;
a removal never creates one (so ``flush`` leaves nothing behind, whatever its order).
PostgreSQL: one trigger per statement with transition tables (a COPY of a million statements
adds to each of its groups once); SQLite: row triggers.

Deleting a user sets ``created_by`` null (an update: the items move to the machine's row).
"""

import django.db.models.expressions
from django.db import migrations, models

# A column per review state, spelled as its value (``claims.models.ReviewState``);
# tests/claims/test_tallies.py fails if they ever disagree.
STATES = ("suggested", "proposed", "accepted", "rejected", "changes_requested")
COLUMNS = ", ".join(STATES)

# The groups an item counts in: (kind, the group's id for a row aliased ``{r}``).
STATEMENT_GROUPS = [
    ("source", "{r}.source_id"),
    ("statement_author", "COALESCE({r}.created_by_id, 0)"),
]
LINK_GROUPS = [("link_author", "COALESCE({r}.created_by_id, 0)")]


def changes(groups, rows) -> str:
    """What a write changed, as rows (kind, group_id, state, n): for each (FROM clause, row
    alias, +1 or -1) of ``rows``, the row counted in each of ``groups``."""
    return " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {group.format(r=alias)} AS group_id, "
        f"{alias}.state AS state, {sign} AS n {source}"
        for source, alias, sign in rows
        for kind, group in groups
    )


# The one change, for both engines: the groups an added item is the first of get a row of
# zeros, then every group's columns move by what changed in them.
CREATE_GROUPS = """
INSERT INTO claims_reviewtally (kind, group_id, {columns})
    SELECT DISTINCT kind, group_id, {zeros} FROM ({changes}) c WHERE c.n > 0
    ON CONFLICT (kind, group_id) DO NOTHING;
"""
APPLY = """
UPDATE claims_reviewtally SET {moved}
    FROM (SELECT kind, group_id, {sums} FROM ({changes}) c GROUP BY kind, group_id) d
    WHERE claims_reviewtally.kind = d.kind AND claims_reviewtally.group_id = d.group_id;
"""


def apply(changed: str, adds: bool = True) -> list[str]:
    """The SQL statements that apply ``changed``; a write that only removes creates no group."""
    create = CREATE_GROUPS.format(
        columns=COLUMNS, zeros=", ".join("0" for _ in STATES), changes=changed
    )
    move = APPLY.format(
        changes=changed,
        moved=", ".join(f"{s} = claims_reviewtally.{s} + d.{s}" for s in STATES),
        sums=", ".join(
            f"sum(CASE WHEN c.state = '{s}' THEN c.n ELSE 0 END) AS {s}" for s in STATES
        ),
    )
    return [create.strip(), move.strip()] if adds else [move.strip()]


def body(changed: str, adds: bool = True) -> str:
    return "\n".join(apply(changed, adds))


# Whether an update moves a row, ``o`` naming it before and ``n`` after: the aliases of
# PostgreSQL's transition tables (joined on id), or SQLite's OLD and NEW.
def _statement_moved(o, n):
    return f"{o}.state <> {n}.state OR {o}.source_id <> {n}.source_id OR " + _author_moved(o, n)


def _link_moved(o, n):
    return f"{o}.state <> {n}.state OR " + _author_moved(o, n)


def _author_moved(o, n):
    return f"{o}.created_by_id IS DISTINCT FROM {n}.created_by_id"


def _pg_trigger(name, table, event, referencing, body):
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    {body}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


_BOTH = "OLD TABLE AS o_rows NEW TABLE AS n_rows"


def _pg_triggers(prefix, table, groups, moved):
    joined = f"FROM o_rows o JOIN n_rows n ON n.id = o.id WHERE {moved('o', 'n')}"
    return (
        _pg_trigger(
            f"{prefix}_insert", table, "INSERT", "NEW TABLE AS n_rows",
            body(changes(groups, [("FROM n_rows r", "r", 1)])),
        )
        + _pg_trigger(
            f"{prefix}_delete", table, "DELETE", "OLD TABLE AS o_rows",
            body(changes(groups, [("FROM o_rows r", "r", -1)]), adds=False),
        )
        + _pg_trigger(
            f"{prefix}_update", table, "UPDATE", _BOTH,
            body(changes(groups, [(joined, "n", 1), (joined, "o", -1)])),
        )
    )  # fmt: skip


def _sqlite_triggers(prefix, table, groups, moved, columns):
    return [
        f"""CREATE TRIGGER {prefix}_insert AFTER INSERT ON {table}
BEGIN {body(changes(groups, [("", "NEW", 1)]))} END;""",
        f"""CREATE TRIGGER {prefix}_delete AFTER DELETE ON {table}
BEGIN {body(changes(groups, [("", "OLD", -1)]), adds=False)} END;""",
        f"""CREATE TRIGGER {prefix}_update AFTER UPDATE OF {columns} ON {table}
WHEN {moved("OLD", "NEW")}
BEGIN {body(changes(groups, [("", "NEW", 1), ("", "OLD", -1)]))} END;""",
    ]


TRIGGERS = [
    ("claims_tally_statement", "claims_statement", STATEMENT_GROUPS, _statement_moved,
     "state, source_id, created_by_id"),
    ("claims_tally_link", "claims_claimlink", LINK_GROUPS, _link_moved, "state, created_by_id"),
]  # fmt: skip

POSTGRESQL_FORWARD = "".join(
    _pg_triggers(prefix, table, groups, moved) for prefix, table, groups, moved, _ in TRIGGERS
)
SQLITE_FORWARD = [
    sql
    for prefix, table, groups, moved, columns in TRIGGERS
    for sql in _sqlite_triggers(prefix, table, groups, moved, columns)
]
_NAMES = [
    (f"{prefix}_{event}", table)
    for prefix, table, *_ in TRIGGERS
    for event in ("insert", "delete", "update")
]
POSTGRESQL_BACKWARD = "".join(
    f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();\n"
    for name, table in _NAMES
)
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {name};" for name, _ in _NAMES]

# The tallies of the items there are, once, as the triggers would have kept them.
BACKFILL = [
    *apply(changes(STATEMENT_GROUPS, [("FROM claims_statement r", "r", 1)])),
    *apply(changes(LINK_GROUPS, [("FROM claims_claimlink r", "r", 1)])),
]


def create_triggers(apps, schema_editor):
    _run(schema_editor, "\n".join(BACKFILL) + POSTGRESQL_FORWARD, BACKFILL + SQLITE_FORWARD)


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
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("source", "Statements of a source"),
                            ("statement_author", "Statements made by a user"),
                            ("link_author", "Claim links made by a user"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "group_id",
                    models.PositiveIntegerField(
                        help_text="The source's id, or the user's (0: the machine's suggestions)."
                    ),
                ),
                ("suggested", models.IntegerField(default=0)),
                ("proposed", models.IntegerField(default=0)),
                ("accepted", models.IntegerField(default=0)),
                ("rejected", models.IntegerField(default=0)),
                ("changes_requested", models.IntegerField(default=0)),
                (
                    "waiting",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                models.F("suggested"), "+", models.F("proposed")
                            ),
                            "+",
                            models.F("changes_requested"),
                        ),
                        output_field=models.IntegerField(),
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["kind", "-waiting", "group_id"], name="reviewtally_waiting_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "group_id"), name="reviewtally_unique")
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
