"""The precision report: one self-contained HTML file a reviewer reads to decide whether to trust a run.

No network and no external assets: styles, the chart (SVG) and the filter script are
inline. Every piece of document text goes through html.escape.
"""
from __future__ import annotations

import json
import math
from html import escape
from urllib.parse import quote
from typing import Any


# CJK fonts named before the generic families: Chromium on Linux does not fall back to a CJK font for
# system-ui, and without one every Chinese character is a box (.ci/run installs Debian's fonts-noto-cjk).
_SANS = ('system-ui,"Noto Sans CJK TC","Noto Sans TC","Source Han Sans TC","PingFang TC","Microsoft JhengHei",'
         '"WenQuanYi Zen Hei",sans-serif')
_MONO = ('ui-monospace,"DejaVu Sans Mono","Noto Sans Mono CJK TC","Noto Sans CJK TC","Source Han Sans TC",'
         '"PingFang TC","Microsoft JhengHei",monospace')

_STYLE = """
body{font-family:%s;margin:2em;max-width:1400px;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f0f0f0}td.l,th.l{text-align:left}mark{background:#ffd54f;padding:0 2px}
.fp mark{background:#ef9a9a}.fn mark{background:#90caf9}.value mark{background:#ce93d8}
.ctx{font-family:%s;white-space:pre-wrap;text-align:left}.bad{color:#b71c1c}.good{color:#1b5e20}
#filters label,.filters label{margin-right:1em}.hidden{display:none}
th[data-sort]{cursor:pointer}th[data-sort]:after{content:" \\2195";color:#999}
#events td.differs{background:#fff3e0;font-weight:bold}#events tr.pair-start td{border-top:2px solid #888}
#events .kind-tp{color:#1b5e20}#events .kind-fp,#events .kind-fn{color:#b71c1c}#events .kind-near{color:#e65100}
#events td.ctx{min-width:24em}#prune{width:100%%;min-height:6em;font-family:%s}
""" % (_SANS, _MONO, _MONO)

