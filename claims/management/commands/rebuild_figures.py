"""``manage.py rebuild_figures``: recount every claim's stored figures (claims/figures.py).

Triggers keep them true; this repairs them after the triggers were bypassed (disabled for a
restore, a database copied without them) and says how many were wrong.
"""

from django.core.management.base import BaseCommand

from claims import figures


class Command(BaseCommand):
    help = "Recount every claim's stored statement, speaker and outlet counts and dates."

    def handle(self, *args, **options):
        wrong = figures.rebuild()
        self.stdout.write(f"Recounted the figures of every claim: {wrong} were wrong or missing.")
