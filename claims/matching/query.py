"""A search query read as the claim matcher reads a claim: plain Python, no Django.

Search by meaning (``claims.search``) asks three things of the matcher:

- ``synonym_groups(query)``: each word of the query with the words of its synonym group
  ("foreign" → foreign, external, outside, abroad, …), to find candidates in the full-text
  index that say the same thing in other words;
- ``rank_for_query(query, statements)``: the candidates ranked as statements are ranked for
  a claim (BM25 over stems and synonym groups: the query's own words count for more than
  their synonyms);
- ``mark_matches(text, query)``: the text with the words that meet the query marked, its
  synonyms included, cut around the first of them.
"""

import re
from collections.abc import Sequence

from claims.matching.lexicon import STOPWORDS, SYNONYM_GROUPS, TEMPORAL_WORDS
from claims.matching.matcher import LexicalMatcher
from claims.matching.text import CONCEPT_OF_STEM, features, is_cyrillic, meaning_of, stem, words
from claims.matching.types import ClaimText, Match, StatementText

# The user's own search syntax: quotes, "or", a minus word. Such a query means its words.
_OPERATORS = re.compile(r'"|(?:^|\s)-\w|\s(?:or|OR)\s')
_PLAIN_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _group_words() -> dict[str, list[str]]:
    return {concept: group.split() for concept, group in SYNONYM_GROUPS.items()}


GROUP_WORDS = _group_words()


def synonym_groups(query: str) -> list[list[str]] | None:
    """Per content word of ``query``, the word and its synonyms (a Russian word also as the
    English word it means); None when the query uses search syntax (quotes, ``or``,
    ``-word``) or has no content word. Every word is a plain ``\\w+`` token."""
    if _OPERATORS.search(query):
        return None
    groups = []
    for word in words(query):
        if word in STOPWORDS or word in TEMPORAL_WORDS or not _PLAIN_WORD.fullmatch(word):
            continue
        english = meaning_of(word) if is_cyrillic(word) else word
        group = [word]
        concept = CONCEPT_OF_STEM.get(stem(english)) if english else None
        if english and english != word:
            group.append(english)
        if concept:
            group += [w for w in GROUP_WORDS[concept] if w not in group]
        groups.append(group)
    return groups or None


def rank_for_query(query: str, statements: Sequence[StatementText]) -> list[Match]:
    """``statements`` ranked for ``query`` as for a claim worded so, best first; a statement
    sharing no word (nor synonym) with the query scores 0 and is left out."""
    if not statements:
        return []
    target = ClaimText("query", query)
    matcher = LexicalMatcher([target], statements)
    return matcher.rank_statements(target, statements)


def mark_matches(text: str, query: str, mark: tuple[str, str], around: int = 30) -> str:
    """``text`` with each word that meets the query (its stem or its synonym group) between
    ``mark``'s two strings, cut to about ``around`` words from a little before the first."""
    wanted = set(features(query))
    tokens = list(_TOKEN.finditer(text))
    hits = [i for i, m in enumerate(tokens) if wanted & set(features(m.group()))]
    if not tokens:
        return text
    first = max(0, (hits[0] if hits else 0) - 5)
    last = min(len(tokens), first + around)
    start = tokens[first].start() if first else 0
    end = tokens[last - 1].end() if last < len(tokens) else len(text)
    out, position = [], start
    for i in hits:
        if first <= i < last:
            m = tokens[i]
            out += [text[position : m.start()], mark[0], m.group(), mark[1]]
            position = m.end()
    out.append(text[position:end])
    return ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")
