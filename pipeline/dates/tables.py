"""Dates in tables: a bare year under a 年度 column is a DATE, and a date under a 時間 / 日期 column
takes its year from the year cell of its row (LABELLING.md, DATE)."""
from __future__ import annotations

import re
from bisect import bisect_left

from ..document import Cell, Table
from ..normalise import fold
from .context import RowYear
from .grammar import DateExpr, DateGrammar
from ..resources.date_rules import DateRules

_BARE_YEAR = re.compile(r"\s*([1-9]\d{0,3})\s*")


class _ByStart:
    """Expressions looked up by where they start, by bisection (a long document has thousands), each
    range in the order of the list given."""

    def __init__(self, exprs: list[DateExpr]):
        self.exprs = exprs
        self.order = sorted(range(len(exprs)), key=lambda i: exprs[i].start)
        self.starts = [exprs[i].start for i in self.order]

    def starting_in(self, start: int, end: int) -> list[DateExpr]:
        inside = self.order[bisect_left(self.starts, start):bisect_left(self.starts, end)]
        return [self.exprs[i] for i in sorted(inside)]


class TableDates:
    def __init__(self, rules: DateRules, grammar: DateGrammar):
        self.rules = rules
        self.grammar = grammar

    @staticmethod
    def _is(column: str, words: tuple[str, ...]) -> bool:
        column = fold(column).strip()
        return any(column == w or (len(w) > 1 and w in column) for w in words)

    def read(self, view: str, tables: list[Table], found: list[DateExpr]) -> tuple[list[DateExpr], list[RowYear]]:
        """(new expressions: bare years and 9/17 cells, the row year of each date cell)."""
        exprs: list[DateExpr] = []
        row_years: list[RowYear] = []
        written = _ByStart(found)
        for table in tables:
            for row in table.rows:
                year, expr = self._row_year(view, row, written)
                exprs.extend([expr] if expr else [])
                for cell in row:
                    if cell.start is None or not self._is(cell.column, self.rules.date_columns):
                        continue
                    exprs.extend(self.grammar.month_days(view, cell.start, cell.end))
                    if year is not None:
                        row_years.append(RowYear(cell.start, cell.end, *year))
        return exprs, row_years

    def _row_year(self, view: str, row: list[Cell], found: "_ByStart"):
        """((year, calendar) of the row or None, a DATE for a bare year cell or None)."""
        for cell in row:
            if cell.start is None or not self._is(cell.column, self.rules.year_columns):
                continue
            written = next((e for e in found.starting_in(cell.start, cell.end) if e.first.get("year")), None)
            if written is not None and written.calendar:
                return (written.first.get("year").value, written.calendar), None
            match = _BARE_YEAR.fullmatch(view, cell.start, cell.end)
            if match:
                value = int(match.group(1))
                expr = self.grammar.year_expr(match.start(1), match.end(1), value)
                if expr is not None:
                    return (value, expr.calendar), expr
        return None, None
