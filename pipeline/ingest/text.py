"""Text ingestion: UTF-8 (with or without BOM), UTF-16 and Big5/CP950, detected and said."""
from __future__ import annotations

import codecs
import hashlib

from ..document import Cell, Document, Source, Table, Warning
from .errors import IngestError

# Tried in this order on a file without NUL bytes or a byte-order mark; Big5 text is rarely valid UTF-8.
_GUESSES = ("utf-8", "cp950")
_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp950": "Big5/CP950",
          "utf-16-le": "UTF-16-LE", "utf-16-be": "UTF-16-BE"}
_EXPECTED = {"utf-8", "utf-8-sig", "utf-16"}  # decoded without a warning
# A file that decodes but for this share of bad bytes (a cut-off last character, a stray Latin-1 byte)
# is kept, with the bad bytes replaced and said; more than that is a wrong encoding, not damage.
_DAMAGE_SHARE = 0.001
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})


def _is_plain_text(text: str) -> bool:
    return all(ch.isprintable() or ch in "\n\r\t" for ch in text)


def _utf16_without_bom(data: bytes) -> tuple[str, str]:
    """NUL bytes mean UTF-16 without a byte-order mark (ASCII 'a' is 61 00) or not text at all."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # The wrong byte order or a binary file gives unassigned or control characters.
        if _is_plain_text(text):
            return text, f"no byte-order mark: decoded as {_NAMES[encoding]}"
    raise IngestError("not_text", "contains NUL bytes and is not UTF-16 text: not a text file")


def _bad_sequences(data: bytes, encoding: str) -> int:
    return data.decode(encoding, errors="replace").count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")


def _decode_first(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str | None]:
    """The first encoding that decodes the data; failing all, the one with the fewest bad byte
    sequences, if they are few enough to be damage rather than a wrong encoding."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, None if encoding in _EXPECTED else f"not UTF-8: decoded as {_NAMES[encoding]}"
    encoding = min(encodings, key=lambda guess: _bad_sequences(data, guess))
    bad = _bad_sequences(data, encoding)
    names = " or ".join(_NAMES[name] for name in encodings)
    if bad > max(1, len(data) * _DAMAGE_SHARE):
        raise IngestError("encoding", f"not valid {names} text ({bad} invalid byte sequences)")
    return (data.decode(encoding, errors="replace"),
            f"decoded as {_NAMES[encoding]}; {bad} invalid byte sequence(s) replaced with U+FFFD")


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, a warning to give or None), or IngestError("encoding" or "not_text")."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_first(data, ("utf-8-sig",))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_first(data, ("utf-16",))
    if b"\x00" in data:
        return _utf16_without_bom(data)
    return _decode_first(data, _GUESSES)


def read_text_document(doc_id: str, source: Source, data: bytes) -> Document:
    if not data.strip():
        raise IngestError("empty", "the file is empty")
    text, warning = decode(data)
    if "\x00" in text:
        raise IngestError("not_text", "contains NUL characters: not a text file")
    if not text.strip():
        raise IngestError("empty", "the file holds only white space")
    # Every line break as "\n": JSON leaves U+2028, U+2029 and NEL unescaped, and line readers split at them.
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    doc = Document(doc_id=doc_id, source=source, text=text, tables=tab_tables(text))
    if warning:
        doc.warnings.append(Warning("encoding", warning))
    return doc


def document_from_text(text: str, doc_id: str = "text") -> Document:
    """A Document for a string taken as it is (a spaCy Doc's text, `govreport dates`, tests)."""
    digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    return Document(doc_id=doc_id, source=Source(path="<string>", sha256=digest, format="text", pages=0), text=text,
                    tables=tab_tables(text))


def tab_tables(text: str) -> list[Table]:
    """Tables of a text document, read from runs of tab-separated lines (header line first).

    PDF ingestion takes tables from the page layout; a text document writes its tables as lines
    of tab-separated cells. A run separated from the table before it only by blank lines, with as many
    cells per line as that table's header, continues it (a table broken over two pages)."""
    runs: list[list[tuple[int, str]]] = []
    blank_only = False
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if "\t" in body:
            continues = runs and blank_only and len(body.split("\t")) == len(runs[-1][0][1].split("\t"))
            if not (runs and (runs[-1][-1][0] + len(runs[-1][-1][1]) + 1 == offset or continues)):
                runs.append([])
            runs[-1].append((offset, body))
            blank_only = True
        elif body.strip():
            blank_only = False
        offset += len(line)
    return [_table(run) for run in runs if len(run) > 1]


def _table(lines: list[tuple[int, str]]) -> Table:
    header = lines[0][1].split("\t")
    rows = []
    for offset, line in lines[1:]:
        cells, at = [], offset
        for index, text in enumerate(line.split("\t")):
            column = header[index] if index < len(header) else ""
            cells.append(Cell(text, at if text else None, at + len(text) if text else None, column))
            at += len(text) + 1
        rows.append(cells)
    return Table(page=None, header=header, rows=rows)
