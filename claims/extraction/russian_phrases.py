"""Reading Russian noun phrases around a cue: who a speaker phrase names, in the nominative.

The name-reading half of the Russian rules (``russian.py`` holds the attribution rules):
a speaker phrase's head (a person's name, a role, an organisation, an outlet, a pronoun),
names put back in the nominative with ``russian_words`` (pymorphy3), and the full names and
organisations registered from the whole body before any rule runs. Plain Python, no Django.
"""

import re
from dataclasses import dataclass, field

from claims.extraction import russian_words as words
from claims.extraction.document import Document
from claims.extraction.text import Unit

WORD = re.compile(r"[^\W\d_][\w\-‑’']*\.?|\d+")
PREPOSITIONS = words.word_set(
    "в во на по с со из у для после перед при о об от к ко за над под через между"
)
# Where an unnamed source sits: "источник в правительстве", "источник в силовых структурах".
WHERE = re.compile(
    r"\s+((?:во?\s+[^\W\d_]+(?:ых|их|ой|ом|ем|ей)\s+[^\W\d_]+|во?\s+[^\W\d_]+)"
    r"(?:\s+[А-ЯЁ][а-яё]+(?:а|и|ы|я)\b(?!\s+[А-ЯЁ]))?)\b"
)  # "… в правительстве Казахстана"
# Roles that report for an outlet: "корреспондент РБК" is РБК reporting.
_REPORTERS = frozenset({"корреспондент", "журналист", "обозреватель"})


@dataclass
class Speaker:
    """The words that name who spoke, read around a cue."""

    start: int
    end: int
    text: str
    kind: str  # person, organisation, outlet, pronoun, description
    name: str = ""  # in the nominative: "Касым-Жомарт Токаев", "МИД России"
    written: str = ""  # the name as written: "Касым-Жомарта Токаева"
    roles: set[str] = field(default_factory=set)


