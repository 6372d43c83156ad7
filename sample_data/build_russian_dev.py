"""Build the Russian development set from its annotated source.

    uv run python sample_data/build_russian_dev.py [--check]

Reads sample_data/russian-dev/annotated.txt ("=== doc-id" lines start documents,
{{content|speaker|kind|cue}} marks a gold statement), writes each document's plain text to
sample_data/russian-dev/docs/<doc-id>.txt and the gold statements, with offsets into those
texts, to sample_data/russian-dev.gold.jsonl. --check writes nothing and fails if the files
on disk differ from what would be written (tests/extraction/test_russian_devset.py runs it).
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "russian-dev" / "annotated.txt"
DOCS = HERE / "russian-dev" / "docs"
GOLD = HERE / "russian-dev.gold.jsonl"
_MARK = re.compile(r"\{\{([^{}|]+)\|([^{}|]+)\|(direct|indirect|mixed)\|([^{}|]+)\}\}")


def build(source: str) -> tuple[dict[str, str], list[dict]]:
    """The documents' texts by id and the gold statements, offsets into those texts."""
    texts, gold = {}, []
    doc, lines = None, []
    for line in [*source.splitlines(), "=== end"]:
        if line.startswith("#"):
            continue
        if line.startswith("=== "):
            if doc is not None:
                text, statements = _unmark(doc, "\n".join(lines).strip("\n") + "\n")
                texts[doc] = text
                gold += statements
            doc, lines = line[4:].strip(), []
        elif doc is not None:
            lines.append(line)
    return texts, gold


def _unmark(doc: str, marked: str) -> tuple[str, list[dict]]:
    text, statements, position = [], [], 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[position : match.start()]
        text.append(before)
        length += len(before)
        content, speaker, kind, cue = match.groups()
        statements.append(
            {
                "doc": doc,
                "start": length,
                "end": length + len(content),
                "text": content,
                "speaker": speaker,
                "kind": kind,
                "cue": cue,
            }
        )
        text.append(content)
        length += len(content)
        position = match.end()
    text.append(marked[position:])
    return "".join(text), statements


def main(argv: list[str]) -> int:
    texts, gold = build(SOURCE.read_text(encoding="utf-8"))
    gold_lines = "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold)
    if "--check" in argv:
        stale = [d for d, t in texts.items() if (DOCS / f"{d}.txt").read_text("utf-8") != t]
        if GOLD.read_text("utf-8") != gold_lines:
            stale.append(GOLD.name)
        if stale:
            print("out of date, rerun sample_data/build_russian_dev.py:", ", ".join(stale))
            return 1
        return 0
    DOCS.mkdir(exist_ok=True)
    for doc, text in texts.items():
        (DOCS / f"{doc}.txt").write_text(text, encoding="utf-8")
    GOLD.write_text(gold_lines, encoding="utf-8")
    print(f"{len(texts)} documents, {len(gold)} gold statements")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
