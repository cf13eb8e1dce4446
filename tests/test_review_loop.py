"""The review loop: predictions out to an annotation tool with what a reviewer needs, and back as gold only
once someone corrected them."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from govreport.cli import DEFAULT_GOLD, main
from govreport.evaluation.records import (FORMATS, LabelledDoc, LabelledSpan, UncorrectedGold, export_docs,
                                          read_docs)
from govreport.resources import shared_vocabularies

TEXT = "高雄市與日本京都市於110年9月10日簽署合作備忘錄。"


def _at(surface: str, label: str, norm: dict, rule: str) -> LabelledSpan:
    start = TEXT.index(surface)
    return LabelledSpan(start, start + len(surface), label, norm, rule)


PREDICTED = LabelledDoc("d1", TEXT, [
    _at("高雄市", "CITY", {"name": "高雄市", "name_en": "Kaohsiung"}, "gazetteer:city/高雄市"),
    _at("110年9月10日", "DATE", {"start": "2021-09-10", "end": "2021-09-10"}, "date:roc_ymd"),
    _at("合作備忘錄", "AGREEMENT", {"type": "mou"}, "rule:agreement/form"),
])


def _exported(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"review.{fmt}.{'json' if fmt == 'labelstudio' else 'jsonl'}"
    path.write_text(export_docs([PREDICTED], fmt), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_each_spans_rule_and_norm(tmp_path, fmt):
    [back] = read_docs(_exported(tmp_path, fmt))
    assert [(s.start, s.end, s.label, s.norm, s.rule) for s in back.spans] == \
        [(s.start, s.end, s.label, s.norm, s.rule) for s in PREDICTED.spans]


def test_label_studio_shows_the_rule_and_norm_beside_each_region():
    [task] = json.loads(export_docs([PREDICTED], "labelstudio"))
    notes = [result["meta"]["text"] for result in task["predictions"][0]["result"]]
    assert notes[1] == ['date:roc_ymd {"start": "2021-09-10", "end": "2021-09-10"}']


def test_label_studio_tasks_are_a_json_list_it_imports():
    """Label Studio (1.23) refuses a .jsonl import: the tasks are one JSON list, a task a line."""
    exported = export_docs([PREDICTED, PREDICTED], "labelstudio")
    assert [task["data"]["doc_id"] for task in json.loads(exported)] == ["d1", "d1"]
    assert exported.count("\n") == 4 and export_docs([], "labelstudio") == "[]\n"


def test_label_studio_export_writes_the_labelling_config_beside_the_tasks(tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc_id": "d1", "text": TEXT, "spans": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "review" / "tasks.json"
    assert main(["export", str(pred), "--format", "labelstudio", "-o", str(out)]) == 0
    config = ElementTree.fromstring((tmp_path / "review" / "tasks.label_config.xml").read_text(encoding="utf-8"))
    assert str(tmp_path / "review" / "tasks.label_config.xml") in capsys.readouterr().err
    labels = config.find("Labels")
    assert [label.get("value") for label in labels] == list(shared_vocabularies().labels) and len(labels) == 7
    # the names the tasks' results use, and the task field the text is in
    text = config.find("Text")
    [task] = json.loads(export_docs([PREDICTED], "labelstudio"))
    result = task["predictions"][0]["result"][0]
    assert (labels.get("name"), labels.get("toName"), text.get("name")) == (result["from_name"], result["to_name"],
                                                                           result["to_name"])
    assert text.get("value") == "$text" and "text" in task["data"] and text.get("granularity") == "symbol"


def test_the_config_goes_where_asked_and_other_formats_write_none(tmp_path, capsys):
    pred = _exported(tmp_path, "prodigy")
    config = tmp_path / "config.xml"
    assert main(["export", str(pred), "--format", "labelstudio", "--config", str(config)]) == 0
    assert ElementTree.fromstring(config.read_text(encoding="utf-8")).tag == "View"
    assert main(["export", str(pred), "--format", "doccano", "-o", str(tmp_path / "d.jsonl")]) == 0
    assert not list(tmp_path.glob("*.label_config.xml"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_nobody_corrected_is_refused_as_gold(tmp_path, fmt):
    with pytest.raises(UncorrectedGold, match="nobody corrected"):
        read_docs(_exported(tmp_path, fmt), refuse_uncorrected=True)


def test_extract_output_is_refused_as_gold_unless_accepted(tmp_path, capsys):
    record = {"schema_version": "1.0", "doc_id": "d1", "source": {"path": "d1.txt"}, "text": TEXT,
              "spans": [{"start": s.start, "end": s.end, "label": s.label, "norm": s.norm, "rule": s.rule}
                        for s in PREDICTED.spans]}
    pred = tmp_path / "extractions.jsonl"
    pred.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(pred), "--pred", str(pred)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "govreport extract output" in err and "--accept-uncorrected" in err
    assert main(["evaluate", "--gold", str(pred), "--pred", str(pred), "--accept-uncorrected"]) == 0


def _corrected(path: Path, fmt: str) -> None:
    """What a reviewer's pass leaves: one false span deleted, in the tool's own way."""
    record = json.loads(path.read_text(encoding="utf-8"))
    if fmt == "prodigy":
        record["spans"] = record["spans"][:2]
    elif fmt == "doccano":
        record["label"] = record["label"][:2]
    else:  # Label Studio exports its tasks as a JSON list, each with the reviewer's annotation
        [task] = record
        task["annotations"] = [{"result": task["predictions"][0]["result"][:2]}]
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_corrected_export_reads_as_gold(tmp_path, fmt):
    path = _exported(tmp_path, fmt)
    _corrected(path, fmt)
    [gold] = read_docs(path, refuse_uncorrected=True)
    assert [s.label for s in gold.spans] == ["CITY", "DATE"]


def test_label_studios_own_export_reads_back_and_its_unannotated_tasks_are_refused(tmp_path):
    """Label Studio's export (download_all_tasks) as 1.23 writes it: an unannotated task lists its predictions
    by id, a skipped one has a cancelled annotation."""
    [task] = json.loads(export_docs([PREDICTED], "labelstudio"))
    results = task["predictions"][0]["result"]
    annotated = {"id": 1, "data": task["data"], "predictions": [1],
                 "annotations": [{"id": 1, "was_cancelled": False, "result": results[1:], "prediction": {}}]}
    untouched = {"id": 2, "data": task["data"], "predictions": [2], "annotations": []}
    skipped = {"id": 3, "data": task["data"], "predictions": [3], "annotations": [{"was_cancelled": True, "result": []}]}
    path = tmp_path / "project-1.json"
    path.write_text(json.dumps([annotated, untouched, skipped], ensure_ascii=False), encoding="utf-8")
    first, second, third = read_docs(path)
    assert [s.rule for s in first.spans] == ["date:roc_ymd", "rule:agreement/form"] and second.spans == third.spans == []
    with pytest.raises(UncorrectedGold, match=r"project-1.json:2: .*no submitted annotation"):
        read_docs(path, refuse_uncorrected=True)
    path.write_text(json.dumps([annotated], ensure_ascii=False), encoding="utf-8")
    assert len(read_docs(path, refuse_uncorrected=True)[0].spans) == 2


def test_a_prodigy_record_its_reviewer_accepted_unchanged_is_gold(tmp_path):
    path = _exported(tmp_path, "prodigy")
    record = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**record, "answer": "accept"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert len(read_docs(path, refuse_uncorrected=True)[0].spans) == 3


def test_the_bundled_gold_is_gold():
    assert len(read_docs(DEFAULT_GOLD, refuse_uncorrected=True)) == 5
