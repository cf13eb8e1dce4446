"""The precision report: one self-contained HTML file a reviewer reads to decide whether to trust a run.

No network and no external assets: styles, the chart (SVG) and the filter script are
inline. Every piece of document text goes through html.escape.
"""
from __future__ import annotations

import json
from html import escape
from typing import Any


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f0f0f0}td.l,th.l{text-align:left}mark{background:#ffd54f;padding:0 2px}
.fp mark{background:#ef9a9a}.fn mark{background:#90caf9}.value mark{background:#ce93d8}
.ctx{font-family:monospace;white-space:pre-wrap;text-align:left}.bad{color:#b71c1c}
#filters label{margin-right:1em}.hidden{display:none}
"""

_SCRIPT = """
function applyFilters(){
  var label=document.getElementById('f-label').value, kind=document.getElementById('f-kind').value,
      doc=document.getElementById('f-doc').value, ocr=document.getElementById('f-ocr').value, shown=0;
  var rows=document.querySelectorAll('#errors tbody tr');
  for(var i=0;i<rows.length;i++){
    var r=rows[i], ok=(!label||r.dataset.label===label)&&(!kind||r.dataset.kind===kind)&&(!doc||r.dataset.doc===doc)
                      &&(!ocr||r.dataset.ocr===ocr);
    r.classList.toggle('hidden',!ok); if(ok){shown++;}
  }
  document.getElementById('shown').textContent=shown;
}
document.addEventListener('DOMContentLoaded',function(){
  ['f-label','f-kind','f-doc','f-ocr'].forEach(function(id){document.getElementById(id).addEventListener('change',applyFilters);});
  applyFilters();
});
"""


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _summary_table(scores: dict[str, Any]) -> str:
    rows = [(label, scores["labels"][label]) for label in scores["labels"]] + [("overall", scores["overall"])]
    head = ("<tr><th class=l>label</th><th>gold</th><th>predicted</th><th>strict P</th><th>strict R</th><th>strict F1</th>"
            "<th>F1 95% CI</th><th>exact F1</th><th>partial F1</th><th>type F1</th><th>value accuracy</th></tr>")
    body = []
    for name, row in rows:
        strict, ci = row["strict"], row["strict_ci95"]["f1"]
        value = (row.get("value_accuracy") or {})
        accuracy = _pct(value.get("accuracy")) + (f" ({value['correct']}/{value['matched']})" if value else "")
        body.append(
            f"<tr><td class=l>{escape(name)}</td><td>{row['gold']}</td><td>{row['predicted']}</td>"
            f"<td>{_pct(strict['precision'])}</td><td>{_pct(strict['recall'])}</td><td>{_pct(strict['f1'])}</td>"
            f"<td>[{ci[0]:.2f}, {ci[1]:.2f}]</td><td>{_pct(row['exact']['f1'])}</td><td>{_pct(row['partial']['f1'])}</td>"
            f"<td>{_pct(row['type']['f1'])}</td><td>{accuracy if value else '–'}</td></tr>")
    return f"<table id=summary>{head}{''.join(body)}</table>"


def _chart(scores: dict[str, Any]) -> str:
    """Strict precision, recall and F1 per label as grouped horizontal bars."""
    colours = {"precision": "#1976d2", "recall": "#388e3c", "f1": "#f57c00"}
    bar, gap, width, left = 12, 10, 400, 110
    parts, y = [], 10
    for label, row in scores["labels"].items():
        strict = row["strict"]
        parts.append(f'<text x="{left - 8}" y="{y + 2 * bar}" text-anchor="end" font-size="12">{escape(label)}</text>')
        for i, metric in enumerate(colours):
            value = strict[metric]
            parts.append(f'<rect x="{left}" y="{y + i * bar}" width="{value * width:.1f}" height="{bar - 2}" fill="{colours[metric]}">'
                         f'<title>{label} {metric} {value:.3f}</title></rect>'
                         f'<text x="{left + value * width + 4:.1f}" y="{y + i * bar + bar - 3}" font-size="10">{value:.2f}</text>')
        y += 3 * bar + gap
    legend = "".join(f'<rect x="{left + i * 110}" y="{y}" width="10" height="10" fill="{c}"/>'
                     f'<text x="{left + i * 110 + 14}" y="{y + 9}" font-size="11">strict {m}</text>'
                     for i, (m, c) in enumerate(colours.items()))
    return (f'<svg id=chart xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{y + 20}" role="img" '
            f'aria-label="strict precision, recall and F1 per label">{"".join(parts)}{legend}</svg>')


def _events(scores: dict[str, Any]) -> str:
    events = scores.get("events")
    if not events:
        return "<p>No gold events were given.</p>"
    columns = ("type", "action", "partner", "date", "rule", "evidence")
    rows = "".join(
        f"<tr class={e['kind']}><td class=l>{escape(e['doc_id'])}</td><td class=l>{e['kind']}</td>"
        + "".join(f"<td class='l{' ctx' if c == 'evidence' else ''}'>{escape(str(e.get(c) or ''))}</td>" for c in columns)
        + "</tr>" for e in events["errors"])
    head = "".join(f"<th class=l>{c}</th>" for c in ("document", "kind") + columns)
    return (f"<p>gold {events['tp'] + events['fn']}, predicted {events['tp'] + events['fp']}, matched {events['tp']}: "
            f"precision {_pct(events['precision'])}, recall {_pct(events['recall'])}, F1 {_pct(events['f1'])}.</p>"
            f"<table id=event-errors><tr>{head}</tr>{rows}</table>")


def _per_document(scores: dict[str, Any]) -> str:
    head = "<tr><th class=l>document</th><th>strict P</th><th>strict R</th><th>strict F1</th>" + "".join(
        f"<th>{label} F1</th>" for label in scores["labels"]) + "</tr>"
    body = "".join(
        f"<tr><td class=l>{escape(doc_id)}</td><td>{_pct(d['overall']['precision'])}</td><td>{_pct(d['overall']['recall'])}</td>"
        f"<td>{_pct(d['overall']['f1'])}</td>" + "".join(
            f"<td>{_pct(d['labels'][label]['f1']) if d['labels'][label]['gold'] else '–'}</td>" for label in scores["labels"]) + "</tr>"
        for doc_id, d in scores["per_document"].items())
    return f"<table id=documents>{head}{body}</table>"


def _lists(scores: dict[str, Any]) -> str:
    body = "".join(
        f"<tr><td class=l>{escape(r['list'])}</td><td>{r['tp']}</td>"
        f"<td class={'bad' if r['fp'] else ''}>{r['fp']}</td><td>{_pct(r['precision'])}</td></tr>"
        for r in scores.get("gazetteer_lists", ()))
    return ("<table id=lists><tr><th class=l>gazetteer list (or rules)</th><th>true positives</th>"
            f"<th>false positives</th><th>precision</th></tr>{body}</table>")


def _rules(scores: dict[str, Any]) -> str:
    body = "".join(
        f"<tr><td class=l>{escape(r['rule'])}</td><td class=l>{escape(r['label'])}</td><td>{r['tp']}</td>"
        f"<td class={'bad' if r['fp'] else ''}>{r['fp']}</td><td>{_pct(r['precision'])}</td></tr>" for r in scores["rules"])
    return ("<table id=rules><tr><th class=l>rule or gazetteer entry</th><th class=l>label</th><th>true positives</th>"
            f"<th>false positives</th><th>precision</th></tr>{body}</table>")


def _options(values: list[str], every: str) -> str:
    return f'<option value="">{every}</option>' + "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


def _errors(scores: dict[str, Any]) -> str:
    errors = scores["errors"]
    docs = sorted({e["doc_id"] for e in errors})
    filters = (f'<div id=filters><label>label <select id=f-label>{_options(list(scores["labels"]), "all labels")}</select></label>'
               f'<label>kind <select id=f-kind>{_options(["fp", "fn", "value"], "all kinds")}</select></label>'
               f'<label>document <select id=f-doc>{_options(docs, "all documents")}</select></label>'
               '<label>text <select id=f-ocr><option value="">all pages</option><option value="1">pages read by OCR</option>'
               '<option value="0">pages with a text layer</option></select></label>'
               f'showing <span id=shown>{len(errors)}</span> of {len(errors)}</div>')
    rows = "".join(
        f'<tr class={e["kind"]} data-label="{escape(e["label"])}" data-kind="{e["kind"]}" data-doc="{escape(e["doc_id"])}"'
        f' data-ocr="{int(e["ocr"])}"><td class=l>{escape(e["doc_id"])}</td>'
        f'<td>{e["page"] if e["page"] is not None else "–"}{" (OCR)" if e["ocr"] else ""}</td>'
        f'<td class=l>{escape(e["label"])}</td><td class=l>{e["kind"]}</td>'
        f'<td class=ctx>{escape(e["before"])}<mark>{escape(e["text"])}</mark>{escape(e["after"])}</td>'
        f'<td class=l>{escape(e["rule"] or "")}</td><td class=l>{escape(e["note"])}'
        f'{" " + escape(json.dumps(e["norm"], ensure_ascii=False)) if e["kind"] == "value" else ""}</td></tr>'
        for e in errors)
    return (f"{filters}<table id=errors><thead><tr><th class=l>document</th><th>page</th><th class=l>label</th>"
            f"<th class=l>kind</th><th class=l>in context</th><th class=l>rule</th><th class=l>note</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def render_report(scores: dict[str, Any], title: str = "govreport precision report") -> str:
    docs = ", ".join(scores["documents"])
    return f"""<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>{_STYLE}</style></head><body>
<h1>{escape(title)}</h1>
<p>Documents scored: {escape(docs)}. Strict = same start, end and label; exact = same boundaries; partial = overlap;
type = overlap with the same label (SemEval-2013). Intervals are bootstrap 95% over paragraphs. Value accuracy is over strict matches
(DATE: same start and end; COUNT: same value and qualifier).</p>
<h2>Summary</h2>{_summary_table(scores)}
<h2>Strict scores per label</h2>{_chart(scores)}
<h2>Agreement events</h2>{_events(scores)}
<h2>Per document</h2>{_per_document(scores)}
<h2>Per gazetteer list, worst first</h2><p>Places found by each list's names (gazetteer/lists.yaml); a large generated list with low precision is pruned at its source.</p>{_lists(scores)}
<h2>Per rule, worst first</h2><p>A rule with many false positives and low precision is a candidate for pruning.</p>{_rules(scores)}
<h2>Every false positive, false negative and wrong value</h2>
<p>fp: predicted, not in gold (red); fn: in gold, not predicted (blue); value: matched span, wrong normalised value (purple).</p>
{_errors(scores)}
<script>{_SCRIPT}</script>
</body></html>
"""
