"""rules/dates.yaml: the DATE grammar's words (folded, longest first) and limits."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..normalise import fold
from .files import DataFileError, choice, entries, int_pair, non_negative, read_yaml_mapping, regex, require, words

FILE = "dates.yaml"
LEVELS = ("year", "month", "day")
CALENDARS = frozenset({"roc", "gregorian"})
GRANULARITIES = frozenset({"year", "decade"})


@dataclass(frozen=True)
class YearPart:
    word: str  # folded
    months: tuple[int, int] | None  # first and last month covered; None keeps the granularity
    decade: bool


@dataclass(frozen=True)
class MonthPart:
    word: str  # folded
    days: tuple[int, int] | None  # first and last day covered; None keeps month granularity


@dataclass(frozen=True)
class DateRules:
    roc_prefixes: tuple[str, ...]
    units: dict[str, tuple[str, ...]]  # level -> unit words
    relative_prefixes: frozenset[str]
    relative_years: dict[str, int]  # 今年 -> 0, 去年 -> -1
    temporal_before: tuple[str, ...]
    times_of_day: tuple[str, ...]
    dateline_reach: int
    same_period: dict[str, str]  # word -> level it carries over (同年 -> year)
    year_parts: tuple[YearPart, ...]
    month_parts: tuple[MonthPart, ...]
    range_connectors: tuple[str, ...]
    list_separators: tuple[str, ...]
    not_date_before: tuple[str, ...]
    not_date_after: tuple[str, ...]
    roc_years: tuple[int, int]
    gregorian_years: tuple[int, int]
    bare_roc_year_min: int
    numeric_roc_year_min: int
    year_lookback: int
    month_lookback: int
    since_words: tuple[str, ...]
    section_heading: re.Pattern
    caption_line: re.Pattern
    anniversary: re.Pattern  # with a group "years"
    founding_after: re.Pattern  # matched right after a date
    default_calendar: str
    year_columns: tuple[str, ...]
    date_columns: tuple[str, ...]
    quote_max_length: int
    english: "EnglishDateWords"


@dataclass(frozen=True)
class EnglishDateWords:
    range_connectors: tuple[str, ...]  # longest first
    relative_years: dict[str, int]  # word -> years from the body's year
    year_prepositions: tuple[str, ...]
    year_qualifiers: tuple[str, ...]  # early 2024: inside the span, the value stays the year


def _words(entry: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    """A non-empty list of non-empty strings, folded and longest first (so 起至 is tried before 至)."""
    return tuple(sorted({fold(w) for w in words(entry, key, path, non_empty=True)}, key=lambda w: (-len(w), w)))


def _pattern(entry: dict[str, Any], key: str, path: Path, groups: tuple[str, ...] = ()) -> re.Pattern:
    """A regular expression, matched per line on the folded view, with the named groups the code reads."""
    pattern = regex(entry, fold(require(entry, key, path)), path, re.MULTILINE)
    missing = [g for g in groups if g not in pattern.groupindex]
    if missing:
        raise DataFileError(path, entry.get("__line__"), f"'{key}' needs the named group(s) {', '.join(missing)}")
    return pattern


def _year_part(entry: dict[str, Any], path: Path) -> YearPart:
    word = fold(require(entry, "word", path))
    if "months" in entry:
        return YearPart(word, int_pair(entry, "months", path, 1, 12), decade=False)
    return YearPart(word, None, decade=choice(entry, "granularity", path, GRANULARITIES) == "decade")


def _month_part(entry: dict[str, Any], path: Path) -> MonthPart:
    days = int_pair(entry, "days", path, 1, 31) if "days" in entry else None
    return MonthPart(fold(require(entry, "word", path)), days)


def _same_period(data: dict[str, Any], path: Path) -> dict[str, str]:
    return {fold(require(entry, "word", path)): choice(entry, "level", path, ("year", "month"))
            for entry in entries(data, "same_period", path)}


def _english(data: dict[str, Any], path: Path) -> EnglishDateWords:
    english = require(data, "english", path, dict)
    relative = require(english, "relative_years", path, dict)
    offsets = {str(word): offset for word, offset in relative.items() if word != "__line__"}
    if not offsets or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets.values()):
        raise DataFileError(path, relative["__line__"], "'english.relative_years' must map words to whole numbers of years")
    return EnglishDateWords(_words(english, "range_connectors", path), offsets, _words(english, "year_prepositions", path),
                            _words(english, "year_qualifiers", path))


def load_date_rules(rules: Path) -> DateRules:
    path = rules / FILE
    data = read_yaml_mapping(path)
    units = require(data, "units", path, dict)
    limits = require(data, "limits", path, dict)
    context = require(data, "context", path, dict)
    columns = require(data, "table_columns", path, dict)
    return DateRules(
        roc_prefixes=_words(data, "roc_prefixes", path),
        units={level: _words(units, level, path) for level in LEVELS},
        relative_prefixes=frozenset(_words(data, "relative_prefixes", path)),
        relative_years={fold(require(entry, "word", path)): require(entry, "offset", path, int)
                        for entry in entries(data, "relative_years", path)},
        temporal_before=_words(data, "temporal_before", path),
        times_of_day=_words(data, "times_of_day", path),
        dateline_reach=non_negative(context, "dateline_reach", path),
        same_period=_same_period(data, path),
        year_parts=tuple(sorted((_year_part(e, path) for e in entries(data, "year_parts", path)), key=lambda p: -len(p.word))),
        month_parts=tuple(sorted((_month_part(e, path) for e in entries(data, "month_parts", path)),
                                 key=lambda p: -len(p.word))),
        range_connectors=_words(data, "range_connectors", path),
        list_separators=_words(data, "list_separators", path),
        not_date_before=_words(data, "not_date_before", path),
        not_date_after=_words(data, "not_date_after", path),
        roc_years=int_pair(limits, "roc_year", path, 1, 9999),
        gregorian_years=int_pair(limits, "gregorian_year", path, 1, 9999),
        bare_roc_year_min=non_negative(limits, "bare_roc_year_min", path),
        numeric_roc_year_min=non_negative(limits, "numeric_roc_year_min", path),
        year_lookback=non_negative(context, "year_lookback", path),
        month_lookback=non_negative(context, "month_lookback", path),
        since_words=_words(context, "since_words", path),
        section_heading=_pattern(context, "section_heading", path),
        caption_line=_pattern(context, "caption_line", path),
        anniversary=_pattern(context, "anniversary", path, groups=("years",)),
        founding_after=_pattern(context, "founding_after", path),
        default_calendar=choice(context, "default_calendar", path, CALENDARS),
        year_columns=_words(columns, "year", path),
        date_columns=_words(columns, "date", path),
        quote_max_length=non_negative(data, "quote_max_length", path),
        english=_english(data, path),
    )