_SCRIPT = """
function applyFilters(){
  var label=document.getElementById('f-label').value, kind=document.getElementById('f-kind').value,
      doc=document.getElementById('f-doc').value, rule=document.getElementById('f-rule').value,
      ocr=document.getElementById('f-ocr').value, shown=0;
  var rows=document.querySelectorAll('#errors tbody tr');
  for(var i=0;i<rows.length;i++){
    var r=rows[i], ok=(!label||r.dataset.label===label)&&(!kind||r.dataset.kind===kind)&&(!doc||r.dataset.doc===doc)
      &&(!rule||r.dataset.rule===rule)&&(!ocr||r.dataset.ocr===ocr);
    r.classList.toggle('hidden',!ok); if(ok){shown++;}
  }
  document.getElementById('shown').textContent=shown;
}
function showRuleFromHash(){
  if(location.hash.indexOf('#rule=')!==0){return;}
  var rule=decodeURIComponent(location.hash.slice(6)), select=document.getElementById('f-rule');
  ['f-label','f-kind','f-doc'].forEach(function(id){document.getElementById(id).value='';});
  select.value=rule; applyFilters(); document.getElementById('errors').scrollIntoView();
}
function filterRules(){
  var text=document.getElementById('r-text').value.toLowerCase(), label=document.getElementById('r-label').value,
      onlyFp=document.getElementById('r-fp').checked, shown=0;
  var rows=document.querySelectorAll('#rules tbody tr');
  for(var i=0;i<rows.length;i++){
    var r=rows[i], ok=(!text||r.dataset.rule.toLowerCase().indexOf(text)>=0)&&(!label||r.dataset.label===label)
      &&(!onlyFp||Number(r.dataset.fp)>0);
    r.classList.toggle('hidden',!ok); if(ok){shown++;}
  }
  document.getElementById('rules-shown').textContent=shown;
}
function sortTable(th){
  var table=th.closest('table'), body=table.tBodies[0], index=Array.prototype.indexOf.call(th.parentNode.children,th);
  var numeric=th.dataset.sort==='num', down=th.dataset.dir!=='down';
  Array.prototype.forEach.call(th.parentNode.children,function(h){delete h.dataset.dir;});
  th.dataset.dir=down?'down':'up';
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){
    var x=a.cells[index].dataset.value||a.cells[index].textContent, y=b.cells[index].dataset.value||b.cells[index].textContent;
    var c=numeric?Number(x)-Number(y):x.localeCompare(y);
    return down?-c:c;
  });
  rows.forEach(function(r){body.appendChild(r);});
}
function listPruned(){
  var marked=document.querySelectorAll('#rules input.prune:checked'), lines=[];
  for(var i=0;i<marked.length;i++){lines.push(marked[i].value);}
  document.getElementById('prune').value=lines.join('\\n');
  document.getElementById('pruned').textContent=lines.length;
}
document.addEventListener('DOMContentLoaded',function(){
  ['f-label','f-kind','f-doc','f-rule','f-ocr'].forEach(function(id){document.getElementById(id).addEventListener('change',applyFilters);});
  ['r-text','r-label','r-fp'].forEach(function(id){document.getElementById(id).addEventListener('input',filterRules);
    document.getElementById(id).addEventListener('change',filterRules);});
  document.querySelectorAll('th[data-sort]').forEach(function(th){th.addEventListener('click',function(){sortTable(th);});});
  document.querySelectorAll('#rules input.prune').forEach(function(box){box.addEventListener('change',listPruned);});
  window.addEventListener('hashchange',showRuleFromHash);
  applyFilters(); filterRules(); listPruned(); showRuleFromHash();
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


def axis_floor(values: list[float], step: float = 0.05, margin: float = 0.02) -> float:
    """Where the chart's axis starts: a round step just below the lowest value, so that 0.88 and 0.99 differ
    by a third of the chart and not a tenth of it; 0 when a value is that low anyway."""
    lowest = min(values, default=0.0)
    return max(0.0, math.floor(round((lowest - margin) / step, 6)) * step)


def _chart(scores: dict[str, Any]) -> str:
    """Strict precision, recall and F1 per label as grouped horizontal bars over an axis from axis_floor to 1,
    with a grid, tick labels and each bar's value written beside it."""
    colours = {"precision": "#1976d2", "recall": "#388e3c", "f1": "#f57c00"}
    bar, gap, width, left, top = 14, 10, 500, 110, 24
    scored = {label: row for label, row in scores["labels"].items() if row["gold"] or row["predicted"]}
    floor = axis_floor([row["strict"][m] for row in scored.values() for m in colours])
    step = 0.05 if 1 - floor <= 0.5 else 0.1

    def x(value: float) -> float:
        return left + (max(value, floor) - floor) / (1 - floor) * width

    rows = len(scores["labels"])
    bottom = top + rows * (3 * bar + gap)
    ticks = [round(floor + i * step, 2) for i in range(int(round((1 - floor) / step)) + 1)]
    parts = [f'<line x1="{x(t):.1f}" y1="{top - 4}" x2="{x(t):.1f}" y2="{bottom}" stroke="#ddd"/>'
             f'<text x="{x(t):.1f}" y="{top - 8}" text-anchor="middle" font-size="10">{t:.2f}</text>' for t in ticks]
    y = top
    for label, row in scores["labels"].items():
        strict = row["strict"]
        parts.append(f'<text x="{left - 8}" y="{y + 2 * bar}" text-anchor="end" font-size="12">{escape(label)}</text>')
        if label not in scored:  # nothing to score: no bar at 0 to pull the axis down
            parts.append(f'<text x="{left + 4}" y="{y + 2 * bar}" font-size="11">no gold or predicted spans</text>')
        for i, metric in enumerate(colours if label in scored else ()):
            value = strict[metric]
            parts.append(f'<rect class=bar data-label="{escape(label)}" data-metric="{metric}" data-value="{value:.4f}" '
                         f'x="{left}" y="{y + i * bar}" width="{x(value) - left:.1f}" height="{bar - 2}" fill="{colours[metric]}">'
                         f'<title>{escape(label)} {metric} {value:.3f}</title></rect>'
                         f'<text x="{x(value) + 4:.1f}" y="{y + i * bar + bar - 4}" font-size="10">{value:.3f}</text>')
        y += 3 * bar + gap
    legend = "".join(f'<rect x="{left + i * 110}" y="{y}" width="10" height="10" fill="{c}"/>'
                     f'<text x="{left + i * 110 + 14}" y="{y + 9}" font-size="11">strict {m}</text>'
                     for i, (m, c) in enumerate(colours.items()))
    note = (f'<p>The axis starts at {floor:.2f}, not 0, so that differences between high scores show; '
            'each bar carries its value.</p>' if floor else "")
    return (f'{note}<svg id=chart xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{y + 20}" role="img" '
            f'data-floor="{floor:.2f}" aria-label="strict precision, recall and F1 per label, axis from {floor:.2f} to 1">'
            f'{"".join(parts)}{legend}</svg>')


