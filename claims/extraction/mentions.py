"""Speaker mentions: the words that name who said something, read around a cue.

A mention is read backwards from a speech verb ("Belarusian President Alexander Lukashenko
said") or forwards after one ("said the head of state", "according to Strana.ua"). It is
then classified: a pronoun, a person's name with its titles, an organisation, an outlet, an
unnamed group, or a description to resolve later ("the president").
"""

import re
from dataclasses import dataclass, field

from claims.extraction import lexicon

_TOKEN = re.compile(
    r"[A-Za-zÀ-ÿĀ-žА-я0-9][\w.\-‑’'&]*[\w]|[A-Za-zÀ-ÿĀ-žА-я0-9]|[\[\]“”\"«»‘’,;:()]|[.!?…]|\S"
)
_CONNECTORS = {
    "of",
    "the",
    "to",
    "for",
    "de",
    "von",
    "van",
    "al",
    "bin",
    "da",
    "du",
    "la",
    "le",
    "der",
    "den",
    "di",
    "dos",
    "el",
    "ibn",
    "and",
}
# Lower-case particles inside a personal name ("Ursula von der Leyen", "Omar al-Bashir").
_NAME_PARTICLES = {
    "von",
    "van",
    "der",
    "den",
    "de",
    "di",
    "da",
    "du",
    "dos",
    "la",
    "le",
    "al",
    "el",
    "bin",
    "ibn",
}
_PREFIXED_NAME = re.compile(r"(?:al|el|ad|as|ash|at|az)-[A-Z]")  # "Omar al-Bashir"
_ADJECTIVE = re.compile(r"[a-z0-9][a-z0-9\-]*")  # "short", "27-nation", "former"
_POSSESSIVE = re.compile(r"[’']s$")
_DOMAIN = re.compile(r"^\w[\w-]*\.(?:[a-z]{2,3}|info|media|news|online)$", re.IGNORECASE)
_NAME_QUOTES = '“”"«»‘’'
# Words that open a description of a speaker ("the", "one portfolio manager", "two officials").
_MENTION_DETERMINERS = (lexicon.DETERMINERS - {"that", "this"}) | {
    "one",
    "another",
    "two",
    "three",
    "several",
    "some",
    "many",
    "other",
}
# Words that never sit inside a description of a speaker ("said on Monday", "as he visited").
_STOP_WORDS = (
    lexicon.PREPOSITIONS
    | lexicon.FINITE_VERBS
    | set(lexicon.SPEECH_VERBS)
    | {"as", "and", "or", "but", "that", "which", "who", "not", "also", "then", "so"}
)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # pronoun, person, organisation, outlet, group, description
    name: str = ""  # the proper-name part, e.g. "Alexander Lukashenko"
    roles: set[str] = field(default_factory=set)  # title words, e.g. {"president"}

    @property
    def is_named(self) -> bool:
        return bool(self.name)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.casefold()


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    # "Rep. Pramila Jayapal", "Dr. Li": the dot of an abbreviated title is part of it
    return [
        token
        for index, token in enumerate(tokens)
        if not (
            token.text == "."
            and index > 0
            and tokens[index - 1].end == token.start
            and tokens[index - 1].lower in _ABBREVIATED_TITLES
        )
    ]


_ABBREVIATED_TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "rep",
    "sen",
    "gov",
    "gen",
    "lt",
    "col",
    "capt",
    "sgt",
    "adm",
    "maj",
    "rev",
    "hon",
    "st",
    "pres",
    "amb",
    "supt",
}


# No mention is longer: a mention is read within this many characters of its cue, so that
# reading one around every cue of a long text stays linear in the text's length.
MENTION_WINDOW = 240


def _line_start(text: str, end: int, limit: int) -> int:
    window = end - MENTION_WINDOW
    if window <= limit:
        return max(limit, text.rfind("\n", limit, end) + 1)
    start = text.rfind("\n", window, end) + 1
    if not start:  # start at a word within the window, not inside one
        space = text.find(" ", window, end)
        start = end if space == -1 else space + 1
    return start


def _line_end(text: str, start: int, limit: int) -> int:
    limit = min(limit, start + MENTION_WINDOW)
    newline = text.find("\n", start, limit)
    return limit if newline == -1 else newline


