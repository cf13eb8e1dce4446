"""The English recogniser's data: the English title lexicon (rules/english_titles.yaml), its word lists
(rules/english.yaml) and its token patterns (rules/english_patterns.jsonl, spaCy's Matcher / SpanRuler
JSONL format: one {"id", "label", "pattern"} object a line, and optionally "keep" and "confirms")."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import (DataFileError, check_choice, entries, error_at, no_unknown_keys, non_negative, read_yaml, read_yaml_mapping,
                    require, words)
from .vocabularies import Vocabularies

TITLES_FILE, WORDS_FILE, PATTERNS_FILE = "english_titles.yaml", "english.yaml", "english_patterns.jsonl"
# Which part of a match becomes the span: all of it, its first token, each name in it (Toyota and Okazaki
# Cities), or the first or last run of name tokens (a name-only OFFICIAL).
KEEPS = ("all", "first", "each_name", "first_name_run", "last_name_run")


@dataclass(frozen=True)
class EnglishTitle:
    title: str
    zh: tuple[str, ...]
    ambiguous: bool


@dataclass(frozen=True)
class EnglishPattern:
    id: str
    label: str
    keep: str
    pattern: tuple  # the token pattern, as JSON gave it (lists and dicts)
    # a match writes the ambiguous names in it as places (Austin, Texas; City of Victoria): the document's
    # other mentions of them count too
    confirms: bool = False


@dataclass(frozen=True)
class EnglishRules:
    titles: tuple[EnglishTitle, ...]
    modifiers: tuple[str, ...]
    honorifics: tuple[str, ...]
    words: dict[str, Any]  # rules/english.yaml, validated
    patterns: tuple[EnglishPattern, ...]


def _titles(path: Path) -> tuple[tuple[EnglishTitle, ...], tuple[str, ...], tuple[str, ...]]:
    data = read_yaml(path)
    titles = []
    for entry in entries(data, "titles", path):
        no_unknown_keys(entry, {"title", "zh", "ambiguous"}, path)
        ambiguous = require({"ambiguous": False, **entry}, "ambiguous", path, bool)
        titles.append(EnglishTitle(require(entry, "title", path), tuple(words(entry, "zh", path)), ambiguous))
    return tuple(titles), tuple(words(data, "modifiers", path)), tuple(words(data, "honorifics", path))


# rules/english.yaml: key -> "list" of words, "int", or "map" of word -> number (for qualifiers an approx value,
# for country abbreviations a country code).
_WORDS = {"place_suffixes": "list", "place_suffix_modifiers": "list", "romanised_place_suffixes": "list", "ambiguous_places": "list", "country_abbreviations": "map", "org_heads": "list",
          "not_org_acronyms": "list", "name_endings": "list", "number_words": "map", "magnitudes": "map",
          "count_units_singular": "list", "plural_nouns": "list", "not_count_units": "list", "count_modifiers": "list",
          "not_count_before": "list", "count_qualifiers": "map", "org_place_openers": "list", "org_joiners": "list", "not_place_words": "list",
          "acronym_stretch_words": "int"}


def _words(path: Path, vocab: Vocabularies) -> dict[str, Any]:
    data = read_yaml_mapping(path)
    no_unknown_keys(data, set(_WORDS), path)
    checked = {}
    for key, shape in _WORDS.items():
        if shape == "list":
            checked[key] = tuple(words(data, key, path))
            continue
        if shape == "int":
            checked[key] = non_negative(data, key, path)
            continue
        mapping = require(data, key, path, dict)
        where = error_at(mapping, path)
        values = {str(k): v for k, v in mapping.items() if k != "__line__"}
        for word, value in values.items():
            if key == "count_qualifiers":
                check_choice(value, vocab.count_approx, where)
            elif key == "country_abbreviations":
                if not (isinstance(value, str) and len(value) == 2 and value.isupper()):
                    raise where(f"'{key}.{word}' must be a two-letter country code")
            elif not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
                raise where(f"'{key}.{word}' must be a positive whole number")
        checked[key] = values
    return checked


def _pattern(path: Path, line: int, text: str, labels: tuple[str, ...]) -> EnglishPattern:
    try:
        entry = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(path, line, f"invalid JSON: {exc.msg}") from None
    if not isinstance(entry, dict):
        raise DataFileError(path, line, "each line must be a JSON object")
    unknown = set(entry) - {"id", "label", "pattern", "keep", "confirms"}
    if unknown:
        raise DataFileError(path, line, f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("id", "label"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise DataFileError(path, line, f"'{key}' must be a non-empty string")
    where = lambda reason: DataFileError(path, line, reason)  # noqa: E731
    check_choice(entry["label"], labels, where)
    keep = check_choice(entry.get("keep", "all"), KEEPS, where)
    pattern = entry.get("pattern")
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        raise DataFileError(path, line, "'pattern' must be a non-empty list of token objects")
    _check_with_spacy(pattern, where)
    confirms = entry.get("confirms", False)
    if not isinstance(confirms, bool):
        raise DataFileError(path, line, "'confirms' must be true or false")
    return EnglishPattern(entry["id"], entry["label"], keep, tuple(pattern), confirms)


def _check_with_spacy(pattern: list, where) -> None:
    """spaCy's own validation of a Matcher pattern, its message at the pattern's line."""
    from spacy.lang.en import English
    from spacy.matcher import Matcher

    try:
        Matcher(English().vocab, validate=True).add("check", [pattern])
    except (ValueError, KeyError, TypeError) as exc:
        raise where(f"bad token pattern: {' '.join(str(exc).split())[:300]}") from None


def load_english_rules(rules: Path, vocab: Vocabularies) -> EnglishRules:
    titles, modifiers, honorifics = _titles(rules / TITLES_FILE)
    path = rules / PATTERNS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from exc
    patterns = tuple(_pattern(path, number, line, vocab.labels) for number, line in enumerate(lines, 1)
                     if line.strip())
    return EnglishRules(titles, modifiers, honorifics, _words(rules / WORDS_FILE, vocab), patterns)
