"""Regenerate the generated gazetteer files from pycountry (ISO 3166) and babel (CLDR).

    python tools/build_gazetteer.py            # writes gazetteer/{countries,subdivisions,cldr_cities}.tsv

The output is committed; curated files (*_curated.tsv, surnames.tsv) are edited by hand
and override generated entries of the same name (see pipeline/gazetteer.py).
"""
from __future__ import annotations

import argparse
import gettext
from collections.abc import Iterable
from pathlib import Path

import pycountry
from babel import Locale
from babel.core import get_global

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


def write_tsv(path: Path, rows: list[dict[str, str]], note: str) -> None:
    rows = sorted(rows, key=lambda r: (r["country"], r["name"]))
    lines = [f"# Generated by tools/build_gazetteer.py from {note}; do not edit, edit the curated files.",
             "\t".join(COLUMNS)]
    lines += ["\t".join(row[c] for c in COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "gazetteer")
    args = parser.parse_args()
    countries = country_rows()
    country_names = {r["name"] for r in countries} | {a for r in countries for a in r["aliases"].split("|")}
    write_tsv(args.out / "countries.tsv", countries, "pycountry ISO 3166-1 zh_TW and CLDR zh_Hant_TW")
    write_tsv(args.out / "subdivisions.tsv", subdivision_rows(), "pycountry ISO 3166-2 zh_TW")
    write_tsv(args.out / "cldr_cities.tsv", cldr_city_rows(country_names), "CLDR zh_Hant exemplar cities")


if __name__ == "__main__":
    main()
