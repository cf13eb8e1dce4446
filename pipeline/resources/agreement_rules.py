"""rules/agreements.yaml: the agreement taxonomy, the clause grammar and the event actions, folded
for matching and checked against rules/vocabularies.yaml."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..normalise import fold, lower
from .files import DataFileError, check_choice, choice, entries, error_at, non_negative, read_yaml_mapping, regex, require, words
from .vocabularies import Vocabularies

FILE = "agreements.yaml"
# The labels a partner may carry: the rest (OFFICIAL, COUNT, DATE, AGREEMENT) never name one.
PARTNER_LABELS = frozenset({"CITY", "COUNTRY", "ORG"})


@dataclass(frozen=True)
class Form:
    word: str  # folded
    type: str
    generic: bool
    head_only: bool = False  # a generic head that names an agreement only after another form (sister school agreement)


@dataclass(frozen=True)
class Category:
    phrase: str  # folded
    types: tuple[str, ...]
    default: str


@dataclass(frozen=True)
class ActionRule:
    """An event action and the words (folded, lower case) or patterns that decide it in a sentence."""
    action: str
    words: tuple[str, ...]
    patterns: tuple[re.Pattern, ...] = ()

    def __post_init__(self):
        words = "|".join(re.escape(w) for w in sorted(self.words, key=len, reverse=True))
        object.__setattr__(self, "_words", re.compile(words) if words else None)

    def find(self, text: str) -> tuple[int, int] | None:
        """Where a word (the first written) or else a pattern that decides this action is written in a
        folded, lower-cased text."""
        match = self._words.search(text) if self._words is not None else None
        if match:
            return match.span()
        for pattern in self.patterns:
            match = pattern.search(text)
            if match:
                return match.span()
        return None


@dataclass(frozen=True)
class AgreementRules:
    types: tuple[str, ...]
    forms: dict[str, Form]
    categories: tuple[Category, ...]
    not_agreements: tuple[str, ...]
    modifiers: tuple[str, ...]
    modifier_joiners: tuple[str, ...]
    signing_verbs: tuple[str, ...]
    name_stops: frozenset[str]
    modifier_reach: int
    partners: dict[str, frozenset[str]]
    sentence_ends: frozenset[str]
    full_stop_not_after: tuple[str, ...]
    clause_separators: frozenset[str]
    new_subject_openers: tuple[str, ...]
    member_openers: tuple[str, ...]
    both_parties: tuple[str, ...]
    subject_leads: tuple[str, ...]
    definite_determiners: tuple[str, ...]  # lower case
    home_deictics: tuple[str, ...]
    government_heads: tuple[str, ...]
    clause_reach: int
    co_party_markers: tuple[str, ...]
    tie_verbs: tuple[str, ...]
    region_kinds: frozenset[str]
    region_after: tuple[str, ...]
    tie_types: tuple[str, ...]
    loose_tie_types: tuple[str, ...]
    list_joiners: frozenset[str]
    partner_separators: tuple[str, ...]
    possessives: tuple[str, ...]
    partner_lead_words: frozenset[str]
    anaphors: tuple[str, ...]
    name_after: tuple[str, ...]
    actions: tuple[ActionRule, ...]
    anniversary_years: re.Pattern  # its first group that matched holds the number
    partner_headers: tuple[str, ...]
    type_headers: tuple[str, ...]
    quote_max_length: int


def _folded(data: dict, key: str, path: Path) -> tuple[str, ...]:
    return tuple(fold(word) for word in words(data, key, path))


def _forms(data: dict, path: Path, types: tuple[str, ...]) -> dict[str, Form]:
    forms = {}
    for entry in entries(data, "forms", path):
        word = lower(fold(require(entry, "form", path).strip()))
        if not word or word in forms:
            raise DataFileError(path, entry["__line__"], f"empty or repeated form {entry['form']!r}")
        head_only = bool(entry.get("head_only", False))
        forms[word] = Form(word, choice(entry, "type", path, types), head_only or bool(entry.get("generic", False)), head_only)
    return forms


def _categories(data: dict, path: Path, types: tuple[str, ...]) -> tuple[Category, ...]:
    categories = []
    for entry in entries(data, "category_phrases", path):
        for type_ in words(entry, "types", path, non_empty=True):
            check_choice(type_, types, error_at(entry, path))
        categories.append(Category(fold(require(entry, "phrase", path)), tuple(entry["types"]),
                                   choice(entry, "default", path, tuple(entry["types"]))))
    return tuple(categories)


def _partners(data: dict, path: Path, types: tuple[str, ...]) -> dict[str, frozenset[str]]:
    mapping = require(data, "partners", path, dict)
    partners = {}
    for type_ in types:
        labels = mapping.get(type_)
        if not isinstance(labels, list) or not set(labels) <= PARTNER_LABELS or not labels:
            raise DataFileError(path, mapping["__line__"], f"'partners' needs a list of {sorted(PARTNER_LABELS)} for {type_}")
        partners[type_] = frozenset(labels)
    return partners


def _actions(data: dict, path: Path, actions: tuple[str, ...]) -> tuple[ActionRule, ...]:
    rules = []
    for entry in entries(data, "actions", path):
        patterns = []
        for pattern in words(entry, "patterns", path) if "patterns" in entry else ():
            patterns.append(regex(entry, lower(fold(pattern)), path))
        found = tuple(lower(w) for w in _folded(entry, "words", path)) if "words" in entry else ()
        if not found and not patterns:
            raise DataFileError(path, entry["__line__"], "an action needs 'words' or 'patterns'")
        rules.append(ActionRule(choice(entry, "action", path, actions), found, tuple(patterns)))
    return tuple(rules)


def load_agreement_rules(rules: Path, vocab: Vocabularies) -> AgreementRules:
    path = rules / FILE
    data = read_yaml_mapping(path)
    table = require(data, "table", path, dict)
    types = vocab.agreement_types
    return AgreementRules(
        types=types,
        forms=_forms(data, path, types),
        categories=_categories(data, path, types),
        not_agreements=_folded(data, "not_agreements", path),
        modifiers=tuple(sorted((lower(w) for w in _folded(data, "modifiers", path)), key=len, reverse=True)),
        modifier_joiners=_folded(data, "modifier_joiners", path),
        signing_verbs=tuple(sorted(_folded(data, "signing_verbs", path), key=len, reverse=True)),
        name_stops=frozenset(_folded(data, "name_stops", path)),
        modifier_reach=non_negative(data, "modifier_reach", path),
        partners=_partners(data, path, types),
        sentence_ends=frozenset(_folded(data, "sentence_ends", path)),
        full_stop_not_after=tuple(words(data, "full_stop_not_after", path)),
        clause_separators=frozenset(_folded(data, "clause_separators", path)),
        new_subject_openers=_folded(data, "new_subject_openers", path),
        member_openers=tuple(lower(w) for w in _folded(data, "member_openers", path)),
        both_parties=tuple(lower(w) for w in _folded(data, "both_parties", path)),
        subject_leads=_folded(data, "subject_leads", path),
        definite_determiners=tuple(lower(w) for w in _folded(data, "definite_determiners", path)),
        home_deictics=_folded(data, "home_deictics", path),
        government_heads=tuple(lower(w) for w in _folded(data, "government_heads", path)),
        clause_reach=non_negative(data, "clause_reach", path),
        co_party_markers=_folded(data, "co_party_markers", path),
        tie_verbs=_folded(data, "tie_verbs", path),
        region_kinds=frozenset(check_choice(k, tuple(vocab.place_kinds), error_at(data, path)) for k in words(data, "region_kinds", path)),
        region_after=tuple(w.lower() for w in words(data, "region_after", path)),
        tie_types=tuple(check_choice(t, types, error_at(data, path)) for t in words(data, "tie_types", path)),
        loose_tie_types=tuple(check_choice(t, types, error_at(data, path)) for t in words(data, "loose_tie_types", path)),
        list_joiners=frozenset(_folded(data, "list_joiners", path)),
        partner_separators=_folded(data, "partner_separators", path),
        possessives=_folded(data, "possessives", path),
        partner_lead_words=frozenset(lower(w) for w in _folded(data, "partner_lead_words", path)),
        anaphors=_folded(data, "anaphors", path),
        name_after=_folded(data, "name_after", path),
        actions=_actions(data, path, vocab.event_actions),
        anniversary_years=regex(data, lower(fold(require(data, "anniversary_years", path))), path, groups=1),
        partner_headers=_folded(table, "partner_headers", path),
        type_headers=_folded(table, "type_headers", path),
        quote_max_length=non_negative(data, "quote_max_length", path),
    )
