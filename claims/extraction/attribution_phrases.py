"""Attribution phrases other than a speaker and a speech verb.

- "According to X, ..." and "..., according to X." (not "According to Article 4");
- passive: "This was stated by X at ..., BelTA reports" refers to the sentence before;
- labels: "X described the riots as ...", "X called the move “a betrayal”";
- findings: "... obtained by Ukrainian researchers, which shows that ...";
- a dash line under a paragraph: "- says the short communique".
"""

import re

from claims.extraction import lexicon
from claims.extraction.document import Document, Finding, around_aside, content_span
from claims.extraction.mentions import (
    Mention,
    end_of_subject,
    mention_after,
    mention_before,
    sentence_subject,
    with_apposition,
)
from claims.extraction.text import Unit, strip_span, word_count

_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
PASSIVE = re.compile(
    r"\b(?:This|That|It|These|Such\s+\w+)\s+(?:was|were|has\s+been|had\s+been)\s+(?:also\s+)?"
    r"(?:stated|said|announced|reported|noted|declared|emphasized|emphasised|stressed|told)"
    r"(?:\s+[\w,]+){0,6}?\s+by\s+"
)
_LABEL = re.compile(
    r"\b(?:described|describes|characterized|characterised|characterizes|characterises|"
    r"branded|brands|labelled|labeled|dubbed|termed|called|calls|mocked|hailed|derided|"
    r"dismissed|denounced|slammed|praised|ridiculed|condemned|condemns|"
    r"(describing|characteri[sz]ing|branding|labell?ing|dubbing|terming|calling|dismissing|"
    r"referring\s+to))\s+"
)
_TRAILING_OUTLET = re.compile(
    r",\s+((?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)\s+(?:reports|reported|writes|wrote)\s*[.!]?\s*$"
)
_DASH_LINE = re.compile(r"[-–—]\s*(says|said|reports|writes|wrote|reads)\s+", re.IGNORECASE)
_WHICH_SHOWS = re.compile(
    r",\s+which\s+(shows|showed|says|said|states|stated|suggests|suggested|indicates|indicated|"
    r"proves|proved|confirms|confirmed|reveals|revealed|finds|found)\s+that\s+"
)


def according_to(document: Document, sentence: Unit) -> None:
    text = document.text
    for match in _ACCORDING.finditer(text, sentence.start, sentence.end):
        if document.quote_at(match.start()) is not None:
            continue
        cue = strip_span(text, match.start(), match.end())
        comma = text.find(",", match.end(), sentence.end)
        mention_end = comma if comma != -1 else sentence.end
        mention = mention_after(text, match.end(), mention_end)
        if mention is None:
            continue
        lead = text[sentence.start : match.start()]
        pieces = None
        opener = re.fullmatch(r"\s*(?:(\w+)\s*,?\s*)?", lead)
        if (
            comma != -1
            and opener
            and (opener.group(1) is None or opener.group(1).casefold() in lexicon.SENTENCE_OPENERS)
            and mention.end <= comma
        ):
            content, cited = content_span(document, comma + 1, sentence.end)
        elif re.search(r",\s*$", lead) and (
            _ends_sentence(text, mention.end, sentence.end) or comma == -1
        ):  # "..., according to two officials familiar with the plans."
            content = strip_span(text, sentence.start, sentence.start + lead.rstrip().rfind(","))
            cited = _cited_outlet(text, mention.end, sentence.end)
        elif re.search(r",\s*$", lead) and comma != -1 and word_count(lead) >= 1:
            # "Results, according to X, were changed": the aside is in the middle
            content, cited = strip_span(text, sentence.start, sentence.end, chars="."), None
            pieces = around_aside(text, content, sentence.start + lead.rstrip().rfind(","), comma)
        else:
            continue
        if content.start < content.end and not document.covered(content.start, content.end):
            quote = document.quote_at(content.start)
            if quote is not None and quote.close >= content.end - 1:
                continue
            document.add(
                Finding(
                    content.start,
                    content.end,
                    "according",
                    cue,
                    mention,
                    0.8,
                    cited=cited,
                    fragments=pieces,
                )
            )


def _ends_sentence(text: str, position: int, end: int) -> bool:
    """Nothing but a full stop, or an outlet that carries it ("…, Interfax reports."), follows."""
    return bool(re.match(r"\s*[.!?]?\s*$", text[position:end])) or bool(
        _cited_outlet(text, position, end)
    )


def _cited_outlet(text: str, position: int, end: int) -> str | None:
    match = _TRAILING_OUTLET.match(text, position, end)
    return match.group(1) if match else None