def _fits_in_mention(token: _Token) -> bool:
    word = token.text
    lower = _POSSESSIVE.sub("", token.lower)
    if word[0].isupper() and lower in lexicon.SENTENCE_OPENERS:
        return False  # "But Smith said", "As Smith noted"
    if word[0].isupper() and lower in lexicon.SPEECH_VERBS and lower not in lexicon.TITLE_WORDS:
        return False  # "Ex-Diplomat Says": a headline's capitalized verb ends the mention
    if word[0].isupper() or _DOMAIN.match(word) or _PREFIXED_NAME.match(word):
        return True
    return lower in _CONNECTORS or lower in lexicon.TITLE_WORDS or _is_noun_of_lexicon(lower)


def _is_noun_of_lexicon(lower: str) -> bool:
    return (
        lower in lexicon.PERSON_ROLE_NOUNS
        or lower in lexicon.ORGANISATION_NOUNS
        or lower in lexicon.OUTLET_NOUNS
        or lower in lexicon.GROUP_NOUNS
        or lower in lexicon.DOCUMENT_NOUNS
        or lower.removeprefix("ex-") in lexicon.PERSON_ROLE_NOUNS
    )


# "a source close to the minister", "two officials familiar with the plans": the unnamed
# source with the phrase that says who they are
_SOURCE_CLOSE_TO = re.compile(
    r"(?<![\w,])(?:(?:a|an|the|one|two|three|four|several|some|other)\s+)?(?:[\w\-]+\s+){0,3}?"
    r"(close|familiar|loyal|briefed)\s+(?:to|with|on)\s+(?:[\w’'\-]+\s+){0,5}?[\w’'\-]+\s*$",
    re.IGNORECASE,
)


def mention_before(text: str, end: int, limit: int) -> Mention | None:
    """The mention that ends at ``end`` (just before a speech verb), not reaching before ``limit``."""
    start = _line_start(text, end, limit)
    tokens = _tokens(text, start, end)
    if not tokens:
        return None
    unnamed = _SOURCE_CLOSE_TO.search(text, max(start, end - 120), end)
    if unnamed:
        head = _classify(text, [t for t in tokens if unnamed.start() <= t.start < unnamed.start(1)])
        if head is not None and head.kind in ("group", "description", "organisation"):
            head.end = tokens[-1].end  # the head noun, described by what follows it
            head.text = text[head.start : head.end]
            return head
    last = tokens[-1]
    if last.lower in lexicon.PRONOUNS_PERSON or last.lower in {"they", "it", "we", "i"}:
        return _pronoun(last)
    taken: list[_Token] = []
    in_brackets = in_quotes = False
    skipped: set[int] = set()
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.text == "]" and not taken:
            in_brackets = True
            taken.append(token)
            continue
        if index in skipped:
            taken.append(token)
            continue
        if token.text == ")" and _acronym_in_parentheses(tokens, index):
            taken.append(token)  # "the Royal College of Nursing (RCN) said"
            skipped = {index - 1, index - 2}
            continue
        if token.text == "[" and in_brackets:
            taken.append(token)
            in_brackets = False
            continue
        if token.text in _NAME_QUOTES and (not taken or in_quotes):
            if not taken and index > 0 and tokens[index - 1].text in ",.!?…":
                return None  # “…,” said …: a quotation ends here, not a quoted name
            in_quotes = not in_quotes
            taken.append(token)
            continue
        if token.lower in _MENTION_DETERMINERS:
            taken.append(token)
            if index > 0 and tokens[index - 1].lower in {"of", "to", "for"}:
                continue  # "Ambassador to the US Anatoly Antonov": the title goes on
            break
        if not (_fits_in_mention(token) or in_quotes):
            adjectives = _adjectives_before_noun(tokens, index, taken)
            if not adjectives:
                break
            taken += adjectives
            break
        taken.append(token)
    while taken and taken[0].lower in _CONNECTORS:
        taken.pop(0)  # "the head of" is not a mention; "state" was a verb after all
    if not taken:
        return _head_with_modifier(text, tokens, limit) or _determiner_phrase(text, tokens)
    return _classify(text, list(reversed(taken)))


