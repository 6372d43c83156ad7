"""The author's own claims in opinion writing: columns, editorials, op-eds, blog posts.

Everything else in ``claims/extraction`` finds what a text attributes to someone; an opinion
piece also asserts things in its writer's own voice, and those are statements too (kind
``authorial``, the speaker the byline's author). Only sentences that *mark* themselves as
the writer's position are taken, so that description, narrative and other people's words
stay out:

- a stance frame: ``I believe / we do not doubt / I suspect (that) X``, ``it is clear / it
  is hard to escape the conclusion / there is no doubt that X``, ``the truth is (that) X``,
  ``Let me be blunt: X``, and evidence with no named source (``Numerous publications
  testify that X``) → X;
- perception in the present, first person (``We witness X``) → the sentence;
- a rhetorical question that presupposes its clause (``Is it any wonder that X?``, ``Should
  we be surprised that X?``) → X; any other question is not a claim;
- a prescription (``The council should reject it``, ``Ministers must stop …``, ``They
  deserve …``) or a verdict (``He is wrong``, ``Labels are cheap``, ``The opposition is no
  better``) → the sentence.

A sentence that holds another statement, a quotation, a speech verb or the byline is left
alone. Whether a text is opinion at all: the caller says so (``Source.kind``), or the text
does — a label line (``OPINION``, ``EDITORIAL``, ``COLUMN | …``, ``By X | Columnist``), a
title ``Opinion: …``, a "views expressed here are her own" note, a blog's ``Posted by``,
or the writer's voice (two questions or more and two first-person words or more outside
quotation marks, in a text that is not a transcript).
"""

import re
from bisect import bisect_right

from claims.extraction.document import Document
from claims.extraction.statement import ExtractedStatement
from claims.extraction.text import Unit

_LABEL_WORDS = (
    r"opinion|comment|commentary|editorial|op-?ed|column|columnist|viewpoint|our\s+view|"
    r"perspective|guest\s+(?:essay|column)|analysis\s+and\s+opinion"
)
_LABEL = re.compile(rf"(?i)^\s*(?:{_LABEL_WORDS})\s*$")
_TITLE_LABEL = re.compile(rf"(?i)^\s*(?:{_LABEL_WORDS})\s*[:|]")
_DISCLAIMER = re.compile(
    r"(?i)\bviews\s+expressed\b[^.\n]{0,60}\b(?:are|is)\s+(?:(?:her|his|their|the\s+author[’']s)"
    r"\s+own|those\s+of\s+the\s+(?:author|writer))"
)
_NAME = r"(?:(?:Dr|Prof|Sir|Dame|Rev)\.?\s+)?(?P<name>(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'\-]+|[A-Z]\.|de|van|von|al|bin)){1,3})"
_BYLINE = re.compile(
    rf"^\s*(?:(?i:{_LABEL_WORDS})\s*[|:—–-]\s*)?(?:(?i:by|posted\s+by|written\s+by)\s+(?:(?i:the)\s+)?)?"
    rf"{_NAME}\s*(?:(?:[|,—–-]|\s(?i:on)\s)\s*[^\n]{{0,60}})?$"
)
_EDITORIAL = re.compile(
    r"(?i)(?:editorial|leader|our\s+view|(?:the\s+)?editorial\s+board|"
    r"the\s+[\w’'\- ]{2,40}\s+view\s+on\b.*)"
)
_BLOG = re.compile(r"(?im)^\s*posted\s+by\s")
_TURN = re.compile(r"^[A-Z][A-Za-z.\s]{0,30}:\s")  # "ELLISON: …", "Q: …"
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|I’m|I'm|we’ve|We’ve)\b")


def _lenient(word: str) -> str:
    """The word, or the word with one letter left out or two letters swapped ("suprised",
    "beleive"): web text misspells, and a frame word read one way only misses its claim."""
    variants = {word}
    if len(word) >= 7:
        variants |= {word[:i] + word[i + 1 :] for i in range(1, len(word))}
        variants |= {
            word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)
        }
    return "(?:" + "|".join(sorted(map(re.escape, variants), key=len, reverse=True)) + ")"


def _words(*words: str) -> str:
    return "|".join(_lenient(word) for word in words)


