"""Each caller passes the source's language: the command, ingestion, and their refusals."""

import json

import pytest

from claims.models import Statement
from pipeline.ingest import ingest_bytes

from .test_extract_command import run_extract

RUSSIAN = (
    "Токаев: беспорядки были организованы извне\n\n"
    "АСТАНА, 10 января. /ТАСС/. Президент Казахстана Касым-Жомарт Токаев заявил, что "
    "беспорядки в стране были организованы извне.\n"
    "«Это была попытка государственного переворота», — сказал Токаев.\n"
)
KAZAKH = (
    "Мемлекет басшысы Қасым-Жомарт Тоқаев елдегі жағдай туралы мәлімдеме жасады. "
    "«Біз бұл қиындықты еңсереміз», — деді Президент.\n"
)


def test_the_command_detects_russian_and_extracts_it(tmp_path):
    path = tmp_path / "tokayev.txt"
    path.write_text(RUSSIAN, encoding="utf-8")
    result = run_extract(str(path), "--jsonl", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["kind"], r["speaker"]) for r in rows] == [
        ("indirect", "Касым-Жомарт Токаев"),
        ("direct", "Касым-Жомарт Токаев"),
    ]
    for row in rows:
        assert RUSSIAN[row["start"] : row["end"]] == row["text"]


def test_the_command_says_plainly_that_it_does_not_read_kazakh(tmp_path):
    path = tmp_path / "kk.txt"
    path.write_text(KAZAKH, encoding="utf-8")
    result = run_extract(str(path), "--jsonl", tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "kk.txt: extraction does not support the language 'kk'" in result.stderr


def test_an_explicit_language_overrides_detection(tmp_path):
    path = tmp_path / "tokayev.txt"
    path.write_text(RUSSIAN, encoding="utf-8")
    english = run_extract(str(path), "--jsonl", "--language", "en", tmp_path=tmp_path)
    assert english.returncode == 0, english.stderr
    # The English rules read no Russian cue: nothing is attributed to Tokayev, and the
    # reported clause ("заявил, что …") is not found at all.
    rows = [json.loads(line) for line in english.stdout.splitlines()]
    assert all(row["speaker"] is None for row in rows)
    assert all(row["kind"] == "direct" for row in rows)
    refused = run_extract(str(path), "--language", "no such", tmp_path=tmp_path)
    assert refused.returncode == 1
    assert "--language: 'no such' is not a language code" in refused.stderr


@pytest.mark.django_db
def test_ingest_extracts_a_russian_source_with_its_language():
    [result] = ingest_bytes(RUSSIAN.encode(), name="ru.txt", format="txt")
    assert result.source.language == "ru"
    statements = Statement.objects.for_source(result.source).select_related("speaker")
    assert {s.speaker.name for s in statements} == {"Касым-Жомарт Токаев"}
    assert len(statements) == 2


@pytest.mark.django_db
def test_ingest_stores_a_kazakh_source_and_says_why_nothing_was_extracted():
    [result] = ingest_bytes(KAZAKH.encode(), name="kk.txt", format="txt")
    assert result.status == "added"
    assert result.source.language == "kk"
    assert "extraction does not support Kazakh (kk)" in result.message
    assert not Statement.objects.for_source(result.source).exists()


ENGLISH = (
    "Tokayev calls unrest a coup attempt\n\n"
    "Kazakh President Kassym-Jomart Tokayev said that the unrest was an attempted coup.\n"
)


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(ENGLISH, RUSSIAN), (RUSSIAN, ENGLISH)])
def test_one_speaker_across_scripts_whichever_came_first(order):
    for number, text in enumerate(order):
        ingest_bytes(text.encode(), name=f"{number}.txt", format="txt")
    speakers = {s.speaker for s in Statement.objects.select_related("speaker")}
    assert len(speakers) == 1, speakers
    [speaker] = speakers
    names = {speaker.name, *speaker.aliases.values_list("name", flat=True)}
    assert {"Kassym-Jomart Tokayev", "Касым-Жомарт Токаев"} <= names


@pytest.mark.django_db
def test_a_russian_date_feeds_said_on():
    record = {
        "text": "Песков: ситуация стабилизировалась\n\nВ понедельник Дмитрий Песков заявил, "
        "что ситуация стабилизировалась.\n",
        "published": "2022-01-12",
    }
    [result] = ingest_bytes(json.dumps(record).encode(), name="ru.jsonl", format="jsonl")
    [statement] = Statement.objects.for_source(result.source)
    assert statement.said_on.isoformat() == "2022-01-10"
