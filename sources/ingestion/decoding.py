"""Bytes to stored text: refuse what is not text, decode, normalize.

The stored text is what every statement span indexes into, so normalization is decided here,
once, and kept as close to length-preserving as it can be:

- Unicode NFC (the form ``Source.clean`` requires); for ordinary text this changes nothing.
- Line endings: ``\\r\\n`` and lone ``\\r`` become ``\\n``.
- A byte-order mark at the start is dropped.
- Control characters other than tab and newline are dropped (NUL never gets this far: a
  NUL byte means the input is binary).
- Everything else is kept as it is, in particular no-break spaces (U+00A0), typographic
  quotes, dashes and trailing spaces: they are part of what the author published, and the
  sample corpus' gold offsets count them.

The raw input is stored beside the text (``Source.raw``), so a span can be shown in it.
"""

import re
import unicodedata

from charset_normalizer import from_bytes

from sources.ingestion.errors import DocumentError

# Signatures of binary formats people drop by mistake, with the name a user recognises.
BINARY_SIGNATURES = [
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office/EPUB document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"{\\rtf", "an RTF document"),
]
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}

# Above this "chaos" score charset-normalizer's best guess is mojibake, not text.
MAX_LEGACY_CHAOS = 0.2
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` is, in words, or None when it may be text."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "an MP4/HEIC media file"
    if b"\x00" in data[:65536]:
        return "a binary file (it contains NUL bytes)"
    return None


def decode_bytes(data: bytes, *, max_bytes: int) -> str:
    """The text in ``data``, decoded; DocumentError says why when there is none."""
    if not data.strip():
        raise DocumentError("the file is empty" if not data else "the file holds only whitespace")
    if len(data) > max_bytes:
        raise DocumentError(
            f"the file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes"
        )
    kind = binary_kind(data)
    if kind:
        raise DocumentError(f"this is {kind}, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    if _mostly_utf8(data):
        # Most of the file is UTF-8: it is damaged UTF-8, not a legacy encoding, and
        # guessing would silently turn the damaged part into wrong letters.
        raise DocumentError(
            f"invalid UTF-8 at byte {utf8_error.start}: the file mixes UTF-8 with bytes "
            "that are not UTF-8"
        )
    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_LEGACY_CHAOS:
        raise DocumentError(
            f"invalid UTF-8 at byte {utf8_error.start}, and no legacy encoding "
            "(such as cp1251 or latin-1) reads it as text"
        )
    return str(best)


def _mostly_utf8(data: bytes) -> bool:
    """More valid UTF-8 sequences than broken ones. Legacy text (cp1251, latin-1) has a few
    byte pairs that happen to be valid UTF-8 ("НАТО»" is one), but far more that are not."""
    decoded = data.decode("utf-8", errors="replace")
    broken = decoded.count("\ufffd")
    valid = sum(1 for character in decoded if ord(character) > 0x7F) - broken
    return valid > broken


def normalize_text(text: str) -> str:
    """The stored form of ``text``: see the module docstring for what changes and why."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARACTERS.sub("", text)
    return unicodedata.normalize("NFC", text)
