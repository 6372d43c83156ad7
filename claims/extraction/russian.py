"""Attribution rules for Russian news: «ёлочки», dash attribution, "по словам", "заявил, что".

Beside the English rules, sharing their document machinery (``Document``: paragraphs,
sentences, quotations paired with a stack, nested „лапки“ included) and their per-document
``Registry`` of who is who. What is Russian is here: speech verbs recognised by lemma
(``russian_words``, pymorphy3), and the rules that find a cue and the content it attributes;
the noun phrases read around a cue and the names put in the nominative are in
``russian_phrases`` (``PhraseReader``, which the rules' reader extends).

    extract_russian(text) -> [ExtractedStatement]

Rules, each per sentence and never with a cue inside quotation marks:
- a quotation followed by a dash and a cue: «…», — сказал Токаев. / «…» — заявил он.
- a cue and a colon before a quotation: Токаев заявил: «…»
- a lead-in: По словам X, … / По мнению X, … / Как заявил X, … / Как сообщает X, …
- a cue after the content: …, заявил X. / …, — считает X. / …, по словам X.
- subject, verb, что-clause or colon: X заявил (журналистам), что … / X подчеркнул: …
- subject, verb, object, for verbs whose object is what was said: X подчеркнул важность …
- "Об этом заявил X.": the sentence before is what X said.
- "…, добавив, что …": a second statement by the same speaker.
- a quotation that is a whole sentence right after a statement: the same speaker goes on.
- a transcript's turns: "В.Путин: …" and the paragraphs after it, up to the next turn.
A quotation that is none of these — a name («Газпром», газета «Коммерсантъ»), a so-called
(«так называемый „…“»), a scare quote — is not a statement.
"""

import re
from dataclasses import dataclass

from claims.extraction import russian_words as words
from claims.extraction.document import Document
from claims.extraction.entities import Registry
from claims.extraction.russian_phrases import PREPOSITIONS, WORD, PhraseReader, Speaker
from claims.extraction.statement import ExtractedStatement
from claims.extraction.text import Unit, strip_span

# Nouns after which a capitalised word is their complement, not a subject
# ("в интервью РБК", "в заявлении МИД").
_SETTING_NOUNS = words.word_set(
    """
    интервью беседе беседа эфире эфир ходе заявлении заявление сообщении сообщение
    комментарии комментарий статье статья выступлении выступление обращении обращение
    брифинге брифинг пресс-конференции конференции встрече встреча заседании совещании
    телеграм-канале канале публикации пресс-релизе письме документе телеканалу агентству
    изданию газете журналу радио телеканале
    """
)
_DOCUMENT_NOUNS = words.word_set(
    """
    заявлении сообщении пресс-релизе документе письме публикации обращении комментарии
    докладе отчете отчёте релизе материале телеграмме послании сообщениях заявлениях
    """
)
_LEAD_IN = re.compile(
    r"(?:(?:Также|Однако|При этом|Вместе с тем|Кроме того|В свою очередь|Между тем)\s*,?\s*)?"
    r"(?P<cue>[Пп]о\s+(?:(?P<pronoun>его|ее|её|их)\s+)?(?:словам|мнению|данным|оценке|информации)"
    r"|[Кк]ак\s+(?P<verb>[^\W\d_]+))\b"
)
_TRAILING_CUE = re.compile(
    r"(?P<sep>,\s*[—–-]\s*|\s+[—–-]\s+|,\s+)(?:как\s+)?"
    r"(?P<cue>по\s+(?:словам|мнению|данным|оценке|информации)|[^\W\d_]+(?:ся)?)\b"
)
# "сообщил журналистам в кулуарах форума, что …": a short setting before the что-clause.
_THAT_AFTER_SETTING = re.compile(r"[^,;:«»\"]{1,80}?(?:,\s*что\b|:)")
# "ответил на вопрос журналистов о сроках: …": the setting is the question asked.
_SETTING_PREPOSITION = re.compile(r"\s(?:во?|на|после|перед|по|с|со)\s")
_THAT = re.compile(r"\s*(?:,\s*(?:что|будто|чтобы)\b|:|\s+о\s+том\s*,\s*что\b)")
_ABOUT_THIS = re.compile(r"(?:[Оо]б\s+этом|[Тт]акое\s+заявление|[Тт]ак\s+(?:считает|полагает))\b")
# "…, добавив, что …" / "… и подчеркнул, что …": a second statement of the same speaker.
_ADDING = re.compile(r"(?:,\s*|,?\s+и\s+(?:также\s+)?)(?P<cue>[^\W\d_]+)\s*(?:,\s*что\b|:)")
_CITED_TAIL = re.compile(
    r",\s*(?:сообщает|передает|передаёт|пишет|информирует|цитирует)\s+(?P<outlet>[^,.]+?)\s*[.!]?\s*$"
)
# A transcript's turn: "В.Путин: …", "А. Лукашенко: …", "Песков: …" opening a paragraph.
_TURN = re.compile(
    r"(?P<label>(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ][а-яё]+(?:\s[А-ЯЁ][а-яё]+)?)"
    r":\s+"
)
_CUT = re.compile(r";\s|,\s+(?:а\s+также|но|однако)\s")
_SENTENCE_PUNCTUATION = ".,;:!?… "
# "ведомство" refers back to a ministry, whatever it was called.
_ORGANISATION_SYNONYMS = {
    "ведомство": ("ведомство", "министерство", "мид", "служба", "комитет"),
    "министерство": ("министерство", "мид"),
    "мид": ("мид", "министерство"),
    "генпрокуратура": ("генпрокуратура", "прокуратура"),
}


