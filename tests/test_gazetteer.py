"""Gazetteer and rule files: loading, merging, validation with file:line errors, regeneration."""
import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT as PROJECT_ROOT, copy_data, resources
from govreport.resources import DataFileError, load_resources
from govreport.resources.entity_rules import load_titles
from govreport.resources.gazetteer import load_places

GAZETTEER = PROJECT_ROOT / "gazetteer"
RULES = PROJECT_ROOT / "rules"


@pytest.fixture(scope="module")
def gazetteer():
    return resources().gazetteer


def _place(gazetteer, name):
    return next(p for p in gazetteer.places if p.name == name)


def test_every_entry_has_names_code_kind_and_source(gazetteer):
    assert len(gazetteer.places) > 500
    for place in gazetteer.places:
        assert place.name and place.name_en and place.country and place.kind
        assert place.source in resources().vocab.sources


def test_curated_country_overrides_generated_one(gazetteer):
    korea = _place(gazetteer, "韓國")
    assert korea.label == "COUNTRY" and korea.country == "KR" and korea.source == "curated"
    assert {"南韓", "大韓民國"} <= set(korea.aliases)
    assert not any(p.name == "南韓" for p in gazetteer.places)  # merged by ISO code, not duplicated


def test_taiwanese_usage_and_variants(gazetteer):
    assert "帛琉共和國" in _place(gazetteer, "帛琉").aliases
    assert "聖文森及格瑞納丁" in _place(gazetteer, "聖文森及格瑞那丁").aliases
    assert {"布利斯班", "布里斯本"} <= set(_place(gazetteer, "布里斯本市").aliases)
    assert "高雄" in _place(gazetteer, "高雄市").aliases
    assert _place(gazetteer, "香港").label == "CITY"  # a territory, not a sovereign state


def test_no_generated_city_is_named_like_a_curated_country(gazetteer):
    # CLDR names St. Vincent's exemplar city 聖文森, the curated short form of the country
    countries = {n for p in gazetteer.places if p.label == "COUNTRY" for n in (p.name, *p.aliases, *p.short)}
    assert not [p.name for p in gazetteer.places if p.label == "CITY" and p.source == "cldr" and p.name in countries]


def test_generated_sources_are_present(gazetteer):
    sources = {p.source for p in gazetteer.places}
    assert sources == {"pycountry", "cldr", "curated", "jp_prefecture", "geonames", "libhangul", "cpca"}
    assert _place(gazetteer, "德克薩斯州").label == "CITY"


def test_titles_suffixes_and_surnames_load(gazetteer):
    titles = {t.title: t for t in gazetteer.titles}
    assert titles["市長"].en == "Mayor" and titles["代表"].ambiguous
    assert gazetteer.modifiers["副"] == "Deputy"
    assert {"政府", "辦事處", "大學"} <= {s.suffix for s in gazetteer.org_suffixes}
    assert gazetteer.surnames["陈"] == "chinese"  # keys are folded


def _append(path, line):
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("row, reason", [
    ("測試市\t\t\tTest\tJP\tvillage_green\tcurated", "village_green"),
    ("測試市\t\t\tTest\tQQ\tcity\tcurated", "QQ"),
    ("測試市\t\t\tTest\tJP\tcity\twikipedia", "wikipedia"),
    ("測試 市\t\t\tTest\tJP\tcity\tcurated", "whitespace"),
    ("測試市\t\t\t\tJP\tcity\tcurated", "name_en"),
])
def test_bad_place_row_names_file_and_line(tmp_path, row, reason):
    _, gazetteer = copy_data(tmp_path)
    path = gazetteer / "cities_curated.tsv"
    line = _append(path, row)
    with pytest.raises(DataFileError) as error:
        load_places(gazetteer, resources().vocab)
    assert error.value.path == str(path) and error.value.line == line
    assert reason in str(error.value) and f"cities_curated.tsv:{line}" in str(error.value)


def test_bad_title_entry_names_file_and_line(tmp_path):
    rules, _ = copy_data(tmp_path)
    path = rules / "titles.yaml"
    text = path.read_text(encoding="utf-8").replace("  - {title: 知事, en: Governor}", "  - {title: 知事}")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l == "  - {title: 知事}")
    with pytest.raises(DataFileError, match=rf"titles.yaml:{line}: missing key 'en'"):
        load_titles(path)


