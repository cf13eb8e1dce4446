"""Values of date expressions: what the text leaves out comes from context, then a calendar converts.

A date without a year takes it, in this order, from: its table row's year cell; for 同年 / 同月,
the date just before it; the nearest earlier date with a single year in the same section (since
the last section heading, within ``year_lookback`` characters); the year the document's dates name
most often (the year the report is about) or, where its only years are a tie's founding, the year the
tie's anniversary places it in. No context comes from: an English bare year (in 1959, history), a
since-year (自55年), a photo caption's date, or a second dated line of the header (the page's
"Date:" or 更新日期 under a dated headline or 發布日期). An English month and day without a year is of
the dateline's year (news style leaves the current year out) unless its own sentence names a year
first. A day without a month (8 日, 今(23)日) takes the
month of a date just before it (``month_lookback``). Where none applies the value is null and
``year_inferred`` is true: a year is never guessed. Words and patterns: rules/dates.yaml, context.
"""
from __future__ import annotations

from bisect import bisect_right
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass

from . import gregorian, roc
from .english import BARE_YEAR_FORM, ENGLISH_FORM
from .grammar import DateExpr, Point
from ..resources.date_rules import LEVELS, DateRules

# A year known to allow 29 February, to check a month and day whose year is unknown.
_LEAP_YEAR = 2000


@dataclass(frozen=True)
class Known:
    """A resolved date that later dates may take their year or month from."""

    end: int
    year: int | None
    month: int | None
    calendar: str
    single_year: bool
    bare_year: bool = False  # in 1959: history, context only inside its own sentence (English)


@dataclass(frozen=True)
class RowYear:
    """A table cell under a date column and the year its row gives."""

    start: int
    end: int
    year: int
    calendar: str


@dataclass(frozen=True)
class Resolved:
    expr: DateExpr
    norm: dict
    impossible: bool


def _values(point: Point) -> dict[str, int | None]:
    return {c.level: c.value for c in point.components if not c.carried}


def _missing(point: Point) -> tuple[str, ...]:
    """Levels above what the text gives (and the carried level of 同年 / 同月)."""
    head = point.components[0]
    upto = LEVELS.index(head.level) + (1 if head.carried or head.value is None else 0)
    return LEVELS[:upto]


def to_iso(calendar: str, year: int, month: int | None, day: int | None) -> str | None:
    return (roc.to_iso if calendar == "roc" else gregorian.to_iso)(year, month, day)


