"""OCR of pages without a text layer (pipeline/ingest/ocr.py, image_ruling.py) on the two scanned test files.

The scanned page (000_…_scan_p10.pdf) is page 10 of seed 000 printed, scanned at 150 dpi in grey, turned
slightly, blurred and saved as JPEG; its clean original is page 10 of corpus/pdf/000_….pdf. Each file is
read by OCR once per module (a few seconds a page).
"""
import json

import cv2
import jsonschema
import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import CORPUS_PDF, CORPUS_TEXT, HARD
from test_ingest import CJK, in_order_share, read

from govreport.export import schema
from govreport.ingest import IngestError, PdfOptions, ingest, ocr
from govreport.ingest.image_ruling import ruling_lines, skew_degrees, straightened

SCAN = HARD / "000_fad1ad046325b54c_scan_p10.pdf"
MIXED = HARD / "001_e9a803379221be60_mixed_scan_p2.pdf"
SEED_000 = CORPUS_PDF / "000_fad1ad046325b54c.pdf"
SCANNED_PAGE = 10


@pytest.fixture(scope="module")
def scanned(pipeline):
    return pipeline.run(SCAN.stem, SCAN, SCAN.read_bytes())


@pytest.fixture(scope="module")
def mixed(pipeline):
    return pipeline.run(MIXED.stem, MIXED, MIXED.read_bytes())


@pytest.fixture(scope="module")
def clean_page(pipeline, tmp_path_factory):
    """The scanned page's clean original alone: page 10 of seed 000, as a one-page PDF."""
    seed, page = pdfium.PdfDocument(str(SEED_000)), pdfium.PdfDocument.new()
    page.import_pages(seed, [SCANNED_PAGE - 1])
    path = tmp_path_factory.mktemp("clean") / "000_p10.pdf"
    page.save(str(path))
    return pipeline.run(path.stem, path, path.read_bytes())


def test_the_scanned_page_holds_the_clean_pages_chinese_in_order(scanned, clean_page):
    assert in_order_share(clean_page.text, scanned.text) >= 0.90


def test_the_scanned_pages_tables_have_the_clean_tables_rows_and_cells(scanned, clean_page):
    assert len(scanned.tables) == len(clean_page.tables) == 2  # 表二 and 表三
    for got, clean in zip(scanned.tables, clean_page.tables):
        assert got.page == 1 and got.header == clean.header
        assert [len(row) for row in got.rows] == [len(row) for row in clean.rows]
        assert [row[0].text for row in got.rows] == [row[0].text for row in clean.rows]  # the years
        for got_row, clean_row in zip(got.rows, clean.rows):
            for cell, clean_cell in zip(got_row, clean_row):
                assert scanned.text[cell.start:cell.end] == cell.text and cell.column == clean_cell.column
                if CJK.search(clean_cell.text):  # the numbers are not compared: one count reads 906 for 905
                    assert in_order_share(clean_cell.text, cell.text) >= 0.9


def _events(doc):
    return sorted((e.type, e.partner["city"], e.partner["country"], e.action, json.dumps(e.date)) for e in doc.events)


def test_the_scanned_page_gives_the_clean_pages_events(scanned, clean_page):
    assert _events(clean_page)  # 京都市 and 科羅州, signed
    assert _events(scanned) == _events(clean_page)


def test_an_ocr_page_and_its_spans_are_marked_in_the_record(mixed):
    record = mixed.to_dict()
    jsonschema.Draft202012Validator(schema()).validate(record)
    [reading] = [page["ocr"] for page in record["pages"] if "ocr" in page]
    assert [page["number"] for page in record["pages"] if "ocr" in page] == [2]  # pages with text are never OCR'd
    assert reading["engine"].startswith("rapidocr ") and 0.9 <= reading["confidence"] <= 1
    [warning] = [w for w in record["warnings"] if w["kind"] == "ocr"]
    assert warning["page"] == 2 and reading["engine"] in warning["message"] and "mean confidence" in warning["message"]
    on_page_2 = [span for span in record["spans"] if span["page"] == 2]
    assert on_page_2 and all(span.get("ocr") is True for span in on_page_2)
    assert not any("ocr" in span for span in record["spans"] if span["page"] != 2)


def test_the_mixed_file_holds_the_seeds_chinese_in_order(mixed):
    assert in_order_share((CORPUS_TEXT / "001_e9a803379221be60.txt").read_text("utf-8"), mixed.text) >= 0.97


def test_a_page_with_a_text_layer_is_never_read_by_ocr(monkeypatch):
    def refuse(page, engine):
        raise AssertionError("a page with a text layer went to OCR")

    monkeypatch.setattr(ocr, "read_page", refuse)
    doc = read(CORPUS_PDF / "001_e9a803379221be60.pdf")
    assert not [w for w in doc.warnings if w.kind in ("ocr", "no_text_layer")]
    assert all(page.ocr is None for page in doc.pages)


