"""PDF ingestion: reading-order text, a page map and tables with their cell positions.

pypdfium2 reads every page (fast, and it keeps two-column text in column order).
On pages that carry ruled lines, pdfplumber's table finder looks for tables in
pdfium's paths; the text outside the tables is pdfium's, line for line, so both
paths give the same text.
"""
from __future__ import annotations

import re
from collections import defaultdict

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table as FoundTable, TableFinder
from pdfplumber.utils import extract_text

from ..document import Cell, Document, OcrReading, Page, Source, Table, Warning
from . import PdfOptions, ocr
from .bombs import check_streams
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
from .pdfium_objects import Glyph, PdfiumPage, has_ruling, page_glyphs, page_rulings


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise IngestError("encrypted", "the PDF is encrypted with a user password; no password was given") from exc
        raise IngestError("corrupt", f"the PDF cannot be parsed ({message}); it may be truncated or damaged") from exc


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
Box = tuple[float, float, float, float]
Place = tuple[int, Box] | None  # a glyph's table and cell; outside every table: None
_UNCELLED: Box = (0, 0, 0, 0)  # in a table's frame but in none of its cells: pdfplumber drops such text too


def _pdfium_lines(page: pdfium.PdfPage) -> list[str]:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
    finally:
        textpage.close()
    return [clean_line(line) for line in _LINE_BREAK.split(raw)]


def _place(glyph: Glyph, tables: list[tuple[Box, list[Box]]]) -> Place:
    """The table and cell the glyph's middle falls in, by pdfplumber's tests (Table.extract's for cells)."""
    x, y = glyph.middle
    for index, ((x0, top, x1, bottom), cells) in enumerate(tables):
        if x0 <= x <= x1 and top <= y <= bottom:
            cell = next((c for c in cells if c[0] <= x < c[2] and c[1] <= y < c[3]), _UNCELLED)
            return index, cell
    return None


def _places(glyphs: list[Glyph], tables: list[FoundTable]) -> list[Place]:
    """Every glyph's place. pdfium's own spaces and line breaks have no extent: one belongs where the
    glyphs on both sides of it belong, and stands outside (as a separator) where they differ."""
    frames = [(table.bbox, table.cells) for table in tables]  # Table.bbox is computed afresh at each call
    places = [None if glyph.generated else _place(glyph, frames) for glyph in glyphs]
    previous: Place = None
    for index, glyph in enumerate(glyphs):
        if not glyph.generated:
            previous = places[index]
            continue
        following = next((places[i] for i in range(index + 1, len(glyphs)) if not glyphs[i].generated), None)
        places[index] = previous if previous == following else None
    return places


def _outside_lines(glyphs: list[Glyph], places: list[Place]) -> list[tuple[float | None, str]]:
    """The text outside the tables, split into lines as _pdfium_lines splits it, each line with its top."""
    lines: list[tuple[float | None, str]] = []
    top, text, after_cr = None, [], False
    for glyph, place in zip(glyphs, places):
        if place is not None or (glyph.text == "\n" and after_cr):  # "\r\n" is one line break
            after_cr = False
            continue
        after_cr = glyph.text == "\r"
        if glyph.text in "\r\n":
            lines.append((top, "".join(text)))
            top, text = None, []
            continue
        if top is None and not glyph.generated:
            top = glyph.top
        text.append(glyph.text)
    lines.append((top, "".join(text)))
    return lines


def _merge_continuation_rows(rows: list[list[str]]) -> list[list[str]]:
    """A row whose first cell is empty continues the row above (a row broken over two lines)."""
    merged: list[list[str]] = []
    for row in rows:
        if merged and row and not row[0] and any(row):
            merged[-1] = [clean_line(a + "\n" + b) if b else a for a, b in zip(merged[-1], row)]
        else:
            merged.append(row)
    return merged


def _table_block(index: int, table: FoundTable, cell_chars: dict[tuple[int, Box], list[dict]]) -> TableBlock:
    """Rows of cell texts, each put together by pdfplumber's own extract_text (as Table.extract does)."""
    rows = [[clean_line(extract_text(cell_chars[index, cell]) if cell else "") for cell in row.cells]
            for row in table.rows]
    return TableBlock(_merge_continuation_rows(rows))


def _ruled_items(page: pdfium.PdfPage) -> list[PageItem]:
    """The page's lines and tables, its tables found by pdfplumber's table finder on pdfium's paths."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        glyphs = page_glyphs(textpage, height)
    finally:
        textpage.close()
    return _items_around_tables(glyphs, page_rulings(page, height), width, height)


def _items_around_tables(glyphs: list[Glyph], rulings: dict[str, list[dict]], width: float, height: float) -> list[PageItem]:
    """Lines outside tables in the glyphs' reading order, each table placed before the first line below its top.
    The tables are found by pdfplumber's table finder in the ruling; their text is the glyphs inside them."""
    tables = sorted(TableFinder(PdfiumPage(rulings, width, height)).tables, key=lambda t: t.bbox[1])
    places = _places(glyphs, tables)
    cell_chars: dict[tuple[int, Box], list[dict]] = defaultdict(list)
    for glyph, place in zip(glyphs, places):
        if place is not None:
            cell_chars[place].append(glyph.as_char())
    pending = [(table.bbox[1], _table_block(index, table, cell_chars)) for index, table in enumerate(tables)]
    items: list[PageItem] = []
    for top, line in _outside_lines(glyphs, places):
        while pending and top is not None and top > pending[0][0]:
            items.append(pending.pop(0)[1])
        items.append(clean_line(line))
    return items + [block for _, block in pending]


