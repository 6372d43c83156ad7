"""When a statement was made, as a date: "January 5", "5 January", "Friday", "yesterday";
in Russian "10 января", "в понедельник", "накануне" (the day before), "вчера", "сегодня".

The text rarely gives the year, so it comes from the document's publication date: the
latest such day on or before it. That rule is ``claims.dating`` (plain Python), the one date
module, shared with provenance; this module reads the words extraction found.
"""

import re
from datetime import date, timedelta

from claims.dating import day_on_or_before, weekday_on_or_before

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ],
        start=1,
    )
    for name in names.split()
} | {
    name: number
    for number, name in enumerate(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),  # noqa: SIM905
        start=1,
    )
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Russian weekdays as dates are written ("в понедельник", "во вторник", "в среду").
_WEEKDAYS_RU = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"]
_YESTERDAY = {"yesterday", "вчера", "накануне"}
_TODAY = {"today", "сегодня"}


def said_on_date(written: str | None, published: date | None) -> date | None:
    """The date ``written`` names, read relative to ``published``; None if it can't tell."""
    if not written or published is None:
        return None
    words = re.findall(r"[a-zа-яё]+|\d+", written.casefold())
    if _YESTERDAY & set(words):
        return published - timedelta(days=1)
    if _TODAY & set(words):
        return published
    weekday = next(
        (days.index(w) for w in words for days in (_WEEKDAYS, _WEEKDAYS_RU) if w in days), None
    )
    if weekday is not None:
        return weekday_on_or_before(weekday, published)
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    numbers = [int(w) for w in words if w.isdigit()]
    days = [n for n in numbers if 1 <= n <= 31]
    if month is None or not days:
        return None
    years = [n for n in numbers if n > 31]
    return day_on_or_before(month, days[0], published, years[0] if years else None)