class PhraseReader:
    """Noun phrases and names in one document; the attribution rules build on it."""

    def __init__(self, document: Document, outlets: frozenset[str] | set[str]):
        self.document = document
        self.text = document.text
        self.outlets = outlets

    def _register_named_people(self) -> None:
        """Full names and organisations anywhere in the body, so that a later "Светлова",
        "Токаева", "министерство" or "МИД" resolves to "Ольга Светлова", "Касым-Жомарт
        Токаев", "Министерство иностранных дел Казахстана", "МИД России".

        A person: two or three capitalised name words inside a sentence (not its first word,
        not in quotation marks). An organisation: a capitalised organisation word and the
        genitive words after it.
        """
        registry = self.document.registry
        for sentence in self.document.sentences:
            tokens = self._tokens(sentence.start, sentence.end)
            index = 0
            while index < len(tokens):
                token, word = tokens[index], self._word(tokens[index])
                if self.document.quote_at(token.start):
                    index += 1
                    continue
                if word[:1].isupper() and words.organisation_head(word):
                    end = index + 1
                    while end < len(tokens) and self._is_complement(tokens[end]):
                        end += 1
                    phrase = [self._word(t) for t in tokens[index:end]]
                    registry.other(
                        "organisation",
                        " ".join(words.nominative_phrase(phrase, words.best_case(word))),
                        at=token.start,
                    )
                    index = end
                    continue
                run = index
                while (
                    run < len(tokens)
                    and run - index < 3
                    and self._is_name_part(self._word(tokens[run]), "nomn")
                    and self.text[tokens[run - 1].end : tokens[run].start] == " "
                ):
                    run += 1
                case = self._case_before(tokens, index) if index else None
                if case and run - index >= 2:
                    name_words = [self._word(t) for t in tokens[index:run]]
                    roles = {
                        role
                        for t in tokens[max(0, index - 4) : index]
                        if (role := words.role_head(self._word(t)))
                    }  # "Премьер-министр Армении Никол Пашинян": a premier
                    registry.person(
                        " ".join(words.nominative_name(name_words, case)), roles, at=token.start
                    )
                index = max(run, index + 1)

    def _case_before(self, tokens: list[Unit], index: int) -> str | None:
        """The case of the name starting at ``tokens[index]``, from the words before it: the
        title heading its phrase agrees with it ("пресс-секретаря Кремля Дмитрия Пескова":
        gent; "Пресс-секретарь президента России Дмитрий Песков": nomn), "по словам" governs
        it; else its first word's own reading. After a preposition: None (anyone's guess)."""
        previous = self._word(tokens[index - 1])
        if self._is_name_part(previous, "nomn") or previous.lower() in PREPOSITIONS:
            return None
        first = index
        while first > 0 and self._extends_phrase(self._word(tokens[first - 1])):
            first -= 1
        for token in tokens[first:index]:
            role = words.role_head(self._word(token))
            if role:
                return words.case_as(self._word(token), role)
        if first > 0 and self._word(tokens[first - 1]).lower() in ("словам", "мнению"):
            return "gent"
        return words.name_case(self._word(tokens[index]))

    def _is_complement(self, token: Unit) -> bool:
        """A genitive word of an organisation's name: "иностранных дел", "России"."""
        word = self._word(token)
        if word[:1].isupper():
            return words.is_place(word) or (word.isupper() and len(word) > 1)
        return self._extends_phrase(word) and not words.role_head(word)

    def _noun_phrase(self, tokens: list[Unit], case: str) -> Speaker | None:
        """A speaker from the words of a noun phrase in ``case``."""
        phrase = []
        after_po = False
        for index, token in enumerate(tokens):
            word = self._word(token)
            if phrase and word.lower() == "по" and self._title_goes_on(tokens[index + 1 :]):
                after_po = True  # "глава комитета Госдумы по международным делам Леонид Слуцкий"
                continue
            dative = after_po and any(p.tag.case == "datv" for p in words.parses(word))
            if phrase and not self._extends_phrase(word, case) and not dative:
                break
            if phrase and self._word(phrase[0]).lower() in words.PRONOUNS:
                break  # "сказал он журналистам": the pronoun alone
            after_po = dative
            phrase.append(token)
        if not phrase:
            return None
        start, end = phrase[0].start, phrase[-1].end
        written = self.text[start:end]
        first = self._word(phrase[0]).lower()
        if first in words.PRONOUNS and len(phrase) == 1:
            return Speaker(start, end, written, "pronoun")
        roles = {r for t in phrase if (r := words.role_head(self._word(t)))}
        outlet = [t for t in phrase if self._is_outlet_token(t)]
        name_tokens = self._name_tokens(phrase, case)
        if name_tokens:
            name_words = [self._word(t) for t in name_tokens]
            name = " ".join(words.nominative_name(name_words, case))
            written_name = self.text[name_tokens[0].start : name_tokens[-1].end]
            return Speaker(start, end, written, "person", name, written_name, roles)
        quoted = [t for t in phrase if self.document.quote_at(t.start) is not None]
        head = words.role_head(self._word(phrase[0]))
        if head in _REPORTERS and (quoted or outlet) and not name_tokens:
            # "корреспондент «Интерфакса»", "корреспондент РБК": the outlet reports
            named = quoted or outlet
            name_words = [self._word(t) for t in named]
            name = " ".join(words.nominative_phrase(name_words, "gent"))
            return Speaker(start, named[-1].end, written, "outlet", name, name)
        if quoted and head and not name_tokens:
            # "источник «Ъ»", "собеседник «Эксперта»": someone the outlet spoke to
            close = self.document.quote_at(quoted[-1].start).close + 1
            end = close
            description = head + self.text[phrase[0].end : end]
            where = WHERE.match(self.text, end)
            if where and not self._is_time_word(where.group(1).split()[1]):
                end = where.end()  # "собеседник «Ъ» в правительстве"
                description += " " + where.group(1)
            return Speaker(start, end, self.text[start:end], "description", description, "", roles)
        if quoted and not name_tokens:  # "компания «Казмунайгаз»": the quoted name
            name = self.text[quoted[0].start : quoted[-1].end]
            kind = "outlet" if first in words.OUTLET_NOUNS or outlet else "organisation"
            return Speaker(start, end, written, kind, name, name)
        if (outlet and outlet[0] is phrase[0]) or (outlet and first in words.OUTLET_NOUNS):
            name = self.text[outlet[0].start : outlet[-1].end]
            return Speaker(start, end, written, "outlet", name, name)
        if words.organisation_head(self._word(phrase[0])):
            name = " ".join(words.nominative_phrase([self._word(t) for t in phrase], case))
            return Speaker(start, end, written, "organisation", name, written)
        if roles:
            description = " ".join(words.nominative_phrase([self._word(t) for t in phrase], case))
            description = description[:1].lower() + description[1:]  # "Пресс-секретарь Кремля"
            where = WHERE.match(self.text, end)
            unnamed = words.role_head(self._word(phrase[0])) in words.UNNAMED_SOURCES
            if (
                where
                and (len(phrase) == 1 or unnamed)
                and not self._is_time_word(where.group(1).split()[1])
            ):
                end = where.end()  # "источник в правительстве", "собеседник агентства в МВД"
                written = self.text[start:end]
                description += " " + where.group(1)
            return Speaker(start, end, written, "description", description, "", roles)
        if self._word(phrase[0])[:1].isupper():
            name = " ".join(words.nominative_phrase([self._word(t) for t in phrase], case))
            return Speaker(start, end, written, "organisation", name, written)
        return None

    def _name_tokens(self, phrase: list[Unit], case: str) -> list[Unit]:
        """The person's name at the end of a noun phrase: capitalised words that are not a
        role, an organisation, an outlet or a place ("Президент Казахстана Касым-Жомарт
        Токаев" → "Касым-Жомарт Токаев")."""
        name: list[Unit] = []
        for token in reversed(phrase):
            word = self._word(token)
            quoted = self.document.quote_at(token.start) is not None
            if not name and self._after_given_name(phrase, token, case):
                name.insert(0, token)  # "Алексей Чепа": pymorphy knows "чепа" as a noun
                continue
            if quoted or not self._is_name_part(word, case) or self._is_outlet_token(token):
                if name:
                    break
                if word[:1].islower() and not words.role_head(word):
                    return []  # "эксперты Валдайского клуба": a name comes last, in apposition
                continue
            if name and re.search(r"[«»“„\"]", self.text[token.end : name[0].start]):
                break
            name.insert(0, token)
            if words.is_given_name(word, case):
                break  # given name, patronymic, surname: nothing comes before the given name
        return name

    def _title_goes_on(self, tokens: list[Unit]) -> bool:
        """After "по": dative words, then a name ("по международным делам Леонид Слуцкий")."""
        for token in tokens[:4]:
            word = self._word(token)
            if word[:1].isupper():
                return True
            if not words.is_dative(word) and not any(
                p.tag.case == "datv" for p in words.parses(word)
            ):
                return False
        return False

    def _after_given_name(self, phrase: list[Unit], token: Unit, case: str) -> bool:
        index = phrase.index(token)
        word = self._word(token)
        return (
            index > 0
            and word[:1].isupper()
            and not word.isupper()
            and words.is_given_name(self._word(phrase[index - 1]), case)
            and not (words.role_head(word) or words.organisation_head(word) or words.is_place(word))
        )

    def _is_name_part(self, word: str, case: str) -> bool:
        if not word[:1].isupper() or (word.isupper() and len(word) > 2):
            return False
        if re.fullmatch(r"[А-ЯЁA-Z]\.", word):
            return True  # an initial
        if words.role_head(word) or words.organisation_head(word) or words.is_place(word):
            return False
        best = words.parses(word)[0] if words.parses(word) else None
        if best is not None and best.tag.POS == "ADJF" and best.score > 0.5:
            return False  # "Федеральную таможенную службу"
        common = (
            best is not None
            and best.tag.POS == "NOUN"
            and not {"Name", "Surn", "Patr"} & set(best.tag.grammemes)
        )
        if common and best.score > 0.5 and best.tag.number == "sing" and best.tag.case != case:
            return False  # "Председатель Совета Федерации Валентина Матвиенко"
        if best is not None and best.score > 0.5 and best.tag.case not in (case, None):
            named = {"Name", "Surn", "Patr"} & set(best.tag.grammemes)
            if named and not any(p.tag.case == case and p.score >= 0.1 for p in words.parses(word)):
                return False  # "Путина" in "пресс-секретарь Путина Дмитрий Песков"
        return True

    def _can_head(self, word: str) -> bool:
        lower = word.lower()
        return (
            word[:1].isupper()
            or lower in words.PRONOUNS
            or words.role_head(word) is not None
            or words.organisation_head(word) is not None
        ) and lower not in words.FILLERS

    def _extends_phrase(self, word: str, case: str = "gent") -> bool:
        """Words inside a speaker's noun phrase: names, titles, "иностранных дел"."""
        lower = word.lower()
        if lower in words.FILLERS or lower in PREPOSITIONS or words.speech_lemma(word):
            return False
        if word[:1].isupper() or words.role_head(word) or words.organisation_head(word):
            return True
        return any(
            p.tag.case in ("gent", case) and p.tag.POS in {"NOUN", "ADJF"} and p.score > 0.2
            for p in words.parses(word)
        )

    def _is_outlet_token(self, token: Unit) -> bool:
        word = self._word(token).lower()
        if word in self.outlets:
            return True
        pair = self.text[token.start : token.end + 12].lower()
        if any(pair.startswith(o) for o in self.outlets if " " in o or len(o) > 3):
            return True
        before = self.text[max(0, token.start - 12) : token.end].lower()  # "РИА Новости"
        return any(before.endswith(o) for o in self.outlets if " " in o)

    def _is_time_word(self, word: str) -> bool:
        lower = word.lower()
        return (
            lower.isdigit()
            or lower in words.WEEKDAYS
            or lower in words.MONTHS
            or lower
            in (
                "года",
                "году",
            )
        )

    def _tokens(self, start: int, end: int) -> list[Unit]:
        tokens = []
        for match in WORD.finditer(self.text, start, end):
            word_end = match.end() - (
                1 if match.group().endswith(".") and len(match.group()) > 2 else 0
            )
            tokens.append(Unit(match.start(), word_end))
        return tokens

    def _word(self, token: Unit) -> str:
        return self.text[token.start : token.end]

    def _clause_end(self, start: int, end: int) -> int:
        match = re.search(r"[,;:.!?(]|\s[—–]\s", self.text[start:end])
        return start + match.start() if match else end
