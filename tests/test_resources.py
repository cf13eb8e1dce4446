"""The resources layer: the closed vocabularies and the JSON Schema agree, and adding an agreement
type, a place kind or a gazetteer list is an edit of data files only."""
import pytest

from conftest import copy_data, resources
import govreport
from govreport.export import schema
from govreport.resources import DataFileError, load_resources


def _enums(node, found):
    """Every enum of the schema, by the property name it constrains."""
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            if isinstance(value, dict) and "enum" in value:
                found.setdefault(key, []).append([v for v in value["enum"] if v is not None])
        for value in node.values():
            _enums(value, found)
    elif isinstance(node, list):
        for value in node:
            _enums(value, found)
    return found


def test_the_schema_lists_the_vocabularies_values():
    vocab = resources().vocab
    enums = _enums(schema(), {})
    assert enums["label"][0] == list(vocab.labels)  # the span's label; the others are conditions on some labels
    assert all(set(labels) <= set(vocab.labels) for labels in enums["label"])
    assert enums["type"] == [list(vocab.agreement_types)] * 2  # the AGREEMENT span norm and the event
    assert enums["action"] == [list(vocab.event_actions)]
    assert set(enums["approx"][0]) == set(vocab.count_approx)


def _spans(nlp, text):
    return [(s.label, s.text, s.norm) for s in nlp(text).spans]


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _refused_at_its_last_line(rules, gazetteer, path, reason):
    """Loading the data fails with `reason`, named at the last line of `path` (the line just appended)."""
    line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataFileError, match=rf"{path.name}:{line}: {reason}"):
        load_resources(rules, gazetteer)


