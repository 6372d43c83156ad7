"""extract(): text in, attributed statements out. The rules live in direct.py and reported.py;
this module prepares the document, runs them, and resolves each statement's speaker."""

import itertools
import re
from collections.abc import Iterable

from claims.extraction import lexicon
from claims.extraction.attribution_phrases import DOCUMENT_SUBJECT
from claims.extraction.authorial import authorial_statements, byline_author, is_opinion
from claims.extraction.direct import find_direct_quotes, find_unattributed_quotes
from claims.extraction.document import PRIORITY, Document, Finding
from claims.extraction.entities import Entity, Registry, role_synonyms
from claims.extraction.languages import ENGLISH, extract_other_language
from claims.extraction.mentions import Mention, mention_after, organisation_name
from claims.extraction.reported import find_reported_speech
from claims.extraction.statement import ExtractedStatement
from claims.extraction.text import Unit, strip_span

_CAPITALIZED_RUN = re.compile(  # starts at a word's start: a long word is read once
    r"(?<![\w’'‑\-])(?:[A-Z][\w’'‑\-]*(?:\.\w+)*[ \u00a0]+(?:(?:of|the|to|for)[ \u00a0]+)*){1,6}[A-Z][\w’'‑\-]*\]?"
)
# "the press service of the Kremlin": an organisation named by what it belongs to.
_ORGANISATION_OF = re.compile(
    r"\b(?:[a-z]+\s+)?([a-z]+)\s+of\s+(?:the\s+)?[A-Z][\w’'‑\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'‑\-]*)*"
)
_HEADLINE = re.compile(r"([A-Z][\w’'‑\-.]*(?:\s+[A-Z][\w’'‑\-.]+){0,3}):\s+(\S.*\S)")


def extract(
    text: str,
    *,
    title: str = "",
    byline: str = "",
    body_spans: list[tuple[int, int]] | None = None,
    known_speakers: dict[str, str] | None = None,
    known_outlets: Iterable[str] = (),
    language: str = "en",
    deadline: float | None = None,
    headline_spans: list[tuple[int, int]] | None = None,
    opinion: bool | None = None,
) -> list[ExtractedStatement]:
    """Every attributed statement in ``text``, in text order.

    ``body_spans`` limits extraction to the article body (reader comments and boilerplate
    say nothing the article asserts); by default the whole text is body. ``title`` and
    ``byline`` help name people; ``known_speakers`` maps aliases the caller already knows
    ("Lukashenka") to canonical names ("Alexander Lukashenko"); ``known_outlets`` names
    (or domains) of outlets, so that "Interfax reported" is read as an outlet.
    ``language`` (ISO 639-1) picks the rules: English here, Russian in ``russian.py``;
    another language raises ``UnsupportedLanguage``.

    ``deadline`` is a ``time.monotonic()`` value: extraction checks it as it goes (per
    paragraph, sentence and quotation) and raises ``ExtractionTimeout`` once it has passed.

    ``headline_spans`` are parts outside the body that may list other articles' headlines
    (the boilerplate after the article): a headline line there that ends with its own
    attribution ("Kazakh Protests Show …, Ex-Diplomat Says") is a statement; nothing else
    there is read.

    ``opinion`` says the text is opinion writing (a column, editorial, op-ed or blog post):
    then the writer's own claims are statements too (kind ``authorial``, speaker the
    byline's author; ``authorial.py``). ``None`` lets the text tell; ``False`` never reads them.
    """
    if language not in ENGLISH:
        return extract_other_language(
            language,
            text,
            title=title,
            byline=byline,
            body_spans=body_spans,
            known_speakers=known_speakers,
            known_outlets=known_outlets,
            deadline=deadline,
        )
    spans = body_spans if body_spans is not None else [(0, len(text))]
    body = [Unit(max(0, s), min(len(text), e)) for s, e in spans if s < e]
    registry = Registry(known_speakers, known_outlets)
    document = Document.prepare(text, body, registry, deadline)
    _register_titled_people(document, extra=(title, byline))
    find_direct_quotes(document)
    find_reported_speech(document)
    _speaker_lines(document)
    find_unattributed_quotes(document)
    registry.record_surname_mentions(text, [(q.open, q.close) for q in document.top_quotes])
    statements = _resolve(document)
    if opinion or (opinion is None and is_opinion(document, title)):
        # the writer's "I believe that …" is the writer's own claim, read as one below
        writer = [s for s in statements if _writer_speaks(s)]
        statements = [s for s in statements if not _writer_speaks(s)]
        claims = authorial_statements(document, statements, title=title, byline=byline)
        for said in writer:  # "I told the mayor that …": the writer's words, as reported
            if not any(c.start < said.end and said.start < c.end for c in claims):
                said.kind = "authorial"
                _as_writer(said, claims[0] if claims else None, document.text, byline)
                claims.append(said)
        statements = sorted(statements + claims, key=lambda s: (s.start, s.end))
    if headline_spans:
        statements += _linked_headlines(text, headline_spans, statements, deadline)
        statements.sort(key=lambda s: (s.start, s.end))
    return statements


