"""Reported speech: what someone said, told in the writer's words.

Rules on a speaker and a speech verb, each on one sentence outside quotation marks:
- subject + speech verb + that-clause: "He noted that ...", "X said during ... that ...",
  "X also said the committee is confident ..." (bare clause after say/tell/believe ...);
- content first: "..., Belarusian President Aleksandr Lukashenko said as he visited ...",
  headline style "..., Ex-Diplomat Says"; verb first: "..., said the official.";
- "As Smith noted, ..."; "..., he said, adding that ...".
The other attribution phrases ("according to", "This was stated by", labels) are in
``attribution_phrases.py``.
"""

import re

from claims.extraction import attribution_phrases as phrases
from claims.extraction import lexicon
from claims.extraction.document import Document, Finding, around_aside, content_span
from claims.extraction.mentions import (
    INTRODUCTORY,
    Mention,
    end_of_subject,
    mention_after,
    mention_before,
    sentence_subject,
    with_apposition,
    with_apposition_after,
)
from claims.extraction.text import Unit, strip_span, word_count

# "that", after a time phrase if there is one ("announced last week that")
_THAT = re.compile(
    r"\s*(?:(?:last|this|next|on)\s+(?:week|month|year|night|\w+day)\s*|today\s*|"
    r"yesterday\s*|earlier\s*|again\s*)?,?\s*that\s+",
    re.IGNORECASE,
)
_COLON = re.compile(r"\s*:\s+")
_WORD = re.compile(r"\s+([\w’'\-]+)")


def find_reported_speech(document: Document) -> None:
    for sentence in document.sentences:
        document.check_deadline()
        _participles(document, sentence)
        phrases.which_shows(document, sentence)
        phrases.according_to(document, sentence)  # first: ", according to X, Interfax reports."
        _speech_verbs(document, sentence)
        phrases.passive(document, sentence)
        phrases.labels(document, sentence)
        phrases.framing(document, sentence)
    phrases.dash_lines(document)


def _speech_verbs(document: Document, sentence: Unit) -> None:
    text = document.text
    direct_cues = document.direct_cue_starts()
    for verb in lexicon.SPEECH_VERB.finditer(text, sentence.start, sentence.end):
        if (
            document.quote_at(verb.start()) is not None
            or _noun_not_verb(text, verb, sentence)
            or verb.start() in direct_cues  # the attribution of a quote found already
        ):
            continue
        cue = Unit(verb.start(), verb.end())
        subject_end = end_of_subject(text, sentence.start, verb.start())
        relative = re.search(r",\s*who$", text[max(sentence.start, subject_end - 8) : subject_end])
        if relative:  # "Governor X, who announced last week that": X
            subject_end = max(sentence.start, subject_end - 8) + relative.start()
        coordinated = re.search(r"\band$", text[sentence.start : subject_end])
        mention = sentence_subject(text, sentence) if coordinated else None
        if not coordinated:
            mention = with_apposition(
                text, mention_before(text, subject_end, sentence.start), sentence.start
            )
        lemma = lexicon.SPEECH_VERBS.get(verb.group().casefold(), "")
        from_document = False
        if not coordinated and (
            mention is None
            or lemma in lexicon.DOCUMENT_VERBS
            or (mention.kind != "person" and phrases.names_a_document(mention))
            or (
                (
                    not mention.is_named
                    or mention.kind == "outlet"  # "papers seen by the Echo show ..."
                    or _SEEN_BY.search(text, sentence.start, mention.start)
                )
                and phrases.leads_with_document(text, sentence)
            )
        ):
            # "The union's survey of 12,000 members found ...": the survey, not the members
            document_mention = phrases.document_subject(text, sentence, verb.start())
            if document_mention is not None:
                mention, from_document = document_mention, True
        if mention is None and not coordinated:
            _verb_first(document, sentence, cue)
            continue
        if (
            lemma in lexicon.DOCUMENT_VERBS
            and not _THAT.match(text, verb.end(), sentence.end)
            and not phrases.names_a_document(mention)
            and not from_document
        ):
            continue  # "police found the body": not a finding anyone reports
        clause = _clause_start(document, verb.end(), sentence.end, lemma, mention)
        if clause is not None:
            content, cited = content_span(document, clause, sentence.end)
            if not document.covered(content.start, content.end):
                document.add(
                    Finding(
                        content.start,
                        content.end,
                        "reported",
                        cue,
                        mention,
                        0.8,
                        cited=cited,
                    )
                )
        elif (
            mention is not None
            and not _as_someone_said(document, sentence, cue, mention)
            and mention.end == subject_end  # not "X, who is the head of Y, announced a meeting"
        ):
            _content_first(document, sentence, cue, mention)


