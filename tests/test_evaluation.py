import json
import re

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


def _periodic_text(length: int) -> str:
    """A report that repeats one paragraph: every stretch of it occurs many times, the worst case of
    difflib's matcher (each character's positions are long lists)."""
    paragraph = "高雄市與日本京都市於110年9月10日簽署合作備忘錄，陳其邁市長與門川大作市長出席，共30人。\n"
    return (paragraph * (length // len(paragraph) + 1))[:length]


def test_alignment_of_a_long_text_differing_by_one_character_maps_every_offset():
    gold = _periodic_text(300_000)
    pred = gold[:150_000] + "＃" + gold[150_001:]
    alignment = Alignment(pred, gold)
    assert alignment.span(10, 13) == (10, 13)
    assert alignment.span(150_000, 150_001) is None  # the changed character has no counterpart
    assert alignment.span(149_990, 150_010) == (149_990, 150_010)
    last = gold.rindex("京都市")
    assert alignment.span(last, last + 3) == (last, last + 3)


def test_alignment_of_a_long_repetitive_text_with_scattered_edits_follows_the_shifts():
    gold = _periodic_text(200_000)
    # an extraction that lost a character every 20,000 and wrote a new one in between
    cuts = range(10_000, 200_000, 20_000)
    pred, last = "", 0
    for cut in cuts:
        pred += gold[last:cut] + "＃"
        last = cut + 1
    pred += gold[last:]
    pred = pred[:5_000] + "插入" + pred[5_000:]  # two characters the gold lacks
    alignment = Alignment(pred, gold)
    assert alignment.span(1_000, 1_001) == (1_000, 1_001)
    assert alignment.span(5_000, 5_002) is None
    for offset in (5_002, 50_000, 120_000, 190_002, 199_990):
        while pred[offset].isspace() or pred[offset] == "＃":  # white space and edits have no counterpart
            offset += 1
        assert alignment.span(offset, offset + 1) == (offset - 2, offset - 1)
        assert alignment.back(offset - 2) == offset


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


def test_errors_on_a_page_read_by_ocr_are_marked_for_the_reports_filter():
    t = PRED_TEXT
    pages = [{"number": 1, "start": 0, "end": 10}, {"number": 2, "start": 10, "end": len(t), "ocr": {"engine": "e", "confidence": 0.9}}]
    pred = LabelledDoc("d1", t, [LabelledSpan(t.index("帛琉"), t.index("帛琉") + 2, "COUNTRY", page=2)], pages=pages)
    scores = score([gold_doc()], [pred])
    marks = {(e["label"], e["kind"]): e["ocr"] for e in scores["errors"]}
    assert marks[("COUNTRY", "fp")] is True and marks[("CITY", "fn")] is True  # 科羅州 lies on page 2
    assert marks[("DATE", "fn")] is False  # on page 1, with a text layer
    html = render_report(scores)
    assert 'id=f-ocr' in html and 'data-ocr="1"' in html and "2 (OCR)" in html


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


def _event_tp(gold_events, pred_events):
    pred = LabelledDoc("d1", GOLD_TEXT, [], events=pred_events)
    return score([gold_doc()], [pred], [{"doc_id": "d1", **e} for e in gold_events])["events"]["tp"]


def _tie(city, country, **extra):
    return {"type": "sister_city", "partner": {"city": city, "country": country, **extra}, "date": None}


@pytest.mark.parametrize("gold_city, pred_city, tp", [
    ("大邱廣域市", "大邱", 1),  # one name contains the other (LABELLING.md, Agreement events)
    ("大邱", "大邱廣域市", 1),
    ("臺中市", "台中市", 1),  # compared after folding
    ("大邱廣域市", "釜山廣域市", 0),
    ("大邱廣域市", None, 0),  # no name contains an empty one
])
def test_event_partner_names_may_contain_one_another(gold_city, pred_city, tp):
    assert _event_tp([_tie(gold_city, "韓國")], [_tie(pred_city, "韓國")]) == tp


def test_event_partner_matches_a_gold_alias_in_any_case():
    gold = _tie("大阪府", "日本", aliases=["Osaka Prefecture"])
    assert _event_tp([gold], [_tie("osaka prefecture", "日本")]) == 1


def test_a_country_only_partner_is_not_a_city_partner():
    gold = _tie(None, "帛琉")
    assert _event_tp([gold], [_tie(None, "帛琉共和國")]) == 1
    assert _event_tp([gold], [_tie("科羅州", "帛琉")]) == 0


def test_events_are_matched_one_to_one_at_best():
    """熊本 contains in both gold partners; a greedy match would give it to 熊本縣 and leave 熊本市 unmatched."""
    gold = [_tie("熊本縣", "日本"), _tie("熊本市", "日本")]
    pred = [_tie("熊本", "日本"), _tie("熊本縣", "日本")]
    assert _event_tp(gold, pred) == 2


def test_missed_and_false_events_are_readable_rows():
    gold = {"doc_id": "d1", **_tie("科羅州", "帛琉"), "action": "signed", "evidence": "本市與科羅州締結為姊妹市"}
    start = GOLD_TEXT.index("姊妹市")
    false = {**_tie("釜山廣域市", "韓國"), "action": "other", "rule": "rule:event/prose/other",
             "evidence": [{"start": start, "end": start + 3, "page": 4}]}
    scores = score([gold_doc()], [LabelledDoc("d1", GOLD_TEXT, [], events=[false])], [gold])
    rows = {e["kind"]: e for e in scores["events"]["rows"]}
    assert set(rows) == {"fn", "fp"} and rows["fn"]["pred"] is None and rows["fp"]["gold"] is None
    assert (rows["fn"]["gold"]["partner"], rows["fn"]["gold"]["evidence"]["text"]) == ("科羅州 / 帛琉", "本市與科羅州締結為姊妹市")
    fp = rows["fp"]["pred"]
    assert fp["rule"] == "rule:event/prose/other" and fp["evidence"]["text"] == "姊妹市" and fp["pages"] == [4]
    assert fp["evidence"]["before"].endswith("締結為") and "character" not in json.dumps(fp)
    html = render_report(scores)
    assert "rule:event/prose/other" in html and "釜山廣域市 / 韓國" in html


def test_a_near_miss_is_one_pair_that_says_what_differs():
    """The same partner and type read with another date: one row pair marked "date", not two unrelated errors."""
    gold = [{"doc_id": "d1", **_tie("科羅州", "帛琉"), "date": {"start": "2021-09-17", "end": "2021-09-17"},
             "signatories": ["陳其邁"], "action": "signed", "evidence": "締結為姊妹市"},
            {"doc_id": "d1", **_tie("水原市", "韓國"), "action": "signed", "evidence": ""}]
    pred = [{**_tie("科羅州", "帛琉"), "date": {"start": "2021-09-18", "end": "2021-09-18"},
             "signatories": [{"name": "陳其邁"}], "action": "visited", "evidence": []},
            {**_tie("水原市", "韓國"), "action": "signed", "evidence": []}]
    scores = score([gold_doc()], [LabelledDoc("d1", GOLD_TEXT, [], events=pred)], gold)
    assert (scores["events"]["tp"], scores["events"]["fp"], scores["events"]["fn"]) == (1, 1, 1)
    rows = {row["kind"]: row for row in scores["events"]["rows"]}
    assert set(rows) == {"tp", "near"}
    near = rows["near"]
    assert near["differs"] == ["date", "action"]  # the signatories agree, written as names or as records
    assert (near["gold"]["date"], near["pred"]["date"]) == ("2021-09-17", "2021-09-18")
    html = render_report(scores)
    table = html[html.index("<table id=events"):html.index("</table>", html.index("<table id=events"))]
    assert "near miss" in table and table.count("class='l differs'") == 4  # date and action, gold and predicted


def test_each_rule_shows_the_run_rescored_without_it():
    """The figures "without" a rule are those of scoring the predictions with that rule's spans removed."""
    t = GOLD_TEXT
    spans = [span(t, "科羅州", "CITY", rule="city"), span(t, "締結", "CITY", rule="city"),
             span(t, "帛琉共和國", "COUNTRY", rule="country"), span(t, "姊妹市", "AGREEMENT", rule="agreement"),
             span(t, "33 案", "COUNT", rule="count"), span(t, "計", "ORG", rule="junk")]
    scores = score([gold_doc()], [LabelledDoc("d1", t, spans)])
    for row in scores["rules"]:
        rest = [s for s in spans if s.rule != row["rule"]]
        rescored = score([gold_doc()], [LabelledDoc("d1", t, rest)])["overall"]["strict"]
        assert {k: round(v, 9) for k, v in row["without"].items()} == \
            {k: round(rescored[k], 9) for k in ("precision", "recall", "f1")}
    # pruning the rule that only errs raises F1 most: it comes first
    assert scores["rules"][0]["rule"] == "junk" and scores["rules"][0]["f1_change"] > 0


def test_a_gold_span_two_rules_found_is_not_lost_by_pruning_one():
    t = GOLD_TEXT
    spans = [span(t, "科羅州", "CITY", rule="curated"), span(t, "科羅州", "CITY", rule="generated")]
    rows = {r["rule"]: r for r in score([gold_doc()], [LabelledDoc("d1", t, spans)])["rules"]}
    assert rows["generated"]["without"]["recall"] == rows["curated"]["without"]["recall"] == 0.2


def test_the_chart_axis_starts_below_the_lowest_value_so_high_scores_differ():
    from govreport.evaluation.report import axis_floor

    assert axis_floor([0.88, 0.99]) == pytest.approx(0.85)
    assert axis_floor([0.0, 0.99]) == 0.0
    t = GOLD_TEXT
    pred = LabelledDoc("d1", t, gold_doc().spans + [span(t, "締結", "CITY")])
    html = render_report(score([gold_doc()], [pred]))
    widths = {(m.group(1), m.group(2)): float(m.group(3)) for m in re.finditer(
        r'data-label="(\w+)" data-metric="(\w+)" data-value="[\d.]+" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', html)}
    # CITY precision 0.5 against 1.0 elsewhere; with all values high the axis would start above 0
    assert widths[("CITY", "precision")] < widths[("CITY", "recall")] and widths[("COUNTRY", "f1")] > 0
    high = score([gold_doc()], [LabelledDoc("d1", t, gold_doc().spans)])
    high["labels"]["CITY"]["strict"].update(precision=0.88, f1=0.93)
    high["labels"]["DATE"]["strict"].update(precision=0.99)
    html = render_report(high)
    widths = {(m.group(1), m.group(2)): float(m.group(3)) for m in re.finditer(
        r'data-label="(\w+)" data-metric="(\w+)" data-value="[\d.]+" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', html)}
    assert widths[("CITY", "precision")] < 0.3 * widths[("DATE", "precision")]  # 0.88 against 0.99, axis from 0.85
    assert 'data-floor="0.85"' in html and ">0.880<" in html and ">0.990<" in html


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
    [task] = json.loads(export_docs([gold_doc()], "labelstudio"))
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


def test_precision_per_gazetteer_list():
    t = "訪問團走訪若狭町與科羅州。"
    gold = LabelledDoc("d1", t, [span(t, "若狭町", "CITY")])
    pred = LabelledDoc("d1", t, [span(t, "若狭町", "CITY", rule="gazetteer:city/若狭町"),
                                 span(t, "科羅州", "CITY", rule="rule:city/place_name_suffix")])
    lists = {r["list"]: r for r in score([gold], [pred])["gazetteer_lists"]}
    assert lists["jp_municipalities.tsv"]["tp"] == 1 and lists["rules"]["fp"] == 1
    assert "jp_municipalities.tsv" in render_report(score([gold], [pred]))


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "labelstudio"])
def test_a_raw_line_separator_inside_a_string_does_not_end_a_record(tmp_path, fmt):
    doc = gold_doc()
    doc.text = doc.text + "\u2028\u2029"  # JSON leaves both unescaped
    path = tmp_path / "gold.jsonl"
    path.write_text(export_docs([doc, gold_doc()], fmt).replace("\\u2028", "\u2028").replace("\\u2029", "\u2029"),
                    encoding="utf-8")
    first, second = read_docs(path)
    assert first.text == GOLD_TEXT + "\u2028\u2029" and second.text == GOLD_TEXT
