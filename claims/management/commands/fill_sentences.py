"""``manage.py fill_sentences``: store the sentence of statements saved before it was stored.

A statement keeps the bounds of its sentence (``Statement.sentence_start``/``sentence_end``),
found whenever its span is set, so that provenance reads a sentence, not the whole source.
Statements from before those fields existed have none, and are read the slow way until this
has run once after the upgrade. It can run while the app serves; run again, it finds nothing
to do.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from claims.matching.text import sentence_span
from claims.models import Statement
from sources.models import Source

SOURCES_A_ROUND = 500


class Command(BaseCommand):
    help = "Store the sentence bounds of statements that have none (after an upgrade)."

    def handle(self, *args, **options):
        waiting = Statement.objects.filter(sentence_end__isnull=True)
        filled = 0
        while source_ids := list(
            waiting.order_by("source_id")
            .values_list("source_id", flat=True)
            .distinct()[:SOURCES_A_ROUND]
        ):
            filled += fill(source_ids)
            self.stdout.write(f"{filled:,} statements filled")
        self.stdout.write(self.style.SUCCESS(f"Done: {filled:,} statements have their sentence."))


def fill(source_ids: list[int]) -> int:
    """Fill the sentence bounds of these sources' statements; how many were filled."""
    texts = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "text"))
    statements = list(
        Statement.objects.filter(source_id__in=source_ids, sentence_end__isnull=True).only(
            "pk", "source_id", "start", "end"
        )
    )
    for statement in statements:
        statement.sentence_start, statement.sentence_end = sentence_span(
            texts[statement.source_id], statement.start, statement.end
        )
    with transaction.atomic():
        Statement.objects.bulk_update(
            statements, ["sentence_start", "sentence_end"], batch_size=500
        )
    return len(statements)
