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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", action="append", choices=METHODS, help="default: all")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--claims", type=Path, default=CLAIMS)
    args = parser.parse_args(argv)
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
