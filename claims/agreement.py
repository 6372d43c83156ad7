"""How far two annotators of one source agree: on the spans they marked and on who spoke.

Plain Python, no Django: spans in, figures out.

- Spans are paired one to one, best overlap first, where overlap is intersection over union
  of the two character ranges; a pair counts only when its overlap is at least
  ``min_overlap`` (0.5 by default; 1.0 asks for exactly the same span).
- Span F1 between the annotators is ``2 * pairs / (len(a) + len(b))``: B's F1 taking A as the
  reference, which is the same the other way round.
- On the paired spans, speaker agreement is the share of pairs naming the same speaker and
  Cohen's kappa, which discounts the agreement two annotators would reach by chance given how
  often each names each speaker. An unresolved speaker (None) is a label like any other.
"""

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    speaker: object = None  # any label: a speaker's pk or name; None when unresolved
    key: object = field(default=None, compare=False)  # the caller's id, e.g. a statement pk


@dataclass
class Agreement:
    pairs: list[tuple[Span, Span]]
    only_a: list[Span]
    only_b: list[Span]
    span_f1: float | None
    speaker_agreement: float | None  # observed: share of pairs with the same speaker
    speaker_kappa: float | None  # None when undefined (no pairs, or one label throughout)


def overlap(a: Span, b: Span) -> float:
    """Intersection over union of two character ranges: 1.0 for the same span, 0.0 for disjoint."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def match_spans(
    a: list[Span], b: list[Span], min_overlap: float = 0.5
) -> tuple[list[tuple[Span, Span]], list[Span], list[Span]]:
    """Pair A's spans with B's one to one, best overlap first; return (pairs, only A, only B)."""
    candidates = sorted(
        (
            (overlap(x, y), i, j)
            for i, x in enumerate(a)
            for j, y in enumerate(b)
            if overlap(x, y) >= min_overlap
        ),
        key=lambda c: (-c[0], a[c[1]].start, b[c[2]].start),
    )
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    pairs.sort()
    return (
        [(a[i], b[j]) for i, j in pairs],
        [x for i, x in enumerate(a) if i not in used_a],
        [y for j, y in enumerate(b) if j not in used_b],
    )


def cohen_kappa(labels_a: list, labels_b: list) -> float | None:
    """Cohen's kappa of two annotators' labels for the same items; None when undefined."""
    if len(labels_a) != len(labels_b):
        raise ValueError("Both annotators must label the same items.")
    n = len(labels_a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(labels_a, labels_b, strict=True)) / n
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if expected == 1:
        return None  # both used one and the same label throughout: chance explains everything
    return (observed - expected) / (1 - expected)


def agreement(a: list[Span], b: list[Span], min_overlap: float = 0.5) -> Agreement:
    pairs, only_a, only_b = match_spans(a, b, min_overlap)
    total = len(a) + len(b)
    speakers_a = [x.speaker for x, _ in pairs]
    speakers_b = [y.speaker for _, y in pairs]
    return Agreement(
        pairs=pairs,
        only_a=only_a,
        only_b=only_b,
        span_f1=2 * len(pairs) / total if total else None,
        speaker_agreement=(
            sum(x == y for x, y in zip(speakers_a, speakers_b, strict=True)) / len(pairs)
            if pairs
            else None
        ),
        speaker_kappa=cohen_kappa(speakers_a, speakers_b),
    )
