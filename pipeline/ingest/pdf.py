"""PDF ingestion: reading-order text, a page map and tables with their cell positions.

pypdfium2 reads every page (fast, and it keeps two-column text in column order);
pages that carry ruled lines go through pdfplumber's table finder, whose text
outside the tables is cleaned the same way, so both paths give the same text.
"""
from __future__ import annotations

import io
import re
from collections import defaultdict
from operator import itemgetter
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Cell, Document, Page, Source, Table, Warning
from .errors import IngestError
from .layout import (
    CID_GARBAGE,
    PageItem,
    TableBlock,
    clean_line,
    continues,
    full_line_width,
    join_separator,
    strip_page_furniture,
)

# A page with at least this many vector paths may hold a ruled table.
TABLE_PATH_THRESHOLD = 4


@dataclass(frozen=True)
class PdfOptions:
    max_pages: int = 2000
    force_pdfplumber: bool = False  # every page through pdfplumber (to compare the two paths)


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise IngestError("encrypted", "the PDF is encrypted with a user password; no password was given") from exc
        raise IngestError("corrupt", f"the PDF cannot be parsed ({message}); it may be truncated or damaged") from exc


def _has_ruled_lines(page: pdfium.PdfPage) -> bool:
    # pdfium's raw calls, not page.get_objects(): that wraps every object of the page in Python
    # (thousands of text runs) to find a handful of paths, and this check runs on every page.
    paths = 0
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, index)) == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= TABLE_PATH_THRESHOLD:
                return True
    return False


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _pdfium_lines(page: pdfium.PdfPage) -> list[str]:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
    finally:
        textpage.close()
    return [clean_line(line) for line in re.split(r"\r\n|\r|\n", raw)]


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def _merge_continuation_rows(rows: list[list[str]]) -> list[list[str]]:
    """A row whose first cell is empty continues the row above (a row broken over two lines)."""
    merged: list[list[str]] = []
    for row in rows:
        if merged and row and not row[0] and any(row):
            merged[-1] = [clean_line(a + "\n" + b) if b else a for a, b in zip(merged[-1], row)]
        else:
            merged.append(row)
    return merged


def _has_duplicate_glyphs(chars: list[dict], tolerance: float = 1) -> bool:
    """Whether pdfplumber's dedupe_chars (same defaults) would drop any glyph. Asked first because
    dedupe_chars puts the kept glyphs back in order with list.index, quadratic in the page's glyphs."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for char in chars:
        groups[(char["upright"], char["text"], char["fontname"], char["size"])].append(char)
    for group in groups.values():
        for line in _chained(group, "doctop", tolerance):
            if any(len(cluster) > 1 for cluster in _chained(line, "x0", tolerance)):
                return True
    return False


def _chained(objects: list[dict], key: str, tolerance: float) -> list[list[dict]]:
    """Objects in clusters whose sorted `key` values are each within `tolerance` of the previous
    (pdfplumber's cluster_objects)."""
    clusters: list[list[dict]] = []
    for obj in sorted(objects, key=itemgetter(key)):
        if clusters and obj[key] <= clusters[-1][-1][key] + tolerance:  # pdfplumber's comparison, to the last bit
            clusters[-1].append(obj)
        else:
            clusters.append([obj])
    return clusters


def _plumber_items(page: pdfplumber.page.Page) -> list[PageItem]:
    """Lines outside tables and the tables themselves, top to bottom."""
    if _has_duplicate_glyphs(page.chars):  # "fake bold": the same glyph drawn twice, slightly offset
        page = page.dedupe_chars()
    tables = page.find_tables()
    bboxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in bboxes))
    placed: list[tuple[float, PageItem]] = [
        (line["top"], clean_line(line["text"])) for line in outside.extract_text_lines(layout=False)
    ]
    for table in tables:
        rows = [[clean_line(cell or "") for cell in row] for row in table.extract()]
        placed.append((table.bbox[1], TableBlock(_merge_continuation_rows(rows))))
    return [item for _, item in sorted(placed, key=lambda pair: pair[0])]


