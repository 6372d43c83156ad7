"""Score extracted statements against hand-made gold statements.

Spans match in two ways: *exact* (same document, same start and end) and *overlap* (the
two spans share at least half of the word tokens of the longer one, which is the same as
half of each). Matching is one-to-one, the largest overlaps first. A statement with
``fragments`` (an interrupted quote: ``"First part," she said. "Second part."``) counts
only the tokens inside its fragments, so the attribution between them is not content.

``score()`` gives the figures kept since the first sample corpus: for direct quotes only
and for all statements, speaker accuracy over the overlap-matched pairs comparing
``claims.names.normalize_name`` of both names (a missing predicted speaker is wrong).

``issue_report()`` gives the figures issue #16 is judged on: P/R/F1 overall and for direct
quotes; found and missed per gold ``category``; recall on statements whose cue is a verb
of saying; speaker accuracy where the gold speaker is a name, compared by surname; and,
with negatives (spans that must produce no statement: scare quotes, titles, nicknames),
how many of them were wrongly extracted.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claims.names import normalize_name

_TOKEN = re.compile(r"\w+")

# Verbs of saying as issue #16 counts them ("say, tell, warn, deny, accuse, according to, …"):
# a gold cue counts when one of its words is such a form. Verbs of finding (a report
# "shows", a study "found") are not verbs of saying.
SAYING_CUE = re.compile(
    r"\b(?:sa(?:y|ys|id|ying)|tell|tells|telling|told|warn\w*|den(?:y|ies|ied|ying)|accus\w*"
    r"|according|add(?:s|ed|ing)?|insist\w*|argu\w*|claim\w*|stat(?:e|es|ed|ing)|not(?:e|es|ed|ing)"
    r"|stress\w*|explain\w*|announc\w*|ask\w*|repl\w*|respond\w*|admit\w*|confirm\w*"
    r"|suggest\w*|writ(?:e|es|ing|ten)|wrote|urg(?:e|es|ed|ing)|call(?:s|ed|ing)?|declar\w*"
    r"|acknowledg\w*|quot(?:e|ed|es|ing)|predict\w*|promis\w*|vow\w*|pledg\w*|complain\w*"
    r"|conced\w*|recall\w*|estimat\w*|maintain\w*|alleg\w*|report(?:s|ed|ing)?|tweet\w*"
    r"|post(?:s|ed|ing)?|contend\w*|assert\w*|reiterat\w*|remark\w*|mention\w*|describ\w*"
    r"|dismiss\w*)\b",
    re.IGNORECASE,
)
_NAME_KINDS = {"person", "organisation"}


@dataclass(frozen=True)
class Labelled:
    doc: str
    start: int
    end: int
    kind: str
    speaker: str | None
    text: str = ""
    cue: str = ""
    category: str = ""
    speaker_kind: str | None = None
    fragments: tuple[tuple[int, int], ...] | None = None  # [start, end) pieces, if interrupted

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.fragments or ((self.start, self.end),)


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

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.matched,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass
class Score:
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    speakers_right: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.overlap.matched if self.overlap.matched else 0.0

    def as_dict(self) -> dict:
        figures = {"exact": self.exact.as_dict(), "overlap": self.overlap.as_dict()}
        figures["speaker_accuracy"] = round(self.speaker_accuracy, 4)
        return figures


@dataclass
class Tally:
    """How many of a set of gold statements were found (matched by some prediction)."""

    gold: int = 0
    found: int = 0

    @property
    def missed(self) -> int:
        return self.gold - self.found

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "found": self.found,
            "missed": self.missed,
            "recall": round(self.recall, 4),
        }


@dataclass
class IssueReport:
    """The figures of issue #16, all with overlap matching."""

    all: Counts
    direct: Counts
    categories: dict[str, Tally]
    saying: Tally  # gold statements whose cue is a verb of saying
    named_speakers: int  # matched pairs whose gold speaker is a name
    named_speakers_right: int  # … whose predicted speaker has the same surname
    negatives: Tally  # marked negatives; "found" = wrongly extracted

    @property
    def named_speaker_accuracy(self) -> float:
        return self.named_speakers_right / self.named_speakers if self.named_speakers else 0.0

    def as_dict(self) -> dict:
        return {
            "all": self.all.as_dict(),
            "direct": self.direct.as_dict(),
            "saying_recall": self.saying.as_dict(),
            "named_speaker_accuracy": round(self.named_speaker_accuracy, 4),
            "named_speakers": self.named_speakers,
            "categories": {name: tally.as_dict() for name, tally in self.categories.items()},
            "negatives": {
                "marked": self.negatives.gold,
                "extracted": self.negatives.found,
            },
        }


def load_gold(path: str | Path) -> list[Labelled]:
    """Gold statements (or negatives) from a JSONL file, one object a line."""
    statements = []
    path = Path(path)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            statements.append(labelled(json.loads(line)))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}, line {number}: not a statement ({error})") from None
    return statements


def labelled(row: dict) -> Labelled:
    """A gold or predicted statement from its JSON object (``manage.py extract --jsonl``)."""
    fragments = row.get("fragments")
    return Labelled(
        row["doc"],
        row["start"],
        row["end"],
        row.get("kind", ""),
        row.get("speaker"),
        row.get("text", ""),
        cue=row.get("cue") or "",
        category=row.get("category") or "",
        speaker_kind=row.get("speaker_kind"),
        fragments=tuple((s, e) for s, e in fragments) if fragments else None,
    )


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


