"""A dump is input like any other: ``load_jsonl`` loads Claimtrail's content only, never
overwrites a row, validates every record, records history for what it writes and names each
line it refuses; a refused line leaves the database as it was (issue #21, finding 1).
"""

import html
import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from claims.models import Assessment, Claim, Rating, Speaker, Statement
from claims.review import history_for
from sources.models import Outlet, Source
from tests.factories import (
    ClaimFactory,
    OutletFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WHEN = "2026-01-05T09:30:00+00:00"


def load(tmp_path, records, *args):
    """Run load_jsonl on ``records``; (raised CommandError or None, what it printed to stderr)."""
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    stderr = io.StringIO()
    try:
        call_command("load_jsonl", str(dump), *args, stdout=io.StringIO(), stderr=stderr)
    except CommandError as error:
        return error, stderr.getvalue()
    return None, stderr.getvalue()


def test_the_pentest_dump_is_refused_line_by_line_and_changes_nothing(tmp_path):
    annotator = UserFactory(username="annotator", role="annotator")
    annotator.set_password("the annotator's own")
    annotator.save()
    statement = StatementFactory(state="rejected")
    reviewer = UserFactory(username="reviewer", role="reviewer")
    stored = {f.attname: getattr(statement, f.attname) for f in Statement._meta.concrete_fields}
    forged_hash = User(password="").password or "pbkdf2_sha256$1$salt$forged="
    records = [
        # 1. a superuser
        {"model": "auth.user", "pk": 900, "fields": {
            "username": "mallory", "password": forged_hash, "is_superuser": True,
            "is_staff": True, "date_joined": WHEN}},
        # 2. an API token for them
        {"model": "authtoken.token", "pk": "f" * 40, "fields": {"user": 900, "created": WHEN}},
        # 3. a password change for an existing user
        {"model": "auth.user", "pk": annotator.pk, "fields": {
            "username": "annotator", "password": forged_hash, "date_joined": WHEN}},
        # 4. the rejected statement, re-authored and accepted ...
        {"model": "claims.statement", "pk": statement.pk, "fields": {
            **{k: v for k, v in json.loads(json.dumps(stored, default=str)).items()
               if k not in {"id", "source_id", "speaker_id", "created_by_id", "cited_outlet_id",
                            "assignment_id", "cue_start", "cue_end", "mention_start",
                            "mention_end", "said_on", "confidence"}},
            "source": statement.source_id, "state": "accepted", "created_by": ["mallory"]}},
        # 5. ... with a history that says a reviewer accepted it
        {"model": "claims.historicalstatement", "pk": 900, "fields": {
            "id": statement.pk, "source": statement.source_id, "start": statement.start,
            "end": statement.end, "text": statement.text, "kind": "direct", "state": "accepted",
            "version": 2, "history_date": WHEN, "history_type": "~", "prefix": statement.prefix,
            "suffix": statement.suffix, "created_at": WHEN, "updated_at": WHEN,
            "history_user": ["reviewer"]}},
        # 6. a claim whose slug is not a slug
        {"model": "claims.claim", "pk": 900, "fields": {
            "text": "A claim", "slug": 'x", "claim": "other', "state": "accepted",
            "version": 1, "created_at": WHEN, "updated_at": WHEN}},
        # 7. a session
        {"model": "sessions.session", "pk": "s" * 32, "fields": {
            "session_data": "x", "expire_date": WHEN}},
    ]  # fmt: skip

    error, printed = load(tmp_path, records)

    assert error is not None
    assert "7 of 7 lines refused; nothing was loaded" in str(error)
    lines = printed.splitlines()
    assert len(lines) == 7
    assert (
        "dump.jsonl:1: auth.user 900: users and history records are restored only with "
        in (lines[0])
    )
    assert "dump.jsonl:2: authtoken.token " in lines[1]
    assert "not Claimtrail content" in lines[1]
    assert "dump.jsonl:3: auth.user" in lines[2]
    assert (
        f"dump.jsonl:4: claims.statement {statement.pk}: a row with this primary key exists "
        "already; load_jsonl never overwrites." in lines[3]
    )
    assert "dump.jsonl:5: claims.historicalstatement 900: users and history records" in lines[4]
    assert "dump.jsonl:6: claims.claim 900, field slug: Enter a valid “slug”" in lines[5]
    assert "dump.jsonl:7: sessions.session" in lines[6]
    # nothing of it is in the database
    assert not User.objects.filter(username="mallory").exists()
    assert not Token.objects.exists()
    annotator.refresh_from_db()
    assert annotator.check_password("the annotator's own")
    statement.refresh_from_db()
    assert statement.state == "rejected"
    assert {f.attname: getattr(statement, f.attname) for f in Statement._meta.concrete_fields} == (
        stored
    )
    assert [e["to_state"] for e in history_for(statement)] == ["rejected"]
    assert not Claim.objects.filter(pk=900).exists()
    assert reviewer.is_active


def test_content_is_loaded_validated_and_recorded_in_the_history(tmp_path):
    UserFactory(username="annotator", role="annotator")
    source = SourceFactory(
        text="The minister said that the river would rise.", outlet=OutletFactory()
    )
    dump = tmp_path / "content.jsonl"
    call_command("dump_jsonl", str(dump))
    records = [json.loads(line) for line in dump.read_text().splitlines()]
    content = [r for r in records if r["model"] in {"sources.source", "sources.outlet"}]
    Source.objects.all().delete()
    Outlet.objects.all().delete()
    content.append(
        {"model": "claims.speaker", "pk": 77, "fields": {
            "name": "Jana Novák", "name_key": "jana novak", "slug": "jana-novak",
            "kind": "person", "version": 1, "created_at": WHEN}},
    )  # fmt: skip
    content.append(
        {"model": "claims.statement", "pk": 78, "fields": {
            "source": source.pk, "start": 4, "end": 12, "text": "minister", "kind": "direct",
            "speaker": 77, "state": "suggested", "version": 1, "prefix": "The ",
            "suffix": " said that the river would rise.", "created_by": ["annotator"],
            "created_at": WHEN, "updated_at": WHEN}},
    )  # fmt: skip

    error, printed = load(tmp_path, content)

    assert error is None, printed
    statement = Statement.objects.get(pk=78)
    assert statement.speaker == Speaker.objects.get(slug="jana-novak")
    for item in (statement, statement.speaker, statement.source, statement.source.outlet):
        last = item.history.order_by("history_date", "history_id").last()
        assert last.history_type == "+"
        assert re.fullmatch(
            r"Loaded by load_jsonl from .*dump\.jsonl, line \d\.", last.history_change_reason
        )


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        ({"text": "ministe"}, "", "Text does not match the source at 4–12"),
        ({"end": 999, "text": "x" * 995}, "end", "is not inside the source"),
        ({"state": "approved"}, "state", "Value 'approved' is not a valid choice."),
        ({"version": 0}, "version", "a version starts at 1."),
        ({"prefix": "Forged "}, "prefix", "but the model derives 'The '"),
        ({"sentence_start": 4, "sentence_end": 44}, "sentence_start", "the model derives 0"),
        ({"source": 12345}, "source", "source instance with id 12345 is not a valid choice."),
    ],
)
def test_a_statement_the_model_would_refuse_is_refused_naming_the_field(
    tmp_path, change, field, why
):
    source = SourceFactory(text="The minister said that the river would rise.")
    record = {"model": "claims.statement", "pk": 78, "fields": {
        "source": source.pk, "start": 4, "end": 12, "text": "minister", "kind": "direct",
        "state": "suggested", "version": 1, "prefix": "The ",
        "suffix": " said that the river would rise.", "created_at": WHEN, "updated_at": WHEN,
        **change}}  # fmt: skip

    error, printed = load(tmp_path, [record])

    assert error is not None, "the record was loaded"
    assert printed.startswith(f"{tmp_path / 'dump.jsonl'}:1: claims.statement 78")
    if field:
        assert f", field {field}: " in printed
    assert why in printed
    assert not Statement.objects.exists()


