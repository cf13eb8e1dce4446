"""Loading the data a domain expert edits: gazetteer TSV files and rule YAML files.

Every loader validates as it reads and raises DataFileError naming the file, the
line and the reason, so a bad entry stops start-up before anything half-loads.
"""
from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """Where rules/ and gazetteer/ live; GOVREPORT_HOME overrides the checkout."""
    return Path(os.environ.get("GOVREPORT_HOME", PROJECT_ROOT))


def rules_dir() -> Path:
    return data_root() / "rules"


def gazetteer_dir() -> Path:
    return data_root() / "gazetteer"


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


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser where PyYAML has it
    """A SafeLoader that records the source line of every mapping as '__line__'."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def read_yaml(path: Path) -> Any:
    """A YAML file whose mappings carry '__line__' for error messages."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
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


def require(entry: dict[str, Any], key: str, path: Path, kind: type | tuple[type, ...] = str) -> Any:
    """entry[key], checked for presence and type, or a DataFileError at the entry's line."""
    if key not in entry:
        raise DataFileError(path, entry.get("__line__"), f"missing key '{key}'")
    value = entry[key]
    if not isinstance(value, kind):
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be {getattr(kind, '__name__', kind)}")
    return value


def check_choice(value: str, choices: set[str] | frozenset[str], where: Callable[[str], DataFileError]) -> str:
    if value not in choices:
        raise where(f"'{value}' is not one of {', '.join(sorted(choices))}")
    return value
