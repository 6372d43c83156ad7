"""Bytes to stored text, without Django: what is refused, with which words, and what is kept."""

import gzip
import io
import zipfile

import pytest

from sources.ingestion import DocumentError, decode_bytes, normalize_text

LIMIT = 1_000_000


def refusal(data: bytes, max_bytes: int = LIMIT) -> str:
    with pytest.raises(DocumentError) as error:
        decode_bytes(data, max_bytes=max_bytes)
    return error.value.reason


def test_empty_file_is_refused_as_empty():
    assert refusal(b"") == "the file is empty"


def test_whitespace_only_file_is_refused():
    assert refusal(b" \n\t\n") == "the file holds only whitespace"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (gzip.compress(b"hello"), "a gzip archive"),
    ],
)
def test_binary_files_are_refused_by_name(data, named):
    assert refusal(data) == f"this is {named}, not text"


def test_zip_archive_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "An article.")
    assert "ZIP archive" in refusal(buffer.getvalue())


def test_nul_bytes_mean_binary():
    assert (
        refusal(b"text\x00\x01\x02 more")
        == "this is a binary file (it contains NUL bytes), not text"
    )


def test_file_over_the_limit_names_size_and_limit():
    assert (
        refusal(b"a" * 101, max_bytes=100) == "the file is 101 bytes, over the limit of 100 bytes"
    )


def test_cp1251_russian_is_detected_and_decoded():
    text = (
        "Президент Казахстана заявил, что беспорядки были организованы извне. "
        "По его словам, «это попытка вмешательства» в дела страны, сообщает НАТО»."
    )
    assert decode_bytes(text.encode("cp1251"), max_bytes=LIMIT) == text


def test_damaged_utf8_is_refused_with_the_byte_offset():
    valid = "Café au lait, naïve façade — all UTF-8, then ".encode()
    reason = refusal(valid + b"\xff\xfe broken")
    assert reason == (
        f"invalid UTF-8 at byte {len(valid)}: the file mixes UTF-8 with bytes that are not UTF-8"
    )


def test_utf8_with_bom_decodes_without_it():
    assert decode_bytes(b"\xef\xbb\xbfHello", max_bytes=LIMIT) == "Hello"


def test_normalization_keeps_no_break_spaces_and_typography():
    text = "sparked\xa0by outside forces \u201cquoted\u201d \u2013 Kassym\u2011Jomart  "
    assert normalize_text(text) == text


def test_normalization_unifies_line_endings_and_composes_nfc():
    assert normalize_text("Cafe\u0301\r\nline\rend") == "Caf\u00e9\nline\nend"


def test_normalization_drops_control_characters_but_keeps_tabs():
    assert normalize_text("a\x07b\tc\x1bd") == "ab\tcd"
