"""Attribution extraction: text in, statements out. Plain Python: no Django, no database.

from claims.extraction import extract
for statement in extract(text):
    print(statement.speaker, statement.cue, statement.text)
"""

from claims.extraction.document import ExtractionTimeout
from claims.extraction.extractor import extract
from claims.extraction.languages import UnsupportedLanguage, supports
from claims.extraction.statement import ExtractedStatement

__all__ = ["ExtractedStatement", "ExtractionTimeout", "UnsupportedLanguage", "extract", "supports"]