EVENT_KINDS = {"tp": "matched", "near": "near miss", "fn": "missed", "fp": "false"}
EVENT_FIELDS = ("type", "partner", "date", "signatories", "action")


def _evidence(view: dict[str, Any]) -> str:
    evidence = view["evidence"]
    pages = ", ".join(str(page) for page in view["pages"])
    return (f"<td class=ctx>{escape(evidence['before'])}<mark>{escape(evidence['text'])}</mark>{escape(evidence['after'])}"
            f"</td><td>{pages or '–'}</td>")


def _event_side(row: dict[str, Any], side: str, first: bool, sides: int) -> str:
    view = row[side]
    lead = (f"<td class=l rowspan={sides}>{escape(row['doc_id'])}</td>"
            f"<td class='l kind-{row['kind']}' rowspan={sides}>{EVENT_KINDS[row['kind']]}"
            f"{'<br>differs: ' + escape(', '.join(row['differs'])) if row['differs'] else ''}</td>") if first else ""
    cells = "".join(f"<td class='l{' differs' if field in row['differs'] else ''}'>{escape(str(view[field] or '–'))}</td>"
                    for field in EVENT_FIELDS)
    return (f"<tr class='{row['kind']}{' pair-start' if first else ''}' data-kind={row['kind']}>{lead}"
            f"<td class=l>{'gold' if side == 'gold' else 'predicted'}</td>{cells}{_evidence(view)}"
            f"<td class=l>{escape(view['rule'])}</td></tr>")


