"""manage.py ingest: the sample corpus, dedup and supersede, and every kind of bad input."""

import gzip
import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.models import Outlet, Section, Source
from tests.factories import OutletFactory, SourceFactory

from .conftest import GOLD, NAV_ONLY_HTML, SAMPLE_DIR, SAMPLE_METADATA

pytestmark = pytest.mark.django_db

SAMPLE_TITLES = {
    "000": "Lukashenko: Analysis of the events in Kazakhstan shows presence of external factor",
    "001": "Lukashenko saw the unrest in Kazakhstan as an attempt to weaken Russia",
    "002": "Protests in Kazakhstan- Updates",
    "003": "Lukashenko in a telephone conversation clarified Nazarbayev's position on the "
    "situation in Kazakhstan",
    "004": "Kazakhstan\u2019s Security was Undermined by Outside Forces",
}
STORY = "The minister said on Tuesday that the river would rise by two metres before Friday."


def run_ingest(*args):
    """(stdout, stderr, exit code) of one ingest run."""
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=stdout, stderr=stderr)
        code = 0
    except CommandError as error:
        stderr.write(str(error))
        code = error.returncode
    return stdout.getvalue(), stderr.getvalue(), code


def ingest_sample_corpus():
    for record in SAMPLE_METADATA:
        run_ingest(SAMPLE_DIR / record["file"], "--outlet", record["outlet"])
    return {source.title: source for source in Source.objects.all()}


def sample_source(stem: str) -> Source:
    return Source.objects.get(title=SAMPLE_TITLES[stem])


def test_sample_corpus_ingests_with_titles_and_outlets():
    ingest_sample_corpus()
    stored = {s.title: s.outlet.name for s in Source.objects.select_related("outlet")}
    outlets = [record["outlet"] for record in SAMPLE_METADATA]
    assert stored == dict(zip(SAMPLE_TITLES.values(), outlets, strict=True))


def test_sample_texts_are_stored_as_the_files_so_gold_offsets_apply():
    ingest_sample_corpus()
    for statement in GOLD:
        source = sample_source(statement["doc"][:3])
        assert source.text[statement["start"] : statement["end"]] == statement["text"]
    for path in SAMPLE_DIR.glob("*.txt"):
        assert Source.objects.filter(text=path.read_text(encoding="utf-8")).exists()


def test_sample_sections_keep_comments_and_footers_out_of_the_body():
    ingest_sample_corpus()
    body = {
        stem: "".join(s.text for s in sample_source(stem).body_sections) for stem in SAMPLE_TITLES
    }
    assert "Offline" not in body["003"]
    assert sample_source("003").sections.filter(kind=Section.Kind.COMMENTS).count() == 1
    assert "Leave a Reply" not in body["001"]
    assert "Источник rbc.ru" not in body["001"]
    headings = list(sample_source("000").body_sections.values_list("heading", flat=True))
    assert headings == [
        SAMPLE_TITLES["000"],
        "Lukashenko describes events in Kazakhstan events as \u2018attempt at foreign interference\u2019",
    ]


def test_ingesting_again_reports_unchanged_and_stores_nothing_new():
    ingest_sample_corpus()
    stdout, _, code = run_ingest(SAMPLE_DIR)
    assert code == 0
    assert stdout.strip() == "Ingested: 0 added, 5 unchanged, 0 superseded, 0 failed."
    assert Source.objects.count() == 5


def test_changed_document_at_a_known_url_supersedes_the_old_version(tmp_path):
    old = SourceFactory(url="https://daily.example.org/news/floods")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": STORY, "url": old.url}) + "\n")
    stdout, _, code = run_ingest(batch)
    assert code == 0
    assert "1 superseded" in stdout
    new = Source.objects.get(text=STORY)
    assert new.supersedes == old
    assert list(Source.objects.current().filter(url=old.url)) == [new]


