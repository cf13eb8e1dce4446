"""govreport from Python: load the pipeline once and run it on strings, files or many files.

    import govreport
    nlp = govreport.load()                 # the bundled rules and gazetteer (or rules=, gazetteer= folders)
    doc = nlp("高雄市與京都市於110年9月10日簽署合作備忘錄。")
    doc.spans, doc.events, doc.to_dict()   # to_dict() is the JSONL record `govreport extract` writes
    govreport.extract("report.pdf")        # one file
    for record in govreport.extract_many(["reports/"], workers=2):   # many, in path order
        ...

A string goes through the same steps as a UTF-8 text file given to `govreport extract` (line breaks
made "\\n", tab-separated tables read), so its spans and events are the ones that command writes for
it. A document that cannot be read is returned with its `error` set, as the command writes an error
record: errors are values here too.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .batch import DataFolders, Limits, assign_doc_ids, collect_inputs, read_input, run_tasks
from .document import Document, ErrorInfo
from .ingest import IngestError, PdfOptions, source_of
from .ingest.text import read_text_document
from .pipeline import Pipeline


class Govreport:
    """govreport's pipeline, loaded once: call it on a text, or extract files."""

    def __init__(self, rules: Path | str | None = None, gazetteer: Path | str | None = None, max_pages: int = 2000,
                 ocr: bool = True):
        """ocr: read PDF pages without a text layer by OCR, when govreport[ocr] is installed."""
        self.pipeline = Pipeline(PdfOptions(max_pages=max_pages, ocr=ocr), rules=rules, gazetteer=gazetteer)

    def __call__(self, text: str, doc_id: str = "text") -> Document:
        data = text.encode("utf-8")
        source = source_of(Path(f"{doc_id}.txt"), data)
        try:
            document = read_text_document(doc_id, source, data)
        except IngestError as error:
            return Document(doc_id, source, error=ErrorInfo(error.kind, error.message))
        return self.pipeline.process(document)

    def pipe(self, texts: Iterable[str]) -> Iterator[Document]:
        for number, text in enumerate(texts):
            yield self(text, doc_id=f"text-{number}")

    def extract(self, path: Path | str) -> Document:
        """One PDF or text file."""
        path = Path(path)
        data = b""
        try:
            data = read_input(path)
            return self.pipeline.run(path.stem, path, data)
        except IngestError as error:
            return Document(path.stem, source_of(path, data), error=ErrorInfo(error.kind, error.message))


def load(rules: Path | str | None = None, gazetteer: Path | str | None = None) -> Govreport:
    """The pipeline built from these data folders (the bundled ones by default, or GOVREPORT_RULES and
    GOVREPORT_GAZETTEER), read from the compiled cache when it holds them."""
    return Govreport(rules, gazetteer)


@lru_cache(maxsize=2)
def _loaded(rules: str | None, gazetteer: str | None) -> Govreport:
    return load(rules, gazetteer)


def extract(path: Path | str, rules: Path | str | None = None, gazetteer: Path | str | None = None) -> Document:
    """One file, with a pipeline loaded once per process."""
    return _loaded(rules and str(rules), gazetteer and str(gazetteer)).extract(path)


def extract_many(inputs: Iterable[Path | str], workers: int = 1, limits: Limits = Limits(),
                 rules: Path | str | None = None, gazetteer: Path | str | None = None) -> Iterator[dict]:
    """The JSONL records of files and folders (recursive), as `govreport extract` makes them and in the
    order it writes them (by path): in worker processes, each document under the limits, failures as
    error records. Records arrive as documents finish, in that order."""
    paths = [Path(item) for item in inputs]
    tasks = assign_doc_ids(collect_inputs(paths), paths)
    data = DataFolders(rules and str(rules), gazetteer and str(gazetteer))
    for outcome in run_tasks(tasks, workers, limits, data):
        yield json.loads(outcome.line)