def _determiner_phrase(text: str, tokens: list[_Token]) -> Mention | None:
    """ "the chipmaker warned", "the 45-year-old said": a determiner and up to three words."""
    for back in range(len(tokens) - 2, max(-1, len(tokens) - 5), -1):
        if tokens[back].lower in {"the", "this"}:
            words = tokens[back + 1 :]
            if all(_ADJECTIVE.fullmatch(t.text) and t.lower not in _STOP_WORDS for t in words):
                return _classify(text, tokens[back:])
            return None
    return None


_MODIFIER_PREPOSITIONS = {"on", "in", "at", "from", "with", "across", "inside", "close", "near"}


def _head_with_modifier(text: str, tokens: list[_Token], limit: int) -> Mention | None:
    """ "Critics on the left say", "Officials at the ministry said": a noun and its phrase."""
    for index in range(len(tokens) - 2, max(0, len(tokens) - 6), -1):
        if tokens[index].lower not in _MODIFIER_PREPOSITIONS:
            continue
        if not all(
            _ADJECTIVE.fullmatch(t.text) or t.text[0].isupper() for t in tokens[index + 1 :]
        ):
            return None
        head = mention_before(text, tokens[index - 1].end, limit)
        if head is None or head.kind not in ("group", "organisation", "description"):
            return None
        head.end = tokens[-1].end
        head.text = text[head.start : head.end]
        return head
    return None


def _acronym_in_parentheses(tokens: list[_Token], close: int) -> bool:
    return close >= 2 and tokens[close - 2].text == "(" and tokens[close - 1].text.isupper()


def _adjectives_before_noun(tokens: list[_Token], index: int, taken: list[_Token]) -> list[_Token]:
    """ "the short communique": lower-case words between a determiner and a lexicon noun."""
    if not taken or not (_is_noun_of_lexicon(taken[-1].lower) or taken[-1].text[0].isupper()):
        return []
    for back in range(index, max(-1, index - 3), -1):
        token = tokens[back]
        if token.lower in _MENTION_DETERMINERS or _POSSESSIVE.search(token.text):
            return list(
                reversed(tokens[back : index + 1])
            )  # "the", "Britain's environment minister"
        if not token.text[0].isalnum():  # ”, coach Anna Ruiz said
            return list(reversed(tokens[back + 1 : index + 1]))
        if not _ADJECTIVE.fullmatch(token.text) or token.lower in _STOP_WORDS:
            return []
    return list(reversed(tokens[: index + 1])) if index < 2 else []


_BODIES = lexicon.ORGANISATION_NOUNS | lexicon.GROUP_NOUNS | {"judge", "jury", "panel"}
_BODY_IN_PLACE = re.compile(
    r"(?:\b(?:[Aa]n?|[Tt]he)\s+(?:[\w\-]+\s+){0,2}?)?\b([A-Za-z]+)\s+in\s+$"
)
_AFFILIATION_BEFORE = re.compile(
    r"(?<=[a-z]),\s(?:(?:a|an)\s[\w\-]+(?:\s[\w\-]+){0,3}\s)?(?:of|from)\s(?:the\s)?"
    r"(?:[A-Z][\w’'\-]*\s){0,3}$"
)


def with_apposition(text: str, mention: Mention | None, limit: int) -> Mention | None:
    """ "Maria Lopez, a spokeswoman for the ministry, said": the name, not the description.

    "Evelyn Marsh, a Republican, said": an indefinite description is never the name itself.
    """
    indefinite = mention is not None and re.match(r"(?:a|an)\s", mention.text)
    if mention is None:
        return mention
    limit = max(limit, mention.start - MENTION_WINDOW)
    # "Priya Raman, a Democrat from Michigan, said", "Rachel Oduya, of the Patients
    # Association, said": the place or body is where the named person comes from
    affiliation = (
        _AFFILIATION_BEFORE.search(text, max(limit, mention.start - 60), mention.start)
        if "," in text[max(limit, mention.start - 60) : mention.start]
        else None
    )
    if affiliation:
        named = mention_before(text, affiliation.start(), limit)
        if named is not None and named.kind == "person" and named.is_named:
            return named
    # "a tribunal in Hartford held": the body, not the place where it sits
    seat = (
        _BODY_IN_PLACE.search(text, max(limit, mention.start - 60), mention.start)
        if text[max(0, mention.start - 4) : mention.start].endswith("in ")
        else None
    )
    if seat and seat.group(1).casefold() in _BODIES:
        body = mention_after(text, seat.start(), mention.start)
        if body is not None and body.kind in ("organisation", "group", "description"):
            body.end, body.text = mention.end, text[seat.start() : mention.end]
            body.name = ""
            return body
    if mention.kind == "person" and mention.is_named and not indefinite:
        return mention
    before = text[limit : mention.start]
    if re.match(r"(?:a|an|the)\s", mention.text) and re.search(r",\s*$", before):
        comma = re.search(r",\s*$", before)
    else:  # "James Lankford, the senator who led the talks for his party, told"
        comma = (
            re.search(
                r",\s(?:a|an|the|his|her|its|their|who|whose)\s[^,]+$", text[limit : mention.end]
            )
            or re.search(  # "Judith Merriman, general secretary of the Teachers’ Federation, said"
                r",\s[a-z][\w\-]*(?:\s[a-z][\w\-]*)?\s(?:of|at|for|to)\s[^,]+$",
                text[limit : mention.end],
            )
        )
    if not comma:
        return mention
    named = mention_before(text, limit + comma.start(), limit)
    if named is not None and named.kind == "person" and named.is_named:
        named.roles |= mention.roles
        return named
    return mention


