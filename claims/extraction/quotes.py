"""Find quotations: pairs of quotation marks, nested, over one or several paragraphs.

Handles curly (“ ”), low (the German „ “), guillemets (« »), single (‘ ’) and straight
(" ') marks. A straight or curly single mark inside a word (it’s, don’t, authorities' ...)
is an apostrophe, not a quote. A quote left open at the end of a paragraph continues when
the next paragraph opens with the same mark (the English convention for long quotes);
otherwise the unmatched mark is dropped.
"""

from dataclasses import dataclass

# Opening mark -> the marks that may close it.
_CLOSERS = {
    "“": '”“"',
    "„": "“”",
    "«": "»",
    "‘": "’",
    "‚": "‘’",
    '"': '"”',
    "'": "'’",
}


@dataclass(frozen=True)
class Quote:
    open: int  # index of the opening mark
    close: int  # index of the closing mark
    depth: int  # 0 for a top-level quote

    @property
    def inner_start(self) -> int:
        return self.open + 1

    @property
    def inner_end(self) -> int:
        return self.close


def find_quotes(text: str) -> list[Quote]:
    """Every matched quotation in ``text``, ordered by opening mark."""
    found: list[Quote] = []
    stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            i = _paragraph_break(text, i, stack)
            continue
        if stack and char in _CLOSERS[stack[-1][0]] and _can_close(text, i):
            _, start = stack.pop()
            found.append(Quote(start, i, len(stack)))
        elif char in _CLOSERS and _can_open(text, i):
            stack.append((char, i))
        i += 1
    return sorted(found, key=lambda quote: quote.open)


def _paragraph_break(text: str, i: int, stack: list[tuple[str, int]]) -> int:
    """Skip the line break; keep a top-level quote open if the next paragraph reopens it."""
    j = i
    while j < len(text) and text[j] in "\n \t\r\u00a0":
        j += 1
    if not stack:
        return j
    top_mark = stack[0][0]
    if j < len(text) and text[j] == top_mark and _has_words_before_close(text, i):
        del stack[1:]
        return j + 1  # the reopening mark continues the same quote
    stack.clear()
    return j


def _has_words_before_close(text: str, i: int) -> bool:
    """The paragraph just ended carried words of the quote (not an empty stray mark)."""
    line_start = text.rfind("\n", 0, i) + 1
    return any(c.isalpha() for c in text[line_start:i])


def _can_open(text: str, i: int) -> bool:
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    if char in "'’":
        return not before.isalnum() and (after.isalnum() or after in "…[(")
    if char == '"':
        return not before.isalnum()
    return True


def _can_close(text: str, i: int) -> bool:
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in "'’":
        return not before.isspace() and not after.isalnum()
    return not before.isspace() or char in "»”"


def top_level(quotes: list[Quote]) -> list[Quote]:
    return [quote for quote in quotes if quote.depth == 0]


def inside_any(position: int, quotes: list[Quote]) -> bool:
    return any(quote.open <= position <= quote.close for quote in quotes)