class _TextBuilder:
    """Appends page items to one string, recording the page map and table cell offsets."""

    def __init__(self, full_width: float):
        self.parts: list[str] = []
        self.length = 0
        self.full_width = full_width
        self.last_line: str | None = None
        self.pages: list[Page] = []
        self.tables: list[Table] = []

    def _append(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def _separate(self, line: str | None) -> None:
        if not self.length:
            return
        if line is not None and self.last_line is not None and continues(self.last_line, line, self.full_width):
            self._append(join_separator(self.last_line, line))
        else:
            self._append("\n")

    def add_page(self, number: int, items: list[PageItem]) -> None:
        start = None
        for item in items:
            if isinstance(item, str):
                if not item:
                    continue
                self._separate(item)
                offset = self._append(item)
                self.last_line = item
            else:
                self._separate(None)
                offset = self._add_table(number, item)
                self.last_line = None
            start = offset if start is None else start
        start = self.length if start is None else start
        self.pages.append(Page(number=number, start=start, end=max(start, self.length)))

    def _add_table(self, number: int, block: TableBlock) -> int:
        header, *body = block.rows or [[]]
        first = self.length
        rows: list[list[Cell]] = []
        for row_index, row in enumerate(block.rows):
            if row_index:
                self._append("\n")
            cells = []
            for col_index, cell_text in enumerate(row):
                if col_index:
                    self._append("\t")
                offset = self._append(cell_text)
                column = header[col_index] if col_index < len(header) else ""
                cells.append(Cell(cell_text, offset if cell_text else None, offset + len(cell_text) if cell_text else None, column))
            if row_index:
                rows.append(cells)
        self.tables.append(Table(page=number, header=list(header), rows=rows))
        return first

    def text(self) -> str:
        return "".join(self.parts)


def _remove_garbage(items: list[PageItem], page_number: int, warnings: list[Warning]) -> list[PageItem]:
    """(cid:N) and U+FFFD are glyphs with no Unicode mapping: report them, never pass them on as text."""
    count = sum(len(CID_GARBAGE.findall(item)) for item in items if isinstance(item, str))
    if not count:
        return items
    warnings.append(Warning("unmapped_glyphs", f"{count} glyph(s) with no Unicode mapping removed", page=page_number))
    return [clean_line(CID_GARBAGE.sub("", item)) if isinstance(item, str) else item for item in items]


class _TablePages:
    """pdfplumber's pages, opened only when the first page with ruled lines needs them."""

    def __init__(self, data: bytes):
        self.data = data
        self.pdf: pdfplumber.PDF | None = None

    def items(self, index: int) -> list[PageItem]:
        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        page = self.pdf.pages[index]
        try:
            return _plumber_items(page)
        finally:
            page.close()

    def close(self) -> None:
        # Not pdfplumber's close(): it walks the page tree again, which may be the very thing that is damaged
        # (it raises) or cyclic (it never returns). Each page was closed after use; the rest is garbage.
        if self.pdf is not None:
            self.pdf.flush_cache()


def _page_text(page: pdfium.PdfPage, index: int, tables: _TablePages, options: PdfOptions,
               warnings: list[Warning]) -> list[PageItem]:
    """The table path where the page has ruled lines; if pdfminer chokes on the page, its plain text still counts."""
    if not (options.force_pdfplumber or _has_ruled_lines(page)):
        return _pdfium_lines(page)
    try:
        return tables.items(index)
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many exception types on malformed pages
        warnings.append(Warning("tables_unread", f"page {index + 1}: the table reader failed ({type(exc).__name__}); "
                                "its plain text is kept, without table structure", page=index + 1))
        return _pdfium_lines(page)


def _read_page(pdf: pdfium.PdfDocument, index: int, tables: _TablePages, options: PdfOptions,
               warnings: list[Warning]) -> list[PageItem]:
    page = pdf[index]
    try:
        items = _page_text(page, index, tables, options, warnings)
        if not any(items):
            kind = "an image with no text layer" if _has_images(page) else "empty"
            warnings.append(Warning("no_text_layer", f"page {index + 1} is {kind}; OCR is not done", page=index + 1))
        return items
    finally:
        page.close()


def _page_items(pdf: pdfium.PdfDocument, data: bytes, options: PdfOptions,
                warnings: list[Warning]) -> list[list[PageItem]]:
    """Items per page; a page pdfium cannot load stays empty, with a warning, so the other pages still count."""
    pages: list[list[PageItem]] = []
    tables = _TablePages(data)
    try:
        for index in range(len(pdf)):
            number = index + 1
            try:
                items = _read_page(pdf, index, tables, options, warnings)
            except pdfium.PdfiumError as exc:
                warnings.append(Warning("unreadable_page", f"page {number} cannot be read ({exc}); its text is missing",
                                        page=number))
                items = []
            pages.append(_remove_garbage(items, number, warnings))
    finally:
        tables.close()
    return pages


def read_pdf_document(doc_id: str, source: Source, data: bytes, options: PdfOptions = PdfOptions()) -> Document:
    pdf = _open_pdfium(data)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise IngestError("corrupt", "the PDF has no pages")
        if page_count > options.max_pages:
            raise IngestError("too_many_pages", f"{page_count} pages, over the limit of {options.max_pages}")
        warnings: list[Warning] = []
        pages = strip_page_furniture(_page_items(pdf, data, options, warnings))
    finally:
        pdf.close()
    builder = _TextBuilder(full_line_width(pages))
    for number, items in enumerate(pages, 1):
        builder.add_page(number, items)
    text = builder.text()
    if sum(w.kind == "unreadable_page" for w in warnings) == page_count:
        raise IngestError("corrupt", f"none of the {page_count} pages can be read; the PDF may be damaged")
    if not text.strip():
        raise IngestError("no_text_layer", f"none of the {page_count} pages has a text layer (image-only PDF); OCR is not done")
    source = Source(path=source.path, sha256=source.sha256, format="pdf", pages=page_count)
    return Document(doc_id=doc_id, source=source, text=text, pages=builder.pages, tables=builder.tables, warnings=warnings)
