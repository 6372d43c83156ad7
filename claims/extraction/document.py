"""One document prepared for the rules: its sentences, quotations and what was found so far."""

import re
import time
from bisect import bisect_right, insort
from collections import defaultdict
from dataclasses import dataclass, field

from claims.extraction import lexicon
from claims.extraction.entities import Registry
from claims.extraction.mentions import Mention
from claims.extraction.quotes import Quote, find_quotes, top_level
from claims.extraction.text import Unit, paragraphs, sentences, strip_span

# Rules in the order they win when two findings cover the same words.
PRIORITY = {
    "direct": 0,
    "reported": 1,
    "according": 1,
    "passive": 2,
    "label": 2,
    "dash": 2,
    "headline": 3,
}


class ExtractionTimeout(Exception):
    """Extraction ran past the deadline its caller gave (``extract(..., deadline=...)``)."""


# Findings are indexed by the stretches of this many characters they touch, so that "is this
# already found?" reads the few findings nearby, not every finding of the document.
_BUCKET = 256


@dataclass
class Finding:
    """A statement before its speaker is resolved."""

    start: int
    end: int
    rule: str
    cue: Unit | None
    mention: Mention | None  # None: the speaker of the statement just before
    confidence: float
    direct: bool = False
    cited: str | None = None
    fragments: list[tuple[int, int]] | None = None  # pieces around a parenthetical cue


def around_aside(
    text: str, content: Unit, aside_start: int, aside_end: int
) -> list[tuple[int, int]]:
    """ "The plan, he argued, is dead": the pieces of ``content`` either side of the aside."""
    first = strip_span(text, content.start, aside_start, chars=",")
    second = strip_span(text, aside_end, content.end, chars=",")
    return [(first.start, first.end), (second.start, second.end)]


