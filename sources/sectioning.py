"""Split a document's text into body, reader comments and boilerplate.

Plain Python: no Django import, so extraction can use it standalone.

The text is read line by line, the way a reader scans a page:

- Boilerplate is recognised by what page furniture says ("Leave a Reply", "Subscribe to…",
  "Used photos", "Источник …", "Video", "Similar Posts", "Post a Comment"), and a list of
  headlines after the article's last paragraph (or after a "Related" header) is a list of
  links to other articles.
- Reader comments start at a comments header ("Dear reader, to leave comments…",
  "12 comments:", "3 thoughts on …") or at the first of several comment headers (a user name
  with "Offline"/"Online", or a date and a time of day) after the article has begun; from
  there to the end everything but page furniture is comments.
- A headline-like line after a wider gap (two blank lines or more) starts a new article in
  the same document; each part's first body section carries its headline as ``heading``.

Blank lines belong to the section before them, so sections are contiguous.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpan:
    kind: str  # "body", "comments" or "boilerplate" (sources.models.Section.Kind values)
    start: int
    end: int
    heading: str = ""


BODY, COMMENTS, BOILERPLATE = "body", "comments", "boilerplate"

_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
)
_DATE = (
    rf"(?:\d{{1,2}}\s+(?:{_MONTH}),?\s+\d{{4}}"
    rf"|(?:{_MONTH})\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_TIME = r"\d{1,2}:\s?\d{2}(?:\s?[ap]\.?m\.?)?"
DATE_LINE = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?{_DATE}(?:,?\s+(?:at\s+)?{_TIME})?$",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(
    rf"{_DATE},?\s+(?:at\s+)?{_TIME}"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?:by|автор:?)\s+(\S.{1,80})$", re.IGNORECASE)

# Page furniture, matched against a whole line with list bullets and numbering removed.
_BOILERPLATE_LINES = [
    r"leave a (?:reply|comment)\b.*",
    r"your (?:e-?mail|email address) will not be published.*",
    r"required fields are marked.*",
    r"(?:comments are closed|you must be logged in to post a comment).*",
    r"(?:load(?:ing)? more|show|view all) comments.*",
    r"no comments:?",
    r"post a comment",
    r"(?:subscribe|sign up|follow us|join us)\b.{0,100}",
    r"(?:get|receive) (?:the )?(?:news|our newsletter)\b.{0,80}",
    r"(?:used )?(?:photos?|images?|pictures?)(?: credits?| by)?:.{0,100}",
    r"(?:фото|видео|источник|джерело)\b.{0,80}",
    r"(?:sources?|credit|via)\s*:\s*.{1,60}",
    r"(?:video|watch the video|photo|gallery|advertisement|advertising|реклама|share)",
    r"share (?:this|on)\b.{0,60}",
    r"(?:tags?|topics?|categories|filed under)\s*:.{0,200}",
    r"(?:all rights reserved|copyright\b|©).{0,200}",
    r".{0,150}\ball rights reserved\.?",
    r"click here\b.{0,100}",
    r"(?:read|see) (?:also|more)\b:?.{0,150}",
    r"(?:читайте|смотрите) также.{0,150}",
    r"подписывайтесь.{0,150}",
]
# Headers of a list of links to other articles: the headline-like lines after them go too.
_RELATED_HEADERS = [
    r"(?:similar|related|recommended|popular|more|latest|top|other|trending)"
    r" (?:posts?|articles?|stories|news|reading|from .{1,40}|on this topic)\b.{0,20}",
    r"you (?:may|might) also (?:like|be interested in).{0,20}",
    r"(?:read|see) (?:also|more)\s*:?",
    r"(?:читайте|смотрите) также\s*:?",
    r"(?:похожие|популярные|другие) (?:новости|статьи|материалы|публикации).{0,20}",
]
# Headers of a comment thread: the thread starts on the next line.
_COMMENT_OPENERS = [
    r"dear reader,? to leave comments.*",
    r"\d+ (?:comments?|responses?|replies|reader comments)\s*:?",
    r"\d+ thoughts? on\b.*",
    r"(?:reader )?comments?(?:\s*\(\d+\))?\s*:?",
    r"join the discussion\s*:?",
    r"комментари[йи](?:\s*\(\d+\))?\s*:?",
]


def _full_line(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


BOILERPLATE_LINE = _full_line(_BOILERPLATE_LINES + _RELATED_HEADERS)
RELATED_HEADER = _full_line(_RELATED_HEADERS)
COMMENT_OPENER = _full_line(_COMMENT_OPENERS)
_PRESENCE = re.compile(r"\b(?:offline|online)\b", re.IGNORECASE)
_THREAD_MARKER = re.compile(r"^(?:quote|цитата)\s*:|^reply$|^ответить$", re.IGNORECASE)
_ARTICLE_META = re.compile(r"^(?:published|updated|posted|modified|date)\b", re.IGNORECASE)
_BULLET = re.compile(r"^[\s•·▪►*\-–—]*(?:\d{1,3}[.)]\s+)?")
_SENTENCE_END = re.compile(r"[.!?…:;\"”»’)]$")


@dataclass
class _Line:
    start: int
    end: int
    content: str  # without surrounding whitespace, bullets or list numbering

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def words(self) -> int:
        return len(self.content.split())


def split_sections(text: str) -> list[SectionSpan]:
    """Contiguous, non-overlapping sections covering ``text`` in order."""
    if not text:
        return []
    lines = _split_lines(text)
    first_paragraph = next((i for i, line in enumerate(lines) if is_paragraph(line.content)), 0)
    comments_start = _comments_start(lines, first_paragraph)
    kinds = []
    for index, line in enumerate(lines):
        if line.blank:
            kinds.append(None)
        elif BOILERPLATE_LINE.fullmatch(line.content) or COMMENT_OPENER.fullmatch(line.content):
            kinds.append(BOILERPLATE if index <= comments_start else _in_thread(line))
        else:
            kinds.append(COMMENTS if index > comments_start else BODY)
    _mark_headline_lists(lines, kinds, first_paragraph)
    headings = _part_headings(lines, kinds, first_paragraph)
    return _merge(lines, kinds, headings)


def is_headline(content: str) -> bool:
    """A line that reads like a headline: short, capitalised, no sentence punctuation."""
    words = len(content.split())
    return (
        2 <= words <= 25
        and len(content) <= 160
        and not content.endswith((".", ",", ";", ":"))
        and (content[0].isupper() or content[0].isdigit() or content[0] in "\"“«‘'")
        and not BYLINE.match(content)
        and not DATE_LINE.match(content)
    )


def is_paragraph(content: str) -> bool:
    """A line of running text: long, or a full sentence of some length."""
    return len(content) >= 160 or (
        len(content.split()) >= 8 and bool(_SENTENCE_END.search(content))
    )


def _split_lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    for raw_line in text.splitlines(keepends=True):
        content = _BULLET.sub("", raw_line.strip(), count=1).strip()
        lines.append(_Line(offset, offset + len(raw_line), content))
        offset += len(raw_line)
    return lines


def _in_thread(line: _Line) -> str:
    """Inside a comment thread a "Reply" or "Quote:" line is part of a comment."""
    return COMMENTS if _THREAD_MARKER.match(line.content) else BOILERPLATE


def _is_comment_header(content: str) -> bool:
    """A commenter's line: a name with "Offline"/"Online", or a name and a timestamp.
    A timestamp alone, or with a sentence after it, is a live blog's entry, not a comment."""
    if len(content) > 120 or _ARTICLE_META.match(content):
        return False
    if _PRESENCE.search(content) and len(content.split()) <= 8:
        return True
    timestamp = _TIMESTAMP.search(content)
    if not timestamp:
        return False
    name = (content[: timestamp.start()] + content[timestamp.end() :]).strip(" ,-–—|·")
    return 1 <= len(name.split()) <= 4 and not _SENTENCE_END.search(name)


