"""Name normalization shared by speaker resolution in extraction and in the database.

Plain Python: no Django import, so extraction can use it standalone.
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[.\u2019'`´]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")


def normalize_name(name: str) -> str:
    """A lookup key for a name as written: case, accents, dashes and spacing folded.

    "Kassym‑Jomart Tokayev" (with a no-break hyphen), "kassym-jomart  TOKAYEV" and
    "Kassym-Jomart Tokáyev" share one key; spelling variants (Lukashenko/Lukashenka)
    do not, and are recorded as aliases instead.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = _DASHES.sub("-", without_marks)
    text = _PUNCTUATION.sub("", text)
    return _SPACE.sub(" ", text).strip().casefold()