def _as_writer(
    statement: ExtractedStatement, claim: ExtractedStatement | None, text: str, byline: str
) -> None:
    """The writer's speaker fields: one of the writer's claims', else the byline's author."""
    if claim is not None and claim.speaker:
        statement.speaker, statement.speaker_kind = claim.speaker, claim.speaker_kind
        return
    author, _, _ = byline_author(text, byline)
    if author:
        statement.speaker, statement.speaker_kind = author, "person"


def _writer_speaks(statement: ExtractedStatement) -> bool:
    return statement.kind != "direct" and statement.speaker_mention.casefold() in ("i", "we")


MAX_LINKED_HEADLINES = 30
# A headline that ends with its attribution: "…, Ex-Diplomat Says", "…, minister warns".
_ATTRIBUTED_HEADLINE = re.compile(
    r"(?m)^[ \t]*(?P<content>[^\n]{12,300}?),[ \t\u00a0]+(?P<who>[^,\n]{2,60}?)[ \t\u00a0]+"
    r"(?P<verb>[A-Za-z]+s)[ \t]*$"
)


def _headline_statement(text: str, line: re.Match) -> list[ExtractedStatement]:
    """ "…, nurses’ union warns": whoever the headline's last words describe."""
    who = line.group("who")
    if len(who.split()) > 4 or not re.fullmatch(r"[\w’'\- ]+", who):
        return []
    start, end = line.start("content"), line.end("content")
    kind = "mixed" if re.search(r"[“”\"‘]", text[start:end]) else "indirect"
    statement = ExtractedStatement(start, end, text[start:end], kind, confidence=0.5)
    statement.cue, statement.cue_start, statement.cue_end = (
        line.group("verb"),
        line.start("verb"),
        line.end("verb"),
    )
    statement.speaker_mention = who
    statement.mention_start, statement.mention_end = line.start("who"), line.end("who")
    head = who.split()[-1].casefold()
    statement.speaker = "unnamed " + who.casefold()
    statement.speaker_kind = (
        "organisation"
        if head in lexicon.ORGANISATION_NOUNS
        else ("group" if head.endswith("s") else "person")
    )
    return [statement]


def _linked_headlines(
    text: str,
    spans: list[tuple[int, int]],
    found: list[ExtractedStatement],
    deadline: float | None,
) -> list[ExtractedStatement]:
    """Statements of attributed headlines in a list of links to other articles."""
    said = [_word_set(s.text) for s in found]
    statements = []
    lines = (
        line
        for start, end in spans
        for line in _ATTRIBUTED_HEADLINE.finditer(text, max(0, start), min(len(text), end))
    )
    # a bound: a related-links list has a few headlines, not thousands
    for line in itertools.islice(lines, MAX_LINKED_HEADLINES):
        if not lexicon.SPEECH_VERB.fullmatch(line.group("verb")):
            continue
        if len(line.group().split()) > 24 or re.search(r"[.!?]$", line.group("content")):
            continue  # a sentence, not a headline
        found_here = [
            s
            for s in extract(text, body_spans=[(line.start(), line.end())], deadline=deadline)
            if s.cue_start is not None and s.cue_start > s.end
        ] or _headline_statement(text, line)
        for statement in found_here:
            words = _word_set(statement.text)
            restated = any(2 * len(words & other) >= len(words) for other in said)
            if not restated:
                statement.confidence = round(statement.confidence * 0.8, 2)
                statements.append(statement)
    return statements


