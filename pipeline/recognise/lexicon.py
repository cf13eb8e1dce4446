"""Word lists with values, looked up two ways.

``longest``/``matches`` answer "which keys start at this offset" with a character trie, for the
few offsets a rule asks about. ``scan`` answers it for every offset of a text at once, with an
Aho–Corasick automaton (pyahocorasick, in C): a recogniser that would otherwise walk the trie from
each of a document's offsets in Python asks once per document instead.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import ahocorasick

# Keys starting at an offset -> their (end, value) pairs, shortest first.
Matches = dict[int, list[tuple[int, object]]]


class Lexicon:
    _END = ""  # a key no character can be; unlike a sentinel object, it survives pickling

    def __init__(self) -> None:
        self.root: dict = {}
        self._values: dict[str, object] = {}
        self._automaton: ahocorasick.Automaton | None = None

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, object]]) -> "Lexicon":
        """A lexicon of (key, value) pairs, added in priority order."""
        lexicon = cls()
        for key, value in pairs:
            lexicon.add(key, value)
        return lexicon

    def add(self, key: str, value) -> None:
        if not key or key in self._values:
            return  # the first value stored for a key wins (callers add in priority order)
        self._values[key] = value
        self._automaton = None
        node = self.root
        for char in key:
            node = node.setdefault(char, {})
        node[self._END] = value

    def matches(self, text: str, start: int) -> Iterator[tuple[int, object]]:
        node, index = self.root, start
        while index < len(text) and text[index] in node:
            node = node[text[index]]
            index += 1
            if self._END in node:
                yield index, node[self._END]

    def longest(self, text: str, start: int) -> tuple[int, object] | None:
        found = None
        for found in self.matches(text, start):
            pass
        return found

    def scan(self, text: str) -> Matches:
        """Every key occurring in `text`, overlapping ones included, by start offset."""
        if not self._values:
            return {}
        found: Matches = defaultdict(list)
        for last, (length, value) in self._built().iter(text):
            found[last - length + 1].append((last + 1, value))  # ends arrive in order: shortest first
        return found

    def _built(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for key, value in self._values.items():
                automaton.add_word(key, (len(key), value))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton
