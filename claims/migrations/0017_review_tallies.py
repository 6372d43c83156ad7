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

The page's weekly figures, in ``claims_weeklydecisions``: reviewers' decisions on the
machine's suggested statements by week (Monday, UTC: ``settings.TIME_ZONE``), a decision
being a record of the statement history, of a statement nobody made by hand, in accepted or
rejected, whose record before it (by date, then id) is in another state. A trigger on the
history finds the statements a write touched and counts their decisions as the history is
after the write, +1, and as it was before, -1 (the rows the write inserted left out, the rows
it deleted or updated put back as they were): a record added, removed, or redated anywhere
in a statement's history counts right, in time proportional to that statement's history.
"""

import django.db.models.expressions
from django.db import migrations, models

# A column per review state, spelled as its value (``claims.models.ReviewState``);
# tests/claims/test_tallies.py fails if they ever disagree.
STATES = ("suggested", "proposed", "accepted", "rejected", "changes_requested")
COLUMNS = ", ".join(STATES)

# An author's statements are counted in SHARDS rows, by source id: ingestion workers storing
# the machine's suggestions for different sources do not wait for each other on one row
# (``claims.models.ReviewTally.SHARDS``; a test fails if the two disagree).
SHARDS = 64

# The groups an item counts in: (kind, the group's id, its shard) for a row aliased ``{r}``.
STATEMENT_GROUPS = [
    ("source", "{r}.source_id", "0"),
    ("statement_author", "COALESCE({r}.created_by_id, 0)", f"{{r}}.source_id % {SHARDS}"),
]
LINK_GROUPS = [("link_author", "COALESCE({r}.created_by_id, 0)", "0")]


def changes(groups, rows) -> str:
    """What a write changed, as rows (kind, group_id, shard, state, n): for each (FROM
    clause, row alias, +1 or -1) of ``rows``, the row counted in each of ``groups``."""
    return " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {group.format(r=alias)} AS group_id, "
        f"{shard.format(r=alias)} AS shard, {alias}.state AS state, {sign} AS n {source}"
        for source, alias, sign in rows
        for kind, group, shard in groups
    )


# The one change, for both engines: the groups an added item is the first of get a row of
# zeros, then every group's columns move by what changed in them. ``changes`` has the key
# columns, ``state`` and ``n`` (+1 or -1).
CREATE_GROUPS = """
INSERT INTO {table} ({keys}, {columns})
    SELECT DISTINCT {keys}, {zeros} FROM ({changes}) c WHERE c.n > 0
    ON CONFLICT ({keys}) DO NOTHING;
"""
APPLY = """
UPDATE {table} SET {moved}
    FROM (SELECT {keys}, {sums} FROM ({changes}) c GROUP BY {keys}) d
    WHERE {joined};
"""


def apply(
    changed: str,
    adds: bool = True,
    table: str = "claims_reviewtally",
    keys=("kind", "group_id", "shard"),
    states=STATES,
) -> list[str]:
    """The SQL statements that apply ``changed`` to ``table``'s ``states`` columns; a write
    that only removes creates no group."""
    create = CREATE_GROUPS.format(
        table=table,
        keys=", ".join(keys),
        columns=", ".join(states),
        zeros=", ".join("0" for _ in states),
        changes=changed,
    )
    move = APPLY.format(
        table=table,
        keys=", ".join(keys),
        changes=changed,
        moved=", ".join(f"{s} = {table}.{s} + d.{s}" for s in states),
        sums=", ".join(
            f"sum(CASE WHEN c.state = '{s}' THEN c.n ELSE 0 END) AS {s}" for s in states
        ),
        joined=" AND ".join(f"{table}.{key} = d.{key}" for key in keys),
    )
    return [create.strip(), move.strip()] if adds else [move.strip()]


def body(changed: str, adds: bool = True, **into) -> str:
    return "\n".join(apply(changed, adds, **into))


# Whether an update moves a row, ``o`` naming it before and ``n`` after: the aliases of
# PostgreSQL's transition tables (joined on id), or SQLite's OLD and NEW.
def _statement_moved(o, n):
    return f"{o}.state <> {n}.state OR {o}.source_id <> {n}.source_id OR " + _author_moved(o, n)


def _link_moved(o, n):
    return f"{o}.state <> {n}.state OR " + _author_moved(o, n)


def _author_moved(o, n):
    return f"{o}.created_by_id IS DISTINCT FROM {n}.created_by_id"


def _executed(body: str) -> str:
    """Each statement of ``body`` run by EXECUTE, so planned for this call's rows. A static
    statement in a PL/pgSQL function keeps the plan of its first call in the session, made
    when the transition tables held a row or two: a bulk write later in the same session
    then joins them row by row (n × n)."""
    statements = [part.strip() for part in body.split(";") if part.strip()]
    return "\n    ".join(f"EXECUTE $q${statement}$q$;" for statement in statements)


def _pg_trigger(name, table, event, referencing, body):
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    {_executed(body)}
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

# --- the machine's decisions by week ----------------------------------------------------------

HISTORY = "claims_historicalstatement"
_RECORD = "id, history_id, history_date, state, created_by_id"  # what a decision is read from
WEEKLY = {"table": "claims_weeklydecisions", "keys": ("week",), "states": ("accepted", "rejected")}
# The Monday of a record's week, in UTC (SQLite stores UTC date-times as text).
PG_WEEK = "(date_trunc('week', h.history_date AT TIME ZONE 'UTC'))::date"
SQLITE_WEEK = "date(h.history_date, '-6 days', 'weekday 1')"


def decisions(records: str, week: str, sign: int) -> str:
    """(week, state, n = ``sign``) for each decision among ``records``, a subquery of history
    records holding the whole history of each statement in it."""
    return f"""SELECT {week} AS week, h.state AS state, {sign} AS n FROM (
        SELECT r.*, LAG(r.state) OVER (
            PARTITION BY r.id ORDER BY r.history_date, r.history_id) AS before
        FROM ({records}) r) h
    WHERE h.created_by_id IS NULL AND h.state IN ('accepted', 'rejected')
        AND h.before IS NOT NULL AND h.before <> h.state"""


def _histories(ids: str, without: str = "", plus: str = "") -> str:
    """The history records of the statements ``ids`` selects, less the records ``without``
    selects (their history_ids), plus ``plus`` (records as they were)."""
    records = f"SELECT {_RECORD} FROM {HISTORY} WHERE id IN ({ids})"
    if without:
        records += f" AND history_id NOT IN ({without})"
    return records + (f" UNION ALL {plus}" if plus else "")


def _weekly(week, ids, without="", plus="") -> str:
    """The weeks' change: decisions of the statements ``ids`` selects now, less as they were."""
    return (
        decisions(_histories(ids), week, 1)
        + " UNION ALL "
        + decisions(_histories(ids, without, plus), week, -1)
    )


