"""Recognise stage: entity, count and agreement recognisers over the segmented document.

Each recogniser proposes candidate spans given the spans found so far (DATE first,
then each earlier recogniser's, already resolved), so a later one can build on an
earlier one (an AGREEMENT needs its partner CITY). Overlaps are resolved after each.
"""
from __future__ import annotations

from typing import Protocol

from ..document import Document, Span
from ..spans import resolve


class Recogniser(Protocol):
    def find(self, doc: Document, found: list[Span]) -> list[Span]: ...


class RecogniseStage:
    name = "recognise"

    def __init__(self, recognisers: list[Recogniser]):
        self.recognisers = recognisers

    def __call__(self, doc: Document) -> Document:
        spans = resolve(doc.spans)
        for recogniser in self.recognisers:
            spans = resolve(spans + recogniser.find(doc, spans))
        doc.spans = spans
        return doc
