"""Carrying spans from one text to another version of it (PDF extraction → seed text).

The gold is labelled on the seed text; a prediction comes from the PDF, whose text
differs in whitespace, dashes and line joins. Characters are aligned on the folded,
whitespace-free sequences, so a change in extraction does not invalidate the gold.

difflib's matcher alone takes a time that grows with the square of the length (minutes on
40,000 characters that differ by one): the sequences are first anchored on stretches that occur
in both, in the same order (as patience diff does with lines), and difflib aligns only the
gaps between anchors, which are short when the texts are versions of one another.
"""
from __future__ import annotations

from bisect import bisect_left
from difflib import SequenceMatcher

import ahocorasick

from ..normalise import fold

# Anchors are stretches of this many characters, taken at every ANCHOR-th offset of the source; a gap
# still longer than GAP_LIMIT on both sides is anchored again with shorter stretches, down to MIN_ANCHOR.
ANCHOR = 32
MIN_ANCHOR = 4
GAP_LIMIT = 2000
MAX_PLACES = 100  # the places in b a stretch is a candidate at, at most (see _candidate_places)

Block = tuple[int, int, int]  # (offset in a, offset in b, length) of a run of equal characters


def _visible(text: str) -> tuple[str, list[int]]:
    folded = fold(text)
    positions = [i for i, ch in enumerate(folded) if not ch.isspace()]
    return "".join(folded[i] for i in positions), positions


def _occurrences(automaton: ahocorasick.Automaton, text: str) -> dict[str, list[int]]:
    """Where each of the automaton's stretches starts in `text` (every occurrence, overlapping ones included)."""
    found: dict[str, list[int]] = {}
    for end, stretch in automaton.iter(text):
        found.setdefault(stretch, []).append(end - len(stretch) + 1)
    return found


def _anchors(a: str, b: str, size: int) -> list[Block]:
    """Stretches of `size` characters, taken from a at every size-th offset and found in b, the longest
    chain of them in the same order in both (patience sorting), none overlapping another. A stretch
    found more than once in b (a repeated phrase, a repeated report) is a candidate at each place."""
    automaton = ahocorasick.Automaton()
    for i in range(0, len(a) - size + 1, size):
        automaton.add_word(a[i:i + size], a[i:i + size])
    automaton.make_automaton()
    in_b = _occurrences(automaton, b)
    # by i, and for one i the later places in b first, so that a chain takes one of them at most
    pairs = [(i, j) for i in range(0, len(a) - size + 1, size)
             for j in reversed(_candidate_places(in_b.get(a[i:i + size], []), i * len(b) / len(a)))]
    return [(i, j, size) for i, j in _increasing_chain(pairs, size)]


def _candidate_places(places: list[int], expected: float) -> list[int]:
    """The places in b a stretch may anchor at: all of them, or for a stretch repeated more than
    MAX_PLACES times (a report that repeats one paragraph) the two either side of where the stretch
    would stand if the texts differed evenly, so that the pairs stay as many as the stretches."""
    if len(places) <= MAX_PLACES:
        return places
    nearest = bisect_left(places, expected)
    return places[max(0, nearest - 1):nearest + 1]


def _increasing_chain(pairs: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """The longest chain of (i, j) pairs (in that order) whose j rise too, each at least `size` past the last."""
    tails: list[int] = []  # tails[k]: the smallest j that ends a chain of k + 1 pairs
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k], tail_index[k] = j, index
        previous.append(tail_index[k - 1] if k else -1)
    chain, index = [], tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    chain.reverse()
    kept: list[tuple[int, int]] = []
    for i, j in chain:  # stretches taken from a do not overlap; in b two might
        if not kept or j >= kept[-1][1] + size:
            kept.append((i, j))
    return kept


def matching_blocks(a: str, b: str, size: int = ANCHOR) -> list[Block]:
    """The runs of characters a and b share, in order: anchored on stretches unique to both, aligned
    by difflib between them."""
    prefix = _common_prefix(a, b)
    suffix = _common_prefix(a[prefix:][::-1], b[prefix:][::-1])
    inner_a, inner_b = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
    blocks: list[Block] = [(0, 0, prefix)] if prefix else []
    blocks += [(i + prefix, j + prefix, n) for i, j, n in _inner_blocks(inner_a, inner_b, size)]
    if suffix:
        blocks.append((len(a) - suffix, len(b) - suffix, suffix))
    return _merged(blocks)


def _inner_blocks(a: str, b: str, size: int) -> list[Block]:
    if not a or not b:
        return []
    long_gap = min(len(a), len(b)) > GAP_LIMIT
    anchors = _anchors(a, b, size) if long_gap and size >= MIN_ANCHOR else []
    if not anchors:
        if long_gap and size >= MIN_ANCHOR:
            return _inner_blocks(a, b, size // 2)
        return [block[:3] for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if block[2]]
    blocks: list[Block] = []
    done_a = done_b = 0
    for i, j, n in anchors + [(len(a), len(b), 0)]:
        blocks += [(x + done_a, y + done_b, m) for x, y, m in matching_blocks(a[done_a:i], b[done_b:j], size)]
        if n:
            blocks.append((i, j, n))
        done_a, done_b = i + n, j + n
    return blocks


def _common_prefix(a: str, b: str) -> int:
    """The length of the prefix a and b share (by halving: a whole equal text costs one comparison)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _merged(blocks: list[Block]) -> list[Block]:
    """Adjacent runs as one."""
    merged: list[Block] = []
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        elif n:
            merged.append((i, j, n))
    return merged


class Alignment:
    """Maps offsets of `source` to offsets of `target` where the characters correspond."""

    def __init__(self, source: str, target: str):
        self.identical = source == target
        self.forward: dict[int, int] = {}
        if self.identical:
            return
        src_chars, src_pos = _visible(source)
        tgt_chars, tgt_pos = _visible(target)
        for a, b, size in matching_blocks(src_chars, tgt_chars):
            for k in range(size):
                self.forward[src_pos[a + k]] = tgt_pos[b + k]
        self.backward = {t: s for s, t in self.forward.items()}

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The target range of source [start, end), or None when none of it is found there."""
        if self.identical:
            return start, end
        mapped = [self.forward[i] for i in range(start, end) if i in self.forward]
        if not mapped or mapped != sorted(mapped):
            return None
        return mapped[0], mapped[-1] + 1

    def back(self, offset: int) -> int | None:
        """The source offset of a target offset (for finding a gold span's page)."""
        return offset if self.identical else self.backward.get(offset)