def passive(document: Document, sentence: Unit) -> None:
    """ "This was stated by X at ...": the statement is the sentence before."""
    text = document.text
    match = PASSIVE.match(text, sentence.start, sentence.end)
    if not match:
        return
    index = document.sentence_index(sentence.start)
    if index == 0:
        return
    previous = document.sentences[index - 1]
    mention = mention_after(text, match.end(), sentence.end)
    if mention is None:
        return
    cue = Unit(text.find(" ", match.start()) + 1, match.end() - 1)
    content, _ = content_span(document, previous.start, previous.end)
    _, cited = content_span(document, mention.end, sentence.end)
    if not document.covered(content.start, content.end):
        document.add(Finding(content.start, content.end, "passive", cue, mention, 0.7, cited=cited))


def _has_label(document: Document, start: int, end: int) -> bool:
    """A label follows: "as ..." or words in quotation marks (called the move “a betrayal”)."""
    rest = document.text[start:end]
    mark = re.search(r"[“\"«‘]", rest)
    return " as " in rest or (
        mark is not None and document.quote_at(start + mark.start()) is not None
    )


def subject_before(text: str, sentence: Unit, verb_start: int) -> Mention | None:
    """Who the verb at ``verb_start`` has speak: its subject, past a relative clause
    ("Governor Dwight Sloane, who is also running, mocked …"; "…, claimed councillor Dev
    Patel, who called for …")."""
    subject_end = end_of_subject(text, sentence.start, verb_start)
    mention = with_apposition(
        text, mention_before(text, subject_end, sentence.start), sentence.start
    )
    if mention is not None:
        return mention
    relative = re.search(r",\s*who\b[^,]*,?\s*$", text[sentence.start : subject_end])
    if relative is None:
        return None
    comma = sentence.start + relative.start()
    return with_apposition(text, mention_before(text, comma, sentence.start), sentence.start)


def _participle_speaker(document: Document, sentence: Unit, before: int) -> Mention | None:
    """Who speaks in "…, describing the sale as “…”": the sentence's named subject, else whoever
    the sentence has say something first ("“…,” Boyd said, referring to Russo as “…”"), else a
    group or organisation that opens it ("Campaigners have launched a petition, describing")."""
    text = document.text
    mention = sentence_subject(text, sentence)
    if mention is not None:
        return mention
    for verb in lexicon.SPEECH_VERB.finditer(text, sentence.start, before):
        if document.quote_at(verb.start()) is None:
            mention = subject_before(text, sentence, verb.start())
            if mention is not None and mention.kind != "pronoun":
                return mention
            break
    mention = mention_after(text, sentence.start, before)
    return mention if mention is not None and mention.kind in ("group", "organisation") else None


def labels(document: Document, sentence: Unit) -> None:
    """ "X described the riots as ...": the content is the object and what it is called."""
    text = document.text
    for match in _LABEL.finditer(text, sentence.start, sentence.end):
        if document.quote_at(match.start()) is not None or not _has_label(
            document, match.end(), sentence.end
        ):
            continue
        if match.group(1):  # "..., describing them as “…”": the sentence's subject
            mention = _participle_speaker(document, sentence, match.start())
        else:
            mention = subject_before(text, sentence, match.start())
        if mention is None:
            continue
        cue = strip_span(text, match.start(), match.end())
        needs_as = bool(re.match(_NEEDS_AS, match.group()))
        if needs_as and not re.search(r"\bas\s", text[match.end() : sentence.end]):
            continue  # "dismissed the so-called “peace plan”": no label
        label = _quoted_label(document, match.end(), sentence.end, needs_as=needs_as)
        if label is not None:  # called the plan “a betrayal of voters”: those are their words
            if not document.covered(label.start, label.end):
                document.add(
                    Finding(label.start, label.end, "label", cue, mention, 0.6, direct=True)
                )
            continue
        if match.group(1):
            continue  # a participle without a quotation labels nothing we can quote
        content, cited = content_span(document, match.end(), sentence.end)
        if not document.covered(content.start, content.end):
            document.add(
                Finding(content.start, content.end, "label", cue, mention, 0.6, cited=cited)
            )


# Verbs that label only with "as" ("mocked Park as “…”", not "dismissed the so-called “…”").
_NEEDS_AS = (
    r"(?:mocked|hailed|derided|dismissed|denounced|slammed|praised|ridiculed|condemned|condemns)\b"
)


def _quoted_label(document: Document, start: int, end: int, needs_as: bool = False) -> Unit | None:
    """A quotation of two words or more within a few words after a labelling verb."""
    text = document.text
    mark = re.match(r"(?:[\w’'\-]+\s+){0,6}?(as\s+)?[“\"«‘']", text[start : min(end, start + 80)])
    if mark is None or (needs_as and not mark.group(1)):
        return None
    if re.search(r"so-called\s*$", text[start : start + mark.end() - 1]):
        return None
    quote = document.quote_at(start + mark.end() - 1)
    if quote is None or quote.open != start + mark.end() - 1:
        return None
    if not re.match(r"\s*(?:[.,;:!?)]|(?:and|but|while|after)\s|$)", text[quote.close + 1 : end]):
        return None  # a “hybrid attack” organised from abroad: the label goes on
    inner = strip_span(text, quote.inner_start, quote.inner_end, chars=",;:.")
    return inner if word_count(text[inner.start : inner.end]) >= 2 else None


