"""Score extraction on a gold set: ``python -m claims.extraction.score GOLD.jsonl DOCS_DIR``.

Every ``*.txt`` in DOCS_DIR is extracted (after sectioning, so comments and boilerplate
are left out) and compared with the gold statements; see ``scoring.py`` for the rules.
"""

import argparse
import json
import sys
from pathlib import Path

from claims.extraction import extract
from claims.extraction.scoring import Labelled, Score, load_gold, score
from sources.sectioning import split_sections


def body_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sections(text) if s.kind == "body"]


def extract_folder(folder: Path) -> tuple[list[Labelled], dict[str, str]]:
    predicted, texts = [], {}
    for path in sorted(folder.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")  # no newline translation: offsets as stored
        texts[path.stem] = text
        for s in extract(text, body_spans=body_spans(text)):
            predicted.append(Labelled(path.stem, s.start, s.end, s.kind, s.speaker, s.text))
    return predicted, texts


def evaluate(gold_path: Path, folder: Path) -> dict[str, Score]:
    predicted, texts = extract_folder(folder)
    return score(load_gold(gold_path), predicted, texts)


def format_report(scores: dict[str, Score]) -> str:
    lines = [
        f"{'subset':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}  matched/gold/predicted  speaker"
    ]
    for subset, result in scores.items():
        for name, counts in (("exact", result.exact), ("overlap", result.overlap)):
            speaker = f"{result.speaker_accuracy:.3f}" if name == "overlap" else ""
            lines.append(
                f"{subset:<8} {name:<8} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f}"
                f"  {counts.matched:>3}/{counts.gold:>3}/{counts.predicted:<3}              {speaker}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="gold statements, one JSON object per line")
    parser.add_argument("docs", type=Path, help="folder of the documents' .txt files")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    scores = evaluate(args.gold, args.docs)
    if args.json:
        print(json.dumps({subset: result.as_dict() for subset, result in scores.items()}, indent=2))
    else:
        print(format_report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
