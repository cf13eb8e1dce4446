"""jieba's dictionary as the recognisers read it: how common a word is, and its part-of-speech tag.

The segmenter (rjieba) carries its own copy of the dictionary; the recognisers ask jieba's tables
whether a stretch of text is an everyday word (官員), a word's start (線上 of 線上遊戲) or a name jieba
knows (瓊斯: nrt). Reading those tables from jieba costs about a second per process (initialising it
and adding the user dictionary), so each is built once and kept in a file beside jieba's own cache,
keyed by jieba's dictionary file and, for the frequencies, by the user words; a damaged or missing
file is built again.
"""
from __future__ import annotations

import hashlib
import io
import marshal
import os
import tempfile
from collections.abc import Callable
from importlib import metadata, util
from pathlib import Path
from typing import TypeVar

import ahocorasick

from .gazetteer import Gazetteer
from .normalise import fold

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


def word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag for each word of its dictionary (what jieba.posseg reads from
    dict.txt on import)."""
    def build() -> dict[str, str]:
        rows = (line.split() for line in _dictionary_file().read_text(encoding="utf-8").splitlines())
        return {parts[0]: parts[2] for parts in rows if len(parts) == 3}

    return _cached(f"govreport-jieba-tags-{_source_key()}.marshal", lambda path: marshal.loads(path.read_bytes()),
                   build, lambda tags, path: path.write_bytes(marshal.dumps(tags)))


def _no_objects(data: bytes) -> object:
    raise ValueError("the frequency table holds integers only")  # so loading never unpickles anything


def word_frequencies(gazetteer: Gazetteer) -> ahocorasick.Automaton:
    """jieba's FREQ once the gazetteer's user dictionary is added to it: each word of its dictionary
    and of the user dictionary with its frequency (jieba suggests one for a user word), and every
    prefix of a word at 0. A trie answers ``word in table`` and ``table.get(word, 0)`` as the dict
    does, and loads in a tenth of the time."""
    words = user_dictionary_words(gazetteer)
    digest = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]

    def build() -> ahocorasick.Automaton:
        import jieba

        jieba.setLogLevel(jieba.logging.WARNING)
        tokenizer = jieba.Tokenizer()  # not jieba's global one: other users of jieba keep theirs as it was
        tokenizer.load_userdict(io.BytesIO("\n".join(words).encode("utf-8")))
        table = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for word, frequency in tokenizer.FREQ.items():
            table.add_word(word, frequency)
        return table

    return _cached(f"govreport-jieba-freq-{_source_key()}-{digest}.trie",
                   lambda path: ahocorasick.load(str(path), _no_objects), build,
                   lambda table, path: table.save(str(path)))
