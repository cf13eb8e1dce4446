"""Scoring predicted spans and events against gold.

Span scores follow the SemEval-2013 schemes (strict, exact, partial, type) through
nervaluate; the set is small, so every strict figure also gets a bootstrap 95%
confidence interval, resampling paragraphs. Predictions are first carried onto
the gold text by character alignment (evaluation.align).
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nervaluate import Evaluator

from ..normalise import fold, lower
from ..resources import shared_resources, shared_vocabularies

from .align import Alignment
from .records import LabelledDoc, LabelledSpan

SCHEMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
BOOTSTRAP_SAMPLES = 1000
CONTEXT_CHARS = 30


@dataclass
class PairedDoc:
    doc_id: str
    gold: LabelledDoc
    pred: LabelledDoc
    alignment: Alignment
    spans: list[LabelledSpan]  # predicted spans carried onto the gold text
    unaligned: list[LabelledSpan]  # predicted spans with no counterpart in the gold text


def _doc_key(doc_id: str) -> str:
    return Path(doc_id).stem


def pair_documents(gold: list[LabelledDoc], pred: list[LabelledDoc]) -> tuple[list[PairedDoc], list[str]]:
    """Gold documents with their predictions; the ids of gold documents that have none."""
    by_key = {_doc_key(doc.doc_id): doc for doc in pred if doc.error is None}
    pairs, missing = [], []
    for gold_doc in gold:
        pred_doc = by_key.get(_doc_key(gold_doc.doc_id))
        if pred_doc is None:
            missing.append(gold_doc.doc_id)
            pred_doc = LabelledDoc(gold_doc.doc_id, gold_doc.text, [])
        alignment = Alignment(pred_doc.text, gold_doc.text)
        carried, unaligned = [], []
        for span in pred_doc.spans:
            target = alignment.span(span.start, span.end)
            if target is None:
                unaligned.append(span)
            else:
                carried.append(LabelledSpan(target[0], target[1], span.label, span.norm, span.rule, span.page))
        pairs.append(PairedDoc(gold_doc.doc_id, gold_doc, pred_doc, alignment, carried, unaligned))
    return pairs, missing


def _nervaluate(pairs: list[PairedDoc], labels: tuple[str, ...]) -> dict[str, Any]:
    # nervaluate counts end offsets inclusively.
    def convert(spans):
        return [{"label": s.label, "start": s.start, "end": s.end - 1} for s in spans]

    true = [convert(p.gold.spans) for p in pairs]
    pred = [convert(p.spans) for p in pairs]
    return Evaluator(true, pred, tags=list(labels)).evaluate()


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _scheme_figures(result) -> dict[str, Any]:
    if result is None:  # nervaluate leaves out a label that is neither in gold nor predicted
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "correct": 0, "incorrect": 0, "partial": 0, "missed": 0, "spurious": 0}
    return {"precision": result.precision, "recall": result.recall, "f1": result.f1,
            "correct": result.correct, "incorrect": result.incorrect, "partial": result.partial,
            "missed": result.missed, "spurious": result.spurious}


@dataclass
class Outcome:
    """One span's fate under the strict scheme, for per-rule precision, errors and the bootstrap."""

    doc_id: str
    kind: str  # tp | fp | fn
    span: LabelledSpan
    paragraph: int
    value_correct: bool | None = None
    note: str = ""


def _paragraph_index(text: str) -> list[int]:
    index, paragraph = [], 0
    for ch in text:
        index.append(paragraph)
        paragraph += ch == "\n"
    index.append(paragraph)
    return index


