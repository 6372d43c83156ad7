"""Full-text search indexes (claims/search.py): GIN expression indexes on PostgreSQL, FTS5
tables kept in sync by triggers on SQLite."""

from django.db import migrations

from claims.search import create_indexes, drop_indexes

# (app, model, indexed fields in order, PostgreSQL index name), as claims.search.INDEXES.
SEARCHED = [
    ("claims", "claim", ("text", "description"), "claim_search_idx"),
    ("claims", "statement", ("text",), "statement_search_idx"),
    ("claims", "speaker", ("name", "role", "description"), "speaker_search_idx"),
    ("sources", "source", ("title", "text"), "source_search_idx"),
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
