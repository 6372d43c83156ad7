"""Who is who inside one document: name variants clustered, pronouns and descriptions resolved.

A person is one cluster of name variants that share a surname up to a letter of spelling
(Lukashenko, Lukashenka, LUkashenko) and whose given names, when both have one, agree up to
transliteration (Aleksandr, Alexander). The canonical name is the first of the fullest
variants ("Belarusian President Alexander Lukashenko" gives "Alexander Lukashenko"), unless
the caller's ``known_speakers`` maps a variant to a name the database already uses.
"""

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from claims.extraction import lexicon
from claims.names import normalize_name


@dataclass
class Entity:
    kind: str  # person, organisation, outlet, group
    variants: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    known_name: str = ""

    @property
    def canonical(self) -> str:
        if self.known_name:
            return self.known_name
        return max(self.variants, key=lambda name: len(name.split()))  # first of the longest

    @property
    def surname_key(self) -> str:
        return _surname_key(self.variants[0])

    @property
    def gender(self) -> str:
        """ "female", "male" or "" from a title (Ms, spokeswoman) or a common given name."""
        if self.roles & _FEMALE_TITLES:
            return "female"
        if self.roles & _MALE_TITLES:
            return "male"
        for variant in self.variants:
            words = normalize_name(variant).split()
            given = words[0] if len(words) > 1 else ""
            if given in lexicon.FEMALE_NAMES:
                return "female"
            if given in lexicon.MALE_NAMES:
                return "male"
        return ""


_FEMALE_TITLES = {
    "ms",
    "mrs",
    "miss",
    "lady",
    "queen",
    "princess",
    "spokeswoman",
    "chairwoman",
    "congresswoman",
    "woman",
}
_MALE_TITLES = {
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "spokesman",
    "chairman",
    "congressman",
    "man",
}


class Registry:
    """The entities of one document and where each was last mentioned."""

    def __init__(
        self, known_speakers: dict[str, str] | None = None, known_outlets: Iterable[str] = ()
    ):
        self.entities: list[Entity] = []
        self.events: list[tuple[int, Entity]] = []  # (position, entity), a mention seen there
        self._sorted: list[tuple[int, Entity]] = []
        # People by the first and last three letters of their surnames: a surname one letter
        # off shares one of the two (the fuzzy match compares only these candidates).
        self._by_surname_end: dict[str, list[Entity]] = {}
        self._others: dict[tuple[str, str], Entity] = {}
        self._order: dict[int, int] = {}  # id(person) -> when it was registered
        self._found: dict[str, Entity] = {}  # names already matched to a person
        self.outlet_keys = lexicon.WIRE_SERVICES | {normalize_name(o) for o in known_outlets}
        self._known = {
            normalize_name(alias): name for alias, name in (known_speakers or {}).items()
        }

    def person(
        self, name: str, roles: set[str] | frozenset = frozenset(), at: int | None = None
    ) -> Entity:
        """The person entity for a name as written, added if new."""
        if name.isupper() and len(name) > 3:
            name = name.title()  # a transcript's "PUTIN" is Putin
        entity = self.find_person(name)
        if entity is None:
            entity = Entity("person")
            self._order[id(entity)] = len(self.entities)
            self.entities.append(entity)
        # a bound: a real person is written a few ways; thousands of near-identical names
        # chaining into one cluster are a hostile text
        if len(entity.variants) < _MAX_VARIANTS and name not in entity.variants:
            entity.variants.append(name)
            for key in _surname_ends(name):
                bucket = self._by_surname_end.setdefault(key, [])
                if entity not in bucket[-3:]:
                    bucket.append(entity)
        entity.roles |= set(roles)
        entity.known_name = entity.known_name or self._known.get(normalize_name(name), "")
        if at is not None:
            self.seen(entity, at)
        return entity

    def other(self, kind: str, name: str, at: int | None = None) -> Entity:
        """An organisation, outlet or group, matched by its normalized name."""
        key = normalize_name(name)
        entity = self._others.get((kind, key))
        if entity is None:
            entity = Entity(kind, [name], known_name=self._known.get(key, ""))
            self.entities.append(entity)
            self._others[(kind, key)] = entity
        if at is not None:
            self.seen(entity, at)
        return entity

    def is_outlet(self, name: str) -> bool:
        return normalize_name(name) in self.outlet_keys

    def seen(self, entity: Entity, at: int) -> None:
        self.events.append((at, entity))
        if self._sorted is not None and len(self._sorted) == len(self.events) - 1:
            insort(self._sorted, (at, entity), key=_position)

    def find_person(self, name: str) -> Entity | None:
        """The person this name could be, the first registered of those it could be."""
        if name in self._found:
            return self._found[name]
        candidates: list[Entity] = []
        for key in _surname_ends(name):
            # a bound: thousands of people sharing a surname ending are a hostile text
            candidates += self._by_surname_end.get(key, [])[:_MAX_CANDIDATES]
        unique = {id(entity): entity for entity in candidates}
        for entity in sorted(unique.values(), key=lambda e: self._order[id(e)]):
            if any(same_person(name, v) for v in entity.variants[:_COMPARED_VARIANTS]):
                self._found[name] = entity
                return entity
        return None

    def find_organisation(self, head_noun: str, before: int) -> Entity | None:
        """The latest organisation mentioned before ``before`` whose name has ``head_noun``."""
        for _, entity in self._latest_first(before):
            if entity.kind == "organisation" and head_noun in entity.canonical.casefold().split():
                return entity
        return None

    def latest_organisation(self, before: int) -> Entity | None:
        for _, entity in self._latest_first(before):
            if entity.kind == "organisation":
                return entity
        return None

    def latest_organisation_like(self, before: int) -> Entity | None:
        """The organisation mentioned last, or a name that could be one: no title, no
        common given name ("The bidder, Carrow Rail, said … the company said")."""
        for _, entity in self._latest_first(before):
            if entity.kind == "organisation":
                return entity
            first = entity.canonical.split()[0].casefold() if entity.canonical else ""
            if (
                entity.kind == "person"
                and not entity.roles
                and len(entity.canonical.split()) >= 2
                and first not in lexicon.FEMALE_NAMES
                and first not in lexicon.MALE_NAMES
            ):
                return entity
        return None

    def latest_person(
        self, before: int, roles: set[str] | None = None, gender: str = ""
    ) -> Entity | None:
        """The person mentioned last before ``before`` (holding one of ``roles``, if given;
        not of the other gender, if ``gender`` is given: "she" is not the Mr just named)."""
        for _, entity in self._latest_first(before):
            if (
                entity.kind == "person"
                and (roles is None or entity.roles & roles)
                and (not gender or entity.gender in ("", gender))
            ):
                return entity
        return None

    def mentioned_within(self, start: int, end: int) -> list[tuple[int, Entity]]:
        """Mentions between ``start`` and ``end``, in text order."""
        if len(self._sorted) != len(self.events):
            self._sorted = sorted(self.events, key=_position)
        index = bisect_left(self._sorted, start, key=_position)
        found = []
        for at, entity in self._sorted[index : index + _MAX_LOOKBACK]:
            if at >= end:
                break
            found.append((at, entity))
        return found

    def any_person_with_role(self, roles: set[str]) -> Entity | None:
        holders = [e for e in self.entities if e.kind == "person" and e.roles & roles]
        return holders[0] if len(holders) == 1 else None

    def _latest_first(self, before: int):
        """Mentions before ``before``, the latest first."""
        if len(self._sorted) != len(self.events):
            self._sorted = sorted(self.events, key=_position)
        index = bisect_left(self._sorted, before, key=_position)
        # the latest mentions only: "the person mentioned last" is never far back
        for at in range(index - 1, max(-1, index - 1 - _MAX_LOOKBACK), -1):
            yield self._sorted[at]

    def record_surname_mentions(self, text: str, skip: list[tuple[int, int]]) -> None:
        """Note every later bare-surname mention of a known person ("Tokayev appealed ...").

        A surname of more than five letters matches with its last letter changed or missing
        (Lukashenko, Lukashenka, Lukashenk); a shorter one exactly. One pass over the words.
        """
        keys: dict[str, list[Entity]] = {}
        for entity in self.entities:
            if entity.kind == "person":
                for surname in {_last_word(v).casefold() for v in entity.variants}:
                    key = surname[:-1] if len(surname) > 5 else surname
                    if entity not in keys.setdefault(key, []):
                        keys[key].append(entity)
        for match in re.finditer(r"\w+", text):
            word = match.group().casefold()
            found = keys.get(word, [])
            if len(word) > 5:
                found = found + [e for e in keys.get(word[:-1], []) if e not in found]
            for entity in found:
                if not _inside(match.start(), skip):
                    self.seen(entity, match.start())


