"""Turning extracted page lines into reading-order text, the same whichever path gave them.

Both paths (pdfium's text on plain pages, pdfium's glyphs around pdfplumber's tables on
ruled pages) hand over lines; these functions clean each line the same way, drop running headers, footers and
page numbers, and join the lines a paragraph was wrapped into, so that an entity
broken across a line end (科羅\\n州) is whole again.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Characters after which, or before which, a space is layout, not content.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2015\u2025\u2026\u00b7"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\uffff\u00ad\u200b]")
# pdfium reports a hyphen that ends a line as U+FFFE (and drops the line break after it).
_LINE_END_HYPHEN = "\ufffe"
CID_GARBAGE = re.compile(r"\(cid:\d+\)|\ufffd")

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]?\s*\d{1,4}\s*[-–—]?|第\s*\d+\s*頁(?:\s*[，,]?\s*共\s*\d+\s*頁)?|page\s*\d+(?:\s*of\s*\d+)?|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
# A line that starts a new block even when the line before it ran to the margin.
_BLOCK_START = re.compile(
    r"^(?:[壹貳參叁肆伍陸柒捌玖拾]+、|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|"
    r"表[一二三四五六七八九十\d]+|圖[一二三四五六七八九十\d]+|[•●■◆★✓※▪\-])"
)
_PARAGRAPH_END = tuple("。！？!?：:」』）)")
_FULL_LINE_SHARE = 0.85


def clean_line(line: str) -> str:
    """Whitespace as content: none next to CJK, one space between Latin words."""
    line = _CONTROL.sub("", line.replace(_LINE_END_HYPHEN, "-"))
    line = _SPACE_NEAR_CJK.sub("", line.strip())
    return _SPACES.sub(" ", line)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


@dataclass
class TableBlock:
    """A table's rows of cell texts, placed in the page's reading order."""

    rows: list[list[str]]


PageItem = str | TableBlock


def _edge_lines(items: list[PageItem]) -> list[str]:
    lines = [item for item in items if isinstance(item, str)]
    return lines[:2] + lines[-2:] if len(lines) > 4 else lines


def _boilerplate_keys(pages: list[list[PageItem]]) -> set[str]:
    """Lines (digits folded) that stand at the top or bottom of at least half the pages."""
    if len(pages) < 2:
        return set()
    counts = Counter(key for page in pages for key in {re.sub(r"\d+", "#", line) for line in _edge_lines(page)})
    threshold = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= threshold}


def strip_page_furniture(pages: list[list[PageItem]]) -> list[list[PageItem]]:
    """Drop running headers/footers and bare page numbers from the edges of each page."""
    boilerplate = _boilerplate_keys(pages)
    stripped = []
    for page in pages:
        edges = {id(line) for line in _edge_lines(page)}
        stripped.append([
            item for item in page
            if not (isinstance(item, str) and id(item) in edges
                    and (is_page_number(item) or re.sub(r"\d+", "#", item) in boilerplate))
        ])
    return stripped


def full_line_width(pages: list[list[PageItem]]) -> float:
    """The width a wrapped line reaches: a high percentile of line widths in the document."""
    widths = sorted(display_width(item) for page in pages for item in page if isinstance(item, str) and item)
    if not widths:
        return 0.0
    return widths[int(0.9 * (len(widths) - 1))] * _FULL_LINE_SHARE


def continues(previous: str, following: str, full_width: float) -> bool:
    """Whether `following` is the wrapped continuation of `previous`."""
    return (
        bool(previous and following)
        and display_width(previous) >= full_width
        and not previous.endswith(_PARAGRAPH_END)
        and not _BLOCK_START.match(following)
    )


_CJK_CHAR = re.compile(f"[{_CJK}]")


def join_separator(previous: str, following: str) -> str:
    """A wrapped line rejoins with a space only between two non-CJK characters (Latin words)."""
    if previous.endswith("-") or _CJK_CHAR.match(previous[-1]) or _CJK_CHAR.match(following[0]):
        return ""
    return " "