def _register_titled_people(document: Document, extra: tuple[str, ...]) -> None:
    """People named with a title anywhere in the body ("Kazakh President Kassym-Jomart Tokayev")."""
    text, registry = document.text, document.registry
    for source, spans in [(text, document.body), *((e, [Unit(0, len(e))]) for e in extra if e)]:
        for span in spans:
            for match in _CAPITALIZED_RUN.finditer(source, span.start, span.end):
                document.check_deadline()
                mention = mention_after(source, match.start(), match.end())
                # named inside a quotation: known, but not whom a later "he" refers to
                quoted = source is text and document.quote_at(match.start()) is not None
                at = match.start() if source is text and not quoted else None
                if (
                    mention
                    and mention.kind == "person"
                    and (mention.roles or _has_given_name(mention.name))
                ):
                    registry.person(mention.name, mention.roles, at=at)
                elif mention and mention.kind == "organisation" and _has_capital(mention.text):
                    registry.other("organisation", mention.name, at=at)
            for match in _ORGANISATION_OF.finditer(source, span.start, span.end):
                if match.group(1).casefold() in lexicon.ORGANISATION_NOUNS:
                    at = match.start() if source is text else None
                    registry.other("organisation", organisation_name(match.group()), at=at)


def _has_given_name(name: str) -> bool:
    """ "Tony Kerrigan": a common given name before a surname names a person."""
    words = name.split()
    first = words[0].casefold() if len(words) >= 2 else ""
    return first in lexicon.FEMALE_NAMES or first in lexicon.MALE_NAMES


def _speaker_lines(document: Document) -> None:
    """Lines that open with a name and a colon.

    A headline "Lukashenko: Analysis ... shows ..." (no full stop, a person the document
    names) is reported speech; in a transcript (three turns or more, "PUTIN: We will ...")
    each turn is a direct quote of whoever is named.
    """
    text = document.text
    lines = []
    for paragraph in document.paragraphs:
        match = _HEADLINE.fullmatch(text, paragraph.start, paragraph.end)
        if match and (len(match.group(1)) > 1 or match.group(1) == "Q"):  # "Q:" asks
            lines.append((paragraph, match))
    turns = {id(m) for _, m in lines if re.search(r"[.!?…\"”]$", m.group(2))}
    turn_names = [m.group(1).casefold() for _, m in lines if id(m) in turns]
    transcript = len(turns) >= 3 and len(set(turn_names)) < len(turn_names)  # someone speaks twice
    for _paragraph, match in lines:
        name = match.group(1)
        is_turn = id(match) in turns
        if name == "Q" and not (is_turn and transcript):
            continue
        if is_turn and not transcript:
            continue
        if not is_turn and document.registry.find_person(name) is None:
            continue
        mention = mention_after(text, match.start(1), match.end(1)) or Mention(
            match.start(1), match.end(1), name, "person", name=name
        )
        content = strip_span(text, match.start(2), match.end(2))
        quote = document.quote_at(content.start)
        if quote is not None and quote.open == content.start and quote.close == content.end - 1:
            is_turn = True  # "Okafor: ‘We will win’": the quotation marks say whose words
            content = strip_span(text, quote.inner_start, quote.inner_end)
        if not document.covered(content.start, content.end):
            colon = Unit(match.end(1), match.end(1) + 1)
            rule, confidence = ("direct", 0.7) if is_turn else ("headline", 0.45)
            document.add(
                Finding(
                    content.start, content.end, rule, colon, mention, confidence, direct=is_turn
                )
            )


