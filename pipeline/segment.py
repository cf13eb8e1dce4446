"""Segment stage: the words of the folded view, with line wraps inside running text joined.

jieba's dictionary is Simplified, so the stage segments ``doc.view`` (same length as the text,
Simplified per character). The segmenter is given a user dictionary built from the gazetteer and
the title list at start-up, so that 陳其邁市長 comes out as 陳其邁 / 市長 and a place name is one
token. Lines wrapped inside running text are joined before cutting (陳其邁市\n長 → 陳其邁 / 市長);
the result, ``doc.segmentation``, keeps the joined view, its words and the way back to text offsets.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import rjieba
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from .dictionary import user_dictionary_words
from .document import Document, Segmentation
from .resources import Gazetteer


# A single line break (with indentation) between two characters of running text: PDFs wrap lines inside
# names (布拉\n提斯拉瓦省, 陳其邁市\n長), so matching runs on the text with such breaks taken out.
_WRAP = re.compile(r"[ \t]*\n[ \t\u3000]*")


def wrap_width(view: str) -> int:
    """The length a line must reach to count as wrapped rather than ended (a heading is short)."""
    lengths = sorted(len(line.strip()) for line in view.split("\n") if line.strip())
    return int(0.75 * lengths[round(0.9 * (len(lengths) - 1))]) if lengths else 0


def join_wrapped_lines(view: str, joiners: str = "") -> list[int]:
    """Offsets of `view` kept when line wraps inside running Chinese text are removed; any other
    line break is kept as one character (read as a space)."""
    kept, last, width = [], 0, wrap_width(view)
    for match in _WRAP.finditer(view):
        start, end = match.span()
        before = view[start - 1] if start else ""
        after = view[end] if end < len(view) else ""
        line = view[view.rfind("\n", 0, start) + 1:start].strip()
        inside_text = all(c and (is_cjk(c) or c in joiners) for c in (before, after))
        kept.extend(range(last, start))
        if not (inside_text and len(line) >= width):
            kept.append(start)
        last = end
    kept.extend(range(last, len(view)))
    return kept


@cache  # asked of every character by several stages; a document uses a few thousand distinct ones
def is_cjk(char: str) -> bool:
    return "CJK UNIFIED" in unicodedata.name(char, "") or "CJK COMPATIBILITY IDEOGRAPH" in unicodedata.name(char, "")


class JiebaTokenizer:
    """spaCy tokenizer (set as ``nlp.tokenizer``, spaCy's hook for a custom one): jieba's segmentation
    as implemented by rjieba, the Rust port of jieba with the same dictionary and algorithm, about
    nine times faster than the Python original. Its tokenize() gives offsets, so the Doc is built in
    one pass; spaCy's own jieba tokenizer re-finds each word in the text (quadratic in its length)."""

    def __init__(self, vocab, user_words: Iterable[str]):
        self.vocab = vocab
        self.segmenter = rjieba.Jieba()
        for word in user_words:
            self.segmenter.add_word(word, None, None)  # jieba's suggested frequency: cut whole

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for word, _, _ in self.segmenter.tokenize(text):
            if word == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True  # spaCy keeps one space after a word as a flag, not a token
            else:
                words.append(word)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


class SegmentStage:
    name = "segment"

    def __init__(self, gazetteer: Gazetteer):
        self.joiners = gazetteer.rules["name_joiners"]
        self.nlp = spacy.blank("zh")
        self.nlp.tokenizer = JiebaTokenizer(self.nlp.vocab, user_dictionary_words(gazetteer))

    def words(self, view: str) -> tuple[list[int], list[int]]:
        """Starts and ends of the words of `view` (spaces left out), read off the spaCy Doc's arrays."""
        starts, lengths, spaces = self.nlp.make_doc(view).to_array([IDX, LENGTH, IS_SPACE]).T
        words = spaces == 0
        return starts[words].tolist(), (starts + lengths)[words].tolist()

    def __call__(self, doc: Document) -> Document:
        origin = join_wrapped_lines(doc.view, self.joiners)
        joined = "".join(map(doc.view.__getitem__, origin)).replace("\n", " ")
        doc.segmentation = Segmentation(origin, joined, *self.words(joined))
        return doc