@dataclass
class Document:
    text: str
    body: list[Unit]
    registry: Registry
    quotes: list[Quote] = field(default_factory=list)
    paragraphs: list[Unit] = field(default_factory=list)
    sentences: list[Unit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _top: list[Quote] = field(default_factory=list)
    _top_opens: list[int] = field(default_factory=list)
    _direct_cues: set[int] = field(default_factory=set)
    _paragraph_starts: list[int] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)  # sorted ends of the findings
    _buckets: dict[int, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    deadline: float | None = None  # a time.monotonic() value; see check_deadline
    budget: float = 0.0  # seconds the caller allowed, for the error message

    @classmethod
    def prepare(
        cls, text: str, body: list[Unit], registry: Registry, deadline: float | None = None
    ) -> "Document":
        document = cls(text, body, registry, deadline=deadline)
        if deadline is not None:
            document.budget = max(0.0, deadline - time.monotonic())
        for span in body:
            document.quotes += find_quotes_in(text, span)
            for paragraph in paragraphs(text, span.start, span.end):
                document.check_deadline()
                document.paragraphs.append(paragraph)
                document.sentences += sentences(text, paragraph)
        document._paragraph_starts = [p.start for p in document.paragraphs]
        return document

    def check_deadline(self) -> None:
        """Raise ExtractionTimeout once the caller's deadline has passed (checked per unit)."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ExtractionTimeout(
                f"extraction stopped: it ran past its time limit of {self.budget:.1f} s "
                f"for a document of {len(self.text):,} characters"
            )

    @property
    def top_quotes(self) -> list[Quote]:
        if len(self._top_opens) == 0 and self.quotes:
            self._top = top_level(self.quotes)
            self._top_opens = [quote.open for quote in self._top]
        return self._top

    def quote_at(self, position: int) -> Quote | None:
        """The top-level quotation whose marks enclose ``position`` (marks included)."""
        quotes = self.top_quotes
        index = bisect_right(self._top_opens, position) - 1
        if index >= 0 and quotes[index].open <= position <= quotes[index].close:
            return quotes[index]
        return None

    def sentence_index(self, position: int) -> int:
        if len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [s.start for s in self.sentences]
        return max(0, bisect_right(self._sentence_starts, position) - 1)

    def sentence_at(self, position: int) -> Unit:
        return self.sentences[self.sentence_index(position)]

    def paragraph_index(self, position: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, position) - 1)

    def paragraph_at(self, position: int) -> Unit | None:
        index = bisect_right(self._paragraph_starts, position) - 1
        if index >= 0 and position < self.paragraphs[index].end:
            return self.paragraphs[index]
        return None

    def direct_cue_starts(self) -> set[int]:
        """Where the cues of the direct quotes found so far begin."""
        return self._direct_cues

    def add(self, finding: Finding) -> None:
        if finding.start >= finding.end:
            return
        self.findings.append(finding)
        insort(self._ends, finding.end)
        if finding.direct and finding.cue is not None:
            self._direct_cues.add(finding.cue.start)
        for bucket in range(finding.start // _BUCKET, (finding.end - 1) // _BUCKET + 1):
            self._buckets[bucket].append(finding)

    def last_end_before(self, position: int) -> int | None:
        """The end of the finding that ends last at or before ``position``, if any."""
        index = bisect_right(self._ends, position) - 1
        return self._ends[index] if index >= 0 else None

    def covered(self, start: int, end: int) -> bool:
        """Already found: a finding overlaps at least half of [start, end)."""
        for bucket in range(start // _BUCKET, max(start, end - 1) // _BUCKET + 1):
            for finding in self._buckets.get(bucket, ()):
                overlap = min(end, finding.end) - max(start, finding.start)
                if overlap > 0 and overlap * 2 >= min(end - start, finding.end - finding.start):
                    return True
        return False


def find_quotes_in(text: str, span: Unit) -> list[Quote]:
    return [
        Quote(q.open + span.start, q.close + span.start, q.depth)
        for q in find_quotes(text[span.start : span.end])
    ]


_CUT_BEFORE = re.compile(
    r",\s+(?:but|while|whereas|although|though|according\s+to|as)\s"
    r"|;\s|\s+—\s|,\s+(?:was|were|is|are|has|have|had|will|would)\s|,\s+(?!(?:"
    + "|".join(lexicon.NON_CLAUSE_ING)
    + r")\b)[a-z]+ing\s"
)
_TRAILING_OUTLET = re.compile(
    r",\s+((?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)\s+(?:reports|reported|writes|wrote|informs|informed)"
    r"\s*[.!]?\s*$"
)


def content_span(document: Document, start: int, end: int) -> tuple[Unit, str | None]:
    """Reported content from ``start`` to the end of its clause; also an outlet cited at its end.

    The clause ends at the sentence end or before ", but", "; ", a participle clause
    (", vowing ..."), ", according to ...", or a coordinated speech verb ("and noted that").
    """
    text = document.text
    cited = None
    outlet = _TRAILING_OUTLET.search(text, start, end)
    if outlet:
        cited, end = outlet.group(1), outlet.start()
    for match in _CUT_BEFORE.finditer(text, start, end):
        if document.quote_at(match.start()) is None:
            end = match.start()
            break
    coordinated = coordinated_verb(text, start, end)
    if coordinated is not None:
        end = coordinated
    act = _COORDINATED_ACT.search(text, start, end)
    if act is not None and document.quote_at(act.start()) is None:
        end = act.start()  # "ruled that X had lied and sentenced him to …": the court's act
    else:
        # "ruled that Ablyazov had committed offences and sentenced him": the clause's subject
        # cannot be the object of its own verb ("him", not "himself"), so the new predicate
        # belongs to whoever ruled
        bound = _OBJECT_PRONOUN_AFTER_AND.search(text, start, end)
        if (
            bound
            and document.quote_at(bound.start()) is None
            and _PERSON_SUBJECT.match(text, start)
            and _RULING_CUE.search(text, max(0, start - 40), start)
        ):
            end = bound.start()
    unit = strip_span(text, start, end, chars=".,;:")
    return unit, cited


_COORDINATED = re.compile(
    r"\s+and\s+(?:also\s+|further\s+|then\s+)?(?:"
    + lexicon.trie_pattern(sorted(lexicon.SPEECH_VERBS))
    + r"|accused|urged|called\s+on|called\s+for|demanded|asked|pressed|challenged)\b"
)


# What a court, jury or regulator does after finding something: a new predicate of the
# finder, not part of what it found ("found that he had lied and fined him £500").
_COORDINATED_ACT = re.compile(
    r",?\s+and\s+(?:then\s+|also\s+|subsequently\s+)?(?:"
    r"sentenced|sentences|ordered|orders|fined|fines|jailed|jails|acquitted|convicted|"
    r"awarded|imposed|banned|barred|struck\s+(?:down|out)|threw\s+out|overturned|upheld|"
    r"dismissed|quashed|referred|suspended|disqualified|expelled|censured|reprimanded)\s+"
    r"(?:him|her|them|it|his|its|their|the|a|an|each|both|all|[A-Z])"
)


_OBJECT_PRONOUN_AFTER_AND = re.compile(
    r",?\s+and\s+(?:then\s+|also\s+|later\s+)?[a-z]{3,}ed\s+(?:him|her|them)\b(?!self|selves)"
)
_RULING_CUE = re.compile(
    r"\b(?:ruled|rules|ruling|found|finds|finding|held|holds|concluded|concludes|decided|"
    r"decides|determined|judged)\b(?:\s+that)?\s*$"
)
_PERSON_SUBJECT = re.compile(
    r"(?:he|she|they|(?:[A-Z][\w’'\-]+\s+){0,2}[A-Z][\w’'\-]+)\s+(?:had|has|have|was|were|is|"
    r"would|could|should|must|did|[a-z]+ed)\b"
)


def coordinated_verb(text: str, start: int, end: int) -> int | None:
    match = _COORDINATED.search(text, start, end)
    return match.start() if match else None