_MAX_CANDIDATES = 20
_MAX_VARIANTS = 20
_COMPARED_VARIANTS = 6
_MAX_LOOKBACK = 500


def _position(event: tuple[int, Entity]) -> int:
    return event[0]


def _surname_ends(name: str) -> set[str]:
    surname = _surname_key(name)
    return {surname[:3], surname[-3:]} if surname else set()


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """``position`` lies in one of ``spans`` (sorted by start, not overlapping)."""
    index = bisect_right(spans, position, key=lambda span: span[0]) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def role_synonyms(description: str) -> set[str]:
    """Role words a named person must hold to be what ``description`` refers to."""
    lower = description.casefold()
    for phrase, synonyms in lexicon.ROLE_SYNONYMS.items():
        if " " in phrase and phrase in lower:
            return synonyms
    words = [w for w in re.findall(r"[\w-]+", lower) if w in lexicon.PERSON_ROLE_NOUNS]
    if not words:
        return set()
    head = words[-1]
    return lexicon.ROLE_SYNONYMS.get(head, {head})


def same_person(a: str, b: str) -> bool:
    """Two written names could be one person: surnames alike and given names compatible."""
    a_words, b_words = _name_words(a), _name_words(b)
    if not a_words or not b_words or not _similar(a_words[-1], b_words[-1]):
        return False
    if len(a_words) > 1 and len(b_words) > 1:
        return _similar(_transliteration_key(a_words[0]), _transliteration_key(b_words[0]), 2)
    return True


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[’']s$", "", w) for w in normalize_name(name).split())


def _last_word(name: str) -> str:
    return re.sub(r"[’']s$", "", name.split()[-1]) if name.split() else name


def _surname_key(name: str) -> str:
    words = _name_words(name)
    return words[-1] if words else ""


def _transliteration_key(word: str) -> str:
    for written, folded in (
        ("ks", "x"),
        ("iy", "y"),
        ("ij", "y"),
        ("ii", "y"),
        ("kh", "h"),
        ("sch", "sh"),
    ):
        word = word.replace(written, folded)
    return word


def _similar(a: str, b: str, allowed: int = 1) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > allowed:
        return False
    if allowed == 1:
        return _one_edit_apart(a, b)
    return _edit_distance(a, b) <= allowed


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter changed, added or dropped (a linear check, not the full distance table)."""
    if len(a) > len(b):
        a, b = b, a
    prefix = 0
    while prefix < len(a) and a[prefix] == b[prefix]:
        prefix += 1
    if len(a) == len(b):
        return a[prefix + 1 :] == b[prefix + 1 :]
    return a[prefix:] == b[prefix + 1 :]


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]
