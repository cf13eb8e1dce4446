"""Finding date expressions in the folded view: where they are and which parts the text gives.

A date is read left to right as a small grammar over the view, so that spaces and a line break
(or one blank line) may sit anywhere inside it (PDF text: "110 年 9 月", "111\\n年底"):

    point       := [era prefix] component+ [year part | month part]   (年, then 月, then 日)
    component   := number unit | relative "(" number ")" unit | 同年 | 同月
    expression  := point | point connector point | point number connector point (elided unit)
                   | point "、" day ...

Values are not computed here: an expression carries its components, and context.py fills what the
text leaves out and converts through the calendar modules.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from string import ascii_letters, digits as ascii_digits

from ..resources.date_rules import LEVELS, DateRules, MonthPart, YearPart
from . import gregorian
from .roc import read_number
from .starts import matches_at, run_starts

# Spaces and at most one line break, or one blank line (a PDF line wrap: 110年\n\n12 月), inside a date.
_WS = re.compile(r"[ \t\u00a0]*(?:\n[ \t\u00a0]*){0,2}")
_SENTENCE_ENDS = set("。！？!?：:；;)）」』")
# Digits, possibly broken by a line wrap (1\n10 年); bounded, so that no digit run is too long for int().
_ARABIC = re.compile(r"\d{1,6}(?:\n\d{1,6})?")
# ○ (a white circle) stands for 〇 in many typed reports (二○二一年).
_CHINESE = re.compile(r"[〇○零一二三四五六七八九十百两]+")
_POSITIONAL = re.compile(r"[〇○零一二三四五六七八九]{2,4}")
# A number glued to one of these is part of something else (COVID-19, A4).
_GLUED = re.compile(r"[0-9A-Za-z]")
# 110/9/17, 110.9.17, 2025-09-17: the same separator twice, nothing numeric around it.
# Chinese characters may touch it (於108.11.12舉行); a Latin letter or digit may not (v1.2.3, ID12.3.4).
_NUMERIC = re.compile(r"(?<![A-Za-z0-9_./\-—])([1-9]\d{1,3})([/.\-])(\d{1,2})\2(\d{1,2})(?![A-Za-z0-9_/\-—]|\.\d)")
# 07/18/2025 (English pages: month first, as the United States write it; 18/07/2025 read day first).
_NUMERIC_YEAR_LAST = re.compile(r"(?<![A-Za-z0-9_./\-—])(\d{1,2})/(\d{1,2})/((?:1[89]|2[01])\d\d)(?![A-Za-z0-9_/\-—]|\.\d)")
# 20230815 09:30:12: a compact date stamped before a time of day (news wires' datelines).
_STAMP = re.compile(r"(?<![\d.])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[ \u00a0]+\d{1,2}:\d\d)")
# Where _NUMERIC, _STAMP (a run of ASCII digits) and English dates (of letters and digits) can start (starts.py).
_DIGIT_RUN, _ALNUM_RUN = re.compile("[0-9]+"), re.compile(r"[A-Za-z\d]+")
# 9/17 in a date column of a table.
_MONTH_DAY = re.compile(r"(?<![\w./])(\d{1,2})/(\d{1,2})(?![\w/])")


def _english_pattern() -> re.Pattern:
    from babel.dates import get_month_names  # when the grammar is built, not each time it is read back

    names = {n for width in ("wide", "abbreviated") for n in get_month_names(width, locale="en").values()}
    names.add("Sept")
    month = "|".join(sorted(names, key=len, reverse=True))
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    return re.compile(rf"(?<![A-Za-z0-9])(?:{day}\s)?(?:{month})\.?(?:\s{day})?,?\s(?:1[0-9]|2[01])\d\d(?![0-9])")




@dataclass(frozen=True)
class Component:
    level: str  # year | month | day
    value: int | None  # None when carried over from the date before (同年, 同月)
    start: int
    end: int
    digits: int = 0  # how many digits the number was written with (4 = a Gregorian year)
    chinese: bool = False
    relative: bool = False  # 今(23)日, 本(110)年, 今年7月: counted from the day of writing
    carried: bool = False  # 同年, 同月


@dataclass(frozen=True)
class Point:
    start: int
    end: int
    components: tuple[Component, ...]  # from the highest level down, no gaps
    prefix: bool = False  # 民國 / 中華民國
    year_part: YearPart | None = None
    month_part: MonthPart | None = None
    gregorian: bool = False  # written in a Gregorian-only form (English, 2025/9/17)
    year_offset: int | None = None  # after a relative word, years from the year context gives (last November: -1)

    def get(self, level: str) -> Component | None:
        return next((c for c in self.components if c.level == level), None)

    @property
    def top(self) -> str:
        return self.components[0].level

    @property
    def bottom(self) -> str:
        return self.components[-1].level


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    first: Point
    last: Point  # the same point when the expression is not a range
    form: str  # roc | gregorian | relative | same | numeric | english | table

    @property
    def is_range(self) -> bool:
        return self.first is not self.last

    @property
    def calendar(self) -> str | None:
        """roc or gregorian as written; None when the text gives no year."""
        year = self.first.get("year")
        if self.first.gregorian:
            return "gregorian"
        if self.first.prefix:
            return "roc"
        if year is None or year.carried or year.value is None:
            return None
        return "gregorian" if year.digits == 4 else "roc"

    @property
    def rule(self) -> str:
        levels = "".join(c.level[0] for c in self.first.components)
        part = "_part" if self.first.year_part else ""
        return f"date:{self.form}_{levels}{part}" + ("_range" if self.is_range else "")


def _starts_item(view: str, i: int) -> bool:
    """The number at i starts a line that is not the wrapped rest of a sentence: a list item number."""
    line_start = view.rfind("\n", 0, i) + 1
    before = view[:line_start].rstrip()
    return not view[line_start:i].strip() and (not before or before[-1] in _SENTENCE_ENDS)


def _lower(level: str) -> str | None:
    index = LEVELS.index(level) + 1
    return LEVELS[index] if index < len(LEVELS) else None


def _first_of(words: Iterable[str]) -> re.Pattern:
    """A pattern matching the first of `words` (in their order) written at a position: an
    alternation is tried left to right."""
    words = [w for w in words if w]
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


class DateGrammar:
    def __init__(self, rules: DateRules):
        self.rules = rules
        self._prefixes = _first_of(rules.roc_prefixes)
        self._same_period = _first_of(rules.same_period)
        self._relative_years = _first_of(rules.relative_years)
        self._units = {level: _first_of(words) for level, words in rules.units.items()}
        self._connectors = _first_of(rules.range_connectors)
        self._separators = _first_of(rules.list_separators)
        # What can follow a number that starts a date: a unit (110年), or a joiner before the next
        # number (109—110年, 24、25日). A number followed by anything else (25人) starts none.
        self._after_number = _first_of([*(w for level in LEVELS for w in rules.units[level]),
                                        *rules.range_connectors, *rules.list_separators])
        starts = [*rules.roc_prefixes, *rules.same_period, *rules.relative_years]
        self._english_dates = _english_pattern()
        self._starts = re.compile(
            "|".join(map(re.escape, starts))
            + "|[" + "".join(map(re.escape, rules.relative_prefixes)) + r"]\("
            + r"|(?<![\d])\d|" + _CHINESE.pattern + r"(?=\s*(?:"
            + "|".join(map(re.escape, rules.units["year"] + rules.units["day"])) + "))"
        )

    # ---- small readers: each takes a position and returns the end of what it read, or None ----

    @staticmethod
    def _ws(view: str, i: int) -> int:
        return _WS.match(view, i).end()

    @staticmethod
    def _word(view: str, i: int, words: re.Pattern) -> str | None:
        match = words.match(view, i)
        return match.group() if match else None

    def _unit(self, view: str, i: int, level: str) -> int | None:
        j = self._ws(view, i)
        unit = self._word(view, j, self._units[level])
        return j + len(unit) if unit else None

    def _number(self, view: str, i: int, chinese_ok: bool) -> tuple[int, int, int, bool] | None:
        """(value, end, digits, chinese) of the number at i."""
        match = _ARABIC.match(view, i)
        if match:
            value = read_number(match.group())
            return value, match.end(), len(match.group().replace("\n", "")), False
        match = _CHINESE.match(view, i) if chinese_ok else None
        if match and (value := read_number(match.group())) is not None:
            positional = _POSITIONAL.fullmatch(match.group())
            return value, match.end(), len(match.group()) if positional else 0, True
        return None

    def _component(self, view: str, i: int, level: str, chinese_ok: bool) -> Component | None:
        carried = self._word(view, i, self._same_period)
        if carried and self.rules.same_period[carried] == level:
            return Component(level, None, i, i + len(carried), carried=True)
        counted = self._word(view, i, self._relative_years) if level == "year" else None
        if counted:
            return Component(level, None, i, i + len(counted), relative=True)  # 今年: its offset goes on the Point
        if view[i:i + 1] in self.rules.relative_prefixes and view.startswith("(", i + 1):
            return self._relative(view, i, level)
        number = self._number(view, i, chinese_ok)
        if number is None:
            return None
        value, end, digits, chinese = number
        unit_end = self._unit(view, end, level)
        return Component(level, value, i, unit_end, digits, chinese) if unit_end else None

    def _relative(self, view: str, i: int, level: str) -> Component | None:
        """今(23)日, 本(110)年, 前(2023)年: the word and the parentheses are inside the span."""
        j = self._ws(view, i + 2)
        number = self._number(view, j, chinese_ok=False)
        if number is None:
            return None
        value, end, digits, _ = number
        end = self._ws(view, end)
        if not view.startswith(")", end):
            return None
        unit_end = self._unit(view, end + 1, level)
        return Component(level, value, i, unit_end, digits, relative=True) if unit_end else None

    # ---- points and expressions ----

    def point(self, view: str, i: int, top: str = "year") -> Point | None:
        prefix = self._word(view, i, self._prefixes)
        at = self._ws(view, i + len(prefix)) if prefix else i
        components: list[Component] = []
        placed = self._placed_in_time(view, i)
        for level in LEVELS[LEVELS.index(top):]:
            # Chinese numerals only in a date that has a year (中華民國一一〇年八月), never alone (一日遊),
            # unless a word or a time of day places a day in time (於二十日, 二十日下午: vetted below).
            chinese_ok = level == "year" or bool(components) and components[0].level == "year" or level == "day" and not components
            component = self._component(view, at, level, chinese_ok)
            if component is None:
                if components:
                    break
                if prefix:
                    return None
                continue
            components.append(component)
            at = self._ws(view, component.end)
        if not components or not self._chinese_numerals_date(view, components, bool(prefix), placed, at):
            return None
        head = components[0]
        counted = self.rules.relative_years.get(view[head.start:head.end]) if head.relative and head.value is None else None
        point = Point(i, components[-1].end, tuple(components), prefix=bool(prefix), year_offset=counted)
        return self._with_part(view, point)

    def _placed_in_time(self, view: str, i: int) -> bool:
        """Whether a word that places something in time stands right before `i` (在九十一年, 於二十日)."""
        return any(view.endswith(word, 0, i) for word in self.rules.temporal_before)

    def _chinese_numerals_date(self, view: str, components: list[Component], prefix: bool, placed: bool, at: int) -> bool:
        """A year in Chinese numerals needs the era prefix, positional digits (一一〇年), a month after it
        (七十三年八月一日) or a word placing it in time (在九十一年); else it is a duration (三十年). A day in
        Chinese numerals alone needs such a word or a time of day after it (二十日下午). A year counted from
        the day of writing (今年) is a date only with a month."""
        head = components[0]
        if head.relative and head.value is None:  # 今年, 去年: a year counted from the day of writing
            return len(components) > 1
        if not head.chinese or prefix or head.digits or len(components) > 1:
            return True
        if head.level == "year":
            return placed
        return placed or any(view.startswith(word, at) for word in self.rules.times_of_day)

    def _with_part(self, view: str, point: Point) -> Point:
        """A year part (111年底, 114 年下半年, 1950 年代) or month part (12月上旬) after the last unit."""
        j = self._ws(view, point.end)
        if point.bottom == "year":
            year = point.components[-1].value
            # 年代 is a decade only after a round year (1950 年代); 2025 年代表團 is a delegation.
            part = next((p for p in self.rules.year_parts if view.startswith(p.word, j)
                         and not (p.decade and (year is None or year % 10))), None)
            return replace(point, end=j + len(part.word), year_part=part) if part else point
        if point.bottom == "month":
            part = next((p for p in self.rules.month_parts if view.startswith(p.word, j)), None)
            return replace(point, end=j + len(part.word), month_part=part) if part else point
        return point

    def expressions_at(self, view: str, i: int) -> list[DateExpr]:
        """The expressions starting at i (two for 5、11月, where each month is its own date), or none."""
        first = self.point(view, i)
        after = self._ws(view, first.end) if first else i
        dangling = self._dangling(view, after, first)
        if dangling is not None:
            return self._elided(view, i, first, dangling)
        if first is None:
            return []
        return [self._range_from(view, first) or DateExpr(first.start, first.end, first, first, self._form(first))]

    def _dangling(self, view: str, j: int, first: Point | None) -> tuple[int, int, int, int] | None:
        """(value, start, end, digits) of a number after the point (or at the start) whose unit is not written."""
        if first is not None and (first.year_part or first.bottom == "day"):
            return None
        number = self._number(view, j, chinese_ok=False)
        if number is None or any(self._unit(view, number[1], level) for level in LEVELS):
            return None
        return number[0], j, number[1], number[2]

    def _elided(self, view: str, i: int, first: Point | None, dangling: tuple[int, int, int, int]) -> list[DateExpr]:
        """109—110年, 111年 1至 12月, 7至10日, 24、25日, 5、11月, and 111年 2月 28 (no 日)."""
        value, start, end, digits = dangling
        j = self._ws(view, end)
        joiner = self._word(view, j, self._connectors) or self._word(view, j, self._separators)
        second = self.point(view, self._ws(view, j + len(joiner))) if joiner else None
        level = _lower(first.bottom) if first else second.top if second else None
        if second is None or second.top != level or second.components[0].relative or second.components[0].carried:
            return self._day_without_unit(view, first, value, start, end)
        head = Component(level, value, start, end, digits)
        lead = Point(start if first is None else first.start, end, (first.components if first else ()) + (head,),
                     prefix=bool(first and first.prefix))
        if joiner in self.rules.list_separators and level != "day":
            if first is None and _starts_item(view, start):
                return []  # "2、12月5日" at the start of a line: 2 is the item number
            return [DateExpr(lead.start, lead.end, lead, lead, self._form(lead)),
                    DateExpr(second.start, second.end, second, second, self._form(second))]
        return [DateExpr(lead.start, second.end, lead, second, self._form(lead))]

    def _day_without_unit(self, view: str, first: Point | None, value: int, start: int, end: int) -> list[DateExpr]:
        """111年 2月 28 前: a day with no 日 after a year and month, set off by a space or punctuation."""
        if first is None:
            return []
        single = [DateExpr(first.start, first.end, first, first, self._form(first))]
        follows = view[end:end + 1]
        if (first.bottom != "month" or first.top != "year" or not 1 <= value <= 31
                or (follows and not (follows.isspace() or not follows.isalnum()))):
            return single
        point = replace(first, end=end, components=first.components + (Component("day", value, start, end, 2),))
        return [DateExpr(point.start, point.end, point, point, self._form(point))]

    def _range_from(self, view: str, first: Point) -> DateExpr | None:
        """first 至 second (107 年至 108 年, 9月16日至10月14日) or days listed (20 日及 21 日)."""
        j = self._ws(view, first.end)
        connector = self._word(view, j, self._connectors)
        separator = None if connector else self._word(view, j, self._separators)
        joiner = connector or separator
        if joiner is None or first.year_part:
            return None
        second = self.point(view, self._ws(view, j + len(joiner)), top=first.top)
        if second is None or second.bottom != first.bottom or second.year_part or second.components[0].carried:
            return None
        if separator and (first.bottom != "day" or second.top != "day"):
            return None  # 111年 9月 1日與… and 7月 14日、12月 20日 are separate dates
        return DateExpr(first.start, second.end, first, second, self._form(first))

    def _form(self, point: Point) -> str:
        first = point.components[0]
        if first.relative:
            return "relative"
        if first.carried:
            return "same"
        year = point.get("year")
        if year is None:
            return "noyear"
        return "gregorian" if year.digits == 4 and not point.prefix else "roc"

    # ---- whole text ----

    def find(self, view: str) -> list[DateExpr]:
        """All CJK-grammar expressions, left to right, none overlapping."""
        found: list[DateExpr] = []
        reached = 0
        for match in self._starts.finditer(view):
            if match.start() < reached or not self._may_start_date(view, match.start()):
                continue
            exprs = [e for e in self.expressions_at(view, match.start()) if self._plausible(view, e)]
            if exprs:
                found.extend(exprs)
                reached = exprs[-1].end
        digit_starts = run_starts(view, _DIGIT_RUN, ascii_digits)
        return found + self._numeric(view, digit_starts) + self._stamps(view, digit_starts) + self._english(view)

    def _may_start_date(self, view: str, i: int) -> bool:
        """False for a number that expressions_at would read to no date, told cheaply (most numbers
        in a report are counts); True for anything else, which expressions_at then reads."""
        if not view[i].isdigit():
            return True
        number = self._number(view, i, chinese_ok=False)
        return number is None or self._after_number.match(view, self._ws(view, number[1])) is not None

    def _plausible(self, view: str, expr: DateExpr) -> bool:
        """Not a duration, ordinal or a number glued to other characters; years within the limits."""
        if expr.start and _GLUED.match(view[expr.start - 1]) and not expr.first.prefix:
            return False
        if all(c.carried for c in expr.first.components):
            return False  # 同年 alone: a relative word counts only with a number
        if not all(self._year_in_limits(p) for p in (expr.first, expr.last)):
            return False
        bare = self._bare_level(expr)
        if bare is None:
            return True
        before = view[max(0, expr.start - 4):expr.start].rstrip()
        after = view[expr.end:self._ws(view, expr.end) + 3].lstrip()
        if any(before.endswith(w) for w in self.rules.not_date_before) or any(after.startswith(w) for w in self.rules.not_date_after):
            return False
        if bare == "day":
            return all(1 <= p.components[0].value <= 31 for p in (expr.first, expr.last))  # Chinese: point() vetted it
        return all(p.components[0].digits == 4 or p.components[0].value >= self.rules.bare_roc_year_min
                   for p in (expr.first, expr.last))

    @staticmethod
    def _bare_level(expr: DateExpr) -> str | None:
        """year or day when the expression is only that (110年, 2 年, 8 日), which durations look like."""
        points = (expr.first, expr.last)
        if any(p.prefix or len(p.components) > 1 or p.components[0].relative or p.components[0].carried for p in points):
            return None
        if any(p.year_part and not (p.year_part.months is None and not p.year_part.decade) for p in points):
            return None
        level = expr.first.top
        return level if level in ("year", "day") else None

    def _year_in_limits(self, point: Point) -> bool:
        year = point.get("year")
        if year is None or year.value is None:
            return True
        low, high = self.rules.gregorian_years if year.digits == 4 and not point.prefix else self.rules.roc_years
        return low <= year.value <= high

    def _numeric(self, view: str, digit_starts: list[int]) -> list[DateExpr]:
        found = []
        for match in matches_at(_NUMERIC, view, digit_starts):
            year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
            four = len(match.group(1)) == 4
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            if not four and year < self.rules.numeric_roc_year_min:
                continue
            found.append(self._fixed(match.start(), match.end(), year, month, day, gregorian_only=four, form="numeric"))
        for match in _NUMERIC_YEAR_LAST.finditer(view):
            first, second, year = map(int, match.groups())
            month, day = (first, second) if first <= 12 else (second, first)
            if gregorian.to_iso(year, month, day):
                found.append(self._fixed(match.start(), match.end(), year, month, day, gregorian_only=True, form="numeric"))
        return [e for e in found if self._year_in_limits(e.first)]

    def _stamps(self, view: str, digit_starts: list[int]) -> list[DateExpr]:
        return [self._fixed(m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3)), gregorian_only=True,
                            form="numeric")
                for m in matches_at(_STAMP, view, digit_starts) if gregorian.to_iso(*map(int, m.groups()))]

    def _english(self, view: str) -> list[DateExpr]:
        found = []
        for match in matches_at(self._english_dates, view, run_starts(view, _ALNUM_RUN, ascii_letters + ascii_digits)):
            value = gregorian.english_to_iso(match.group())
            if value:
                year, month, day = (list(map(int, value.split("-"))) + [None, None])[:3]
                found.append(self._fixed(match.start(), match.end(), year, month, day, gregorian_only=True, form="english"))
        return found

    def month_days(self, view: str, start: int, end: int) -> list[DateExpr]:
        """9/17 inside a table's date cell (between start and end): month and day, year from the row."""
        return [self._fixed(start + m.start(), start + m.end(), None, int(m.group(1)), int(m.group(2)), False, "table")
                for m in _MONTH_DAY.finditer(view[start:end]) if 1 <= int(m.group(1)) <= 12]

    def year_expr(self, start: int, end: int, value: int) -> DateExpr | None:
        """A bare year in a table's year column (110, 2021), if it is a plausible year."""
        expr = self._fixed(start, end, value, None, None, gregorian_only=end - start == 4, form="table")
        bare_ok = end - start == 4 or value >= self.rules.bare_roc_year_min
        return expr if bare_ok and self._year_in_limits(expr.first) else None

    @staticmethod
    def _fixed(start: int, end: int, year: int | None, month: int | None, day: int | None,
               gregorian_only: bool, form: str) -> DateExpr:
        """An expression whose parts were read by a pattern rather than the grammar."""
        values = {"year": year, "month": month, "day": day}
        components = tuple(Component(level, values[level], start, end, digits=4 if gregorian_only else len(str(values[level])))
                           for level in LEVELS if values[level] is not None)
        point = Point(start, end, components, gregorian=gregorian_only)
        return DateExpr(start, end, point, point, form)
