"""Direct quotes: text inside quotation marks that a cue attributes to a speaker.

A quote is a statement when an attribution sits right after it ("…,” the head of state
said; "…", said Lukashenko) or right before it (He told reporters: “…”; According to X,
“…”), or when it opens a sentence right after a statement and carries on in the same
voice (the second half of a quote split by its attribution, or the next paragraph).
Anything else in quotation marks — "peaceful protesters", a newspaper's name — is a scare
quote or a title, not a statement.
"""

import re

from claims.extraction import lexicon
from claims.extraction.document import Document, Finding
from claims.extraction.mentions import (
    Mention,
    end_of_subject,
    mention_after,
    mention_before,
    sentence_subject,
    with_apposition,
    with_apposition_after,
)
from claims.extraction.quotes import Quote
from claims.extraction.text import Unit, strip_span, word_count

_LEAD_IN = re.compile(r"\s*,?\s*(?:[-–—]\s*)?")
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(.{1,80}?),\s*$", re.IGNORECASE)


def find_direct_quotes(document: Document) -> None:
    unattributed = []
    for quote in document.top_quotes:
        document.check_deadline()
        content = quote_content(document.text, quote)
        if word_count(document.text[content.start : content.end]) < 2:
            continue
        attribution = _attribution_after(document, quote) or _attribution_before(document, quote)
        if attribution:
            cue, mention = attribution
            document.add(
                Finding(content.start, content.end, "direct", cue, mention, 0.9, direct=True)
            )
        else:
            unattributed.append((quote, content))
    for quote, content in unattributed:
        if _continues_previous_statement(document, quote):
            document.add(
                Finding(
                    content.start,
                    content.end,
                    "direct",
                    None,
                    None,
                    0.65,
                    direct=True,
                )
            )


def quote_content(text: str, quote: Quote) -> Unit:
    """The quoted words: no marks, no surrounding space, no trailing comma (kept outside)."""
    return strip_span(text, quote.inner_start, quote.inner_end, chars=",;:")


# a dash after a quotation, then who said it, to the end of the line
_DASH_SPEAKER = re.compile(r"[ \t\u00a0]*([–—]|-(?=\s))[ \t\u00a0]*")


def _attribution_after(document: Document, quote: Quote) -> tuple[Unit, Mention] | None:
    text = document.text
    paragraph = document.paragraph_at(quote.close)
    limit = paragraph.end if paragraph else len(text)
    dash = _DASH_SPEAKER.match(text, quote.close + 1, limit)
    if dash and _opens_clause(document, quote):  # “We will win.” – Mayor Ruth Okafor
        mention = mention_after(text, dash.end(), limit)
        if mention is not None and mention.kind != "pronoun" and mention.is_named:
            rest = text[mention.end : limit]
            if re.fullmatch(r"\s*(?:,[^.!?]*)?[.]?\s*", rest):  # the line ends with the name
                return Unit(dash.start(1), dash.start(1) + 1), mention
    lead = _LEAD_IN.match(text, quote.close + 1, limit)
    position = lead.end()
    if lead.group().strip() == "" and text[quote.close - 1] not in ",!?…—-":
        return None  # “Sputnik” wrote ...: the quote is a name, not what was said
    if not _opens_clause(document, quote):
        return None  # ... 'Color Revolution', Ex-Diplomat Says: the quote is part of a clause
    sentence_end = _sentence_end(text, position, limit)
    verb = lexicon.SPEECH_VERB.match(text, position, sentence_end)
    if verb:  # ..., said the head of state
        mention = with_apposition_after(
            text, mention_after(text, verb.end() + 1, sentence_end), sentence_end
        )
        return (Unit(verb.start(), verb.end()), mention) if mention else None
    for verb in lexicon.SPEECH_VERB.finditer(text, position, min(sentence_end, position + 120)):
        if verb.group().casefold() in lexicon.NOUN_LIKE_FORMS and not re.match(
            r"\s*(?:[.,!?:]|$)", text[verb.end() : verb.end() + 2]
        ):
            continue  # "the head of state said": "state" is a noun here
        subject_end = end_of_subject(text, position, verb.start())
        mention = with_apposition(text, mention_before(text, subject_end, position), position)
        if mention and mention.start == position and not _followed_by_that(text, verb.end()):
            return Unit(verb.start(), verb.end()), mention
        break
    return None