def _comments_start(lines: list[_Line], first_paragraph: int) -> int:
    """Index of the line a comment thread starts after (its header), or len(lines)."""
    for index, line in enumerate(lines):
        if index > 0 and COMMENT_OPENER.fullmatch(line.content):
            return index
        if index > first_paragraph and _is_comment_header(line.content):
            later_headers = sum(1 for later in lines[index:] if _is_comment_header(later.content))
            if later_headers >= 2:
                return index - 1
    return len(lines)


def _mark_headline_lists(lines: list[_Line], kinds: list, first_paragraph: int) -> None:
    """Headline-like lines after a "Related" header, or trailing the article, are links."""
    in_related_list = False
    for index, line in enumerate(lines):
        if line.blank or (kinds[index] != BODY and not RELATED_HEADER.fullmatch(line.content)):
            continue
        if RELATED_HEADER.fullmatch(line.content):
            in_related_list = True
        elif in_related_list and is_headline(line.content):
            kinds[index] = BOILERPLATE
        else:
            in_related_list = False
    body = [i for i, kind in enumerate(kinds) if kind == BODY]
    last_paragraph = max((i for i in body if is_paragraph(lines[i].content)), default=None)
    if last_paragraph is None or last_paragraph < first_paragraph:
        return
    trailing = [i for i in body if i > last_paragraph]
    headlines = [i for i in trailing if _is_link_headline(lines[i].content)]
    # "Key facts:" introduces the article's own list, not links to other articles.
    introduced = lines[last_paragraph].content.endswith(":")
    if len(headlines) >= 2 and not introduced:
        for index in headlines:
            kinds[index] = BOILERPLATE


def _is_link_headline(content: str) -> bool:
    """A headline long enough to be another article's, not a list item like "164 dead"."""
    return is_headline(content) and len(content.split()) >= 5


def _part_headings(lines: list[_Line], kinds: list, first_paragraph: int) -> dict[int, str]:
    """Line index -> headline, for the line each article in the document starts on."""
    body = [i for i, kind in enumerate(kinds) if kind == BODY]
    if not body:
        return {}
    leading = [i for i in body if i < first_paragraph and is_headline(lines[i].content)]
    headings = {body[0]: lines[leading[-1]].content if leading else ""}
    for index in body:
        gap_before = index >= 2 and lines[index - 1].blank and lines[index - 2].blank
        if index > first_paragraph and gap_before and is_headline(lines[index].content):
            headings[index] = lines[index].content
    return headings


def _merge(lines: list[_Line], kinds: list, headings: dict[int, str]) -> list[SectionSpan]:
    first_kind = next((kind for kind in kinds if kind), BODY)
    sections: list[SectionSpan] = []
    current_kind = first_kind
    for index, line in enumerate(lines):
        kind = kinds[index] or current_kind
        if sections and kind == current_kind and index not in headings:
            last = sections[-1]
            sections[-1] = SectionSpan(last.kind, last.start, line.end, last.heading)
        else:
            sections.append(SectionSpan(kind, line.start, line.end, headings.get(index, "")))
            current_kind = kind
    return sections
