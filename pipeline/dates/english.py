"""English dates the Gregorian pattern of grammar.py (a full date read by dateparser) leaves out: a month
and day without a year (Sept. 17, December 25th, May 19), ranges (February 14 to 20, April 13th and 14th,
September 17–19, 2021), a month after a relative word (this April, last November, June this year) and a
bare year after a preposition (in 1961, from 2019 to 2021). The year a text leaves out comes from context
(context.py), shifted by the relative word; a bare year gives no other date its year (English pages name
years of history: "the largest port in 1959"). Words: rules/dates.yaml, english.
"""
from __future__ import annotations

import re

from ..resources.date_rules import EnglishDateWords
from .grammar import Component, DateExpr, Point

_DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"((?:1[0-9]|2[01])\d\d)(?!\d)"
BARE_YEAR_FORM = "english_year"


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class EnglishDates:
    def __init__(self, words: EnglishDateWords):
        from babel.dates import get_month_names  # when the grammar is built, not each time it is read back

        self.months = {name: number for width in ("wide", "abbreviated")
                       for number, name in get_month_names(width, locale="en").items()}
        self.months["Sept"] = 9  # written with a capital: "may" is a verb
        self.offsets = words.relative_years
        month = rf"({_alternatives(self.months)})\.?"
        connector = rf"\s*(?i:{_alternatives(words.range_connectors)})\s*"
        relative = rf"((?i:{_alternatives(self.offsets)}))"
        self.month_first = re.compile(
            rf"(?<![A-Za-z0-9])(?:{relative}\s+)?{month}\s+{_DAY}(?:{connector}(?:{month}\s+)?{_DAY})?(?:,?\s+{_YEAR})?")
        self.day_first = re.compile(rf"(?<![A-Za-z0-9]){_DAY}(?:{connector}{_DAY})?\s+{month}(?:,?\s+{_YEAR})?(?![A-Za-z])")
        self.relative_month = re.compile(rf"(?<![A-Za-z]){relative}\s+{month}(?![A-Za-z])|(?<![A-Za-z]){month}\s+{relative}\s+year\b")
        self.bare_year = re.compile(rf"\b(?i:{_alternatives(words.year_prepositions)})\s+{_YEAR}(?:{connector}{_YEAR})?(?![\w-])")

    def find(self, view: str) -> list[DateExpr]:
        found = [self._month_first(view, m) for m in self.month_first.finditer(view)]
        found += [self._day_first(m) for m in self.day_first.finditer(view)]
        found += [self._relative(m) for m in self.relative_month.finditer(view)]
        found += [self._years(m) for m in self.bare_year.finditer(view)]
        return [e for e in found if e is not None]

    def _month(self, name: str | None) -> int | None:
        return self.months[name] if name else None

    def _month_first(self, view: str, match: re.Match) -> DateExpr | None:
        relative, month, day, last_month, last_day, year = match.groups()
        if not 1 <= int(day) <= 31 or (last_day and not 1 <= int(last_day) <= 31):
            return None
        offset = self.offsets[relative.lower()] if relative else None
        first = _point(match.start(), match.end(), year, self._month(month), int(day), offset)
        last_month = self._month(last_month or month)
        last = _point(match.start(), match.end(), year, last_month, int(last_day), offset) if last_day else first
        return DateExpr(match.start(), match.end(), first, last, "english")

    def _day_first(self, match: re.Match) -> DateExpr | None:
        day, last_day, month, year = match.groups()
        if not 1 <= int(day) <= 31 or (last_day and not 1 <= int(last_day) <= 31):
            return None
        first = _point(match.start(), match.end(), year, self._month(month), int(day))
        last = _point(match.start(), match.end(), year, self._month(month), int(last_day)) if last_day else first
        return DateExpr(match.start(), match.end(), first, last, "english")

    def _relative(self, match: re.Match) -> DateExpr:
        before, month, after_month, after = match.groups()
        offset = self.offsets[(before or after).lower()]
        point = _point(match.start(), match.end(), None, self._month(month or after_month), None, offset)
        return DateExpr(match.start(), match.end(), point, point, "english")

    def _years(self, match: re.Match) -> DateExpr:
        first = _point(match.start(1), match.end(), match.group(1), None, None)
        last = _point(match.start(1), match.end(), match.group(2), None, None) if match.group(2) else first
        return DateExpr(match.start(1), match.end(), first, last, BARE_YEAR_FORM)


def _point(start: int, end: int, year: str | None, month: int | None, day: int | None, offset: int | None = None) -> Point:
    values = {"year": int(year) if year else None, "month": month, "day": day}
    components = tuple(Component(level, value, start, end, digits=4 if level == "year" else len(str(value)))
                       for level, value in values.items() if value is not None)
    return Point(start, end, components, gregorian=True, year_offset=offset)
