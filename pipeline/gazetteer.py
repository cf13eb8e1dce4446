"""The gazetteer and the entity word lists, loaded and validated once per process.

Places (countries, subdivisions, cities) come from TSV files in gazetteer/, organisations without a
suffix and surnames too; titles, organisation endings and the entity grammar's word lists come
from YAML files in rules/. A bad entry raises DataFileError naming its file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from .datafiles import DataFileError, TsvRow, check_choice, gazetteer_dir, read_tsv, read_yaml, require, rules_dir
from .normalise import fold

# Earlier files win where two entries claim the same name: curated data overrides generated data.
PLACE_FILES = ("countries_curated.tsv", "cities_curated.tsv", "countries.tsv", "subdivisions.tsv", "cldr_cities.tsv")
PLACE_COLUMNS = ("name", "name_en", "country", "kind", "source")
COUNTRY_KINDS = frozenset({"country"})
CITY_KINDS = frozenset({
    "territory", "city", "county", "prefecture", "state", "province", "region", "district", "town",
    "special_municipality", "metropolitan_city", "special_city", "municipal_group", "outlying_area",
})
SOURCES = frozenset({"pycountry", "cldr", "curated"})
ORG_KINDS = frozenset({"government", "mission", "school", "company", "association", "international", "venue"})
SURNAME_ORIGINS = frozenset({"chinese", "japanese"})
# User-assigned ISO codes (XA–XZ) stand for places ISO 3166 lacks (Somaliland).
_USER_CODE = re.compile(r"X[A-Z]")
_BAD_NAME = re.compile(r"[\s|]")


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    short: tuple[str, ...]  # forms that count only when the document names the place in full
    name_en: str
    country: str
    kind: str
    source: str
    where: str  # file:line, for messages and the span's rule

    @property
    def label(self) -> str:
        return "COUNTRY" if self.kind in COUNTRY_KINDS else "CITY"


@dataclass(frozen=True)
class Org:
    name: str
    aliases: tuple[str, ...]
    name_en: str
    kind: str
    source: str


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


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]
    orgs: tuple[Org, ...]
    surnames: dict[str, str]  # folded surname -> origin
    titles: tuple[Title, ...]
    modifiers: dict[str, str]  # modifier word -> English
    org_suffixes: tuple[OrgSuffix, ...]
    rules: dict[str, Any]  # rules/entities.yaml, validated


def _check_name(row: TsvRow, value: str, column: str) -> str:
    if _BAD_NAME.search(value):
        raise row.error(f"'{column}' value '{value}' contains whitespace or '|'")
    return value


def _check_country(row: TsvRow, code: str) -> str:
    if not (_USER_CODE.fullmatch(code) or pycountry.countries.get(alpha_2=code)):
        raise row.error(f"'{code}' is not an ISO 3166-1 alpha-2 code (or a user-assigned XA–XZ)")
    return code


def _place_from_row(row: TsvRow) -> Place:
    fields = row.fields
    kind = check_choice(fields["kind"], COUNTRY_KINDS | CITY_KINDS, row.error)
    source = check_choice(fields["source"], SOURCES, row.error)
    name = _check_name(row, fields["name"], "name")
    return Place(
        name=name,
        aliases=tuple(_check_name(row, a, "aliases") for a in row.list("aliases")),
        short=tuple(_check_name(row, s, "short") for s in row.list("short")),
        name_en=fields["name_en"],
        country=_check_country(row, fields["country"]),
        kind=kind,
        source=source,
        where=f"{row.path.name}:{row.line}",
    )


def _merge_key(place: Place) -> tuple[str, str]:
    # A country (or dependent territory) is one entry per ISO code; a city one entry per name.
    if place.source != "cldr" and (place.kind in COUNTRY_KINDS or place.kind == "territory") and \
            not _USER_CODE.fullmatch(place.country):
        return ("code", place.country)
    return ("name", fold(place.name))


def _merge(first: Place, later: Place) -> Place:
    """The earlier (higher-priority) entry, with the later one's names added as aliases."""
    extra = (later.name, *later.aliases)
    aliases = tuple(dict.fromkeys((*first.aliases, *(a for a in extra if a != first.name))))
    return Place(first.name, aliases, first.short, first.name_en, first.country, first.kind,
                 first.source, first.where)


