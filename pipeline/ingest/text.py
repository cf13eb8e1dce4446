"""Text ingestion: UTF-8 (with or without BOM), UTF-16 with BOM, and Big5/CP950, detected and said."""
from __future__ import annotations

import codecs

from ..document import Document, Source, Warning
from .errors import IngestError


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) or IngestError; Big5/CP950 is tried only after UTF-8 fails."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise IngestError("encoding", f"has a UTF-16 byte-order mark but does not decode: {exc}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp950"), "cp950"
    except UnicodeDecodeError as exc:
        raise IngestError("encoding", "not UTF-8, UTF-16 or Big5/CP950 text") from exc


def read_text_document(doc_id: str, source: Source, data: bytes) -> Document:
    if not data.strip():
        raise IngestError("empty", "the file is empty")
    text, encoding = decode(data)
    if "\x00" in text:
        raise IngestError("not_text", "contains NUL characters: not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = Document(doc_id=doc_id, source=source, text=text)
    if encoding == "cp950":
        doc.warnings.append(Warning("encoding", "not UTF-8: decoded as Big5/CP950"))
    return doc


def document_from_text(text: str, doc_id: str = "text") -> Document:
    """A Document for a string, for tests and `govreport dates`."""
    return Document(doc_id=doc_id, source=Source(path="<string>", sha256="", format="text", pages=0), text=text)