def with_apposition_after(text: str, mention: Mention | None, limit: int) -> Mention | None:
    """ "said Omar al-Bashir’s lawyer, Mohamed Ali.": the name after the description."""
    if mention is None or (mention.kind == "person" and mention.is_named):
        return mention
    comma = re.match(r",\s+", text[mention.end : limit])
    if not comma:
        return mention
    named = mention_after(text, mention.end + comma.end(), limit)
    if named is not None and named.kind == "person" and named.is_named:
        named.roles |= mention.roles
        return named
    return mention


def mention_after(text: str, start: int, limit: int) -> Mention | None:
    """The mention that starts at ``start`` (just after a speech verb or "according to")."""
    tokens = _tokens(text, start, _line_end(text, start, limit))
    if not tokens:
        return None
    first = tokens[0]
    if first.lower in lexicon.PRONOUNS_PERSON or first.lower in lexicon.PRONOUNS_PLURAL:
        return _pronoun(first)
    taken: list[_Token] = []
    in_brackets = in_quotes = False
    for index, token in enumerate(tokens):
        if token.text == "[" and not taken:
            in_brackets = True
        elif token.text == "]" and in_brackets:
            taken.append(token)
            break
        elif token.text in _NAME_QUOTES:
            if in_quotes:
                taken.append(token)
                in_quotes = False
                continue
            if any(
                t.text == token.text or t.text in _NAME_QUOTES
                for t in tokens[index + 1 : index + 5]
            ):
                in_quotes = True
            else:
                break
        elif not taken and token.lower in _MENTION_DETERMINERS:
            pass
        elif not (in_brackets or in_quotes or _fits_in_mention(token)) and not (
            all(t.text.islower() or _POSSESSIVE.search(t.text) for t in taken)
            and _noun_ahead(tokens, index)
        ):
            break
        taken.append(token)
    while taken and taken[-1].lower in _CONNECTORS:
        taken.pop()
    issuer = _issuer_after_document(text, taken, limit)
    return issuer or _classify(text, taken)


def _issuer_after_document(text: str, taken: list[_Token], limit: int) -> Mention | None:
    """ "a statement from the ministry", "a report by Reuters": who issued the document."""
    if not taken or taken[-1].lower not in lexicon.DOCUMENT_NOUNS | {"report", "reports"}:
        return None
    link = re.match(r"\s+(?:issued\s+by|from|by|of)\s+", text[taken[-1].end : limit])
    if not link:
        return None
    return mention_after(text, taken[-1].end + link.end(), limit)


def _noun_ahead(tokens: list[_Token], index: int) -> bool:
    """Lower-case adjectives from ``index`` lead to a lexicon noun within three words."""
    for token in tokens[index : index + 3]:
        if _is_noun_of_lexicon(token.lower) or token.text[0].isupper():
            return True
        if not _ADJECTIVE.fullmatch(token.text) or token.lower in _STOP_WORDS:
            return False
    return False


def _pronoun(token: _Token) -> Mention:
    return Mention(token.start, token.end, token.text, "pronoun")


