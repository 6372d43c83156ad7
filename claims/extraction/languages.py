"""Which languages extraction reads, and the rules for each one but English.

English is ``extractor.extract``'s own; ``extract(text, language="ru")`` comes here. A
language without rules is an ``UnsupportedLanguage`` error, never an empty result: a
Kazakh article is stored and searchable, but nobody should read "0 statements" as "nobody
is quoted in it".
"""

from claims.extraction.russian import extract_russian

# "" (not known) is read as English, as before languages were recorded.
ENGLISH = ("en", "")
SUPPORTED = ("en", "ru")


class UnsupportedLanguage(ValueError):
    def __init__(self, language: str):
        self.language = language
        super().__init__(
            f"extraction does not support the language {language!r} "
            f"(supported: {', '.join(SUPPORTED)})"
        )


def supports(language: str) -> bool:
    return language in ENGLISH or language in SUPPORTED


def extract_other_language(language: str, text: str, **options):
    if language == "ru":
        return extract_russian(text, **options)
    raise UnsupportedLanguage(language)
