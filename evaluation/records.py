"""Reading and writing labelled documents: govreport JSONL, Prodigy, doccano and Label Studio.

Everything is read into one shape, LabelledDoc, so the scorer does not care where
a file came from. A corrected export reads back as gold.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = ("prodigy", "doccano", "labelstudio")


@dataclass(frozen=True)
class LabelledSpan:
    start: int
    end: int
    label: str
    norm: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    rule: str | None = field(default=None, compare=False, hash=False)
    page: int | None = field(default=None, compare=False, hash=False)


@dataclass
class LabelledDoc:
    doc_id: str
    text: str
    spans: list[LabelledSpan]
    pages: list[dict[str, int]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, str] | None = None


class RecordError(ValueError):
    def __init__(self, path: Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")


class UncorrectedGold(RecordError):
    """Predictions offered as gold that nobody corrected: scoring a run against its own output says nothing."""

    def __init__(self, path: Path, line: int, why: str):
        super().__init__(path, line, f"predictions nobody corrected ({why}); correct them first, "
                                     "or pass --accept-uncorrected to score against them all the same")


# Each exported record carries a digest of the labels it was exported with, in its metadata: a record read back
# with the same labels and no mark of review by its tool was never corrected.
EXPORT_MARK = "govreport_exported_labels"


def _spans(items: list[dict[str, Any]]) -> list[LabelledSpan]:
    return sorted(
        (LabelledSpan(int(s["start"]), int(s["end"]), s["label"], s.get("norm") or {}, s.get("rule"), s.get("page"))
         for s in items),
        key=lambda s: (s.start, s.end, s.label),
    )


def _from_govreport_or_prodigy(record: dict[str, Any]) -> LabelledDoc:
    meta = record.get("meta") or {}
    doc_id = record.get("doc_id") or meta.get("doc_id")
    return LabelledDoc(doc_id=doc_id, text=record.get("text", ""), spans=_spans(record.get("spans") or []),
                       pages=record.get("pages") or [], events=record.get("events") or [], error=record.get("error"))


def _from_doccano(record: dict[str, Any]) -> LabelledDoc:
    items = record.get("label") or []
    if "entities" in record:
        items = [[e["start_offset"], e["end_offset"], e["label"]] for e in record["entities"]]
    kept = {(s["start"], s["end"], s["label"]): s for s in (record.get("meta") or {}).get("norms", [])}
    spans = [{"start": a, "end": b, "label": label, "norm": kept.get((a, b, label), {}).get("norm") or {},
              "rule": kept.get((a, b, label), {}).get("rule")} for a, b, label in items]
    return LabelledDoc(doc_id=record.get("doc_id") or str(record.get("id")), text=record["text"], spans=_spans(spans))


def _from_labelstudio(task: dict[str, Any]) -> LabelledDoc:
    # A corrected task carries annotations; an exported, untouched one only predictions (ours inline, Label
    # Studio's own export only their ids: such a task has no labels to read).
    labelled = _annotations(task) or [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    results = labelled[-1].get("result", []) if labelled else []
    spans = [{"start": r["value"]["start"], "end": r["value"]["end"], "label": r["value"]["labels"][0],
              "norm": (r.get("meta") or {}).get("norm", {}), "rule": (r.get("meta") or {}).get("rule")}
             for r in results if r.get("type") == "labels"]
    data = task.get("data") or {}
    return LabelledDoc(doc_id=data.get("doc_id") or str(task.get("id")), text=data["text"], spans=_spans(spans))


def _annotations(task: dict[str, Any]) -> list[dict[str, Any]]:
    """A task's annotations that a reviewer submitted (a skipped task's is cancelled)."""
    return [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]


def _reader_for(record: dict[str, Any]):
    if "data" in record and ("annotations" in record or "predictions" in record):
        return _from_labelstudio
    if "label" in record or "entities" in record:
        return _from_doccano
    return _from_govreport_or_prodigy


def jsonl_lines(raw: str) -> list[tuple[int, str]]:
    """The non-blank lines of a JSONL text, numbered from 1. Only "\n" ends a record: str.splitlines would
    also split at a U+2028 or U+2029 inside a string, which JSON leaves unescaped."""
    return [(n, line) for n, line in enumerate(raw.split("\n"), 1) if line.strip()]


def read_text(path: Path) -> str:
    """A labelled file's text; one that is not UTF-8 is a RecordError naming the line of the first bad byte."""
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(Path(path), raw.count(b"\n", 0, exc.start) + 1, "not UTF-8 text") from exc


