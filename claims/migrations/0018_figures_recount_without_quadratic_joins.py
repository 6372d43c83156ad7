"""The claim figures' triggers (0013) without a quadratic join on bulk writes (issue #20).

0013's trigger functions carry ``enable_hashjoin = off`` and ``enable_mergejoin = off`` so
that a recount reads a claim's links by index. The same settings applied to finding which
claims an UPDATE touched, by joining the statement's transition tables (before and after)
on id: with neither hash nor merge join, and no index on a transition table, that join is a
nested loop over both, n × n rows. A bulk update of 16,667 statements spent 165 s in it.

A second cause: a PL/pgSQL function's static statement keeps the plan of its first call in
the session, made when the transition tables held a row or two (a nested loop joining them,
a scan of the links comparing each to an array), and a bulk write later in the same session
reused it (30 s for the same update in a session that had made single-row writes first).

Now each trigger function finds the claims by EXECUTE, planned for each call's rows, with the
planner free to hash the transition tables (and reaches the links and statements through their indexes: ``= ANY(ARRAY(...))`` and
LATERAL, whatever the planner guesses of a transition table's size), then hands them to
``claims_figures_recount(claims)``, which alone carries the settings, for the recount itself.
The figures and when they are recounted are unchanged; SQLite's row triggers are untouched.
"""

from django.db import migrations

# As in 0013 (frozen: a migration carries its own copy; tests/test_migrations.py).
LIVE_STATES = ("suggested", "proposed", "accepted", "changes_requested")
LIVE = "(" + ", ".join(f"'{state}'" for state in LIVE_STATES) + ")"

# 0013's recount, for the claims a WHERE clause selects.
RECOUNT = f"""UPDATE claims_claimfigures SET
    (statement_count, speaker_count, outlet_count, first_seen, last_seen) = (
        SELECT count(*), count(DISTINCT s.speaker_id), count(DISTINCT src.outlet_id),
               min(src.published_at), max(src.published_at)
        FROM claims_claimlink l
        JOIN claims_statement s ON s.id = l.statement_id
        JOIN sources_source src ON src.id = s.source_id
        WHERE l.claim_id = claims_claimfigures.claim_id
          AND l.state IN {LIVE} AND s.state IN {LIVE})"""

RECOUNT_FUNCTION = f"""
CREATE FUNCTION claims_figures_recount(claims bigint[]) RETURNS void
    SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
    EXECUTE $q$
    {RECOUNT}
    WHERE claim_id = ANY($1)$q$ USING claims;
END;
$$ LANGUAGE plpgsql;
"""

_JOINED = "o_rows o JOIN n_rows n ON n.id = o.id"


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


# Each trigger function: the claims its write touched, then the recount.
CLAIMS = {
    "claims_figures_link_insert": "SELECT claim_id FROM n_rows",
    "claims_figures_link_delete": "SELECT claim_id FROM o_rows",
    "claims_figures_link_update": (
        f"SELECT o.claim_id FROM {_JOINED} WHERE {_link_changed('o', 'n')}"
        f" UNION SELECT n.claim_id FROM {_JOINED} WHERE {_link_changed('o', 'n')}"
    ),
    "claims_figures_statement_update": (
        "SELECT l.claim_id FROM claims_claimlink l WHERE l.statement_id = ANY(ARRAY("
        f"SELECT n.id FROM {_JOINED} WHERE {_statement_changed('o', 'n')}))"
    ),
    "claims_figures_source_update": (
        "SELECT l.claim_id FROM (SELECT n.id FROM "
        f"{_JOINED} WHERE {_source_changed('o', 'n')}) AS c(source_id) "
        "CROSS JOIN LATERAL (SELECT id FROM claims_statement WHERE source_id = c.source_id) s "
        "CROSS JOIN LATERAL (SELECT claim_id FROM claims_claimlink WHERE statement_id = s.id) l"
    ),
}


def _trigger_function(name, claims, settings=""):
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger {settings} AS $$
BEGIN
    EXECUTE $q$SELECT claims_figures_recount(ARRAY(SELECT DISTINCT claim_id FROM ({claims}) c))$q$;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


FORWARD = RECOUNT_FUNCTION + "".join(
    _trigger_function(name, claims) for name, claims in CLAIMS.items()
)

# Back to 0013's functions: the recount inline, under the settings.
_OLD_RECOUNT = RECOUNT + "\nWHERE claim_id IN ({claims})"
_OLD_CLAIMS = {
    **CLAIMS,
    "claims_figures_statement_update": (
        "SELECT l.claim_id FROM claims_claimlink l WHERE l.statement_id IN "
        f"(SELECT n.id FROM {_JOINED} WHERE {_statement_changed('o', 'n')})"
    ),
    "claims_figures_source_update": (
        "SELECT l.claim_id FROM claims_claimlink l "
        "JOIN claims_statement s ON s.id = l.statement_id WHERE s.source_id IN "
        f"(SELECT n.id FROM {_JOINED} WHERE {_source_changed('o', 'n')})"
    ),
}
BACKWARD = (
    "".join(
        f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
    SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
    {_OLD_RECOUNT.format(claims=claims).strip()};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
        for name, claims in _OLD_CLAIMS.items()
    )
    + "DROP FUNCTION IF EXISTS claims_figures_recount(bigint[]);\n"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_review_tallies")]

    operations = [migrations.RunPython(forward, backward)]