def _classify(text: str, tokens: list[_Token]) -> Mention | None:
    while tokens and tokens[0].lower in _CONNECTORS - {"the"}:
        tokens = tokens[1:]
    in_parentheses = {i for i in range(len(tokens)) if _acronym_in_parentheses(tokens, i)}
    acronyms = {i - d for i in in_parentheses for d in (0, 1, 2)}  # "(RCN)" names nothing new
    words = [
        t
        for i, t in enumerate(tokens)
        if i not in acronyms and t.text not in "[]" and t.text not in _NAME_QUOTES
    ]
    if not words or all(t.lower in lexicon.DETERMINERS or t.lower in _CONNECTORS for t in words):
        return None
    start, end = tokens[0].start, tokens[-1].end
    mention = Mention(start, end, text[start:end], "description")
    lowers = [_POSSESSIVE.sub("", t.lower) for t in words]
    if lowers[0] in lexicon.NOT_SPEAKERS or (
        lowers[0] == "the" and len(lowers) > 1 and lowers[1] in lexicon.NOT_SPEAKERS
    ):
        return None
    name_tokens, before_name = _trailing_name(_without_affiliation(words))
    mention.roles = {
        w for w in lowers if w in lexicon.PERSON_ROLE_NOUNS or w in lexicon.TITLE_WORDS
    }
    quoted = [i for i, t in enumerate(tokens) if t.text in _NAME_QUOTES]
    quoted_name = len(quoted) >= 2
    if quoted_name:  # The agency “Sputnik Kazakhstan”: the quoted words are the name
        name_tokens = tokens[quoted[0] + 1 : quoted[-1]] or name_tokens
    has_outlet_word = any(w in lexicon.OUTLET_NOUNS for w in lowers) or any(
        _DOMAIN.match(t.text) for t in words
    )
    has_org_word = any(w in lexicon.ORGANISATION_NOUNS for w in lowers)
    # a title a person holds ("Senator", "Minister"), not an adjective that also builds
    # organisations' names ("Office for National Statistics")
    titled = any(
        w in lexicon.TITLE_WORDS and w not in lexicon.TITLE_ADJECTIVES
        for w in (t.lower for t in before_name)
    )
    if name_tokens and (has_outlet_word or quoted_name) and not titled:
        mention.kind, mention.name = "outlet", _join(text, name_tokens)
    elif name_tokens and (titled or not has_org_word):
        mention.kind, mention.name = "person", _join(text, name_tokens)
    elif (
        has_org_word and lowers[-1] not in lexicon.PERSON_ROLE_NOUNS
    ):  # not "a government spokesperson"
        mention.kind, mention.name = "organisation", organisation_name(mention.text)
    elif lowers[-1] in lexicon.GROUP_NOUNS:
        mention.kind = "group"
    return mention


def _without_affiliation(words: list[_Token]) -> list[_Token]:
    """ "economist Jane Doe of Capital Economics" -> "economist Jane Doe": the name comes before."""
    for index, token in enumerate(words):
        if token.lower != "of" or index < 2:
            continue
        name = words[index - 2 : index]
        if all(
            t.text[0].isupper() and _POSSESSIVE.sub("", t.lower) not in _NOT_NAME_WORDS
            for t in name
        ):
            return words[:index]
    return words


_NOT_NAME_WORDS = lexicon.TITLE_WORDS | lexicon.ORGANISATION_NOUNS | lexicon.OUTLET_NOUNS