def which_shows(document: Document, sentence: Unit) -> None:
    """ "a study published by Ukrainian researchers, which shows that …": who found it says it."""
    text = document.text
    for match in _WHICH_SHOWS.finditer(text, sentence.start, sentence.end):
        agents = list(re.finditer(r"\bby\s+", text[sentence.start : match.start()]))
        if not agents or document.quote_at(match.start()) is not None:
            continue
        mention = mention_after(text, sentence.start + agents[-1].end(), match.start())
        if mention is None or "," in text[mention.end : match.start()]:
            continue
        content, cited = content_span(document, match.end(), sentence.end)
        if content.start < content.end and not document.covered(content.start, content.end):
            cue = Unit(match.start(1), match.end(1))
            document.add(
                Finding(content.start, content.end, "reported", cue, mention, 0.6, cited=cited)
            )


def dash_lines(document: Document) -> None:
    """A paragraph followed by a line "- says the short communique"."""
    text = document.text
    for previous, paragraph in zip(document.paragraphs, document.paragraphs[1:], strict=False):
        match = _DASH_LINE.match(text, paragraph.start, paragraph.end)
        if not match:
            continue
        mention = mention_after(text, match.end(), paragraph.end)
        content = strip_span(text, previous.start, previous.end, chars=".")
        if mention and not document.covered(content.start, content.end):
            cue = Unit(match.start(1), match.end(1))
            document.add(
                Finding(content.start, content.end, "dash", cue, mention, 0.6, direct=True)
            )


_FRAMING = re.compile(
    r"\b(?:(accused|accuses|accuse|urged|urges|urge|called\s+on|calls\s+on|call\s+on|pressed|"
    r"challenged|appealed\s+to|"
    r"begged|implored|encouraged|asked|asks|criticised|criticized|blamed|"
    # "vowed to keep the libraries open": what the speaker promised to do
    r"vowed|vows|pledged|pledges|promised|promises|threatened|threatens)"
    r"|(called\s+for|calls\s+for|demanded|demands))\s+"
)
# What the framing verb's object is followed by before the content: accused X of ..., urged
# X to ..., asked whether ..., criticised X for ...
_FRAMING_LINK = {
    "accused": r"of",
    "accuses": r"of",
    "accuse": r"of",  # "MPs accuse minister of …", a headline's present tense
    "criticised": r"for|over",
    "criticized": r"for|over",
    "blamed": r"for",
    "asked": r"whether|if|to|why|how|what|when",
    "asks": r"whether|if|to|why|how|what|when",
}


# "vowed Monday to serve", "pledged last night to": a time between the verb and "to"
_TIME_BEFORE_TO = re.compile(
    r"(?:\s*(?:on\s+)?(?:" + lexicon.WEEKDAYS + r"|today|yesterday|last\s+night|again|also))?\s*"
)
_COMMITTING = {
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "promised",
    "promises",
    "threatened",
    "threatens",
}


def framing(document: Document, sentence: Unit) -> None:
    """ "X accused Y of ...", "X urged Y to ...", "X asked whether ...", "X called for ...".

    The content is what the speaker accused of, urged, asked or demanded, to its clause end.
    """
    text = document.text
    for match in _FRAMING.finditer(text, sentence.start, sentence.end):
        if document.quote_at(match.start()) is not None:
            continue
        verb = re.sub(r"\s+", " ", (match.group(1) or match.group(2)).casefold())
        if match.group(2):  # "called for an inquiry": the demand follows at once
            that = re.compile(r"\bthat\s+").search(
                text, match.end(), min(sentence.end, match.end() + 40)
            )
            clean = that and not re.search(r"[,;:.“”\"]", text[match.end() : that.start()])
            start = that.end() if clean else match.end()  # "demanded on Thursday that ..."
        else:
            link = _FRAMING_LINK.get(verb, r"to")
            found = re.compile(rf"\b(?:{link})\s+").search(
                text, match.end(), min(sentence.end, match.end() + 80)
            )
            if verb in _COMMITTING and (
                found is None or not _TIME_BEFORE_TO.fullmatch(text, match.end(), found.start())
            ):
                continue  # "vowed that ..." is reported speech; "promised voters a vote" is not

            if found is None or re.search(r"[,;:.“”\"]", text[match.end() : found.start()]):
                continue
            if text[match.end() : found.start()].strip() == "not":
                continue  # "who asked not to be named": the source's anonymity, not a request
            start = (
                found.end()
                if found.group().strip() in ("of", "to", "for", "over", "whether", "if")
                else found.start()
            )
        subject_end = end_of_subject(text, sentence.start, match.start())
        if re.search(r"\band$", text[max(sentence.start, subject_end - 4) : subject_end]):
            mention = sentence_subject(text, sentence)  # "X accused A of ... and called on B"
        else:
            mention = subject_before(text, sentence, match.start())
        if mention is None:
            continue
        content, cited = content_span(document, start, sentence.end)
        if word_count(text[content.start : content.end]) < 2 or document.covered(
            content.start, content.end
        ):
            continue
        cue = Unit(match.start(), match.end() - 1)
        document.add(Finding(content.start, content.end, "label", cue, mention, 0.6, cited=cited))


