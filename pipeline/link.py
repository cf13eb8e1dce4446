"""Link stage: agreement events from AGREEMENT spans and from the rows of agreement tables.

An event says who the partner is (a city and its country, or a country), when, who signed and what
happened (signed, anniversary, planned, other), with the evidence. Prose events come from AGREEMENT
spans and their clause (the partner the recogniser accepted, the sentence's date and officials); table
events from rows, read through the column headers (rules/agreements.yaml, table). The same tie told in
prose and in a table is one event (key: type + partner + action) with both pieces of evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Cell, Document, Event, Evidence, Span, Table, table_title
from .clauses import Clauses, PartnerFinder, space_before
from .normalise import fold
from .recognise.agreement_forms import AgreementForms
from .resources import Gazetteer
from .resources.agreement_rules import AgreementRules, Category
from .spans import ending_at, starting_in


@dataclass
class _Draft:
    """An event while its evidence is gathered."""

    type: str
    partner: dict[str, Any]
    action: str
    date: dict[str, Any] | None = None
    signatories: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return self.type, self.partner["city"], self.partner["country"], self.action

    def absorb(self, other: "_Draft") -> None:
        self.date = self.date or other.date
        self.partner["spans"] += [s for s in other.partner["spans"] if s not in self.partner["spans"]]
        known = {person["name"] for person in self.signatories}
        self.signatories += [p for p in other.signatories if p["name"] not in known]
        self.evidence += [e for e in other.evidence if e not in self.evidence]

    def event(self) -> Event:
        return Event(self.type, self.partner, self.date, self.signatories, self.action, self.evidence)


def _date_of(span: Span) -> dict[str, Any]:
    return {"start": span.norm["start"], "end": span.norm.get("end")}


class LinkStage:
    name = "link"

    def __init__(self, rules: AgreementRules, gazetteer: Gazetteer):
        self.rules = rules
        self.forms = AgreementForms(rules)
        self.partners = PartnerFinder(self.rules, gazetteer)
        self.country_name = {place.country: place.name for place in gazetteer.places if place.label == "COUNTRY"}

    def __call__(self, doc: Document) -> Document:
        drafts: dict[tuple, _Draft] = {}
        for draft in self._prose_events(doc):
            self._add(drafts, draft)
        for draft in self._table_events(doc, list(drafts.values())):
            self._add(drafts, draft)
        doc.events = [draft.event() for draft in drafts.values()]
        return doc

    @staticmethod
    def _add(drafts: dict[tuple, _Draft], draft: _Draft) -> None:
        if draft.key in drafts:
            drafts[draft.key].absorb(draft)
        else:
            drafts[draft.key] = draft

    # The partner as an event records it.

    def _partner(self, doc: Document, partner: Span, sentence: tuple[int, int], type_: str) -> dict[str, Any] | None:
        """{"city", "country", "spans"}: a city with the country written before it or, failing that,
        the gazetteer's; a country (the city named like it for a city tie: 貝里斯姊妹市); or, for an
        organisation, the sentence's foreign country."""
        spans = doc.spans
        namesake = self.partners.namesake_city(partner)
        if namesake and "COUNTRY" not in self.rules.partners[type_]:
            return {"city": namesake, "country": partner.norm.get("name"), "spans": [[partner.start, partner.end]]}
        if partner.label == "CITY":
            country = self._country_before(doc, partner)
            code = self.partners.countries.get(fold(str(partner.norm.get("name") or partner.text)))
            name = country.norm.get("name") if country else self.country_name.get(code)
            used = [country, partner] if country else [partner]
            return {"city": partner.norm.get("name"), "country": name, "spans": [[s.start, s.end] for s in used]}
        if partner.label == "ORG":
            partner = next((s for s in spans if s.label == "COUNTRY" and sentence[0] <= s.start < sentence[1]
                            and not self.partners.is_home(s)), None)
            if partner is None:
                return None
        return {"city": None, "country": partner.norm.get("name"), "spans": [[partner.start, partner.end]]}

    @staticmethod
    def _country_before(doc: Document, city: Span) -> Span | None:
        """帛琉科羅州, 日本 京都市: the COUNTRY written right before a city."""
        at = space_before(doc.text, city.start)
        return next((s for s in ending_at(doc.spans, at) if s.label == "COUNTRY"), None)

    def _action(self, view: str, start: int, end: int) -> str:
        text = view[start:end].lower()  # English action words are written in lower case
        return next((action for action, words in self.rules.actions if any(w in text for w in words)), "other")

    # Prose.

    def _prose_events(self, doc: Document) -> list[_Draft]:
        view = doc.view
        clauses = Clauses(doc.layer, self.rules)
        agreements = [s for s in doc.spans if s.label == "AGREEMENT"]
        others = [(s.start, s.end) for s in agreements]
        drafts = []
        for span in agreements:
            clause = clauses.clause(span.start, span.end, others)
            sentence = clauses.sentence(span.start, span.end)
            action = self._action(view, *sentence)
            date = self._nearest_date(doc, sentence, span) or self._body_date(doc, clauses, span)
            signatories = self._signatories(doc, clause.start, clause.end) if action == "signed" else []
            for partner_span in self.partners.choose(doc, doc.spans, clause, span.norm["type"], span):
                partner = self._partner(doc, partner_span, sentence, span.norm["type"])
                if partner:
                    drafts.append(_Draft(span.norm["type"], partner, action, date, list(signatories),
                                         [Evidence(span.start, span.end, span.page)]))
        return drafts

    @staticmethod
    def _body_date(doc: Document, clauses: Clauses, span: Span) -> dict[str, Any] | None:
        """A heading without a date ((4)致贈帛琉科羅州姊妹市書籍…) takes the first date of the text under it."""
        body = clauses.heading_body(span.start, span.end)
        dates = body and [s for s in starting_in(doc.spans, *body) if s.label == "DATE" and s.norm.get("start")]
        if not dates:
            return None
        return _date_of(min(dates, key=lambda d: d.start))

    @staticmethod
    def _nearest_date(doc: Document, sentence: tuple[int, int], span: Span) -> dict[str, Any] | None:
        dates = [s for s in starting_in(doc.spans, *sentence) if s.label == "DATE" and s.norm.get("start")]
        if not dates:
            return None
        return _date_of(min(dates, key=lambda d: max(span.start - d.end, d.start - span.end, 0)))

    @staticmethod
    def _signatories(doc: Document, start: int, end: int) -> list[dict[str, Any]]:
        """The officials named in the signing clause (陳其邁市長與京都市門川大作市長…簽署)."""
        return [{"name": s.norm.get("name"), "title": s.norm.get("title"), "start": s.start, "end": s.end}
                for s in doc.spans if s.label == "OFFICIAL" and start <= s.start < end]

    # Tables.

    def _table_events(self, doc: Document, prose: list[_Draft]) -> list[_Draft]:
        drafts = []
        for table in doc.tables:
            title = fold(table_title(doc.text, table))
            partner_column = self._column(table, self.rules.partner_headers)
            if partner_column is None:
                continue
            type_column = self._column(table, self.rules.type_headers)
            title_type = self.forms.written_type(title)
            category = next((c for c in self.rules.categories if c.phrase in title), None)
            if not (type_column or title_type or category):
                continue  # a table of visitors or places, not of ties
            action = self._action(title, 0, len(title))
            for row in table.rows:
                draft = self._row_event(doc, row, partner_column, type_column, title_type, category, action, prose)
                if draft:
                    drafts.append(draft)
        return drafts

    @staticmethod
    def _column(table: Table, words: tuple[str, ...]) -> str | None:
        return next((h for h in table.header if any(w in fold(h) for w in words)), None)

    def _row_event(self, doc: Document, row: list[Cell], partner_column: str, type_column: str | None,
                   title_type: str | None, category: Category | None, action: str, prose: list[_Draft]) -> _Draft | None:
        cells = [c for c in row if c.start is not None]
        if not cells:
            return None
        start, end = min(c.start for c in cells), max(c.end for c in cells)
        partner_cell = next((c for c in cells if c.column == partner_column), None)
        if partner_cell is None:
            return None
        places = [s for s in doc.spans if s.label in ("CITY", "COUNTRY") and partner_cell.start <= s.start
                  and s.end <= partner_cell.end and not self.partners.is_home(s)]
        partner_span = next((s for s in places if s.label == "CITY"), places[0] if places else None)
        if partner_span is None:
            return None
        type_cell = next((c for c in cells if c.column == type_column), None) if type_column else None
        written = (type_cell and self.forms.written_type(fold(type_cell.text))) or title_type
        partner = self._partner(doc, partner_span, (start, end), written or "other")
        type_ = partner and (written or self._known_type(partner, category, prose))
        if not type_:
            return None
        dates = [s for s in doc.spans if s.label == "DATE" and start <= s.start < end and s.norm.get("start")]
        most_precise = max(dates, key=lambda d: len(d.norm["start"]), default=None)  # 9 月 17 日 over 110
        return _Draft(type_, partner, action, date=most_precise and _date_of(most_precise),
                      evidence=[Evidence(start, end, doc.page_at(start))])

    @staticmethod
    def _known_type(partner: dict[str, Any], category: Category | None, prose: list[_Draft]) -> str | None:
        """For a category table (姊妹市及友好城市締盟成果): the type the report's prose gives this partner,
        else the category's default."""
        if category is None:
            return None
        told = [d.type for d in prose if d.type in category.types
                and (d.partner["city"], d.partner["country"]) == (partner["city"], partner["country"])]
        return told[0] if told else category.default