_LEAD = (
    r"(?:(?:But|And|So|Yet|Still|Now|Frankly|Indeed|Perhaps|Maybe|Honestly|Sadly|However|"
    r"Of\s+course),?\s+)?"
)
_FRAMES = re.compile(
    _LEAD
    + r"(?:"
    + r"(?:I|We)\s+(?:(?:firmly|still|strongly|truly|really|genuinely|do|would|also|all|"
    r"have\s+long|have\s+always|can\s+only|now)\s+)*(?:"
    + _words("believe", "believed", "suspect", "contend", "contended", "maintain", "maintained")
    + r"|argued|warned|insisted|thought"
    + r"|think|argue|submit|insist|fear|know|am\s+convinced|are\s+convinced|am\s+sure|are\s+sure|am\s+certain|"
    r"are\s+certain|do\s+not\s+doubt|don[’']t\s+doubt|have\s+no\s+doubt)\s+(?:that\s+)?"
    + r"|(?:[Ii]t\s+is|[Ii]t[’']s)\s+(?:(?:now|also|equally|increasingly|abundantly|perfectly|"
    r"painfully|all\s+too|simply|surely)\s+)*(?:clear|plain|"
    + _words("obvious", "evident", "undeniable")
    + r"|"
    r"beyond\s+(?:doubt|dispute)|no\s+(?:secret|accident|"
    + _words("coincidence", "exaggeration")
    + r")|"
    r"safe\s+to\s+say|fair\s+to\s+say|(?:hard\s+to\s+escape|difficult\s+to\s+avoid)\s+the\s+"
    + _words("conclusion")
    + r"|impossible\s+to\s+deny)\s+(?:to\s+say\s+)?that\s+"
    + r"|[Ii]t\s+cannot\s+be\s+(?:"
    + _words("overstated")
    + r"|denied|stressed\s+enough|said\s+often\s+enough)\s+that\s+"
    + r"|There\s+(?:is|can\s+be)\s+(?:little|no)\s+(?:doubt|question)\s+that\s+"
    + r"|The\s+(?:truth|fact|reality|simple\s+truth|plain\s+truth|lesson)\s+is\s+(?:that\s+)?"
    + r"|(?:Let\s+me\s+be\s+(?:blunt|clear|honest|frank)|Make\s+no\s+mistake|"
    r"(?:I|We)\s+would\s+go\s+further|Put\s+simply|Simply\s+put|To\s+be\s+clear|"
    r"To\s+put\s+it\s+(?:plainly|bluntly|simply))\s*[:,]\s+" + r")"
)
# "Numerous publications that discuss … testify with increasing clarity that": evidence the
# writer cites without naming whose it is
_EVIDENCE = re.compile(
    _LEAD
    + r"(?:Numerous|Many|Countless|Several|Recent|All\s+the|A\s+growing\s+number\s+of|Growing)"
    r"\s+[^.;:“”\"]{0,100}?\s+(?:"
    + _words("testify", "demonstrate")
    + r"|show|prove|confirm|suggest|make\s+it\s+clear)"
    r"\s+(?:[a-z]+\s+){0,3}?that\s+"
)
_PERCEPTION = re.compile(
    _LEAD + r"(?:I|We)\s+(?:(?:now|all|daily|again)\s+)?(?:" + _words("witness") + r"|see|observe|"
    r"(?:am|are)\s+(?:now\s+)?(?:witnessing|seeing|watching))\s+(?!that\b|if\b|whether\b)"
)
_STANCE_ASIDE = re.compile(
    r"^[^“”\"]{3,80}?,\s+(?:I|we)\s+(?:"
    + _words("suspect", "believe")
    + r"|think|fear|would\s+argue|would\s+suggest),\s+"
)
_RHETORICAL = re.compile(
    r"(?:(?:Should|Can|Could|Would)\s+(?:we|anyone|anybody|you)\s+(?:then\s+|really\s+|honestly\s+)?"
    r"(?:be\s+)?(?:" + _words("surprised", "astonished") + r"|shocked)"
    r"|Is\s+it\s+(?:really\s+)?(?:any|a|any\s+real)\s+(?:wonder|surprise|coincidence|accident)"
    r"|Who\s+(?:can|could|would)\s+(?:seriously\s+|honestly\s+)?(?:doubt|deny|dispute)"
    r"|(?:Isn[’']t\s+it|Is\s+it\s+not)\s+(?:clear|obvious))\s+that\s+"
)
# a prescription: the modal sits in the sentence's first clause, before any "if"/"whether"
_PRESCRIPTION = re.compile(
    r"[^,;:“”\"?]{0,90}?\b(?:should|must|ought\s+to|needs\s+to|need\s+to|deserves?|owes?)\b"
)
_EVALUATIVE = {
    "wrong",
    "right",
    "mistake",
    "mistaken",
    "terrible",
    "disgrace",
    "disgraceful",
    "absurd",
    "reckless",
    "dangerous",
    "cynical",
    "shameful",
    "misguided",
    "foolish",
    "sensible",
    "unfair",
    "unjust",
    "nonsense",
    "failure",
    "scandal",
    "scandalous",
    "better",
    "worse",
    "broken",
    "cheap",
    "fair",
    "outrageous",
    "indefensible",
    "irresponsible",
    "naive",
    "hypocritical",
    "hypocrisy",
    "folly",
    "farce",
    "travesty",
    "shambles",
    "justified",
    "unjustified",
    "welcome",
    "overdue",
    "long-overdue",
    "laughable",
    "pointless",
    "futile",
    "fantasy",
    "fiction",
    "myth",
    "cowardice",
    "sham",
    "lie",
    "joke",
    "insult",
    "betrayal",
}
_COPULA = re.compile(
    r"^(?:[A-Z][\w’'\-]*(?:\s+[\w’'\-]+){0,6}?)\s+(?:is|are|was|were|has\s+been|have\s+been)"
    r"\s+(?P<rest>[^,;]{1,80})"
)
_CLAUSE = re.compile(r"(?:;|,\s(?:and|but))\s+")
_STORY = re.compile(
    r"[A-Z][^,;“”\"]{0,60}?\s+tells?\s+(?:a|another|quite\s+a)\s+(?:[\w\-]+\s+){0,2}story\b"
)
# Verbs that report someone's words: such a sentence is an attribution, not the writer's claim
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|claimed|claims|insisted|insists|warned|warns|argued|"
    r"argues|announced|announces|declared|according\s+to|stated|states|wrote|writes|"
    r"added|adds|replied|asked|asks)\b"
)
_MODAL_WORDS = re.compile(r"should|must|ought|need|deserve|owe")
_CONDITIONAL = re.compile(r"\b(?:if|whether|unless|when|whenever)\b", re.IGNORECASE)


