"""Extraction throughput on one core, against just splitting the same text into sentences.

    uv run python bench/extraction.py [--rounds 20] [--language ru] [DOCS_DIR]
    uv run python bench/extraction.py --hostile

Reads every ``*.txt`` in DOCS_DIR (default: the sample corpus), then times, in the same run
and on the same texts, (a) sentence splitting alone (``claims.extraction.text``) and (b)
full extraction (sectioning excluded: both get the whole text). Prints documents and words
per second for each and the ratio.

``--hostile`` instead times extraction of hostile shapes (a run of dots, a repeated speech
cue with and without full stops, a run of short quotations) at 25, 50 and 100 KB: the time
should double with the size, not quadruple.
"""

import argparse
import itertools
import os
import platform
import re
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extraction import extract
from claims.extraction.text import paragraphs, sentences

DEFAULT_DOCS = Path(__file__).resolve().parents[1] / "sample_data" / "kazakhstan-2022"


def split_sentences(text: str) -> int:
    return sum(len(sentences(text, paragraph)) for paragraph in paragraphs(text))


def timed(function, texts: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(3):  # best of three runs of `rounds` passes: less noise from the machine
        started = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                function(text)
        best = min(best, time.perf_counter() - started)
    return best


HOSTILE_SHAPES = {
    "dots": ".",
    "cue, no full stop": "He said that ",
    "cue in sentences": "He said that the plan is dead. ",
    "short quotations": '"a b c" ',
    "split quotations": '"The first part," she said. "And the second." ',
}


def many_people(size: int) -> str:
    """A different person named in every sentence: "President Abc Xyzovsky said that ..."."""
    names = (
        "".join(letters).title() for letters in itertools.product(string.ascii_lowercase, repeat=3)
    )
    sentences = (f"President Abc {name}ovsky said that the plan is dead." for name in names)
    text = ""
    while len(text) < size:
        text += next(sentences) + " "
    return text[:size]


def hostile() -> None:
    print(f"{'shape':<20} {'25 KB':>8} {'50 KB':>8} {'100 KB':>8}  (seconds, one core)")
    for name, piece in [*HOSTILE_SHAPES.items(), ("many people", None)]:
        cells = []
        for size in (25_000, 50_000, 100_000):
            text = many_people(size) if piece is None else (piece * (size // len(piece) + 1))[:size]
            started = time.perf_counter()
            extract(text)
            cells.append(f"{time.perf_counter() - started:8.2f}")
        print(f"{name:<20} {' '.join(cells)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--language", default="en", help="the documents' language (en, ru)")
    parser.add_argument("--hostile", action="store_true", help="time hostile shapes instead")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    if args.hostile:
        hostile()
        return
    texts = [p.read_bytes().decode("utf-8") for p in sorted(args.docs.glob("*.txt"))]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    documents = len(texts) * args.rounds
    print(
        f"{len(texts)} documents, {words} words, {args.rounds} rounds, one core, "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    results = {}

    def extract_text(text: str):
        return extract(text, language=args.language)

    extract_text(texts[0])  # the Russian dictionaries load once, outside the timing
    for name, function in (("sentence split", split_sentences), ("extract", extract_text)):
        seconds = timed(function, texts, args.rounds)
        results[name] = seconds
        print(
            f"{name:<15} {documents / seconds:10.1f} docs/s {words * args.rounds / seconds:12.0f} words/s"
        )
    print(
        f"extraction costs {results['extract'] / results['sentence split']:.1f}x sentence splitting"
    )


if __name__ == "__main__":
    main()