def _resolve(document: Document) -> list[ExtractedStatement]:
    findings = sorted(document.findings, key=lambda f: (f.start, PRIORITY[f.rule]))
    statements: list[ExtractedStatement] = []
    spans: set[tuple[int, int]] = set()
    for finding in findings:
        if (finding.start, finding.end) in spans:
            continue
        spans.add((finding.start, finding.end))
        previous = statements[-1] if statements else None
        statement = _statement(document, finding, previous)
        if statement is not None:
            statements.append(statement)
    statements = _without_restated_headlines(document, _join_interrupted(document, statements))
    _headline_speakers(document, statements)
    return statements


def _headline_speakers(document: Document, statements: list[ExtractedStatement]) -> None:
    """A headline names its speaker by a description or not at all ("…, minister admits",
    "‘THEY SOLD OUR PARK’", "Press secretary: ‘…’"); the words were read as if the story
    had come before. The speaker is whoever the headline names outside its quotation
    ("‘…’: Senator Jane Doe on the budget"), else the first speaker the story below names
    who holds the headline's role, else the first it names at all (up to the next headline).
    """
    registry = document.registry
    for index, statement in enumerate(statements):
        paragraph = document.paragraph_at(statement.start)
        if paragraph is None or not _is_headline(document, statement.start):
            continue
        mention = statement.speaker_mention.casefold()
        speaker = statement.speaker or ""
        surname = speaker.split()[-1].casefold() if speaker else ""
        if speaker and not speaker.startswith("unnamed") and surname in mention:
            continue  # the headline names its speaker
        named = [  # outside the headline's quotation
            entity
            for at, entity in registry.mentioned_within(paragraph.start, paragraph.end)
            if entity.kind == "person" and not statement.start <= at < statement.end
        ]
        roles = role_synonyms(statement.speaker_mention) if mention else set()
        head = mention.split()[-1] if mention else ""
        below = []
        for later in statements[index + 1 : index + 9]:
            if later.start < paragraph.end:
                continue
            if _is_headline(document, later.start):
                break
            named_below = later.speaker and not later.speaker.startswith("unnamed")
            if named_below and (not roles or later.speaker_kind == "person"):
                below.append(later)
        entity_of = {e.canonical: e for e in registry.entities}
        choice = None
        if named and not mention:
            choice = (named[0].canonical, named[0].kind)
        for later in below if choice is None else ():
            entity = entity_of.get(later.speaker)
            if roles and entity is not None and entity.roles & roles:
                choice = (later.speaker, later.speaker_kind)
                break
            if head and head in later.speaker_mention.casefold().split():
                choice = (later.speaker, later.speaker_kind)
                break
        if choice is None and below and (not speaker or speaker.startswith("unnamed") or roles):
            choice = (below[0].speaker, below[0].speaker_kind)
        if choice is not None:
            statement.speaker, statement.speaker_kind = choice


def _join_interrupted(
    document: Document, statements: list[ExtractedStatement]
) -> list[ExtractedStatement]:
    """One utterance interrupted by its attribution is one statement in fragments.

    “The first part,” she said. “And the second.” — the second quote continues the first
    when the cue between them is the first one's and it has no cue of its own; the statement
    spans both (``text`` still reads the document there) and ``fragments`` lists the pieces.
    """
    text = document.text
    joined: list[ExtractedStatement] = []
    for statement in statements:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.kind == statement.kind == "direct"
            and last.cue_start is not None
            and last.end < last.cue_start < statement.start
            and statement.cue_start in (None, last.cue_start)
            and statement.start - last.end <= 200
            and "\n" not in text[last.end : statement.start]
            and not any(mark in text[last.cue_start : statement.start - 1] for mark in '“”"«»')
        ):
            last.fragments = [*(last.fragments or [(last.start, last.end)])]
            last.fragments.append((statement.start, statement.end))
            last.end, last.text = statement.end, text[last.start : statement.end]
            continue
        joined.append(statement)
    return joined