def is_opinion(document: Document, title: str = "") -> bool:
    """The text reads as opinion writing (see the module docstring)."""
    text = document.text
    if title and (_TITLE_LABEL.match(title) or _LABEL.match(title)):
        return True
    if _DISCLAIMER.search(text) or _BLOG.search(text):
        return True
    questions = first_person = turns = 0
    for paragraph in document.paragraphs:
        if paragraph.end - paragraph.start > 120 and not _TURN.match(text, paragraph.start):
            continue  # a label or a transcript turn opens a short line or a turn
        line = text[paragraph.start : paragraph.end]
        if len(line.split()) <= 8 and any(
            _LABEL.match(part) or _TITLE_LABEL.match(part) for part in re.split(r"\s*\|\s*", line)
        ):
            return True
        turns += bool(_TURN.match(line))
        if turns >= 3:
            return False  # a transcript's questions and "I" are its speakers'
    if sum(text.count("?", p.start, p.end) for p in document.body) < 2:
        return False
    for sentence in document.sentences:
        if text.count("?", sentence.start, sentence.end) == 0 and not _FIRST_PERSON.search(
            text, sentence.start, sentence.end
        ):
            continue
        words = _outside_quotes(document, sentence)
        if not _is_headline_line(document, sentence.start):
            questions += words.rstrip().endswith("?")
            first_person += len(_FIRST_PERSON.findall(words))
    return questions >= 2 and first_person >= 2


def byline_author(text: str, byline: str = "") -> tuple[str, int | None, int | None]:
    """The writer's name, and where the text names it (None when only ``byline`` does)."""
    if byline:
        match = _BYLINE.match(byline.strip())
        if match:
            return _tidy(match.group("name")), None, None
    for line in re.finditer(r"[^\n]+", text):
        if len(line.group().split()) > 12:
            continue
        match = _BYLINE.match(line.group())
        if match and (
            re.match(r"\s*(?i:by|posted\s+by|written\s+by)\s", line.group())
            or re.match(rf"(?i)\s*(?:{_LABEL_WORDS})\s*[|:—–-]", line.group())
            or re.search(r"\|\s*(?i:columnist|editor|contributor)", line.group())
        ):
            return (
                _tidy(match.group("name")),
                line.start() + match.start("name"),
                line.start() + match.end("name"),
            )
    return "", None, None


def authorial_statements(
    document: Document,
    found: list[ExtractedStatement],
    *,
    title: str = "",
    byline: str = "",
) -> list[ExtractedStatement]:
    """The writer's own claims (empty when the text is not opinion writing)."""
    text = document.text
    author, mention_start, mention_end = byline_author(text, byline)
    if not author and (
        _EDITORIAL.fullmatch(title.strip())
        or any(_EDITORIAL.fullmatch(text[p.start : p.end].strip()) for p in document.paragraphs[:6])
    ):
        author = "editorial board"  # an unsigned editorial: the paper's voice
    # sentences that hold another statement or its cue: indexed once, not compared each time
    taken: set[int] = set()
    for s in found:
        for start, end in ((s.start, s.end), (s.cue_start, s.cue_end)):
            if start is not None and end is not None and end > start:
                first, last = document.sentence_index(start), document.sentence_index(end - 1)
                taken.update(range(first, last + 1))
    headlines: dict[int, bool] = {}
    statements = []
    for index, sentence in enumerate(document.sentences):
        document.check_deadline()
        if index in taken:
            continue
        paragraph = document.paragraph_at(sentence.start)
        key = paragraph.start if paragraph is not None else -1
        if key not in headlines:
            headlines[key] = _is_headline_line(document, sentence.start)
        if headlines[key]:
            continue
        if mention_start is not None and sentence.start <= mention_start < sentence.end:
            continue
        span = _claim(document, sentence)
        if span is None:
            continue
        statement = ExtractedStatement(
            span.start, span.end, text[span.start : span.end], "authorial", confidence=0.5
        )
        if author:
            statement.speaker, statement.speaker_kind = author, _speaker_kind(author)
            statement.speaker_mention = statement.mention_name = author
            statement.mention_start, statement.mention_end = mention_start, mention_end
        statements.append(statement)
    return statements


