"""``manage.py forget_provenance``: mark every claim page's stored provenance out of date
(claims/provenance_page.py), so that each is computed afresh when next read.

Triggers move a claim's version whenever what its provenance is read from changes; this is
for after they were bypassed (disabled for a restore, a database copied without them). It
also gives a row to any claim that has none.
"""

from django.core.management.base import BaseCommand

from claims import provenance_page


class Command(BaseCommand):
    help = "Mark every claim's stored provenance out of date; it is recomputed when next read."

    def handle(self, *args, **options):
        made, forgotten = provenance_page.forget_all()
        self.stdout.write(
            f"Marked the stored provenance of {forgotten} claims out of date; "
            f"made {made} missing rows."
        )
