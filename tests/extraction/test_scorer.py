"""The scorer on the development set, and its matching rules on small cases."""

import json
import subprocess
import sys
from pathlib import Path

from claims.extraction.score import evaluate
from claims.extraction.scoring import Labelled, issue_report, regex_baseline, score

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
GOLD = SAMPLE_DATA / "kazakhstan-2022.gold.jsonl"
DOCS = SAMPLE_DATA / "kazakhstan-2022"

# What extraction reached on the development set when this was pinned, less a small margin:
# a drop below these is a regression (see docs/extraction.md for the full table).
# 2026-12-06 (issue #16): the gold now records Lukashenko's "… in the prosperous south,” the
# head of state said. “You’ll see soon …" as one statement with fragments, and annotates "a
# British court ruled that Ablyazov had committed a number of offences" (court rulings are
# sources). Measured then: all exact and overlap F1 0.899, speakers 0.935; direct 1.000 /
# 1.000, speakers 0.875. The court's statement is still missed: extraction runs its content
# on into "and sentenced him …".
PINNED = {
    ("all", "exact", "f1"): 0.88,
    ("all", "overlap", "f1"): 0.89,
    ("all", "speaker_accuracy"): 0.93,
    ("direct", "exact", "f1"): 0.97,
    ("direct", "overlap", "f1"): 0.97,
    ("direct", "speaker_accuracy"): 0.87,
}


def test_development_set_scores_do_not_drop_below_the_pinned_figures():
    scores = {subset: result.as_dict() for subset, result in evaluate(GOLD, DOCS).items()}
    for key, floor in PINNED.items():
        value = scores[key[0]]
        for part in key[1:]:
            value = value[part]
        assert value >= floor, f"{'/'.join(key)} is {value}, below {floor}"


def test_score_command_prints_json_for_both_subsets():
    result = subprocess.run(
        [sys.executable, "-m", "claims.extraction.score", str(GOLD), str(DOCS), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=SAMPLE_DATA.parent,
    )
    scores = json.loads(result.stdout)
    assert set(scores) == {"direct", "all", "issue"}
    assert scores["all"]["overlap"]["gold"] == 36
    assert scores["issue"]["all"] == scores["all"]["overlap"]


def test_score_command_scores_the_jsonl_of_manage_py_extract(tmp_path):
    extracted = subprocess.run(
        [sys.executable, "manage.py", "extract", *map(str, sorted(DOCS.glob("*.txt"))), "--jsonl"],
        capture_output=True,
        text=True,
        check=True,
        cwd=SAMPLE_DATA.parent,
    )
    predicted = tmp_path / "predicted.jsonl"
    predicted.write_text(extracted.stdout, encoding="utf-8")
    command = [sys.executable, "-m", "claims.extraction.score", str(GOLD), str(DOCS), "--json"]
    from_file = subprocess.run(
        [*command, "--predicted", str(predicted)], capture_output=True, text=True, check=True
    )
    direct = subprocess.run(command, capture_output=True, text=True, check=True)
    assert json.loads(from_file.stdout) == json.loads(direct.stdout)


def test_an_interrupted_quote_counts_only_the_tokens_of_its_fragments():
    text = "“One two three,” she said on Monday. “Four five six.”"
    gold = Labelled("d", 1, 52, "direct", "Ann Lee", fragments=((1, 14), (38, 52)))
    first_half = Labelled("d", 1, 14, "direct", "Lee")  # 3 of the 6 quoted tokens
    second_half = Labelled("d", 38, 52, "direct", "Lee")
    report = issue_report([gold], [first_half, second_half], {"d": text})
    assert (report.all.matched, report.all.predicted) == (1, 2)  # one statement, not two
    assert report.named_speakers_right == 1  # compared by surname
    without_fragments = Labelled("d", 1, 52, "direct", "Ann Lee")  # 9 tokens with "she said …"
    assert issue_report([without_fragments], [first_half], {"d": text}).all.matched == 0


def test_the_regex_baseline_takes_every_double_quoted_run_and_no_single_quotes():
    text = "He said “we won” and 'maybe' then \"the end\"."
    assert [s.text for s in regex_baseline("d", text)] == ["we won", "the end"]


def test_overlap_needs_half_of_each_spans_tokens_and_speakers_compare_normalized():
    text = "one two three four five six seven eight"
    gold = [Labelled("d", 0, 23, "indirect", "Kassym-Jomart Tokayev")]  # one..five
    close = [Labelled("d", 4, 23, "indirect", "kassym‑jomart TOKAYEV")]  # two..five
    too_long = [Labelled("d", 0, len(text), "indirect", "Tokayev")]  # 5 of 8 shared, fine; 8 vs 5
    far = [Labelled("d", 14, len(text), "indirect", "x")]  # four..eight shares 2 of 5
    result = score(gold, close, {"d": text})["all"]
    assert (result.exact.matched, result.overlap.matched, result.speakers_right) == (0, 1, 1)
    assert score(gold, too_long, {"d": text})["all"].overlap.matched == 1
    assert score(gold, far, {"d": text})["all"].overlap.matched == 0
