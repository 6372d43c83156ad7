"""Russian words for the Russian rules: speech verbs in every form, names in the nominative.

pymorphy3 with its OpenCorpora dictionaries (``pymorphy3-dicts-ru``, inside the package; no
download) tells "заявила", "подчёркивает", "добавив" and "сообщается" apart from other verbs
by their lemma, and puts "по словам Марии Захаровой" back to "Мария Захарова". The analyser
is loaded once, on first use (under 0.1 s, about 15 MB); each word's analysis is cached.
"""

import re
from functools import cache


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemmas of verbs (and short adjectives: "уверен") that attribute speech or opinion; ё as е.
SPEECH_LEMMAS = word_set(
    """
    заявить заявлять сказать говорить сообщить сообщать отметить отмечать подчеркнуть
    подчеркивать считать полагать добавить добавлять пояснить пояснять объяснить объяснять
    уточнить уточнять рассказать рассказывать напомнить напоминать написать писать признать
    признавать предупредить предупреждать утверждать констатировать указать указывать
    заверить заверять ответить отвечать возразить опровергнуть отрицать призвать призывать
    обвинить обвинять назвать называть выразить выражать заметить замечать передать
    передавать цитировать процитировать резюмировать настаивать говориться сообщаться
    обещать пообещать убеждать уверять высказаться высказываться прокомментировать
    комментировать акцентировать допустить допускать предположить предполагать
    охарактеризовать оценить оценивать уверенный убежденный вспомнить вспоминать признаваться
    признаться пояснить доложить докладывать
    """
)
# "говорится в заявлении МИД": the speaker is where it was said, never a subject.
IMPERSONAL_LEMMAS = word_set("говориться сообщаться")
# Verbs whose object, not a что-clause, is what was said ("подчеркнул важность диалога").
OBJECT_LEMMAS = word_set(
    """
    отметить отмечать подчеркнуть подчеркивать призвать призывать назвать называть обвинить
    обвинять опровергнуть отрицать констатировать допустить допускать выразить выражать
    """
)
# Nouns for people by what they do: "пресс-секретарь Кремля", "глава МИД", "эксперт".
ROLE_NOUNS = word_set(
    """
    президент премьер премьер-министр министр глава руководитель председатель спикер
    пресс-секретарь представитель замминистра заместитель вице-премьер посол сенатор
    депутат губернатор аким мэр генсек генеральный секретарь директор эксперт политолог
    аналитик экономист юрист адвокат источник собеседник лидер командующий начальник
    генерал полковник советник помощник дипломат сотрудник чиновник журналист корреспондент
    политик историк социолог профессор активист правозащитник основатель комендант
    главнокомандующий канцлер король прокурор генпрокурор омбудсмен уполномоченный
    вице-президент экс-президент экс-министр бывший официальный очевидец свидетель участник
    житель жительница
    """
)
# Heads of organisations' names: "МИД России", "пресс-служба Акорды", "ведомство".
ORGANISATION_WORDS = word_set(
    """
    мид минобороны минфин минюст мвд кнб фсб фтс одкб оон нато ес снг еаэс шос кремль
    акорда ведомство министерство пресс-служба правительство посольство администрация
    комитет служба генпрокуратура прокуратура парламент мажилис сенат дума госдума совбез
    совет штаб партия компания банк фонд агентство центр управление департамент организация
    альянс союз миссия минздрав минэнерго
    """
)
OUTLET_NAMES = word_set(
    """
    тасс риа риа-новости интерфакс интерфакс-казахстан рбк коммерсант коммерсантъ ведомости
    известия лента.ру газета.ру кп sputnik спутник белта казинформ tengrinews тенгриньюс
    kaztag казтаг informburo orda.kz vlast.kz reuters afp ap bloomberg bbc би-би-си
    """
) | {"риа новости", "российская газета", "первый канал"}
OUTLET_NOUNS = word_set("агентство издание газета телеканал портал сайт радио")
PRONOUNS = {
    "он": "masc", "она": "femn", "они": "plur", "мы": "plur", "я": "", "тот": "masc",
    "его": "masc", "ее": "femn", "её": "femn", "их": "plur", "него": "masc", "нее": "femn",
}  # fmt: skip
# Descriptions that introduce someone new rather than refer back to who was just named.
UNNAMED_SOURCES = word_set("источник собеседник представитель")
# Words that sit between a subject and its verb without being part of either
# ("Токаев также заявил", "Песков в понедельник сообщил").
FILLERS = word_set(
    """
    также тоже еще ещё уже вновь снова ранее позднее накануне вчера сегодня затем потом
    лишь же и а но однако как при этом вместе с тем в свою очередь кроме того неоднократно
    публично прямо открыто официально впервые
    """
)
WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4,
    "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6,
}  # fmt: skip
MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
DATE_PATTERN = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{'|'.join(MONTHS)})(?:\s+\d{{4}}(?:\s+года)?)?"
    rf"|во?\s+(?:{'|'.join(WEEKDAYS)})|накануне|вчера|сегодня)\b",
    re.IGNORECASE,
)


