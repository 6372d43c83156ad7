"""One name in two scripts: Токаев, Tokayev and Tokaev are one person.

``to_latin`` writes a Cyrillic name the way English-language news agencies spell Russian and
Kazakh names (Tokayev, Zhomart, Peskov); ``same_name_across_scripts`` compares two written
names through it, allowing the spelling variants that transliteration systems disagree on
(Tokayev/Tokaev, Kassym/Kasym, Jomart/Zhomart). Plain Python, no Django.
"""

import re

from claims.names import normalize_name

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_VOWELS = "аеёиоуыэюяaeiou"
_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh letters, as Kazakh names appear in Russian-language text now and then.
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
# Spellings that transliteration systems and agencies disagree on, folded to one.
_FOLDS = (
    ("shch", "sh"), ("zh", "j"), ("kh", "h"), ("ks", "x"), ("yy", "y"), ("iy", "y"),
    ("ij", "y"), ("ii", "y"), ("ye", "e"), ("yo", "e"), ("ya", "ia"), ("yu", "iu"),
    ("ss", "s"), ("y", "i"),
)  # fmt: skip


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def to_latin(name: str) -> str:
    """ "Касым-Жомарт Токаев" → "Kasym-Zhomart Tokayev"; Latin text is returned unchanged.

    е after a vowel (and at the start of a word) is "ye", as agencies write it: Tokayev.
    """
    if not has_cyrillic(name):
        return name
    out = []
    for i, char in enumerate(name):
        lower = char.lower()
        if lower not in _LETTERS:
            out.append(char)
            continue
        latin = _LETTERS[lower]
        previous = name[i - 1].lower() if i else " "
        if lower == "е" and (previous in _VOWELS or not previous.isalpha()):
            latin = "ye"
        if char.isupper():
            latin = latin[:1].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def spelling_key(name: str) -> str:
    """A key that Токаев, Tokayev and Tokaev share: Latin, normalised, variants folded."""
    key = normalize_name(to_latin(name))
    for written, folded in _FOLDS:
        key = key.replace(written, folded)
    return key


def same_name_across_scripts(a: str, b: str) -> bool:
    """Two written names could be one person, whatever script each is in.

    Surnames (the last words) must share a spelling key; given names, when both names have
    one, too — up to one letter, for the doubled or dropped letters keys do not fold.
    """
    a_words, b_words = spelling_key(a).split(), spelling_key(b).split()
    if not a_words or not b_words or a_words[-1] != b_words[-1]:
        return False
    if len(a_words) > 1 and len(b_words) > 1:
        return _within_one_letter(a_words[0], b_words[0])
    return True


def _within_one_letter(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
