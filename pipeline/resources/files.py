"""Reading the files a domain expert edits, and the validators every loader shares.

Every reader and validator raises DataFileError naming the file, the line and the reason, so a bad
entry stops start-up before anything half-loads. YAML mappings carry the line they start on as
'__line__'; TSV rows carry theirs.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


class DataFileError(ValueError):
    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class TsvRow:
    path: Path
    line: int
    fields: dict[str, str]

    def error(self, reason: str) -> DataFileError:
        return DataFileError(self.path, self.line, reason)

    def list(self, column: str, sep: str = "|") -> list[str]:
        return [item.strip() for item in self.fields.get(column, "").split(sep) if item.strip()]


def read_tsv(path: Path, required: tuple[str, ...]) -> Iterator[TsvRow]:
    """Rows of a TSV file with a header line; '#' lines and blank lines are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from exc
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not numbered:
        raise DataFileError(path, None, "no header line")
    header_line, header_text = numbered[0]
    header = header_text.split("\t")
    missing = [col for col in required if col not in header]
    if missing:
        raise DataFileError(path, header_line, f"header lacks column(s) {', '.join(missing)}")
    for number, line in numbered[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(header):
            raise DataFileError(path, number, f"{len(cells)} fields, header has {len(header)}")
        fields = dict(zip(header, (c.strip() for c in cells)))
        for col in required:
            if not fields.get(col):
                raise DataFileError(path, number, f"empty required field '{col}'")
        yield TsvRow(path, number, fields)


@cache  # PyYAML is imported when a rule file is read: a pipeline read from the compiled cache reads none
def _line_loader() -> type:
    import yaml

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser where PyYAML has it
        """A SafeLoader that records the source line of every mapping as '__line__'."""

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
            mapping = super().construct_mapping(node, deep=deep)
            mapping["__line__"] = node.start_mark.line + 1
            return mapping

    return LineLoader


def read_yaml(path: Path) -> Any:
    """A YAML file whose mappings carry '__line__' for error messages."""
    import yaml

    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_line_loader())
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(path, line, f"invalid YAML: {exc.problem}") from exc


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """A YAML rule file whose top level is a mapping of named sections."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(path, None, "top level must be a mapping")
    return data


# ----- validators: each checks one entry of a mapping and names the mapping's line on failure -----

def error_at(entry: dict[str, Any], path: Path) -> Callable[[str], DataFileError]:
    """A maker of errors at the line of `entry`."""
    return lambda reason: DataFileError(path, entry.get("__line__"), reason)


def require(entry: dict[str, Any], key: str, path: Path, kind: type | tuple[type, ...] = str) -> Any:
    """entry[key], checked for presence and type, or a DataFileError at the entry's line."""
    if key not in entry:
        raise DataFileError(path, entry.get("__line__"), f"missing key '{key}'")
    value = entry[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be {getattr(kind, '__name__', kind)}")
    return value


def check_choice(value: str, choices: set[str] | frozenset[str] | tuple[str, ...],
                 where: Callable[[str], DataFileError]) -> str:
    if value not in choices:
        raise where(f"'{value}' is not one of {', '.join(sorted(choices))}")
    return value


def choice(entry: dict[str, Any], key: str, path: Path, choices: set[str] | frozenset[str] | tuple[str, ...]) -> str:
    """entry[key], which must be one of `choices`."""
    return check_choice(require(entry, key, path), choices, error_at(entry, path))


def words(entry: dict[str, Any], key: str, path: Path, default: list | None = None, non_empty: bool = False) -> list[str]:
    """entry[key] as a list of non-empty strings (entry.get(key, default) when a default is given)."""
    value = entry.get(key, default) if default is not None else require(entry, key, path, list)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be a list of non-empty strings")
    if non_empty and not value:
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must not be empty")
    return value


def entries(data: Any, key: str, path: Path) -> list[dict[str, Any]]:
    """data[key] as a list of mappings."""
    if not isinstance(data, dict):
        raise DataFileError(path, None, "top level must be a mapping")
    items = require(data, key, path, list)
    for item in items:
        if not isinstance(item, dict):
            raise DataFileError(path, data.get("__line__"), f"every item of '{key}' must be a mapping, not {item!r}")
    return items


def non_negative(entry: dict[str, Any], key: str, path: Path) -> int:
    value = require(entry, key, path, int)
    if value < 0:
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be 0 or more")
    return value


def int_pair(entry: dict[str, Any], key: str, path: Path, low: int, high: int) -> tuple[int, int]:
    """[first, last] with low <= first <= last <= high."""
    pair = require(entry, key, path, list)
    if len(pair) != 2 or not all(isinstance(n, int) and low <= n <= high for n in pair) or pair[0] > pair[1]:
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be [first, last] with {low} <= first <= last <= {high}")
    return pair[0], pair[1]


def regex(entry: dict[str, Any], source: str, path: Path, flags: int = 0, groups: int = 0) -> re.Pattern:
    """A regular expression from a data file (source as the code will match it: folded, lower-cased), with
    at least `groups` groups the code reads."""
    try:
        pattern = re.compile(source, flags)
    except re.error as exc:
        raise DataFileError(path, entry.get("__line__"), f"bad regular expression {source!r}: {exc}") from None
    if pattern.groups < groups:
        raise DataFileError(path, entry.get("__line__"), f"{source!r} needs {groups} group(s) around what the code reads")
    return pattern


def no_unknown_keys(entry: dict[str, Any], allowed: set[str], path: Path) -> None:
    unknown = set(entry) - allowed - {"__line__"}
    if unknown:
        raise DataFileError(path, entry.get("__line__"), f"unknown key(s) {', '.join(sorted(unknown))}")


def key_line(path: Path, key: str) -> int | None:
    """The line a top-level key sits on (PyYAML marks mappings, not their keys)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)
