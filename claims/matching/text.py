"""Words to features: tokens, a light English stemmer, synonym folding, sentence context.

Plain Python, no dependencies. The stemmer is deliberately light (suffix stripping with a
minimum stem length, British spellings folded to American), so that "organised",
"organizers" and "organization" meet while short words are left alone.
"""

import re
import unicodedata
from collections.abc import Iterable

import snowballstemmer

from claims.matching.lexicon import (
    RUSSIAN_STOPWORDS,
    RUSSIAN_TO_ENGLISH,
    STOPWORDS,
    SYNONYM_GROUPS,
    TEMPORAL_WORDS,
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*")
_HYPHENS = str.maketrans({c: "-" for c in "‐‑‒–—―"})

# (suffix, replacement), tried in order; the first that leaves a stem of 3+ letters wins.
_SUFFIXES = (
    ("isations", "ize"),
    ("izations", "ize"),
    ("isation", "ize"),
    ("ization", "ize"),
    ("ational", "ate"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ements", ""),
    ("ement", ""),
    ("ments", ""),
    ("ment", ""),
    ("nesses", ""),
    ("ness", ""),
    ("ingly", ""),
    ("edly", ""),
    ("ally", "al"),
    ("ities", ""),
    ("ity", ""),
    ("ences", ""),
    ("ence", ""),
    ("ances", ""),
    ("ance", ""),
    ("ings", ""),
    ("ing", ""),
    ("ied", "y"),
    ("ies", "y"),
    ("ers", ""),
    ("ors", ""),
    ("er", ""),
    ("or", ""),
    ("ed", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)
_YEAR = re.compile(r"(1[89]|20)\d\d")
_KEEP = frozenset({"news", "us", "this", "has", "was", "is", "its", "as", "gas", "bus"})


def fold(text: str) -> str:
    """Lowercase, without accents, with every dash a hyphen and curly apostrophes straight."""
    text = unicodedata.normalize("NFKD", text.translate(_HYPHENS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("’", "'")


def words(text: str) -> list[str]:
    """Folded words; hyphenated compounds give their parts ("outside-inspired")."""
    return [w.removesuffix("'s") for w in _WORD.findall(fold(text))]


def stem(word: str) -> str:
    if word in _KEEP or len(word) <= 3 or word.isdigit():
        return word
    word = _british_to_american(word)
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def _british_to_american(word: str) -> str:
    for british, american in (("isation", "ization"), ("ise", "ize"), ("ised", "ized"),
                              ("ising", "izing"), ("iser", "izer"), ("isers", "izers"),
                              ("our", "or"), ("ours", "ors")):  # fmt: skip
        if word.endswith(british) and len(word) - len(british) >= 3:
            return word[: -len(british)] + american
    return word


def _concepts() -> dict[str, str]:
    index = {}
    for concept, group in SYNONYM_GROUPS.items():
        for word in group.split():
            index.setdefault(stem(word), concept)
    return index


CONCEPT_OF_STEM = _concepts()
# A synonym counts for less than the word itself, so exact wording still ranks first.
CONCEPT_WEIGHT = 0.7


_RUSSIAN_STEMMER = snowballstemmer.stemmer("russian")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


# A list of three names or more ("Russia, Belarus and Kazakhstan"): each item counts as 1/n
# of a word, since none alone is what the sentence is about. A list given as examples (after
# a colon, "such as", "like", "for example", "including": "analogies: Yugoslavia, Iraq,
# Libya, Syria, Ukraine, Afghanistan") counts for nothing: an analogy names other cases, and
# must not tie a statement to a claim about one of them.
_NAME = r"[A-ZА-ЯЁ][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_ITEM = rf"{_NAME}(?: {_NAME}){{0,2}}"
_NAME_LIST = re.compile(
    rf"(?<![^\W\d_]){_ITEM}(?:, {_ITEM})+(?:,? (?:and|or|и|или) {_ITEM})?(?![^\W\d_])"
)
_LIST_SEPARATOR = re.compile(r",? (?:and|or|и|или) |, ")
_EXAMPLES_CUE = re.compile(
    r"(?::|\bsuch as|\blike|\be\.g\.|\bfor (?:example|instance)|\bincluding|\bнапример"
    r"|\bтаких как|\bкак)\s*$",
    re.IGNORECASE,
)


def weighted_segments(text: str) -> list[tuple[str, float]]:
    """The text in pieces with the weight of each word in them: 1, 1/n inside a list of n
    names, none inside a list of examples (left out)."""
    pieces, position = [], 0
    for match in _NAME_LIST.finditer(text):
        items = len(_LIST_SEPARATOR.split(match.group()))
        if items < 3:
            continue
        before = text[position : match.start()]
        examples = _EXAMPLES_CUE.search(before[-30:])
        pieces.append((before, 1.0))
        pieces.append((match.group(), 0.0 if examples else 1.0 / items))
        position = match.end()
    pieces.append((text[position:], 1.0))
    return [(piece, weight) for piece, weight in pieces if piece and weight]


def features(text: str) -> dict[str, float]:
    """Term counts: each content word's stem, plus its synonym group ("~foreign").

    A Russian word counts as its stem ("ru:вмешательств", which Russian statements share)
    and, if it is in ``RUSSIAN_TO_ENGLISH``, as the English word it means, so that it meets
    an English claim on the idea; a name in Cyrillic never turns into an English feature.
    A name in a list of names counts as a fraction of a word (``weighted_segments``).
    """
    counts: dict[str, float] = {}
    for piece, weight in weighted_segments(text):
        for word in _english_words(piece, counts, weight):
            if (
                word in STOPWORDS
                or word in TEMPORAL_WORDS
                or len(word) < 2
                or _YEAR.fullmatch(word)
            ):
                continue
            stemmed = stem(word)
            counts[stemmed] = counts.get(stemmed, 0.0) + weight
            concept = CONCEPT_OF_STEM.get(stemmed)
            if concept:
                key = "~" + concept
                counts[key] = counts.get(key, 0.0) + CONCEPT_WEIGHT * weight
    return counts


def _english_words(text: str, counts: dict[str, float], weight: float = 1.0) -> list[str]:
    """The text's words, with each Russian word counted in ``counts`` as its own stem and
    replaced by its English meaning (or dropped when the lexicon has none)."""
    english = []
    for word in words(text):
        if not _CYRILLIC.search(word):
            english.append(word)
            continue
        if word in RUSSIAN_STOPWORDS or len(word) < 3:
            continue
        russian_stem = _RUSSIAN_STEMMER.stemWord(word.replace("ё", "е"))
        key = "ru:" + russian_stem
        counts[key] = counts.get(key, 0.0) + weight
        meaning = _meaning(russian_stem)
        if meaning:
            english.append(meaning)
    return english


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


def meaning_of(russian_word: str) -> str | None:
    """The English word a Russian word is read as, if the lexicon has it."""
    return _meaning(_RUSSIAN_STEMMER.stemWord(fold(russian_word).replace("ё", "е")))


def _meaning(russian_stem: str) -> str | None:
    """The English word for a Russian stem: the lexicon's longest entry it starts with
    ("вмешательств" from "вмешательств"; "организован" from "организова")."""
    for end in range(len(russian_stem), 2, -1):
        meaning = RUSSIAN_TO_ENGLISH.get(russian_stem[:end])
        if meaning:
            return meaning
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?…])[”’\"'»)\]]*\s+|\n\s*\n|\n")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence(s) of ``text`` holding the span [start, end) begin and end."""
    left = max(0, start - 2000)
    for match in _SENTENCE_END.finditer(text, left, start):
        left = match.end()
    match = _SENTENCE_END.search(text, end)
    right = match.start() if match else len(text)
    left, right = min(left, start), max(right, end)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def sentence_around(
    text: str, start: int, end: int, statements: Iterable[tuple[int, int]] = ()
) -> str:
    """The words around the span [start, end) in its sentence: its context for matching.

    The span itself is left out, and so are the spans of other ``statements``: a sentence
    that holds two statements tells what each is about, but one must not borrow what the
    other asserts ("he would protect them, and noted that it was external aggression").
    """
    left, right = sentence_span(text, start, end)
    cuts = sorted((max(s, left), min(e, right)) for s, e in [(start, end), *statements])
    parts, position = [], left
    for cut_start, cut_end in cuts:
        if cut_start >= cut_end or cut_end <= position:
            continue
        parts.append(text[position:cut_start])
        position = max(position, cut_end)
    parts.append(text[position:right])
    return " … ".join(part.strip() for part in parts if part.strip())


_SPLIT = re.compile(r"(?<=[.!?…])[”’\"'»)\]]*\s+(?=[\"“„«‘'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """A statement's sentences: split after . ! ? … before a capital or a digit."""
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


def document_sentences(text: str) -> list[str]:
    """A document's sentences, paragraph by paragraph (a headline ends at its line)."""
    return [sentence for line in text.splitlines() for sentence in split_sentences(line)]