def test_bad_org_suffix_and_entity_rules_are_reported(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    suffixes = rules / "org_suffixes.yaml"
    suffixes.write_text(suffixes.read_text(encoding="utf-8") + "  - {suffix: 廳, kind: palace}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"org_suffixes.yaml:\d+: 'palace' is not one of"):
        load_resources(rules, gazetteer)
    shutil.copy(RULES / "org_suffixes.yaml", suffixes)
    suffixes.write_text(suffixes.read_text(encoding="utf-8") + "  - {suffix: 日報, kind: company}\n", encoding="utf-8")
    line = len(suffixes.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataFileError, match=rf"org_suffixes.yaml:{line}: suffix '日報' is listed twice"):
        load_resources(rules, gazetteer)
    shutil.copy(RULES / "org_suffixes.yaml", suffixes)
    entities = rules / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("name_ending_reach: 4", "name_ending_reach: four"),
                        encoding="utf-8")
    line = next(n for n, l in enumerate(entities.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("name_ending_reach"))
    with pytest.raises(DataFileError, match=rf"entities.yaml:{line}: .name_ending_reach. must be int"):
        load_resources(rules, gazetteer)


def _build_tool():
    spec = importlib.util.spec_from_file_location("build_gazetteer", PROJECT_ROOT / "tools" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_files_are_up_to_date():
    """A fresh build from the pinned source releases equals the committed files. With other releases
    installed the comparison means nothing (a new CLDR renames cities): skipped, saying why."""
    tool = _build_tool()
    mismatches = tool.version_mismatches(tool.pinned_versions())
    if mismatches:
        pytest.skip(f"the gazetteer is built from pinned releases ({'; '.join(mismatches)}); "
                    "pip install -r tools/gazetteer-sources.txt and apt-get install tools/gazetteer-debian.txt's "
                    "packages to check it")
    result = subprocess.run([sys.executable, str(PROJECT_ROOT / "tools" / "build_gazetteer.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_generated_files_name_the_pinned_releases():
    """Each generated file says which source releases built it, and they are the pinned ones."""
    sources = ", ".join(f"{name} {version}" for name, version in sorted(_build_tool().pinned_versions().items()))
    for name in ("countries.tsv", "subdivisions.tsv", "cldr_cities.tsv"):
        first = (GAZETTEER / name).read_text(encoding="utf-8").splitlines()[0]
        assert f"({sources})" in first, name


def test_the_build_refuses_other_releases_than_the_pinned_ones(tmp_path):
    pins = tmp_path / "pins.txt"
    pins.write_text("babel==0.0.1\n", encoding="utf-8")
    tool = _build_tool()
    assert tool.version_mismatches(tool.pinned_versions(pins)) == \
        [f"babel {importlib.metadata.version('babel')} installed, 0.0.1 pinned"]


def test_an_empty_word_list_that_feeds_a_pattern_is_refused(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    entities = rules / "entities.yaml"
    text = entities.read_text(encoding="utf-8").replace("  before: [與, 和, 同]", "  before: []")
    entities.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("unseen_city_ties:"))
    with pytest.raises(DataFileError, match=rf"entities.yaml:{line}: 'unseen_city_ties.before' must be a non-empty"):
        load_resources(rules, gazetteer)


def test_korean_names_are_romanised_by_the_revised_romanization():
    romanised = _build_tool().romanised
    assert romanised("가평군") == "Gapyeong-gun" and romanised("울릉군") == "Ulleung-gun"
    assert romanised("삼척시") == "Samcheok-si"


def test_debian_sources_are_pinned_beside_the_pip_ones(tmp_path):
    tool = _build_tool()
    assert tool.pinned_versions()["debian:libhangul-data"] == tool.debian_versions()["libhangul-data"]
    pins = tmp_path / "pins.txt"
    pins.write_text("babel==2.18.0\n", encoding="utf-8")
    assert tool.pinned_versions(pins) == {"babel": "2.18.0"}  # another pins file: only what it names