def value_correct(label: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    """DATE: same start and end; COUNT: same value and qualifier. None for other labels."""
    if label == "DATE":
        return (gold.get("start"), gold.get("end")) == (pred.get("start"), pred.get("end"))
    if label == "COUNT":
        try:
            same_value = float(gold.get("value")) == float(pred.get("value"))
        except (TypeError, ValueError):
            same_value = gold.get("value") == pred.get("value")
        return same_value and gold.get("approx") == pred.get("approx")
    return None


def strict_outcomes(pair: PairedDoc) -> list[Outcome]:
    paragraphs = _paragraph_index(pair.gold.text)
    gold_by_key = {(s.start, s.end, s.label): s for s in pair.gold.spans}
    pred_keys = {(s.start, s.end, s.label) for s in pair.spans}
    outcomes = []
    for span in pair.spans:
        gold = gold_by_key.get((span.start, span.end, span.label))
        if gold is not None:
            outcomes.append(Outcome(pair.doc_id, "tp", span, paragraphs[span.start], value_correct(span.label, gold.norm, span.norm)))
        else:
            overlapping = [g for g in pair.gold.spans if g.start < span.end and span.start < g.end]
            note = "; ".join(f"gold {g.label} «{pair.gold.text[g.start:g.end]}»" for g in overlapping)
            outcomes.append(Outcome(pair.doc_id, "fp", span, paragraphs[span.start], note=note))
    for span in pair.unaligned:
        outcomes.append(Outcome(pair.doc_id, "fp", span, 0, note="not found in the gold text"))
    for span in pair.gold.spans:
        if (span.start, span.end, span.label) not in pred_keys:
            overlapping = [p for p in pair.spans if p.start < span.end and span.start < p.end]
            note = "; ".join(f"predicted {p.label} «{pair.gold.text[p.start:p.end]}»" for p in overlapping)
            outcomes.append(Outcome(pair.doc_id, "fn", span, paragraphs[span.start], note=note))
    return outcomes


def _counts(outcomes: list[Outcome], label: str | None) -> tuple[int, int, int]:
    chosen = Counter(o.kind for o in outcomes if label is None or o.span.label == label)
    return chosen["tp"], chosen["fp"], chosen["fn"]


def bootstrap(outcomes: list[Outcome], label: str | None, samples: int = BOOTSTRAP_SAMPLES,
              seed: int = 0) -> dict[str, list[float]]:
    """95% intervals for strict P, R and F1, resampling (document, paragraph) units with replacement."""
    units: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for outcome in outcomes:
        if label is None or outcome.span.label == label:
            units[(outcome.doc_id, outcome.paragraph)][outcome.kind] += 1
    keys = sorted(units)
    if not keys:
        return {"precision": [0.0, 0.0], "recall": [0.0, 0.0], "f1": [0.0, 0.0]}
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    for _ in range(samples):
        total: Counter = Counter()
        for key in rng.choices(keys, k=len(keys)):
            total.update(units[key])
        for name, value in _prf(total["tp"], total["fp"], total["fn"]).items():
            draws[name].append(value)
    return {name: [sorted(values)[int(0.025 * samples)], sorted(values)[int(0.975 * samples) - 1]]
            for name, values in draws.items()}


def _value_accuracy(outcomes: list[Outcome], label: str) -> dict[str, Any] | None:
    judged = [o.value_correct for o in outcomes if o.kind == "tp" and o.span.label == label and o.value_correct is not None]
    if label not in ("DATE", "COUNT"):
        return None
    return {"matched": len(judged), "correct": sum(judged), "accuracy": sum(judged) / len(judged) if judged else None}


def _names(partner: dict[str, Any], key: str) -> list[str]:
    """The partner's folded names under `key` (city or country), with the gold's aliases for a city."""
    written = [partner.get(key)] + (list(partner.get("aliases") or []) if key == "city" else [])
    return [name for name in (lower(fold(str(w))).strip() for w in written if w) if name]


def _same_name(gold: list[str], pred: list[str]) -> bool:
    """LABELLING.md, Agreement events: names compared after folding, one containing the other counts."""
    return any(g in p or p in g for g in gold for p in pred)


def _partner_agrees(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    """A city partner by its city (or one of the gold's aliases); a country-only partner by its country,
    and then the prediction names no city either."""
    gold, pred = gold or {}, pred or {}
    if gold.get("city"):
        return _same_name(_names(gold, "city"), _names(pred, "city"))
    return not pred.get("city") and _same_name(_names(gold, "country"), _names(pred, "country"))


def _event_matches(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold.get("type") != pred.get("type") or not _partner_agrees(gold.get("partner"), pred.get("partner")):
        return False
    gold_date = (gold.get("date") or {}).get("start")
    return not gold_date or gold_date == (pred.get("date") or {}).get("start")


def _match_events(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[int, int]:
    """The largest one-to-one matching of gold to predicted events (gold index → predicted index):
    with names that may contain one another, a greedy first match can take another gold event's partner."""
    options = [[j for j, p in enumerate(pred) if _event_matches(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or place(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        place(i, set())
    return {i: j for j, i in owner.items()}


EVIDENCE_CONTEXT = 20


def _signatory_names(event: dict[str, Any]) -> list[str]:
    """Gold writes signatories as names, predictions as {"name", …}."""
    return [s["name"] if isinstance(s, dict) else str(s) for s in event.get("signatories") or []]


def _event_view(event: dict[str, Any], text: str, locate) -> dict[str, Any]:
    """An event as a reviewer reads it: type, partner, date, signatories, action, the rule that formed a
    predicted one, and its evidence as text with its page. A predicted event's evidence is offsets into the
    predicted text (the first piece is shown with what is around it); a gold event's is the sentence itself,
    found in the gold text for its page (`locate`: gold offset → page)."""
    partner = event.get("partner") or {}
    date = event.get("date") or {}
    evidence = event.get("evidence")
    before = after = ""
    if isinstance(evidence, list) and evidence:
        first = evidence[0]
        before = text[max(0, first["start"] - EVIDENCE_CONTEXT):first["start"]]
        after = text[first["end"]:first["end"] + EVIDENCE_CONTEXT]
        pages = sorted({piece["page"] for piece in evidence if piece.get("page") is not None})
        evidence = text[first["start"]:first["end"]]
    else:
        evidence = evidence if isinstance(evidence, str) else ""
        found = text.find(evidence) if evidence else -1
        pages = [page] if found >= 0 and (page := locate(found)) is not None else []
    return {"type": event.get("type"), "action": event.get("action"),
            "partner": " / ".join(p for p in (partner.get("city"), partner.get("country")) if p) or "–",
            "date": "..".join(dict.fromkeys(d for d in (date.get("start"), date.get("end")) if d)) or "–",
            "signatories": "、".join(_signatory_names(event)) or "–", "rule": event.get("rule") or "",
            "evidence": {"before": before.replace("\n", " "), "text": evidence.replace("\n", " "),
                         "after": after.replace("\n", " ")},
            "pages": pages}


def _differences(gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    differs = []
    if (gold.get("date") or {}).get("start") != (pred.get("date") or {}).get("start") \
            or (gold.get("date") or {}).get("end") != (pred.get("date") or {}).get("end"):
        differs.append("date")
    if gold.get("action") != pred.get("action"):
        differs.append("action")
    if sorted(_signatory_names(gold)) != sorted(_signatory_names(pred)):
        differs.append("signatories")
    return differs


def _near_misses(gold: list[dict[str, Any]], pred: list[dict[str, Any]], missed: list[int],
                 false: list[int]) -> list[tuple[int, int]]:
    """Missed and false events that name the same partner with the same type (a day apart, another action):
    one event read almost right, not two unrelated errors. Paired in order, each event once."""
    pairs, taken = [], set()
    for i in missed:
        j = next((j for j in false if j not in taken and gold[i].get("type") == pred[j].get("type")
                  and _partner_agrees(gold[i].get("partner"), pred[j].get("partner"))), None)
        if j is not None:
            taken.add(j)
            pairs.append((i, j))
    return pairs


def _event_rows(pair: PairedDoc, gold: list[dict[str, Any]], pred: list[dict[str, Any]],
                matched: dict[int, int]) -> list[dict[str, Any]]:
    """Every gold and predicted event of a document: matched (tp), nearly matched (near, with what differs),
    missed (fn) and false (fp)."""
    def locate(offset: int) -> int | None:
        return _page_of(pair.pred.pages, pair.alignment.back(offset))

    def gold_view(i: int) -> dict[str, Any]:
        return _event_view(gold[i], pair.gold.text, locate)

    def pred_view(j: int) -> dict[str, Any]:
        return _event_view(pred[j], pair.pred.text, lambda offset: None)

    missed = [i for i in range(len(gold)) if i not in matched]
    false = [j for j in range(len(pred)) if j not in set(matched.values())]
    near = _near_misses(gold, pred, missed, false)
    rows = [{"kind": "tp", "gold": gold_view(i), "pred": pred_view(j), "differs": _differences(gold[i], pred[j])}
            for i, j in sorted(matched.items())]
    rows += [{"kind": "near", "gold": gold_view(i), "pred": pred_view(j), "differs": _differences(gold[i], pred[j])}
             for i, j in near]
    rows += [{"kind": "fn", "gold": gold_view(i), "pred": None, "differs": []}
             for i in missed if i not in {i for i, _ in near}]
    rows += [{"kind": "fp", "gold": None, "pred": pred_view(j), "differs": []}
             for j in false if j not in {j for _, j in near}]
    return [{"doc_id": pair.doc_id, **row} for row in rows]


def score_events(gold_events: list[dict[str, Any]], pairs: list[PairedDoc]) -> dict[str, Any]:
    """Event precision and recall (LABELLING.md, Agreement events): type and partner must agree, and the
    start date where gold has one. A near miss counts as what it is, a missed and a false event."""
    tp = fp = fn = 0
    rows = []
    for pair in pairs:
        gold = [e for e in gold_events if _doc_key(e.get("doc_id", "")) == _doc_key(pair.doc_id)]
        pred = list(pair.pred.events)
        matched = _match_events(gold, pred)
        tp += len(matched)
        fn += len(gold) - len(matched)
        fp += len(pred) - len(matched)
        rows.extend(_event_rows(pair, gold, pred, matched))
    return {"tp": tp, "fp": fp, "fn": fn, **_prf(tp, fp, fn), "rows": rows}


def _rule_precision(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """Each rule's true and false positives, and the overall strict figures of the run without it: its
    predicted spans taken out and the rest rescored (a gold span it alone found becomes a miss), so that
    pruning a rule is a number. Rules whose pruning would raise F1 most come first."""
    rules: dict[tuple[str, str], Counter] = defaultdict(Counter)
    finders: dict[tuple[str, int, int, str], set[str]] = defaultdict(set)  # a matched gold span: the rules that found it
    for outcome in outcomes:
        if outcome.kind in ("tp", "fp"):
            rule = outcome.span.rule or "(none)"
            rules[(rule, outcome.span.label)][outcome.kind] += 1
            if outcome.kind == "tp":
                finders[(outcome.doc_id, outcome.span.start, outcome.span.end, outcome.span.label)].add(rule)
    alone: Counter = Counter((next(iter(found)), key[3]) for key, found in finders.items() if len(found) == 1)
    tp, fp, fn = _counts(outcomes, None)
    f1 = _prf(tp, fp, fn)["f1"]
    rows = []
    for (rule, label), c in rules.items():
        without = _prf(tp - c["tp"], fp - c["fp"], fn + alone[(rule, label)])
        rows.append({"rule": rule, "label": label, "tp": c["tp"], "fp": c["fp"], "precision": c["tp"] / (c["tp"] + c["fp"]),
                     "without": without, "f1_change": without["f1"] - f1})
    return sorted(rows, key=lambda r: (-r["f1_change"], r["precision"], -r["fp"], r["rule"]))


def _list_precision(rules: list[dict[str, Any]], gazetteer: Path | str | None = None) -> list[dict[str, Any]]:
    """Precision per gazetteer list (gazetteer/lists.yaml): the gazetteer rules (gazetteer:city/美浜町) summed
    by the list whose row names the place, so a reviewer sees which source to prune; other rules are summed
    as "rules"."""
    list_of = {}
    for place in shared_resources(gazetteer=gazetteer).gazetteer.places:
        list_of.setdefault(f"gazetteer:{place.label.lower()}/{place.name}", place.where.split(":", 1)[0])
    totals: dict[str, Counter] = defaultdict(Counter)
    for row in rules:
        source = list_of.get(row["rule"], "gazetteer (unlisted)") if row["rule"].startswith("gazetteer:") else "rules"
        totals[source].update(tp=row["tp"], fp=row["fp"])
    rows = [{"list": name, "tp": c["tp"], "fp": c["fp"], "precision": c["tp"] / (c["tp"] + c["fp"])}
            for name, c in totals.items() if c["tp"] + c["fp"]]
    return sorted(rows, key=lambda r: (r["precision"], -r["fp"], r["list"]))


def _error_rows(pairs: list[PairedDoc], outcomes: list[Outcome]) -> list[dict[str, Any]]:
    by_doc = {pair.doc_id: pair for pair in pairs}
    rows = []
    for outcome in outcomes:
        if outcome.kind == "tp" and outcome.value_correct is not False:
            continue
        pair, span = by_doc[outcome.doc_id], outcome.span
        text = pair.gold.text if outcome.note != "not found in the gold text" else pair.pred.text
        page = span.page
        if outcome.kind == "fn":
            source_offset = pair.alignment.back(span.start)
            page = _page_of(pair.pred.pages, source_offset)
        rows.append({
            "doc_id": outcome.doc_id, "page": page, "label": span.label,
            "kind": "value" if outcome.kind == "tp" else outcome.kind,
            "text": text[span.start:span.end], "before": text[max(0, span.start - CONTEXT_CHARS):span.start],
            "after": text[span.end:span.end + CONTEXT_CHARS], "rule": span.rule, "norm": span.norm, "note": outcome.note,
            "ocr": _read_by_ocr(pair.pred.pages, page),
        })
    return rows


def _read_by_ocr(pages: list[dict[str, Any]], number: int | None) -> bool:
    """Whether the predicted record's page `number` was read by OCR (its page entry says so)."""
    return any(page["number"] == number and "ocr" in page for page in pages)


def _page_of(pages: list[dict[str, int]], offset: int | None) -> int | None:
    if offset is None:
        return None
    return next((p["number"] for p in pages if p["start"] <= offset < p["end"]), None)


def score(gold: list[LabelledDoc], pred: list[LabelledDoc], gold_events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    labels_of_vocabulary = shared_vocabularies().labels
    pairs, missing = pair_documents(gold, pred)
    results = _nervaluate(pairs, labels_of_vocabulary)
    outcomes = [o for pair in pairs for o in strict_outcomes(pair)]
    labels = {}
    for label in labels_of_vocabulary:
        tp, fp, fn = _counts(outcomes, label)
        labels[label] = {
            "gold": tp + fn, "predicted": tp + fp,
            **{name: _scheme_figures(results["entities"].get(label, {}).get(key)) for name, key in SCHEMES.items()},
            "strict_ci95": bootstrap(outcomes, label),
            "value_accuracy": _value_accuracy(outcomes, label),
        }
    tp, fp, fn = _counts(outcomes, None)
    overall = {"gold": tp + fn, "predicted": tp + fp,
               **{name: _scheme_figures(results["overall"][key]) for name, key in SCHEMES.items()},
               "strict_ci95": bootstrap(outcomes, None)}
    per_document = {}
    for pair in pairs:
        doc_outcomes = [o for o in outcomes if o.doc_id == pair.doc_id]
        per_document[pair.doc_id] = {
            "overall": _prf(*_counts(doc_outcomes, None)),
            "labels": {label: {**_prf(*_counts(doc_outcomes, label)), "gold": sum(1 for s in pair.gold.spans if s.label == label)}
                       for label in labels_of_vocabulary},
        }
    return {
        "documents": [pair.doc_id for pair in pairs],
        "missing_predictions": missing,
        "labels": labels,
        "overall": overall,
        "per_document": per_document,
        "events": score_events(gold_events, pairs) if gold_events is not None else None,
        "rules": (rules := _rule_precision(outcomes)),
        "gazetteer_lists": _list_precision(rules),
        "errors": _error_rows(pairs, outcomes),
    }


def format_table(scores: dict[str, Any]) -> str:
    """The terminal summary: one row per label, strict figures with their interval, then the other schemes."""
    header = f"{'label':<10}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}  {'F1 95% CI':<13}{'exact':>7}{'partial':>8}{'type':>7}{'value':>7}"
    lines = [header, "-" * len(header)]
    rows = [*scores["labels"].items(), ("overall", scores["overall"])]
    for name, row in rows:
        strict, ci = row["strict"], row["strict_ci95"]["f1"]
        value = row.get("value_accuracy") or {}
        accuracy = value.get("accuracy")
        lines.append(
            f"{name:<10}{row['gold']:>6}{row['predicted']:>6}{strict['precision']:>7.3f}{strict['recall']:>7.3f}{strict['f1']:>7.3f}"
            f"  [{ci[0]:.2f}, {ci[1]:.2f}]  {row['exact']['f1']:>6.3f}{row['partial']['f1']:>8.3f}{row['type']['f1']:>7.3f}"
            f"{(f'{accuracy:.3f}' if accuracy is not None else '-'):>7}"
        )
    events = scores.get("events")
    if events:
        lines.append(f"events    gold {events['tp'] + events['fn']}, predicted {events['tp'] + events['fp']}: "
                     f"P {events['precision']:.3f} R {events['recall']:.3f} F1 {events['f1']:.3f}")
    if scores["missing_predictions"]:
        lines.append("no prediction for: " + ", ".join(scores["missing_predictions"]))
    return "\n".join(lines)