def _without_restated_headlines(
    document: Document, statements: list[ExtractedStatement]
) -> list[ExtractedStatement]:
    """Drop a headline's statement when the article body says it too, in the same voice.

    "Lukashenko: Analysis ... shows presence of external factor" above the quote itself is
    the editor restating the quote, not a second statement.
    """
    in_headline = {
        id(s)
        for s in statements
        if not _quoted_words_in_headline(s)
        and _is_headline(document, s.start)
        and document.paragraph_at(s.start) == document.paragraph_at(s.cue_start or s.start)
    }
    by_speaker: dict[str | None, list[set[str]]] = {}
    for statement in statements:
        if id(statement) not in in_headline:
            by_speaker.setdefault(statement.speaker, []).append(_word_set(statement.text))
    kept = []
    for statement in statements:
        words = _word_set(statement.text) if id(statement) in in_headline else set()
        # the first few hundred statements of the same speaker: a bound, so a hostile text of
        # thousands of "Name: ..." lines stays linear
        restated = words and any(
            2 * len(words & other) >= len(words)
            for other in by_speaker.get(statement.speaker, [])[:300]
        )
        if not restated:
            kept.append(statement)
    return kept


def _quoted_words_in_headline(statement: ExtractedStatement) -> bool:
    """ "Gravell: ‘I did nothing wrong’" gives the speaker's own words, a headline to keep even
    when the body repeats them; "X describes events as ‘a crisis’" is the editor's label."""
    return (
        statement.kind == "direct" and (statement.cue or "").casefold() not in lexicon.LABEL_VERBS
    )


def _is_headline(document: Document, position: int) -> bool:
    paragraph = document.paragraph_at(position)
    if paragraph is None:
        return False
    if paragraph.end - paragraph.start > 400:  # more than 20 words
        return False
    line = document.text[paragraph.start : paragraph.end]
    return not re.search(r"[.!?…”\"»]$", line) and len(line.split()) <= 20


