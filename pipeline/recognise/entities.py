"""CITY, COUNTRY, ORG and OFFICIAL (LABELLING.md): the entity phases over one shared context.

Order matters and follows the grammar: titles first (so 松山市長野志克仁 reads as 松山 + 市長野志克仁, not
長野), then places, then organisations (which may contain places), then officials (whose names stop
at a place or organisation before them). Each phase is a module of its own; they share the grammar
(pipeline/recognise/entity_grammar.py) built once, and one context per document.
"""
from __future__ import annotations

from ..document import Document, Span
from ..resources import Gazetteer
from .entity_grammar import EntityContext, EntityGrammar
from .officials import OfficialPhase
from .orgs import OrgPhase
from .places import PlacePhase
from .titles import TitlePhase


class EntityRecogniser:
    def __init__(self, gazetteer: Gazetteer):
        self.grammar = EntityGrammar(gazetteer)
        self.titles = TitlePhase(self.grammar)
        self.places = PlacePhase(self.grammar)
        self.orgs = OrgPhase(self.grammar)
        self.officials = OfficialPhase(self.grammar)

    def find(self, doc: Document, found: list[Span]) -> list[Span]:
        ctx = EntityContext.build(doc, found, self.grammar)
        titles = self.titles.find(ctx)
        places = self.places.find(ctx, titles)
        orgs = self.orgs.find(ctx, titles, places)
        officials = self.officials.find(ctx, titles, places + orgs)
        return [ctx.to_span(c) for c in places + orgs + officials]
