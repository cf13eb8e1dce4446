"""Minimal hand-built PDFs for ingestion tests (Helvetica text, optional ruled lines)."""
from __future__ import annotations


def make_pdf(pages: list[str], fonts: str = "/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
             forms: tuple[str, ...] = ()) -> bytes:
    """A PDF whose pages have the given content streams (PDF operators); each page can draw the
    form XObjects /Fm0, /Fm1 … whose content streams `forms` gives (page space, no clipping)."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    form_ids = [3 + 2 * len(pages) + i for i in range(len(forms))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    xobjects = " ".join(f"/Fm{i} {form_id} 0 R" for i, form_id in enumerate(form_ids))
    for i, content in enumerate(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {fonts} >> "
                       f"/XObject << {xobjects} >> >> /Contents {page_ids[i] + 1} 0 R >>".encode())
        objects.append(stream(content.encode("latin-1")))
    for content in forms:
        objects.append(stream(content.encode("latin-1"), b"/Type /XObject /Subtype /Form /BBox [-2000 -2000 2000 2000] "))
    return pdf_from_objects(objects)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A stream object: its dictionary (the length, and `extra` keys) and the data."""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """Object n is objects[n - 1]; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_ops(lines: list[str], x: float = 72, top: float = 770, size: float = 12, step: float = 16) -> str:
    return "".join(f"BT /F1 {size} Tf {x} {top - i * step} Td ({line}) Tj ET\n" for i, line in enumerate(lines))


RULINGS = ("lines", "one_path", "cell_rects", "shaded_header", "form", "curves")


def _grid_segments(xs: list[float], ys: list[float]) -> list[tuple[float, float, float, float]]:
    return [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]


def ruling_ops(xs: list[float], ys: list[float], style: str) -> tuple[str, tuple[str, ...]]:
    """A grid's ruling drawn one of several ways PDF writers draw it: the page's content and the
    forms it uses. xs are column boundaries left to right, ys row boundaries top to bottom (PDF y)."""
    segments = _grid_segments(xs, ys)
    if style == "lines":
        return "".join(f"{a} {b} m {c} {d} l S\n" for a, b, c, d in segments), ()
    if style == "one_path":  # every line a subpath of one path object
        return "".join(f"{a} {b} m {c} {d} l " for a, b, c, d in segments) + "S\n", ()
    if style == "cell_rects":
        return "".join(f"{x0} {y1} {x1 - x0} {y0 - y1} re S\n"
                       for x0, x1 in zip(xs, xs[1:]) for y0, y1 in zip(ys, ys[1:])), ()
    if style == "shaded_header":
        shade = f"0.85 g {xs[0]} {ys[1]} {xs[-1] - xs[0]} {ys[0] - ys[1]} re f 0 g\n"
        return shade + ruling_ops(xs, ys, "lines")[0], ()
    if style == "form":  # the ruling in a form XObject, moved into place by the page's matrix
        dx, dy = 30, -40
        form = "".join(f"{a - dx} {b - dy} m {c - dx} {d - dy} l S\n" for a, b, c, d in segments)
        return f"q 1 0 0 1 {dx} {dy} cm /Fm0 Do Q\n", (form,)
    if style == "curves":  # straight lines written as Bezier curves
        return "".join(f"{a} {b} m {a + (c - a) / 3} {b + (d - b) / 3} {a + 2 * (c - a) / 3} {b + 2 * (d - b) / 3} {c} {d} c S\n"
                       for a, b, c, d in segments), ()
    raise ValueError(style)


# Helvetica as /F1 and, as /F2, a Traditional Chinese font that is not embedded (Adobe-CNS1 through the
# predefined UniCNS-UCS2-H CMap, which both pdfium and pdfminer know): every glyph one em wide.
FONTS = ("/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
         "/F2 << /Type /Font /Subtype /Type0 /BaseFont /MSung-Light /Encoding /UniCNS-UCS2-H /DescendantFonts "
         "[<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MSung-Light "
         "/CIDSystemInfo << /Registry (Adobe) /Ordering (CNS1) /Supplement 4 >> /DW 1000 >>] >>")


def show_text(line: str, size: float) -> str:
    """The operators that show one line: Helvetica for ASCII, else the Chinese font (UCS-2 codes)."""
    if line.isascii():
        return f"/F1 {size} Tf ({line}) Tj"
    return f"/F2 {size} Tf <{line.encode('utf-16-be').hex()}> Tj"


def cell_text_ops(xs: list[float], ys: list[float], cells: list[list[list[str]]], size: float = 10) -> str:
    """Each cell's lines of text, from its top left corner down."""
    ops = []
    for row, (top, _) in zip(cells, zip(ys, ys[1:])):
        for lines, left in zip(row, xs):
            ops += [f"BT {left + 3} {top - size - 2 - (size + 1) * k} Td {show_text(line, size)} ET\n"
                    for k, line in enumerate(lines)]
    return "".join(ops)


def mapped_font_pdf(content: str, characters: str) -> bytes:
    """One page whose /F3 is a two-byte font (Identity-H, not embedded) whose ToUnicode CMap maps
    code 0x100 + n to characters[n], any character, one beyond the Basic Multilingual Plane included
    (written, as CMaps write it, as a UTF-16 surrogate pair). Not from code 1: CID 1 is a space, which
    pdfium drops at the end of a line."""
    mappings = " ".join(f"<{code:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for code, ch in enumerate(characters, 0x100))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Mapped def "
            f"/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
            f"{len(characters)} beginbfchar {mappings} endbfchar endcmap "
            "CMapName currentdict /CMap defineresource pop end end")
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /MSung-Light /Encoding /Identity-H /ToUnicode 6 0 R "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MSung-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (CNS1) /Supplement 4 >> /DW 1000 >>] >>")
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F3 5 0 R >> >> "
            b"/Contents 4 0 R >>")
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
                             stream(content.encode("latin-1")), font, stream(cmap.encode("ascii"))])


def mapped_text_ops(x: float, y: float, indices: list[int], size: float = 12) -> str:
    """Shows mapped_font_pdf's characters[i] for each i of `indices`, from (x, y)."""
    return f"BT /F3 {size} Tf {x} {y} Td <{''.join(f'{0x100 + i:04X}' for i in indices)}> Tj ET\n"
