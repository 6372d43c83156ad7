"""``manage.py rebuild_tallies``: recount the review progress page's stored tallies
(claims/tallies.py).

Triggers keep them true; this repairs them after the triggers were bypassed (disabled for a
restore, a database copied without them) and says how many were wrong.
"""

from django.core.management.base import BaseCommand

from claims import tallies


class Command(BaseCommand):
    help = "Recount the statements of every source and the items of every user by review state."

    def handle(self, *args, **options):
        wrong = tallies.rebuild()
        self.stdout.write(f"Recounted the review tallies: {wrong} were wrong or missing.")