def load_places(directory: Path) -> tuple[Place, ...]:
    merged: dict[tuple[str, str], Place] = {}
    for filename in PLACE_FILES:
        for row in read_tsv(directory / filename, PLACE_COLUMNS):
            place = _place_from_row(row)
            key = _merge_key(place)
            merged[key] = _merge(merged[key], place) if key in merged else place
    return tuple(merged.values())


def load_orgs(path: Path) -> tuple[Org, ...]:
    orgs = []
    for row in read_tsv(path, ("name", "name_en", "kind", "source")):
        orgs.append(Org(
            name=_check_name(row, row.fields["name"], "name"),
            aliases=tuple(row.list("aliases")),
            name_en=row.fields["name_en"],
            kind=check_choice(row.fields["kind"], ORG_KINDS, row.error),
            source=check_choice(row.fields["source"], SOURCES, row.error),
        ))
    return tuple(orgs)


def load_surnames(path: Path) -> dict[str, str]:
    surnames = {}
    for row in read_tsv(path, ("surname", "origin", "source")):
        surname = _check_name(row, row.fields["surname"], "surname")
        check_choice(row.fields["source"], SOURCES, row.error)
        surnames[fold(surname)] = check_choice(row.fields["origin"], SURNAME_ORIGINS, row.error)
    return surnames


def _entries(data: Any, key: str, path: Path) -> list[dict[str, Any]]:
    """data[key] as a list of mappings, or a DataFileError."""
    if not isinstance(data, dict):
        raise DataFileError(path, None, "top level must be a mapping")
    entries = require(data, key, path, list)
    for entry in entries:
        if not isinstance(entry, dict):
            raise DataFileError(path, data.get("__line__"), f"every item of '{key}' must be a mapping")
    return entries


def _no_unknown_keys(entry: dict[str, Any], allowed: set[str], path: Path) -> None:
    unknown = set(entry) - allowed - {"__line__"}
    if unknown:
        raise DataFileError(path, entry.get("__line__"), f"unknown key(s) {', '.join(sorted(unknown))}")


def _string_list(entry: dict[str, Any], key: str, path: Path, default: list | None = None) -> list[str]:
    value = entry.get(key, default) if default is not None else require(entry, key, path, list)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataFileError(path, entry.get("__line__"), f"'{key}' must be a list of non-empty strings")
    return value


def load_titles(path: Path) -> tuple[tuple[Title, ...], dict[str, str]]:
    data = read_yaml(path)
    titles = []
    for entry in _entries(data, "titles", path):
        _no_unknown_keys(entry, {"title", "en", "ambiguous"}, path)
        ambiguous = entry.get("ambiguous", False)
        if not isinstance(ambiguous, bool):
            raise DataFileError(path, entry["__line__"], "'ambiguous' must be true or false")
        titles.append(Title(require(entry, "title", path), require(entry, "en", path), ambiguous))
    modifiers = {}
    for entry in _entries(data, "modifiers", path):
        _no_unknown_keys(entry, {"word", "en"}, path)
        modifiers[require(entry, "word", path)] = require(entry, "en", path)
    return tuple(titles), modifiers


def load_org_suffixes(path: Path) -> tuple[OrgSuffix, ...]:
    suffixes = []
    for entry in _entries(read_yaml(path), "suffixes", path):
        _no_unknown_keys(entry, {"suffix", "kind", "not_before", "not_after", "lang", "whole"}, path)
        where = lambda reason, line=entry["__line__"]: DataFileError(path, line, reason)  # noqa: E731
        suffixes.append(OrgSuffix(
            suffix=require(entry, "suffix", path),
            kind=check_choice(require(entry, "kind", path), ORG_KINDS, where),
            not_before=frozenset(_string_list(entry, "not_before", path, [])),
            not_after=tuple(_string_list(entry, "not_after", path, [])),
            lang=check_choice(entry.get("lang", "zh"), {"zh", "en"}, where),
            whole=require({"whole": False, **entry}, "whole", path, bool),
        ))
    return tuple(suffixes)


