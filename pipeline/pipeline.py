"""The stages in order, built once per process (or read from the compiled cache), and the timing of each."""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from .compiled import Stage, compiled_stages
from .document import Document
from .ingest import PdfOptions, ingest, load_pdf_reader
from .ingest.text import document_from_text

# A text that takes every stage down every path a library is first imported or built on (rjieba's
# dictionary, cn2an, dateparser's Minguo and English calendars): processed once by warm_up().
_WARM_UP_TEXT = "中華民國一一〇年九月十七日，高雄市與京都市簽署合作備忘錄，共二十三人。On September 17, 2021, 30 people."


class Pipeline:
    def __init__(self, pdf_options: PdfOptions = PdfOptions(), stages: list[Stage] | None = None,
                 rules: Path | str | None = None, gazetteer: Path | str | None = None):
        """The stages given, or those compiled from the data folders (the bundled ones by default)."""
        self.pdf_options = pdf_options
        self.stages = compiled_stages(rules, gazetteer) if stages is None else stages
        self.seconds: dict[str, float] = defaultdict(float)

    def _timed(self, name: str, func: Callable, *args):
        started = time.perf_counter()
        try:
            return func(*args)
        finally:
            self.seconds[name] += time.perf_counter() - started

    def process(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = self._timed(getattr(stage, "name", type(stage).__name__), stage, doc)
        return doc

    def warm_up(self) -> None:
        """Import and build now what the stages otherwise load on the first document that needs it:
        a batch does this once before its workers fork, so that no worker pays for it again."""
        load_pdf_reader()
        self.process(document_from_text(_WARM_UP_TEXT))
        self.seconds.clear()

    def run(self, doc_id: str, path: Path, data: bytes) -> Document:
        """Ingest and process one file; IngestError and other failures propagate to the caller."""
        doc = self._timed("ingest", ingest, doc_id, path, data, self.pdf_options)
        return self.process(doc)
