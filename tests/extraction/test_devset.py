"""The extraction development set (sample_data/extraction-dev/): its files are what build.py
makes of the annotated sources, every record's text is its span, and extraction keeps
scoring at least the pinned floors on it (issue #16's measures, see docs/extraction.md)."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claims.extraction.score import evaluate_issue, extracted, format_issue_report, read_texts
from claims.extraction.scoring import is_saying_cue, load_gold, overlap_matches, same_surname

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "sample_data" / "extraction-dev"
GOLD = ROOT / "sample_data" / "extraction-dev.gold.jsonl"
NEGATIVES = ROOT / "sample_data" / "extraction-dev.negatives.jsonl"
SAMPLE = ROOT / "sample_data" / "kazakhstan-2022"
SAMPLE_GOLD = ROOT / "sample_data" / "kazakhstan-2022.gold.jsonl"

# What the extractor on main scored when this was pinned, less a small margin. Raise them
# when the rules improve; a drop below is a regression.
# Measured on 2026-12-06 (main at f5c25cf): all 0.870 / 0.547 / F1 0.672, direct F1 0.682,
# verbs of saying 0.632, named speakers 0.796, 0 of 52 negatives extracted.
# Raised on 2026-12-06 with the issue #16 rules (branch extraction): all 0.981 / 0.863 /
# F1 0.919, direct F1 0.932, verbs of saying 0.895, named speakers 0.856, 0 negatives.
# Raised on 2026-12-06 (branch extraction2: headlines, document issuers, framing, labelling
# participles): all 0.982 / 0.899 / F1 0.939, direct F1 0.957, verbs of saying 0.918, named
# speakers 0.892, 0 negatives.
# Raised on 2026-12-06 (branch extract16: authorial statements in opinion writing, rulings,
# linked headlines, headline and apposition speakers; 31 documents, 394 gold, 70 negatives):
# all 0.983 / 0.886 / F1 0.932, direct F1 0.955, verbs of saying 0.914, named speakers 0.940,
# authorial recall 0.81 (39/48) with no authorial statement outside the gold, 1 negative.
FLOORS = {
    "all_f1": 0.92,
    "all_precision": 0.97,
    "direct_f1": 0.94,
    "saying_recall": 0.90,
    "named_speaker_accuracy": 0.93,
    "authorial_recall": 0.78,
    "authorial_precision": 0.95,
}
MAX_NEGATIVES_EXTRACTED = 2


def _build_module():
    spec = importlib.util.spec_from_file_location("devset_build", DEV / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_committed_files_are_what_the_build_makes_of_the_annotated_sources():
    for path, content in _build_module().outputs().items():
        assert path.read_bytes() == content.encode(), f"{path.name} is stale: run build.py"
    result = subprocess.run(
        [sys.executable, str(DEV / "build.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_record_is_its_span_of_the_document():
    texts = {path.stem: path.read_bytes().decode("utf-8") for path in DEV.glob("*.txt")}
    for row in _rows(GOLD) + _rows(NEGATIVES):
        text = texts[row["doc"]]
        assert text[row["start"] : row["end"]] == row["text"], row
        assert row["text"] == row["text"].strip(), row
        for start, end in row.get("fragments") or []:
            assert row["start"] <= start < end <= row["end"], row


def test_gold_records_carry_the_fields_of_the_sample_gold_and_a_known_category():
    build = _build_module()
    for row in _rows(GOLD):
        assert {"doc", "start", "end", "text", "speaker", "kind", "cue", "category"} <= set(row)
        assert row["category"] in build.CATEGORIES, row
        assert row["kind"] in ("direct", "indirect", "mixed", "authorial"), row
        assert (row["kind"] == "authorial") == (row["category"] == "authorial"), row
        assert row["speaker"], row
    assert {row["category"] for row in _rows(NEGATIVES)} <= set(build.NEGATIVES_KINDS)


def test_negatives_and_gold_statements_never_overlap():
    gold = _rows(GOLD)
    for negative in _rows(NEGATIVES):
        for row in gold:
            if row["doc"] == negative["doc"]:
                assert row["end"] <= negative["start"] or negative["end"] <= row["start"], (
                    negative,
                    row,
                )


def test_the_set_covers_every_category_in_several_styles():
    build = _build_module()
    rows = _rows(GOLD)
    assert len(rows) + len(_rows(NEGATIVES)) >= 320
    # turns are transcripts'; the writer's own claims are opinion's, in several house styles
    for category in set(build.CATEGORIES) - {"transcript-turn", "authorial"}:
        styles = {row["style"] for row in rows if row["category"] == category}
        assert len(styles) >= 2, f"{category} appears only in {styles}"
    opinion = {row["doc"] for row in rows if row["category"] == "authorial"}
    assert len(opinion) >= 8  # columns, an editorial and a leader, op-eds, a blog post
    assert {row["style"] for row in rows} == set(build.STYLES)


def test_a_marker_with_an_unknown_category_is_named_with_its_line():
    build = _build_module()
    with pytest.raises(build.AuthoringError, match=r"x\.ann, line 3: expected category"):
        build.build_document("x", "@style: wire\nHeadline\n“[[We won|direct-vreb|A B|said]]”\n")


def test_an_unpaired_marker_is_refused():
    build = _build_module()
    with pytest.raises(build.AuthoringError, match=r"x\.ann: a \[\[ or \]\] without its pair"):
        build.build_document("x", "@style: wire\n“[[We won|direct-verb|A B|said” she said.\n")


def test_an_interrupted_quote_is_one_record_with_its_fragments():
    build = _build_module()
    text, records, _ = build.build_document(
        "x", "@style: wire\n“[[One,|interrupted|Ann Lee|said|m=she|#q]]” she said. “[[Two.|#q]]”\n"
    )
    (record,) = records
    assert text == "“One,” she said. “Two.”\n"
    assert record["fragments"] == [[1, 5], [18, 22]]
    assert record["text"] == text[1:22]
    assert record["speaker_mention"] == "she"


def test_surnames_and_verbs_of_saying_as_the_issue_counts_them():
    assert same_surname("Jane Smith", "Smith")
    assert same_surname("Mary O’Neill", "O'Neill’s")
    assert same_surname("Hartwell Research", "a Hartwell Research poll")
    assert same_surname("Metro Transit Authority", "MTA")
    assert not same_surname("Jane Smith", "Jane Doe")
    assert not same_surname("Ann Lee", "AL")
    assert is_saying_cue("has already warned")
    assert is_saying_cue("According to")
    assert not is_saying_cue("found")
    assert not is_saying_cue(":")


def test_extraction_scores_at_least_the_floors_on_the_development_set():
    report = evaluate_issue(GOLD, DEV)
    print()
    print(format_issue_report(report))
    baseline = evaluate_issue(GOLD, DEV, baseline=True)
    print(
        f"regex over double quotes: all F1 {baseline.all.f1:.3f}, direct F1 {baseline.direct.f1:.3f}"
    )
    authorial = authorial_scores(GOLD, DEV)
    figures = {
        "authorial_recall": authorial["recall"],
        "authorial_precision": authorial["precision"],
        "all_f1": report.all.f1,
        "all_precision": report.all.precision,
        "direct_f1": report.direct.f1,
        "saying_recall": report.saying.recall,
        "named_speaker_accuracy": report.named_speaker_accuracy,
    }
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, f"{name} is {figures[name]:.3f}, below {floor}"
    assert report.negatives.found <= MAX_NEGATIVES_EXTRACTED


def authorial_scores(gold_path: Path, folder: Path) -> dict[str, float]:
    """Recall of the gold authorial statements, and the share of predicted authorial ones
    that match a gold statement (of any kind)."""
    texts = read_texts(folder)
    gold, predicted = load_gold(gold_path), extracted(texts)
    pairs = overlap_matches(gold, predicted, texts)
    authorial_gold = [g for g in gold if g.kind == "authorial"]
    authorial_predicted = [p for p in predicted if p.kind == "authorial"]
    matched_gold = {id(g) for g, _ in pairs}
    matched_predicted = {id(p) for _, p in pairs}
    return {
        "recall": sum(id(g) in matched_gold for g in authorial_gold) / len(authorial_gold),
        "precision": sum(id(p) in matched_predicted for p in authorial_predicted)
        / max(1, len(authorial_predicted)),
    }


def test_the_sample_gold_scores_at_least_f1_095():
    """Issue #16's "sample gold F1 ≥ 0.95", with the real scorer on the five sample articles
    (sectioned as ``manage.py extract`` does)."""
    report = evaluate_issue(SAMPLE_GOLD, SAMPLE)
    print(f"sample gold: {format_issue_report(report)}")
    assert report.all.f1 >= 0.95, f"sample gold F1 is {report.all.f1:.3f}"
    assert report.named_speaker_accuracy >= 0.95


def test_gold_loads_with_fragments_for_the_scorer():
    interrupted = [g for g in load_gold(GOLD) if g.category == "interrupted"]
    assert interrupted
    assert all(g.fragments and len(g.fragments) >= 2 for g in interrupted)
