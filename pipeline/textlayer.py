"""The text layer: what the stages read of a document's text, computed once per document.

The normalise stage makes it; every later stage reads it (`doc.layer`) instead of working it out again:
- `view`: the folded text, same length and offsets as the text (pipeline/normalise.py).
- line wraps, read two ways, because a PDF line break answers two questions:
  - `joined`: is the break inside a word? Only between two characters of running Chinese on a line as
    long as the document's long lines (布拉\\n提斯拉瓦省, 陳其邁市\\n長). Segmentation and the entity grammar
    read this view, where such breaks are taken out and other breaks read as spaces.
  - `unwrapped`: does the break end the sentence? Not where the text goes on after a long line or over a
    page break (體育及\\n\\n文化), whatever the characters; a break after an end mark, before a list item
    or around a table row does end it. Clauses and agreements read this view.
- `quoted(max_length)`: quoted titles (「…」, 《…》 …): a name, date or number inside one is part of it.
- `is_cjk`: whether a character is a CJK ideograph.
"""
from __future__ import annotations

import re
import unicodedata
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cache, cached_property

QUOTE_PAIRS = (("「", "」"), ("『", "』"), ("《", "》"), ("〈", "〉"), ("“", "”"))

# A single line break (with indentation) between two characters: a candidate break inside a word.
_WORD_BREAK = re.compile(r"[ \t]*\n[ \t\u3000]*")
# Line breaks (with blank lines and indentation) between two non-space characters: a candidate wrap.
_SENTENCE_BREAK = re.compile(r"(?<=\S)[ \u00a0]*\n\s*(?=\S)")
# A line ending in these ends its text (folded view: full-width marks are ASCII there).
_LINE_ENDS = frozenset("。；！？!?;:：」』)）")
# A line that starts a list item or a heading: the line break before it ends the sentence.
ITEM_START = re.compile(r"[ \u00a0]*(?:[(（]?[0-9０-９一二三四五六七八九十IVXivx]{1,4}[)）.、．]|[-•■□●◆▲✓※]|表[0-9一二三四五六七八九十]+)")


@cache  # asked of every character by several stages; a document uses a few thousand distinct ones
def is_cjk(char: str) -> bool:
    name = unicodedata.name(char, "")
    return "CJK UNIFIED" in name or "CJK COMPATIBILITY IDEOGRAPH" in name


def wrap_width(view: str) -> int:
    """The length a line must reach to count as wrapped rather than ended (a heading is short)."""
    lengths = sorted(len(line.strip()) for line in view.split("\n") if line.strip())
    return int(0.75 * lengths[round(0.9 * (len(lengths) - 1))]) if lengths else 0


def _line_before(view: str, offset: int) -> str:
    return view[view.rfind("\n", 0, offset) + 1:offset].strip()


def word_joins(view: str, joiners: str = "") -> list[int]:
    """Offsets of `view` kept when the line breaks inside words are taken out; any other line break
    is kept as one character."""
    return offsets_in(word_join_stretches(view, joiners))


def word_join_stretches(view: str, joiners: str = "") -> list[tuple[int, int]]:
    """word_joins() as (start, end) stretches of `view`, in order."""
    kept, last, width = [], 0, wrap_width(view)
    for match in _WORD_BREAK.finditer(view):
        start, end = match.span()
        before = view[start - 1] if start else ""
        after = view[end] if end < len(view) else ""
        inside_text = all(c and (is_cjk(c) or c in joiners) for c in (before, after))
        kept.append((last, start))
        if not (inside_text and len(_line_before(view, start)) >= width):
            kept.append((start, start + 1))
        last = end
    kept.append((last, len(view)))
    return kept


def offsets_in(stretches: Iterable[tuple[int, int]]) -> list[int]:
    """The offsets the (start, end) stretches hold, in order."""
    offsets: list[int] = []
    for start, end in stretches:
        offsets.extend(range(start, end))
    return offsets


def text_in(text: str, stretches: Iterable[tuple[int, int]]) -> str:
    """The characters of `text` the stretches hold, joined: a slice a stretch, not a lookup a character."""
    return "".join([text[start:end] for start, end in stretches])