@cache
def _analyzer():
    # Loaded on first use: English-only runs never pay for the dictionaries.
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def parses(word: str) -> tuple:
    return tuple(_analyzer().parse(word.lower().replace("ё", "е")))


@cache
def speech_lemma(word: str) -> str | None:
    """The lemma of a speech verb ("заявила" → "заявить"); None for any other word.

    Finite verbs, infinitives, gerunds ("добавив") and short participles count; a noun
    spelled like a verb form does not, unless the verb reading is among its parses.
    """
    for parse in parses(word):
        if parse.tag.POS in {"VERB", "INFN", "GRND", "ADJS"}:
            lemma = parse.normal_form.replace("ё", "е")
            if lemma in SPEECH_LEMMAS:
                return lemma
    return None


@cache
def is_plural_verb(word: str) -> bool:
    return any(p.tag.POS == "VERB" and p.tag.number == "plur" for p in parses(word))


@cache
def is_gerund(word: str) -> bool:
    return any(p.tag.POS == "GRND" for p in parses(word))


def is_participle(word: str) -> bool:
    """ "пожелавший", "выступавший": a full participle, opening an aside after a subject."""
    found = parses(word)
    return bool(found) and found[0].tag.POS == "PRTF"


def can_be(word: str, case: str) -> bool:
    return any(p.tag.case == case for p in parses(word))


@cache
def is_animate_nominative(word: str) -> bool:
    """ "жительница", "очевидец": a person named by a lowercase noun after the verb."""
    return word.islower() and any(
        p.tag.POS == "NOUN" and p.tag.animacy == "anim" and p.tag.case == "nomn" and p.score > 0.3
        for p in parses(word)
    )


@cache
def is_dative(word: str) -> bool:
    """ "журналистам", "«Известиям»": read as a dative, the one told, not the one telling."""
    found = parses(word)
    return bool(found) and found[0].tag.case == "datv" and found[0].score > 0.5


@cache
def is_plural_noun(word: str) -> bool:
    found = parses(word)
    return bool(found) and found[0].tag.POS == "NOUN" and found[0].tag.number == "plur"


@cache
def is_given_name(word: str, case: str) -> bool:
    return any(
        "Name" in p.tag.grammemes and p.tag.case == case and p.score >= 0.3 for p in parses(word)
    )


@cache
def case_as(word: str, lemma: str) -> str:
    """The likeliest case of ``word`` read as ``lemma`` ("пресс-секретаря" → gent)."""
    for parse in parses(word):
        if parse.normal_form == lemma or word.lower() == lemma:
            return parse.tag.case or "nomn"
    return "nomn"


@cache
def name_case(word: str) -> str:
    """The case a given name is written in when nothing around it tells: "Алихана" gent."""
    named = [p for p in parses(word.split("-")[-1]) if "Name" in p.tag.grammemes]
    if any(p.tag.case == "nomn" and p.score >= 0.1 for p in named):
        return "nomn"
    strong = [p for p in named if p.score >= 0.5]
    return strong[0].tag.case if strong else "nomn"


def best_case(word: str) -> str:
    found = parses(word)
    return (found[0].tag.case or "nomn") if found else "nomn"


def is_name_word(word: str) -> bool:
    """A given name, patronymic or surname as pymorphy knows or guesses it."""
    return any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses(word))


@cache
def is_place(word: str) -> bool:
    """ "Казахстана", "России", "Москве": a place name, never part of a person's name."""
    found = parses(word)
    return bool(found) and found[0].score > 0.5 and "Geox" in found[0].tag.grammemes


