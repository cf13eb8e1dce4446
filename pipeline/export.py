"""Export stage: a Document to the JSONL contract (pipeline/schema/extraction.schema.json)."""
from __future__ import annotations

import json
import re
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from typing import Any

from .document import SCHEMA_VERSION, Document, ErrorInfo, Source


def _span(span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label, "text": span.text,
            "page": span.page, "norm": span.norm, "rule": span.rule}


def _table(table) -> dict[str, Any]:
    return {"page": table.page, "header": table.header,
            "rows": [[{"text": c.text, "start": c.start, "end": c.end, "column": c.column} for c in row]
                     for row in table.rows]}


def event_dict(event) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every value, and the record is serialised at once.
    return {"type": event.type, "partner": event.partner, "date": event.date, "signatories": event.signatories,
            "action": event.action,
            "evidence": [{"start": e.start, "end": e.end, "page": e.page} for e in event.evidence]}


def to_record(doc: Document) -> dict[str, Any]:
    if doc.error is not None:
        return error_record(doc.doc_id, doc.source, doc.error)
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc.doc_id,
        "source": asdict(doc.source),
        "text": doc.text,
        "pages": [{"number": page.number, "start": page.start, "end": page.end} for page in doc.pages],
        "tables": [_table(table) for table in doc.tables],
        "spans": [_span(span) for span in doc.spans],
        "events": [event_dict(event) for event in doc.events],
        "warnings": [asdict(warning) for warning in doc.warnings],
    }


def error_record(doc_id: str, source: Source, error: ErrorInfo) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "doc_id": doc_id, "source": asdict(source), "error": asdict(error)}


def to_json_line(record: dict[str, Any]) -> str:
    """One line, the same bytes for the same record: no ASCII escaping, no whitespace padding.

    U+2028, U+2029 and NEL stay escaped: readers that split lines on them would cut a record in two."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return _LINE_BREAKING.sub(lambda match: f"\\u{ord(match.group()):04x}", line) + "\n"


# A regular expression, not str.translate: translate looks up every character of a long line.
_LINE_BREAKING = re.compile("[\u2028\u2029\u0085]")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("pipeline").joinpath("schema/extraction.schema.json").read_text("utf-8"))
