"""The Document that flows through the stages, and the records it carries.

Every stage takes a Document and returns it with more filled in; no stage reads
another stage's private state. Offsets are Unicode code points into
``Document.text`` (end exclusive), as spaCy and Prodigy count them.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .textlayer import TextLayer

SCHEMA_VERSION = "1.0"

_PAGE_START = attrgetter("start")

@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    format: str  # "pdf" | "text"
    pages: int


@dataclass(frozen=True)
class OcrReading:
    """How a page without a text layer was read: the OCR engine (name and version) and its mean confidence."""

    engine: str
    confidence: float


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    start: int
    end: int
    ocr: OcrReading | None = None  # set on a page whose text came from OCR

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"number": self.number, "start": self.start, "end": self.end}
        if self.ocr is not None:  # only then: the records of text pages stay as they were
            record["ocr"] = {"engine": self.ocr.engine, "confidence": self.ocr.confidence}
        return record


@dataclass(frozen=True)
class Cell:
    text: str
    start: int | None  # where the cell's text sits in Document.text; None if not found
    end: int | None
    column: str  # the column header this cell sits under ("" when the table has none)


@dataclass(frozen=True)
class Table:
    page: int | None  # None for a table of a text document, which has no pages
    header: list[str]
    rows: list[list[Cell]]

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "header": self.header,
                "rows": [[{"text": c.text, "start": c.start, "end": c.end, "column": c.column} for c in row]
                         for row in self.rows]}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str
    rule: str  # the gazetteer entry or rule that produced the span
    norm: dict[str, Any] = field(default_factory=dict)
    page: int | None = None

    def to_dict(self, ocr: bool = False) -> dict[str, Any]:
        """ocr: the span lies on a page read by OCR, which the record says (and only then)."""
        record = {"start": self.start, "end": self.end, "label": self.label, "text": self.text,
                  "page": self.page, "norm": self.norm, "rule": self.rule}
        if ocr:
            record["ocr"] = True
        return record


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    page: int | None


@dataclass(frozen=True)
class Event:
    type: str
    partner: dict[str, Any]
    date: dict[str, Any] | None
    signatories: list[dict[str, Any]]
    action: str
    evidence: list[Evidence]
    rule: str = ""  # the rule that formed it (rule:event/prose/signed/締結)

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies every value, and the record is serialised at once.
        return {"type": self.type, "partner": self.partner, "date": self.date, "signatories": self.signatories,
                "action": self.action,
                "evidence": [{"start": e.start, "end": e.end, "page": e.page} for e in self.evidence],
                "rule": self.rule}


@dataclass(frozen=True)
class Warning:
    kind: str
    message: str
    start: int | None = None
    end: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class ErrorInfo:
    kind: str
    message: str


@dataclass(frozen=True)
class Segmentation:
    """Words of the view with the line breaks wrapped inside running text taken out (布拉\n提斯拉瓦省),
    so that a word or name can span a wrap; other line breaks read as spaces."""

    origin: list[int]  # joined offset -> offset in Document.text (the text layer's joined_origin)
    view: str  # the text layer's joined view
    starts: list[int]  # where each word starts in `view`, spaces left out
    ends: list[int]  # and where it ends

    def text_tokens(self) -> list[tuple[int, int]]:
        """The words as (start, end) offsets into Document.text."""
        return [(self.origin[start], self.origin[end - 1] + 1) for start, end in zip(self.starts, self.ends)]


@dataclass
class Document:
    doc_id: str
    source: Source
    text: str = ""
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    error: ErrorInfo | None = None
    # Working state shared between stages, never exported.
    # layer: the folded view and the other readings of the text every stage shares (the normalise stage's output).
    layer: TextLayer | None = None
    # segmentation: the words of the joined view (the segment stage's output).
    segmentation: Segmentation | None = None

    @property
    def view(self) -> str:
        """A same-length folded copy of the text (width, variants, simplified) for matching."""
        return self.layer.view

    def to_dict(self) -> dict[str, Any]:
        """The JSONL record of this document (pipeline/schema/extraction.schema.json)."""
        if self.error is not None:
            return error_record(self.doc_id, self.source, self.error)
        ocr_pages = {page.number for page in self.pages if page.ocr is not None}
        return {
            "schema_version": SCHEMA_VERSION,
            "doc_id": self.doc_id,
            "source": asdict(self.source),
            "text": self.text,
            "pages": [page.to_dict() for page in self.pages],
            "tables": [table.to_dict() for table in self.tables],
            "spans": [span.to_dict(span.page in ocr_pages) for span in self.spans],
            "events": [event.to_dict() for event in self.events],
            "warnings": [asdict(warning) for warning in self.warnings],
        }

    def page_at(self, offset: int) -> int | None:
        """The page holding the offset (pages are in text order)."""
        index = bisect_right(self.pages, offset, key=_PAGE_START) - 1
        if index >= 0 and offset < self.pages[index].end:
            return self.pages[index].number
        return None


def error_record(doc_id: str, source: Source, error: ErrorInfo) -> dict[str, Any]:
    """The record of a document that could not be read."""
    return {"schema_version": SCHEMA_VERSION, "doc_id": doc_id, "source": asdict(source), "error": asdict(error)}


TITLE_REACH = 60  # a table title line is short; a longer line before a table is prose


def table_title(text: str, table: Table) -> str:
    """The line naming a table (表二、… 訪賓接待人數): the non-blank line above its header line, if short."""
    first = next((cell.start for row in table.rows for cell in row if cell.start is not None), None)
    if first is None:
        return ""
    header_start = text.rfind("\n", 0, text.rfind("\n", 0, first)) + 1
    above = text[:header_start].rstrip().rsplit("\n", 1)[-1].strip()
    return above if len(above) <= TITLE_REACH else ""
