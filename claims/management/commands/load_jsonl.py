"""``manage.py load_jsonl FILE``: load Claimtrail's content from a JSON Lines dump.

A dump is input like any other: it may come from someone else's instance, or be written by
hand. So, by default, only Claimtrail's own content is loaded — outlets, sources, sections,
speakers and their aliases, tags, claims, assignments, statements and claim links — and:

- any other model is refused: users, groups, permissions, API tokens, sessions, and history
  records (the history of what is loaded is written here, not taken from the file);
- a primary key that already exists is refused: nothing is ever overwritten;
- every record is checked by the model's own validation (``clean_fields``, ``clean``,
  unique fields and constraints: slugs, spans against the source text, review states,
  choices, foreign keys) and its derived fields (content hash, name keys, quote context)
  must be what the model derives;
- each loaded speaker, statement, claim, link, outlet and source gets a "created" history
  record naming the file and line.

``--full-instance`` is an administrator's restore of a whole ``dump_jsonl`` (users with their
roles but no passwords, and the review history as dumped) into an empty instance: it refuses
a database that holds any user or content.

All or nothing: one transaction. Every line is checked, each refused line is reported as
``FILE:LINE: model pk, field: why``, and if any line was refused nothing is written.
"""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from claims.management.commands.dump_jsonl import DUMPED_MODELS, USER_FIELDS
from claims.models import Assessment, Rating, Speaker, SpeakerAlias, Statement, read_sentence
from claims.names import normalize_name
from sources.models import Outlet, Source, content_hash

CONTENT_MODELS = [label for label in DUMPED_MODELS if ".Historical" not in label]
HISTORY_MODELS = [label for label in DUMPED_MODELS if ".Historical" in label]
USER_MODEL = "auth.user"


class Refused(Exception):
    def __init__(self, why: str, field: str = ""):
        super().__init__(why)
        self.why, self.field = why, field