def test_outlet_comes_from_the_url_domain_when_nothing_names_it(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": STORY, "url": "https://www.belta.by/news/1"}) + "\n")
    run_ingest(batch)
    assert Source.objects.get().outlet.domain == "belta.by"


def test_outlet_named_in_the_record_is_reused_case_insensitively(tmp_path):
    outlet = OutletFactory(name="BelTA")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": STORY, "outlet": "belta"}) + "\n")
    run_ingest(batch)
    assert Source.objects.get().outlet == outlet


@pytest.fixture
def bad_inputs(tmp_path):
    """A folder with one good document and one of every bad input the issue lists."""
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(next(SAMPLE_DIR.glob("001_*.txt")), folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "nested" / "archive.txt.gz").write_bytes(gzip.compress(b"An article."))
    (folder / "broken.txt").write_bytes("Café naïve — ".encode() + b"\xff\xfe")
    (folder / "huge.txt").write_bytes(b"word " * 1200)
    (folder / "menu.html").write_bytes(NAV_ONLY_HTML)
    russian = "Президент заявил, что беспорядки в Казахстане были организованы извне."
    (folder / "russian.txt").write_bytes(russian.encode("cp1251"))
    (folder / "batch.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"text": STORY, "title": "River"}),
                "{not json",
                json.dumps({"title": "no text"}),
            ]
        )
    )
    return folder


def test_bad_inputs_are_named_with_their_reason_and_the_rest_ingests(bad_inputs, settings):
    settings.INGEST_MAX_BYTES = 5000
    stdout, stderr, code = run_ingest(bad_inputs)
    assert code == 1
    assert stdout.strip() == "Ingested: 3 added, 0 unchanged, 0 superseded, 9 failed."
    failures = sorted(line for line in stderr.splitlines() if line.startswith("failed: "))
    assert failures == sorted(
        f"failed: {bad_inputs / name}: {reason}"
        for name, reason in [
            (
                "batch.jsonl, line 2",
                "not valid JSON (Expecting property name enclosed in "
                "double quotes: line 1 column 2 (char 1))",
            ),
            ("batch.jsonl, line 3", 'the record has no "text" or "html" (a non-empty string)'),
            (
                "broken.txt",
                "invalid UTF-8 at byte 17: the file mixes UTF-8 with bytes that are not UTF-8",
            ),
            ("empty.txt", "the file is empty"),
            ("huge.txt", "the file is 6,000 bytes, over the limit of 5,000 bytes"),
            (
                "menu.html",
                "the HTML page has no main text (no paragraph of running text, "
                "only menus, headings or markup)",
            ),
            ("nested/archive.txt.gz", "this is a gzip archive, not text"),
            ("photo.png", "this is a PNG image, not text"),
            ("scan.pdf", "this is a PDF document, not text"),
        ]
    )
    assert Source.objects.filter(title="River").exists()
    assert Source.objects.filter(text__startswith="Президент заявил").exists()
    assert Source.objects.filter(title=SAMPLE_TITLES["001"]).exists()


def test_missing_path_fails_by_name(tmp_path):
    _, stderr, code = run_ingest(tmp_path / "nowhere.txt")
    assert code == 1
    assert f"failed: {tmp_path / 'nowhere.txt'}: no such file or folder" in stderr


def test_a_document_failing_mid_write_leaves_nothing_and_a_rerun_finishes(tmp_path, monkeypatch):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}\n\n{STORY}")
    real_bulk_create = Section.objects.bulk_create

    def crash_on_story_1(sections, *args, **kwargs):
        sections = list(sections)
        if sections[0].source.text.startswith("Story 1"):
            raise RuntimeError("disk full")
        return real_bulk_create(sections, *args, **kwargs)

    monkeypatch.setattr(Section.objects, "bulk_create", crash_on_story_1)
    stdout, stderr, code = run_ingest(tmp_path)
    assert code == 1
    assert f"failed: {tmp_path / '1.txt'}: could not be stored: disk full" in stderr
    assert sorted(Source.objects.values_list("title", flat=True)) == ["Story 0", "Story 2"]
    assert not Section.objects.exclude(source__in=Source.objects.all()).exists()

    monkeypatch.setattr(Section.objects, "bulk_create", real_bulk_create)
    stdout, _, code = run_ingest(tmp_path)
    assert code == 0
    assert stdout.strip() == "Ingested: 1 added, 2 unchanged, 0 superseded, 0 failed."
    assert Source.objects.get(title="Story 1").sections.count() == 1


def test_each_stored_source_goes_to_extraction(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    run_ingest(tmp_path / "a.txt")
    [statement] = Source.objects.get().statements.all()
    assert statement.text == "the river would rise by two metres before Friday"
    assert (statement.state, statement.cue) == ("suggested", "said")


def test_new_outlets_are_created_once(tmp_path):
    for n in range(2):
        (tmp_path / f"{n}.txt").write_text(f"{STORY} ({n})")
    run_ingest(tmp_path, "--outlet", "Daily Example")
    assert Outlet.objects.filter(name="Daily Example").count() == 1
    assert Source.objects.filter(outlet__name="Daily Example").count() == 2
