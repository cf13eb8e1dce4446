"""Choosing among overlapping candidate spans, and keeping them inside the text."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from operator import attrgetter

from .document import Document, Span

_START, _END = attrgetter("start"), attrgetter("end")
_IN_TEXT_ORDER = attrgetter("start", "end", "label")  # (start, end, label), fetched in C

# The one overlap LABELLING.md allows: an ORG and an OFFICIAL sharing a character (駐福岡辦事處長陳銘俊).
_SHARED_CHAR_PAIRS = {frozenset({"ORG", "OFFICIAL"})}


def _may_share(overlap: int, a: Span, b: Span) -> bool:
    """Whether two spans overlapping by `overlap` (> 0) characters may both stand: one character at the
    seam, neither inside the other (so that ends rise with starts in a resolved list)."""
    seam = (a.start < b.start and a.end < b.end) or (b.start < a.start and b.end < a.end)
    return overlap == 1 and seam and frozenset({a.label, b.label}) in _SHARED_CHAR_PAIRS


def resolve(candidates: Iterable[Span], priority: dict[str, int] | None = None) -> list[Span]:
    """Non-overlapping spans: the outer (longer) one wins, then the higher-priority label."""
    priority = priority or {}
    ranked = sorted(candidates, key=lambda s: (s.start - s.end, priority.get(s.label, 0), s.start, s.label))
    if not ranked:
        return []
    # The kept span holding each offset (at the one character two kept spans may share, the one that
    # starts first): a candidate asks only the offsets it covers, one slice in C, so the time grows
    # with the spans' lengths, not with the number kept. A kept span is the holder of all its offsets
    # but a shared first one; one hidden there overlaps a candidate only where its holder does too,
    # in a way no candidate may share (tests/test_spans.py checks the quadratic definition).
    holder: list[Span | None] = [None] * max(map(_END, ranked))
    kept = []
    for span in ranked:
        start, end = span.start, span.end
        held = holder[start:end]
        if any(held) and not all(_may_share(min(end, other.end) - max(start, other.start), span, other)
                                 for other in {id(other): other for other in held if other is not None}.values()):
            continue
        kept.append(span)
        shared = holder[start]  # kept before and starting before this span, if anything holds its first offset
        holder[start:end] = [span] * (end - start)
        if shared is not None:
            holder[start] = shared
    return sorted(kept, key=_IN_TEXT_ORDER)


# Lookups in a list resolve() returned: sorted by start and overlapping at most by the one allowed
# character, so that the ends rise with the starts too.


def starting_in(spans: Sequence[Span], start: int, end: int) -> Sequence[Span]:
    """The spans that start in [start, end)."""
    first = bisect_left(spans, start, key=_START)
    return spans[first:bisect_left(spans, end, lo=first, key=_START)]


def overlapping(spans: Sequence[Span], start: int, end: int) -> Sequence[Span]:
    """The spans that share a character with [start, end)."""
    return spans[bisect_right(spans, start, key=_END):bisect_left(spans, end, key=_START)]


def ending_at(spans: Sequence[Span], end: int) -> Sequence[Span]:
    """The spans that end at `end`, in list order."""
    first = bisect_left(spans, end, key=_END)
    return spans[first:bisect_right(spans, end, lo=first, key=_END)]


def covered(stretches: Iterable[tuple[int, int]], length: int) -> list[bool]:
    """For each of `length` offsets, whether one of the (start, end) stretches holds it."""
    marks = [False] * length
    for start, end in stretches:
        marks[start:end] = [True] * (end - start)
    return marks


def make_span(doc: Document, start: int, end: int, label: str, rule: str, norm: dict | None = None) -> Span:
    """A Span whose text and page come from the document, so they can never disagree."""
    if not 0 <= start < end <= len(doc.text):
        raise ValueError(f"span {start}:{end} outside text of length {len(doc.text)}")
    return Span(start=start, end=end, label=label, text=doc.text[start:end], rule=rule,
                norm=norm or {}, page=doc.page_at(start))