class Command(BaseCommand):
    help = (
        "Load Claimtrail's content (outlets, sources, speakers, statements, claims, links) from "
        "a JSON Lines dump; --full-instance restores a whole dump_jsonl into an empty instance."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .jsonl file, as dump_jsonl writes.")
        parser.add_argument(
            "--full-instance",
            action="store_true",
            help="Restore a whole dump (users without passwords, roles, review history) into "
            "an empty instance; refused when the database holds any user or content.",
        )

    def handle(self, *args, path, full_instance, **options):
        if not path.endswith(".jsonl"):
            raise CommandError(f"{path}: a dump is a .jsonl file written by dump_jsonl.")
        loader = Loader(path, full_instance=full_instance)
        with transaction.atomic():
            if full_instance:
                refuse_a_populated_instance()
                # The migration's scale makes way for the dumped instance's (nothing uses it).
                Rating.objects.all().delete()
                Rating.history.all().delete()
            with open(path, encoding="utf-8") as stream:
                for number, line in enumerate(stream, start=1):
                    if line.strip():
                        loader.load_line(number, line)
            if loader.refused:
                transaction.set_rollback(True)
        if loader.refused:
            for refusal in loader.refused:
                self.stderr.write(refusal)
            hint = ""
            if loader.full_dump_lines and not full_instance:
                hint = (
                    f" {loader.full_dump_lines} of them are users or history: a whole "
                    "dump_jsonl is restored with --full-instance, into an empty instance."
                )
            raise CommandError(
                f"{path}: {len(loader.refused)} of {loader.lines} lines refused; "
                f"nothing was loaded.{hint}"
            )
        reset_sequences(loader.models)
        what = "a full instance" if full_instance else "content"
        self.stdout.write(f"Loaded {loader.lines} records ({what}) from {path}.")


def refuse_a_populated_instance() -> None:
    held = {
        label: apps.get_model(label)._default_manager.count()
        for label in [USER_MODEL, *CONTENT_MODELS]
        if label != "claims.Rating"  # every migrated instance has a rating scale
    }
    held = {label: n for label, n in held.items() if n}
    if held:
        listed = ", ".join(f"{n} {label}" for label, n in held.items())
        raise CommandError(
            f"--full-instance restores into an empty instance; this one holds {listed}. "
            "Restore into a freshly migrated database, or load content without the flag."
        )


class Loader:
    def __init__(self, path: str, *, full_instance: bool):
        self.path, self.full_instance = path, full_instance
        self.allowed = {label.lower() for label in CONTENT_MODELS}
        if full_instance:
            self.allowed |= {label.lower() for label in HISTORY_MODELS} | {USER_MODEL}
        self.lines = 0
        self.full_dump_lines = 0  # refused users and history lines: a whole dump's
        self.refused: list[str] = []
        self.models: set = set()

    def load_line(self, number: int, line: str) -> None:
        self.lines += 1
        record = None
        try:
            record = parse(line)
            self.check_allowed(record)
            self.load(record, number)
        except Refused as refusal:
            where = f"{self.path}:{number}: "
            if isinstance(record, dict):
                where += f"{record.get('model')} {record.get('pk', '(no pk)')}"
                where += f", field {refusal.field}" if refusal.field else ""
                where += ": "
            self.refused.append(where + refusal.why)

    def check_allowed(self, record: dict) -> None:
        label = record["model"].lower()
        if label in self.allowed:
            if label == USER_MODEL:
                extra = sorted(set(record["fields"]) - set(USER_FIELDS))
                if extra:
                    raise Refused("never restored from a dump (passwords are set again).", extra[0])
            return
        if label == USER_MODEL or label in {h.lower() for h in HISTORY_MODELS}:
            self.full_dump_lines += 1
            raise Refused(
                "users and history records are restored only with --full-instance, "
                "into an empty instance."
            )
        raise Refused(
            "not Claimtrail content: a dump loads outlets, sources, sections, speakers, "
            "aliases, tags, ratings, claims, assessments, assignments, statements and claim "
            "links only."
        )

    @staticmethod
    def same_rating(pk, record: dict) -> bool:
        """A verdict of the dump's scale that this instance has as it is (the default scale
        both were migrated with); a different one under the same key is refused below."""
        stored = Rating.objects.filter(pk=pk).values("label", "value", "description").first()
        wanted = {key: record["fields"].get(key) for key in ("label", "value", "description")}
        return stored is not None and stored == wanted

    def load(self, record: dict, number: int) -> None:
        model = apps.get_model(record["model"])
        pk = record.get("pk")
        if pk is not None:
            try:
                pk = model._meta.pk.to_python(pk)
            except ValidationError as error:
                raise Refused(" ".join(error.messages), "pk") from None
            if model is Rating and self.same_rating(pk, record):
                return  # the instance's scale has it already
            if model._default_manager.filter(pk=pk).exists():
                raise Refused(
                    "a row with this primary key exists already; load_jsonl never overwrites."
                )
        try:
            [deserialized] = serializers.deserialize("jsonl", json.dumps(record))
        except (DeserializationError, ObjectDoesNotExist, ValueError) as error:
            raise Refused(f"cannot be read: {_first_line(error)}") from None
        obj = deserialized.object
        history = model.__name__.startswith("Historical")
        if model is get_user_model():
            obj.set_unusable_password()
        validate(obj, history=history)
        check_m2m(deserialized)
        try:
            with transaction.atomic():
                deserialized.save()
        except (DatabaseError, ValidationError) as error:
            raise Refused(f"the database refused it: {_first_line(error)}") from None
        self.models.add(model)
        if not self.full_instance and hasattr(model, "history"):
            model.history.bulk_history_create(
                [obj],
                default_change_reason=f"Loaded by load_jsonl from {self.path}, line {number}.",
            )


def parse(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise Refused(f"not JSON ({error.msg}, column {error.colno}).") from None
    if not (
        isinstance(record, dict)
        and isinstance(record.get("model"), str)
        and isinstance(record.get("fields"), dict)
    ):
        raise Refused('not a dumped record: expected {"model": …, "pk": …, "fields": {…}}.')
    try:
        apps.get_model(record["model"])
    except (LookupError, ValueError):
        raise Refused(f"no model {record['model']!r}.") from None
    return record


def validate(obj, *, history: bool) -> None:
    """The model's own checks; a history record's links may name deleted rows."""
    model = type(obj)
    try:
        if history:
            # null, not blank: simple-history's own declaration of an empty comment
            bookkeeping = ["history_change_reason"]
            obj.clean_fields(
                exclude=[f.name for f in model._meta.fields if f.is_relation] + bookkeeping
            )
            return
        obj.clean_fields(exclude=["password"] if model is get_user_model() else None)
        obj.clean()
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError as error:
        raise Refused(*_describe(error)) from None
    if getattr(obj, "version", 1) < 1:
        raise Refused("a version starts at 1.", "version")
    if isinstance(obj, Assessment) and (obj.state == "accepted") != (obj.published_at is not None):
        raise Refused(
            "an assessment has a publication date when, and only when, accepted.", "published_at"
        )
    fill_missing(obj)
    for field, derived in derived_fields(obj).items():
        if getattr(obj, field) != derived:
            raise Refused(
                f"is {getattr(obj, field)!r}, but the model derives {derived!r} from the record.",
                field,
            )


def fill_missing(obj) -> None:
    """What a dump made before a derived field existed lacks, computed as a save would."""
    if isinstance(obj, Statement) and obj.sentence_start is None and obj.sentence_end is None:
        obj.sentence_start, obj.sentence_end = obj.sentence_bounds()
    if isinstance(obj, Statement) and obj.date_mention is None:
        obj.date_mention = read_sentence(obj.source.text, obj.start, obj.end)[2]


def derived_fields(obj) -> dict:
    """What a save would compute; a dump must agree, or lookups would find the wrong rows."""
    if isinstance(obj, Source):
        return {"content_hash": content_hash(obj.text)}
    if isinstance(obj, Outlet):
        return {"domain": Outlet.normalize_domain(obj.domain)}
    if isinstance(obj, Speaker | SpeakerAlias):
        return {"name_key": normalize_name(obj.name)}
    if isinstance(obj, Statement):
        fresh = Statement(source=obj.source, start=obj.start, end=obj.end)
        fresh.fill_quote_context()
        return {name: getattr(fresh, name) for name in Statement.READ_AROUND_SPAN}
    return {}


def check_m2m(deserialized) -> None:
    for name, values in (deserialized.m2m_data or {}).items():
        related = type(deserialized.object)._meta.get_field(name).related_model
        found = related._default_manager.filter(pk__in=values).count()
        if found != len(set(values)):
            raise Refused(f"names a {related._meta.verbose_name} that does not exist.", name)


def _describe(error: ValidationError) -> tuple[str, str]:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return " ".join(m for e in errors for m in e.messages), "" if field == "__all__" else field
    return " ".join(error.messages), ""


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def reset_sequences(models) -> None:
    """The next row made after a restore gets an id after the loaded ones (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