_SEEN_BY = re.compile(r"\b(?:seen|obtained|reviewed|viewed)\s+by\s+(?:\w+\s+)?$")
_DOCUMENT_BEFORE = re.compile(phrases.DOCUMENT_SUBJECT.pattern + r"\s+$", re.IGNORECASE)


def _noun_not_verb(text: str, verb: re.Match, sentence: Unit) -> bool:
    """ "member states of ...": a noun-like form is a cue only before that, a colon or the end."""
    if verb.group().casefold() not in lexicon.NOUN_LIKE_FORMS:
        return False
    if _DOCUMENT_BEFORE.search(text, max(sentence.start, verb.start() - 16), verb.start()):
        return False  # "court filings show ...", "the figures show ...": a document's verb
    lemma = lexicon.SPEECH_VERBS.get(verb.group().casefold(), "")
    if lemma in lexicon.DOCUMENT_VERBS and phrases.leads_with_document(text, sentence):
        return False  # "Council papers seen by the Echo show ..."
    return not re.match(r"\s*(?:,?\s*that\b|:|[.!?]?\s*$)", text[verb.end() : sentence.end])


def _clause_start(
    document: Document, position: int, end: int, lemma: str, mention: Mention | None
) -> int | None:
    """Where the reported clause after a speech verb begins, or None if there is none."""
    text = document.text
    that = _THAT.match(text, position, end)
    if that:
        return that.end()
    colon = _COLON.match(text, position, end)
    if colon and document.quote_at(colon.end()) is None:
        return colon.end()
    first = _WORD.match(text, position, end)
    if not first:
        return None
    word = first.group(1)
    lower = word.casefold()
    addressing = lemma in lexicon.ADDRESSING_VERBS
    if addressing or lower in lexicon.PREPOSITIONS:  # "told reporters on Friday that"
        later_that = re.compile(r"\s+that\s+").search(
            text, first.end(), min(end, first.end() + 100)
        )
        bare = None
        if lower in lexicon.PREPOSITIONS and lemma in lexicon.BARE_CLAUSE_VERBS:
            bare = _clause_after_phrase(text, first.end(), end)  # "said on Tuesday her caucus"
        # "during a visit to the harbour that exports had doubled": the "that" clause, unless
        # the bare clause has its verb before it ("her caucus would not accept a bill that")
        if (
            later_that
            and not re.search(r"[,;:.“”\"]", text[first.end() : later_that.start()])
            and (bare is None or not _finite_verb_before(text, bare, later_that.start()))
        ):
            return later_that.end()
        if bare is not None:
            return bare
    if lemma == "tell":  # "told Reuters the deal was dead": skip whom he told
        recipient_end = (
            _WORD.match(text, first.end(), end) if lower in lexicon.DETERMINERS else first
        )
        clause = _WORD.match(text, recipient_end.end(), end) if recipient_end else None
        if clause and _starts_clause(
            text, clause.start(1), end, clause.group(1).casefold(), clause.group(1)
        ):
            return clause.start(1)
        return None
    if mention is not None and mention.kind == "outlet" and lemma in {"write", "report"}:
        return first.start(1)
    if lower in lexicon.TIME_WORDS:  # "said Tuesday the plant would close"
        first = _WORD.match(text, first.end(), end) or first
        word, lower = first.group(1), first.group(1).casefold()
    if lemma in lexicon.DOCUMENT_VERBS and (
        lower[0].isdigit()
        or lower in _QUANTIFIERS
        or (
            phrases.names_a_document(mention)
            and _starts_clause(text, first.start(1), end, lower, word)
        )
    ):
        return first.start(1)  # "the poll found 61 percent of voters back the plan"
    if lemma in lexicon.BARE_CLAUSE_VERBS - {"tell"} and _starts_clause(
        text, first.start(1), end, lower, word
    ):
        return first.start(1)
    return None


_QUANTIFIERS = {"most", "many", "more", "half", "nearly", "almost", "about", "only", "fewer"}
_SUBJECT_OPENERS = {"he", "she", "they", "we", "i", "it", "there"} | lexicon.DETERMINERS


