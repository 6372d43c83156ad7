"""``manage.py load_jsonl FILE``: load a dump made by ``dump_jsonl`` into this instance.

All or nothing: one transaction, so a bad line leaves the database as it was. The database
triggers still check every statement's span against its source's text.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load a JSON Lines dump made by dump_jsonl (into an empty instance)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .jsonl file written by dump_jsonl.")

    def handle(self, *args, path, **options):
        if not path.endswith(".jsonl"):
            raise CommandError(f"{path}: a dump is a .jsonl file written by dump_jsonl.")
        call_command("loaddata", path, verbosity=options["verbosity"])
