"""rules/counts.yaml: units, qualifiers and exceptions of COUNT, folded for matching."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..normalise import fold
from .files import DataFileError, check_choice, entries, error_at, non_negative, read_yaml_mapping, require, words
from .vocabularies import Vocabularies

FILE = "counts.yaml"


@dataclass(frozen=True)
class Unit:
    word: str  # folded
    digits_only: bool


@dataclass(frozen=True)
class TableRules:
    count_headers: tuple[str, ...]
    unit_words: tuple[tuple[str, str], ...]  # (folded word, unit as written)
    default_unit: str


@dataclass(frozen=True)
class PopulationRule:
    words: tuple[str, ...]  # folded
    reach: int
    unit: str


@dataclass(frozen=True)
class CountRules:
    units: dict[str, Unit]
    unit_blockers: tuple[str, ...]
    not_counts: frozenset[str]
    not_count_before: tuple[str, ...]
    inner_approx: dict[str, str]
    qualifiers: dict[str, str | None]
    multiplication_signs: frozenset[str]
    table: TableRules
    quote_max_length: int
    population: PopulationRule


def _approx_words(data: dict, key: str, path: Path, approx: frozenset[str], allow_null: bool) -> dict[str, str | None]:
    found = {}
    for entry in entries(data, key, path):
        value = entry.get("approx")
        if value is not None or not allow_null:
            value = check_choice(str(value), approx, error_at(entry, path))
        found[fold(require(entry, "word", path))] = value
    return found


def _units(data: dict, path: Path) -> dict[str, Unit]:
    units = {}
    for entry in require(data, "units", path, list):
        if isinstance(entry, str):
            entry = {"unit": entry, "__line__": data.get("__line__")}
        if not isinstance(entry, dict):
            raise DataFileError(path, data.get("__line__"), f"a unit must be a string or a mapping, not {entry!r}")
        word = require(entry, "unit", path).strip()
        if not word:
            raise DataFileError(path, entry["__line__"], "empty unit")
        units[fold(word)] = Unit(fold(word), bool(entry.get("digits_only", False)))
    return units


def _table_rules(data: dict, path: Path) -> TableRules:
    table = require(data, "table", path, dict)
    unit_words = tuple((fold(require(entry, "word", path)), require(entry, "unit", path))
                       for entry in entries(table, "unit_words", path))
    return TableRules(tuple(fold(w) for w in words(table, "count_headers", path)), unit_words,
                      require(table, "default_unit", path))


def load_count_rules(rules: Path, vocab: Vocabularies) -> CountRules:
    path = rules / FILE
    data = read_yaml_mapping(path)
    return CountRules(
        units=_units(data, path),
        unit_blockers=tuple(fold(w) for w in words(data, "unit_blockers", path)),
        not_counts=frozenset(fold(w) for w in words(data, "not_counts", path)),
        not_count_before=tuple(fold(w) for w in words(data, "not_count_before", path)),
        inner_approx=_approx_words(data, "inner_approx", path, vocab.count_approx, allow_null=False),
        qualifiers=_approx_words(data, "qualifiers", path, vocab.count_approx, allow_null=True),
        multiplication_signs=frozenset(words(data, "multiplication_signs", path)),
        table=_table_rules(data, path),
        quote_max_length=non_negative(data, "quote_max_length", path),
        population=_population(data, path),
    )


def _population(data: dict, path: Path) -> PopulationRule:
    entry = require(data, "population", path, dict)
    return PopulationRule(tuple(fold(w) for w in words(entry, "words", path, non_empty=True)),
                          non_negative(entry, "reach", path), require(entry, "unit", path))