def _attribution_before(document: Document, quote: Quote) -> tuple[Unit, Mention] | None:
    text = document.text
    sentence = document.sentence_at(quote.open)
    if sentence.start >= quote.open:
        sentence = _introducing_sentence(document, quote) or sentence
    start = sentence.start if sentence.start < quote.open else quote.open
    # The cue sits just before the quote (the rules below allow a few words between): reading
    # a bounded stretch keeps a long run of quotations linear.
    near = max(start, quote.open - 120)
    before = text[near : quote.open]
    according = _ACCORDING_BEFORE.search(before)
    if according:
        mention = mention_after(text, near + according.start(1), near + according.end(1))
        cue = Unit(near + according.start(), near + according.start(1) - 1)
        return (strip_span(text, cue.start, cue.end), mention) if mention else None
    verbs = list(lexicon.SPEECH_VERB.finditer(text, near, quote.open))
    if not verbs:
        return None
    verb = verbs[-1]
    between = text[verb.end() : quote.open]
    punctuated = re.fullmatch(r"(?:\s+[\w’' ]{0,40}?)?\s*[:,]\s*", between)
    # He said “we will win the next election”: a whole quote right after the verb
    bare = (
        re.fullmatch(r"\s+", between) and word_count(text[quote.inner_start : quote.inner_end]) >= 4
    )
    if not (punctuated or bare):
        return None
    mention = with_apposition(
        text, mention_before(text, end_of_subject(text, start, verb.start()), start), start
    )
    return (Unit(verb.start(), verb.end()), mention) if mention else None


def _opens_clause(document: Document, quote: Quote) -> bool:
    """The quote starts its sentence, or follows a colon, comma or dash."""
    sentence = document.sentence_at(quote.open)
    before = document.text[min(sentence.start, quote.open) : quote.open].rstrip()
    return not before or before[-1] in ":,—–-"


def _introducing_sentence(document: Document, quote: Quote) -> Unit | None:
    """A quote opening its paragraph after "He told reporters:" closing the one before."""
    paragraph = document.paragraph_at(quote.open)
    if paragraph is None or paragraph.start != quote.open:
        return None
    index = document.sentence_index(quote.open)
    if index == 0:
        return None
    previous = document.sentences[index - 1]
    return previous if document.text[previous.end - 1] == ":" else None


def _continues_previous_statement(document: Document, quote: Quote) -> bool:
    """The quote is a sentence of its own and the statement just before it is in the same voice.

    "“Peaceful protesters” took to the streets" opens its sentence but is not one.
    """
    text = document.text
    sentence = document.sentence_at(quote.open)
    if text[sentence.start : quote.open].strip():
        return False
    after = text[quote.close + 1 : document.sentence_at(quote.close).end]
    if after.strip(" .!?…\u00a0") and not re.match(r"\s*\n", text[quote.close + 1 :]):
        return False
    last_end = document.last_end_before(quote.open)
    if last_end is None:
        return False
    sentences_between = document.sentence_index(quote.open) - document.sentence_index(last_end)
    return sentences_between <= 2 and text.count("\n\n", last_end, quote.open) <= 1


_ATTRIBUTION_END = re.compile(r"[.!?…](?=\s|$)|[“\"«]")
_ABBREVIATION_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Rep|Sen|Gov|Gen|Lt|Col|Capt|St|Rev|Hon)|\b[A-Z])$"
)


def _sentence_end(text: str, start: int, limit: int) -> int:
    """Where the attribution after a quote ends: a full stop (not "Rep." or "J."), or a new quote."""
    for match in _ATTRIBUTION_END.finditer(text, start, limit):
        if match.group() == "." and _ABBREVIATION_BEFORE.search(
            text, max(start, match.start() - 8), match.start()
        ):
            continue
        return match.start()
    return limit


def _followed_by_that(text: str, position: int) -> bool:
    return bool(re.match(r"\s+that\b", text[position : position + 8]))


# Words before a quotation that make it a name, a title or a word talked about, not speech.
_NOT_SPEECH_BEFORE = re.compile(
    r"(?:so-called|the\s+(?:words?|terms?|phrases?|slogans?|labels?|titles?|headlines?|names?|"
    r"hashtags?|motto|book|film|song|album|show|series|play|novel|article|essay|report|poem)|"
    r"titled|entitled|headlined|nicknamed|known\s+as|dubbed|named|called|calls|calling|"
    r"branded|labell?ed|termed|described\s+\w+\s+as|as)\s*,?\s*$",
    re.IGNORECASE,
)
_NAME_COLON = re.compile(r"([A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3})\s*:\s*$")
# Participles that carry someone's words ("..., saying “...”", "referring to them as “...”").
_PARTICIPLE = re.compile(
    r"\b(?:saying|adding|telling|writing|noting|warning|arguing|insisting|explaining|"
    r"declaring|calling|referring|describing|asking|answering|replying|responding|stating|"
    r"tweeting|posting|quipping|joking|vowing|promising|urging)\b",
    re.IGNORECASE,
)


