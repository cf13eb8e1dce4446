"""The gazetteer: places, organisations without a suffix, and surnames, from the TSV lists that
gazetteer/lists.yaml names (GATE ANNIE's lists.def), each row checked against rules/vocabularies.yaml."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

from ..normalise import fold
from .files import DataFileError, TsvRow, check_choice, choice, entries, read_tsv, read_yaml_mapping, require
from .vocabularies import Vocabularies

MANIFEST = "lists.yaml"
FEEDS = ("places", "orgs", "surnames", "given_names")
EVERYDAY_NAMES = ("full", "short")
# How a list's English names are matched in English text: everywhere, only where the document writes the
# name as a place (Baton Rouge, Louisiana; the City of Reno: as for Jordan or Nice), or not at all.
ENGLISH_MODES = {True: "always", "in_context": "in_context", False: "never"}
PLACE_COLUMNS = ("name", "name_en", "country", "source")
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
    label: str  # CITY or COUNTRY, by kind (rules/vocabularies.yaml)
    everyday_short: bool = False  # a name that is an everyday word counts only as a short form (its list says so)
    english: str = "always"  # where its English name is matched in English text (its list says so: ENGLISH_MODES)
    aliases_en: tuple[str, ...] = ()  # English names of the same place in lower-priority lists (Ulan Bator, Ulaanbaatar)


@dataclass(frozen=True)
class Org:
    name: str
    aliases: tuple[str, ...]
    name_en: str
    kind: str
    source: str


@dataclass(frozen=True)
class GazetteerList:
    file: str
    feeds: str
    priority: int
    kind: str | None
    line: int
    everyday_names: str = "full"  # "short": names that are everyday words count only where the place is named in full
    english: str = "always"  # where the list's English names are matched in English text (ENGLISH_MODES)
    origin: str | None = None  # a name list's origin and source for every row (a row's own columns win)
    source: str | None = None


def read_manifest(directory: Path, vocab: Vocabularies) -> list[GazetteerList]:
    """The lists of gazetteer/lists.yaml, highest priority first (listing order breaks ties)."""
    path = directory / MANIFEST
    lists = []
    for entry in entries(read_yaml_mapping(path), "lists", path):
        feeds = choice(entry, "feeds", path, FEEDS)
        kind = entry.get("kind")
        if kind is not None:
            kinds = vocab.place_kinds if feeds == "places" else vocab.org_kinds if feeds == "orgs" else ()
            check_choice(kind, tuple(kinds), lambda reason, e=entry: DataFileError(path, e["__line__"], f"'kind': {reason}"))
        file = require(entry, "file", path)
        if not (directory / file).is_file():
            raise DataFileError(path, entry["__line__"], f"no such list: {directory / file}")
        everyday = choice({"everyday_names": "full", **entry}, "everyday_names", path, EVERYDAY_NAMES)
        value = entry.get("english", True)
        english = ENGLISH_MODES.get(value) if isinstance(value, (bool, str)) else None
        if english is None:
            raise DataFileError(path, entry["__line__"], f"'english': {entry['english']!r} is not one of true, false, in_context")
        lists.append(GazetteerList(file, feeds, require(entry, "priority", path, int), kind, entry["__line__"],
                                   everyday, english, entry.get("origin"), entry.get("source")))
    return sorted(lists, key=lambda item: item.priority)


def _check_name(row: TsvRow, value: str, column: str) -> str:
    if _BAD_NAME.search(value):
        raise row.error(f"'{column}' value '{value}' contains whitespace or '|'")
    return value


def _check_country(row: TsvRow, code: str) -> str:
    if not (_USER_CODE.fullmatch(code) or pycountry.countries.get(alpha_2=code)):
        raise row.error(f"'{code}' is not an ISO 3166-1 alpha-2 code (or a user-assigned XA–XZ)")
    return code


def _kind(row: TsvRow, listed: GazetteerList) -> str:
    kind = row.fields.get("kind") or listed.kind
    if not kind:
        raise row.error(f"empty required field 'kind' (and {MANIFEST} gives the list no kind)")
    return kind


def _place_from_row(row: TsvRow, listed: GazetteerList, vocab: Vocabularies) -> Place:
    fields = row.fields
    kind = check_choice(_kind(row, listed), tuple(vocab.place_kinds), row.error)
    source = check_choice(fields["source"], vocab.sources, row.error)
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
        label=vocab.place_label(kind),
        everyday_short=listed.everyday_names == "short",
        english=listed.english,
    )


def _merge_key(place: Place) -> tuple[str, str]:
    # A country (or dependent territory) is one entry per ISO code; a city one entry per name.
    if place.source != "cldr" and (place.label == "COUNTRY" or place.kind == "territory") and \
            not _USER_CODE.fullmatch(place.country):
        return ("code", place.country)
    return ("name", fold(place.name))


def _merge(first: Place, later: Place) -> Place:
    """The earlier (higher-priority) entry, with the later one's names added as aliases."""
    extra = (later.name, *later.aliases)
    aliases = tuple(dict.fromkeys((*first.aliases, *(a for a in extra if a != first.name))))
    english = tuple(n for n in (*first.aliases_en, later.name_en, *later.aliases_en) if n and n != first.name_en)
    return Place(first.name, aliases, first.short, first.name_en, first.country, first.kind,
                 first.source, first.where, first.label, first.everyday_short, first.english,
                 tuple(dict.fromkeys(english)) if later.english != "never" else first.aliases_en)