@cache
def role_head(word: str) -> str | None:
    """The role noun in its dictionary form ("пресс-секретаря" → "пресс-секретарь")."""
    lower = word.lower()
    if lower in ROLE_NOUNS:
        return lower
    for parse in parses(word):
        if parse.normal_form in ROLE_NOUNS and parse.tag.POS in {"NOUN", "ADJF"}:
            return parse.normal_form
    return None


@cache
def organisation_head(word: str) -> str | None:
    lower = word.lower()
    if lower in ORGANISATION_WORDS:
        return lower
    for parse in parses(word):
        if parse.normal_form in ORGANISATION_WORDS and parse.tag.POS == "NOUN":
            return parse.normal_form
    return None


def nominative_name(words: list[str], case: str) -> list[str]:
    """A person's name written in ``case`` ("gent" after "по словам"), in the nominative.

    The given name decides the gender when there is one ("Марии Захаровой" → femn); each
    word is put in the nominative by pymorphy; an indeclinable word ("Лукашенко",
    "Тлеуберди") or one pymorphy can't place stays as written. In a hyphenated given name
    only the last part declines ("Касым-Жомарта" → "Касым-Жомарт").
    """
    if case == "nomn":
        return list(words)
    gender = _gender(words, case)
    nominative = [_nominative_word(word, case, gender) for word in words]
    if case == "accs" and gender is None and words[0][-1:] in "ая":
        gender = "masc"  # "Мевлюта …" in the accusative: a woman's would be "Марию"
    if len(words) > 1 and _indeclinable_surname(words[-1], case, gender):
        nominative[-1] = words[-1]
    return nominative


def _indeclinable_surname(word: str, case: str, gender: str | None) -> bool:
    """A surname after a given name in the genitive (or a man's in the accusative) that ends
    in у, ю, о, е or и does not decline: "Мевлюта Чавушоглу", "Сергея Шойгу" — a declined
    one would end in -а, -я, -ой, -ого ("Марии Захаровой", "Антона Силуанова")."""
    if case != "gent" and not (case == "accs" and gender == "masc"):
        return False
    return word[-1:].lower() in "уюоеи"


def _gender(words: list[str], case: str) -> str | None:
    for word in words:
        last = word.split("-")[-1]
        for parse in parses(last):
            if "Name" in parse.tag.grammemes and parse.tag.case == case:
                return parse.tag.gender
    for word in words:
        for parse in parses(word.split("-")[-1]):
            if "Surn" in parse.tag.grammemes and parse.tag.case == case:
                return parse.tag.gender
    return None


def _nominative_word(word: str, case: str, gender: str | None) -> str:
    if "-" in word:
        head, _, last = word.rpartition("-")
        return f"{head}-{_nominative_word(last, case, gender)}"
    if len(word) <= 2 or word.isupper():
        return word  # initials, abbreviations
    candidates = [
        p
        for p in parses(word)
        if p.tag.case == case
        and p.tag.POS == "NOUN"
        and (gender is None or p.tag.gender in (gender, None) or "ms-f" in p.tag.grammemes)
    ]
    named = [p for p in candidates if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
    for parse in named or candidates:
        if "Fixd" in parse.tag.grammemes:
            return word
        nominative = parse.inflect({"nomn", "sing"})
        if nominative:
            return _same_capitals(nominative.word, word)
    return word


def _same_capitals(new: str, written: str) -> str:
    if written[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def nominative_phrase(words: list[str], case: str) -> list[str]:
    """An organisation's name in the nominative: its head noun and the adjectives before it
    decline, its complements don't. "в пресс-службе Акорды" → "пресс-служба Акорды",
    "на Федеральную таможенную службу" → "Федеральная таможенная служба"; "МИД России" stays.
    """
    out = list(words)
    if case == "nomn":
        return out
    for index, word in enumerate(words):
        if word.isupper():
            break
        found = [p for p in parses(word) if p.tag.case == case and p.tag.POS in {"NOUN", "ADJF"}]
        if not found:
            break
        nominative = found[0].inflect({"nomn"})
        if nominative:
            out[index] = _same_capitals(nominative.word, word)
        if found[0].tag.POS == "NOUN":
            break
    return out