def _clause_after_phrase(text: str, position: int, end: int) -> int | None:
    """A bare clause after a short phrase ("in a statement the company would ..."): the first
    pronoun or determiner, at least one word into the phrase, that opens a clause."""
    for index, word in enumerate(_WORD.finditer(text, position, min(end, position + 80))):
        if re.search(r"[,;:.“”\"]", text[position : word.start()]):
            return None
        lower = word.group(1).casefold()
        if (
            index >= 1
            and lower in _SUBJECT_OPENERS
            and _starts_clause(text, word.start(1), end, lower, word.group(1))
        ):
            return word.start(1)
    return None


def _finite_verb_before(text: str, start: int, end: int) -> bool:
    return any(
        w.casefold() in lexicon.FINITE_VERBS for w in re.findall(r"[\w’']+", text[start:end])
    )


def _starts_clause(text: str, start: int, end: int, lower: str, word: str) -> bool:
    """A finite verb follows soon after a word that can open a clause ("said two men were")."""
    if lower in lexicon.PREPOSITIONS or lower in lexicon.NOT_CLAUSE_OPENERS:
        return False
    if lower in {"he", "she", "they", "we", "i", "you", "there"}:
        return True  # "has said he wants to talk": a subject pronoun opens a clause
    comma = text.find(",", start, end)  # the clause's verb comes before a comma
    following = [
        w.casefold() for w in re.findall(r"[\w’']+", text[start : end if comma == -1 else comma])
    ][1:12]
    return any(
        w in lexicon.FINITE_VERBS
        or w in lexicon.IRREGULAR_PAST
        or (w.endswith("ed") and len(w) > 4)
        for w in following
    )


def _as_someone_said(document: Document, sentence: Unit, cue: Unit, mention: Mention) -> bool:
    """ "As Smith noted, the plan had failed.": the content follows the comma."""
    text = document.text
    if not re.fullmatch(r"\s*As\s+", text[sentence.start : mention.start], re.IGNORECASE):
        return False
    comma = re.match(r"[^,.;]{0,40},\s*", text[cue.end : sentence.end])
    if not comma:
        return False
    content, cited = content_span(document, cue.end + comma.end(), sentence.end)
    if content.start < content.end and not document.covered(content.start, content.end):
        document.add(
            Finding(content.start, content.end, "reported", cue, mention, 0.7, cited=cited)
        )
    return True


def _content_first(document: Document, sentence: Unit, cue: Unit, mention: Mention) -> None:
    """ "..., X said as he visited ...": the content is the sentence up to the comma."""
    text = document.text
    if phrases.PASSIVE.match(text, sentence.start, sentence.end):
        return  # "This was stated by X ..., BelTA reports": BelTA is the cited origin
    before = text[sentence.start : mention.start]
    if not re.search(r",\s*$", before) or INTRODUCTORY.match(before):
        return  # "Asked whether ..., she replied": the question is not what she said
    if re.match(r",\s+[a-z]", text[cue.end : sentence.end]) and document.quote_at(cue.end) is None:
        # "The economy, he said, will recover by spring.": the whole sentence is the content,
        # in two pieces either side of the cue
        content = strip_span(text, sentence.start, sentence.end, chars=".")
        aside_end = cue.end + text[cue.end : sentence.end].index(",") + 1
        pieces = around_aside(text, content, sentence.start + before.rstrip().rfind(","), aside_end)
        _add_content_first(document, content, cue, mention, 0.7, pieces)
    elif word_count(before) >= 3:
        content = strip_span(text, sentence.start, sentence.start + before.rstrip().rfind(","))
        _add_content_first(document, content, cue, mention, 0.75)


def _verb_first(document: Document, sentence: Unit, cue: Unit) -> None:
    """ "..., said the minister." with the verb before its subject."""
    text = document.text
    if not re.search(r",\s*$", text[sentence.start : cue.start]):
        return
    mention = with_apposition_after(
        text, mention_after(text, cue.end + 1, sentence.end), sentence.end
    )
    if mention is None or not re.match(
        r"\s*(?:[.!?]?\s*$|,|who\b)", text[mention.end : sentence.end]
    ):
        return  # "..., said the official, who asked not to be named." ends at the comma
    comma = text.rfind(",", sentence.start, cue.start)
    _add_content_first(document, strip_span(text, sentence.start, comma), cue, mention, 0.75)


def _add_content_first(
    document: Document,
    content: Unit,
    cue: Unit,
    mention: Mention,
    confidence: float,
    fragments: list[tuple[int, int]] | None = None,
) -> None:
    quote = document.quote_at(content.start)
    if quote is not None and quote.close >= content.end - 1:
        return  # the whole content is a quote: a direct statement, found already
    if word_count(document.text[content.start : content.end]) >= 3 and not document.covered(
        content.start, content.end
    ):
        document.add(
            Finding(
                content.start,
                content.end,
                "reported",
                cue,
                mention,
                confidence,
                fragments=fragments,
            )
        )


