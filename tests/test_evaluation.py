import json

import pytest

from govreport.evaluation.align import Alignment
from govreport.evaluation.records import LabelledDoc, LabelledSpan, export_docs, read_docs
from govreport.evaluation.report import render_report
from govreport.evaluation.scorer import bootstrap, score, strict_outcomes, pair_documents

GOLD_TEXT = "110 年 9 月 17 日與帛琉共和國科羅州締結為姊妹市，計 33 案。"
PRED_TEXT = "110年9月17日與帛琉共和國科羅州締結為姊妹市，計33案。"  # the PDF view: layout spaces gone


def span(text, surface, label, norm=None, rule="test", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return LabelledSpan(start, start + len(surface), label, norm or {}, rule)


def gold_doc():
    t = GOLD_TEXT
    return LabelledDoc("d1", t, [
        span(t, "110 年 9 月 17 日", "DATE", {"start": "2021-09-17", "end": "2021-09-17"}),
        span(t, "帛琉共和國", "COUNTRY"),
        span(t, "科羅州", "CITY"),
        span(t, "姊妹市", "AGREEMENT"),
        span(t, "33 案", "COUNT", {"value": 33, "unit": "案", "approx": None}),
    ])


def test_alignment_carries_spans_across_whitespace_differences():
    alignment = Alignment(PRED_TEXT, GOLD_TEXT)
    start = PRED_TEXT.index("110年9月17日")
    mapped = alignment.span(start, start + len("110年9月17日"))
    assert GOLD_TEXT[mapped[0]:mapped[1]] == "110 年 9 月 17 日"


def test_perfect_prediction_scores_one_everywhere():
    scores = score([gold_doc()], [gold_doc()])
    assert scores["overall"]["strict"]["f1"] == 1.0
    assert scores["labels"]["DATE"]["value_accuracy"]["accuracy"] == 1.0
    assert scores["errors"] == []


def test_prediction_on_pdf_text_is_scored_on_the_gold_text():
    t = PRED_TEXT
    pred = LabelledDoc("d1", t, [
        span(t, "110年9月17日", "DATE", {"start": "2021-09-17", "end": "2021-09-17"}),  # tp
        span(t, "帛琉", "COUNTRY"),  # partial boundary: fp + fn under strict
        span(t, "科羅州", "ORG"),  # wrong type: fp + fn under strict
        span(t, "33案", "COUNT", {"value": 30, "unit": "案", "approx": None}),  # tp, wrong value
    ])
    scores = score([gold_doc()], [pred])
    strict = scores["overall"]["strict"]
    assert (strict["precision"], strict["recall"]) == (0.5, 0.4)
    assert scores["overall"]["partial"]["f1"] > strict["f1"]
    assert scores["labels"]["COUNTRY"]["type"]["correct"] == 1 and scores["labels"]["COUNTRY"]["strict"]["correct"] == 0
    assert scores["labels"]["COUNT"]["value_accuracy"] == {"matched": 1, "correct": 0, "accuracy": 0.0}
    kinds = sorted((e["label"], e["kind"]) for e in scores["errors"])
    assert kinds == [("AGREEMENT", "fn"), ("CITY", "fn"), ("COUNT", "value"), ("COUNTRY", "fn"), ("COUNTRY", "fp"), ("ORG", "fp")]


def test_per_rule_precision_lists_the_worst_rule_first():
    t = GOLD_TEXT
    pred = LabelledDoc("d1", t, [span(t, "科羅州", "CITY", rule="good"), span(t, "締結", "CITY", rule="bad")])
    rules = score([gold_doc()], [pred])["rules"]
    assert [r["rule"] for r in rules] == ["bad", "good"] and rules[0]["fp"] == 1


def test_bootstrap_interval_brackets_the_estimate_and_is_repeatable():
    pairs, _ = pair_documents([gold_doc()], [LabelledDoc("d1", GOLD_TEXT, gold_doc().spans[:3])])
    outcomes = strict_outcomes(pairs[0])
    first, second = bootstrap(outcomes, None), bootstrap(outcomes, None)
    assert first == second
    assert first["recall"][0] <= 0.6 <= first["recall"][1]


def test_events_need_type_partner_and_date():
    gold_events = [{"doc_id": "d1", "type": "sister_city", "partner": {"city": "科羅州", "country": "帛琉"},
                    "date": {"start": "2021-09-17", "end": "2021-09-17"}}]
    right = dict(gold_events[0])
    wrong_date = {**right, "date": {"start": "2021-09-18"}}
    for events, tp in (([right], 1), ([wrong_date], 0)):
        pred = LabelledDoc("d1", GOLD_TEXT, [], events=events)
        assert score([gold_doc()], [pred], gold_events)["events"]["tp"] == tp


def test_report_escapes_document_text():
    text = "<script>alert(1)</script> 高雄市"
    gold = LabelledDoc("<b>doc</b>", text, [LabelledSpan(text.index("高雄市"), len(text), "CITY")])
    pred = LabelledDoc("<b>doc</b>", text, [LabelledSpan(0, 8, "ORG", {}, "rule<img src=x>")])
    html = render_report(score([gold], [pred]))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x>" not in html and "<b>doc</b>" not in html


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "labelstudio"])
def test_export_reads_back_with_spans_and_norms(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}.jsonl"
    path.write_text(export_docs([gold_doc()], fmt), encoding="utf-8")
    [back] = read_docs(path)
    assert back.doc_id == "d1" and back.text == GOLD_TEXT
    assert [(s.start, s.end, s.label, s.norm) for s in back.spans] == [(s.start, s.end, s.label, s.norm) for s in gold_doc().spans]


def test_corrected_label_studio_annotations_read_back_as_gold(tmp_path):
    task = json.loads(export_docs([gold_doc()], "labelstudio"))
    corrected = task["predictions"][0]["result"][:2]  # a reviewer deleted three spans
    task["annotations"] = [{"result": corrected}]
    path = tmp_path / "corrected.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    [back] = read_docs(path)
    assert [s.label for s in back.spans] == ["DATE", "COUNTRY"]


def test_challenge_set_offsets_match_its_texts():
    """The synthetic challenge set (corpus/challenge) is built from inline marks; its checker confirms every
    span's offsets give its surface and every record's text is its .txt file."""
    import subprocess
    import sys
    from pathlib import Path

    build = Path(__file__).parents[1] / "corpus" / "challenge" / "build.py"
    result = subprocess.run([sys.executable, str(build), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "labelstudio"])
def test_a_raw_line_separator_inside_a_string_does_not_end_a_record(tmp_path, fmt):
    doc = gold_doc()
    doc.text = doc.text + "\u2028\u2029"  # JSON leaves both unescaped
    path = tmp_path / "gold.jsonl"
    path.write_text(export_docs([doc, gold_doc()], fmt).replace("\\u2028", "\u2028").replace("\\u2029", "\u2029"),
                    encoding="utf-8")
    first, second = read_docs(path)
    assert first.text == GOLD_TEXT + "\u2028\u2029" and second.text == GOLD_TEXT
