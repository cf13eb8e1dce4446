"""rules/dates.yaml, loaded and checked once: the DATE grammar's words (folded) and limits."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datafiles import DataFileError, check_choice, read_yaml_mapping, require, rules_dir
from ..normalise import fold

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
    section_heading: re.Pattern
    default_calendar: str
    year_columns: tuple[str, ...]
    date_columns: tuple[str, ...]
    quote_pairs: tuple[tuple[str, str], ...]
    quote_max_length: int


def _words(entry: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    """A non-empty list of non-empty strings, folded and longest first (so 起至 is tried before 至)."""
    words = require(entry, key, path, list)
    if not words or not all(isinstance(w, str) and w for w in words):
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be a non-empty list of words")
    return tuple(sorted({fold(w) for w in words}, key=lambda w: (-len(w), w)))


def _int_pair(entry: dict[str, Any], key: str, path: Path, low: int, high: int) -> tuple[int, int]:
    pair = require(entry, key, path, list)
    if len(pair) != 2 or not all(isinstance(n, int) and low <= n <= high for n in pair) or pair[0] > pair[1]:
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be [first, last] with {low} <= first <= last <= {high}")
    return pair[0], pair[1]


def _positive(entry: dict[str, Any], key: str, path: Path) -> int:
    value = require(entry, key, path, int)
    if value < 0:
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must not be negative")
    return value


def _pattern(entry: dict[str, Any], key: str, path: Path) -> re.Pattern:
    """A regular expression, matched per line on the folded view."""
    try:
        return re.compile(fold(require(entry, key, path)), re.MULTILINE)
    except re.error as exc:
        raise DataFileError(path, entry.get("__line__"), f"'{key}' is not a valid regular expression: {exc}") from exc


def _year_part(entry: Any, path: Path) -> YearPart:
    if not isinstance(entry, dict):
        raise DataFileError(path, None, "each year_parts entry must be a mapping")
    word = fold(require(entry, "word", path))
    if "months" in entry:
        return YearPart(word, _int_pair(entry, "months", path, 1, 12), decade=False)
    granularity = check_choice(require(entry, "granularity", path), GRANULARITIES,
                               lambda reason: DataFileError(path, entry["__line__"], reason))
    return YearPart(word, None, decade=granularity == "decade")


def _month_part(entry: Any, path: Path) -> MonthPart:
    if not isinstance(entry, dict):
        raise DataFileError(path, None, "each month_parts entry must be a mapping")
    days = _int_pair(entry, "days", path, 1, 31) if "days" in entry else None
    return MonthPart(fold(require(entry, "word", path)), days)


def _same_period(entries: Any, path: Path) -> dict[str, str]:
    if not isinstance(entries, list):
        raise DataFileError(path, None, "'same_period' must be a list")
    carried = {}
    for entry in entries:
        level = check_choice(require(entry, "level", path), {"year", "month"},
                             lambda reason, e=entry: DataFileError(path, e["__line__"], reason))
        carried[fold(require(entry, "word", path))] = level
    return carried


def _quote_pairs(entry: dict[str, Any], path: Path) -> tuple[tuple[str, str], ...]:
    pairs = _words(entry, "pairs", path)
    if not all(len(p) == 2 for p in pairs):
        raise DataFileError(path, entry.get("__line__"), "each quote pair must be two characters, open then close")
    return tuple((p[0], p[1]) for p in pairs)


def load_date_rules(path: Path | None = None) -> DateRules:
    path = path or rules_dir() / "dates.yaml"
    data = read_yaml_mapping(path)
    units = require(data, "units", path, dict)
    limits = require(data, "limits", path, dict)
    context = require(data, "context", path, dict)
    columns = require(data, "table_columns", path, dict)
    quotes = require(data, "quotes", path, dict)
    year_parts = require(data, "year_parts", path, list)
    return DateRules(
        roc_prefixes=_words(data, "roc_prefixes", path),
        units={level: _words(units, level, path) for level in LEVELS},
        relative_prefixes=frozenset(_words(data, "relative_prefixes", path)),
        same_period=_same_period(require(data, "same_period", path, list), path),
        year_parts=tuple(sorted((_year_part(e, path) for e in year_parts), key=lambda p: -len(p.word))),
        month_parts=tuple(sorted((_month_part(e, path) for e in require(data, "month_parts", path, list)),
                                 key=lambda p: -len(p.word))),
        range_connectors=_words(data, "range_connectors", path),
        list_separators=_words(data, "list_separators", path),
        not_date_before=_words(data, "not_date_before", path),
        not_date_after=_words(data, "not_date_after", path),
        roc_years=_int_pair(limits, "roc_year", path, 1, 9999),
        gregorian_years=_int_pair(limits, "gregorian_year", path, 1, 9999),
        bare_roc_year_min=_positive(limits, "bare_roc_year_min", path),
        numeric_roc_year_min=_positive(limits, "numeric_roc_year_min", path),
        year_lookback=_positive(context, "year_lookback", path),
        month_lookback=_positive(context, "month_lookback", path),
        section_heading=_pattern(context, "section_heading", path),
        default_calendar=check_choice(require(context, "default_calendar", path), CALENDARS,
                                      lambda reason: DataFileError(path, context["__line__"], reason)),
        year_columns=_words(columns, "year", path),
        date_columns=_words(columns, "date", path),
        quote_pairs=_quote_pairs(quotes, path),
        quote_max_length=_positive(quotes, "max_length", path),
    )
