"""A small corpus for the browser tests: one claim carried by two statements, suggestions to
review, a missed quote, and a source in Russian with no-break spaces and an emoji."""

from datetime import UTC, datetime

from claims.models import ClaimLink, ReviewState, Speaker, Statement, Tag
from tests.factories import ClaimFactory, OutletFactory, SourceFactory

ARTICLE = (
    "Lukashenko: Kazakhstan unrest was an attempt at foreign interference\n\n"
    "MINSK, 7 January (BelTA) \u2013 \u201cWhat happened in Kazakhstan is an attempt at foreign "
    "interference,\u201d Belarusian President Alexander Lukashenko said on Friday.\n\n"
    "The head of state said the organisers had foreign backing. "
    "\u201cWe will not let anyone shake the situation,\u201d the president added."
)
MISSED = "We will not let anyone shake the situation"

RUSSIAN = (
    "\u0412\u043d\u0435\u0448\u043d\u0435\u0435 \u0432\u043c\u0435\u0448\u0430\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e\n\n"
    "\u00ab\u042d\u0442\u043e\u00a0\u0431\u044b\u043b\u0430 \U0001f525 \u043f\u043e\u043f\u044b\u0442\u043a\u0430 "
    "\u0432\u043c\u0435\u0448\u0430\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u0430\u00bb, \u2014 \u0437\u0430\u044f\u0432\u0438\u043b\u00a0\u041b\u0435\u0431\u0435\u0434\u0435\u0432.\n\n"
    "Outside\u00a0forces \U0001f642 were behind it, the ambassador said."
)
# A quote with a no-break space and an emoji (two UTF-16 units, one code point).
RUSSIAN_QUOTE = "\u042d\u0442\u043e\u00a0\u0431\u044b\u043b\u0430 \U0001f525 \u043f\u043e\u043f\u044b\u0442\u043a\u0430 \u0432\u043c\u0435\u0448\u0430\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u0430"
# Across a paragraph break, after the first emoji.
ACROSS = (
    "\u041b\u0435\u0431\u0435\u0434\u0435\u0432.\n\nOutside\u00a0forces \U0001f642 were behind it"
)

CLAIM_TEXT = "The January 2022 unrest in Kazakhstan was instigated from abroad"


def build():
    belta = OutletFactory(name="BelTA", domain="belta.by", country="BY")
    source = SourceFactory(
        outlet=belta,
        text=ARTICLE,
        title=ARTICLE.split("\n")[0],
        published_at=datetime(2022, 1, 7, 12, tzinfo=UTC),
    )
    lukashenko = Speaker.objects.create(name="Alexander Lukashenko", role="President of Belarus")
    lukashenko.add_alias("Lukashenka")
    Speaker.objects.create(name="Sergei Lebedev", role="CIS Executive Secretary")

    def statement(words, kind=Statement.Kind.DIRECT, speaker=lukashenko):
        start = ARTICLE.index(words)
        return Statement.objects.create(
            source=source,
            start=start,
            end=start + len(words),
            text=words,
            kind=kind,
            speaker=speaker,
            state=ReviewState.SUGGESTED,
        )

    quote = statement("What happened in Kazakhstan is an attempt at foreign interference")
    backing = statement("the organisers had foreign backing", kind=Statement.Kind.INDIRECT)
    claim = ClaimFactory(
        text=CLAIM_TEXT,
        description="The protests were organised, backed or provoked by foreign forces.",
    )
    claim.tags.add(Tag.objects.create(name="foreign interference"))
    ClaimLink.objects.create(statement=quote, claim=claim, state=ReviewState.ACCEPTED)
    russian = SourceFactory(
        outlet=OutletFactory(name="RBC", domain="rbc.ru"), text=RUSSIAN, language="ru"
    )
    return {
        "source": source,
        "quote": quote,
        "backing": backing,
        "claim": claim,
        "russian": russian,
    }