def _events(scores: dict[str, Any]) -> str:
    """Every event as a row a reviewer reads: matched and nearly matched ones as a gold row over a predicted
    row with what differs marked, then the missed and the false ones."""
    events = scores.get("events")
    if not events:
        return "<p>No gold events were given.</p>"
    order = {kind: i for i, kind in enumerate(("near", "fn", "fp", "tp"))}
    body = []
    for row in sorted(events["rows"], key=lambda r: order[r["kind"]]):
        sides = [side for side in ("gold", "pred") if row[side]]
        body.extend(_event_side(row, side, i == 0, len(sides)) for i, side in enumerate(sides))
    head = "".join(f"<th class=l>{c}</th>" for c in ("document", "outcome", "from", *EVENT_FIELDS, "evidence")) + \
        "<th>page</th><th class=l>rule</th>"
    counts = {kind: sum(1 for r in events["rows"] if r["kind"] == kind) for kind in EVENT_KINDS}
    return (f"<p>gold {events['tp'] + events['fn']}, predicted {events['tp'] + events['fp']}, matched {events['tp']}: "
            f"precision {_pct(events['precision'])}, recall {_pct(events['recall'])}, F1 {_pct(events['f1'])}. "
            f"Below: {counts['near']} near misses (the same partner and type, read with another date or action; scored as "
            f"a missed and a false event), {counts['fn']} missed, {counts['fp']} false and {counts['tp']} matched events; "
            "the cells in which a pair differs are marked.</p>"
            f"<table id=events><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


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


def _change(value: float) -> str:
    """A signed change to four places; one too small to show is 0.0000, never -0.0000."""
    return f"{value:+.4f}" if round(value, 4) else "0.0000"


def _rules(scores: dict[str, Any]) -> str:
    """Sortable, filterable; each rule with its errors one click away and the run's figures without it; the
    rules a reviewer marks gather in a list to copy."""
    with_errors = {e["rule"] for e in scores["errors"] if e["kind"] != "fn"}
    overall = scores["overall"]["strict"]
    labels = sorted({r["label"] for r in scores["rules"]})
    filters = (f'<div class=filters><label>rule contains <input id=r-text type=search></label>'
               f'<label>label <select id=r-label>{_options(labels, "all labels")}</select></label>'
               f'<label><input id=r-fp type=checkbox> only rules with false positives</label>'
               f'showing <span id=rules-shown>{len(scores["rules"])}</span> of {len(scores["rules"])}</div>')

    def number(value: float, text: str, cls: str = "") -> str:
        return f"<td data-value='{value:.6f}'{f' class={cls}' if cls else ''}>{text}</td>"

    body = []
    for r in scores["rules"]:
        rule, without, change = r["rule"], r["without"], r["f1_change"]
        name = (f'<a href="#rule={quote(rule, safe="")}">{escape(rule)}</a>' if rule in with_errors else escape(rule))
        body.append(
            f'<tr data-rule="{escape(rule)}" data-label="{escape(r["label"])}" data-fp={r["fp"]}>'
            f'<td><input type=checkbox class=prune value="{escape(rule)}" aria-label="prune {escape(rule)}"></td>'
            f'<td class=l>{name}</td><td class=l>{escape(r["label"])}</td>'
            + number(r["tp"], str(r["tp"])) + number(r["fp"], str(r["fp"]), "bad" if r["fp"] else "")
            + number(r["precision"], _pct(r["precision"]))
            + number(without["precision"], _pct(without["precision"])) + number(without["recall"], _pct(without["recall"]))
            + number(without["f1"], _pct(without["f1"]))
            + number(change, _change(change), "good" if change > 0 else "bad" if change < 0 else "") + "</tr>")
    head = ("<tr><th>prune</th><th class=l data-sort=text>rule or gazetteer entry</th><th class=l data-sort=text>label</th>"
            "<th data-sort=num>true positives</th><th data-sort=num>false positives</th><th data-sort=num>precision</th>"
            "<th data-sort=num>P without it</th><th data-sort=num>R without it</th><th data-sort=num>F1 without it</th>"
            "<th data-sort=num>F1 change</th></tr>")
    return (f"<p>Overall strict P {_pct(overall['precision'])}, R {_pct(overall['recall'])}, F1 {_pct(overall['f1'])}. "
            "“Without it”: the run with that rule's predicted spans removed and the rest rescored (a gold span only it "
            "found becomes a miss); rules whose removal would raise F1 most come first. Click a header to sort, a rule "
            "to see its errors in context, and tick the rules to prune: they gather in the list below.</p>"
            f"{filters}<table id=rules><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
            f"<p><label for=prune>Rules marked for pruning (<span id=pruned>0</span>), one a line, to copy:</label></p>"
            "<textarea id=prune readonly></textarea>")


def _options(values: list[str], every: str) -> str:
    return f'<option value="">{every}</option>' + "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


def _errors(scores: dict[str, Any]) -> str:
    errors = scores["errors"]
    docs = sorted({e["doc_id"] for e in errors})
    rules = sorted({e["rule"] for e in errors if e["rule"]})
    filters = (f'<div id=filters><label>label <select id=f-label>{_options(list(scores["labels"]), "all labels")}</select></label>'
               f'<label>kind <select id=f-kind>{_options(["fp", "fn", "value"], "all kinds")}</select></label>'
               f'<label>document <select id=f-doc>{_options(docs, "all documents")}</select></label>'
               f'<label>rule <select id=f-rule>{_options(rules, "all rules")}</select></label>'
               '<label>text <select id=f-ocr><option value="">all pages</option><option value="1">pages read by OCR</option>'
               '<option value="0">pages with a text layer</option></select></label>'
               f'showing <span id=shown>{len(errors)}</span> of {len(errors)}</div>')
    rows = "".join(
        f'<tr class={e["kind"]} data-label="{escape(e["label"])}" data-kind="{e["kind"]}" data-doc="{escape(e["doc_id"])}"'
        f' data-rule="{escape(e["rule"] or "")}" data-ocr="{int(e["ocr"])}"><td class=l>{escape(e["doc_id"])}</td>'
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
<h2>Per rule</h2>{_rules(scores)}
<h2>Every false positive, false negative and wrong value</h2>
<p>fp: predicted, not in gold (red); fn: in gold, not predicted (blue); value: matched span, wrong normalised value (purple).</p>
{_errors(scores)}
<script>{_SCRIPT}</script>
</body></html>
"""
