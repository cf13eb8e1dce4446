"""A pdfium page's glyphs and ruling as pdfplumber objects, for pdfplumber's table finder.

pdfplumber reads a page's objects through pdfminer, which interprets the whole
content stream in Python (about 70 ms for a page of this corpus). pdfium has
already parsed the page, so its glyph boxes and path segments are handed to
pdfplumber instead, as a `Container` (pdfplumber's base for anything holding
page objects). Paths are classified as pdfminer classifies them (line, rect or
curve), so that pdfplumber's edges, and hence its tables, come out the same.
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.container import Container

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


@dataclass(frozen=True)
class Glyph:
    """One character of pdfium's text page, in reading order. `generated` characters are pdfium's
    own spaces and line breaks, which stand where it saw a gap or a line end; they have no width."""

    text: str
    generated: bool
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> Point:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2

    def as_char(self) -> dict:
        """The glyph as pdfplumber's char, with the keys its text extraction reads."""
        return {"object_type": "char", "text": self.text, "x0": self.x0, "x1": self.x1, "top": self.top,
                "bottom": self.bottom, "doctop": self.top, "upright": True}


def page_glyphs(textpage: pdfium.PdfTextPage, height: float) -> list[Glyph]:
    """Every character of the text page, in pdfium's reading order (the order of get_text_range()).
    A generated character takes the line (top and bottom) of the glyph before it. pdfium marks a
    hyphen that ends a line as U+0002 here and as U+FFFE in its text: the text's mark is kept."""
    glyphs: list[Glyph] = []
    box = pdfium_c.FS_RECTF()
    top, bottom = 0.0, 0.0
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        text = chr(pdfium_c.FPDFText_GetUnicode(textpage, index)).replace("\x02", "\ufffe")
        if _is_low_surrogate(text) and glyphs and _is_high_surrogate(glyphs[-1].text):
            glyphs[-1] = replace(glyphs[-1], text=_joined_pair(glyphs[-1].text, text))
            continue
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
        generated = bool(pdfium_c.FPDFText_IsGenerated(textpage, index))
        if not generated:
            top, bottom = height - box.top, height - box.bottom
        glyphs.append(Glyph(text, generated, box.left, box.right, top, bottom))
    return glyphs


# pdfium counts a text page in UTF-16 code units: a character beyond the Basic Multilingual Plane
# (CJK Extension B, U+20000…) comes as two "characters", a high and a low surrogate, the first with
# the glyph's box. They are one glyph; alone, either half is not text (OpenCC and UTF-8 refuse it).
def _is_high_surrogate(text: str) -> bool:
    return "\ud800" <= text <= "\udbff"


def _is_low_surrogate(text: str) -> bool:
    return "\udc00" <= text <= "\udfff"


def _joined_pair(high: str, low: str) -> str:
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n, as PDF matrices compose."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _path_objects(container, count: int, get, outer: Matrix):
    """Path objects, each with the matrix of the forms (XObjects) around it, forms entered as pdfminer
    enters them. The path's own matrix is left to the caller: the check for ruling does not need it."""
    for index in range(count(container)):
        obj = get(container, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, outer
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _path_objects(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject,
                                     _times(_matrix(obj), outer))


# Fewer straight or curved segments than this cannot rule a table (two lines across, two down).
TABLE_SEGMENTS = 4


def has_ruling(page: pdfium.PdfPage) -> bool:
    """Whether the page's paths, forms included, have segments enough for a table. pdfium's raw calls:
    page.get_objects() would wrap every object of the page in Python (thousands of text runs)."""
    segments = 0
    for path, _ in _path_objects(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY):
        segments += pdfium_c.FPDFPath_CountSegments(path)
        if segments >= TABLE_SEGMENTS:
            return True
    return False


def _subpaths(path) -> list[tuple[str, list[Point]]]:
    """Each subpath as pdfminer sees it: its shape ("m", then "l" or "c" per segment, "h" if closed)
    and its on-curve points (the closing point repeated for "h"), in path space."""
    subpaths: list[tuple[str, list[Point]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier_points = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        point = (x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(("m", [point]))
            bezier_points = 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier_points += 1
            if bezier_points % 3:  # a control point: pdfminer keeps only the curve's end
                continue
            subpaths[-1] = (subpaths[-1][0] + "c", subpaths[-1][1] + [point])
        else:
            subpaths[-1] = (subpaths[-1][0] + "l", subpaths[-1][1] + [point])
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            shape, points = subpaths[-1]
            subpaths[-1] = (shape + "h", points + [points[0]])
    return subpaths


def _apply(m: Matrix, point: Point, height: float) -> Point:
    """A point to pdfplumber's page coordinates: x, and y measured down from the top."""
    a, b, c, d, e, f = m
    x, y = point
    return a * x + c * y + e, height - (b * x + d * y + f)


def _box(points: list[Point], height: float) -> dict:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "y0": height - bottom,
            "y1": height - top, "width": x1 - x0, "height": bottom - top}


def _is_rectangle(points: list[Point]) -> bool:
    """pdfminer's test (in its own y-up space; flipping y keeps it): a closed loop of four axis-parallel sides."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    return points[0] == points[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                       or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))


def _classified(shape: str, points: list[Point], height: float) -> dict:
    """pdfminer's LTLine, LTRect or LTCurve for one subpath, as pdfplumber's object."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-2] + points[-1:]  # a redundant "l" before "h"
    if shape in ("ml", "mlh"):
        return {"object_type": "line", **_box(points[:2], height), "pts": points[:2]}
    if shape in ("mlllh", "mllll") and _is_rectangle(points):
        return {"object_type": "rect", **_box(points, height), "pts": points}
    return {"object_type": "curve", **_box(points, height), "pts": points}


def page_rulings(page: pdfium.PdfPage, height: float) -> dict[str, list[dict]]:
    """The page's lines, rects and curves as pdfplumber objects (what its `edges` are made of)."""
    objects: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}
    for path, outer in _path_objects(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY):
        matrix = _times(_matrix(path), outer)
        for shape, points in _subpaths(path):
            placed = [_apply(matrix, point, height) for point in points]
            if len(placed) > 1 and all(map(math.isfinite, (c for p in placed for c in p))):
                obj = _classified(shape, placed, height)
                objects[obj["object_type"]].append(obj)
    return objects


class PdfiumPage(Container):
    """What pdfplumber's TableFinder reads of a page, `edges` (from Container) and `bbox`, from pdfium."""

    def __init__(self, objects: dict[str, list[dict]], width: float, height: float):
        self._page_objects = objects
        self.bbox = (0, 0, width, height)

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._page_objects
