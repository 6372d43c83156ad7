"""Build the extraction development set from its annotated sources.

    uv run python sample_data/extraction-dev/build.py          # write the .txt and gold files
    uv run python sample_data/extraction-dev/build.py --check  # exit 1 if they are out of date

Each ``authored/NAME.ann`` is a made-up article with its annotations inline. The first line
is ``@style: wire`` (or broadsheet, tabloid, press-release, transcript, opinion); the rest is
the article as it will be stored, with every annotated span written as

    [[content|category|Speaker Name|cue|key=value ...]]

``content`` is the exact span (for a direct quote the words inside the quotation marks);
``category`` is one of CATEGORIES or a negative (NEGATIVES). Optional ``key=value`` fields:
``m=`` the speaker mention as written when it is a pronoun or description (``m=the
spokeswoman``), ``k=`` the kind when the category's default is wrong (``k=mixed``), ``sk=``
the speaker's kind (default ``person``), and ``#id`` to join the pieces of an interrupted
quote: the first piece carries the fields, the later ones are just ``[[content|#id]]``.
A negative (a span that must yield no statement) is ``[[content|neg-scare]]``.

Out come ``NAME.txt`` (the article without markers) in this folder, the gold statements in
``../extraction-dev.gold.jsonl`` and the negatives in ``../extraction-dev.negatives.jsonl``,
with offsets computed here, so nobody counts characters by hand.
"""

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
AUTHORED = HERE / "authored"
GOLD = HERE.parent / "extraction-dev.gold.jsonl"
NEGATIVES = HERE.parent / "extraction-dev.negatives.jsonl"

STYLES = ("wire", "broadsheet", "tabloid", "press-release", "transcript", "opinion")
# category -> default kind
CATEGORIES = {
    "direct-verb": "direct",  # "…," she said / said Smith, "…" — a verb of saying beside it
    "direct-colon": "direct",  # put it bluntly: "…" / wrote in an email: "…"
    "direct-participle": "direct",  # , saying "…" / referring to them as "…" / , adding: "…"
    "direct-continued": "direct",  # a paragraph opening with a quote, speaker named before
    "headline": "direct",  # Smith: 'We will win'
    "interrupted": "direct",  # "First part," she said. "Second part." — one record
    "mixed": "mixed",  # reported speech with a quoted fragment
    "reported-that": "indirect",  # said/has warned/had denied (that) …, was quoted as saying
    "reported-content-first": "indirect",  # The plan is dead, he said. / The plan, he argued, …
    "according-to": "indirect",  # according to X, in any position
    "reported-framing": "indirect",  # asked whether, accused Y of, called on Y to, urged
    "document": "indirect",  # polls, reports, studies, memos, statements, e-mails
    "pronoun-speaker": "indirect",  # she / the spokeswoman / the company, resolved to a name
    "transcript-turn": "direct",  # SMITH: We will win. / Q: Will you? — each turn, no marks
    "authorial": "authorial",  # an opinion writer's own claim; speaker = the byline's author
    "ruling": "indirect",  # what a court or tribunal found, not the act it then did
    "linked-headline": "indirect",  # "…, X says" in a list of links to other articles
}
NEGATIVES_KINDS = (
    "neg-scare",  # scare quotes
    "neg-title",  # titles of works
    "neg-nickname",  # nicknames
    "neg-so-called",  # so-called "…"
    "neg-word",  # words discussed as words
    "neg-name",  # quoted names of organisations, programmes, operations
    "neg-narrative",  # plain narrative with no attribution (and an opinion's scene-setting)
    "neg-question",  # an opinion writer's question that asserts nothing
)
SPEAKER_KINDS = ("person", "organisation", "document", "group")

_MARKER = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


class AuthoringError(ValueError):
    pass


def build(authored: Path = AUTHORED) -> tuple[dict[str, str], list[dict], list[dict]]:
    """(texts by document name, gold statements, negatives), all in document order."""
    texts, gold, negatives = {}, [], []
    for path in sorted(authored.glob("*.ann")):
        text, records, negs = build_document(path.stem, path.read_text(encoding="utf-8"))
        texts[path.stem] = text
        gold.extend(records)
        negatives.extend(negs)
    return texts, gold, negatives