def find_unattributed_quotes(document: Document) -> None:
    """Quotations of a whole clause that no rule attributed: still someone's words.

    Run after the other rules, so a quote inside reported speech stays part of it. The
    speaker is a name and colon right before it ("Smith: 'We will win'"), the subject of a
    speech verb or participle in its sentence (", saying “…”", "wrote in an email: “…”"),
    else whoever spoke or was named last nearby (resolved with the others). One or two words
    in quotation marks, titles, nicknames, "so-called" and words talked about stay out.
    """
    text = document.text
    for quote in document.top_quotes:
        document.check_deadline()
        content = quote_content(text, quote)
        words = text[content.start : content.end].split()
        if not _is_clause(text, content, words) or document.covered(content.start, content.end):
            continue
        sentence = document.sentence_at(quote.open)
        near = max(sentence.start, quote.open - 80)
        if _NOT_SPEECH_BEFORE.search(text, near, quote.open):
            continue
        cue, mention, confidence = _nearby_attribution(document, quote, sentence)
        document.add(
            Finding(content.start, content.end, "direct", cue, mention, confidence, direct=True)
        )


def _is_clause(text: str, content: Unit, words: list[str]) -> bool:
    """Several words, not a title ("The Art of the Deal": every long word capitalized)."""
    ends_sentence = text[content.end - 1 : content.end] in (".", "!", "?", "…")
    if len(words) < 4 and not (len(words) == 3 and ends_sentence):
        return False
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    shouted = text[content.start : content.end].isupper()  # a tabloid headline's quote
    title_case = long_words and all(w[0].isupper() for w in long_words) and not shouted
    return not (title_case and not ends_sentence and len(words) <= 8)


def _nearby_attribution(
    document: Document, quote: Quote, sentence: Unit
) -> tuple[Unit | None, Mention, float]:
    text = document.text
    near = max(sentence.start, quote.open - 120)
    colon = _NAME_COLON.search(text, near, quote.open)
    if colon and text[min(sentence.start, colon.start(1)) : colon.start(1)].strip():
        colon = None  # "telling a rally in Derby: “…”": a place ends the phrase, not a speaker
    if colon:  # Smith: ‘We will win’
        mention = mention_after(text, colon.start(1), colon.end(1))
        if mention is not None and mention.kind != "pronoun":
            return Unit(colon.end(1), colon.end(1) + 1), mention, 0.6
    for verb in _cues_in(document, sentence, quote):
        mention = _speaker_of(document, sentence, verb)
        if mention is not None:
            return Unit(verb.start(), verb.end()), mention, 0.6
    subject = sentence_subject(text, sentence)
    if subject is not None and subject.end < quote.open:  # "X put it plainly: “…”"
        return None, subject, 0.5
    return None, Mention(quote.open, quote.open, "", "nearby"), 0.45


def _cues_in(document: Document, sentence: Unit, quote: Quote) -> list[re.Match]:
    """Speech verbs and participles of the quote's sentence outside quotation marks, nearest first."""
    text = document.text
    found = [
        match
        for pattern in (lexicon.SPEECH_VERB, _PARTICIPLE)
        for match in pattern.finditer(text, sentence.start, sentence.end)
        if document.quote_at(match.start()) is None
    ]
    return sorted(
        found, key=lambda m: min(abs(m.start() - quote.open), abs(m.start() - quote.close))
    )


def _speaker_of(document: Document, sentence: Unit, verb: re.Match) -> Mention | None:
    """Who the verb's clause has speak: its subject, the name after it, or the sentence's subject."""
    text = document.text
    if not _PARTICIPLE.fullmatch(verb.group()):
        subject_end = end_of_subject(text, sentence.start, verb.start())
        mention = with_apposition(
            text, mention_before(text, subject_end, sentence.start), sentence.start
        )
        if mention is not None:
            return mention
        mention = with_apposition_after(
            text, mention_after(text, verb.end() + 1, sentence.end), sentence.end
        )
        if mention is not None and mention.kind != "pronoun":
            return mention
    # "The Conservative candidate, Edward Blount, dismissed …, saying": the name in apposition
    first = with_apposition_after(
        text, mention_after(text, sentence.start, verb.start()), verb.start()
    )
    return first if first is not None and first.end <= verb.start() else None
