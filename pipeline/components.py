"""govreport as spaCy components, registered with `@Language.factory` and exposed through spaCy's
`spacy_factories` entry points, so that a fresh process can `spacy.blank("zh")` and
`nlp.add_pipe("govreport")` without importing govreport first.

`govreport` runs every stage; `govreport_normalise`, `govreport_dates`, `govreport_segment`,
`govreport_recognise` and `govreport_link` run one each, in that order. Each is the same stage object
the `govreport extract` command runs (pipeline/compiled.py), so spans and events are the same. What they
leave on the Doc:
- `doc.spans["govreport"]`: the spans, `span.label_` the label, `span._.norm` and `span._.rule` the
  norm and rule; their character offsets are the record's exactly: where a span edge falls inside a
  token (a tokenizer that keeps 高雄市長 whole), the token is split there, never the span moved.
- `doc._.events`: the agreement events, as the JSONL record has them.
- `doc._.govreport`: the govreport Document itself (`doc._.govreport.to_dict()` is the JSONL record).

`default_config` names the data folders (None: the bundled ones, or GOVREPORT_RULES / GOVREPORT_GAZETTEER).
`nlp.to_disk()` writes the rules and gazetteer folders a component uses beside it, and `spacy.load()`
reads them back from there, so a saved pipeline carries its own data.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from .compiled import compiled_stages
from .document import Document
from .ingest.text import document_from_text
from .resources import gazetteer_dir, rules_dir

SPANS_KEY = "govreport"
STAGES = ("normalise", "dates", "segment", "recognise", "link")
# What a stage reads that an earlier stage makes, and that stage: a component added without it says so.
_NEEDS = {
    "dates": (lambda document: document.layer is not None, "normalise"),
    "segment": (lambda document: document.layer is not None, "normalise"),
    "recognise": (lambda document: document.segmentation is not None, "segment"),
    "link": (lambda document: document.segmentation is not None, "recognise"),
}
_DEFAULT_CONFIG = {"rules": None, "gazetteer": None}
_ASSIGNS = ["doc._.govreport", "doc._.events", "doc.spans", "span._.norm", "span._.rule"]


def _register_extensions() -> None:
    for name in ("govreport", "events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("norm", "rule"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def _split_tokens(doc: Doc, offsets: set[int]) -> None:
    """Split the tokens inside which one of the offsets falls, so that every offset is a token edge."""
    cuts = sorted(offsets)
    with doc.retokenize() as retokenizer:
        for token in doc:
            inside = [c - token.idx for c in cuts if token.idx < c < token.idx + len(token.text)]
            if inside:
                bounds = [0, *inside, len(token.text)]
                pieces = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
                retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))


def write_spans(doc: Doc, document: Document) -> None:
    """The document's spans and events onto the spaCy Doc."""
    _split_tokens(doc, {offset for span in document.spans for offset in (span.start, span.end)})
    group = []
    for found in document.spans:
        span = doc.char_span(found.start, found.end, label=found.label)
        span._.norm, span._.rule = found.norm, found.rule
        group.append(span)
    doc.spans[SPANS_KEY] = group
    doc._.events = [event.to_dict() for event in document.events]


class StagesComponent:
    """Some of govreport's stages, in order, as one spaCy component."""

    def __init__(self, nlp: Language, name: str, stages: tuple[str, ...], rules: str | None, gazetteer: str | None):
        _register_extensions()
        self.name = name
        self.stage_names = stages
        self.rules, self.gazetteer = rules_dir(rules), gazetteer_dir(gazetteer)
        self.stages: list | None = None
        # spacy.load() makes the component with the folders it was saved from, which may be gone by now,
        # then reads the copies saved beside it (from_disk): build here only what exists.
        if self.rules.is_dir() and self.gazetteer.is_dir():
            self._load(self.rules, self.gazetteer)

    def _load(self, rules: Path, gazetteer: Path) -> None:
        built = dict(zip(STAGES, compiled_stages(rules, gazetteer)))  # a bad data file raises DataFileError
        self.rules, self.gazetteer = rules, gazetteer
        self.stages = [built[name] for name in self.stage_names]

    def _document(self, doc: Doc) -> Document:
        document = doc._.govreport
        if document is None:
            document = document_from_text(doc.text)
        if self.stage_names[0] in _NEEDS:
            ready, earlier = _NEEDS[self.stage_names[0]]
            if not ready(document):
                raise ValueError(f"the spaCy component {self.name!r} needs 'govreport_{earlier}' before it in the pipeline")
        return document

    def __call__(self, doc: Doc) -> Doc:
        if self.stages is None:
            self._load(self.rules, self.gazetteer)  # says which folder is missing
        document = self._document(doc)
        for stage in self.stages:
            document = stage(document)
        doc._.govreport = document
        write_spans(doc, document)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """The data folders this component was built from, copied beside it."""
        path = Path(path)
        for folder, name in ((self.rules, "rules"), (self.gazetteer, "gazetteer")):
            shutil.copytree(folder, path / name, dirs_exist_ok=True)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> "StagesComponent":
        path = Path(path)
        self._load(path / "rules", path / "gazetteer")
        return self


def _factory(name: str, stages: tuple[str, ...], requires: list[str]):
    @Language.factory(name, default_config=dict(_DEFAULT_CONFIG), requires=requires, assigns=_ASSIGNS)
    def make(nlp: Language, name: str, rules: str | None, gazetteer: str | None) -> StagesComponent:
        return StagesComponent(nlp, name, stages, rules, gazetteer)
    return make


make_govreport = _factory("govreport", STAGES, [])
make_normalise = _factory("govreport_normalise", ("normalise",), [])
make_dates = _factory("govreport_dates", ("dates",), ["doc._.govreport"])
make_segment = _factory("govreport_segment", ("segment",), ["doc._.govreport"])
make_recognise = _factory("govreport_recognise", ("recognise",), ["doc._.govreport"])
make_link = _factory("govreport_link", ("link",), ["doc._.govreport"])