def test_a_statement_dumped_before_sentences_were_stored_gets_its_sentence(tmp_path):
    source = SourceFactory(text="Rain fell. The minister said that the river would rise. Then?")
    start = source.text.index("the river")
    record = {"model": "claims.statement", "pk": 79, "fields": {
        "source": source.pk, "start": start, "end": start + 9, "text": "the river",
        "kind": "indirect", "state": "suggested", "version": 1,
        "prefix": source.text[start - 32 : start], "suffix": source.text[start + 9 : start + 41],
        "created_at": WHEN, "updated_at": WHEN}}  # fmt: skip

    error, _printed = load(tmp_path, [record])

    assert error is None
    statement = Statement.objects.get(pk=79)
    left, right = statement.sentence_start, statement.sentence_end
    assert source.text[left:right] == "The minister said that the river would rise."


def test_a_line_that_is_not_a_record_is_refused_by_line(tmp_path):
    records = [{"model": "claims.tag", "pk": "seven", "fields": {"name": "x", "slug": "x"}}]
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps(records[0]) + "\n[1, 2]\n{not json\n", encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="3 of 3 lines refused; nothing was loaded"):
        call_command("load_jsonl", str(dump), stdout=io.StringIO(), stderr=stderr)
    first, second, third = stderr.getvalue().splitlines()
    assert first.endswith(
        "dump.jsonl:1: claims.tag seven, field pk: “seven” value must be an integer."
    )
    assert second.endswith(
        'dump.jsonl:2: not a dumped record: expected {"model": …, "pk": …, "fields": {…}}.'
    )
    assert third.endswith(
        "dump.jsonl:3: not JSON (Expecting property name enclosed in double quotes, column 2)."
    )


