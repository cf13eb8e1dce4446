"""rules/vocabularies.yaml: the closed vocabularies every other data file is checked against."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .files import DataFileError, read_yaml_mapping, require, words

FILE = "vocabularies.yaml"


@dataclass(frozen=True)
class Vocabularies:
    labels: tuple[str, ...]
    place_kinds: dict[str, str]  # kind -> the label a place of that kind gets
    org_kinds: frozenset[str]
    agreement_types: tuple[str, ...]
    event_actions: tuple[str, ...]
    count_approx: frozenset[str]
    sources: frozenset[str]
    surname_origins: frozenset[str]

    def place_label(self, kind: str) -> str:
        return self.place_kinds[kind]


def _unique(path: Path, data: dict, key: str) -> tuple[str, ...]:
    values = words(data, key, path, non_empty=True)
    if len(set(values)) != len(values):
        raise DataFileError(path, data.get("__line__"), f"'{key}' lists a value twice")
    return tuple(values)


def load_vocabularies(rules: Path) -> Vocabularies:
    path = rules / FILE
    data = read_yaml_mapping(path)
    labels = _unique(path, data, "labels")
    kinds = require(data, "place_kinds", path, dict)
    place_kinds = {kind: label for kind, label in kinds.items() if kind != "__line__"}
    for kind, label in place_kinds.items():
        if label not in ("CITY", "COUNTRY"):
            raise DataFileError(path, kinds["__line__"], f"place kind '{kind}' must give CITY or COUNTRY, not {label!r}")
    return Vocabularies(
        labels=labels,
        place_kinds=place_kinds,
        org_kinds=frozenset(_unique(path, data, "org_kinds")),
        agreement_types=_unique(path, data, "agreement_types"),
        event_actions=_unique(path, data, "event_actions"),
        count_approx=frozenset(_unique(path, data, "count_approx")),
        sources=frozenset(_unique(path, data, "sources")),
        surname_origins=frozenset(_unique(path, data, "surname_origins")),
    )
