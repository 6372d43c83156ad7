"""Split a document's text into body, reader comments and boilerplate.

Plain Python: no Django import, so extraction can use it standalone.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpan:
    kind: str  # "body", "comments" or "boilerplate" (sources.models.Section.Kind values)
    start: int
    end: int
    heading: str = ""


def split_sections(text: str) -> list[SectionSpan]:
    """Contiguous, non-overlapping sections covering ``text`` in order."""
    # Placeholder: the whole text is body until comment and boilerplate detection lands.
    return [SectionSpan("body", 0, len(text))] if text else []
