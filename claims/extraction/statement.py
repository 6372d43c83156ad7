"""What extraction returns: one attributed statement with its exact span, cue and speaker."""

from dataclasses import asdict, dataclass

KINDS = ("direct", "indirect", "mixed", "authorial")
SPEAKER_KINDS = ("person", "organisation", "outlet", "group")


@dataclass
class ExtractedStatement:
    """``text == document[start:end]``; cue and mention spans index the same document."""

    start: int
    end: int
    text: str
    kind: str  # one of KINDS
    cue: str = ""
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str = ""
    mention_start: int | None = None
    mention_end: int | None = None
    mention_name: str = ""  # the name inside the mention as written ("Aleksandr Lukashenko")
    speaker: str | None = None  # canonical name within the document
    speaker_kind: str | None = None  # one of SPEAKER_KINDS
    cited: str | None = None  # the outlet or source the document cites for it
    said_on: str | None = None  # when it was said, as written ("January 5"), if the text says
    confidence: float = 0.5
    # An utterance interrupted by its attribution ("The first part," she said. "And the
    # second."): its pieces, the first starting at ``start`` and the last ending at ``end``.
    fragments: list[tuple[int, int]] | None = None

    def to_dict(self) -> dict:
        return asdict(self)
