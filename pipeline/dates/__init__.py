"""Dates stage: DATE spans with ISO values, Minguo (ROC) and Gregorian (LABELLING.md, DATE).

grammar.py finds the expressions (english.py the English forms it leaves out), tables.py adds table years, context.py fills what the text leaves
out and converts through roc.py / gregorian.py (dateparser), and this module turns the result into
spans and impossible-date warnings. An impossible date (110年2月30日, 13月) is kept as a span with a
null value and a warning, so that the mistake in the report is seen, never silently shifted.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from ..document import Document, Span, Warning
from ..ingest.text import document_from_text
from ..normalise import NormaliseStage
from ..resources import shared_resources
from ..resources.date_rules import DateRules
from ..spans import make_span
from .context import Resolver
from .english import EnglishDates
from .grammar import DateExpr, DateGrammar
from .tables import TableDates

__all__ = ["DateStage", "find_dates"]


def _non_overlapping(exprs: list[DateExpr]) -> list[DateExpr]:
    """The longer of two overlapping expressions wins; the result is in text order."""
    kept: list[DateExpr] = []  # in text order, so that the ends rise with the starts
    starts: list[int] = []
    for expr in sorted(exprs, key=lambda e: (e.start - e.end, e.start)):
        # of the kept expressions starting before this one ends, the last ends latest: it alone may overlap
        index = bisect_left(starts, expr.end)
        if index == 0 or kept[index - 1].end <= expr.start:
            starts.insert(index, expr.start)
            kept.insert(index, expr)
    return kept


class DateStage:
    name = "dates"

    def __init__(self, rules: DateRules):
        self.rules = rules
        self.grammar = DateGrammar(self.rules)
        self.english = EnglishDates(self.rules.english)
        self.tables = TableDates(self.rules, self.grammar)
        self.resolver = Resolver(self.rules)

    def __call__(self, doc: Document) -> Document:
        view = doc.view
        found = [e for e in self.grammar.find(view) + self.english.find(view)
                 if not doc.layer.in_quotation(e.start, e.end, self.rules.quote_max_length)]
        table_exprs, row_years = self.tables.read(view, doc.tables, found)
        for result in self.resolver.resolve(_non_overlapping(found + table_exprs), view, row_years):
            span = make_span(doc, result.expr.start, result.expr.end, "DATE", result.expr.rule, result.norm)
            doc.spans.append(span)
            if result.impossible:
                doc.warnings.append(Warning("impossible_date", f"no such date: {span.text!r}", span.start, span.end, span.page))
        return doc


@lru_cache(maxsize=1)
def _stage() -> DateStage:
    return DateStage(shared_resources().dates)


def find_dates(text: str) -> list[Span]:
    """The DATE spans of a string (for `govreport dates` and tests)."""
    return _stage()(NormaliseStage()(document_from_text(text))).spans
