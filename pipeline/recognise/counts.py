"""COUNT spans: a cardinal number with its unit (LABELLING.md, COUNT; rules/counts.yaml).

Numbers are read on the folded view (full-width digits are ASCII there, 萬 is 万, 兩 is 两), so one
pattern covers every width and script. The number grammar only finds the stretch; cn2an reads its value
("smart" mode takes 2亿731万3663 and 两万 alike). What is ours is the stretch itself: report numbers carry
spaces, thousands separators and line wraps inside (2億 731萬 3,663元, 2萬\\n4,000張), which stay in the
span and leave the value. A table cell takes its meaning from its column header.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..document import Document, Span, table_title
from ..normalise import fold
from ..resources.count_rules import CountRules, Unit
from ..spans import covered, make_span
from .lexicon import Lexicon

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = r"[零〇一二三四五六七八九十两廿卅][零〇一二三四五六七八九十百千两廿卅]*"
# Spaces and at most one line break: what a report or a PDF line wrap puts inside a number.
_GAP = r"[ \u00a0]*(?:\n[ \u00a0]*)?"
_PART = rf"(?:{_DIGITS}|{_CHINESE})"
_MAGNITUDE = "[千万亿]+"  # 5千名, 5千万
# 2亿 731万 3,663 / 8,798.1万 / 两万 / 35 / 三: parts with 万/亿, then an optional last plain part.
_NUMERALS = "\\d零〇一二三四五六七八九十百千两廿卅万亿"
_NUMBER = re.compile(
    rf"(?<![{_NUMERALS}])(?<!\d[.,])"
    rf"(?:{_PART}{_GAP}{_MAGNITUDE}(?:{_GAP}{_PART}{_GAP}{_MAGNITUDE})*(?:{_GAP}{_PART})?|{_PART})"
)
_NUMERAL_RUN = re.compile(f"[{_NUMERALS}]+")
_GAP_RE = re.compile(_GAP)
# 廿 and 卅 (twenty, thirty), which cn2an does not read
_TENS = str.maketrans({"廿": "二十", "卅": "三十"})
_ARABIC = re.compile(r"[\d,. \u00a0\n千万亿]+")
_BARE_CELL = re.compile(rf"\s*({_DIGITS})\s*")
# A Latin letter (N95, COVID-19) or a joiner of phone, list and date numbers (07-3368333, 3.2) before it.
_PUNCTUATION = re.compile(r"[,，。;；:：、!！?？()（）「」\n]")
_NAME_BEFORE = re.compile(r"[A-Za-z]$|\d[/:.]$|[-—#]$")


def numeral_runs(view: str) -> list[int]:
    """Where the runs of numerals start: the only offsets a number can start at (_NUMBER's look-behind)."""
    return [run.start() for run in _NUMERAL_RUN.finditer(view)]


def next_number(view: str, run_starts: list[int], position: int) -> re.Match | None:
    """_NUMBER.search(view, position), tried at the runs of numerals only: kept back by its look-behind,
    re's search tries every offset (6 ms a pass over the corpus), where it skips ahead to a numeral
    when it looks for the runs."""
    for start in run_starts[bisect_left(run_starts, position):]:
        if match := _NUMBER.match(view, start):
            return match
    return None


@lru_cache(maxsize=4096)
def number_value(written: str) -> int | float | None:
    """The value of a number as the report writes it (spaces, separators and wraps left out)."""
    compact = re.sub(r"[\s,]", "", written).translate(_TENS)
    if compact.isascii() and compact.isdigit():
        return int(compact)
    import cn2an  # at first use: it compiles its patterns on import (0.2 s), and most numbers are digits

    try:
        value = cn2an.cn2an(compact, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if float(value).is_integer() else float(value)


class CountRecogniser:
    def __init__(self, rules: CountRules):
        self.rules = rules
        self.unit_words = Lexicon.of(self.rules.units.items())
        self.unit_blockers = Lexicon.of((word, word) for word in self.rules.unit_blockers)

    def find(self, doc: Document, found: list[Span]) -> list[Span]:
        view = doc.view
        taken = covered([(s.start, s.end) for s in found] + doc.layer.quoted(self.rules.quote_max_length), len(view) + 1)
        spans = [span for span in self._prose(doc, view) if not any(taken[span.start:span.end])]
        table_spans = [span for span in self._tables(doc, view) if not any(taken[span.start:span.end])]
        prose_at = {(s.start, s.end) for s in spans}
        return spans + [s for s in table_spans if (s.start, s.end) not in prose_at]

    # Prose: number, optional 餘, unit.

    def _prose(self, doc: Document, view: str) -> list[Span]:
        spans, position, run_starts = [], 0, numeral_runs(view)
        while (match := next_number(view, run_starts, position)) is not None:
            span = self._count_at(doc, view, match.start(), match.end())
            if span is not None:
                spans.append(span)
                position = span.end
            else:
                # A stretch that takes no unit may hold a later number that does (30萬 …\n38人): search
                # again inside it; the look-behind keeps a search from starting in the middle of a number.
                position = match.start() + 1
        return spans

    def _count_at(self, doc: Document, view: str, start: int, end: int) -> Span | None:
        written = view[start:end]
        unit_start = self._skip_gap(view, end)
        approx = None
        for word, inner in self.rules.inner_approx.items():
            if view.startswith(word, unit_start):
                approx, unit_start = inner, self._skip_gap(view, unit_start + len(word))
                break
        unit = self._unit_at(view, unit_start, arabic=bool(_ARABIC.fullmatch(written)))
        if unit is None and self._after_population_word(view, start):
            value = number_value(written)
            norm = {"value": value, "unit": self.rules.population.unit, "approx": self._qualifier(view, start)}
            return make_span(doc, start, end, "COUNT", "rule:count/population", norm) if value is not None else None
        if unit is None or re.sub(r"\s", "", view[start:unit_start + len(unit.word)]) in self.rules.not_counts \
                or self._not_a_count_before(view, start):
            return None
        value = number_value(written)
        if value is None:
            return None
        unit_end = unit_start + len(unit.word)
        norm = {"value": value, "unit": doc.text[unit_start:unit_end], "approx": approx or self._qualifier(view, start)}
        return make_span(doc, start, unit_end, "COUNT", "rule:count/classifier", norm)

    def _after_population_word(self, view: str, start: int) -> bool:
        """人口約882萬, 人口也超過215萬: a population word shortly before, no punctuation between."""
        population = self.rules.population
        before = view[max(0, start - population.reach - max(map(len, population.words))):start]
        at = max(before.rfind(word) + len(word) if word in before else -1 for word in population.words)
        return at >= 0 and len(before) - at <= population.reach and not _PUNCTUATION.search(before, at)

    @staticmethod
    def _skip_gap(view: str, at: int) -> int:
        return _GAP_RE.match(view, at).end()  # the gap pattern also matches nothing

    def _not_a_count_before(self, view: str, start: int) -> bool:
        before = view[max(0, start - 8):start].rstrip(" \u00a0")
        if before.endswith(self.rules.not_count_before):
            return True
        if before and before[-1] in self.rules.multiplication_signs:
            return False
        return bool(_NAME_BEFORE.search(before))

    def _unit_at(self, view: str, at: int, arabic: bool) -> Unit | None:
        blocker = self.unit_blockers.longest(view, at)  # a blocker longer than the unit stops it
        for end, unit in reversed(list(self.unit_words.matches(view, at))):  # longest first
            length = end - at
            if unit.digits_only and not arabic:
                continue
            if blocker is not None and blocker[0] > end:
                return None
            if unit.word.isascii() and at + length < len(view) and view[at + length].isascii() and view[at + length].isalnum():
                return None  # 30km is a unit, 30kms or 3kg2 is something else
            return unit
        return None

    def _qualifier(self, view: str, start: int) -> str | None:
        before = view[max(0, start - 8):start].rstrip(" \u00a0\n")
        matches = [word for word in self.rules.qualifiers if before.endswith(word)]
        return self.rules.qualifiers[max(matches, key=len)] if matches else None

    # Tables: a bare number under a count header.

    def _tables(self, doc: Document, view: str) -> list[Span]:
        spans = []
        for table in doc.tables:
            title = fold(table_title(doc.text, table))
            units: dict[str, str | None] = {}  # by column: each is judged once, not for each of its cells
            for row in table.rows:
                for cell in row:
                    if cell.column not in units:
                        units[cell.column] = self._column_unit(fold(cell.column), title)
                    unit = units[cell.column]
                    if unit is None or cell.start is None:
                        continue
                    match = _BARE_CELL.fullmatch(view, cell.start, cell.end)
                    value = number_value(match.group(1)) if match else None
                    if value is not None:
                        norm = {"value": value, "unit": unit, "approx": None}
                        spans.append(make_span(doc, match.start(1), match.end(1), "COUNT", "rule:count/table_cell", norm))
        return spans

    def _column_unit(self, header: str, title: str) -> str | None:
        """The unit of a count column, or None when the column holds no counts."""
        table = self.rules.table
        if not any(word in header for word in table.count_headers):
            return None
        for text in (header, title):
            unit = next((unit for word, unit in table.unit_words if word in text), None)
            if unit:
                return unit
        return table.default_unit
