"""Stored search documents (issue #20): on PostgreSQL each searched table gets a generated
``search_document tsvector`` column, and its GIN index is built on that column instead of on
the expression.

The column is the expression 0005 and 0007 indexed (as PostgreSQL prints those indexes), now
computed once when a row is written and stored beside it. Before, a query had to spell the
indexed expression for the index to serve it, and then any plan other than the index scan
parsed every row it looked at: for a word in 15 % of 220,000 sources, the planner (which
prices ``to_tsvector`` at next to nothing) counted matches by a sequential scan parsing
article after article, 1.1–1.6 s. Reading a stored value makes every plan cheap.

The models do not declare the column, so Django never selects nor writes it;
``claims.search.Document`` names it in queries. PostgreSQL refuses to change the type of a
column a generated column reads (``ALTER COLUMN ... TYPE``, a CharField's ``max_length``):
such a migration drops ``search_document`` first and adds it back after.

Every table the FTS5 tables of 0005 serve gets one, claims and speakers too: they are small
and cheap to store, and one way of reading a document for every kind is one less thing to get
wrong. SQLite keeps its FTS5 tables; nothing changes there.

Frozen: the SQL is written here, not built from claims.search.
"""

from django.db import migrations

# (table, its GIN index, the stored document as 0005 and 0007 indexed it)
DOCUMENTS = [
    (
        "claims_claim",
        "claim_search_idx",
        """to_tsvector('english'::regconfig,
            COALESCE(text, '')::text || ' ' || COALESCE(description, ''))""",
    ),
    (
        "claims_statement",
        "statement_search_idx",
        """to_tsvector(
            CASE WHEN text ~ '[А-Яа-яЁё]' THEN 'russian'::regconfig ELSE 'english'::regconfig END,
            COALESCE(text, ''))""",
    ),
    (
        "claims_speaker",
        "speaker_search_idx",
        """to_tsvector('english'::regconfig,
            COALESCE(name, '')::text || ' ' || COALESCE(role, '')::text || ' '
            || COALESCE(description, ''))""",
    ),
    (
        "sources_source",
        "source_search_idx",
        """to_tsvector(
            CASE WHEN language = 'en' THEN 'english'::regconfig
                 WHEN language = 'ru' THEN 'russian'::regconfig
                 ELSE 'simple'::regconfig END,
            COALESCE(title, '')::text || ' ' || COALESCE(text, ''))""",
    ),
]


def store(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, document in DOCUMENTS:
        # The expression index first: the table's rewrite would rebuild it, parsing it all again.
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_document)")


def unstore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, document in DOCUMENTS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (({document}))")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0019_statement_date_mention"),
        ("sources", "0005_section_ordering_without_join"),
    ]

    operations = [migrations.RunPython(store, unstore)]
