"""Build the Russian gold sets from their annotated sources.

    uv run python sample_data/build_russian_dev.py [--check]

Two sets: the development set (sample_data/russian-dev/annotated.txt → russian-dev/docs/*.txt
and russian-dev.gold.jsonl) and the demo's Russian sample articles
(kazakhstan-2022-ru.annotated.txt → kazakhstan-2022-ru/*.txt and kazakhstan-2022-ru.gold.jsonl).
In an annotated file "=== doc-id" lines start documents and {{content|speaker|kind|cue}}
(or {{content|speaker|kind|cue|claim-slug}}) marks a gold statement; the gold offsets index the texts written. --check writes nothing and
fails if the files on disk differ (tests/extraction/test_russian.py runs it).
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# (annotated source, folder of the documents, gold file)
SETS = [
    (HERE / "russian-dev" / "annotated.txt", HERE / "russian-dev" / "docs", HERE / "russian-dev.gold.jsonl"),
    (HERE / "kazakhstan-2022-ru.annotated.txt", HERE / "kazakhstan-2022-ru", HERE / "kazakhstan-2022-ru.gold.jsonl"),
]  # fmt: skip
# {{content|speaker|kind|cue}} or, for the demo's samples, {{content|speaker|kind|cue|claim}}
_MARK = re.compile(
    r"\{\{([^{}|]+)\|([^{}|]+)\|(direct|indirect|mixed)\|([^{}|]+)(?:\|([^{}|]+))?\}\}"
)


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
        content, speaker, kind, cue, claim = match.groups()
        statement = {
            "doc": doc,
            "start": length,
            "end": length + len(content),
            "text": content,
            "speaker": speaker,
            "kind": kind,
            "cue": cue,
        }
        statements.append(statement | ({"claim": claim} if claim else {}))
        text.append(content)
        length += len(content)
        position = match.end()
    text.append(marked[position:])
    return "".join(text), statements


def main(argv: list[str]) -> int:
    stale = []
    for source, docs, gold_path in SETS:
        texts, gold = build(source.read_text(encoding="utf-8"))
        gold_lines = "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold)
        if "--check" in argv:
            stale += [d for d, t in texts.items() if _read(docs / f"{d}.txt") != t]
            if _read(gold_path) != gold_lines:
                stale.append(gold_path.name)
            continue
        docs.mkdir(exist_ok=True)
        for doc, text in texts.items():
            (docs / f"{doc}.txt").write_text(text, encoding="utf-8")
        gold_path.write_text(gold_lines, encoding="utf-8")
        print(f"{source.name}: {len(texts)} documents, {len(gold)} gold statements")
    if stale:
        print("out of date, rerun sample_data/build_russian_dev.py:", ", ".join(stale))
        return 1
    return 0


def _read(path: Path) -> str | None:
    return path.read_text("utf-8") if path.exists() else None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
