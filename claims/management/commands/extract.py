"""``manage.py extract FILE... [--jsonl]``: attributed statements in text files, no database.

Each file is read as UTF-8 exactly as stored (no newline translation), so offsets index the
file's text; its language is ``--language`` or detected (a file in a language extraction
does not read is an error, before any output); it is sectioned (``sources.sectioning``) and only its body is extracted. With
``--jsonl`` each statement is one JSON object per line; otherwise a readable listing.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import UnsupportedLanguage, extract, supports
from sources.language import detect_language, normalize_language
from sources.sectioning import split_sections

JSONL_FIELDS = (
    "start",
    "end",
    "text",
    "kind",
    "cue",
    "speaker",
    "speaker_mention",
    "cited",
    "confidence",
)
EXTRA_FIELDS = (
    "speaker_kind",
    "said_on",
    "cue_start",
    "cue_end",
    "mention_start",
    "mention_end",
    "fragments",
)


def read_document(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file") from None
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path}: not UTF-8 text (byte {error.start} cannot be decoded)"
        ) from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror})") from None


def body_spans(text: str) -> list[tuple[int, int]]:
    return [
        (section.start, section.end) for section in split_sections(text) if section.kind == "body"
    ]


def headline_spans(text: str) -> list[tuple[int, int]]:
    """Boilerplate, where a list of links to other articles may give attributed headlines."""
    return [
        (section.start, section.end)
        for section in split_sections(text)
        if section.kind == "boilerplate"
    ]


class Command(BaseCommand):
    help = "Extract attributed statements from UTF-8 text files (no database needed)."
    requires_system_checks = []  # nothing here touches the database or needs the app set up
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
        parser.add_argument("--jsonl", action="store_true", help="One JSON object per statement.")
        parser.add_argument(
            "--language",
            default="",
            help="ISO 639-1 code of every file's language (en, ru); by default each file's "
            "language is detected.",
        )

    def handle(self, *args, files: list[Path], jsonl: bool, language: str, **options):
        try:
            language = normalize_language(language)
        except ValueError as error:
            raise CommandError(f"--language: {error}") from None
        documents = [(path, read_document(path)) for path in files]  # fail before any output
        languages = [language or detect_language(text) for _, text in documents]
        for (path, _), code in zip(documents, languages, strict=True):
            if not supports(code):
                raise CommandError(f"{path}: {UnsupportedLanguage(code)}")
        for (path, text), code in zip(documents, languages, strict=True):
            for statement in extract(
                text,
                body_spans=body_spans(text),
                headline_spans=headline_spans(text),
                language=code,
            ):
                row = {"doc": path.stem} | {name: getattr(statement, name) for name in JSONL_FIELDS}
                if jsonl:
                    row |= {name: getattr(statement, name) for name in EXTRA_FIELDS}
                    self.stdout.write(json.dumps(row, ensure_ascii=False))
                else:
                    self.stdout.write(
                        f"{row['doc']} {row['start']}-{row['end']} {row['kind']:<8} "
                        f"{row['speaker'] or '?'} ({row['cue']}): {row['text'][:100]}"
                    )