def test_a_whole_dump_without_the_flag_says_to_use_it(tmp_path):
    ClaimFactory(created_by=UserFactory())
    dump = tmp_path / "dump.jsonl"
    call_command("dump_jsonl", str(dump))
    Claim.objects.all().delete()
    with pytest.raises(CommandError, match="restored with --full-instance, into an empty"):
        call_command("load_jsonl", str(dump), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Claim.objects.exists()


def test_full_instance_restore_refuses_a_database_that_holds_anything(tmp_path):
    ClaimFactory()
    dump = tmp_path / "dump.jsonl"
    call_command("dump_jsonl", str(dump))
    with pytest.raises(CommandError, match="--full-instance restores into an empty instance"):
        call_command("load_jsonl", str(dump), "--full-instance", stdout=io.StringIO())


def test_a_claim_option_sends_exactly_its_own_slug(client):
    """hx-vals is JSON built by json.dumps, not by pasting a value between quotes: a slug
    written into the database by hand cannot add or replace a key."""
    statement = StatementFactory()
    crafted = ClaimFactory(text="The river will rise")
    Claim.objects.filter(pk=crafted.pk).update(slug='x", "claim": "other')
    client.force_login(UserFactory(role="annotator"))

    response = client.get("/claims/options/", {"q": "river", "statement": statement.pk})

    assert response.status_code == 200
    [(_quote, attribute)] = re.findall(r"""hx-vals=(["'])(.*?)\1""", response.content.decode())
    assert json.loads(html.unescape(attribute)) == {"claim": 'x", "claim": "other'}


def test_a_dumps_rating_scale_must_be_this_instances_and_assessments_valid(tmp_path):
    claim = ClaimFactory()
    false = Rating.objects.get(label="False")  # the migration's scale
    same = {
        "model": "claims.rating",
        "pk": false.pk,
        "fields": {"label": "False", "value": 1, "description": false.description},
    }
    other = {
        "model": "claims.rating",
        "pk": false.pk,
        "fields": {"label": "Fake", "value": 1, "description": ""},
    }
    assessment = {
        "model": "claims.assessment",
        "pk": 70,
        "fields": {
            "claim": claim.pk,
            "summary": "Nothing shows it.",
            "note": "",
            "rating": false.pk,
            "sources": [],
            "state": "accepted",
            "version": 1,
            "created_by": None,
            "created_at": WHEN,
            "updated_at": WHEN,
            "published_at": WHEN,
        },
    }
    unpublished = {**assessment, "pk": 71, "fields": {**assessment["fields"], "published_at": None}}
    hostile = {**assessment, "pk": 72, "fields": {
        **assessment["fields"], "state": "rejected", "published_at": None,
        "sources": [{"url": "javascript:alert(1)", "title": "x"}]}}  # fmt: skip

    error, stderr = load(tmp_path, [other, unpublished, hostile])
    assert "3 of 3 lines refused" in str(error)
    assert "a row with this primary key exists already" in stderr
    assert "field published_at: an assessment has a publication date when" in stderr
    assert "field sources:" in stderr
    assert not Assessment.objects.exists()
    assert Rating.objects.get(pk=false.pk).label == "False"

    error, _ = load(tmp_path, [same, assessment])  # the same scale: its verdicts are there
    assert error is None
    loaded = Assessment.objects.get()
    assert (loaded.rating, loaded.state, loaded.published_at.isoformat()) == (
        false,
        "accepted",
        WHEN,
    )