def _word_set(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _statement(
    document: Document, finding: Finding, previous: ExtractedStatement | None
) -> ExtractedStatement | None:
    text = document.text
    content = text[finding.start : finding.end]
    kind = (
        "direct" if finding.direct else ("mixed" if _has_quote(document, finding) else "indirect")
    )
    statement = ExtractedStatement(
        finding.start, finding.end, content, kind, confidence=finding.confidence
    )
    statement.fragments = finding.fragments
    if finding.cue is not None:
        statement.cue = text[finding.cue.start : finding.cue.end]
        statement.cue_start, statement.cue_end = finding.cue.start, finding.cue.end
    if finding.mention is None:
        if previous is None:
            return None
        for name in (
            "cue",
            "cue_start",
            "cue_end",
            "speaker_mention",
            "mention_name",
            "mention_start",
            "mention_end",
            "speaker",
            "speaker_kind",
            "cited",
            "said_on",
        ):
            if not getattr(statement, name):
                setattr(statement, name, getattr(previous, name))
        return statement
    mention = finding.mention
    if mention.kind != "nearby":
        statement.speaker_mention = mention.text
        statement.mention_name = mention.name if _has_capital(mention.name) else ""
        statement.mention_start, statement.mention_end = mention.start, mention.end
    entity, unnamed = _speaker(document, mention, previous)
    if entity is not None:
        statement.speaker, statement.speaker_kind = entity.canonical, entity.kind
        document.registry.seen(entity, mention.start)
    elif unnamed:
        statement.speaker, statement.speaker_kind = (
            unnamed,
            mention.kind if mention.kind in ("organisation", "outlet", "group") else "person",
        )
        statement.confidence *= 0.8
    else:
        statement.confidence *= 0.6
    statement.cited = finding.cited or (
        statement.speaker if statement.speaker_kind == "outlet" else None
    )
    statement.said_on = _said_on(document, finding)
    statement.confidence = round(statement.confidence, 2)
    return statement


def _speaker(
    document: Document, mention: Mention, previous: ExtractedStatement | None
) -> tuple[Entity | None, str]:
    """The entity a mention names, or failing that a descriptive name ("unnamed ex-diplomat")."""
    registry = document.registry
    lower = mention.text.casefold()
    if mention.kind == "nearby":  # a quotation with no cue: who spoke, or was named, just before
        if previous is not None and previous.speaker and _near(document, previous, mention.start):
            return _previous_entity(registry, previous), previous.speaker or ""
        return registry.latest_person(mention.start), ""
    if mention.kind == "pronoun":
        if lower in lexicon.PRONOUNS_PLURAL or lower in {"it", "we", "i"}:
            return _previous_entity(registry, previous), ""
        gender = lexicon.PRONOUNS_PERSON.get(lower, "")
        return registry.latest_person(mention.start, gender=gender), ""
    if mention.kind == "person" and registry.is_outlet(mention.name):
        return registry.other("outlet", mention.name, at=mention.start), ""
    if mention.kind == "person":
        return registry.person(mention.name, mention.roles, at=mention.start), ""
    if mention.kind in ("outlet", "organisation") and mention.name and _has_capital(mention.text):
        return registry.other(mention.kind, mention.name, at=mention.start), ""
    description = _without_determiner(mention.text)
    definite = re.match(r"(?:the|this|that)\s", description_full(mention.text), re.IGNORECASE)
    if mention.kind == "organisation":
        head = description.casefold().split()[-1]
        if head in lexicon.DOCUMENT_NOUNS or (
            definite and DOCUMENT_SUBJECT.fullmatch(head)
        ):  # "the communique said", "the same survey found": whoever issued it
            return registry.latest_organisation(mention.start), description
        found = registry.find_organisation(head, mention.start)
        if found is None and definite and head in lexicon.ORGANISATION_NOUNS:
            found = registry.latest_organisation_like(mention.start)  # "the firm said"
        return found, description
    if mention.kind == "group":
        return registry.other("group", description, at=mention.start), ""
    roles = role_synonyms(mention.text)
    if roles:
        found = registry.latest_person(mention.start, roles) or registry.any_person_with_role(roles)
        if found is None and re.match(r"(?:the|this)\s", mention.text, re.IGNORECASE):
            found = registry.latest_person(mention.start)  # "the diplomat said": the one just named
        return found, "unnamed " + description.casefold()
    if re.match(r"(?:the|this)\s", mention.text, re.IGNORECASE):
        return registry.latest_organisation(mention.start), ""  # "the chipmaker warned"
    return None, ""


def description_full(text: str) -> str:
    return text.strip('[]“”"«» ')


def _near(document: Document, previous: ExtractedStatement, position: int) -> bool:
    """The previous statement ends in the same paragraph or the one before."""
    return document.paragraph_index(position) - document.paragraph_index(previous.end) <= 1


def _previous_entity(registry: Registry, previous: ExtractedStatement | None) -> Entity | None:
    if previous is None or previous.speaker is None:
        return None
    for entity in registry.entities:
        if entity.canonical == previous.speaker:
            return entity
    return None


def _has_quote(document: Document, finding: Finding) -> bool:
    return any(finding.start <= q.open < finding.end for q in document.top_quotes)


def _has_capital(text: str) -> bool:
    return any(word[0].isupper() for word in _without_determiner(text).split())


def _without_determiner(text: str) -> str:
    return re.sub(
        r"^(?:the|a|an|this|that|its|his|her|their|one|another)\s+",
        "",
        text.strip('[]“”"«» '),
        flags=re.IGNORECASE,
    )


def _said_on(document: Document, finding: Finding) -> str | None:
    """A date in the attribution's sentence, outside the statement itself ("On January 5, X said")."""
    anchor = finding.cue.start if finding.cue else finding.start
    sentence = document.sentence_at(anchor)
    text = document.text
    for start, end in (
        (sentence.start, min(sentence.end, finding.start)),
        (max(sentence.start, finding.end), sentence.end),
    ):
        match = lexicon.DATE_PATTERN.search(text, start, end) if start < end else None
        if match:
            return match.group()
    return None
