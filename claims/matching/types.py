"""What matching works on: plain dataclasses, filled by the Django side or by a script."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatementText:
    """A statement's words with the context a reader has: its sentence and its source's title."""

    id: object
    text: str
    context: str = ""
    title: str = ""


@dataclass(frozen=True)
class ClaimText:
    id: object
    text: str
    description: str = ""
    tags: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Match:
    """``id`` is a claim's or a statement's, depending on what was ranked."""

    id: object
    score: float
