"""AGREEMENT spans: a type of agreement or formal relationship tied to a named partner in the same
clause (LABELLING.md, AGREEMENT; rules/agreements.yaml).

The taxonomy forms are matched on the folded view with line wraps taken out (聖安東尼市締盟 40周年姊\\n妹市
is one 姊妹市). A form is a span only when its clause names a partner the type allows (a city for a city
tie): 35 個姊妹市及友好城市 and an exhibition named after the partners are no span. The clause logic and
the partner choice are shared with the link stage, which turns the spans into events.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass

from ..document import Document, Span
from ..normalise import fold, lower
from ..resources import Gazetteer
from ..resources.agreement_rules import PARTNER_LABELS, AgreementRules, Form
from ..resources.gazetteer import place_countries
from ..segment import wrap_width
from ..spans import covered, ending_at, make_span, overlapping, starting_in
from .lexicon import Lexicon, Matches

_QUOTES = {"「": "」", "『": "』", "《": "》", "〈": "〉", "“": "”"}
_QUOTE_REACH = 60
_FORM_RULE, _QUOTED_RULE = "rule:agreement/form", "rule:agreement/quoted"
# Line breaks (with blank lines and indentation) between two non-space characters: a wrap candidate.
_BREAK = re.compile(r"(?<=\S)[ \u00a0]*\n\s*(?=\S)")
# A line ending in these ends its text (folded view: full-width marks are ASCII there).
_LINE_ENDS = frozenset("。；！？!?;:：」』)）")
# A line that starts a list item or a heading: the line break before it ends the sentence.
_ITEM_START = re.compile(r"[ \u00a0]*(?:[(（]?[0-9０-９一二三四五六七八九十IVXivx]{1,4}[)）.、．]|[-•■□●◆▲✓※]|表[0-9一二三四五六七八九十]+)")


def space_before(text: str, offset: int) -> int:
    """The offset where the spaces and line breaks written right before `offset` start."""
    while offset > 0 and text[offset - 1] in " \u00a0\u3000\n":
        offset -= 1
    return offset


def namesake_cities(gazetteer: Gazetteer) -> dict[str, str]:
    """Folded country name → the name of the city named after it in that country (貝里斯 → 貝里斯市)."""
    countries = {(p.country, fold(p.name)) for p in gazetteer.places if p.label == "COUNTRY"}
    return {fold(p.name)[:-1]: p.name for p in gazetteer.places
            if p.label == "CITY" and p.name.endswith("市") and (p.country, fold(p.name)[:-1]) in countries}


class Clauses:
    """Sentences and clauses of one document (labelling guide AGREEMENT 1), in text offsets."""

    def __init__(self, view: str, rules: AgreementRules, page_starts: Iterable[int] = ()):
        self.view = view
        self.rules = rules
        self.hard_breaks = self._hard_breaks(view, tuple(page_starts))
        marks = re.finditer("|".join(re.escape(c) for c in rules.sentence_ends if len(c) == 1) or "(?!)", view)
        self.sentence_ends = sorted(self.hard_breaks.union(mark.start() for mark in marks))

    @staticmethod
    def _hard_breaks(view: str, page_starts: tuple[int, ...]) -> set[int]:
        """Offsets of the line breaks that end a sentence: all but those in wraps."""
        soft = {i for start, end in wraps(view, page_starts) for i in range(start, end)}
        return {line_end.start() for line_end in re.finditer("\n", view)} - soft

    def heading_body(self, start: int, end: int) -> tuple[int, int] | None:
        """For a stretch on a heading line ((4)致贈帛琉科羅州姊妹市書籍…), the text under it up to the
        next list item or heading; None when the line is no heading."""
        line_start = self.view.rfind("\n", 0, start) + 1
        line_end = self.view.find("\n", end)
        if line_end < 0 or not _ITEM_START.match(self.view, line_start) or line_end not in self.hard_breaks:
            return None
        body_end = line_end + 1
        while body_end < len(self.view) and not _ITEM_START.match(self.view, body_end):
            next_break = self.view.find("\n", body_end)
            body_end = len(self.view) if next_break < 0 else next_break + 1
        return line_end + 1, body_end

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """From after the last sentence end before `start` to the first one at or after `end`."""
        ends = self.sentence_ends
        before = bisect_left(ends, start)
        after = bisect_left(ends, max(end, start))
        return (ends[before - 1] + 1 if before else 0), (ends[after] if after < len(ends) else len(self.view))

    def _parts(self, start: int, end: int) -> list[tuple[int, int]]:
        """The comma-separated parts of a sentence."""
        parts, left = [], start
        for offset in range(start, end):
            if self.view[offset] in self.rules.clause_separators:
                parts.append((left, offset))
                left = offset + 1
        parts.append((left, end))
        return parts

    def _opens_new_subject(self, start: int, end: int) -> bool:
        text = self.view[start:end].lstrip(" \u00a0\n")
        return text.startswith(self.rules.new_subject_openers)

    def clause(self, start: int, end: int, others: Iterable[tuple[int, int]] = ()) -> "Clause":
        """The clause of an agreement at start..end: its comma-separated part, joined with up to
        clause_reach parts before it while it (and each of them in turn) shares their subject. A part
        holding another agreement (others) keeps its partner: the clause starts after that agreement."""
        parts = self._parts(*self.sentence(start, end))
        index = next(i for i, (a, b) in enumerate(parts) if a <= start <= b)
        first = index
        while first > max(0, index - self.rules.clause_reach) and not self._opens_new_subject(*parts[first]):
            first -= 1
        clause_start = max([parts[first][0]] + [e for s, e in others if parts[first][0] <= s and e <= parts[index][0]])
        part_starts = tuple(a for a, _ in parts[first:index + 1] if a >= clause_start)
        return Clause(clause_start, parts[index][0], max(parts[index][1], end), part_starts or (clause_start,))


@dataclass(frozen=True)
class Clause:
    start: int
    part_start: int  # where the comma-separated part holding the agreement starts
    end: int
    part_starts: tuple[int, ...]  # where each joined part starts

class PartnerFinder:
    """The partner spans a clause offers for a type: named places (not the reporting country's own)
    and, where the type allows, organisations. In the agreement's own comma-separated part any of them
    will do; in an earlier part of the clause only a party to its subject (本市與[京都市]…，以…簽署).
    The span lists it is given are resolved ones (pipeline.spans.resolve), which it looks up by bisection.
    """

    def __init__(self, rules: AgreementRules, gazetteer: Gazetteer):
        self.rules = rules
        self.countries = place_countries(gazetteer.places)
        self.home_country = gazetteer.rules["home_country"]
        self.namesake_cities = namesake_cities(gazetteer)

    @staticmethod
    def _name(span: Span) -> str:
        return fold(str(span.norm.get("name") or span.text))

    def is_home(self, span: Span) -> bool:
        return self.countries.get(self._name(span)) == self.home_country

    def namesake_city(self, span: Span) -> str | None:
        """For a country that shares its name with a city (貝里斯 / 貝里斯市), the city's name."""
        return self.namesake_cities.get(self._name(span)) if span.label == "COUNTRY" else None

    def _allowed(self, span: Span, type_: str) -> bool:
        """A label the type allows; a city tie also takes a country named like its city (貝里斯姊妹市)."""
        allowed = self.rules.partners[type_]
        return span.label in allowed or ("CITY" in allowed and self.namesake_city(span) is not None)

    @staticmethod
    def _names_before(view: str, span: Span, spans: list[Span]) -> int:
        """Where the run of names and dates written right before a span (美國 西雅圖) starts."""
        first = span.start
        while True:
            at = space_before(view, first)
            touching = next(iter(ending_at(spans, at)), None)
            if touching is None:
                return first
            first = touching.start

    def _party_to_subject(self, view: str, span: Span, spans: list[Span], clause: Clause) -> bool:
        """Whether a name in an earlier part is a party to the clause's subject: the subject itself
        (關島總督率團…，正式完成姊妹市簽署) or joined to it (本市與加拿大溫哥華市…)."""
        first = self._names_before(view, span, spans)
        return any(start <= first and not view[start:first].strip() for start in clause.part_starts) \
            or view.endswith(self.rules.co_party_markers, 0, space_before(view, first))

    def candidates(self, doc: Document, spans: list[Span], clause: Clause, type_: str) -> list[Span]:
        view = doc.view or fold(doc.text)
        return [s for s in starting_in(spans, clause.start, clause.end) if s.end <= clause.end and self._allowed(s, type_)
                and not (s.label in ("CITY", "COUNTRY") and self.is_home(s))
                and (s.start >= clause.part_start or self._party_to_subject(view, s, spans, clause))]

    def choose(self, doc: Document, spans: list[Span], clause: Clause, type_: str, agreement: Span) -> list[Span]:
        """The partners of an agreement, places before organisations: the one written right after it
        (友好城市大田、大邱; MOU 城市高陽), else right before it (韓國水原友好城市), else the nearest before
        it, else the nearest after it; with the candidates listed together with that one
        (與熊本縣、熊本市締結友好城市 → both)."""
        view = doc.view or fold(doc.text)
        found = self.candidates(doc, spans, clause, type_)
        for group in ([s for s in found if s.label != "ORG"], found):
            if not group:
                continue
            after = [s for s in group if s.start >= agreement.end]
            before = [s for s in group if s.end <= agreement.start]
            chosen = next((s for s in after[:1] if self._open(view, agreement.end, s.start, spans, lead=True)), None) \
                or next((s for s in before[-1:] if self._open(view, s.end, agreement.start, spans)), None) \
                or (before[-1] if before else group[0])
            return self._listed_with(view, self._qualified(view, chosen, group, spans), group, spans)
        return []

    def _qualified(self, view: str, chosen: Span, group: list[Span], spans: list[Span]) -> Span:
        """A country written right before a city qualifies it (波蘭 波茲南市): the city is the partner."""
        if chosen.label != "COUNTRY":
            return chosen
        return next((s for s in group if s.label == "CITY" and s.start >= chosen.end
                     and self._open(view, chosen.end, s.start, spans)), chosen)

    def _between(self, view: str, start: int, end: int, spans: list[Span]) -> str:
        """The text between two offsets outside any name, stripped of spaces and list marks."""
        covered = {i for s in overlapping(spans, start, end) if s.label in PARTNER_LABELS for i in range(s.start, s.end)}
        text = "".join(view[i] for i in range(start, end) if i not in covered)
        return text.strip(" \u00a0\n" + "".join(self.rules.partner_separators))

    def _open(self, view: str, start: int, end: int, spans: list[Span], lead: bool = False) -> bool:
        """Whether nothing but other names, spaces, list marks (and, after a form, a lead word such as
        城市) stands between two offsets."""
        between = self._between(view, start, end, spans)
        return not between or (lead and between in self.rules.partner_lead_words)

    def _listed_with(self, view: str, chosen: Span, group: list[Span], spans: list[Span]) -> list[Span]:
        same = sorted((s for s in group if s.label == chosen.label), key=lambda s: s.start)
        index = same.index(chosen)
        first = last = index
        while first > 0 and self._joined(view, same[first - 1], same[first], spans):
            first -= 1
        while last + 1 < len(same) and self._joined(view, same[last], same[last + 1], spans):
            last += 1
        return same[first:last + 1]

    def _joined(self, view: str, left: Span, right: Span, spans: list[Span]) -> bool:
        """波茲南市、韓國 高陽市: a list joiner, other names and spaces between two partners."""
        return self._between(view, left.end, right.start, spans) in self.rules.list_joiners


@lru_cache(maxsize=4)  # the agreement recogniser and the link stage ask twice per document
def wraps(view: str, page_starts: tuple[int, ...] = ()) -> tuple[tuple[int, int], ...]:
    """(start, end) of the line breaks (with blank lines and indentation) inside running text: line
    wraps (姊\n妹市) and page breaks (體育及\n\n文化). A break goes on with the text where a page starts,
    or after a line as long as the document's long lines (a blank line after it only where the writer
    ends paragraphs with an end mark: an unmarked line before a blank line is then cut by a page);
    never after an end mark, before a list item or around a table row. A short unmarked line is a
    heading (簽署經濟合作備忘錄), and a heading is no part of the text below it."""
    width = wrap_width(view)
    page_starts = sorted(page_starts)
    breaks = []
    for match in _BREAK.finditer(view):
        line = view[view.rfind("\n", 0, match.start()) + 1:match.start()].strip()
        next_end = view.find("\n", match.end())
        next_line = view[match.end():next_end if next_end >= 0 else len(view)]
        if "\t" not in line + next_line:
            breaks.append((match, line, next_line))
    blank_after_long = [line for match, line, _ in breaks if match.group().count("\n") > 1 and len(line) >= width]
    marked = sum(line[-1] in _LINE_ENDS for line in blank_after_long) > len(blank_after_long) / 2
    found = []
    for match, line, next_line in breaks:
        if line[-1] in _LINE_ENDS or _ITEM_START.match(next_line):
            continue
        page_break = any(match.start() < start <= match.end() for start in page_starts)
        long_line = len(line) >= width and (marked or match.group().count("\n") == 1)
        if page_break or long_line:
            found.append(match.span())
    return tuple(found)


def unwrap(view: str, page_starts: Iterable[int] = ()) -> tuple[str, list[int]]:
    """The view with wraps taken out, and the view offset of each character kept."""
    kept, last = [], 0
    for start, end in wraps(view, tuple(page_starts)):
        kept.extend(range(last, start))
        last = end
    kept.extend(range(last, len(view)))
    return "".join(map(view.__getitem__, kept)), kept


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the unwrapped view
    end: int
    type: str
    rule: str


class AgreementRecogniser:
    def __init__(self, rules: AgreementRules, gazetteer: Gazetteer):
        self.rules = rules
        self.partners = PartnerFinder(self.rules, gazetteer)
        self.form_words = Lexicon.of(self.rules.forms.items())

    def find(self, doc: Document, found: list[Span]) -> list[Span]:
        view = doc.view or fold(doc.text)
        page_starts = [page.start for page in doc.pages]
        flat, origin = unwrap(view, page_starts)
        in_name = covered(((span.start, span.end) for span in found), len(view))
        named = [*map(in_name.__getitem__, origin), False]  # in unwrapped offsets, one past the end
        clauses = Clauses(view, self.rules, page_starts)
        mentions = [(origin[m.start], origin[m.end - 1] + 1, m) for m in self.mentions(flat, named)]
        spans = []
        for start, end, mention in mentions:
            if self._after_anaphor(view, start) or (mention.rule == _FORM_RULE and any(named[mention.start:mention.end])):
                continue  # 雙方姊妹市; a form inside a name found earlier (an organisation's, an event's)
            inside = Clause(start, start, end, (start,))
            clause = clauses.clause(start, end, [(s, e) for s, e, _ in mentions])
            if self.partners.candidates(doc, found, clause, mention.type) or \
                    self.partners.candidates(doc, found, inside, mention.type):
                spans.append(make_span(doc, start, end, "AGREEMENT", mention.rule, {"type": mention.type}))
        return spans

    def _after_anaphor(self, view: str, start: int) -> bool:
        """A form owned by an anaphor refers back to a partner, it names none."""
        return view.endswith(self.rules.anaphors, 0, space_before(view, start))

    # Mentions in the unwrapped view.

    def mentions(self, flat: str, named: list[bool]) -> list[Mention]:
        """Quoted agreement names, then forms outside quotes and category phrases."""
        flat = lower(flat)
        blocked = [False] * (len(flat) + 1)
        for phrase in [c.phrase for c in self.rules.categories] + list(self.rules.not_agreements):
            for match in re.finditer(re.escape(phrase), flat):
                blocked[match.start():match.end()] = [True] * len(phrase)
        mentions, forms_at = [], self.form_words.scan(flat)
        for start, end in self._quotes(flat):
            blocked[start - 1:end + 1] = [True] * (end - start + 2)
            inner = flat[start:end].strip()
            runs = self._form_runs(forms_at, start, end, [False] * len(blocked))
            if inner and runs and runs[-1][1] == start + len(flat[start:end].rstrip()):
                offset = start + len(flat[start:end]) - len(flat[start:end].lstrip())
                mentions.append(Mention(offset, offset + len(inner), self._type(runs[-1][2]), _QUOTED_RULE))
        for start, end, forms in self._form_runs(forms_at, 0, len(flat), blocked):
            if flat.startswith(self.rules.name_after, end):
                continue  # 網路國際姊妹市之夜: part of an event's name
            start = self._name_start(flat, start, named)
            mentions.append(Mention(start, end, self._type(forms), _FORM_RULE))
        return mentions

    @staticmethod
    def _quotes(flat: str) -> list[tuple[int, int]]:
        """(start, end) of the inside of each short quotation."""
        regions = []
        for open_, close in _QUOTES.items():
            pattern = re.compile(f"{re.escape(open_)}([^{re.escape(open_ + close)}]{{1,{_QUOTE_REACH}}}){re.escape(close)}")
            regions.extend(m.span(1) for m in pattern.finditer(flat))
        return regions

    @staticmethod
    def _form_runs(forms_at: Matches, start: int, end: int, blocked: list[bool]) -> list[tuple[int, int, list[Form]]]:
        """Runs of adjacent forms (姊妹市 + 協定) between start and end, none touching a blocked offset;
        at each offset the longest form wins, and a form taken hides the ones starting inside it."""
        runs: list[tuple[int, int, list[Form]]] = []
        taken_to = start
        for offset in sorted(at for at in forms_at if start <= at < end):
            fitting = [(e, form) for e, form in forms_at[offset] if e <= end]
            if offset < taken_to or not fitting or any(blocked[offset:fitting[-1][0]]):
                continue
            form_end, form = fitting[-1]
            if runs and runs[-1][1] == offset:
                runs[-1] = (runs[-1][0], form_end, runs[-1][2] + [form])
            else:
                runs.append((offset, form_end, [form]))
            taken_to = form_end
        return runs

    def _type(self, forms: list[Form]) -> str:
        """The head's type, or for a generic head (協定) the type of the form before it."""
        head = forms[-1]
        if head.generic:
            return next((f.type for f in reversed(forms[:-1]) if not f.generic), head.type)
        return head.type

    def _modifier_before(self, flat: str, start: int, named: list[bool]) -> str | None:
        """The modifier written right before `start`, with a joiner before it when another modifier
        precedes that (經濟及教育友好合作備忘錄), or None."""
        word = next((w for w in self.rules.modifiers if flat.endswith(w, 0, start)), None)
        if word is None or any(named[start - len(word):start]):
            return None
        joined = start - len(word)
        for joiner in self.rules.modifier_joiners:
            if flat.endswith(joiner, 0, joined) and self._modifier_before(flat, joined - len(joiner), named):
                return flat[joined - len(joiner):start]
        return word

    def _name_start(self, flat: str, start: int, named: list[bool]) -> int:
        """Where the agreement's name starts: over the modifiers written before the form, or back to a
        signing verb whose object it is (簽署[馬拉松友好備忘錄])."""
        while (word := self._modifier_before(flat, start, named)) is not None:
            start -= len(word)
        for gap in range(0, self.rules.modifier_reach + 1):
            left = start - gap
            if left < 0 or any(named[left:start]) or (gap and (not _is_cjk(flat[left]) or flat[left] in self.rules.name_stops)):
                break
            if any(flat.endswith(verb, 0, left) for verb in self.rules.signing_verbs):
                return left
        return start


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"
