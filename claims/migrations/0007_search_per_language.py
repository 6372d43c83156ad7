"""Full-text search per language (claims/search.py ``search_config``): on PostgreSQL the GIN
indexes of sources and statements are rebuilt with a configuration per row (Russian stemming
for Russian sources and Cyrillic statements). SQLite's FTS5 tables already split Cyrillic
words (unicode61); Russian stemming is done on the query side, so nothing changes there.

Frozen: the index expression is copied here, not imported from claims.search, so that
changing the search code later cannot change what this migration did. It is the expression
``claims.search.vector(fields, model)`` built on the day it was written; a new expression is
a new migration (and PostgreSQL only uses the index while the query spells the same one).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchConfig, SearchVectorField
from django.db import migrations
from django.db.models import Case, F, Func, TextField, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, Regex

# (app, model, indexed fields in order, PostgreSQL index name)
REBUILT = [
    ("claims", "statement", ("text",), "statement_search_idx"),
    ("sources", "source", ("title", "text"), "source_search_idx"),
]
SOURCE_CONFIGS = {"en": "english", "ru": "russian"}  # any other language: "simple"
CYRILLIC = "[А-Яа-яЁё]"


def regconfig(name):
    return SearchConfig(Value(name))


def config_per_row(model_name):
    """A source's configuration by its language, a statement's by its script."""
    if model_name == "source":
        choices = [
            When(Exact(F("language"), code), then=regconfig(config))
            for code, config in SOURCE_CONFIGS.items()
        ]
        return Case(*choices, default=regconfig("simple"), output_field=TextField())
    cyrillic = When(Regex(F("text"), CYRILLIC), then=regconfig("russian"))
    return Case(cyrillic, default=regconfig("english"), output_field=TextField())


def vector(fields, model_name):
    text = Func(
        *(Coalesce(F(f), Value(""), output_field=TextField()) for f in fields),
        template="%(expressions)s",
        arg_joiner=" || ' ' || ",
        output_field=TextField(),
    )
    return Func(
        config_per_row(model_name), text, function="to_tsvector", output_field=SearchVectorField()
    )


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model_name, fields, name in REBUILT:
        model = apps.get_model(app, model_name)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.add_index(model, GinIndex(vector(fields, model_name), name=name))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_api_filter_indexes"),
        ("sources", "0004_source_language_iso"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
