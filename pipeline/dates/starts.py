"""Date patterns that open with a look-behind, tried only where a match can start.

re skips ahead to a pattern's first character when the pattern opens with it; a look-behind in front
keeps it from doing so, and it tries every offset of the text (most of a report's offsets start no
date). For such a pattern, the offsets a match can start at are where a run of its first characters
starts (the look-behind refuses the characters of the run before it); the runs are found by a class re
does skip ahead on, and the pattern is matched there alone, giving what its finditer() gives.
"""
from __future__ import annotations

import re
from collections.abc import Iterator


def run_starts(view: str, runs: re.Pattern, refused: str) -> list[int]:
    """The offsets where a run of `runs` starts, and inside a run, after each character that is not
    ASCII and not in `refused`: where a pattern can start whose first character is one of the run's
    class and whose look-behind refuses `refused`, which must hold every ASCII character of that class."""
    starts = []
    for run in runs.finditer(view):
        starts.append(run.start())
        if not run.group().isascii():
            starts += [i for i in range(run.start() + 1, run.end()) if view[i - 1] not in refused]
    return starts


def matches_at(pattern: re.Pattern, view: str, starts: list[int] | None) -> Iterator[re.Match]:
    """pattern.finditer(view), trying `starts` alone (None: every offset); the matches are not empty."""
    if starts is None:
        yield from pattern.finditer(view)
        return
    reached = 0
    for start in starts:
        if start >= reached and (match := pattern.match(view, start)):
            yield match
            reached = match.end()
