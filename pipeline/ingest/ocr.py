"""OCR of a page that has no text layer: its text lines, their boxes and the ruling of its tables.

The engine is RapidOCR (PP-OCRv6 detection and recognition on onnxruntime), whose models ship inside
its wheel: it reads Traditional Chinese and English on the same page, offline, and is an optional
dependency (`pip install 'govreport[ocr]'`). It is loaded once per process, on the first page that
needs it, so that text PDFs pay nothing for it. The page is rendered by pdfium, straightened by the
slope of its rules (`image_ruling.py`), read, and handed back in page points as pdfium's glyphs are,
so that the PDF reader puts lines and tables together the same way for both.
"""
from __future__ import annotations

import signal
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np
import pypdfium2 as pdfium

from .pdfium_objects import Glyph

INSTALL = "pip install 'govreport[ocr]'"
# A4 at 150 dpi is 1240 x 1754 pixels, under the detector's 2000-pixel side: it reads the page unscaled.
# 100, 150, 200 and 300 dpi read the test scans equally well; 150 was among the fastest.
RENDER_DPI = 150
_POINTS_PER_INCH = 72
# A larger page (a poster, a malformed MediaBox) is rendered smaller: at most this many pixels, 8 A2 pages'
# worth at 150 dpi, so that its image stays well inside a worker's memory limit.
_MOST_PIXELS = 40_000_000
# The models RapidOCR 3.10 ships, named outright: given a path, it never looks for a model to download.
_MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}
# One thread: a batch's workers are the parallelism (--workers), as for every other stage. On this project's
# shared 2-core machine a second onnxruntime thread made a page no faster (7.5 s against 7.0 s).
_THREADS = 1


@dataclass(frozen=True)
class OcrLine:
    """A run of text the engine read, with its box in page points (x right, y down)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


@dataclass(frozen=True)
class OcrPage:
    lines: list[OcrLine]
    rulings: list[dict]  # pdfplumber line objects, in page points
    width: float
    height: float

    @property
    def confidence(self) -> float:
        """The mean of the lines' confidences, weighted by their lengths."""
        characters = sum(len(line.text) for line in self.lines)
        return sum(line.confidence * len(line.text) for line in self.lines) / characters if characters else 0.0


class OcrEngine(Protocol):
    name: str  # the engine and its version, as the record names it

    def read(self, image: np.ndarray) -> list[tuple[str, np.ndarray, float]]:
        """Text runs of a grey image: (text, 4 corner points in pixels, confidence 0..1)."""


class RapidOcrEngine:
    def __init__(self):
        import rapidocr

        models = Path(rapidocr.__file__).parent / "models"
        params: dict = {"Global.log_level": "warning",
                        "EngineConfig.onnxruntime.intra_op_num_threads": _THREADS,
                        "EngineConfig.onnxruntime.inter_op_num_threads": 1}
        for stage, file in _MODELS.items():
            if not (models / file).is_file():
                raise ImportError(f"RapidOCR's {file} is missing from {models}; install rapidocr 3.10 or later")
            params[f"{stage}.model_path"] = str(models / file)
        self._ocr = rapidocr.RapidOCR(params=params)
        self.name = f"rapidocr {metadata.version('rapidocr')}"

    def read(self, image: np.ndarray) -> list[tuple[str, np.ndarray, float]]:
        result = self._ocr(image)
        if result.txts is None:
            return []
        return [(text, np.asarray(box), float(score)) for text, box, score in zip(result.txts, result.boxes, result.scores)]


@cache
def load_engine() -> OcrEngine | str:
    """The engine, or why there is none: the message a record shows, saying what to install. Its loading
    (seconds, once per process) is outside the document's time limit: an alarm inside the engine's config
    library leaves it half-built and reported broken for every later page (the reading itself is timed)."""
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        return RapidOcrEngine()
    except ImportError as exc:
        return f"OCR is not installed ({exc}); {INSTALL}"
    except MemoryError:
        raise
    except Exception as exc:  # a broken install (a damaged model, a runtime that will not load) costs OCR, not the batch
        return f"the OCR engine cannot start ({type(exc).__name__}: {exc}); reinstall it: {INSTALL}"
    finally:
        if remaining:
            signal.setitimer(signal.ITIMER_REAL, remaining)


def _pixels_per_point(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    scale = RENDER_DPI / _POINTS_PER_INCH
    return min(scale, (_MOST_PIXELS / max(width * height, 1.0)) ** 0.5)


def _render_gray(page: pdfium.PdfPage, pixels_per_point: float) -> np.ndarray:
    bitmap = page.render(scale=pixels_per_point, grayscale=True)
    try:
        image = bitmap.to_numpy()
    finally:
        bitmap.close()
    return np.ascontiguousarray(image if image.ndim == 2 else image[..., 0])


def _ocr_line(text: str, corners: np.ndarray, confidence: float, scale: float) -> OcrLine:
    xs, ys = corners[:, 0], corners[:, 1]
    return OcrLine(text, float(xs.min()) * scale, float(ys.min()) * scale, float(xs.max()) * scale,
                   float(ys.max()) * scale, confidence)


def read_page(page: pdfium.PdfPage, engine: OcrEngine) -> OcrPage:
    """The page rendered, straightened and read; boxes and ruling in page points of the rendered page."""
    from .image_ruling import ruling_lines, skew_degrees, straightened

    pixels_per_point = _pixels_per_point(page)
    gray = _render_gray(page, pixels_per_point)
    gray = straightened(gray, skew_degrees(gray))
    scale = 1 / pixels_per_point
    lines = [_ocr_line(text, corners, confidence, scale) for text, corners, confidence in engine.read(gray)
             if text.strip()]
    height, width = gray.shape
    return OcrPage(lines, ruling_lines(gray, scale), width * scale, height * scale)


def _rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Lines side by side (a box broken in two, the cells of a table row) in one row, each row left to
    right, rows top to bottom: a line joins the row whose band holds its vertical middle."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: (line.top + line.bottom) / 2):
        middle = (line.top + line.bottom) / 2
        if rows and rows[-1][0].top <= middle <= rows[-1][0].bottom:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda line: line.x0) for row in rows]


def _line_glyphs(line: OcrLine) -> list[Glyph]:
    """One glyph per character, the box shared out evenly (the engine gives a box per run of text)."""
    step = (line.x1 - line.x0) / len(line.text)
    return [Glyph(char, False, line.x0 + i * step, line.x0 + (i + 1) * step, line.top, line.bottom)
            for i, char in enumerate(line.text)]


def page_glyphs(page: OcrPage) -> list[Glyph]:
    """The page's text as pdfium gives a text layer: glyphs in reading order, a generated space between
    runs on one row and a generated line break between rows."""
    glyphs: list[Glyph] = []
    for row in _rows(page.lines):
        if glyphs:
            last = glyphs[-1]
            glyphs.append(Glyph("\n", True, last.x1, last.x1, last.top, last.bottom))
        for index, line in enumerate(row):
            if index:
                glyphs.append(Glyph(" ", True, line.x0, line.x0, line.top, line.bottom))
            glyphs.extend(_line_glyphs(line))
    return glyphs
