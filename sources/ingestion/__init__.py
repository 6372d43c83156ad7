"""Ingestion without Django: bytes in, prepared documents (text, sections, metadata) out.

``decoding`` refuses what is not text and fixes the stored form of the text; ``documents``
reads plain text, HTML and JSON Lines. ``pipeline.ingest`` stores the result; ``sources.fetch``
brings documents in from the web.
"""

from sources.ingestion.decoding import decode_bytes, normalize_text
from sources.ingestion.documents import (
    FORMATS,
    PreparedDocument,
    detect_format,
    prepare_bytes,
    prepare_html,
    prepare_jsonl,
    prepare_text,
)
from sources.ingestion.errors import DocumentError

__all__ = [
    "FORMATS",
    "DocumentError",
    "PreparedDocument",
    "decode_bytes",
    "detect_format",
    "normalize_text",
    "prepare_bytes",
    "prepare_html",
    "prepare_jsonl",
    "prepare_text",
]
