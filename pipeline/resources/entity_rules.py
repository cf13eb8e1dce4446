"""The entity grammar's data: official titles (rules/titles.yaml), organisation endings
(rules/org_suffixes.yaml) and the grammar's word lists (rules/entities.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import DataFileError, choice, entries, key_line, no_unknown_keys, read_yaml, read_yaml_mapping, require, words
from .vocabularies import Vocabularies


@dataclass(frozen=True)
class Title:
    title: str
    en: str
    ambiguous: bool


@dataclass(frozen=True)
class OrgSuffix:
    suffix: str
    kind: str
    not_before: frozenset[str]
    not_after: tuple[str, ...]
    lang: str
    whole: bool = False  # the ending alone names a unit (本府秘書處 → 秘書處)
    after_place: bool = False  # the ending names a body only right after a place (桃園 + 市府)


def load_titles(path: Path) -> tuple[tuple[Title, ...], dict[str, str]]:
    data = read_yaml(path)
    titles = []
    for entry in entries(data, "titles", path):
        no_unknown_keys(entry, {"title", "en", "ambiguous"}, path)
        ambiguous = entry.get("ambiguous", False)
        if not isinstance(ambiguous, bool):
            raise DataFileError(path, entry["__line__"], "'ambiguous' must be true or false")
        titles.append(Title(require(entry, "title", path), require(entry, "en", path), ambiguous))
    modifiers = {}
    for entry in entries(data, "modifiers", path):
        no_unknown_keys(entry, {"word", "en"}, path)
        modifiers[require(entry, "word", path)] = require(entry, "en", path)
    return tuple(titles), modifiers


def load_org_suffixes(path: Path, vocab: Vocabularies) -> tuple[OrgSuffix, ...]:
    suffixes = []
    for entry in entries(read_yaml(path), "suffixes", path):
        no_unknown_keys(entry, {"suffix", "kind", "not_before", "not_after", "lang", "whole", "after_place"}, path)
        suffixes.append(OrgSuffix(
            suffix=require(entry, "suffix", path),
            kind=choice(entry, "kind", path, vocab.org_kinds),
            not_before=frozenset(words(entry, "not_before", path, [])),
            not_after=tuple(words(entry, "not_after", path, [])),
            lang=choice({"lang": "zh", **entry}, "lang", path, ("zh", "en")),
            whole=require({"whole": False, **entry}, "whole", path, bool),
            after_place=require({"after_place": False, **entry}, "after_place", path, bool),
        ))
        if any(s.suffix == suffixes[-1].suffix for s in suffixes[:-1]):
            raise DataFileError(path, entry["__line__"], f"suffix '{suffixes[-1].suffix}' is listed twice")
    return tuple(suffixes)


# rules/entities.yaml: key -> expected shape ("list" of strings, "str", "int", or the keys of a mapping).
_ENTITY_RULES = {
    "admin_suffixes": "list", "higher_place_kinds": "list", "place_tags": "list", "places_named_after_people": "list",
    "suffix_words": "list", "not_name_openers": "list", "unseen_city_suffixes": "list",
    "deictics": "list", "name_endings": "list", "name_stops": "list", "stop_tags": "list", "person_tags": "list",
    "conjunctions": "list", "list_joiners": "list", "list_enders": "list", "transliteration_tags": "list", "honorifics": "list", "not_names": "list",
    "name_joiners": "str", "function_tags": "list", "lone_stop_tags": "list", "person_measures": "list", "name_ending_reach": "int", "org_openers": "list", "org_count_measures": "list",
    "org_joiners": "list", "org_name_max": "int", "abbreviations": ("CITY", "COUNTRY"),
    "unseen_city_name_length": ("min", "max"), "unseen_city_separators": ("after_place", "in_list"),
    "name_length": ("chinese_given_max", "foreign_max"), "org_place_prefix": ("chain_kept_by", "country_outside"),
    "home_country": "str", "home_aliases_always": "list", "unseen_city_ties": ("before", "verbs", "reach"),
}
# Word lists inside the mappings of rules/entities.yaml. Those that become alternations in a pattern must
# not be empty: the pattern would then match everywhere.
_WORD_LISTS = {
    ("unseen_city_ties", "before"): True, ("unseen_city_ties", "verbs"): True, ("org_place_prefix", "chain_kept_by"): False,
    ("org_place_prefix", "country_outside"): False,
}


def _check_rule(data: dict[str, Any], key: str, shape: Any, path: Path) -> None:
    """Check data[key] against its shape; a mapping loses its '__line__' once checked."""
    if shape == "list":
        words(data, key, path)
    elif shape in ("str", "int"):
        require(data, key, path, str if shape == "str" else int)
    else:
        mapping = require(data, key, path, dict)
        missing = [k for k in shape if k not in mapping]
        if missing:
            raise DataFileError(path, mapping["__line__"], f"'{key}' lacks {', '.join(missing)}")
        data[key] = {k: v for k, v in mapping.items() if k != "__line__"}


def load_entity_rules(path: Path) -> dict[str, Any]:
    data = read_yaml_mapping(path)
    no_unknown_keys(data, set(_ENTITY_RULES), path)
    for key, shape in _ENTITY_RULES.items():
        try:
            _check_rule(data, key, shape, path)
        except DataFileError as error:
            raise DataFileError(path, key_line(path, key) or error.line, error.reason) from None
    for (key, part), non_empty in _WORD_LISTS.items():
        try:
            words(data[key], part, path, non_empty=non_empty)
        except DataFileError:
            kind = "a non-empty list of words" if non_empty else "a list of words"
            raise DataFileError(path, key_line(path, key), f"'{key}.{part}' must be {kind}") from None
    return data


def check_org_kinds(rules: dict[str, Any], vocab: Vocabularies, path: Path) -> None:
    """The organisation kinds entities.yaml names must be kinds of rules/vocabularies.yaml."""
    for kinds in rules["org_place_prefix"].values():
        for kind in kinds:
            choice({"kind": kind, "__line__": key_line(path, "org_place_prefix")}, "kind", path, vocab.org_kinds)