_PARTICIPLE = re.compile(
    r",\s+(adding|saying|noting|stressing|warning|arguing|insisting|claiming|explaining|"
    r"emphasi[sz]ing|underlining|pointing\s+out|recalling|asserting|telling|assuring|"
    r"reminding|conceding|acknowledging|admitting|predicting|suggesting|promising|vowing|"
    r"pledging|ruling|finding|concluding|joking)\s+"
    r"(?:(?:[\w’'\-]+\s+){0,5}?that\s+)?"  # ", telling a news conference that ..."
)


# "…, with EU Trade Commissioner Henrik Aalto saying the talks had …": the named speaker
_WITH_PARTICIPLE = re.compile(
    r"\bwith\s+(?=[A-Z])[^,;“”\"]{2,100}?\s+(saying|warning|arguing|insisting|claiming|"
    r"predicting|noting|adding|conceding|admitting|acknowledging)\s+(?:that\s+)?"
)


_DATELINE = re.compile(r"[A-Z][A-Z .’'\-]{2,40},[^—–\n]{0,30}[—–]\s+")
_RULING_PARTICIPLES = {"ruling", "finding", "concluding"}
_RULING_BODY = re.compile(
    r"(?:[Aa]n?|[Tt]he)\s+(?:[\w\-.]+\s+){0,4}?(?:court|tribunal|jury|panel|judge|commission|"
    r"regulator|inquiry)\b"
)


def _ruling_body(document: Document, sentence: Unit, participle: re.Match):
    """ "A state appeals court upheld the fine, ruling that …": a court, jury or tribunal
    described, not named, rules too."""
    if participle.group(1) not in _RULING_PARTICIPLES:
        return None
    text = document.text
    dateline = _DATELINE.match(text, sentence.start)
    start = dateline.end() if dateline else sentence.start
    body = _RULING_BODY.match(text, start, participle.start())
    if body is None:
        return None
    return Mention(body.start(), body.end(), body.group(), "organisation")


def _participles(document: Document, sentence: Unit) -> None:
    """ "…,” he said, adding that …": a second statement by whoever spoke before."""
    text = document.text
    with_participle = (
        _WITH_PARTICIPLE.finditer(text, sentence.start, sentence.end)
        if "with " in text[sentence.start : sentence.end]
        and "ing " in text[sentence.start : sentence.end]
        else ()
    )
    for match in with_participle:
        if document.quote_at(match.start()) is not None:
            continue
        mention = mention_before(text, match.start(1) - 1, match.start() + 5)
        if mention is None or not mention.is_named or mention.kind == "pronoun":
            continue
        if not match.group().rstrip().endswith("that") and not _starts_clause(
            text, match.end(), sentence.end, "", "x"
        ):
            continue
        content, cited = content_span(document, match.end(), sentence.end)
        if content.start < content.end and not document.covered(content.start, content.end):
            cue = Unit(match.start(1), match.end(1))
            document.add(
                Finding(content.start, content.end, "reported", cue, mention, 0.7, cited=cited)
            )
    for match in _PARTICIPLE.finditer(text, sentence.start, sentence.end):
        if document.quote_at(match.start()) is not None:
            continue
        # "…,” he said, adding that …": whoever spoke before; "X defended the sale, saying
        # …": the sentence's subject
        speaker = _ruling_body(document, sentence, match)
        if speaker is None and not lexicon.SPEECH_VERB.search(text, sentence.start, match.start()):
            speaker = sentence_subject(text, sentence)
            if speaker is None:
                continue
        if not match.group().rstrip().endswith("that") and not _starts_clause(
            text, match.end(), sentence.end, "", "x"
        ):
            continue
        content, cited = content_span(document, match.end(), sentence.end)
        quote = document.quote_at(content.start)
        if quote is not None and quote.close >= content.end - 1:
            continue  # ", saying “…”": a quotation, found as one
        if re.match(r"[^“”\"‘:]{0,80}:\s*[“\"‘]", text[content.start : content.end]):
            continue  # ", telling a rally in Derby: “…”": whom they told, then the quotation
        if content.start < content.end and not document.covered(content.start, content.end):
            cue = Unit(match.start(1), match.end(1))
            document.add(
                Finding(content.start, content.end, "reported", cue, speaker, 0.7, cited=cited)
            )