def read_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSONL (or, for Label Studio, a JSON list) file, with their line (or item) numbers;
    a line that is not a JSON object is a RecordError."""
    raw = read_text(path)
    stripped = raw.lstrip()
    items: list[tuple[int, Any]]
    if stripped.startswith("["):
        try:
            items = list(enumerate(json.loads(stripped), 1))
        except json.JSONDecodeError as exc:
            raise RecordError(Path(path), exc.lineno, f"not a JSON list ({exc.msg})") from exc
    else:
        items = jsonl_lines(raw)
    records = []
    for number, item in items:
        try:
            record = json.loads(item) if isinstance(item, str) else item
        except json.JSONDecodeError as exc:
            raise RecordError(Path(path), number, f"not JSON ({exc})") from exc
        if not isinstance(record, dict):
            raise RecordError(Path(path), number, f"a JSON {type(record).__name__}, not an object")
        records.append((number, record))
    return records


def read_docs(path: Path, refuse_uncorrected: bool = False) -> list[LabelledDoc]:
    """Documents from a JSONL (or, for Label Studio, a JSON list) file in any supported format. Gold is read with
    `refuse_uncorrected`: predictions nobody corrected are then an UncorrectedGold error."""
    docs = []
    for number, record in read_records(path):
        try:
            doc = _reader_for(record)(record)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise RecordError(Path(path), number, f"not a labelled document ({type(exc).__name__}: {exc})") from exc
        if refuse_uncorrected and (why := uncorrected(record, doc)):
            raise UncorrectedGold(Path(path), number, why)
        docs.append(doc)
    return docs


def labels_digest(spans: list[LabelledSpan]) -> str:
    return hashlib.sha256(json.dumps(sorted((s.start, s.end, s.label) for s in spans)).encode()).hexdigest()[:16]


def uncorrected(record: dict[str, Any], doc: LabelledDoc) -> str | None:
    """Why a record is predictions nobody corrected, or None: govreport's own output, a Label Studio task with
    no annotation, or an exported record whose labels are those it was exported with and that its tool did not
    mark as reviewed (Prodigy's "answer")."""
    if "schema_version" in record and "source" in record:
        return "govreport extract output"
    if _reader_for(record) is _from_labelstudio:
        return None if _annotations(record) else "a Label Studio task with no submitted annotation"
    mark = (record.get("meta") or {}).get(EXPORT_MARK)
    if mark is not None and mark == labels_digest(doc.spans) and "answer" not in record:
        return "the labels govreport exported, unchanged"
    return None


def read_events(path: Path) -> list[dict[str, Any]]:
    return [record for _, record in read_records(path)]


def _prodigy(doc: LabelledDoc) -> dict[str, Any]:
    return {"text": doc.text, "spans": [{"start": s.start, "end": s.end, "label": s.label, "norm": s.norm, "rule": s.rule}
                                        for s in doc.spans],
            "meta": {"doc_id": doc.doc_id, EXPORT_MARK: labels_digest(doc.spans)}}


def _doccano(doc: LabelledDoc) -> dict[str, Any]:
    return {"doc_id": doc.doc_id, "text": doc.text, "label": [[s.start, s.end, s.label] for s in doc.spans],
            "meta": {"norms": [{"start": s.start, "end": s.end, "label": s.label, "norm": s.norm, "rule": s.rule}
                               for s in doc.spans], EXPORT_MARK: labels_digest(doc.spans)}}


def _labelstudio(doc: LabelledDoc) -> dict[str, Any]:
    # A region's meta "text" is the note Label Studio shows beside it: the reviewer sees the rule and the norm.
    result = [{"id": f"s{i}", "from_name": LABELSTUDIO_FROM, "to_name": LABELSTUDIO_TO, "type": "labels",
               "value": {"start": s.start, "end": s.end, "text": doc.text[s.start:s.end], "labels": [s.label]},
               "meta": {"text": [_note(s)], "norm": s.norm, "rule": s.rule}} for i, s in enumerate(doc.spans)]
    return {"data": {"doc_id": doc.doc_id, "text": doc.text}, "predictions": [{"model_version": "govreport", "result": result}]}


def _note(span: LabelledSpan) -> str:
    return " ".join(part for part in (span.rule, json.dumps(span.norm, ensure_ascii=False) if span.norm else "") if part)


LABELSTUDIO_FROM, LABELSTUDIO_TO = "label", "text"
# One colour a label, in the order of rules/vocabularies.yaml; a label beyond them is grey.
_LABEL_COLOURS = ("#1976d2", "#388e3c", "#f57c00", "#7b1fa2", "#c2185b", "#00838f", "#5d4037")


def labelstudio_config(labels: tuple[str, ...] | list[str]) -> str:
    """The Label Studio labelling config the exported tasks need: the labels, their region and text names as the
    tasks' results name them, and character granularity (Chinese has no spaces between words)."""
    from xml.sax.saxutils import quoteattr

    choices = "\n".join(f'    <Label value={quoteattr(label)} background="{_LABEL_COLOURS[i] if i < len(_LABEL_COLOURS) else "#9e9e9e"}"/>'
                        for i, label in enumerate(labels))
    return (f'<View>\n  <Header value="$doc_id"/>\n  <Labels name="{LABELSTUDIO_FROM}" toName="{LABELSTUDIO_TO}">\n'
            f'{choices}\n  </Labels>\n  <Text name="{LABELSTUDIO_TO}" value="$text" granularity="symbol"/>\n</View>\n')


WRITERS = {"prodigy": _prodigy, "doccano": _doccano, "labelstudio": _labelstudio}


def export_docs(docs: list[LabelledDoc], fmt: str) -> str:
    """The tool's import format, one document a line, failed documents left out: JSONL for Prodigy and doccano,
    a JSON list for Label Studio, which imports .json files and refuses .jsonl ones."""
    lines = [json.dumps(WRITERS[fmt](doc), ensure_ascii=False) for doc in docs if doc.error is None]
    if fmt == "labelstudio":
        return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"
    return "".join(line + "\n" for line in lines)
