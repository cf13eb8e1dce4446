"""jieba's dictionary as the recognisers read it: how common a word is, and its part-of-speech tag.

The segmenter (rjieba) carries its own copy of the dictionary; the recognisers ask jieba's tables
whether a stretch of text is an everyday word (官員), a word's start (線上 of 線上遊戲) or a name jieba
knows (瓊斯: nrt). Reading those tables from jieba costs about a second per process (initialising it
and adding the user dictionary), so they are built once into one trie and kept in a file beside
jieba's own cache, keyed by jieba's dictionary file and the user words; a damaged or missing file
is built again.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from importlib import metadata, util
from pathlib import Path
from typing import TypeVar

import ahocorasick

from .normalise import fold
from .resources import Gazetteer

T = TypeVar("T")


def user_dictionary_words(gazetteer: Gazetteer) -> list[str]:
    """Folded words the segmenter should keep whole: place and org names, titles, multi-character org endings."""
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


# jieba itself is imported only to build a table: importing it takes a tenth of a second.
def _dictionary_file() -> Path:
    return Path(util.find_spec("jieba").origin).with_name("dict.txt")


def _cached(name: str, load: Callable[[Path], T], build: Callable[[], T], save: Callable[[T, Path], None]) -> T:
    """The table in the cache file `name` (in the temporary folder, as jieba keeps its own), or, when
    that is missing or unreadable, built and saved there for the next process."""
    cache = Path(tempfile.gettempdir()) / name
    try:
        return load(cache)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = build()
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
    try:
        save(table, partial)
        os.replace(partial, cache)  # another process reading the cache never sees half of it
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only temporary folder costs the cache, not the run
    return table


def _source_key() -> str:
    stat = _dictionary_file().stat()
    return f"{metadata.version('jieba')}-{stat.st_size}-{stat.st_mtime_ns}"


_TAG_BITS = 6  # a tag's number in the low bits of a word's value: room for 63 (jieba's dictionary has 55)
_TAG_MASK = (1 << _TAG_BITS) - 1
# The trie keeps signed 32-bit values: a frequency above this is kept at this, far above any threshold read.
_FREQUENCY_CAP = (1 << (31 - _TAG_BITS)) - 1
_TAG_NAME = "\x00"  # the trie also keeps each tag's name, under this prefix: a control character, never in text


class JiebaWords:
    """jieba's dictionary with the user dictionary added: each word, every prefix of a word (at
    frequency 0, as jieba's FREQ keeps them), its frequency and its part-of-speech tag, in one trie."""

    def __init__(self, trie: ahocorasick.Automaton):
        self.trie = trie
        self.tags: list[str | None] = [None] * (_TAG_MASK + 1)
        for key in trie.keys(_TAG_NAME):
            self.tags[trie.get(key)] = key[len(_TAG_NAME):]

    def __contains__(self, word: str) -> bool:
        return word in self.trie

    def frequency(self, word: str) -> int:
        return self.trie.get(word, 0) >> _TAG_BITS

    def tag(self, word: str) -> str | None:
        return self.tags[self.trie.get(word, 0) & _TAG_MASK]


def _tags_of_dictionary() -> dict[str, str]:
    """jieba's part-of-speech tag for each word of its dictionary (what jieba.posseg reads from dict.txt)."""
    rows = (line.split() for line in _dictionary_file().read_text(encoding="utf-8").splitlines())
    return {parts[0]: parts[2] for parts in rows if len(parts) == 3}


def _packed_trie(frequencies: dict[str, int], tags: dict[str, str]) -> ahocorasick.Automaton:
    names = sorted(set(tags.values()))
    if len(names) > _TAG_MASK:
        raise ValueError(f"jieba's dictionary has {len(names)} part-of-speech tags; room for {_TAG_MASK}")
    number = {name: index for index, name in enumerate(names, 1)}
    trie = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for word, frequency in frequencies.items():
        trie.add_word(word, min(frequency, _FREQUENCY_CAP) << _TAG_BITS | number.get(tags.get(word), 0))
    for name, index in number.items():
        trie.add_word(_TAG_NAME + name, index)
    return trie


def _no_objects(data: bytes) -> object:
    raise ValueError("the table holds integers only")  # so loading never unpickles anything


def jieba_words(gazetteer: Gazetteer) -> JiebaWords:
    """jieba's FREQ once the gazetteer's user dictionary is added to it (jieba suggests a frequency for
    a user word), with jieba's tags. A trie answers as the dicts do, and loads in a tenth of the time."""
    words = user_dictionary_words(gazetteer)
    digest = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]

    def build() -> ahocorasick.Automaton:
        import jieba

        jieba.setLogLevel(jieba.logging.WARNING)
        tokenizer = jieba.Tokenizer()  # not jieba's global one: other users of jieba keep theirs as it was
        tokenizer.load_userdict(io.BytesIO("\n".join(words).encode("utf-8")))
        return _packed_trie(tokenizer.FREQ, _tags_of_dictionary())

    trie = _cached(f"govreport-jieba-words-{_source_key()}-{digest}-{_TAG_BITS}.trie",
                   lambda path: ahocorasick.load(str(path), _no_objects), build,
                   lambda table, path: table.save(str(path)))
    return JiebaWords(trie)
