"""Score extraction on a gold set: ``python -m claims.extraction.score GOLD.jsonl DOCS_DIR``.

Every ``*.txt`` in DOCS_DIR is extracted (after sectioning, so comments and boilerplate
are left out) and compared with the gold statements; see ``scoring.py`` for the rules.

    --predicted FILE.jsonl   score these statements (``manage.py extract ... --jsonl``) instead
    --baseline regex         score the plain regex over double quotes instead
    --errors                 list what was missed, what is not in the gold and which named
                             speakers are wrong
    --negatives FILE.jsonl   spans that must yield nothing (default: GOLD's sibling
                             ``NAME.negatives.jsonl`` when there is one)
"""

import argparse
import json
import sys
from pathlib import Path

from claims.extraction import extract
from claims.extraction.scoring import (
    IssueReport,
    Labelled,
    Score,
    is_name,
    issue_report,
    labelled,
    load_gold,
    overlap_matches,
    regex_baseline,
    same_surname,
    score,
)
from sources.sectioning import split_sections


def body_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sections(text) if s.kind == "body"]


def sections(text: str) -> dict:
    """``extract()``'s body and headline spans for a text, as ``manage.py extract`` has them."""
    parts = split_sections(text)
    return {
        "body_spans": [(s.start, s.end) for s in parts if s.kind == "body"],
        "headline_spans": [(s.start, s.end) for s in parts if s.kind == "boilerplate"],
    }


def read_texts(folder: Path) -> dict[str, str]:
    # no newline translation: offsets as stored
    return {path.stem: path.read_bytes().decode("utf-8") for path in sorted(folder.glob("*.txt"))}


def extracted(texts: dict[str, str], language: str = "en") -> list[Labelled]:
    """What ``extract()`` finds in each text's body, as ``manage.py extract --jsonl`` has it."""
    predicted = []
    for doc, text in texts.items():
        for s in extract(text, language=language, **sections(text)):
            fragments = getattr(
                s, "fragments", None
            )  # interrupted quotes, when the rules give them
            predicted.append(
                Labelled(
                    doc,
                    s.start,
                    s.end,
                    s.kind,
                    s.speaker,
                    s.text,
                    cue=s.cue,
                    fragments=tuple(map(tuple, fragments)) if fragments else None,
                )
            )
    return predicted


def extract_folder(folder: Path, language: str = "en") -> tuple[list[Labelled], dict[str, str]]:
    texts = read_texts(folder)
    return extracted(texts, language), texts


def baseline_folder(folder: Path) -> tuple[list[Labelled], dict[str, str]]:
    texts = read_texts(folder)
    return [s for doc, text in texts.items() for s in regex_baseline(doc, text)], texts


def evaluate(gold_path: Path, folder: Path, language: str = "en") -> dict[str, Score]:
    predicted, texts = extract_folder(folder, language)
    return score(load_gold(gold_path), predicted, texts)


def negatives_beside(gold_path: Path) -> Path | None:
    """``NAME.negatives.jsonl`` next to ``NAME.gold.jsonl``, if it exists."""
    name = gold_path.name.removesuffix(".gold.jsonl")
    candidate = gold_path.with_name(f"{name}.negatives.jsonl")
    return candidate if name != gold_path.name and candidate.exists() else None


def evaluate_issue(
    gold_path: Path,
    folder: Path,
    *,
    predicted: list[Labelled] | None = None,
    negatives_path: Path | None = None,
    baseline: bool = False,
) -> IssueReport:
    """Issue #16's figures for the extractor (or the regex baseline, or given predictions)."""
    if predicted is not None:
        texts = read_texts(folder)
    elif baseline:
        predicted, texts = baseline_folder(folder)
    else:
        predicted, texts = extract_folder(folder)
    negatives_path = negatives_path or negatives_beside(gold_path)
    negatives = load_gold(negatives_path) if negatives_path else []
    return issue_report(load_gold(gold_path), predicted, texts, negatives)


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


