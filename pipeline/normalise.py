"""Normalise stage: a same-length folded view of the text for matching.

Matching wants 臺/台, full/half width, dash variants and Simplified input to
look alike, but every span must point into the record's own text. Folding one
code point to exactly one code point keeps the view aligned with the text, so an
offset found in the view is an offset in the text.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

from .document import Document
from .textlayer import TextLayer

# Dash-like characters PDFs confuse with each other (U+2015 comes back as U+2014).
_DASHES = dict.fromkeys("‐‑‒–—―−─━﹘﹣－", "—")
_TILDES = dict.fromkeys("~～〜", "~")
_CONVERTER = opencc.OpenCC("t2s")
# Japanese shinjitai (沢, 県, 広, 浜, 狭) fold as their Traditional forms do (澤, 縣, 廣, 濱, 狹), so 若狭町 matches 若狹町:
# OpenCC's jp2t, for characters Simplified Chinese does not write (not in GB 2312: 芸, 弁, 余 stay Chinese
# words), and for 浜 and 郷, which GB 2312 has as rare characters but Japanese place names use for 濱 and 鄉.
_JAPANESE = opencc.OpenCC("jp2t")
_SHINJITAI_IN_GB2312 = {"浜": "濱", "郷": "鄉"}


def _shinjitai(char: str) -> str:
    if char in _SHINJITAI_IN_GB2312:
        return _SHINJITAI_IN_GB2312[char]
    try:
        char.encode("gb2312")
        return char
    except UnicodeEncodeError:
        traditional = _JAPANESE.convert(char)
        return traditional if len(traditional) == 1 else char


@lru_cache(maxsize=None)
def fold_char(char: str) -> str:
    """One code point to one code point: width, dashes, then Traditional → Simplified."""
    if char in _DASHES:
        return _DASHES[char]
    if char in _TILDES:
        return _TILDES[char]
    if char == "\u3000":
        return " "
    width_folded = unicodedata.normalize("NFKC", char)
    if len(width_folded) == 1:
        char = width_folded
    simplified = _CONVERTER.convert(char)
    if simplified == char and "\u4e00" <= char <= "\u9fff":
        simplified = _CONVERTER.convert(_shinjitai(char))
    return simplified if len(simplified) == 1 else char


class _FoldTable(dict):
    """A str.translate table filled in as characters are first seen (fold_char decides each)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The matching view of text: same length, same offsets."""
    return text.translate(_FOLD_TABLE)


def lower(text: str) -> str:
    """Latin letters in lower case, one code point for one (MOU = MoU = mou), offsets unchanged."""
    lowered = text.lower()
    if len(lowered) == len(text):  # no character lowered to two (İ → i̇): lower() kept every offset
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class NormaliseStage:
    """Makes the document's text layer: the folded view, and the rest read from it on demand.
    `joiners` are the characters that join the parts of a name (陳·其邁): a line break next to one
    may be inside a word."""

    name = "normalise"

    def __init__(self, joiners: str = ""):
        self.joiners = joiners

    def __call__(self, doc: Document) -> Document:
        doc.layer = TextLayer(doc.text, fold(doc.text), [page.start for page in doc.pages], self.joiners)
        return doc
