"""Reading and writing labelled documents: govreport JSONL, Prodigy, doccano and Label Studio.

Everything is read into one shape, LabelledDoc, so the scorer does not care where
a file came from. A corrected export reads back as gold.
"""
from __future__ import annotations

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
    norms = {(s["start"], s["end"], s["label"]): s.get("norm") or {} for s in (record.get("meta") or {}).get("norms", [])}
    spans = [{"start": a, "end": b, "label": label, "norm": norms.get((a, b, label), {})} for a, b, label in items]
    return LabelledDoc(doc_id=record.get("doc_id") or str(record.get("id")), text=record["text"], spans=_spans(spans))


def _from_labelstudio(task: dict[str, Any]) -> LabelledDoc:
    # A corrected task carries annotations; an exported, untouched one only predictions.
    results = (task.get("annotations") or task.get("predictions") or [{}])[-1].get("result", [])
    spans = [{"start": r["value"]["start"], "end": r["value"]["end"], "label": r["value"]["labels"][0],
              "norm": (r.get("meta") or {}).get("norm", {})} for r in results if r.get("type") == "labels"]
    data = task.get("data") or {}
    return LabelledDoc(doc_id=data.get("doc_id") or str(task.get("id")), text=data["text"], spans=_spans(spans))


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
            raise RecordError(Path(path), number, f"not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise RecordError(Path(path), number, f"a JSON {type(record).__name__}, not an object")
        records.append((number, record))
    return records


def read_docs(path: Path) -> list[LabelledDoc]:
    """Documents from a JSONL (or, for Label Studio, a JSON list) file in any supported format."""
    docs = []
    for number, record in read_records(path):
        try:
            docs.append(_reader_for(record)(record))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise RecordError(Path(path), number, f"not a labelled document ({type(exc).__name__}: {exc})") from exc
    return docs


def read_events(path: Path) -> list[dict[str, Any]]:
    return [record for _, record in read_records(path)]


def _prodigy(doc: LabelledDoc) -> dict[str, Any]:
    return {"text": doc.text, "spans": [{"start": s.start, "end": s.end, "label": s.label, "norm": s.norm} for s in doc.spans],
            "meta": {"doc_id": doc.doc_id}}


def _doccano(doc: LabelledDoc) -> dict[str, Any]:
    return {"doc_id": doc.doc_id, "text": doc.text, "label": [[s.start, s.end, s.label] for s in doc.spans],
            "meta": {"norms": [{"start": s.start, "end": s.end, "label": s.label, "norm": s.norm} for s in doc.spans]}}


def _labelstudio(doc: LabelledDoc) -> dict[str, Any]:
    result = [{"id": f"s{i}", "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": s.start, "end": s.end, "text": doc.text[s.start:s.end], "labels": [s.label]},
               "meta": {"norm": s.norm}} for i, s in enumerate(doc.spans)]
    return {"data": {"doc_id": doc.doc_id, "text": doc.text}, "predictions": [{"model_version": "govreport", "result": result}]}


WRITERS = {"prodigy": _prodigy, "doccano": _doccano, "labelstudio": _labelstudio}


def export_docs(docs: list[LabelledDoc], fmt: str) -> str:
    """JSONL in the tool's import format, one document a line; failed documents are left out."""
    writer = WRITERS[fmt]
    return "".join(json.dumps(writer(doc), ensure_ascii=False) + "\n" for doc in docs if doc.error is None)
