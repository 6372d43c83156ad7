"""Exports: CSV, W3C Web Annotation, ClaimReview, and the JSON Lines dump round trip."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from claims.models import Statement
from tests.factories import ClaimFactory, ClaimLinkFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_statements_csv_has_one_row_per_statement_with_its_claims(analyst):
    link = ClaimLinkFactory()
    response = analyst.get("/api/statements/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="statements.csv"'
    [row] = read_csv(response)
    assert row["text"] == link.statement.text
    assert row["speaker"] == link.statement.speaker.name
    assert row["claims"] == link.claim.slug


def test_statements_csv_takes_the_list_filters(analyst):
    StatementFactory(kind="direct")
    indirect = StatementFactory(kind="indirect")
    rows = read_csv(analyst.get("/api/statements/csv/?kind=indirect"))
    assert [int(r["id"]) for r in rows] == [indirect.pk]


def test_csv_cells_never_start_a_spreadsheet_formula(analyst):
    text = 'Hello\n\n"=HYPERLINK(""http://evil.example"")" said Mallory.'
    source = SourceFactory(text=text)
    start = text.index("=")
    Statement.at_span(source, start, text.index(')"') + 1, kind="direct", cue="said").save()
    [row] = read_csv(analyst.get("/api/statements/csv/"))
    assert row["text"].startswith("'=HYPERLINK")


def test_claims_csv(analyst):
    claim = ClaimFactory(text="The river will flood the old town")
    claim.tags.create(name="floods")
    [row] = read_csv(analyst.get("/api/claims/csv/"))
    assert (row["slug"], row["tags"], row["statement_count"]) == (claim.slug, "floods", "0")


def test_exports_need_a_role(nobody):
    assert nobody.get("/api/statements/csv/").status_code == 403


def test_statement_as_web_annotation_selects_its_exact_span(analyst):
    statement = StatementFactory()
    response = analyst.get(f"/api/statements/{statement.pk}/annotation/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    annotation = response.json()
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["type"] == "Annotation"
    quote, position = annotation["target"]["selector"]
    text = statement.source.text
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": statement.text,
        "prefix": text[max(0, statement.start - 32) : statement.start],
        "suffix": text[statement.end : statement.end + 32],
    }
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert annotation["body"][0]["value"] == statement.speaker.name


def test_claim_without_a_verdict_exports_as_a_claim_listing_appearances_earliest_first(analyst):
    claim = ClaimFactory(text="The river will flood the old town")
    # "… Jana Novak said on Tuesday": said the Tuesday before each publication.
    later = SourceFactory(title="Later", published_at=datetime(2022, 1, 19, tzinfo=UTC))
    earlier = SourceFactory(title="Earlier", published_at=datetime(2022, 1, 5, tzinfo=UTC))
    ClaimLinkFactory(claim=claim, statement=StatementFactory(source=later))
    ClaimLinkFactory(claim=claim, statement=StatementFactory(source=earlier))
    review = analyst.get(f"/api/claims/{claim.slug}/claimreview/").json()
    assert (
        review["@type"] == "Claim"
    )  # a ClaimReview needs a verdict (tests/claims/test_assessments.py)
    assert review["name"] == "The river will flood the old town"
    appearances = review["appearance"]
    assert [a["headline"] for a in appearances] == ["Earlier", "Later"]
    first = appearances[0]
    assert (first["datePublished"], first["publishedOn"]) == ("2022-01-05", "2022-01-05")
    assert (first["saidOn"], first["saidOnInferred"], first["dateBasis"]) == (
        "2022-01-04",
        True,  # read from its sentence ("on Tuesday"), not stored on the statement
        "said",
    )
    assert review["firstAppearance"]["headline"] == "Earlier"


@pytest.mark.django_db(transaction=True)
def test_dump_loaded_into_an_empty_instance_dumps_identically(tmp_path):
    for _ in range(3):
        link = ClaimLinkFactory(stance="denies")
        link.claim.tags.create(name=f"tag {link.pk}")
        link.statement.speaker.add_alias(f"Alias {link.pk}")
    Statement.at_span(
        SourceFactory(text="Заголовок\n\n«Мы не отступим 🇰🇿», — сказал он."), 12, 28, kind="direct"
    ).save()
    # Sub-millisecond times: a dump rounded to milliseconds lost them and reloaded differently.
    Statement.objects.filter(pk=Statement.objects.first().pk).update(
        created_at=datetime(2022, 1, 5, 9, 30, 1, 400, tzinfo=UTC)
    )
    Statement.objects.filter(pk=Statement.objects.last().pk).update(
        created_at=datetime(2022, 1, 5, 9, 30, 1, 123456, tzinfo=UTC)
    )
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    call_command("dump_jsonl", str(first))

    call_command("flush", interactive=False, verbosity=0)
    assert not Statement.objects.exists()
    call_command("load_jsonl", str(first), "--full-instance", verbosity=0)
    call_command("dump_jsonl", str(second))

    assert Statement.objects.count() == 4
    assert Statement.objects.last().created_at.microsecond == 123456
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