class _TextBuilder:
    """Appends page items to one string, recording the page map and table cell offsets."""

    def __init__(self, full_width: float, readings: dict[int, OcrReading]):
        self.readings = readings  # the pages read by OCR
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
        self.pages.append(Page(number=number, start=start, end=max(start, self.length), ocr=self.readings.get(number)))

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


def _page_text(page: pdfium.PdfPage, index: int, options: PdfOptions, warnings: list[Warning]) -> list[PageItem]:
    """The table path where the page has ruled lines; if it fails on the page, the plain text still counts."""
    if not (options.force_table_finder or has_ruling(page)):
        return _pdfium_lines(page)
    try:
        return _ruled_items(page)
    except MemoryError:
        raise
    except Exception as exc:  # a malformed page must cost its tables, not the document
        warnings.append(Warning("tables_unread", f"page {index + 1}: the table reader failed ({type(exc).__name__}); "
                                "its plain text is kept, without table structure", page=index + 1))
        return _pdfium_lines(page)


def _why_unread(options: PdfOptions) -> str:
    """Why image-only pages stay without text: OCR turned off, not installed, or it read nothing there."""
    if not options.ocr:
        return "OCR is turned off (--no-ocr)"
    engine = ocr.load_engine()
    return engine if isinstance(engine, str) else "OCR found no text"


def _ocr_items(page: pdfium.PdfPage, number: int, engine: ocr.OcrEngine, warnings: list[Warning],
               readings: dict[int, OcrReading]) -> list[PageItem]:
    """An image-only page read by OCR, its tables from the ruling in the image; the reading is recorded."""
    unread = f"page {number} is an image with no text layer; "
    try:
        scan = ocr.read_page(page, engine)
        items = _items_around_tables(ocr.page_glyphs(scan), {"line": scan.rulings}, scan.width, scan.height)
    except MemoryError:
        raise
    except Exception as exc:  # the engine failing on one page must cost that page, not the document
        warnings.append(Warning("no_text_layer", unread + f"OCR failed on it ({type(exc).__name__}: {exc})", page=number))
        return []
    if not any(items):
        warnings.append(Warning("no_text_layer", unread + "OCR found no text on it", page=number))
        return []
    readings[number] = OcrReading(engine.name, round(scan.confidence, 3))
    warnings.append(Warning("ocr", f"page {number} has no text layer: read by OCR ({engine.name}, "
                            f"mean confidence {scan.confidence:.3f})", page=number))
    return items


def _read_page(pdf: pdfium.PdfDocument, index: int, options: PdfOptions, warnings: list[Warning],
               readings: dict[int, OcrReading]) -> list[PageItem]:
    page = pdf[index]
    number = index + 1
    try:
        items = _page_text(page, index, options, warnings)
        if any(items):  # a page with a text layer is never OCR'd
            return items
        if not _has_images(page):
            warnings.append(Warning("no_text_layer", f"page {number} is empty", page=number))
            return items
        engine = ocr.load_engine() if options.ocr else None
        if engine is None or isinstance(engine, str):
            warnings.append(Warning("no_text_layer", f"page {number} is an image with no text layer; "
                                    f"{_why_unread(options)}", page=number))
            return items
        return _ocr_items(page, number, engine, warnings, readings)
    finally:
        page.close()


def _page_items(pdf: pdfium.PdfDocument, options: PdfOptions, warnings: list[Warning],
                readings: dict[int, OcrReading]) -> list[list[PageItem]]:
    """Items per page; a page pdfium cannot load stays empty, with a warning, so the other pages still count."""
    pages: list[list[PageItem]] = []
    for index in range(len(pdf)):
        number = index + 1
        try:
            items = _read_page(pdf, index, options, warnings, readings)
        except pdfium.PdfiumError as exc:
            warnings.append(Warning("unreadable_page", f"page {number} cannot be read ({exc}); its text is missing",
                                    page=number))
            items = []
        pages.append(_remove_garbage(items, number, warnings))
    return pages


def read_pdf_document(doc_id: str, source: Source, data: bytes, options: PdfOptions = PdfOptions()) -> Document:
    check_streams(data, options.max_stream_bytes)
    pdf = _open_pdfium(data)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise IngestError("corrupt", "the PDF has no pages")
        if page_count > options.max_pages:
            raise IngestError("too_many_pages", f"{page_count} pages, over the limit of {options.max_pages}")
        warnings: list[Warning] = []
        readings: dict[int, OcrReading] = {}
        pages = strip_page_furniture(_page_items(pdf, options, warnings, readings))
    finally:
        pdf.close()
    builder = _TextBuilder(full_line_width(pages), readings)
    for number, items in enumerate(pages, 1):
        builder.add_page(number, items)
    text = builder.text()
    if sum(w.kind == "unreadable_page" for w in warnings) == page_count:
        raise IngestError("corrupt", f"none of the {page_count} pages can be read; the PDF may be damaged")
    if not text.strip():
        raise IngestError("no_text_layer", f"none of the {page_count} pages has a text layer (image-only PDF); "
                          f"{_why_unread(options)}")
    source = Source(path=source.path, sha256=source.sha256, format="pdf", pages=page_count)
    return Document(doc_id=doc_id, source=source, text=text, pages=builder.pages, tables=builder.tables, warnings=warnings)