def _trailing_name(words: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    """The proper name at the end of a mention and the words before it (its titles)."""
    run: list[_Token] = []
    for token in reversed(words):
        lower = _POSSESSIVE.sub("", token.lower)
        capital = (
            token.text[0].isupper() or _DOMAIN.match(token.text) or _PREFIXED_NAME.match(token.text)
        )
        if run and lower in _NAME_PARTICLES:
            run.insert(0, token)
            continue
        if not capital or lower in lexicon.TITLE_WORDS or lower in lexicon.ORGANISATION_NOUNS:
            break
        if (
            lower in lexicon.OUTLET_NOUNS
            or lower in lexicon.GROUP_NOUNS
            or lower in lexicon.DETERMINERS
        ):
            break
        if _POSSESSIVE.search(token.text) and run:
            break
        run.insert(0, token)
    while run and run[0].lower in _NAME_PARTICLES:
        run = run[1:]
    before = words[: len(words) - len(run)]
    # "President of Belarus Alexander Lukashenko": the place after "of" is not the name.
    # A lone capitalized word after "of" is a place too: "the President of Kazakhstan";
    # after "the" only inside a title ("Ambassador to the US Anatoly Antonov", not "The UN").
    after_of = before and before[-1].lower in {"of", "to", "for"}
    after_the = before and before[-1].lower == "the" and len(before) > 1
    if run and after_of and len(run) <= 2 and not _is_given_name(run[-2:][0]):
        return [], words  # "the MP for South Wealdon": a place, no name
    if run and (after_of or (after_the and len(run) >= 2)):
        before, run = [*before, run[0]], run[1:]
    if run and all(_POSSESSIVE.search(t.text) for t in run[-1:]):
        return [], words
    return run, before


def _is_given_name(token: _Token) -> bool:
    return token.lower in lexicon.FEMALE_NAMES or token.lower in lexicon.MALE_NAMES


def _join(text: str, tokens: list[_Token]) -> str:
    return text[tokens[0].start : tokens[-1].end].strip('“”"«»‘’[] ')


def organisation_name(mention: str) -> str:
    """A canonical form: no leading article; "Russia’s Ministry of X" -> "Ministry of X of Russia"."""
    name = re.sub(r"^(?:the|a|an)\s+", "", mention.strip('[]“”"«» '), flags=re.IGNORECASE)
    name = re.sub(r"\s*\([A-Z]{2,}\)", "", name)  # "Royal College of Nursing (RCN)"
    head_of = re.match(r"^(\w+)\s+of\s+(?:the\s+)?(.+)$", name)
    if (
        head_of
        and head_of.group(1).casefold() not in lexicon.ORGANISATION_NOUNS | lexicon.TITLE_WORDS
    ):
        name = head_of.group(2)  # "Shares of Nvelo Corp" opens a sentence; the firm is Nvelo Corp
    owner = re.match(r"^([A-Z][\w.\- ]*?)[’']s\s+(.+)$", name)
    if owner:
        name = f"{owner.group(2)} of {owner.group(1)}"
    return name


_FILLER_TAIL = re.compile(
    rf"(?:\s+(?:{lexicon.trie_pattern(sorted(lexicon.SUBJECT_VERB_FILLERS))}))+\s*$", re.IGNORECASE
)


_ASIDE = re.compile(
    r"(?<=[\w.)])\s*,\s+(?:in|at|on|asked|speaking|writing|during|after|before|for|with|when|"
    r"while|responding|interviewed|questioned|pressed|meanwhile|however|too|though)\b[^,]{0,100},$"
)


def end_of_subject(text: str, start: int, verb_start: int) -> int:
    """Where the subject ends before a verb, skipping "also", "has" and the like."""
    start = max(start, verb_start - MENTION_WINDOW)
    # the adverbs and auxiliaries sit right before the verb ("has also repeatedly")
    tail = _FILLER_TAIL.search(text, max(start, verb_start - 60), verb_start)
    end = tail.start() if tail else verb_start
    while end > start and text[end - 1].isspace():
        end -= 1
    age = re.search(r",\s*\d{1,3},?$", text[max(start, end - 8) : end])
    aside = _ASIDE.search(text, max(start, end - 120), end)
    if age:  # "Ms. Harris, 59, said"
        end = max(start, end - 8) + age.start()
    elif aside:  # "Judge Harold Quist, in dissent, argued": the aside is not the subject
        end = aside.start()
    elif end > start and text[end - 1] == "," and text.count(",", start, end) >= 2:
        end -= 1  # "A spokesman for the ministry, Ivan Petrov, said": the name in apposition
    return end


INTRODUCTORY = re.compile(
    r"\s*(?:Asked|Speaking|Writing|Responding|Referring|Commenting|Addressing|When|While|After|"
    r"Before|In|At|During|On|Earlier|Later)\b"
)


def sentence_subject(text: str, sentence) -> Mention | None:
    """ "X called the move a betrayal and said ...": X, named at the start of the sentence."""
    start = sentence.start
    if INTRODUCTORY.match(text, start) and "," in text[start : sentence.end]:
        start = text.index(",", start) + 1  # "Addressing the parliament, Chancellor X ..."
    while start < len(text) and text[start].isspace():
        start += 1
    mention = with_apposition_after(text, mention_after(text, start, sentence.end), sentence.end)
    if mention is not None and mention.is_named and mention.kind != "pronoun":
        return mention
    return None