@dataclass
class Found:
    start: int
    end: int
    cue: Unit | None
    speaker: Speaker | None  # None: whoever spoke last
    confidence: float
    direct: bool = False
    cited: str | None = None


def extract_russian(
    text: str,
    *,
    title: str = "",
    byline: str = "",
    body_spans: list[tuple[int, int]] | None = None,
    known_speakers: dict[str, str] | None = None,
    known_outlets=(),
    deadline: float | None = None,
) -> list[ExtractedStatement]:
    """Every attributed statement in a Russian ``text``; arguments as ``extract``'s."""
    spans = body_spans if body_spans is not None else [(0, len(text))]
    body = [Unit(max(0, s), min(len(text), e)) for s, e in spans if s < e]
    outlets = words.OUTLET_NAMES | {o.casefold() for o in known_outlets}
    document = Document.prepare(text, body, Registry(known_speakers, ()), deadline)
    reader = _Reader(document, outlets)
    return reader.run()


class _Reader(PhraseReader):
    def __init__(self, document: Document, outlets: frozenset[str] | set[str]):
        super().__init__(document, outlets)
        self.found: list[Found] = []

    def run(self) -> list[ExtractedStatement]:
        self.document.sentences = [s for s in self.document.sentences if not self._is_headline(s)]
        self._register_named_people()
        self._transcript_turns()
        for sentence in self.document.sentences:
            self._quotes_with_dash(sentence)
            self._quotes_after_colon(sentence)
        for sentence in self.document.sentences:
            if self._inside_quote(sentence):
                continue  # the second sentence of a quotation asserts nothing of its own
            self._lead_in(sentence) or self._trailing_cue(sentence) or self._subject_verb(
                sentence
            ) or self._about_this(sentence)
        for sentence in self.document.sentences:
            self._adding(sentence)
            self._continued_quote(sentence)
        return self._resolve()

    # --- rules -----------------------------------------------------------------------

    def _transcript_turns(self) -> None:
        """A transcript: "В.Путин: Мы не позволим…" and the paragraphs after it, up to the next
        turn or a stage direction "(…)", are the speaker's, a statement a sentence. A turn of
        the reporter ("Вопрос:", "Журналист:") says nothing and ends the speaker's turn."""
        turns = {
            paragraph.start: turn
            for paragraph in self.document.paragraphs
            if (turn := _TURN.match(self.text, paragraph.start, paragraph.end))
            and not self._is_headline(paragraph)  # "Песков: ситуация стабильна" is a title
        }
        if len(turns) < 2:
            return  # one "Name: …" line is a lead-in, not a transcript
        speaker = None
        for paragraph in self.document.paragraphs:
            turn = turns.get(paragraph.start)
            if turn:
                speaker = self._turn_speaker(turn)
                start = turn.end()
            elif self.text.startswith("(", paragraph.start) or speaker is None:
                speaker = None
                continue
            else:
                start = paragraph.start
            if speaker is None:
                continue
            for sentence in self.document.sentences:
                if start <= sentence.end and sentence.start < paragraph.end:
                    content = self._content(max(start, sentence.start), sentence.end)
                    cue = Unit(turn.start("label"), turn.end()) if turn else None
                    self._add(Found(content.start, content.end, cue, speaker, 0.85, True))

    def _turn_speaker(self, turn: re.Match) -> Speaker | None:
        """ "В.Путин" → Путин (the registry knows him in full if the text named him); a
        label that is not a name ("Вопрос", "Корреспондент", "Москва") → None."""
        label = turn["label"]
        surname = re.sub(r"^(?:[А-ЯЁ]\.\s?)+", "", label)
        initials = surname != label
        name_words = surname.split()
        if not initials and not all(
            self._is_name_part(w, "nomn") and words.is_name_word(w) for w in name_words
        ):
            return None
        return Speaker(turn.start(), turn.end("label"), label, "person", surname, label)

    def _quotes_with_dash(self, sentence: Unit) -> None:
        """«…», — сказал Токаев. / «…» — заявил он, передает ТАСС."""
        for quote in self._quotes_in(sentence):
            end = self.document.sentence_at(quote.close).end  # a quote of several sentences
            after = re.match(r"\s*[,!?…]?\s*[—–]\s*", self.text[quote.close + 1 : end])
            if not after:
                continue
            start = quote.close + 1 + after.end()
            attribution = self._attribution(start, end)
            if attribution:
                cue, speaker, cited = attribution
                inner = strip_span(self.text, quote.inner_start, quote.inner_end)
                self._add(Found(inner.start, inner.end, cue, speaker, 0.9, True, cited))

    def _quotes_after_colon(self, sentence: Unit) -> None:
        """Токаев заявил: «…» / Он подчеркнул журналистам: «…»"""
        for quote in self._quotes_in(sentence):
            before = self.text[sentence.start : quote.open]
            if not re.search(r":\s*$", before):
                continue
            colon = sentence.start + before.rstrip().rfind(":")
            verb = self._last_speech_verb(sentence.start, colon)
            if verb is None:
                continue
            quoted = self._whose_words(verb, colon)
            speaker = quoted[0] if quoted else None
            speaker = speaker or self._subject_before(sentence.start, verb.start)
            speaker = speaker or self._after_verb(verb.end, colon)
            if speaker:
                inner = strip_span(self.text, quote.inner_start, quote.inner_end)
                cited = quoted[1] if quoted else None
                self._add(Found(inner.start, inner.end, verb, speaker, 0.9, True, cited))

    def _lead_in(self, sentence: Unit) -> bool:
        """По словам X, … / Как заявил X, … / Как сообщает ТАСС со ссылкой на источник, …"""
        match = _LEAD_IN.match(self.text, sentence.start, sentence.end)
        if not match:
            return False
        if match.group("verb") and not words.speech_lemma(match.group("verb")):
            return False
        comma = self._comma_outside_quotes(match.end(), sentence.end)
        if comma is None:
            return False
        cue = Unit(match.start("cue"), match.end("cue"))
        case = "nomn" if match.group("verb") else "gent"
        if match.group("pronoun"):  # "По его словам, …"
            pronoun = match.group("pronoun")
            speaker, cited = (
                Speaker(match.start("pronoun"), match.end("pronoun"), pronoun, "pronoun"),
                None,
            )
        else:
            speaker, cited = self._speaker_and_source(match.end(), comma, case)
            if match.group("verb") and "ссылкой" not in self.text[match.end() : comma]:
                speaker = self._after_verb(match.end(), comma) or speaker
        if speaker is None:
            return False
        content = self._content(comma + 1, sentence.end)
        self._add_content(content, cue, speaker, 0.8, cited)
        return True

    def _trailing_cue(self, sentence: Unit) -> bool:
        """…, заявил Токаев. / …, — считает эксперт. / …, по словам Пескова. / …, сообщает ТАСС."""
        for match in _TRAILING_CUE.finditer(self.text, sentence.start, sentence.end):
            if match.start() - sentence.start < 8 or self.document.quote_at(match.start()):
                continue
            cue_word = match.group("cue")
            prepositional = re.match(r"по\s", cue_word) is not None
            if not prepositional and not words.speech_lemma(cue_word):
                continue
            cue = Unit(match.start("cue"), match.end("cue"))
            if prepositional:
                rest = self.text[self._clause_end(cue.end, sentence.end) : sentence.end]
                if re.search(r"\bчто\b|:", rest) or self._speech_verbs(cue.end, sentence.end):
                    continue  # "Представитель, по данным Reuters, заявил, что …": an aside
                speaker, cited = self._speaker_and_source(cue.end, sentence.end, "gent")
            else:
                attribution = self._attribution(cue.start, sentence.end)
                speaker, cited = (attribution[1], attribution[2]) if attribution else (None, None)
            if speaker is None:
                continue
            content = self._content(sentence.start, match.start())
            self._add_content(content, cue, speaker, 0.75, cited)
            return True
        return False

    def _subject_verb(self, sentence: Unit) -> bool:
        """X заявил, что … / X подчеркнул: … / X подчеркнул важность диалога."""
        for verb in self._speech_verbs(sentence.start, sentence.end):
            lemma = words.speech_lemma(self.text[verb.start : verb.end])
            speaker = self._subject_before(sentence.start, verb.start)
            plural = words.is_plural_verb(self.text[verb.start : verb.end])
            if speaker is None and plural:
                speaker = self._organisation_before(sentence.start, verb.start)
            if speaker is None and plural and verb.start == sentence.start:
                speaker = self._organisation_in(verb.end, sentence.end)  # "Заявили в МВД, что"
            if speaker is None or lemma in words.IMPERSONAL_LEMMAS:
                continue
            rest = self._skip_addressee(verb.end, sentence.end)
            that = _THAT.match(self.text, rest, sentence.end) or self._that_after_setting(
                verb.end, sentence.end
            )
            if that:
                start = that.end()
            elif lemma in words.OBJECT_LEMMAS or re.match(r"\s+об?\s", self.text[rest:]):
                start = rest
            else:
                continue
            content = self._content(start, sentence.end)
            if re.match(r"(?i)об?\s+(?:этом|нем|нём|ней|них)\b", self.text[content.start :]):
                continue  # "писал об этом еще в 2019 году": what was said is elsewhere
            if content.end - content.start > 3:
                confidence = 0.8 if that else 0.7
                self._add_content(content, verb, speaker, confidence, self._cited_at_end(sentence))
                return True
        return False

    def _about_this(self, sentence: Unit) -> bool:
        """ "Об этом заявил X." — the sentence before is what X said."""
        match = _ABOUT_THIS.match(self.text, sentence.start, sentence.end)
        index = self.document.sentence_index(sentence.start)
        if not match or index == 0:
            return False
        verb = next(iter(self._speech_verbs(match.start(), sentence.end)), None)
        attribution = verb and self._attribution(verb.start, sentence.end)
        if not attribution:
            return False
        previous = self.document.sentences[index - 1]
        if self.document.paragraph_at(previous.start) != self.document.paragraph_at(
            sentence.start
        ) and not self._is_paragraph_start(sentence.start):
            return False
        cue, speaker, cited = attribution
        self._add_content(self._content(previous.start, previous.end), cue, speaker, 0.7, cited)
        return True

    def _adding(self, sentence: Unit) -> None:
        """«…», — сказал он, добавив, что …: the second statement is the same speaker's."""
        for match in _ADDING.finditer(self.text, sentence.start, sentence.end):
            if self.document.quote_at(match.start()) or not words.speech_lemma(match["cue"]):
                continue
            earlier = [
                f for f in self.found if f.cue and sentence.start <= f.cue.start < match.start()
            ]
            if earlier:
                content = self._content(match.end(), sentence.end)
                cue = Unit(match.start("cue"), match.end("cue"))
                self._add_content(content, cue, earlier[-1].speaker, 0.75, earlier[-1].cited)

    def _continued_quote(self, sentence: Unit) -> None:
        """A sentence that is one quotation, right after a statement: the speaker goes on."""
        quote = self.document.quote_at(sentence.start)
        if quote is None or quote.open != sentence.start:
            return
        tail = self.text[quote.close + 1 : sentence.end]
        if (
            tail.strip(_SENTENCE_PUNCTUATION)
            or len(WORD.findall(self.text, quote.open, quote.close)) < 3
        ):
            return
        before = [f for f in self.found if f.end <= quote.open]
        if not before or any(f.start <= quote.open < f.end for f in self.found):
            return
        last = max(before, key=lambda f: f.end)
        paragraph = self.document.paragraph_at(quote.open)
        gap = self.text[last.end : quote.open]
        if last.direct and gap.count("\n") <= 2 and paragraph is not None:
            inner = strip_span(self.text, quote.inner_start, quote.inner_end)
            self._add(Found(inner.start, inner.end, None, None, 0.65, True))

    # --- speakers --------------------------------------------------------------------

    def _attribution(self, start: int, end: int) -> tuple[Unit, Speaker, str | None] | None:
        """A cue clause "сказал Токаев", "Песков подчеркнул", "говорится в заявлении МИД"."""
        tokens = self._tokens(start, end)[:8]
        for index, token in enumerate(tokens):
            word = self.text[token.start : token.end]
            if not words.speech_lemma(word):
                continue
            cue = token
            quoted = self._whose_words(cue, end)
            if quoted:
                return cue, quoted[0], quoted[1]
            if re.search(r"\bсо\s+ссылкой\s+на\s", self.text[cue.end : end]):
                speaker, cited = self._speaker_and_source(cue.end, end, "nomn")
                return (cue, speaker, cited) if speaker else None
            speaker = self._after_verb(cue.end, end) or (
                self._subject_before(start, cue.start) if index else None
            )
            if speaker is None and index == 0 and words.is_plural_verb(word):
                speaker = self._organisation_in(cue.end, end)  # "— отметили в МИД"
            if speaker is None:
                return None
            return cue, speaker, self._cited_at_end(Unit(start, end))
        return None

    def _whose_words(self, verb: Unit, end: int) -> tuple[Speaker, str | None] | None:
        """ "цитирует ТАСС слова министра", "РИА Новости цитирует слова Станислава Зася": the
        one whose words are quoted speaks (in the genitive); the outlet quoting is cited."""
        if words.speech_lemma(self._word(verb)) not in ("цитировать", "процитировать"):
            return None
        match = re.search(r"\bслова\s+", self.text[verb.end : end])
        if match is None:
            return None
        start = verb.end + match.end()
        speaker = self._noun_phrase(self._tokens(start, self._clause_end(start, end)), "gent")
        if speaker is None:
            return None
        outlet = self.text[verb.end : verb.end + match.start()].strip()
        before = self.document.sentence_at(verb.start)
        subject = self._subject_before(before.start, verb.start) if not outlet else None
        return speaker, outlet or (subject.name or subject.text if subject else None)

    def _after_verb(self, start: int, end: int) -> Speaker | None:
        """The noun phrase after a verb: "сказал (журналистам) (в понедельник) Токаев"."""
        limit = self._clause_end(start, end)
        tokens = self._tokens(start, limit)
        index = 0
        while index < len(tokens):
            word = self._word(tokens[index])
            lower = word.lower()
            if lower in PREPOSITIONS:
                if lower in ("в", "во") and index + 1 < len(tokens):
                    following = self._word(tokens[index + 1]).lower()
                    if following in _DOCUMENT_NOUNS or words.organisation_head(following):
                        return self._organisation_in(tokens[index].start, limit)
                index += 2
                while index < len(tokens) and self._is_outlet_token(tokens[index]):
                    index += 1
                continue
            followed = index + 1 < len(tokens) and self._can_head(self._word(tokens[index + 1]))
            if self._is_outlet_token(tokens[index]) and followed:
                index += 1  # "сообщил РБК источник": the outlet is who was told
                continue
            if words.is_dative(word) and not words.role_head(word):
                index += 1  # "пояснили «Известиям»": who was told
                continue
            if self._can_head(word) or words.is_animate_nominative(word):
                return self._noun_phrase(tokens[index:], "nomn")
            index += 1
        return None

    def _subject_before(self, start: int, verb_start: int) -> Speaker | None:
        """The subject of a verb, read backwards: "Президент Казахстана Касым-Жомарт Токаев
        (также) (в понедельник) заявил"; not the object of a preposition ("в интервью РБК")."""
        aside = re.search(r",\s*([^\W\d_]+)[^,]*,\s*$", self.text[start:verb_start])
        if aside and (
            words.is_gerund(aside[1])
            or words.is_participle(aside[1])
            or aside[1].lower().startswith("котор")
            or re.match(r"(?i)по\s+(?:словам|данным|информации|сведениям)\b", aside[0][1:].strip())
        ):
            # "Путин, выступая на сессии, заявил", "Сотрудник, пожелавший остаться
            # неназванным, уверен", "Представитель, по данным Reuters, заявил"
            verb_start = start + aside.start()
        clause_start = self._clause_start(start, verb_start)
        tokens = self._tokens(clause_start, verb_start)
        index = len(tokens) - 1
        while index >= 0:
            word = self._word(tokens[index])
            first = index
            while first > 0 and self._extends_phrase(self._word(tokens[first - 1])):
                first -= 1
            run = [self._word(t) for t in tokens[first : index + 1]]
            if words.speech_lemma(word) or not any(self._can_head(w) for w in run):
                lower = word.lower()
                if lower in words.FILLERS or self._is_time_word(word):
                    index -= 1
                    continue
                if lower in PREPOSITIONS or lower in _SETTING_NOUNS:
                    index -= 1
                    continue
                preposition = next(
                    (
                        i
                        for i in range(index - 1, max(-1, index - 4), -1)
                        if self._word(tokens[i]).lower() in PREPOSITIONS
                    ),
                    None,
                )
                if preposition is None:
                    return None
                index = preposition - 1  # "на переговорах с коллегой": a setting, skipped
                continue
            before = self._word(tokens[first - 1]).lower() if first > 0 else ""
            if before in PREPOSITIONS and words.is_place(run[0]) and len(run) > 2:
                # "Посол Казахстана в Белоруссии Ергали Булегенов": the place ends the title
                named = self._noun_phrase(tokens[first + 1 : index + 1], "nomn")
                if named is not None and named.kind == "person":
                    return named
            if before in PREPOSITIONS or before in _SETTING_NOUNS:
                index = first - 1  # the object of "в интервью …": keep looking
                continue
            return self._noun_phrase(tokens[first : index + 1], "nomn")
        return None

    def _speaker_and_source(self, start: int, end: int, case: str):
        """After "по словам" or "как сообщает": the speaker, and the outlet it cites it to
        ("как сообщает ТАСС со ссылкой на источник в МВД": the source speaks, ТАСС is cited)."""
        reference = re.search(r"\bсо\s+ссылкой\s+на\s+", self.text[start:end])
        if reference:
            cited = self._noun_phrase(self._tokens(start, start + reference.start()), case)
            speaker = self._noun_phrase(self._tokens(start + reference.end(), end), "accs")
            if speaker and speaker.kind == "description":
                speaker.kind = "person"
            return speaker, cited.name if cited else None
        speaker = self._noun_phrase(self._tokens(start, self._clause_end(start, end)), case)
        cited = speaker.name if speaker and speaker.kind == "outlet" else None
        return speaker, cited

    def _that_after_setting(self, start: int, end: int):
        match = _THAT_AFTER_SETTING.match(self.text, start, end)
        if match and _SETTING_PREPOSITION.search(self.text, start, match.end()):
            return match
        return None

    def _organisation_before(self, start: int, verb_start: int) -> Speaker | None:
        """ "В МИД России отметили, что …": the organisation in which it was said."""
        match = re.search(r"\b[Вв]о?\s+([^,;:—–]+?)\s*$", self.text[start:verb_start])
        if match is None or self._is_time_word(match.group(1).split()[0]):
            return None
        return self._organisation_in(start + match.start(), verb_start)

    def _organisation_in(self, start: int, end: int) -> Speaker | None:
        """ "в заявлении МИД России", "в пресс-службе Акорды", "в Кремле": the organisation."""
        tokens = self._tokens(start, self._clause_end(start, end))
        if tokens and self._word(tokens[0]).lower() in ("в", "во"):
            tokens = tokens[1:]
        if tokens and self._word(tokens[0]).lower() in _DOCUMENT_NOUNS:
            return self._noun_phrase(tokens[1:], "gent")
        return self._noun_phrase(tokens, "loct")

    # --- helpers ---------------------------------------------------------------------

    def _skip_addressee(self, start: int, end: int) -> int:
        """After the verb: "журналистам", "в интервью РБК", "в понедельник" are skipped."""
        position = start
        for token in self._tokens(start, end)[:6]:
            gap = self.text[position : token.start]
            if gap.strip():
                break
            word = self._word(token)
            lower = word.lower()
            if lower in ("что", "о", "об", "чтобы"):
                break
            skippable = (
                lower in words.FILLERS
                or lower in PREPOSITIONS
                or lower in _SETTING_NOUNS
                or self._is_time_word(word)
                or self._is_outlet_token(token)
                or any(p.tag.case == "datv" and p.score > 0.3 for p in words.parses(word))
            )
            if not skippable:
                break
            position = token.end
        return position

    def _speech_verbs(self, start: int, end: int) -> list[Unit]:
        return [
            t
            for t in self._tokens(start, end)
            if words.speech_lemma(self._word(t)) and self.document.quote_at(t.start) is None
        ]

    def _last_speech_verb(self, start: int, end: int) -> Unit | None:
        verbs = self._speech_verbs(start, end)
        return verbs[-1] if verbs else None

    def _clause_start(self, start: int, end: int) -> int:
        """After the last comma, colon, dash or parenthesis before ``end``."""
        segment = self.text[start:end]
        return start + max(segment.rfind(c) for c in ",:;—–()") + 1

    def _comma_outside_quotes(self, start: int, end: int) -> int | None:
        for match in re.finditer(",", self.text[start:end]):
            if self.document.quote_at(start + match.start()) is None:
                return start + match.start()
        return None

    def _cited_at_end(self, sentence: Unit) -> str | None:
        match = _CITED_TAIL.search(self.text, sentence.start, sentence.end)
        return match.group("outlet").strip() if match else None

    def _content(self, start: int, end: int) -> Unit:
        """Reported content from ``start`` to the clause end: before "; ", ", а также",
        ", добавив", a trailing ", сообщает ТАСС", and without the full stop."""
        cited = _CITED_TAIL.search(self.text, start, end)
        if cited and self.document.quote_at(cited.start()) is None:
            end = cited.start()
        for match in _CUT.finditer(self.text, start, end):
            if self.document.quote_at(match.start()) is None:
                end = match.start()
                break
        for match in _ADDING.finditer(self.text, start, end):
            if self.document.quote_at(match.start()) is None and words.speech_lemma(match["cue"]):
                end = match.start()
                break
        return strip_span(
            self.text, start, end, chars=_SENTENCE_PUNCTUATION.replace(" ", "") + "—–"
        )

    def _quotes_in(self, sentence: Unit):
        return [q for q in self.document.top_quotes if sentence.start <= q.open < sentence.end]

    def _inside_quote(self, sentence: Unit) -> bool:
        quote = self.document.quote_at(sentence.start)
        return quote is not None and quote.open < sentence.start

    def _is_headline(self, sentence: Unit) -> bool:
        """A line without a full stop: a headline or a caption, restated by the article."""
        paragraph = self.document.paragraph_at(sentence.start)
        line = self.text[paragraph.start : paragraph.end] if paragraph else ""
        return bool(line) and not re.search(r"[.!?…»“”\"]$", line) and len(line.split()) <= 20

    def _is_paragraph_start(self, position: int) -> bool:
        paragraph = self.document.paragraph_at(position)
        return paragraph is not None and paragraph.start == position

    def _add_content(
        self, content: Unit, cue: Unit, speaker: Speaker | None, confidence: float, cited
    ) -> None:
        """Reported content; a content that is one quotation is that quotation, direct."""
        quote = self.document.quote_at(content.start)
        if quote and quote.open == content.start and quote.close >= content.end - 1:
            tail = self.text[quote.close + 1 : content.end].strip(_SENTENCE_PUNCTUATION)
            if not tail:
                inner = strip_span(self.text, quote.inner_start, quote.inner_end)
                self._add(Found(inner.start, inner.end, cue, speaker, 0.9, True, cited))
                return
        self._add(Found(content.start, content.end, cue, speaker, confidence, False, cited))

    def _add(self, found: Found) -> None:
        if found.end - found.start < 2:
            return
        for other in self.found:
            overlap = min(found.end, other.end) - max(found.start, other.start)
            if overlap > 0 and overlap * 2 >= min(found.end - found.start, other.end - other.start):
                return
        self.found.append(found)

    # --- resolution ------------------------------------------------------------------

    def _resolve(self) -> list[ExtractedStatement]:
        registry = self.document.registry
        for found in self.found:  # names first, so that "он" can find who was named before
            speaker = found.speaker
            if speaker and speaker.kind == "person":
                registry.person(speaker.name, speaker.roles, at=speaker.start)
        statements: list[ExtractedStatement] = []
        for found in sorted(self.found, key=lambda f: f.start):
            statement = self._statement(found, statements[-1] if statements else None)
            if statement is not None:
                statements.append(statement)
        return statements

    def _statement(self, found: Found, previous: ExtractedStatement | None):
        registry: Registry = self.document.registry
        content = self.text[found.start : found.end]
        has_quote = any(found.start <= q.open < found.end for q in self.document.top_quotes)
        kind = "direct" if found.direct else ("mixed" if has_quote else "indirect")
        statement = ExtractedStatement(
            found.start, found.end, content, kind, confidence=found.confidence
        )
        if found.cue:
            statement.cue = self.text[found.cue.start : found.cue.end]
            statement.cue_start, statement.cue_end = found.cue.start, found.cue.end
        speaker = found.speaker
        if speaker is None:
            if previous is None:
                return None
            for name in ("speaker", "speaker_kind", "speaker_mention", "mention_name", "cited"):
                setattr(statement, name, getattr(previous, name))
            statement.mention_start, statement.mention_end = (
                previous.mention_start,
                previous.mention_end,
            )
            statement.said_on = previous.said_on
            return statement
        statement.speaker_mention = speaker.text
        statement.mention_start, statement.mention_end = speaker.start, speaker.end
        statement.mention_name = speaker.written
        if speaker.kind == "person":
            entity = registry.person(speaker.name, speaker.roles, at=speaker.start)
            statement.speaker, statement.speaker_kind = entity.canonical, "person"
        elif speaker.kind == "pronoun":
            entity = registry.latest_person(speaker.start)
            if entity is not None:
                statement.speaker, statement.speaker_kind = entity.canonical, "person"
            elif previous is not None and previous.speaker_kind == "person" and previous.speaker:
                # "Пресс-секретарь Кремля заявил … «…», — сказал он": nobody was named, so
                # "он" is the description that spoke last
                statement.speaker, statement.speaker_kind = previous.speaker, "person"
                statement.confidence *= 0.8
            else:
                statement.confidence *= 0.6
        elif speaker.kind == "description" and words.is_plural_noun(speaker.text.split()[0]):
            statement.speaker, statement.speaker_kind = speaker.name, "group"  # "аналитики"
        elif speaker.kind == "description":
            entity = registry.latest_person(speaker.start, speaker.roles)
            if entity is None and not speaker.roles & words.UNNAMED_SOURCES:
                # "глава государства", "эксперт": the official or expert named last, else
                # whoever was named last
                entity = registry.latest_person(
                    speaker.start, set(words.ROLE_NOUNS)
                ) or registry.latest_person(speaker.start)
            if entity is not None:
                statement.speaker, statement.speaker_kind = entity.canonical, "person"
            else:
                statement.speaker, statement.speaker_kind = speaker.name, "person"
                statement.confidence *= 0.8
        else:
            entity = self._named_before(speaker) or registry.other(
                speaker.kind, speaker.name, at=speaker.start
            )
            statement.speaker, statement.speaker_kind = entity.canonical, speaker.kind
        statement.cited = found.cited or (statement.speaker if speaker.kind == "outlet" else None)
        statement.said_on = self._said_on(found)
        statement.confidence = round(statement.confidence, 2)
        return statement

    def _named_before(self, speaker: Speaker):
        """ "министерство", "ведомство", "МИД" alone: the organisation named earlier in full."""
        if speaker.kind != "organisation" or len(speaker.name.split()) > 1:
            return None
        registry = self.document.registry
        head = speaker.name.casefold()
        for noun in _ORGANISATION_SYNONYMS.get(head, (head,)):
            found = registry.find_organisation(noun, speaker.start)
            if found is not None:
                return found
        return registry.latest_organisation(speaker.start) if speaker.name.islower() else None

    def _said_on(self, found: Found) -> str | None:
        """A date in the attribution's sentence, outside the statement ("10 января", "накануне")."""
        anchor = found.cue.start if found.cue else found.start
        sentence = self.document.sentence_at(anchor)
        for start, end in (
            (sentence.start, min(sentence.end, found.start)),
            (max(sentence.start, found.end), sentence.end),
        ):
            match = words.DATE_PATTERN.search(self.text, start, end) if start < end else None
            if match:
                return match.group()
        return None