def test_a_new_agreement_type_is_a_data_edit(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    vocabularies = rules / "vocabularies.yaml"
    vocabularies.write_text(vocabularies.read_text(encoding="utf-8").replace(
        "letter_of_intent, other]", "letter_of_intent, other, twin_port]"), encoding="utf-8")
    agreements = rules / "agreements.yaml"
    text = agreements.read_text(encoding="utf-8").replace("forms:\n", "forms:\n  - {form: 姊妹港, type: twin_port}\n", 1)
    agreements.write_text(text.replace("  other: [CITY, COUNTRY, ORG]\n", "  other: [CITY, COUNTRY, ORG]\n  twin_port: [CITY]\n"),
                          encoding="utf-8")
    sentence = "高雄市與日本京都市締結姊妹港。"
    assert ("AGREEMENT", "姊妹港", {"type": "twin_port"}) not in _spans(govreport.load(), sentence)
    edited = govreport.load(rules=rules, gazetteer=gazetteer)
    assert ("AGREEMENT", "姊妹港", {"type": "twin_port"}) in _spans(edited, sentence)
    assert [event.type for event in edited(sentence).events] == ["twin_port"]


def test_a_new_place_kind_is_a_data_edit(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    vocabularies = rules / "vocabularies.yaml"
    vocabularies.write_text(vocabularies.read_text(encoding="utf-8").replace("  outlying_area: CITY\n",
                                                                              "  outlying_area: CITY\n  hamlet: CITY\n"),
                            encoding="utf-8")
    _append(gazetteer / "cities_curated.tsv", "霧笛村\t\t\tKiriteki\tJP\thamlet\tcurated\n")
    sentence = "本府訪問團走訪霧笛村。"
    assert ("CITY", "霧笛村") not in [(label, text) for label, text, _ in _spans(govreport.load(), sentence)]
    place = next(p for p in load_resources(rules, gazetteer).gazetteer.places if p.name == "霧笛村")
    assert (place.kind, place.label) == ("hamlet", "CITY")
    assert ("CITY", "霧笛村", {"name": "霧笛村", "name_en": "Kiriteki"}) in _spans(govreport.load(rules, gazetteer), sentence)


def test_a_new_gazetteer_list_is_a_data_edit(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    (gazetteer / "towns_extra.tsv").write_text("name\taliases\tname_en\tcountry\tsource\n霧笛町\t\tKiriteki\tJP\tcurated\n",
                                               encoding="utf-8")
    _append(gazetteer / "lists.yaml", "  - {file: towns_extra.tsv, feeds: places, priority: 6, kind: town}\n")
    sentence = "本府訪問團走訪霧笛町。"
    assert ("CITY", "霧笛町", {"name": "霧笛町", "name_en": "Kiriteki"}) in _spans(govreport.load(rules, gazetteer), sentence)


def test_a_list_whose_everyday_names_are_short_forms(tmp_path):
    # 光明 is an everyday word (brightness): from a list marked `everyday_names: short` it names the place only
    # where the document names it in full, as 光明村 here; 霧笛町 is no word and matches on its own.
    rules, gazetteer = copy_data(tmp_path)
    (gazetteer / "towns_extra.tsv").write_text(
        "name\taliases\tshort\tname_en\tcountry\tsource\n光明\t\t\tKomyo\tJP\tcurated\n"
        "霧笛町\t\t\tKiriteki\tJP\tcurated\n光明村\t\t\tKomyo-mura\tJP\tcurated\n", encoding="utf-8")
    _append(gazetteer / "lists.yaml", "  - {file: towns_extra.tsv, feeds: places, priority: 9, kind: town, "
                                      "everyday_names: short}\n")
    nlp = govreport.load(rules, gazetteer)
    assert not [s for s in _spans(nlp, "這是光明的前途。") if s[0] == "CITY"]
    assert ("CITY", "霧笛町") in [(label, text) for label, text, _ in _spans(nlp, "本府訪問團走訪霧笛町。")]
    _append(gazetteer / "lists.yaml", "  - {file: towns_extra.tsv, feeds: places, priority: 9, everyday_names: maybe}\n")
    _refused_at_its_last_line(rules, gazetteer, gazetteer / "lists.yaml", "'maybe' is not one of")


def test_a_list_whose_english_names_count_in_context(tmp_path):
    # `english: in_context`: the list's English names are places only where the document writes them as
    # places (Name, Region; City of Name), like rules/english.yaml's ambiguous_places
    rules, gazetteer = copy_data(tmp_path)
    (gazetteer / "towns_extra.tsv").write_text("name\taliases\tname_en\tcountry\tsource\n霧笛町\t\tKiriteki\tJP\tcurated\n",
                                               encoding="utf-8")
    _append(gazetteer / "lists.yaml", "  - {file: towns_extra.tsv, feeds: places, priority: 9, kind: town, "
                                      "english: in_context}\n")
    nlp = govreport.load(rules, gazetteer)
    assert not [s for s in _spans(nlp, "Officials from Kiriteki came to Tainan.") if s[1] == "Kiriteki"]
    assert ("CITY", "Kiriteki", {"name": "霧笛町", "name_en": "Kiriteki"}) in _spans(
        nlp, "Officials from Kiriteki, Japan came to Tainan.")
    _append(gazetteer / "lists.yaml", "  - {file: towns_extra.tsv, feeds: places, priority: 9, english: sometimes}\n")
    _refused_at_its_last_line(rules, gazetteer, gazetteer / "lists.yaml", "'english': 'sometimes' is not one of")


def test_a_bad_list_in_the_manifest_names_its_line(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    _append(gazetteer / "lists.yaml", "  - {file: nowhere.tsv, feeds: places, priority: 6}\n")
    line = len((gazetteer / "lists.yaml").read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataFileError, match=rf"lists.yaml:{line}: no such list"):
        load_resources(rules, gazetteer)
    text = (gazetteer / "lists.yaml").read_text(encoding="utf-8").replace("nowhere.tsv, feeds: places", "cities_curated.tsv, feeds: towns")
    (gazetteer / "lists.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"lists.yaml:{line}: 'towns' is not one of"):
        load_resources(rules, gazetteer)


def test_a_place_kind_the_vocabularies_lack_is_refused_with_its_line(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    _append(gazetteer / "cities_curated.tsv", "霧笛村\t\t\tKiriteki\tJP\thamlet\tcurated\n")
    _refused_at_its_last_line(rules, gazetteer, gazetteer / "cities_curated.tsv", "'hamlet' is not one of")


def test_the_data_folders_come_from_the_environment(tmp_path, monkeypatch):
    rules, gazetteer = copy_data(tmp_path)
    _append(gazetteer / "cities_curated.tsv", "霧笛市\t\t\tKiriteki\tJP\tcity\tcurated\n")
    monkeypatch.setenv("GOVREPORT_RULES", str(rules))
    monkeypatch.setenv("GOVREPORT_GAZETTEER", str(gazetteer))
    assert ("CITY", "霧笛市") in [(label, text) for label, text, _ in _spans(govreport.load(), "本府訪問霧笛市。")]


def test_an_event_action_word_is_a_data_edit(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    agreements = rules / "agreements.yaml"
    agreements.write_text(agreements.read_text(encoding="utf-8").replace(
        "actions:\n", "actions:\n  - {action: planned, words: [醞釀]}\n", 1), encoding="utf-8")
    sentence = "高雄市與日本京都市醞釀締結姊妹市。"
    assert [e.action for e in govreport.load()(sentence).events] == ["signed"]
    edited = govreport.load(rules=rules, gazetteer=gazetteer)(sentence)
    assert [(e.action, e.rule) for e in edited.events] == [("planned", "rule:event/prose/planned/醞釀")]


def test_a_bad_action_pattern_names_its_line(tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    agreements = rules / "agreements.yaml"
    text = agreements.read_text(encoding="utf-8").replace("actions:\n", "actions:\n  - {action: other, patterns: ['已(']}\n", 1)
    agreements.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - {action: other, patterns: ['已(']}") + 1
    with pytest.raises(DataFileError, match=rf"agreements.yaml:{line}: bad regular expression"):
        load_resources(rules, gazetteer)