def format_issue_report(report: IssueReport) -> str:
    lines = [f"{'issue #16 (overlap)':<24} {'P':>6} {'R':>6} {'F1':>6}  matched/gold/predicted"]
    for name, counts in (("all attributions", report.all), ("direct quotes", report.direct)):
        lines.append(
            f"{name:<24} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f}"
            f"  {counts.matched:>3}/{counts.gold:>3}/{counts.predicted:<3}"
        )
    lines.append(
        f"{'recall, verbs of saying':<24} {report.saying.recall:6.3f}"
        f"  ({report.saying.found}/{report.saying.gold})"
    )
    lines.append(
        f"{'named speakers right':<24} {report.named_speaker_accuracy:6.3f}"
        f"  ({report.named_speakers_right}/{report.named_speakers}, by surname)"
    )
    lines.append("")
    lines.append(f"{'category':<24} {'gold':>5} {'found':>6} {'missed':>7} {'recall':>7}")
    for name, tally in report.categories.items():
        lines.append(
            f"{name:<24} {tally.gold:>5} {tally.found:>6} {tally.missed:>7} {tally.recall:7.3f}"
        )
    if report.negatives.gold:
        lines.append(
            f"{'negatives':<24} {report.negatives.gold:>5} marked, "
            f"{report.negatives.found} wrongly extracted"
        )
    return "\n".join(lines)


def format_errors(gold: list[Labelled], predicted: list[Labelled], texts: dict[str, str]) -> str:
    """Every gold statement nothing matched, and every prediction that matched nothing."""
    pairs = overlap_matches(gold, predicted, texts)
    found, used = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
    lines = [f"missed ({len(gold) - len(found)}):"]
    for g in gold:
        if id(g) not in found:
            lines.append(f"  {g.doc} {g.start}-{g.end} {g.category} [{g.speaker}] {g.text[:90]!r}")
    lines.append(f"not in gold ({len(predicted) - len(used)}):")
    for p in predicted:
        if id(p) not in used:
            lines.append(f"  {p.doc} {p.start}-{p.end} {p.kind} [{p.speaker}] {p.text[:90]!r}")
    wrong = [(g, p) for g, p in pairs if is_name(g) and not same_surname(g.speaker, p.speaker)]
    lines.append(f"named speaker wrong ({len(wrong)}):")
    for g, p in wrong:
        lines.append(f"  {g.doc} {g.start}-{g.end} {g.category} [{g.speaker}] got [{p.speaker}]")
    return "\n".join(lines)


def read_predicted(path: Path) -> list[Labelled]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    try:
        return [labelled(json.loads(row)) for row in rows]
    except (ValueError, KeyError, TypeError) as error:
        raise SystemExit(f"{path}: not the output of manage.py extract --jsonl ({error})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="gold statements, one JSON object per line")
    parser.add_argument("docs", type=Path, help="folder of the documents' .txt files")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--language", default="en", help="the documents' language (en, ru)")
    parser.add_argument("--predicted", type=Path, help="statements from extract --jsonl")
    parser.add_argument("--baseline", choices=["regex"], help="score a baseline instead")
    parser.add_argument("--negatives", type=Path, help="spans that must yield no statement")
    parser.add_argument(
        "--errors", action="store_true", help="also list missed gold and unmatched predictions"
    )
    args = parser.parse_args(argv)
    for path in (args.gold, args.predicted, args.negatives):
        if path is not None and not path.is_file():
            parser.error(f"{path}: no such file")
    if not args.docs.is_dir():
        parser.error(f"{args.docs}: not a folder of .txt documents")
    if args.predicted is not None:
        predicted, texts = read_predicted(args.predicted), read_texts(args.docs)
    elif args.baseline:
        predicted, texts = baseline_folder(args.docs)
    else:
        predicted, texts = extract_folder(args.docs, args.language)
    gold = load_gold(args.gold)
    missing = sorted({g.doc for g in gold} - set(texts))
    if missing:
        parser.error(f"{args.docs}: no .txt for gold documents {', '.join(missing[:5])}")
    predicted = [p for p in predicted if p.doc in texts]
    scores = score(gold, predicted, texts)
    negatives_path = args.negatives or negatives_beside(args.gold)
    negatives = load_gold(negatives_path) if negatives_path else []
    report = issue_report(gold, predicted, texts, negatives)
    if args.json:
        figures = {subset: result.as_dict() for subset, result in scores.items()}
        print(json.dumps(figures | {"issue": report.as_dict()}, indent=2))
    else:
        print(format_report(scores))
        print()
        print(format_issue_report(report))
    if args.errors and not args.json:
        print()
        print(format_errors(gold, predicted, texts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