def load_places(directory: Path, vocab: Vocabularies) -> tuple[Place, ...]:
    merged: dict[tuple[str, str], Place] = {}
    for listed in read_manifest(directory, vocab):
        if listed.feeds != "places":
            continue
        for row in read_tsv(directory / listed.file, PLACE_COLUMNS):
            place = _place_from_row(row, listed, vocab)
            key = _merge_key(place)
            merged[key] = _merge(merged[key], place) if key in merged else place
    return tuple(merged.values())


def load_orgs(directory: Path, vocab: Vocabularies) -> tuple[Org, ...]:
    orgs = []
    for listed in read_manifest(directory, vocab):
        if listed.feeds != "orgs":
            continue
        for row in read_tsv(directory / listed.file, ("name", "name_en", "source")):
            orgs.append(Org(
                name=_check_name(row, row.fields["name"], "name"),
                aliases=tuple(row.list("aliases")),
                name_en=row.fields["name_en"],
                kind=check_choice(_kind(row, listed), vocab.org_kinds, row.error),
                source=check_choice(row.fields["source"], vocab.sources, row.error),
            ))
    return tuple(orgs)


def load_surnames(directory: Path, vocab: Vocabularies) -> dict[str, str]:
    """Folded surname -> origin; a surname in a higher-priority list keeps its origin."""
    return _load_names(directory, vocab, "surnames", "surname")


def load_given_names(directory: Path, vocab: Vocabularies) -> dict[str, str]:
    """Folded given name -> origin (the names a family name of that origin takes: 雅之 after 石塚)."""
    return _load_names(directory, vocab, "given_names", "given_name")


def _load_names(directory: Path, vocab: Vocabularies, feed: str, column: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for listed in read_manifest(directory, vocab):
        if listed.feeds != feed:
            continue
        for row in read_tsv(directory / listed.file, (column,)):
            name = _check_name(row, row.fields[column], column)
            check_choice(row.fields.get("source") or listed.source or "", vocab.sources, row.error)
            origin = row.fields.get("origin") or listed.origin or ""
            names.setdefault(fold(name), check_choice(origin, vocab.surname_origins, row.error))
    return names


def place_countries(places: tuple[Place, ...]) -> dict[str, str]:
    """Folded place name or alias → its ISO country code (a city's country, a country's own code)."""
    countries = {}
    for place in places:
        for name in (place.name, *place.aliases):
            countries.setdefault(fold(name), place.country)
    return countries
