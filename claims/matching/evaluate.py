"""Average precision of claim matching on a gold set: ``python -m claims.matching.evaluate``.

For each gold claim, every gold statement is ranked by its score for that claim; the
statements labelled with the claim are the relevant ones. Average precision is the mean of
the precision at the rank of each relevant statement (1.0: all of them above every other).
Plain Python; the files are the gold statements (``doc``, ``start``, ``end``, ``text``,
``claim``), the documents they index into, and the claims (``slug``, ``text``,
``description``, ``tags``).
"""

import argparse
import json
from pathlib import Path

from claims.matching import ClaimText, StatementText, build_matcher, collection, sentence_around
from claims.matching.matcher import METHODS

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
GOLD = SAMPLE_DATA / "kazakhstan-2022.gold.jsonl"
CLAIMS = SAMPLE_DATA / "kazakhstan-2022.claims.jsonl"
DOCUMENTS = SAMPLE_DATA / "kazakhstan-2022"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def title_of(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def load_claims(path: Path = CLAIMS) -> list[ClaimText]:
    return [
        ClaimText(r["slug"], r["text"], r.get("description", ""), tuple(r.get("tags", ())))
        for r in read_jsonl(path)
    ]


def load_gold(path: Path = GOLD, documents: Path = DOCUMENTS):
    """Gold statements as StatementText (ids are line numbers) and their claim labels."""
    texts: dict[str, str] = {}
    records = read_jsonl(path)
    spans: dict[str, list[tuple[int, int]]] = {}
    for record in records:
        spans.setdefault(record["doc"], []).append((record["start"], record["end"]))
    statements, labels = [], {}
    for number, record in enumerate(records):
        doc = record["doc"]
        if doc not in texts:
            texts[doc] = (documents / f"{doc}.txt").read_text(encoding="utf-8")
        text = texts[doc]
        start, end = record["start"], record["end"]
        statements.append(
            StatementText(
                number,
                text[start:end],
                context=sentence_around(text, start, end, spans[doc]),
                title=title_of(text),
            )
        )
        labels[number] = record.get("claim")
    return statements, labels


def average_precision(ranked_ids: list, relevant: set) -> float:
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, key in enumerate(ranked_ids, start=1):
        if key in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def evaluate(method: str = "lexical", gold: Path = GOLD, claims_path: Path = CLAIMS) -> dict:
    """{"method", "per_claim": {slug: AP}, "mean": mAP} over the claims that have statements."""
    statements, labels = load_gold(gold)
    claims = load_claims(claims_path)
    documents = sorted({record["doc"] for record in read_jsonl(gold)})
    texts = ((DOCUMENTS / f"{doc}.txt").read_text(encoding="utf-8") for doc in documents)
    matcher = build_matcher(claims, collection(texts), method=method)
    per_claim = {}
    for claim in claims:
        relevant = {key for key, label in labels.items() if label == claim.id}
        if not relevant:
            continue
        ranking = [m.id for m in matcher.rank_statements(claim, statements, min_score=-1.0)]
        per_claim[claim.id] = average_precision(ranking, relevant)
    mean = sum(per_claim.values()) / len(per_claim) if per_claim else 0.0
    return {"method": matcher.name, "per_claim": per_claim, "mean": mean}


# The sample claims' gold statements: the English articles and the Russian samples.
SUGGESTION_SETS = (
    (GOLD, DOCUMENTS),
    (SAMPLE_DATA / "kazakhstan-2022-ru.gold.jsonl", SAMPLE_DATA / "kazakhstan-2022-ru"),
)
THRESHOLDS = (0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06)


def suggestion_table(
    method: str = "lexical",
    thresholds=THRESHOLDS,
    min_share: float = 0.85,
    limit: int = 3,
    claims_path: Path = CLAIMS,
) -> list[dict]:
    """What storing suggestions at each score threshold keeps, on the sample gold.

    Each gold statement is matched as a stored statement is (``Matcher.suggest_claims``:
    its best ``limit`` claims, at least ``min_share`` of the best). Recall: the share of gold
    statements labelled with a claim that are suggested for it; precision: the share of
    suggestions that are the statement's gold claim. The setting ``SUGGESTION_MIN_SCORE`` is
    the highest threshold that keeps recall at 0.95 or more, rounded down.
    """
    claims = load_claims(claims_path)
    suggested, labelled = [], 0
    for gold, documents in SUGGESTION_SETS:
        statements, labels = load_gold(gold, documents)
        texts = [path.read_text(encoding="utf-8") for path in sorted(documents.glob("*.txt"))]
        matcher = build_matcher(claims, collection(texts), method=method)
        labelled += sum(1 for label in labels.values() if label)
        for statement in statements:
            for match in matcher.suggest_claims(statement, limit, 0.0, min_share):
                suggested.append((match.score, match.id == labels[statement.id]))
    rows = []
    for threshold in thresholds:
        kept = [right for score, right in suggested if score >= threshold]
        rows.append(
            {
                "threshold": threshold,
                "suggestions": len(kept),
                "precision": sum(kept) / len(kept) if kept else 0.0,
                "recall": sum(kept) / labelled if labelled else 0.0,
            }
        )
    return rows


def link_quality(links, gold: list[dict]) -> dict:
    """How right stored claim links are against gold statements, and how many gold
    statements they cover.

    ``links``: (doc, start, end, claim slug) of each link that counts. A link is right when
    its statement overlaps a gold statement (or one of its fragments) of the same document
    labelled with its claim; a gold statement labelled with a claim is linked when some link
    to that claim overlaps it.
    """
    links = list(links)

    def overlaps(doc, start, end, record):
        spans = record.get("fragments") or [[record["start"], record["end"]]]
        return doc == record["doc"] and any(min(end, b) > max(start, a) for a, b in spans)

    labelled = [record for record in gold if record.get("claim")]
    right = sum(
        any(record["claim"] == slug and overlaps(doc, start, end, record) for record in labelled)
        for doc, start, end, slug in links
    )
    linked = sum(
        any(
            slug == record["claim"] and overlaps(doc, start, end, record)
            for doc, start, end, slug in links
        )
        for record in labelled
    )
    return {
        "links": len(links),
        "right": right,
        "precision": right / len(links) if links else 0.0,
        "gold": len(labelled),
        "linked": linked,
        "recall": linked / len(labelled) if labelled else 0.0,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", action="append", choices=METHODS, help="default: all")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--claims", type=Path, default=CLAIMS)
    parser.add_argument(
        "--thresholds",
        action="store_true",
        help="suggestions kept at each score threshold, on the sample claims' gold",
    )
    parser.add_argument("--min-share", type=float, default=0.85)
    args = parser.parse_args(argv)
    if args.thresholds:
        for method in args.method or ["lexical"]:
            print(f"{method}, min share {args.min_share}")
            print("threshold  suggestions  precision  recall")
            for row in suggestion_table(method, min_share=args.min_share):
                print(
                    f"{row['threshold']:>9.3f}  {row['suggestions']:>11}  "
                    f"{row['precision']:>9.3f}  {row['recall']:>6.3f}"
                )
        return
    for method in args.method or METHODS:
        try:
            result = evaluate(method, args.gold, args.claims)
        except RuntimeError as error:
            print(f"{method}: skipped ({error})")
            continue
        cells = "  ".join(f"{slug} {ap:.3f}" for slug, ap in result["per_claim"].items())
        print(f"{method:<9} mAP {result['mean']:.3f}  {cells}")


if __name__ == "__main__":
    main()
