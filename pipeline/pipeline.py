"""The stages in order, built once per process, and the timing of each."""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from .document import Document
from .ingest import PdfOptions, ingest
from .resources import Resources, shared_resources

Stage = Callable[[Document], Document]


def build_stages(resources: Resources) -> list[Stage]:
    """normalise → dates → segment → recognise → link, built from one set of loaded resources."""
    from .dates import DateStage
    from .link import LinkStage
    from .normalise import NormaliseStage
    from .recognise import RecogniseStage
    from .recognise.agreements import AgreementRecogniser
    from .recognise.counts import CountRecogniser
    from .recognise.entities import EntityRecogniser
    from .segment import SegmentStage

    gazetteer = resources.gazetteer
    return [
        NormaliseStage(gazetteer.rules["name_joiners"]),
        DateStage(resources.dates),
        SegmentStage(gazetteer),
        RecogniseStage([EntityRecogniser(gazetteer), CountRecogniser(resources.counts),
                        AgreementRecogniser(resources.agreements, gazetteer)]),
        LinkStage(resources.agreements, gazetteer),
    ]


class Pipeline:
    def __init__(self, pdf_options: PdfOptions = PdfOptions(), stages: list[Stage] | None = None,
                 resources: Resources | None = None):
        self.pdf_options = pdf_options
        self.stages = build_stages(resources or shared_resources()) if stages is None else stages
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

    def run(self, doc_id: str, path: Path, data: bytes) -> Document:
        """Ingest and process one file; IngestError and other failures propagate to the caller."""
        doc = self._timed("ingest", ingest, doc_id, path, data, self.pdf_options)
        return self.process(doc)
