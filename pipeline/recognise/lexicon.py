"""Word lists with values, looked up two ways.

``longest``/``matches`` answer "which keys start at this offset" with a character trie, for the
few offsets a rule asks about. ``scan`` answers it for every offset of a text at once, with an
Aho–Corasick automaton (ahocorasick-rs, the Rust aho-corasick crate): a recogniser that would otherwise
walk the trie from each of a document's offsets in Python asks once per document instead. The automaton
is not pickled (it cannot be): it is built on a lexicon's first scan in a process, 15 ms for the
gazetteer's 12,000 place forms. pyahocorasick, which it replaced here, keeps a node's children in a list
searched one by one, and the gazetteer's root has thousands: 0.26 µs a character against 0.02.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter

import ahocorasick_rs

# Keys starting at an offset -> their (end, value) pairs, shortest first.
Matches = dict[int, list[tuple[int, object]]]
_END_THEN_START = itemgetter(2, 1)


class Lexicon:
    _END = ""  # a key no character can be; unlike a sentinel object, it survives pickling

    def __init__(self) -> None:
        self.root: dict = {}
        self._values: dict[str, object] = {}
        # The automaton over the keys, and the keys' values in its pattern order: built on the first scan.
        self._automaton: tuple[ahocorasick_rs.AhoCorasick, list] | None = None

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
        """The last of matches(): the same walk, without a generator's step per character (rules ask
        this tens of thousands of times a document)."""
        found, node, index, end = None, self.root, start, len(text)
        while index < end:
            node = node.get(text[index])
            if node is None:
                break
            index += 1
            if self._END in node:
                found = index, node[self._END]
        return found

    def scan(self, text: str) -> Matches:
        """Every key occurring in `text`, overlapping ones included, by start offset."""
        if not self._values:
            return {}
        found: Matches = defaultdict(list)
        automaton, values = self._built()
        # By end, and at one end the longest first: the order the starts are first seen in stays that of
        # a classic automaton's outputs, and each start's ends arrive shortest first.
        for index, start, end in sorted(automaton.find_matches_as_indexes(text, overlapping=True),
                                        key=_END_THEN_START):
            found[start].append((end, values[index]))
        return found

    def _built(self) -> tuple[ahocorasick_rs.AhoCorasick, list]:
        if self._automaton is None:
            self._automaton = ahocorasick_rs.AhoCorasick(list(self._values)), list(self._values.values())
        return self._automaton

    def __getstate__(self) -> dict:
        return {"root": self.root, "_values": self._values}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _automaton=None)
