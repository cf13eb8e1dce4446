"""The ruling lines of a scanned page, found in its image, as pdfplumber line objects.

A scanned table has no paths for pdfplumber's table finder: its rules are dark pixels. Long thin runs
of them are kept by a morphological opening (OpenCV, which RapidOCR depends on) with a horizontal, then
a vertical, bar; each connected run is one ruling line. A scan is rarely straight: the page is first
turned by the median slope of its horizontal rules, so that lines are axis-parallel again and the
table finder's 3 pt tolerances hold across a whole table.
"""
from __future__ import annotations

import cv2
import numpy as np

# A rule is at least this share of the page's width (horizontal) or height (vertical) long. A table's rules
# run across the whole table (a horizontal one past every column, a vertical one down every row), so they
# are long; the strokes of a heading are shorter (A4 at 150 dpi: 124 and 58 pixels, a 60 and a 28 pt glyph).
_HORIZONTAL_SHARE = 1 / 10
_VERTICAL_SHARE = 1 / 30
# Below this many degrees a page is left as it is (turning resamples the image).
_LEAST_SKEW = 0.05
# Scans are turned by a few degrees at most; a steeper "rule" is something else (a diagonal line).
_MOST_SKEW = 5.0
_WHITE = 255


def _dark(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0; a local threshold copes with uneven grey backgrounds and blur."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def _runs(dark: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    shape = (length, 1) if horizontal else (1, length)  # OpenCV sizes are (width, height)
    return cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape))


def _components(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Labels and [x, y, width, height, area] of each connected run (the background left out)."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return labels, stats[1:]


def skew_degrees(gray: np.ndarray) -> float:
    """The median slope of the page's horizontal rules, in degrees (0 when it has none)."""
    dark = _dark(gray)
    labels, stats = _components(_runs(dark, max(2, int(gray.shape[1] * _HORIZONTAL_SHARE)), horizontal=True))
    angles = []
    for index, (_, _, width, _, _) in enumerate(stats, 1):
        if width < gray.shape[1] * 2 * _HORIZONTAL_SHARE:
            continue  # too short to measure a slope on
        ys, xs = np.nonzero(labels == index)
        slope = np.polyfit(xs, ys, 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    angle = float(np.median(angles)) if angles else 0.0
    return angle if _LEAST_SKEW <= abs(angle) <= _MOST_SKEW else 0.0


def straightened(gray: np.ndarray, degrees: float) -> np.ndarray:
    """The image turned by `degrees` about its middle (positive: the right side comes up), paper-white corners."""
    if not degrees:
        return gray
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=_WHITE)


def _line(x0: float, top: float, x1: float, bottom: float, page_height: float) -> dict:
    """A pdfplumber line object (what pdfminer makes of a straight path segment)."""
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "y0": page_height - bottom, "y1": page_height - top, "width": x1 - x0, "height": bottom - top,
            "pts": [(x0, top), (x1, bottom)]}


def ruling_lines(gray: np.ndarray, points_per_pixel: float) -> list[dict]:
    """The image's ruling, in page points (x right, y down), each rule one line through its middle."""
    dark = _dark(gray)
    height, width = gray.shape
    page_height = height * points_per_pixel
    lines = []
    for horizontal, length in ((True, width * _HORIZONTAL_SHARE), (False, height * _VERTICAL_SHARE)):
        _, stats = _components(_runs(dark, max(2, int(length)), horizontal))
        for x, y, w, h, _ in stats:
            if horizontal:
                middle = (y + h / 2) * points_per_pixel
                lines.append(_line(x * points_per_pixel, middle, (x + w) * points_per_pixel, middle, page_height))
            else:
                middle = (x + w / 2) * points_per_pixel
                lines.append(_line(middle, y * points_per_pixel, middle, (y + h) * points_per_pixel, page_height))
    return lines
