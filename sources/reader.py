"""A source's text cut into segments for the reader: highlighting built from offsets.

Plain Python. ``segments(text, marks)`` cuts ``text`` at every mark's start and end, so each
segment lies wholly inside or outside each mark — overlapping and nested marks included — and
carries the classes of every mark over it and its own start offset (code points, as Python
counts and as spans are stored). The template renders each segment's text with autoescape
(never ``|safe``), in a ``<span data-start=…>``: the browser's text is exactly the source's,
and static/js/reader.js maps a selection back to offsets from ``data-start``.
"""

from dataclasses import dataclass, field
from itertools import pairwise


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    classes: tuple[str, ...]
    statement: int | None = None  # the statement this mark highlights, if it is one


@dataclass
class Segment:
    text: str
    start: int
    classes: list[str] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)  # innermost (shortest) first
    anchor: int | None = None  # a statement whose span starts here: id="s-<anchor>"

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def statement(self) -> int | None:
        """The statement a click on this segment opens: the innermost one."""
        return self.statements[0] if self.statements else None

    @property
    def css(self) -> str:
        return " ".join(["seg", *self.classes])

    @property
    def statement_ids(self) -> str:
        return " ".join(str(s) for s in self.statements)


@dataclass
class Block:
    """A part of the text shown apart: the body, reader comments or boilerplate."""

    kind: str
    heading: str
    start: int
    end: int
    segments: list[Segment]


def segments(text: str, marks: list[Mark], start: int = 0, end: int | None = None) -> list[Segment]:
    """``text[start:end]`` cut at every mark boundary, each piece with the marks over it."""
    end = len(text) if end is None else end
    inside = [m for m in marks if m.start < end and m.end > start and m.start < m.end]
    cuts = {start, end}
    for mark in inside:
        cuts.update(p for p in (mark.start, mark.end) if start < p < end)
    points = sorted(cuts)
    anchored, first_marks = {}, set()
    for mark in sorted(inside, key=lambda m: m.start):
        # a statement in fragments has a mark per fragment: its anchor is at the first only
        if mark.statement is not None and mark.start >= start and mark.statement not in first_marks:
            first_marks.add(mark.statement)
            anchored.setdefault(mark.start, []).append(mark.statement)
    out = []
    for left, right in pairwise(points):
        over = [m for m in inside if m.start <= left and m.end >= right]
        classes = []
        for mark in over:
            classes.extend(c for c in mark.classes if c not in classes)
        statements = [
            m.statement
            for m in sorted(over, key=lambda m: (m.end - m.start, m.start))
            if m.statement is not None
        ]
        if len(statements) > 1:
            classes.append("st-overlap")
        anchor = next(iter(anchored.pop(left, [])), None)
        out.append(Segment(text[left:right], left, classes, statements, anchor))
    return out


def blocks(text: str, sections: list, marks: list[Mark]) -> list[Block]:
    """The text as blocks, one per section (and for any text no section covers)."""
    parts, position = [], 0
    for section in sorted(sections, key=lambda s: s.start):
        if section.start > position:
            parts.append(("body", "", position, section.start))
        start = max(section.start, position)
        if section.end > start:
            parts.append((section.kind, section.heading, start, section.end))
            position = section.end
    if position < len(text):
        parts.append(("body", "", position, len(text)))
    return [
        Block(kind, heading, start, end, segments(text, marks, start, end))
        for kind, heading, start, end in parts
    ]


def statement_marks(statements, target: int | None = None) -> list[Mark]:
    """Marks for statements (highlight by kind and state), their cues and speaker mentions."""
    marks = []
    for s in statements:
        classes = ["st", f"st-{s.kind}", f"state-{s.state}"]
        if s.pk == target:
            classes.append("is-target")
        # an utterance interrupted by its attribution: its pieces are highlighted, the
        # attribution between them is not
        for start, end in s.fragments or [(s.start, s.end)]:
            marks.append(Mark(start, end, tuple(classes), s.pk))
        if s.cue_start is not None and s.cue_end is not None:
            marks.append(Mark(s.cue_start, s.cue_end, ("cue",)))
        if s.mention_start is not None and s.mention_end is not None:
            marks.append(Mark(s.mention_start, s.mention_end, ("mention",)))
    return marks
