"""Score extracted statements against hand-made gold statements.

Spans match in two ways: *exact* (same document, same start and end) and *overlap* (the
two spans share at least half of the word tokens of each). Matching is one-to-one, the
largest overlaps first. Speaker accuracy is the share of overlap-matched pairs whose
speakers agree after ``claims.names.normalize_name`` (case, accents, dashes, dots and
spacing folded: "Kassym‑Jomart Tokayev" equals "kassym-jomart tokayev"; a missing
predicted speaker is wrong). Each figure is given for direct quotes only (gold and
predicted kind "direct") and for all statements.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claims.names import normalize_name

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Labelled:
    doc: str
    start: int
    end: int
    kind: str
    speaker: str | None
    text: str = ""


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    speakers_right: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.overlap.matched if self.overlap.matched else 0.0

    def as_dict(self) -> dict:
        figures = {}
        for name, counts in (("exact", self.exact), ("overlap", self.overlap)):
            figures[name] = {
                "precision": round(counts.precision, 4),
                "recall": round(counts.recall, 4),
                "f1": round(counts.f1, 4),
                "matched": counts.matched,
                "gold": counts.gold,
                "predicted": counts.predicted,
            }
        figures["speaker_accuracy"] = round(self.speaker_accuracy, 4)
        return figures


def load_gold(path: str | Path) -> list[Labelled]:
    statements = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            statements.append(
                Labelled(
                    row["doc"],
                    row["start"],
                    row["end"],
                    row["kind"],
                    row.get("speaker"),
                    row.get("text", ""),
                )
            )
    return statements


def score(
    gold: Iterable[Labelled], predicted: Iterable[Labelled], texts: dict[str, str]
) -> dict[str, Score]:
    """Scores for "direct" (direct quotes only) and "all"."""
    gold, predicted = list(gold), list(predicted)
    return {
        "direct": _score(
            [g for g in gold if g.kind == "direct"],
            [p for p in predicted if p.kind == "direct"],
            texts,
        ),
        "all": _score(gold, predicted, texts),
    }


def _score(gold: list[Labelled], predicted: list[Labelled], texts: dict[str, str]) -> Score:
    result = Score()
    for counts in (result.exact, result.overlap):
        counts.gold, counts.predicted = len(gold), len(predicted)
    exact_keys = {(g.doc, g.start, g.end) for g in gold}
    result.exact.matched = len({(p.doc, p.start, p.end) for p in predicted} & exact_keys)
    pairs = overlap_matches(gold, predicted, texts)
    result.overlap.matched = len(pairs)
    result.speakers_right = sum(same_speaker(g.speaker, p.speaker) for g, p in pairs)
    return result


def overlap_matches(
    gold: list[Labelled], predicted: list[Labelled], texts: dict[str, str]
) -> list[tuple[Labelled, Labelled]]:
    """One-to-one pairs sharing at least half of each span's tokens, largest overlaps first."""
    candidates = []
    for g in gold:
        g_tokens = _tokens(texts[g.doc], g.start, g.end)
        for p in predicted:
            if p.doc != g.doc or p.end <= g.start or g.end <= p.start:
                continue
            p_tokens = _tokens(texts[p.doc], p.start, p.end)
            shared = len(g_tokens & p_tokens)
            if shared and 2 * shared >= len(g_tokens) and 2 * shared >= len(p_tokens):
                candidates.append((shared, g, p))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, g, p in sorted(candidates, key=lambda c: -c[0]):
        if id(g) not in used_gold and id(p) not in used_predicted:
            pairs.append((g, p))
            used_gold.add(id(g))
            used_predicted.add(id(p))
    return pairs


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    return bool(gold) and bool(predicted) and normalize_name(gold) == normalize_name(predicted)


def _tokens(text: str, start: int, end: int) -> set[int]:
    """Token identities: the offset where each word token inside [start, end) begins."""
    return {m.start() for m in _TOKEN.finditer(text, start, end)}