_NEW = "SELECT history_id FROM n_rows"
_OLD = f"SELECT {_RECORD} FROM o_rows"
POSTGRESQL_FORWARD += (
    _pg_trigger(
        "claims_tally_history_insert", HISTORY, "INSERT", "NEW TABLE AS n_rows",
        body(_weekly(PG_WEEK, "SELECT id FROM n_rows", without=_NEW), **WEEKLY),
    )
    + _pg_trigger(
        "claims_tally_history_delete", HISTORY, "DELETE", "OLD TABLE AS o_rows",
        body(_weekly(PG_WEEK, "SELECT id FROM o_rows", plus=_OLD), **WEEKLY),
    )
    + _pg_trigger(
        "claims_tally_history_update", HISTORY, "UPDATE", _BOTH,
        body(
            _weekly(PG_WEEK, "SELECT id FROM n_rows UNION SELECT id FROM o_rows",
                    without=_NEW, plus=_OLD),
            **WEEKLY,
        ),
    )
)  # fmt: skip
_SQLITE_OLD = "SELECT " + ", ".join(f"OLD.{column}" for column in _RECORD.split(", "))
SQLITE_FORWARD += [
    f"""CREATE TRIGGER claims_tally_history_insert AFTER INSERT ON {HISTORY}
BEGIN {body(_weekly(SQLITE_WEEK, "NEW.id", without="NEW.history_id"), **WEEKLY)} END;""",
    f"""CREATE TRIGGER claims_tally_history_delete AFTER DELETE ON {HISTORY}
BEGIN {body(_weekly(SQLITE_WEEK, "OLD.id", plus=_SQLITE_OLD), **WEEKLY)} END;""",
    f"""CREATE TRIGGER claims_tally_history_update
AFTER UPDATE OF {_RECORD} ON {HISTORY}
BEGIN {body(_weekly(SQLITE_WEEK, "OLD.id, NEW.id", without="NEW.history_id", plus=_SQLITE_OLD), **WEEKLY)} END;""",
]  # fmt: skip
_NAMES += [(f"claims_tally_history_{event}", HISTORY) for event in ("insert", "delete", "update")]
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
_EVERY_STATEMENT = f"SELECT id FROM {HISTORY}"


def create_triggers(apps, schema_editor):
    pg_weeks = apply(decisions(_histories(_EVERY_STATEMENT), PG_WEEK, 1), **WEEKLY)
    sqlite_weeks = apply(decisions(_histories(_EVERY_STATEMENT), SQLITE_WEEK, 1), **WEEKLY)
    _run(
        schema_editor,
        "\n".join(BACKFILL + pg_weeks) + POSTGRESQL_FORWARD,
        BACKFILL + sqlite_weeks + SQLITE_FORWARD,
    )


def drop_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_BACKWARD, SQLITE_BACKWARD)


# As in 0002 and 0013: a migration is frozen, so it carries its own copy rather than import
# one (tests/test_migrations.py).
def _run(schema_editor, postgresql_sql, sqlite_statements):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql_sql, params=None)  # no placeholders: % is modulo
    elif vendor == "sqlite":
        for statement in sqlite_statements:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"Claimtrail supports PostgreSQL and SQLite, not {vendor}.")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0016_claim_provenance"),
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
                ("shard", models.PositiveSmallIntegerField(default=0)),
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
                    models.UniqueConstraint(
                        fields=("kind", "group_id", "shard"), name="reviewtally_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WeeklyDecisions",
            fields=[
                ("week", models.DateField(primary_key=True, serialize=False)),
                ("accepted", models.IntegerField(default=0)),
                ("rejected", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name_plural": "weekly decisions",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
