"""One document prepared for the rules: its sentences, quotations and what was found so far."""

import re
from bisect import bisect_right
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
    _direct_cues_of: int = -1

    @classmethod
    def prepare(cls, text: str, body: list[Unit], registry: Registry) -> "Document":
        document = cls(text, body, registry)
        for span in body:
            document.quotes += find_quotes_in(text, span)
            for paragraph in paragraphs(text, span.start, span.end):
                document.paragraphs.append(paragraph)
                document.sentences += sentences(text, paragraph)
        return document

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

    def paragraph_at(self, position: int) -> Unit | None:
        for paragraph in self.paragraphs:
            if paragraph.start <= position < paragraph.end:
                return paragraph
        return None

    def direct_cue_starts(self) -> set[int]:
        """Where the cues of the direct quotes found so far begin."""
        if self._direct_cues_of != len(self.findings):
            self._direct_cues = {
                f.cue.start for f in self.findings if f.direct and f.cue is not None
            }
            self._direct_cues_of = len(self.findings)
        return self._direct_cues

    def add(self, finding: Finding) -> None:
        if finding.start < finding.end:
            self.findings.append(finding)

    def covered(self, start: int, end: int) -> bool:
        """Already found: a finding overlaps at least half of [start, end)."""
        for finding in self.findings:
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
    r",\s+(?:but|while|whereas|although|though|according\s+to|as\s+well\s+as)\s"
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
    unit = strip_span(text, start, end, chars=".,;:")
    return unit, cited


_COORDINATED = re.compile(
    r"\s+and\s+(?:also\s+|further\s+)?(?:"
    + "|".join(sorted((re.escape(v) for v in lexicon.SPEECH_VERBS), key=len, reverse=True))
    + r")\b"
)


def coordinated_verb(text: str, start: int, end: int) -> int | None:
    match = _COORDINATED.search(text, start, end)
    return match.start() if match else None
