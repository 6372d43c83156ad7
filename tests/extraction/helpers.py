"""Small helpers for extraction tests: find the statement whose text contains some words."""

from claims.extraction import ExtractedStatement, extract


def statements(text: str, **kwargs) -> list[ExtractedStatement]:
    found = extract(text, **kwargs)
    for statement in found:  # the invariant every caller relies on
        assert text[statement.start : statement.end] == statement.text
    return found


def only(found: list[ExtractedStatement], containing: str) -> ExtractedStatement:
    matches = [s for s in found if containing in s.text]
    assert len(matches) == 1, f"{len(matches)} statements contain {containing!r}: {found}"
    return matches[0]