def build_document(doc: str, source: str) -> tuple[str, list[dict], list[dict]]:
    first, _, body = source.partition("\n")
    style = first.removeprefix("@style:").strip()
    if not first.startswith("@style:") or style not in STYLES:
        raise AuthoringError(f"{doc}.ann, line 1: expected '@style: ' and one of {STYLES}")
    out, records, negatives, groups = [], [], [], {}
    position, length = 0, 0  # in the source body / in the text written so far
    for marker in _MARKER.finditer(body):
        out.append(body[position : marker.start()])
        length += marker.start() - position
        where = f"{doc}.ann, line {source.count(chr(10), 0, marker.start() + len(first) + 1) + 1}"
        content, *fields = marker.group(1).split("|")
        if not content or content != content.strip():
            raise AuthoringError(f"{where}: the span must not be empty or start/end with a space")
        start, end = length, length + len(content)
        out.append(content)
        length = end
        position = marker.end()
        _annotate(doc, style, where, content, start, end, fields, records, negatives, groups)
    out.append(body[position:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise AuthoringError(f"{doc}.ann: a [[ or ]] without its pair")
    for record in records:
        if record.get("fragments"):
            record["start"], record["end"] = record["fragments"][0][0], record["fragments"][-1][1]
            if len(record["fragments"]) < 2:
                raise AuthoringError(
                    f"{doc}.ann: interrupted quote {record['text']!r} has one piece"
                )
        record["text"] = text[record["start"] : record["end"]]
    for record in negatives:
        record["text"] = text[record["start"] : record["end"]]
    return text, sorted(records, key=_order), sorted(negatives, key=_order)


def _annotate(doc, style, where, content, start, end, fields, records, negatives, groups):
    group = next((f[1:] for f in fields if f.startswith("#")), None)
    fields = [f for f in fields if not f.startswith("#")]
    if group is not None and not fields:  # a later piece of an interrupted quote
        if group not in groups:
            raise AuthoringError(f"{where}: piece of #{group} before its first piece")
        groups[group]["fragments"].append([start, end])
        return
    if not fields:
        raise AuthoringError(f"{where}: no category for {content[:40]!r}")
    category = fields[0]
    if category in NEGATIVES_KINDS:
        negatives.append(
            {"doc": doc, "start": start, "end": end, "category": category, "style": style}
        )
        return
    if category not in CATEGORIES or len(fields) < 3:
        raise AuthoringError(
            f"{where}: expected category|Speaker|cue with a category of {list(CATEGORIES)}"
        )
    speaker, cue = fields[1], fields[2]
    options = dict(f.split("=", 1) for f in fields[3:] if "=" in f)
    unknown = [f for f in fields[3:] if "=" not in f or f.split("=", 1)[0] not in ("m", "k", "sk")]
    if unknown or options.get("sk", "person") not in SPEAKER_KINDS:
        raise AuthoringError(f"{where}: unknown fields {unknown or options}")
    record = {
        "doc": doc,
        "start": start,
        "end": end,
        "text": content,
        "speaker": speaker or None,
        "kind": options.get("k", CATEGORIES[category]),
        "cue": cue,
        "category": category,
        "speaker_mention": options.get("m"),
        "speaker_kind": options.get("sk", "person") if speaker else None,
        "style": style,
    }
    if group is not None:
        if group in groups:
            raise AuthoringError(f"{where}: #{group} has two first pieces")
        record["fragments"] = [[start, end]]
        groups[group] = record
    records.append(record)


def _order(record: dict) -> tuple:
    return record["doc"], record["start"], record["end"]


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def outputs(authored: Path = AUTHORED) -> dict[Path, str]:
    """Every file the build writes, with its content."""
    texts, gold, negatives = build(authored)
    files = {HERE / f"{doc}.txt": text for doc, text in texts.items()}
    files[GOLD] = jsonl(gold)
    files[NEGATIVES] = jsonl(negatives)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    args = parser.parse_args(argv)
    try:
        files = outputs()
    except AuthoringError as error:
        print(error, file=sys.stderr)
        return 2
    stale = [
        p for p, content in files.items() if not p.exists() or p.read_bytes() != content.encode()
    ]
    strays = sorted(set(HERE.glob("*.txt")) - set(files))
    if args.check:
        for path in [*stale, *strays]:
            print(f"out of date: {path.relative_to(HERE.parent)}", file=sys.stderr)
        return 1 if stale or strays else 0
    for path in stale:
        path.write_bytes(files[path].encode())
    for path in strays:
        path.unlink()
    print(f"{len(files) - 2} documents; {len(stale)} files written, {len(strays)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