class Resolver:
    def __init__(self, rules: DateRules):
        self.rules = rules

    def resolve(self, exprs: list[DateExpr], view: str, row_years: list[RowYear] = ()) -> list[Resolved]:
        """Values for expressions in text order (each may take its year from the ones before it)."""
        sections = [m.start() for m in self.rules.section_heading.finditer(view)]
        captions = self._caption_lines(view)
        told_as_history = {id(e) for e in exprs if self._since(e, view)}  # no context for any later date
        topic = self._anniversary_year(exprs, view) or _topic_year([e for e in exprs if id(e) not in told_as_history])
        dateline = self._dateline(exprs, view)
        history: list[Known] = []
        resolved = []
        for expr in exprs:
            section = sections[bisect_right(sections, expr.start) - 1] if sections and sections[0] <= expr.start else 0
            written_from_now = expr.first.components[0].relative
            if written_from_now:
                source = dateline
            elif dateline and expr.form == ENGLISH_FORM and "year" in _missing(expr.first):
                source = self._in_sentence(history, view, expr) or dateline
            else:
                source = self._source(expr, history, row_years, section, topic)
            result, known = self._resolve_one(expr, source)
            resolved.append(result)
            if known is not None and id(expr) not in told_as_history and not self._metadata(expr, view, dateline) \
                    and not any(start <= expr.start < end for start, end in captions):
                history.append(known)
        return resolved

    @staticmethod
    def _in_sentence(history: list[Known], view: str, expr: DateExpr) -> Known | None:
        """An English month and day without a year is of the year of writing (news style leaves the current
        year out), unless its own sentence names a year first (In 2019, … on May 5)."""
        sentence = max(view.rfind(". ", 0, expr.start) + 2, view.rfind("\n", 0, expr.start) + 1)
        return next((k for k in reversed(history) if k.end >= sentence and k.year is not None
                     and (k.single_year or k.bare_year)), None) if history and history[-1].end >= sentence else None

    def _metadata(self, expr: DateExpr, view: str, dateline: Known | None) -> bool:
        """Date: 2019-03-08 under a headline dated (2012-05-20), 更新日期 after 發布日期: a second full date
        opening a line in the header is the page's own record (posted, updated), not what the text
        tells; the dateline stays the text's time and no later date takes its year from the record."""
        return dateline is not None and dateline.end < expr.start < self.rules.dateline_reach \
            and not _missing(expr.first) and _opens_a_line(view, expr)

    def _caption_lines(self, view: str) -> list[tuple[int, int]]:
        """The lines a photo credit ends (…簽訂姊妹市 (圖/市政府)): captions."""
        return [(view.rfind("\n", 0, credit.start()) + 1, credit.end()) for credit in self.rules.caption_line.finditer(view)]

    def _anniversary_year(self, exprs: list[DateExpr], view: str) -> Known | None:
        """In a text whose only years are a tie's founding (2016年3月15日簽訂姊妹市 … 簽約3週年), the year the
        tie's Nth anniversary places the text in (2019); None where the text names any other year."""
        named = [e for e in exprs if "year" not in _missing(e.first) and e.calendar]
        if not named or not all(self.rules.founding_after.match(view, e.end) for e in named):
            return None
        for anniversary in self.rules.anniversary.finditer(view):
            # not a date of the anniversary's own clause (110年適逢兩市締結15周年 names the anniversary's year)
            clause = max(view.rfind(mark, 0, anniversary.start()) for mark in _CLAUSE_MARKS)
            before = [e for e in named if e.end <= clause]
            if before:
                year = _values(before[-1].first)["year"] + int(anniversary["years"])
                return Known(-1, year, None, before[-1].calendar, True)
        return None

    def _since(self, expr: DateExpr, view: str) -> bool:
        """自55年, 於2017年締結姐妹鄉: a year alone opening a stretch of time up to now, or the year a tie was
        concluded, told as its history: no context for later dates."""
        return set(_values(expr.first)) == {"year"} and (view.endswith(self.rules.since_words, 0, expr.start)
                                                        or self._founding(expr, view))

    def _founding(self, expr: DateExpr, view: str) -> bool:
        """The date a tie was concluded (於2014年締結姐妹市), not the year of its anniversary told in the same
        clause (110年適逢本市與八王子締盟15周年)."""
        founding = self.rules.founding_after.match(view, expr.end)
        if founding is None:
            return False
        ends = [at for at in (view.find(mark, founding.end()) for mark in _CLAUSE_MARKS) if at >= 0]
        return self.rules.anniversary.search(view, expr.end, min(ends, default=len(view))) is None

    def _dateline(self, exprs: list[DateExpr], view: str) -> Known | None:
        """The day of writing: a full date (year, month and day, none of it inferred) near the text's start,
        written as a dateline is: in digits (2016/4/13, 20240122 11:54) or opening a line, alone or after a
        short label (110年9月20日公告：…, 日期：…); a date in running text is an event (兩市於2003年4月21日締結)."""
        for expr in exprs:
            if expr.start >= self.rules.dateline_reach:
                return None
            values = _values(expr.first)
            if not _missing(expr.first) and values.get("day") and not expr.first.components[0].relative \
                    and expr.calendar and (expr.form == "numeric" or _opens_a_line(view, expr)):
                return Known(expr.end, values["year"], values["month"], expr.calendar, True)
        return None

    def _source(self, expr: DateExpr, history: list[Known], row_years: list[RowYear], section: int,
                topic: Known | None) -> Known | None:
        """Where the year (and month) the expression lacks comes from, or None."""
        missing = _missing(expr.first)
        if not missing:
            return None
        needs_month = "month" in missing
        carried = expr.first.components[0].carried
        if not needs_month:
            row = next((r for r in row_years if r.start <= expr.start < r.end), None)
            if row is not None:
                return Known(row.end, row.year, None, row.calendar, True)
        reach = self.rules.month_lookback if needs_month and not carried else self.rules.year_lookback
        floor = max(expr.start - reach, -1 if carried else section)
        for known in reversed(history):
            if known.end < floor:
                break
            if known.year is None or (needs_month and known.month is None) or not (carried or known.single_year):
                continue
            return known
        return topic if not needs_month and not carried else None

    def _resolve_one(self, expr: DateExpr, source: Known | None) -> tuple[Resolved, Known | None]:
        first, last = _values(expr.first), _values(expr.last)
        calendar = expr.calendar
        missing = _missing(expr.first)
        if missing:
            if source is None:
                return self._unknown(expr), None
            calendar = source.calendar
            first.update({"year": source.year + (expr.first.year_offset or 0),
                          "month": source.month if "month" in missing else first.get("month")})
        calendar = calendar or self.rules.default_calendar
        for level in _missing(expr.last):
            last[level] = first.get(level)
        self._spread_part(expr.first, first, last, calendar)
        if expr.is_range and _missing(expr.last) and _key(last) < _key(first):
            last["year"] += 1  # 12月20日至1月5日 runs into the next year
        start, end = (to_iso(calendar, f["year"], f.get("month"), f.get("day")) for f in (first, last))
        norm = {"start": start, "end": end, "calendar": calendar, "year_inferred": bool(missing)}
        if start is None or end is None:
            return Resolved(expr, {**norm, "start": None, "end": None}, impossible=True), None
        same_year = first["year"] == last["year"]
        known = Known(expr.end, last["year"], last.get("month") if not expr.first.year_part else None, calendar,
                      single_year=same_year and expr.form != BARE_YEAR_FORM
                      and expr.first.year_offset is None,  # a relative or historical date is no context
                      bare_year=same_year and expr.form == BARE_YEAR_FORM)
        return Resolved(expr, norm, impossible=False), known

    @staticmethod
    def _spread_part(point: Point, first: dict, last: dict, calendar: str) -> None:
        """114 年下半年 → 7..12, 1950 年代 → 1950..1959, 12月上旬 → 12-01..12-10 (下旬 ends with the month)."""
        if point.month_part and point.month_part.days and first.get("month"):
            gregorian_year = first["year"] + (roc.OFFSET if calendar == "roc" else 0)
            month_end = monthrange(gregorian_year, first["month"])[1]
            first["day"], last["day"] = (min(day, month_end) for day in point.month_part.days)
        part = point.year_part
        if part is None:
            return
        if part.months:
            first["month"], last["month"] = part.months
        elif part.decade:
            last["year"] = first["year"] + 9

    def _unknown(self, expr: DateExpr) -> Resolved:
        """No year in text or context: a null value, and impossible if no year could hold it (2月30日, 13月)."""
        norm = {"start": None, "end": None, "calendar": expr.calendar or self.rules.default_calendar, "year_inferred": True}
        points = [_values(p) for p in (expr.first, expr.last)]
        possible = all(v.get("month") is None or gregorian.to_iso(_LEAP_YEAR, v["month"], v.get("day")) for v in points)
        return Resolved(expr, norm, impossible=not possible)


_CLAUSE_MARKS = ",;。\n"  # the folded view's clause and sentence ends (，； fold to , ;)
_DATELINE_LABEL = 12  # characters a label before a dateline may take (發布日期：, Date:)


def _opens_a_line(view: str, expr: DateExpr) -> bool:
    before = view[view.rfind("\n", 0, expr.start) + 1:expr.start].strip()
    return not before or (len(before) <= _DATELINE_LABEL and before[-1] in ":：")


def _topic_year(exprs: list[DateExpr]) -> Known | None:
    """The year the document's dates name most often (the later year on a tie), as context of last resort."""
    years = Counter((e.first.get("year").value, e.calendar) for e in exprs
                    if e.calendar and e.form != BARE_YEAR_FORM and not _missing(e.first) and _values(e.last).get("year") in (None, _values(e.first)["year"]))
    if not years:
        return None
    (year, calendar), _ = max(years.items(), key=lambda item: (item[1], item[0][0] + (roc.OFFSET if item[0][1] == "roc" else 0)))
    return Known(-1, year, None, calendar, True)


def _key(values: dict) -> tuple[int, int, int]:
    return tuple(values.get(level) or 0 for level in LEVELS)