# rules/entities.yaml: key -> expected shape ("list" of strings, "str", or a mapping of int bounds).
_ENTITY_RULES = {
    "admin_suffixes": "list", "suffix_words": "list", "not_name_openers": "list", "unseen_city_suffixes": "list", "deictics": "list", "name_endings": "list",
    "name_stops": "list", "stop_tags": "list", "person_tags": "list", "conjunctions": "list", "transliteration_tags": "list", "honorifics": "list", "not_names": "list", "name_joiners": "str",
    "name_ending_reach": "int", "org_openers": "list", "org_count_measures": "list", "org_joiners": "list", "org_name_max": "int", "abbreviations": ("CITY", "COUNTRY"),
    "unseen_city_name_length": ("min", "max"), "unseen_city_separators": ("after_place", "in_list"), "name_length": ("chinese_given_max", "foreign_max"),
    "org_place_prefix": ("chain_kept_by", "country_outside"), "home_country": "str",
    "english_places": ("suffixes", "ambiguous"), "unseen_city_ties": ("before", "verbs", "reach"),
}


def _key_line(path: Path, key: str) -> int | None:
    """The line a top-level key sits on (PyYAML marks mappings, not their keys)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)


def load_entity_rules(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(path, None, "top level must be a mapping")
    _no_unknown_keys(data, set(_ENTITY_RULES), path)
    for key, shape in _ENTITY_RULES.items():
        try:
            _check_rule(data, key, shape, path)
        except DataFileError as error:
            raise DataFileError(path, _key_line(path, key) or error.line, error.reason) from None
    for (key, part), non_empty in _WORD_LISTS.items():
        words = data[key][part]
        if not isinstance(words, list) or (non_empty and not words) or not all(isinstance(w, str) and w for w in words):
            kind = "a non-empty list of words" if non_empty else "a list of words"
            raise DataFileError(path, _key_line(path, key), f"'{key}.{part}' must be {kind}")
    return data


# Word lists inside the mappings of rules/entities.yaml. Those that become alternations in a pattern must
# not be empty: the pattern would then match everywhere.
_WORD_LISTS = {
    ("unseen_city_ties", "before"): True, ("unseen_city_ties", "verbs"): True, ("english_places", "suffixes"): True,
    ("english_places", "ambiguous"): False, ("org_place_prefix", "chain_kept_by"): False,
    ("org_place_prefix", "country_outside"): False,
}


def _check_rule(data: dict[str, Any], key: str, shape: Any, path: Path) -> None:
    """Check data[key] against its shape; a mapping loses its '__line__' once checked."""
    if shape == "list":
        _string_list(data, key, path)
    elif shape in ("str", "int"):
        require(data, key, path, str if shape == "str" else int)
    else:
        mapping = require(data, key, path, dict)
        missing = [k for k in shape if k not in mapping]
        if missing:
            raise DataFileError(path, mapping["__line__"], f"'{key}' lacks {', '.join(missing)}")
        data[key] = {k: v for k, v in mapping.items() if k != "__line__"}


def load_gazetteer(gazetteer: Path | None = None, rules: Path | None = None) -> Gazetteer:
    gazetteer = gazetteer or gazetteer_dir()
    rules = rules or rules_dir()
    titles, modifiers = load_titles(rules / "titles.yaml")
    return Gazetteer(
        places=load_places(gazetteer),
        orgs=load_orgs(gazetteer / "orgs_curated.tsv"),
        surnames=load_surnames(gazetteer / "surnames.tsv"),
        titles=titles,
        modifiers=modifiers,
        org_suffixes=load_org_suffixes(rules / "org_suffixes.yaml"),
        rules=load_entity_rules(rules / "entities.yaml"),
    )


_shared: Gazetteer | None = None


def shared_gazetteer() -> Gazetteer:
    """The project's gazetteer, loaded once per process and shared by the stages that need it."""
    global _shared
    if _shared is None:
        _shared = load_gazetteer()
    return _shared


def place_countries(gazetteer: Gazetteer) -> dict[str, str]:
    """Folded place name or alias → its ISO country code (a city's country, a country's own code)."""
    countries = {}
    for place in gazetteer.places:
        for name in (place.name, *place.aliases):
            countries.setdefault(fold(name), place.country)
    return countries
