"""Documents made to be slow, one function per shape, each ``shape(size) -> (bytes, format)``
about ``size`` bytes long: what tests/security/test_adversarial_fuzz.py feeds the ingest path
and bench/adversarial.py times at sizes up to INGEST_MAX_BYTES (issue #21, finding 2)."""

from sources.ingestion.documents import INGEST_MAX_HTML_DEPTH


def _repeat(unit: str, size: int) -> str:
    return unit * max(size // len(unit), 1)


def dots(size: int):
    return _repeat(".", size).encode(), "txt"


def repeated_cues(size: int):
    return _repeat("He said that ", size).encode(), "txt"


def quotes_and_cues(size: int):
    return _repeat('"We will win," he said, adding that they said "no". ', size).encode(), "txt"


def long_token(size: int):
    return _repeat("a", size).encode(), "txt"


def no_whitespace(size: int):
    return _repeat('Minister,said:"We-will"-adding.that;', size).encode(), "txt"


def many_lines(size: int):
    return _repeat(
        "Leave a Reply\n12 comments:\nkriten 8 January 2022 10:28\n", size
    ).encode(), "txt"


def _page(body: str) -> bytes:
    paragraph = "<p>The river will rise by two metres before Friday, the minister said.</p>"
    return f"<html><body><article>{paragraph * 3}{body}</article></body></html>".encode()


def deep_html(size: int):
    # As deep as allowed (<html>, <body>, <article>, then the <div>s); the rest is text.
    depth = min(size // 11, INGEST_MAX_HTML_DEPTH - 3)
    text = _repeat("He said that the river will rise. ", max(size - 11 * depth, 1))
    return _page("<div>" * depth + text + "</div>" * depth), "html"


def wide_html(size: int):
    return _page(_repeat("<span>He said</span>", size)), "html"


def many_attributes(size: int):
    element = "<i " + " ".join(f"a{n}" for n in range(99)) + ">x</i>"
    return _page(_repeat(element, size)), "html"


def one_element_many_attributes(size: int):
    return _page("<p " + _repeat("a ", size) + ">x</p>"), "html"


def prose_at_the_limits(size: int):
    """Ordinary sentences, with as many speech cues and quotation marks as allowed spread
    through them: the most extraction may be given to read."""
    prose = "The river will rise by two metres before Friday and farmers moved their cattle. "
    cited = '"We will rebuild the bridge," the mayor said. '  # 1 cue, 2 quotation marks
    paragraph = (prose * 12 + "\n\n") * 3 + cited + "\n\n"
    count = max(size // len(paragraph), 1)
    if count > 1_000:  # INGEST_MAX_QUOTATION_MARKS / 2 quotations; the rest without
        plain = (prose * 12 + "\n\n") * 3
        text = paragraph * 1_000 + _repeat(plain, size - len(paragraph) * 1_000)
    else:
        text = paragraph * count
    return text.encode(), "txt"


SHAPES = {
    shape.__name__: shape
    for shape in (
        dots,
        repeated_cues,
        quotes_and_cues,
        long_token,
        no_whitespace,
        many_lines,
        deep_html,
        wide_html,
        many_attributes,
        one_element_many_attributes,
        prose_at_the_limits,
    )
}