def issue_report(
    gold: Iterable[Labelled],
    predicted: Iterable[Labelled],
    texts: dict[str, str],
    negatives: Iterable[Labelled] = (),
) -> IssueReport:
    gold, predicted, negatives = list(gold), list(predicted), list(negatives)
    pairs = overlap_matches(gold, predicted, texts)
    found = {id(g) for g, _ in pairs}
    direct_gold = [g for g in gold if g.kind == "direct"]
    direct_predicted = [p for p in predicted if p.kind == "direct"]
    direct_pairs = overlap_matches(direct_gold, direct_predicted, texts)
    categories: dict[str, Tally] = {}
    for g in gold:
        tally = categories.setdefault(g.category or "(none)", Tally())
        tally.gold += 1
        tally.found += id(g) in found
    saying = [g for g in gold if is_saying_cue(g.cue)]
    named = [(g, p) for g, p in pairs if is_name(g)]
    return IssueReport(
        all=Counts(len(gold), len(predicted), len(pairs)),
        direct=Counts(len(direct_gold), len(direct_predicted), len(direct_pairs)),
        categories=dict(sorted(categories.items())),
        saying=Tally(len(saying), sum(id(g) in found for g in saying)),
        named_speakers=len(named),
        named_speakers_right=sum(same_surname(g.speaker, p.speaker) for g, p in named),
        negatives=Tally(len(negatives), sum(_hit(n, predicted, texts) for n in negatives)),
    )


def overlap_matches(
    gold: list[Labelled], predicted: list[Labelled], texts: dict[str, str]
) -> list[tuple[Labelled, Labelled]]:
    """One-to-one pairs sharing at least half of each span's tokens, largest overlaps first."""
    candidates = []
    predicted_tokens = [(p, _tokens(texts[p.doc], p)) for p in predicted if p.doc in texts]
    for g in gold:
        g_tokens = _tokens(texts[g.doc], g)
        for p, p_tokens in predicted_tokens:
            if p.doc != g.doc or p.end <= g.start or g.end <= p.start:
                continue
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


def _hit(negative: Labelled, predicted: list[Labelled], texts: dict[str, str]) -> bool:
    """A negative is wrongly extracted when a prediction has half of its tokens or more."""
    n_tokens = _tokens(texts[negative.doc], negative)
    for p in predicted:
        overlapping = p.doc == negative.doc and p.start < negative.end and negative.start < p.end
        if overlapping and 2 * len(n_tokens & _tokens(texts[p.doc], p)) >= len(n_tokens):
            return True
    return False


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    return bool(gold) and bool(predicted) and normalize_name(gold) == normalize_name(predicted)


def same_surname(gold: str | None, predicted: str | None) -> bool:
    """Names compared by surname: "Jane Smith" and "Smith" agree, "Jane Smith" and "Jane
    Doe" do not. For organisations one name's words inside the other's also agree
    ("Gallup" and "Gallup poll"), and so does an acronym ("MTA")."""
    if not gold or not predicted:
        return False
    g_words, p_words = _name_words(gold), _name_words(predicted)
    if not g_words or not p_words:
        return False
    if _initials(g_words) in p_words or _initials(p_words) in g_words:
        return True  # "MTA" and "Metro Transit Authority"
    return (
        g_words[-1] == p_words[-1] or set(g_words) <= set(p_words) or set(p_words) <= set(g_words)
    )


def is_name(statement: Labelled) -> bool:
    """The gold speaker is a name (a person or an organisation), not "unnamed official" or
    "an internal memo"."""
    if statement.speaker_kind is not None:
        return statement.speaker_kind in _NAME_KINDS and bool(statement.speaker)
    speaker = statement.speaker or ""
    return speaker[:1].isupper()


def is_saying_cue(cue: str) -> bool:
    return bool(SAYING_CUE.search(cue))


def regex_baseline(doc: str, text: str) -> list[Labelled]:
    """The plain regex the issue compares against: every run of text between double
    quotation marks (straight or curly) is a direct quote, with no speaker."""
    return [
        Labelled(doc, m.start(1), m.end(1), "direct", None, m.group(1))
        for m in _DOUBLE_QUOTED.finditer(text)
    ]


_DOUBLE_QUOTED = re.compile(r"[\"“”]([^\"“”\n]+)[\"“”]")
_SUFFIXES = {"jr", "sr", "ii", "iii", ""}
_CONNECTORS = {"of", "the", "for", "and", "on", "in"}
_POSSESSIVE = re.compile(r"[’']s?\b")


def _name_words(name: str) -> list[str]:
    """A name's words for comparison, without a possessive ("Smith's") or a "Jr."."""
    words = normalize_name(_POSSESSIVE.sub("", name)).split()
    return [w.strip(",") for w in words if w.strip(",") not in _SUFFIXES]


def _initials(words: list[str]) -> str:
    """ "mta" for metro transit authority; only for names of three words or more."""
    words = [w for w in words if w not in _CONNECTORS]
    return "".join(w[0] for w in words) if len(words) >= 3 else "\0"


def _tokens(text: str, statement: Labelled) -> set[int]:
    """Token identities: the offset where each word token inside the statement begins."""
    return {m.start() for s, e in statement.pieces for m in _TOKEN.finditer(text, s, e)}
