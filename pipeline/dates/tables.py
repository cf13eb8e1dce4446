"""Dates in tables: a bare year under a 年度 column is a DATE, and a date under a 時間 / 日期 column
takes its year from the year cell of its row (LABELLING.md, DATE)."""
from __future__ import annotations

import re

from ..document import Cell, Table
from ..normalise import fold
from .context import RowYear
from .grammar import DateExpr, DateGrammar
from .rules import DateRules

_BARE_YEAR = re.compile(r"\s*([1-9]\d{0,3})\s*")


def tab_tables(text: str) -> list[Table]:
    """Tables of a text document, read from runs of tab-separated lines (header line first).

    PDF ingestion fills Document.tables; a text document has none, but writes its tables as lines
    of tab-separated cells. A run separated from the table before it only by blank lines, with as many
    cells per line as that table's header, continues it (a table broken over two pages)."""
    runs: list[list[tuple[int, str]]] = []
    blank_only = False
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if "\t" in body:
            continues = runs and blank_only and len(body.split("\t")) == len(runs[-1][0][1].split("\t"))
            if not (runs and (runs[-1][-1][0] + len(runs[-1][-1][1]) + 1 == offset or continues)):
                runs.append([])
            runs[-1].append((offset, body))
            blank_only = True
        elif body.strip():
            blank_only = False
        offset += len(line)
    return [_table(run) for run in runs if len(run) > 1]


def _table(lines: list[tuple[int, str]]) -> Table:
    header = lines[0][1].split("\t")
    rows = []
    for offset, line in lines[1:]:
        cells, at = [], offset
        for index, text in enumerate(line.split("\t")):
            column = header[index] if index < len(header) else ""
            cells.append(Cell(text, at if text else None, at + len(text) if text else None, column))
            at += len(text) + 1
        rows.append(cells)
    return Table(page=0, header=header, rows=rows)


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
        for table in tables:
            for row in table.rows:
                year, expr = self._row_year(view, row, found)
                exprs.extend([expr] if expr else [])
                for cell in row:
                    if cell.start is None or not self._is(cell.column, self.rules.date_columns):
                        continue
                    exprs.extend(self.grammar.month_days(view, cell.start, cell.end))
                    if year is not None:
                        row_years.append(RowYear(cell.start, cell.end, *year))
        return exprs, row_years

    def _row_year(self, view: str, row: list[Cell], found: list[DateExpr]):
        """((year, calendar) of the row or None, a DATE for a bare year cell or None)."""
        for cell in row:
            if cell.start is None or not self._is(cell.column, self.rules.year_columns):
                continue
            written = next((e for e in found if cell.start <= e.start < cell.end and e.first.get("year")), None)
            if written is not None and written.calendar:
                return (written.first.get("year").value, written.calendar), None
            match = _BARE_YEAR.fullmatch(view, cell.start, cell.end)
            if match:
                value = int(match.group(1))
                expr = self.grammar.year_expr(match.start(1), match.end(1), value)
                if expr is not None:
                    return (value, expr.calendar), expr
        return None, None
