"""``manage.py extract FILE... --jsonl``: runs without a database, offsets index the file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (
    "Minister warns of floods\r\n\r\n"
    "“The river will rise by two metres before Friday,” Environment Minister Jana Novak "
    "said on Tuesday. According to the weather service, more rain is expected.\r\n\r\n"
    "Leave a Reply\r\n\r\nYour email address will not be published.\r\n"
)


def run_extract(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    database = tmp_path / "never-created.sqlite3"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "extract", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert not database.exists(), "extract must not touch the database"
    return result


def test_jsonl_has_one_statement_a_line_with_offsets_into_the_file_as_read(tmp_path):
    path = tmp_path / "floods-2024.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    result = run_extract(str(path), "--jsonl", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2
    quote, reported = rows
    for row in rows:
        assert ARTICLE[row["start"] : row["end"]] == row["text"]  # \r\n kept, as in the file
        assert row["doc"] == "floods-2024"
    assert quote["text"] == "The river will rise by two metres before Friday"
    assert (quote["kind"], quote["cue"], quote["speaker"]) == ("direct", "said", "Jana Novak")
    assert quote["speaker_mention"] == "Environment Minister Jana Novak"
    assert reported["text"] == "more rain is expected"
    assert reported["cue"] == "According to"
    assert reported["cited"] is None
    assert 0 <= reported["confidence"] <= 1


def test_missing_file_is_named_and_fails(tmp_path):
    result = run_extract(str(tmp_path / "nowhere.txt"), "--jsonl", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "nowhere.txt" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("content", [b"\xff\xfe\x00broken", "Café said so".encode("latin-1")])
def test_file_that_is_not_utf8_is_named_and_fails(tmp_path, content):
    path = tmp_path / "latin.txt"
    path.write_bytes(content)
    result = run_extract(str(path), "--jsonl", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "latin.txt" in result.stderr
    assert "UTF-8" in result.stderr


def test_sample_corpus_comments_give_no_statements(tmp_path):
    corpus = sorted((ROOT / "sample_data" / "kazakhstan-2022").glob("*.txt"))
    result = run_extract(*map(str, corpus), "--jsonl", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    commented = next(
        path for path in corpus if "Dear reader, to leave comments" in path.read_text()
    )
    comments_start = commented.read_text().index("Dear reader")
    assert not [r for r in rows if r["doc"] == commented.stem and r["start"] > comments_start]
    assert {r["doc"] for r in rows} == {path.stem for path in corpus}


def test_jsonl_reports_an_interrupted_quote_as_one_record_with_its_fragments(tmp_path):
    text = "“The dam will hold,” engineer Tomas Berg said. “It was built for worse than this.”\n"
    path = tmp_path / "dam.txt"
    path.write_bytes(text.encode("utf-8"))
    result = run_extract(str(path), "--jsonl", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert [text[a:b] for a, b in row["fragments"]] == [
        "The dam will hold",
        "It was built for worse than this.",
    ]
    assert text[row["start"] : row["end"]] == row["text"]
    assert (row["start"], row["end"]) == (row["fragments"][0][0], row["fragments"][-1][1])
