"""Segment stage: the words of the folded view, with line wraps inside running text joined.

jieba's dictionary is Simplified, so the stage segments the folded view (same length as the text,
Simplified per character). The segmenter is given a user dictionary built from the gazetteer and
the title list at start-up, so that 陳其邁市長 comes out as 陳其邁 / 市長 and a place name is one
token. It cuts the text layer's joined view, where line breaks inside words are taken out
(陳其邁市\n長 → 陳其邁 / 市長); the result, ``doc.segmentation``, keeps the joined view, its words and
the way back to text offsets. The words are the pipeline's tokenizer's (spaCy's Doc of a text has them as
its tokens, spaces aside), read off its cut without building the Doc: the Doc's vocabulary lookups took
twice as long as the cut itself.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import accumulate, compress

import spacy
from spacy.tokens import Doc

from .dictionary import user_dictionary_words
from .document import Document, Segmentation
from .resources import Gazetteer


class JiebaTokenizer:
    """spaCy tokenizer (set as ``nlp.tokenizer``, spaCy's hook for a custom one): jieba's segmentation
    as implemented by rjieba, the Rust port of jieba with the same dictionary and algorithm, about
    nine times faster than the Python original. Its words are the text in order, so the Doc is built
    in one pass; spaCy's own jieba tokenizer re-finds each word in the text (quadratic in its length).
    rjieba builds jieba's dictionary in Rust (0.25 s with its import): on the first text cut, not
    when the pipeline is loaded."""

    def __init__(self, vocab, user_words: Iterable[str]):
        self.vocab = vocab
        self.user_words = list(user_words)

    @cached_property
    def segmenter(self):
        import rjieba

        segmenter = rjieba.Jieba()
        for word in self.user_words:
            segmenter.add_word(word, None, None)  # jieba's suggested frequency: cut whole
        return segmenter

    def cut(self, text: str) -> list[str]:
        """The words of the text, in order: they join back to it (tokenize() adds offsets, at 60% more time)."""
        return self.segmenter.cut(text)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for word in self.cut(text):
            if word == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True  # spaCy keeps one space after a word as a flag, not a token
            else:
                words.append(word)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


# spaCy refuses a text longer than nlp.max_length (1,000,000 characters), and a piece this size keeps
# the arrays of one Doc small; jieba never joins words across a line break, so cutting there changes nothing.
PIECE_LENGTH = 100_000


def pieces(view: str, length: int = PIECE_LENGTH) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering `view`, each at most `length` long, cut after a line break where
    there is one (else where the length runs out)."""
    start = 0
    while start < len(view):
        end = start + length
        if end < len(view):
            end = view.rfind("\n", start, end) + 1 or end
        yield start, view[start:end]
        start = end


class SegmentStage:
    name = "segment"

    def __init__(self, gazetteer: Gazetteer):
        self.user_words = user_dictionary_words(gazetteer)
        self.nlp = self._segmenter(self.user_words)

    @staticmethod
    def _segmenter(user_words: list[str]) -> spacy.Language:
        nlp = spacy.blank("zh")
        nlp.tokenizer = JiebaTokenizer(nlp.vocab, user_words)
        return nlp

    def __getstate__(self) -> dict:
        """The user words, not the segmenter: rjieba's dictionary lives in Rust and is built again."""
        return {"user_words": self.user_words}

    def __setstate__(self, state: dict) -> None:
        self.user_words = state["user_words"]
        self.nlp = self._segmenter(self.user_words)

    def words(self, view: str) -> tuple[list[int], list[int]]:
        """Starts and ends of the words of `view`, the tokens of each piece's spaCy Doc that are not spaces."""
        starts: list[int] = []
        ends: list[int] = []
        for offset, piece in pieces(view):
            words = self.nlp.tokenizer.cut(piece)
            bounds = list(accumulate(map(len, words), initial=offset))  # each word's start, then the piece's end
            kept = [not word.isspace() for word in words]
            starts += compress(bounds, kept)
            ends += compress(bounds[1:], kept)
        return starts, ends

    def __call__(self, doc: Document) -> Document:
        layer = doc.layer
        doc.segmentation = Segmentation(layer.joined_origin, layer.joined_view, *self.words(layer.joined_view))
        return doc