def _claim(document: Document, sentence: Unit) -> Unit | None:
    text = document.text
    start, end = sentence.start, sentence.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    if document.quote_at(start) is not None:
        return None  # a sentence that starts inside a quotation is someone's words
    words = text[start:end]
    question = words.endswith("?")
    rhetorical = _RHETORICAL.match(words)
    if question:
        if rhetorical is None:
            return None  # a question asserts nothing
        return _trimmed(text, start + rhetorical.end(), end)
    clauses = [0, *(m.end() for m in _CLAUSE.finditer(words))]
    for clause in clauses:  # "…; I suspect few of its buyers finished it"
        frame = _FRAMES.match(words, clause) or _EVIDENCE.match(words, clause)
        if frame is not None:
            if re.search(r"[“”\"«»]|(?<!\w)‘", words[clause : frame.end()]):
                return None
            return _trimmed(text, start + frame.end(), end)
    aside = _STANCE_ASIDE.search(words)
    if aside is not None:  # "The answer, I suspect, is that X"
        after = re.search(r"\bis\s+that\s+", words[aside.end() :])
        if after is not None:
            return _trimmed(text, start + aside.end() + after.end(), end)
        return _sentence(text, start, end)
    if _PERCEPTION.match(words):
        return _sentence(text, start, end)
    if _STORY.match(_without_lead(words)):  # "The numbers tell a different story"
        return _sentence(text, start, end)
    if _REPORTING.search(_outside_quotes(document, Unit(start, end))):
        return None  # someone else's words, or a report of them
    lower = words.casefold()
    for clause in clauses if _MODAL_WORDS.search(lower) else ():  # "…, and they deserve …"
        prescription = _PRESCRIPTION.match(words, clause)
        if (
            prescription
            and not _CONDITIONAL.search(words, clause, prescription.end())
            and not re.match(r"(?:I|You)\s", words[clause:])
        ):
            return _sentence(text, start, end)
    if _EVALUATIVE.isdisjoint(re.findall(r"[\w\-]+", lower)):
        return None
    copula = _COPULA.match(_without_lead(words))
    if (
        copula is not None
        and not _CONDITIONAL.search(words)
        and not re.match(r"(?:I|We|You)\s", _without_lead(words))  # "I hope they are right"
    ):
        rest = re.findall(r"[\w\-]+", copula.group("rest").casefold())[:4]
        if any(word in _EVALUATIVE for word in rest):
            return _sentence(text, start, end)
    return None


def _sentence(text: str, start: int, end: int) -> Unit:
    lead = re.match(_LEAD, text[start:end])
    return _trimmed(text, start + (lead.end() if lead else 0), end)


def _trimmed(text: str, start: int, end: int) -> Unit | None:
    while end > start and text[end - 1] in ".!?…; \n":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Unit(start, end) if len(text[start:end].split()) >= 2 else None


def _without_lead(words: str) -> str:
    lead = re.match(_LEAD, words)
    return words[lead.end() :] if lead else words


def _outside_quotes(document: Document, unit: Unit) -> str:
    text = document.text
    out, position = [], unit.start
    quotes = document.top_quotes
    first = max(0, bisect_right(document._top_opens, unit.start) - 1)
    for quote in quotes[first:]:
        if quote.open >= unit.end:
            break
        if quote.close < unit.start:
            continue
        out.append(text[position : max(position, quote.open)])
        position = max(position, quote.close + 1)
    out.append(text[position : unit.end])
    return " ".join(out)


def _is_headline_line(document: Document, position: int) -> bool:
    paragraph = document.paragraph_at(position)
    if paragraph is None:
        return True
    line = document.text[paragraph.start : paragraph.end].rstrip()
    return len(line.split()) <= 20 and not re.search(r"[.!?…”\"»’]$", line)


def _tidy(name: str) -> str:
    return name.title() if name.isupper() else name


def _speaker_kind(name: str) -> str:
    last = name.split()[-1].casefold() if name else ""
    return "group" if last in {"board", "team", "staff", "editors", "desk"} else "person"