_PUBLISHED_BY = re.compile(
    r",?\s+(?:published|released|issued|compiled|produced|conducted|carried\s+out|signed|written)"
    r"\s+(?:[\w’']+\s+){0,3}?by\s+"
)


def leads_with_document(text: str, sentence: Unit) -> bool:
    """The sentence opens with a document ("A memo from ..., seen by this agency, said"): its
    subject is the document even when a name comes nearer the verb."""
    first = DOCUMENT_SUBJECT.search(text, sentence.start, min(sentence.end, sentence.start + 60))
    return first is not None and word_count(text[sentence.start : first.end()]) <= 5


def document_subject(text: str, sentence: Unit, verb_start: int) -> "Mention | None":
    """ "A poll by Hartwell Research released on Monday found ...": a document as the subject.

    The mention runs from the sentence start to the document noun; the issuer named after
    "by", "from" or "of" (or before "'s") is who speaks for it.
    """
    lead = text[sentence.start : verb_start]
    nouns = list(DOCUMENT_SUBJECT.finditer(lead))
    if not nouns or "," in lead[: nouns[0].start()] or word_count(lead) > 16:
        return None
    noun = nouns[0]
    # "by X", "from X", ", published today by X,": who issued it ("seen by this agency" is not)
    issuer = re.match(r"\s+(?:by|from|of|for)\s+", lead[noun.end() :]) or _PUBLISHED_BY.match(
        lead, noun.end()
    )
    if issuer is not None and issuer.re is _PUBLISHED_BY:
        start = sentence.start + issuer.end()
        found = mention_after(text, start, verb_start)
        if found is not None and found.kind in ("person", "organisation", "outlet", "group"):
            return found
    elif issuer:
        start = sentence.start + noun.end() + issuer.end()
        found = mention_after(text, start, verb_start)
        if found is not None and found.kind in ("person", "organisation", "outlet"):
            return found
    # "A Hartwell Research poll": the issuer's name before the noun
    named = re.fullmatch(r"\s*(?i:the|an?)\s+((?:[A-Z][\w.\-&]*\s+)+)", lead[: noun.start()])
    if named:
        name = named.group(1).rstrip()
        start = sentence.start + named.start(1)
        found = mention_after(text, start, start + len(name))
        if found is not None and found.kind == "outlet":
            return found
        return Mention(start, start + len(name), name, "organisation", name=name)
    owner = re.match(r"\s*(?:the\s+|an?\s+)?([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)[’']s\s", lead)
    if owner:
        start = sentence.start + owner.start(1)
        found = mention_after(text, start, start + len(owner.group(1)))
        if found is not None:
            return found
    # "the union’s survey": the organisation the text called "the union" before
    owner = re.match(r"\s*(?i:the)\s+([a-z]+)[’']s\s", lead)
    if owner and owner.group(1) in lexicon.ORGANISATION_NOUNS:
        start = sentence.start + owner.start(1)
        return Mention(start, start + len(owner.group(1)), owner.group(1), "organisation")
    start = strip_span(text, sentence.start, sentence.start + noun.end()).start
    adverb = re.match(r"(?:But|And|Yet|Still|However|So|Now),?\s+", text[start : start + 12])
    if adverb:  # "But the same survey found": the adverb is not the document's name
        start += adverb.end()
    return Mention(
        start,
        sentence.start + noun.end(),
        text[start : sentence.start + noun.end()],
        "organisation",
        name="",
    )


DOCUMENT_SUBJECT = re.compile(
    r"\b(?:poll|polls|survey|surveys|study|studies|report|reports|review|memo|memos|memorandum|"
    r"analysis|audit|e-?mails?|letter|letters|documents?|papers|receipts|filings?|figures|data|"
    r"statistics|assessment|research|census|submission|minutes|records|ruling|opinion|"
    r"statement|release|investigation|inquiry|findings|estimates|model|modelling|modeling)\b",
    re.IGNORECASE,
)


def names_a_document(mention: "Mention | None") -> bool:
    return mention is not None and bool(DOCUMENT_SUBJECT.search(mention.text))
