"""Database triggers for the span invariant, for writes that bypass the ORM.

``Statement.save()`` checks ``source.text[start:end] == text``; these triggers check the same
on every INSERT and UPDATE that reaches the database (raw SQL, other clients, restores), and
refuse to change the text of a source that statements anchor to. Both engines count
characters (code points), as Python's string indices do.
"""

from django.db import migrations

POSTGRESQL_FORWARD = """
CREATE FUNCTION claims_statement_check_span() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM sources_source s
        WHERE s.id = NEW.source_id
          AND substring(s.text FROM NEW.start + 1 FOR NEW."end" - NEW.start) = NEW.text
          AND NEW."end" <= char_length(s.text)
    ) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
            'statement text does not match its source at ' || NEW.start || '-' || NEW."end";
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_statement_span_matches_source
    BEFORE INSERT OR UPDATE OF source_id, start, "end", text ON claims_statement
    FOR EACH ROW EXECUTE FUNCTION claims_statement_check_span();

CREATE FUNCTION sources_source_keep_anchored_text() RETURNS trigger AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text
       AND EXISTS (SELECT 1 FROM claims_statement WHERE source_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
            'the text of source ' || OLD.id || ' has statements anchored to it';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER sources_source_text_is_immutable
    BEFORE UPDATE OF text ON sources_source
    FOR EACH ROW EXECUTE FUNCTION sources_source_keep_anchored_text();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS sources_source_text_is_immutable ON sources_source;
DROP FUNCTION IF EXISTS sources_source_keep_anchored_text();
DROP TRIGGER IF EXISTS claims_statement_span_matches_source ON claims_statement;
DROP FUNCTION IF EXISTS claims_statement_check_span();
"""

_SQLITE_SPAN_MISMATCH = """
    (SELECT substr(s.text, NEW.start + 1, NEW."end" - NEW.start) = NEW.text
            AND NEW."end" <= length(s.text)
     FROM sources_source s WHERE s.id = NEW.source_id) IS NOT 1
"""

SQLITE_FORWARD = [
    f"""
CREATE TRIGGER claims_statement_span_on_insert BEFORE INSERT ON claims_statement
WHEN {_SQLITE_SPAN_MISMATCH}
BEGIN SELECT RAISE(ABORT, 'statement text does not match its source'); END;
""",
    f"""
CREATE TRIGGER claims_statement_span_on_update
BEFORE UPDATE OF source_id, start, "end", text ON claims_statement
WHEN {_SQLITE_SPAN_MISMATCH}
BEGIN SELECT RAISE(ABORT, 'statement text does not match its source'); END;
""",
    """
CREATE TRIGGER sources_source_text_is_immutable BEFORE UPDATE OF text ON sources_source
WHEN NEW.text IS NOT OLD.text
     AND EXISTS (SELECT 1 FROM claims_statement WHERE source_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'the text of a source with statements never changes'); END;
""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_statement_span_on_insert;",
    "DROP TRIGGER IF EXISTS claims_statement_span_on_update;",
    "DROP TRIGGER IF EXISTS sources_source_text_is_immutable;",
]


def create_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_FORWARD, SQLITE_FORWARD)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_BACKWARD, SQLITE_BACKWARD)


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
        ("claims", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
