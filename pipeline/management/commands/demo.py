"""Set up a demo instance and serve it: ``manage.py demo [--no-serve]``.

Creates and migrates the database, loads the bundled sample corpus, creates one account
per role with the passwords printed, and serves on http://127.0.0.1:8000. Running it again
is safe: what exists is kept, the demo passwords are set again.
"""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.linking import load_sample_claims
from claims.roles import ADMIN, ROLES, ensure_roles
from pipeline.ingest import Status, ingest_document
from sources.ingestion import prepare_text
from sources.ingestion.documents import parse_published
from sources.models import Outlet, Source

SAMPLE_CORPUS = settings.SAMPLE_DATA_DIR / "kazakhstan-2022"
SAMPLE_METADATA = settings.SAMPLE_DATA_DIR / "kazakhstan-2022.sources.jsonl"
# The English articles, then the Russian-language samples written for Claimtrail (their
# metadata says "sample": true, and their byline that they are not real articles).
SAMPLE_SETS = [
    (SAMPLE_CORPUS, SAMPLE_METADATA),
    (
        settings.SAMPLE_DATA_DIR / "kazakhstan-2022-ru",
        settings.SAMPLE_DATA_DIR / "kazakhstan-2022-ru.sources.jsonl",
    ),
]


def demo_password(role: str) -> str:
    return f"{role}-demo-password"


class Command(BaseCommand):
    help = "Create and migrate the database, load the sample corpus, create demo accounts, serve."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Set up, but don't serve.")
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            metavar="[HOST:]PORT",
            help="Where to serve, as runserver takes it: a port (8080) or an address and port "
            "(127.0.0.1:8000, the default; 0.0.0.0:8000 serves every interface).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off. The demo accounts have published passwords: "
            "never on a server others can reach.",
        )

    def handle(self, *args, no_serve, addrport, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "demo creates accounts whose passwords are printed and published; it runs only "
                "with DEBUG on. Use --force to run it anyway on a private instance."
            )
        call_command("migrate", interactive=False, verbosity=0)
        ensure_roles()
        loaded = load_sample_corpus()
        self.stdout.write(
            f"Sample corpus: {loaded['added']} sources added, {loaded['unchanged']} already there."
        )
        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (username / password):"))
        for role in ROLES:
            create_demo_account(role)
            self.stdout.write(f"  {role:<10} / {demo_password(role)}")
        # After the corpus is loaded and extracted: the sample claims and their suggestions.
        claims = load_sample_claims()
        self.stdout.write(f"Sample claims: {len(claims)}, with suggested statements.")
        if no_serve:
            return
        address = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write(self.style.SUCCESS(f"Serving Claimtrail on http://{address}/"))
        self.stdout.write("Every page needs a login: sign in with one of the demo accounts above.")
        call_command("runserver", addrport, use_reloader=False)


@transaction.atomic
def create_demo_account(role: str):
    user, _ = get_user_model().objects.get_or_create(username=role)
    user.set_password(demo_password(role))
    user.is_staff = role == ADMIN
    user.is_superuser = role == ADMIN
    user.save()
    user.groups.set([Group.objects.get(name=role)])


def load_sample_corpus() -> dict[str, int]:
    """Ingest the bundled sample corpus as any document is ingested, extraction included.

    What the files don't say (outlet details, kind, byline, stated dates) comes from the
    metadata file beside them.
    """
    counts = {"added": 0, "unchanged": 0}
    records = [
        (folder, json.loads(line))
        for folder, metadata in SAMPLE_SETS
        for line in metadata.read_text(encoding="utf-8").splitlines()
    ]
    for folder, record in records:
        Outlet.objects.get_or_create(
            name=record["outlet"],
            defaults={"domain": record["domain"], "country": record["country"]},
        )
        path = folder / record["file"]
        document = prepare_text(path.read_text(encoding="utf-8"), name=path.name)
        document.byline = record.get("byline", "")
        document.language = record["language"]
        if record.get("published"):
            document.published = parse_published(record["published"])
        result = ingest_document(document, outlet=record["outlet"])
        if result.failed:
            raise CommandError(f"The sample corpus did not load: {result}")
        Source.objects.filter(pk=result.source.pk).update(kind=record["kind"])
        counts["added" if result.status == Status.ADDED else "unchanged"] += 1
    return counts
