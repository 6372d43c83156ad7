"""``manage.py fill_sentences``: store the sentence of statements saved before it was stored.

A statement keeps the bounds of its sentence (``Statement.sentence_start``/``sentence_end``)
and that sentence's words saying when it was made (``date_mention``), found whenever its span
is set, so that provenance reads neither the source nor the sentence. Statements from before
those fields existed have none, and are read the slow way until this has run once after the
upgrade. It can run while the app serves; run again, it finds nothing to do. What it stores
is what provenance would read from the source, so no stored provenance goes out of date.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from claims.models import Statement, read_sentence
from sources.models import Source

SOURCES_A_ROUND = 500
WAITING = Q(sentence_end__isnull=True) | Q(date_mention__isnull=True)


class Command(BaseCommand):
    help = "Store the sentence of statements that have none (after an upgrade)."

    def handle(self, *args, **options):
        waiting = Statement.objects.filter(WAITING)
        filled, last = 0, 0
        # In source order from where the last round stopped: one walk of the index.
        while source_ids := list(
            waiting.filter(source_id__gt=last)
            .order_by("source_id")
            .values_list("source_id", flat=True)
            .distinct()[:SOURCES_A_ROUND]
        ):
            filled += fill(source_ids)
            last = source_ids[-1]
            self.stdout.write(f"{filled:,} statements filled")
        self.stdout.write(self.style.SUCCESS(f"Done: {filled:,} statements have their sentence."))


def fill(source_ids: list[int]) -> int:
    """Fill the sentence of these sources' statements that lack it; how many were filled."""
    texts = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "text"))
    statements = list(
        Statement.objects.filter(WAITING, source_id__in=source_ids).only(
            "pk", "source_id", "start", "end"
        )
    )
    for statement in statements:
        statement.sentence_start, statement.sentence_end, statement.date_mention = read_sentence(
            texts[statement.source_id], statement.start, statement.end
        )
    with transaction.atomic():
        Statement.objects.bulk_update(
            statements, ["sentence_start", "sentence_end", "date_mention"], batch_size=500
        )
    return len(statements)