def test_without_ocr_an_image_page_is_flagged_and_a_scan_is_an_error():
    doc = read(MIXED, PdfOptions(ocr=False))
    [flagged] = [w for w in doc.warnings if w.kind == "no_text_layer"]
    assert flagged.page == 2 and "OCR is turned off (--no-ocr)" in flagged.message
    assert doc.pages[1].start == doc.pages[1].end
    with pytest.raises(IngestError) as caught:
        read(SCAN, PdfOptions(ocr=False))
    assert caught.value.kind == "no_text_layer" and "--no-ocr" in caught.value.message


def test_without_the_engine_the_record_says_what_to_install(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "rapidocr", None)  # as if it were not installed
    ocr.load_engine.cache_clear()
    try:
        with pytest.raises(IngestError) as caught:
            ingest(SCAN.stem, SCAN, SCAN.read_bytes())
        doc = ingest(MIXED.stem, MIXED, MIXED.read_bytes())
    finally:
        ocr.load_engine.cache_clear()
    assert "pip install 'govreport[ocr]'" in caught.value.message
    [flagged] = [w for w in doc.warnings if w.kind == "no_text_layer"]
    assert "OCR is not installed" in flagged.message and "pip install 'govreport[ocr]'" in flagged.message


def _ruled_grid(degrees: float) -> np.ndarray:
    """A white page with a 3 x 4 table of black rules, turned by `degrees` (positive: counter-clockwise)."""
    page = np.full((1000, 800), 255, np.uint8)
    for y in (200, 300, 400, 500):
        cv2.line(page, (100, y), (700, y), 0, 3)
    for x in (100, 300, 500, 700):
        cv2.line(page, (x, 200), (x, 500), 0, 3)
    turn = cv2.getRotationMatrix2D((400, 500), degrees, 1.0)
    return cv2.warpAffine(page, turn, (800, 1000), borderValue=255)


@pytest.mark.parametrize("degrees", [-1.5, 0.7])
def test_a_turned_scan_is_straightened_by_the_slope_of_its_rules(degrees):
    turned = _ruled_grid(degrees)
    assert skew_degrees(turned) == pytest.approx(-degrees, abs=0.1)
    assert skew_degrees(straightened(turned, skew_degrees(turned))) == 0.0


def test_the_rules_of_an_image_are_pdfplumber_lines_in_points():
    lines = ruling_lines(_ruled_grid(0), points_per_pixel=0.5)
    across = sorted(round(line["top"]) for line in lines if line["top"] == line["bottom"])
    down = sorted(round(line["x0"]) for line in lines if line["x0"] == line["x1"])
    assert across == [100, 150, 200, 250] and down == [50, 150, 250, 350]
    assert all(line["object_type"] == "line" and len(line["pts"]) == 2 for line in lines)


def test_a_huge_page_is_rendered_within_the_pixel_budget():
    document = pdfium.PdfDocument.new()
    a4, poster = document.new_page(595, 842), document.new_page(14400, 14400)  # 14400 pt: PDF's largest page
    assert ocr._pixels_per_point(a4) == ocr.RENDER_DPI / 72
    assert 14400 ** 2 * ocr._pixels_per_point(poster) ** 2 <= ocr._MOST_PIXELS * 1.001


def test_the_mixed_file_gives_the_clean_files_events(mixed, pipeline):
    clean = CORPUS_PDF / "001_e9a803379221be60.pdf"
    assert _events(mixed) == _events(pipeline.run(clean.stem, clean, clean.read_bytes()))


def test_the_strokes_of_text_are_no_ruling():
    page = np.full((1754, 1240), 255, np.uint8)  # A4 at 150 dpi
    for row, scale in enumerate((1, 2)):  # capitals 27 and 54 pixels tall: 13 and 26 pt
        cv2.putText(page, "HELLO WORLD IIII", (60, 300 + 400 * row), cv2.FONT_HERSHEY_SIMPLEX, scale, 0, 2 * scale)
    assert ruling_lines(page, points_per_pixel=72 / 150) == []


def test_an_engine_that_cannot_start_leaves_the_page_unread_and_says_why(monkeypatch):
    def broken():
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(ocr, "RapidOcrEngine", broken)
    ocr.load_engine.cache_clear()
    try:
        doc = ingest(MIXED.stem, MIXED, MIXED.read_bytes())
    finally:
        ocr.load_engine.cache_clear()
    [flagged] = [w for w in doc.warnings if w.kind == "no_text_layer"]
    assert "cannot start (RuntimeError: model file damaged)" in flagged.message and ocr.INSTALL in flagged.message
    assert doc.pages[1].start == doc.pages[1].end and "姊妹市及友好城市主題展" in doc.text  # page 1 is read
