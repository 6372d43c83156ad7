"""Full-text search indexes (claims/search.py): GIN expression indexes on PostgreSQL, FTS5
tables kept in sync by triggers on SQLite.

Frozen: what it builds is copied here, not imported from claims.search, so that changing
the search code later cannot change what this migration did. A new index expression is a
new migration.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "english"

# (app, model, indexed fields in order, PostgreSQL index name), as claims.search.INDEXES.
SEARCHED = [
    ("claims", "claim", ("text", "description"), "claim_search_idx"),
    ("claims", "statement", ("text",), "statement_search_idx"),
    ("claims", "speaker", ("name", "role", "description"), "speaker_search_idx"),
    ("sources", "source", ("title", "text"), "source_search_idx"),
]


def create_indexes(schema_editor, model, fields, name):
    """A GIN expression index on PostgreSQL; an FTS5 table and its triggers on SQLite."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.add_index(model, GinIndex(SearchVector(*fields, config=CONFIG), name=name))
    elif vendor == "sqlite":
        for statement in fts5_sql(model._meta.db_table, fields):
            schema_editor.execute(statement)


def drop_indexes(schema_editor, model, name):
    vendor = schema_editor.connection.vendor
    table = f"{model._meta.db_table}_fts"
    if vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    elif vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


def fts5_sql(content: str, fields) -> list[str]:
    table = f"{content}_fts"
    columns = ", ".join(fields)
    new = ", ".join(f"new.{f}" for f in fields)
    old = ", ".join(f"old.{f}" for f in fields)
    return [
        f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, content='{content}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {content} BEGIN "
        f"INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {content} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF {columns} ON {content} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new}); END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def forwards(apps, schema_editor):
    for app, model, fields, name in SEARCHED:
        create_indexes(schema_editor, apps.get_model(app, model), fields, name)


def backwards(apps, schema_editor):
    for app, model, _fields, name in SEARCHED:
        drop_indexes(schema_editor, apps.get_model(app, model), name)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_text_embedding"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
