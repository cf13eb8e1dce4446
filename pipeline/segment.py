"""Segment stage: word tokens of the folded view, as (start, end) offsets into the text.

jieba's dictionary is Simplified, so the stage segments ``doc.view`` (same length as the text,
Simplified per character): offsets found there are offsets in ``doc.text``. jieba is given a
user dictionary built from the gazetteer and the title list at start-up, so that 陳其邁市長 comes
out as 陳其邁 / 市長 and a place name is one token.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

import jieba
import spacy

from .document import Document
from .gazetteer import Gazetteer, shared_gazetteer
from .normalise import fold


def user_dictionary_words(gazetteer: Gazetteer) -> list[str]:
    """Folded words jieba should keep whole: place and org names, titles, multi-character org endings."""
    words: set[str] = set()
    for place in gazetteer.places:
        words.update((place.name, *place.aliases, *place.short))
    for org in gazetteer.orgs:
        words.update((org.name, *org.aliases))
    for title in gazetteer.titles:
        words.add(title.title)
        words.update(modifier + title.title for modifier in gazetteer.modifiers)
    words.update(s.suffix for s in gazetteer.org_suffixes if s.lang == "zh" and len(s.suffix) > 1)
    return sorted(fold(w) for w in words if len(w) > 1 and not w.isascii())


def load_user_dictionary(words: Iterable[str]) -> None:
    """Give the words to jieba in its user-dictionary format (word per line; jieba picks a frequency
    high enough that each is cut whole)."""
    jieba.load_userdict(io.BytesIO("\n".join(words).encode("utf-8")))


_prepared: set[int] = set()


def prepare_jieba(gazetteer: Gazetteer) -> None:
    """Load the gazetteer's user dictionary into jieba once per process (jieba's state is global, and
    both this stage and the entity recogniser segment with it)."""
    if id(gazetteer) not in _prepared:
        jieba.setLogLevel(jieba.logging.WARNING)
        load_user_dictionary(user_dictionary_words(gazetteer))
        _prepared.add(id(gazetteer))


class SegmentStage:
    name = "segment"

    def __init__(self, gazetteer: Gazetteer | None = None):
        prepare_jieba(gazetteer or shared_gazetteer())
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})

    def tokens(self, view: str) -> list[tuple[int, int]]:
        return [(t.idx, t.idx + len(t.text)) for t in self.nlp.make_doc(view) if not t.is_space]

    def __call__(self, doc: Document) -> Document:
        doc.tokens = self.tokens(doc.view)
        return doc
