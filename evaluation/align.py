"""Carrying spans from one text to another version of it (PDF extraction → seed text).

The gold is labelled on the seed text; a prediction comes from the PDF, whose text
differs in whitespace, dashes and line joins. Characters are aligned on the folded,
whitespace-free sequences, so a change in extraction does not invalidate the gold.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from ..normalise import fold


def _visible(text: str) -> tuple[str, list[int]]:
    folded = fold(text)
    positions = [i for i, ch in enumerate(folded) if not ch.isspace()]
    return "".join(folded[i] for i in positions), positions


class Alignment:
    """Maps offsets of `source` to offsets of `target` where the characters correspond."""

    def __init__(self, source: str, target: str):
        self.identical = source == target
        self.forward: dict[int, int] = {}
        if self.identical:
            return
        src_chars, src_pos = _visible(source)
        tgt_chars, tgt_pos = _visible(target)
        matcher = SequenceMatcher(None, src_chars, tgt_chars, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self.forward[src_pos[block.a + k]] = tgt_pos[block.b + k]
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
