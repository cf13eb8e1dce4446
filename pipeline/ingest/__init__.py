"""Ingest stage: a file on disk to a Document, or an IngestError naming the reason."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import filetype

from ..document import Document, Source
from .errors import IngestError
from .text import read_text_document

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES

_HEAD = 8192  # the bytes filetype reads

__all__ = ["IngestError", "PdfOptions", "SUPPORTED_SUFFIXES", "ingest", "source_of", "unsupported"]


@dataclass(frozen=True)
class PdfOptions:
    max_pages: int = 2000
    max_stream_bytes: int = 0  # a compressed stream inflating past this is too_large (0: no check); see bombs.py
    force_table_finder: bool = False  # every page through the table path (to compare the two paths)
    ocr: bool = True  # read pages without a text layer by OCR, when the engine is installed (ingest/ocr.py)


def load_pdf_reader():
    """The PDF reader, imported on first use (pdfplumber, pdfminer and pypdfium2 take 0.1 s to import;
    a run on text files needs none of them). A batch calls this before its workers fork."""
    from .pdf import read_pdf_document

    return read_pdf_document


def _looks_like_pdf(data: bytes) -> bool:
    # The header may follow a little junk; readers accept it within the first KiB.
    return b"%PDF-" in data[:1024]


def _binary_type(data: bytes):
    """The type filetype reads in the magic bytes of a binary file, or None. Only a head with NUL bytes
    is taken for binary: several magic numbers are plain letters (BM for a bitmap, FWS, ID3, MZ), and a
    text that starts 'BMW' is text."""
    head = data[:_HEAD]
    return filetype.guess(head) if b"\x00" in head else None


def unsupported(path: Path, data: bytes) -> IngestError:
    """The error of a file govreport does not read, naming its type: by its content where its magic
    bytes tell one (filetype: a Word document, a PNG image, a ZIP archive …), else by its extension."""
    kind = _binary_type(data)
    if kind is not None:
        named = f", named {path.suffix}" if path.suffix and path.suffix.lower()[1:] != kind.extension else ""
        what = f"a .{kind.extension} file ({kind.mime}{named})"
    else:
        what = f"a {path.suffix} file" if path.suffix else "a file without an extension"
    return IngestError("unsupported", f"{what}: govreport reads PDF and text files only")


def source_of(path: Path, data: bytes) -> Source:
    """What the record says about where it came from, before anything is parsed."""
    kind = "pdf" if path.suffix.lower() in PDF_SUFFIXES or _looks_like_pdf(data) else "text"
    return Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=kind, pages=0)


def ingest(doc_id: str, path: Path, data: bytes, options: PdfOptions = PdfOptions()) -> Document:
    source = source_of(path, data)
    if not data:
        raise IngestError("empty", "the file is empty (0 bytes)")
    if _looks_like_pdf(data):
        return load_pdf_reader()(doc_id, source, data, options)
    if _binary_type(data) is not None:  # a Word document, an image, an archive: never read as text
        raise unsupported(path, data)
    if source.format == "pdf":
        head = data[:16].decode("latin-1").encode("unicode_escape").decode("ascii")
        raise IngestError("not_pdf", f"named .pdf but is not a PDF (starts with '{head}')")
    return read_text_document(doc_id, source, data)
