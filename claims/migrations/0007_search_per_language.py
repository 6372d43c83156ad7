"""Full-text search per language (claims/search.py ``search_config``): on PostgreSQL the GIN
indexes of sources and statements are rebuilt with a configuration per row (Russian stemming
for Russian sources and Cyrillic statements). SQLite's FTS5 tables already split Cyrillic
words (unicode61); Russian stemming is done on the query side, so nothing changes there."""

from django.db import migrations

from claims.search import create_indexes, drop_indexes

REBUILT = [
    ("claims", "statement", ("text",), "statement_search_idx"),
    ("sources", "source", ("title", "text"), "source_search_idx"),
]


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, fields, name in REBUILT:
        drop_indexes(schema_editor, apps.get_model(app, model), name)
        create_indexes(schema_editor, apps.get_model(app, model), fields, name)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_api_filter_indexes"),
        ("sources", "0004_source_language_iso"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