def sentence_wraps(view: str, page_starts: Iterable[int] = ()) -> tuple[tuple[int, int], ...]:
    """(start, end) of the line breaks (with blank lines and indentation) inside running text: line
    wraps (姊\\n妹市) and page breaks (體育及\\n\\n文化). A break goes on with the text where a page starts,
    or after a line as long as the document's long lines (a blank line after it only where the writer
    ends paragraphs with an end mark: an unmarked line before a blank line is then cut by a page);
    never after an end mark, before a list item or around a table row. A short unmarked line is a
    heading (簽署經濟合作備忘錄), and a heading is no part of the text below it."""
    width = wrap_width(view)
    page_starts = sorted(page_starts)
    breaks = []
    for match in _SENTENCE_BREAK.finditer(view):
        line = _line_before(view, match.start())
        next_end = view.find("\n", match.end())
        next_line = view[match.end():next_end if next_end >= 0 else len(view)]
        if "\t" not in line + next_line:
            breaks.append((match, line, next_line))
    blank_after_long = [line for match, line, _ in breaks if match.group().count("\n") > 1 and len(line) >= width]
    marked = sum(line[-1] in _LINE_ENDS for line in blank_after_long) > len(blank_after_long) / 2
    found = []
    for match, line, next_line in breaks:
        if line[-1] in _LINE_ENDS or ITEM_START.match(next_line):
            continue
        following = bisect_right(page_starts, match.start())  # the first page starting after the break begins
        page_break = following < len(page_starts) and page_starts[following] <= match.end()
        long_line = len(line) >= width and (marked or match.group().count("\n") == 1)
        if page_break or long_line:
            found.append(match.span())
    return tuple(found)


def without(view: str, stretches: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) stretches of `view` outside the given ones (in order, not overlapping), in order."""
    kept, last = [], 0
    for start, end in stretches:
        kept.append((last, start))
        last = end
    kept.append((last, len(view)))
    return kept


def quoted_regions(view: str, max_length: int) -> list[tuple[int, int]]:
    """(start, end) of each quotation of at most `max_length` characters, the marks included."""
    regions = []
    for open_, close in QUOTE_PAIRS:
        marks = re.escape(open_ + close)
        pattern = re.compile(f"{re.escape(open_)}[^{marks}]{{0,{max_length}}}{re.escape(close)}")
        regions.extend(m.span() for m in pattern.finditer(view))
    return regions


class TextLayer:
    """A document's text as the stages read it; each part is worked out on first use, once."""

    def __init__(self, text: str, view: str, page_starts: Iterable[int] = (), joiners: str = ""):
        self.text = text
        self.view = view
        self.page_starts = tuple(page_starts)
        self.joiners = joiners
        self._quoted: dict[int, list[tuple[int, int]]] = {}

    @cached_property
    def _joined(self) -> list[tuple[int, int]]:
        return word_join_stretches(self.view, self.joiners)

    @cached_property
    def joined_origin(self) -> list[int]:
        """For each character of the joined view, its offset in the text."""
        return offsets_in(self._joined)

    @cached_property
    def joined_view(self) -> str:
        """The view with line breaks inside words taken out; other line breaks read as spaces."""
        return text_in(self.view, self._joined).replace("\n", " ")

    @cached_property
    def joined_text(self) -> str:
        """The text joined the same way (names are written from it)."""
        return text_in(self.text, self._joined).replace("\n", " ")

    @cached_property
    def wraps(self) -> tuple[tuple[int, int], ...]:
        return sentence_wraps(self.view, self.page_starts)

    @cached_property
    def unwrapped_origin(self) -> list[int]:
        """For each character of the unwrapped view, its offset in the text."""
        return offsets_in(without(self.view, self.wraps))

    @cached_property
    def unwrapped_view(self) -> str:
        """The view with the line breaks inside sentences taken out."""
        return text_in(self.view, without(self.view, self.wraps))

    @cached_property
    def hard_breaks(self) -> frozenset[int]:
        """Offsets of the line breaks that end a sentence: all but those in wraps."""
        soft = {i for start, end in self.wraps for i in range(start, end)}
        return frozenset(match.start() for match in re.finditer("\n", self.view)) - soft

    def quoted(self, max_length: int) -> list[tuple[int, int]]:
        """(start, end) in the text of the quoted titles of at most `max_length` characters, in order."""
        if max_length not in self._quoted:
            self._quoted[max_length] = sorted(quoted_regions(self.view, max_length))
        return self._quoted[max_length]

    def _quotations_from(self, start: int, max_length: int) -> list[tuple[int, int]]:
        """The quoted titles that could hold `start`: those opening at most their longest length before it
        (by bisection: a long document has thousands)."""
        regions = self.quoted(max_length)
        return regions[bisect_left(regions, (start - max_length - 2,)):bisect_right(regions, (start, math.inf))]

    def in_quoted_title(self, start: int, end: int, max_length: int) -> bool:
        """Whether start..end lies inside a quoted title and is not the whole of it (a quoted name is
        still a name: 「高雄市」; a name inside 「高雄市政府檔案管理考核要點」 is not)."""
        return any(left < start and end < right and not (left + 1 == start and end + 1 == right)
                   for left, right in self._quotations_from(start, max_length))

    def in_quotation(self, start: int, end: int, max_length: int) -> bool:
        """Whether start..end lies inside a quoted title, its marks included."""
        return any(left <= start and end <= right for left, right in self._quotations_from(start, max_length))
