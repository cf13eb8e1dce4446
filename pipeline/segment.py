"""Segment stage: the words of the folded view, with line wraps inside running text joined.

jieba's dictionary is Simplified, so the stage segments ``doc.view`` (same length as the text,
Simplified per character). The segmenter is given a user dictionary built from the gazetteer and
the title list at start-up, so that 陳其邁市長 comes out as 陳其邁 / 市長 and a place name is one
token. Lines wrapped inside running text are joined before cutting (陳其邁市\n長 → 陳其邁 / 市長);
the result, ``doc.segmentation``, keeps the joined view, its words and the way back to text offsets.
"""
from __future__ import annotations

import io
import marshal
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jieba
import rjieba
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from .document import Document, Segmentation
from .gazetteer import Gazetteer, shared_gazetteer
from .normalise import fold


# A single line break (with indentation) between two characters of running text: PDFs wrap lines inside
# names (布拉\n提斯拉瓦省, 陳其邁市\n長), so matching runs on the text with such breaks taken out.
_WRAP = re.compile(r"[ \t]*\n[ \t\u3000]*")


def _wrap_width(view: str) -> int:
    """The length a line must reach to count as wrapped rather than ended (a heading is short)."""
    lengths = sorted(len(line.strip()) for line in view.split("\n") if line.strip())
    return int(0.75 * lengths[round(0.9 * (len(lengths) - 1))]) if lengths else 0


def join_wrapped_lines(view: str, joiners: str = "") -> list[int]:
    """Offsets of `view` kept when line wraps inside running Chinese text are removed; any other
    line break is kept as one character (read as a space)."""
    kept, last, width = [], 0, _wrap_width(view)
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


def word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag for each word of its dictionary. jieba.posseg reads them from
    dict.txt when imported (half a second, in every process); they are kept marshalled beside
    jieba's own cache instead, keyed by the dictionary file's size and time."""
    source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = source.stat()
    cache = Path(tempfile.gettempdir()) / f"govreport-jieba-tags-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tags = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    partial = cache.with_suffix(f".{os.getpid()}.partial")
    try:
        partial.write_bytes(marshal.dumps(tags))
        os.replace(partial, cache)  # another process reading the cache never sees half of it
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only temporary directory costs the cache, not the run
    return tags


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

    def __init__(self, gazetteer: Gazetteer | None = None):
        gazetteer = gazetteer or shared_gazetteer()
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
