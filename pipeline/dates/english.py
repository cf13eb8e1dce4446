"""English dates the Gregorian pattern of grammar.py (a full date read by dateparser) leaves out: a month
and day without a year (Sept. 17, December 25th, May 19), ranges (February 14 to 20, May 6th and 7th,
September 17–19, 2021), a month after a relative word (this April, last November, June this year) or a
preposition (in January), and a bare year after a preposition (in 1961, from 2019 to 2021). The year a text leaves out comes from context
(context.py), shifted by the relative word; a bare year gives no other date its year (English pages name
years of history: "the largest port in 1959"). Words: rules/dates.yaml, english.
"""
from __future__ import annotations

import re
from string import ascii_letters

from ..resources.date_rules import EnglishDateWords
from .grammar import Component, DateExpr, Point
from .starts import matches_at, run_starts

_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"  # a day, its group named by format()
_YEAR = r"(?P<{}>(?:1[0-9]|2[01])\d\d)(?!\d)"
BARE_YEAR_FORM = "english_year"
ENGLISH_FORM = "english"  # a month (and day) written in English, the year perhaps left out


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# ASCII letters, and the four others that (?i:…) letters match (İ ı ſ K): with no IGNORECASE flag, so
# that re skips ahead to the first of them (tests/test_date_starts.py checks the class).
_LETTER_RUN = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]+")


class EnglishDates:
    def __init__(self, words: EnglishDateWords):
        from babel.dates import get_month_names  # when the grammar is built, not each time it is read back

        wide = {name: number for number, name in get_month_names("wide", locale="en").items()}
        short = {name: number for number, name in get_month_names("abbreviated", locale="en").items() if name not in wide}
        short["Sept"] = 9
        self.months = {**wide, **short}  # written with a capital: "may" is a verb
        self.offsets = words.relative_years
        # Whether every match of the patterns below but day_first opens with a letter no ASCII letter precedes
        # (a month name, relative word or preposition behind a look-behind or \\b): then they are tried at
        # the letter runs alone (starts.py).
        self.letter_openers = all(re.match("(?i:[a-z])", w) for w in (*self.months, *self.offsets, *words.year_prepositions))
        # A full stop after a short name is the name's (Sept. 17); after a full name it ends the sentence.
        month = rf"(?:{_alternatives(wide)}|(?:{_alternatives(short)})(?:\.(?=\s*\d))?)"
        connector = rf"\s*(?i:{_alternatives(words.range_connectors)})\s*"
        relative = rf"(?i:{_alternatives(self.offsets)})"
        year = rf"(?:,?\s+{_YEAR.format('year')})?"
        # Days joined by "and" share their month (May 6th and 7th); other connectors may name a second one.
        self.month_first = re.compile(
            rf"(?<![A-Za-z0-9])(?:(?P<relative>{relative})\s+)?(?P<month>{month})\s+{_DAY.format('day')}"
            rf"(?:{connector}(?:(?P<last_month>{month})\s+)?{_DAY.format('last_day')}|\s+and\s+{_DAY.format('and_day')})?"
            + year)
        self.day_first = re.compile(rf"(?<![A-Za-z0-9]){_DAY.format('day')}(?:{connector}{_DAY.format('last_day')})?"
                                    rf"\s+(?P<month>{month}){year}(?![A-Za-z])")
        self.relative_month = re.compile(rf"(?<![A-Za-z])(?P<relative>{relative})\s+(?P<month>{month})(?![A-Za-z])"
                                         rf"|(?<![A-Za-z])(?P<month_before>{month})\s+(?P<relative_after>{relative})\s+year\b")
        prepositions = rf"\b(?i:{_alternatives(words.year_prepositions)})\s+"
        self.month_after_preposition = re.compile(rf"{prepositions}(?P<month>{month}){year}(?![\w-])")
        qualifier = rf"(?:(?P<qualifier>(?i:{_alternatives(words.year_qualifiers)}))[ \u00a0-]+)?"
        self.bare_year = re.compile(rf"{prepositions}{qualifier}{_YEAR.format('year')}(?:{connector}{_YEAR.format('last_year')})?(?![\w-])")

    def find(self, view: str) -> list[DateExpr]:
        starts = run_starts(view, _LETTER_RUN, ascii_letters) if self.letter_openers else None
        found = [self._month_first(view, m) for m in matches_at(self.month_first, view, starts)]
        found += [self._day_first(m) for m in self.day_first.finditer(view)]
        found += [self._relative(m) for m in matches_at(self.relative_month, view, starts)]
        found += [self._month_alone(m) for m in matches_at(self.month_after_preposition, view, starts)]
        found += [self._years(m) for m in matches_at(self.bare_year, view, starts)]
        return [e for e in found if e is not None]

    def _month(self, name: str | None) -> int | None:
        return self.months[name.rstrip(".")] if name else None

    def _month_first(self, view: str, match: re.Match) -> DateExpr | None:
        days = [int(d) for d in (match["day"], match["last_day"] or match["and_day"]) if d]
        if not all(1 <= d <= 31 for d in days):
            return None
        offset = self.offsets[match["relative"].lower()] if match["relative"] else None
        first = _point(match.start(), match.end(), match["year"], self._month(match["month"]), days[0], offset)
        last_month = self._month(match["last_month"] or match["month"])
        last = _point(match.start(), match.end(), match["year"], last_month, days[-1], offset) if len(days) > 1 else first
        return DateExpr(match.start(), match.end(), first, last, ENGLISH_FORM)

    def _day_first(self, match: re.Match) -> DateExpr | None:
        days = [int(d) for d in (match["day"], match["last_day"]) if d]
        if not all(1 <= d <= 31 for d in days):
            return None
        month = self._month(match["month"])
        first = _point(match.start(), match.end(), match["year"], month, days[0])
        last = _point(match.start(), match.end(), match["year"], month, days[-1]) if len(days) > 1 else first
        return DateExpr(match.start(), match.end(), first, last, ENGLISH_FORM)

    def _relative(self, match: re.Match) -> DateExpr:
        offset = self.offsets[(match["relative"] or match["relative_after"]).lower()]
        point = _point(match.start(), match.end(), None, self._month(match["month"] or match["month_before"]), None, offset)
        return DateExpr(match.start(), match.end(), point, point, ENGLISH_FORM)

    def _month_alone(self, match: re.Match) -> DateExpr:
        """in January, since March 2019: the month (and year) after the preposition."""
        point = _point(match.start("month"), match.end(), match["year"], self._month(match["month"]), None)
        return DateExpr(match.start("month"), match.end(), point, point, ENGLISH_FORM)

    def _years(self, match: re.Match) -> DateExpr:
        """in 1961, from 2019 to 2021, in early 2024 (the qualifier inside the span, the value the year)."""
        start = match.start("qualifier") if match["qualifier"] else match.start("year")
        first = _point(start, match.end(), match["year"], None, None)
        last = _point(start, match.end(), match["last_year"], None, None) if match["last_year"] else first
        return DateExpr(start, match.end(), first, last, BARE_YEAR_FORM)


def _point(start: int, end: int, year: str | None, month: int | None, day: int | None, offset: int | None = None) -> Point:
    values = {"year": int(year) if year else None, "month": month, "day": day}
    components = tuple(Component(level, value, start, end, digits=4 if level == "year" else len(str(value)))
                       for level, value in values.items() if value is not None)
    return Point(start, end, components, gregorian=True, year_offset=offset)
