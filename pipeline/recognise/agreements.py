"""AGREEMENT spans: a type of agreement or formal relationship tied to a named partner in the same
clause (LABELLING.md, AGREEMENT; rules/agreements.yaml).

The taxonomy forms are matched on the text layer's unwrapped view (聖安東尼市締盟 40周年姊\n妹市 is one
姊妹市). A form is a span only when its clause names a partner the type allows (a city for a city tie):
35 個姊妹市及友好城市 and an exhibition named after the partners are no span. The clause and partner
model (pipeline/clauses.py) is the one the link stage turns the spans into events with.
"""
from __future__ import annotations

from ..clauses import Clause, Clauses, PartnerFinder, list_commas, space_before
from ..document import Document, Span
from ..resources import Gazetteer
from ..resources.agreement_rules import AgreementRules
from ..spans import covered, make_span
from .agreement_forms import FORM_RULE, AgreementForms


class AgreementRecogniser:
    def __init__(self, rules: AgreementRules, gazetteer: Gazetteer):
        self.rules = rules
        self.partners = PartnerFinder(rules, gazetteer)
        self.forms = AgreementForms(rules)

    def find(self, doc: Document, found: list[Span]) -> list[Span]:
        layer = doc.layer
        view, flat, origin = layer.view, layer.unwrapped_view, layer.unwrapped_origin
        in_name = covered(((span.start, span.end) for span in found), len(view))
        named = [*map(in_name.__getitem__, origin), False]  # in unwrapped offsets, one past the end
        clauses = Clauses(layer, self.rules, list_commas(doc.text, found))
        mentions = [(origin[m.start], origin[m.end - 1] + 1, m) for m in self.forms.mentions(flat, named)]
        reporter = self.partners.reporter(view, found)
        others = sorted((s, e) for s, e, _ in mentions)
        spans = []
        for start, end, mention in mentions:
            if self._after_anaphor(view, start) or (mention.rule == FORM_RULE and any(named[mention.start:mention.end])):
                continue  # 雙方姊妹市; a form inside a name found earlier (an organisation's, an event's)
            inside = Clause(start, start, end, (start,))
            clause = clauses.clause(start, end, others)
            if self.partners.candidates(doc, found, clause, mention.type, reporter) or \
                    self.partners.candidates(doc, found, inside, mention.type, reporter):
                spans.append(make_span(doc, start, end, "AGREEMENT", mention.rule, {"type": mention.type}))
        return spans

    def _after_anaphor(self, view: str, start: int) -> bool:
        """A form owned by an anaphor refers back to a partner, it names none."""
        return view.endswith(self.rules.anaphors, 0, space_before(view, start))
