"""How many rows a big table holds, without reading them all on every request.

A dashboard's "1,001,435 statements" costs a scan of a million rows per page view. On
PostgreSQL, a table the planner's statistics (kept by ANALYZE and autovacuum) put at
``EXACT_BELOW`` rows or more is counted by that estimate and shown as "about 1,000,000"; a
smaller one, and every table on SQLite, is counted exactly.
"""

from dataclasses import dataclass

from django.db import connections, router

EXACT_BELOW = 100_000


@dataclass(frozen=True)
class Tally:
    value: int
    approximate: bool = False

    def __str__(self) -> str:
        if not self.approximate:
            return f"{self.value:,}"
        digits = max(len(str(self.value)) - 3, 0)  # three significant figures
        return f"about {round(self.value, -digits):,}"

    def __float__(self) -> float:  # for |pluralize
        return float(self.value)

    def __int__(self) -> int:
        return self.value


def tallies(querysets: dict) -> dict[str, Tally]:
    """Each queryset's count, by name: estimated from its table's statistics where those say
    the table is big (PostgreSQL), counted exactly otherwise. The estimate is of the whole
    table, whatever the queryset filters: use it for querysets that leave out few rows."""
    estimates = _table_estimates([qs.model for qs in querysets.values()])
    found = {}
    for name, queryset in querysets.items():
        estimate = estimates.get(queryset.model._meta.db_table)
        if estimate is not None and estimate >= EXACT_BELOW:
            found[name] = Tally(estimate, approximate=True)
        else:
            found[name] = Tally(queryset.count())
    return found


def _table_estimates(models) -> dict[str, int]:
    """{table: estimated rows} from pg_class, in one query; {} on other databases. A table
    never analyzed (reltuples -1) has no estimate."""
    if not models:
        return {}
    connection = connections[router.db_for_read(models[0])]
    if connection.vendor != "postgresql":
        return {}
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind IN ('r', 'p') AND relname = ANY(%s) "
            "AND relnamespace = ANY(current_schemas(false)::regnamespace[])",
            [tables],
        )
        return {table: rows for table, rows in cursor.fetchall() if rows >= 0}
