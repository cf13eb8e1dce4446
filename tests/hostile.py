"""Hostile PDFs for robustness tests: decompression bombs, deep nesting, huge page trees, cycles.

Each is built from raw objects so the test states exactly what is hostile about it;
`pdf_from_objects` writes a correct cross-reference table for whatever it is given.
"""
from __future__ import annotations

import zlib

from pdfmaker import pdf_from_objects, stream

HELVETICA = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
TEXT = b"BT /F1 12 Tf 72 770 Td (Hello hostile world) Tj ET"


def _page(contents: bytes = b"4 0 R", extra: bytes = b"") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %s %s>>" % (
        HELVETICA, contents, extra)


def _one_page(page: bytes, content: bytes, *more: bytes) -> bytes:
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             page, content, *more])


def deflate_bomb(megabytes: int) -> bytes:
    """One page whose FlateDecode content stream is a few hundred KiB and inflates to `megabytes` MiB."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = packer.compress(TEXT + b"\n")
    packed += b"".join(packer.compress(chunk) for _ in range(megabytes))
    packed += packer.flush()
    return _one_page(_page(), stream(packed, b"/Filter /FlateDecode "))


def deeply_nested(depth: int) -> bytes:
    """A page whose dictionary holds `depth` nested arrays and `depth` nested dictionaries."""
    arrays = b"[" * depth + b"]" * depth
    dicts = b"<< /A " * depth + b"1" + b" >>" * depth
    return _one_page(_page(extra=b"/Deep %s /Deeper %s " % (arrays, dicts)), stream(TEXT))


def many_pages(count: int) -> bytes:
    """A real page tree of `count` pages sharing one content stream."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               stream(TEXT)]
    objects += [_page(contents=b"3 0 R")] * count
    return pdf_from_objects(objects)


def lying_page_count(claimed: int) -> bytes:
    """One real page under a /Pages node that claims `claimed` pages."""
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % claimed, _page(), stream(TEXT)])


def cyclic_page_tree() -> bytes:
    """A /Pages node that is its own kid, next to one real page."""
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", _page(), stream(TEXT)])


RULED_LINES = b"".join(b"72 %d m 520 %d l S\n" % (y, y) for y in range(600, 700, 20))


def self_referencing_objects() -> bytes:
    """A page with ruled lines (so the table path reads it) whose contents, resources and an extra key
    are references that lead back to themselves; object 6 is nothing but a reference to itself.
    (pdfminer, which once read table pages, looped on it for good.)"""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R /Contents [4 0 R 6 0 R] /Loop 6 0 R >>"
    return _one_page(page, stream(TEXT + b"\n" + RULED_LINES),
                     b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /Self 5 0 R >>", b"6 0 R")


def cyclic_xref_chain() -> bytes:
    """A trailer whose /Prev points back at its own cross-reference table."""
    plain = _one_page(_page(), stream(TEXT))
    xref = int(plain.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return plain.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % xref)


# Each of these is read, or refused with an IngestError, in a few seconds at most.
HOSTILE = {
    "deflate_bomb": lambda: deflate_bomb(256),
    "deeply_nested": lambda: deeply_nested(20_000),
    "many_pages": lambda: many_pages(5000),
    "lying_page_count": lambda: lying_page_count(10**9),
    "cyclic_page_tree": cyclic_page_tree,
    "cyclic_xref_chain": cyclic_xref_chain,
    "self_referencing": self_referencing_objects,
}
