"""Decompression bombs: a PDF whose Flate streams inflate past a budget is `too_large` before pdfium reads it.

pdfium inflates a stream whole, and on an allocation the memory limit refuses it aborts the process, so
a bomb would cost a dead worker and an `internal` record that cannot tell it from a crash. Each
stream long enough to reach the budget (deflate's ratio is 1032:1 at most) is inflated here first, in
bounded chunks whose output is counted and dropped, so the check itself holds no more than a chunk.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from .errors import IngestError

_STREAM_START = re.compile(rb"stream\r?\n")
_READ = 1 << 16  # compressed bytes fed at a time
_CHUNK = 1 << 22  # inflated bytes made at a time, counted and dropped
_MAX_RATIO = 1032  # deflate makes at most this many bytes of one: a shorter stream cannot reach the budget


def _inflated_size(data: bytes, start: int, budget: int) -> int:
    """The size the zlib data starting at `start` inflates to, counted up to just past `budget`; 0 when
    no zlib data starts there (a stream of another filter)."""
    inflater = zlib.decompressobj()
    size, offset, pending = 0, start, b""
    try:
        while size <= budget and not inflater.eof:
            if not pending:
                if offset >= len(data):
                    break
                pending, offset = data[offset:offset + _READ], offset + _READ
            size += len(inflater.decompress(pending, _CHUNK))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # damaged or no zlib data: what inflated so far is what pdfium would get
    return size


def _streams(data: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of each stream's data: from the line after 'stream' to the next 'endstream' (found
    with bytes.find, which runs at memory speed, where a regular expression over a 60 MB file took seconds)."""
    at = data.find(b"endstream")
    start = data.find(b"stream")
    while start >= 0:
        opening = _STREAM_START.match(data, start)
        if opening and not data.endswith(b"end", 0, start):
            while 0 <= at < opening.end():
                at = data.find(b"endstream", at + 1)
            yield opening.end(), at if at >= 0 else len(data)
        start = data.find(b"stream", start + 6)


def check_streams(data: bytes, budget: int) -> None:
    """IngestError("too_large") when a stream of the PDF inflates past `budget` bytes (0: no check)."""
    if not budget:
        return
    for start, end in _streams(data):
        if (end - start) * _MAX_RATIO <= budget:
            continue  # every ordinary stream: nothing is inflated
        size = _inflated_size(data, start, budget)
        if size > budget:
            raise IngestError("too_large", f"a compressed stream inflates past {budget >> 20} MB, the most one stream "
                              "may take (half of --max-memory-mb): a decompression bomb?")
