"""``manage.py dump_jsonl FILE``: everything Claimtrail knows, as JSON Lines.

One Django-serialized object per line, in dependency order, primary keys kept, so
``manage.py load_jsonl FILE`` into an empty instance reproduces the data exactly (and a
second dump of it is identical to the first). Users appear by username with their roles
(groups, staff and superuser flags) and no password hashes: a dump is data to share, not
credentials. What a dump leaves out, and why, is in docs/architecture.md ("Backup and restore").
"""

from datetime import datetime, time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

# Dependency order: whatever a model points at comes before it.
DUMPED_MODELS = [
    "sources.Outlet",
    "sources.Source",
    "sources.Section",
    "claims.Speaker",
    "claims.SpeakerAlias",
    "claims.Tag",
    "claims.Rating",
    "claims.Claim",
    "claims.Assessment",
    "claims.Assignment",
    "claims.Statement",
    "claims.ClaimLink",
    "claims.HistoricalSpeaker",
    "claims.HistoricalClaim",
    "claims.HistoricalStatement",
    "claims.HistoricalClaimLink",
    "claims.HistoricalRating",
    "claims.HistoricalAssessment",
    "sources.HistoricalOutlet",
    "sources.HistoricalSource",
]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Date-times to the microsecond. Django's encoder keeps milliseconds, as JavaScript
    does; a dump must give back exactly what was stored."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


# Who the users are and what they may do; never their passwords (nor API tokens, sessions).
USER_FIELDS = [
    "username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser",
    "date_joined", "groups",
]  # fmt: skip


class Command(BaseCommand):
    help = "Write every outlet, source, speaker, statement, claim and their history as JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write (- for standard output).")

    def handle(self, *args, path, **options):
        stream = self.stdout._out if path == "-" else open(path, "w", encoding="utf-8")  # noqa: SIM115
        try:
            write_dump(stream)
        finally:
            if path != "-":
                stream.close()


def write_dump(stream) -> None:
    users = get_user_model().objects.order_by("pk").prefetch_related("groups")
    serializers.serialize(
        "jsonl",
        users,
        stream=stream,
        fields=USER_FIELDS,
        use_natural_foreign_keys=True,
        cls=ExactJSONEncoder,
    )
    for label in DUMPED_MODELS:
        model = apps.get_model(label)
        serializers.serialize(
            "jsonl",
            model._default_manager.order_by("pk").iterator(chunk_size=2000),
            stream=stream,
            use_natural_foreign_keys=True,
            cls=ExactJSONEncoder,
        )
