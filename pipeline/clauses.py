"""Sentences, clauses and partners: the model of who an agreement is with, shared by the agreement
recogniser (a form is an AGREEMENT only when its clause names a partner) and the link stage (which
turns each AGREEMENT into events with that partner). Labelling guide, AGREEMENT 1; rules/agreements.yaml.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .document import Document, Span
from .normalise import fold, lower
from .resources import Gazetteer
from .resources.agreement_rules import PARTNER_LABELS, AgreementRules
from .resources.gazetteer import place_countries
from .spans import ending_at, overlapping, starting_in
from .textlayer import ITEM_START, TextLayer


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


def _starting_between(stretches: Sequence[tuple[int, int]], start: int, end: int) -> Sequence[tuple[int, int]]:
    """The (start, end) pairs of a sorted list that start in [start, end), by bisection."""
    return stretches[bisect_left(stretches, (start,)):bisect_left(stretches, (end,))]


def _names_of(gazetteer: Gazetteer, label: str) -> dict[str, str]:
    """Folded name or alias → name, of the gazetteer's places with that label (the first entry wins)."""
    names: dict[str, str] = {}
    for place in gazetteer.places:
        if place.label == label:
            for name in (place.name, *place.aliases):
                names.setdefault(fold(name), place.name)
    return names


def list_commas(text: str, spans: Iterable[Span]) -> frozenset[int]:
    """The ASCII commas of English lists of places (Boise, Idaho, Tulsa, Oklahoma and Reno): a comma
    with only spaces between it and a place on either side joins names, it ends no clause. A Chinese
    clause's comma (，) is never one."""
    places = sorted((s for s in spans if s.label in ("CITY", "COUNTRY")), key=lambda s: s.start)
    commas = set()
    for left, right in zip(places, places[1:]):
        between = text[left.end:right.start]
        if between.strip(" ") == "," or between.strip(" ") == ", and":
            commas.add(left.end + between.index(","))
            if text.startswith(",", right.end) and between.strip(" ") == ",":
                commas.add(right.end)  # with Gangneung, Korea, in 2019: the comma closing the region
    return frozenset(commas)


class Clauses:
    """Sentences and clauses of one document (labelling guide AGREEMENT 1), in text offsets."""

    def __init__(self, layer: TextLayer, rules: AgreementRules, list_commas: frozenset[int] = frozenset()):
        self.view = layer.view
        self.rules = rules
        self.hard_breaks = layer.hard_breaks
        marks = re.finditer("|".join(re.escape(c) for c in rules.sentence_ends if len(c) == 1) or "(?!)", self.view)
        full_stops = (m.start() for m in re.finditer(r"(?<=[a-z0-9)\]”’\"'])\.(?=\s)", self.view)
                      if not self._after_abbreviation(m.start()))
        self.sentence_ends = sorted(self.hard_breaks.union(mark.start() for mark in marks).union(full_stops))
        separators = re.finditer("|".join(re.escape(c) for c in rules.clause_separators if len(c) == 1) or "(?!)", self.view)
        # The clause separators' offsets, in order; a comma inside a list of names (list_commas below) is none.
        self.separators = [m.start() for m in separators if m.start() not in list_commas]

    def _after_abbreviation(self, stop: int) -> bool:
        """Mr. Tanaka, Sept. 17: the word before the full stop is an abbreviation, not a sentence's end."""
        word = re.search(r"[A-Za-z]+$", self.view[max(0, stop - 8):stop])
        return word is not None and word.group() in self.rules.full_stop_not_after

    def heading_body(self, start: int, end: int) -> tuple[int, int] | None:
        """For a stretch on a heading line ((4)致贈帛琉科羅州姊妹市書籍…), the text under it up to the
        next list item or heading; None when the line is no heading."""
        line_start = self.view.rfind("\n", 0, start) + 1
        line_end = self.view.find("\n", end)
        if line_end < 0 or not ITEM_START.match(self.view, line_start) or line_end not in self.hard_breaks:
            return None
        body_end = line_end + 1
        while body_end < len(self.view) and not ITEM_START.match(self.view, body_end):
            next_break = self.view.find("\n", body_end)
            body_end = len(self.view) if next_break < 0 else next_break + 1
        return line_end + 1, body_end

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """From after the last sentence end before `start` to the first one at or after `end`."""
        ends = self.sentence_ends
        before = bisect_left(ends, start)
        after = bisect_left(ends, max(end, start))
        return (ends[before - 1] + 1 if before else 0), (ends[after] if after < len(ends) else len(self.view))

    def parts(self, start: int, end: int) -> list[tuple[int, int]]:
        """The comma-separated parts of a sentence."""
        parts, left = [], start
        for offset in self.separators[bisect_left(self.separators, start):bisect_left(self.separators, end)]:
            parts.append((left, offset))
            left = offset + 1
        parts.append((left, end))
        return parts

    def _opens_new_subject(self, start: int, end: int) -> bool:
        text = self.view[start:end].lstrip(" \u00a0\n")
        return text.startswith(self.rules.new_subject_openers) and not self._refers_to_both(start, end)

    def _refers_to_both(self, start: int, end: int) -> bool:
        return lower(self.view[start:end].lstrip(" \u00a0\n")).startswith(self.rules.both_parties)

    def _lists_members(self, start: int, end: int) -> bool:
        return self.view[start:end].lstrip(" \u00a0\n").lower().startswith(self.rules.member_openers)

    def clause(self, start: int, end: int, others: Sequence[tuple[int, int]] = ()) -> "Clause":
        """The clause of an agreement at start..end: its comma-separated part, joined with up to
        clause_reach parts before it while it (and each of them in turn) shares their subject. A part
        holding another agreement (others, sorted) keeps its partner: the clause starts after that agreement."""
        parts = self.parts(*self.sentence(start, end))
        index = next(i for i, (a, b) in enumerate(parts) if a <= start <= b)
        first = index
        while first > max(0, index - self.rules.clause_reach) and not self._opens_new_subject(*parts[first]):
            first -= 1
        last = index
        while last + 1 < len(parts) and self._lists_members(*parts[last + 1]):
            last += 1
        # only the agreements starting inside the joined parts, found by bisection: a long document has thousands
        joined = _starting_between(others, parts[first][0], parts[index][0])
        clause_start = max([parts[first][0]] + [e for _, e in joined if e <= parts[index][0]])
        part_starts = tuple(a for a, _ in parts[first:index + 1] if a >= clause_start)
        clause_end = max(parts[last][1], end)
        both = any(self._refers_to_both(*part) for part in parts[first:index + 1])
        if both and first > 0 and clause_start == parts[first][0] \
                and not _starting_between(others, parts[0][0], parts[first][0]):
            first = 0  # 雙方 stands for the parties the sentence named before it (no other tie told there)
            part_starts = tuple(a for a, _ in parts[:index + 1])
            clause_start = parts[0][0]
        if first == 0 and clause_start == parts[0][0] > 0 and self._refers_to_both(*parts[0]):
            # 雙方並簽署… opening a sentence: the parties are the places the sentence before it named
            before = self.sentence(parts[0][0] - 1, parts[0][0] - 1)[0]
            return Clause(before, parts[index][0], clause_end, (before, *part_starts), named_before=True)
        return Clause(clause_start, parts[index][0], clause_end, part_starts or (clause_start,), named_before=both)


@dataclass(frozen=True)
class Clause:
    start: int
    part_start: int  # where the comma-separated part holding the agreement starts
    end: int
    part_starts: tuple[int, ...]  # where each joined part starts
    # the part opens with an anaphor for both parties (雙方, 兩市): any place named before it in the clause is one
    named_before: bool = False

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
        self.cities = _names_of(gazetteer, "CITY")  # folded name or alias of a city → its name
        self.longest_city = max(map(len, self.cities), default=0)
        self.country_names = _names_of(gazetteer, "COUNTRY")
        self.longest_country = max(map(len, self.country_names), default=0)
        self.kinds = {fold(place.name): place.kind for place in gazetteer.places}

    @staticmethod
    def _name(span: Span) -> str:
        return fold(str(span.norm.get("name") or span.text))

    def place_in_name(self, span: Span) -> str | None:
        """The city or county an organisation's name starts with (和歌山市議會 → 和歌山市, 陸奧市川內中學 →
        陸奧市): a council's or a school's place, which an event names as the partner; of places written one
        inside the other, the last (全羅南道潭陽郡議會 → 潭陽郡)."""
        name = fold(span.text)
        country = self.country_in_name(span)
        if country is not None:  # 荷蘭鹿特丹港務局: the city after the country
            name = name[len(fold(country[1])):]
        place = None
        while (length := next((n for n in range(min(len(name) - 1, self.longest_city), 1, -1) if name[:n] in self.cities), 0)):
            place, name = self.cities[name[:length]], name[length:]
        return place

    def country_in_name(self, span: Span) -> tuple[str, str] | None:
        """(the country, as written folded) an organisation's name starts with: 荷蘭鹿特丹港務局 → 荷蘭."""
        name = fold(span.text)
        for length in range(min(len(name) - 1, self.longest_country), 1, -1):
            if name[:length] in self.country_names:
                return self.country_names[name[:length]], name[:length]
        return None

    def domestic_name(self, span: Span) -> str | None:
        """The folded name of a place of the home country a span names (a city, or an organisation
        named after one: 基隆市議會), or None."""
        if span.label == "CITY":
            name = self._name(span)
        elif span.label == "ORG":
            place = self.place_in_name(span)
            name = place and fold(place)
        else:
            return None
        return name if name and self.countries.get(name) == self.home_country else None

    def reporter(self, view: str, spans: list[Span]) -> str | None:
        """The reporting government, when the text says it: the first domestic place (or a body named
        after one) written as the subject of a tie, right before a co-party marker (宜蘭縣與臺東縣…,
        宜蘭縣議會與花蓮縣議會…). Another domestic place is then a partner it may name; with no such
        subject every domestic place counts as the reporter's own."""
        for span in spans:
            at = span.end
            while at < len(view) and view[at] in " \u00a0\u3000":
                at += 1
            if view.startswith(self.rules.co_party_markers, at):
                name = self.domestic_name(span)
                if name:
                    return name
        return None

    def is_home(self, span: Span, reporter: str | None = None) -> bool:
        """A place of the reporting government's own: the home country, and any of its places unless the
        text names the reporter (then only the reporter's place: 台北 or 臺北市)."""
        name = self._name(span)
        if self.countries.get(name) != self.home_country:
            return False
        return span.label == "COUNTRY" or reporter is None or name in reporter or reporter in name

    def is_domestic(self, span: Span) -> bool:
        return span.label in ("CITY", "COUNTRY") and self.countries.get(self._name(span)) == self.home_country

    def namesake_city(self, span: Span) -> str | None:
        """For a country that shares its name with a city (貝里斯 / 貝里斯市), the city's name."""
        return self.namesake_cities.get(self._name(span)) if span.label == "COUNTRY" else None

    def _allowed(self, span: Span, type_: str) -> bool:
        """A label the type allows; a city tie also takes a country named like its city (貝里斯姊妹市) and a
        place's government (聖塔克拉拉郡政府)."""
        allowed = self.rules.partners[type_]
        return span.label in allowed or ("CITY" in allowed and self.namesake_city(span) is not None) \
            or ("CITY" in allowed and self.is_government(span))

    def is_government(self, span: Span) -> bool:
        return span.label == "ORG" and lower(fold(span.text)).endswith(self.rules.government_heads) \
            and self.place_in_name(span) is not None

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
        return any(start <= first and view[start:first].strip() in ("", *self.rules.subject_leads)
                   for start in clause.part_starts) \
            or view.endswith(self.rules.co_party_markers, 0, space_before(view, first))

    def candidates(self, doc: Document, spans: list[Span], clause: Clause, type_: str,
                   reporter: str | None = None) -> list[Span]:
        view = doc.view
        inside = [s for s in starting_in(spans, clause.start, clause.end) if s.end <= clause.end]
        # a domestic place is a partner only of a tie with the reporter itself (宜蘭縣與臺東縣), not of a
        # third party's (…與臺南市締結交流協定)
        own = [s for s in inside if self._reporters_own(s, reporter) or self._after_home_deictic(view, s)]
        with_reporter = reporter is not None and bool(own)
        return [s for s in inside if self._allowed(s, type_) and s not in own
                and (with_reporter or not self._domestic(s))
                and not self._qualifier(view, s, spans)
                and (s.start >= clause.part_start or clause.named_before or self._party_to_subject(view, s, spans, clause))]

    def _domestic(self, span: Span) -> bool:
        return self.is_domestic(span) or (span.label == "ORG" and self.domestic_name(span) is not None)

    def _qualifier(self, view: str, span: Span, spans: list[Span]) -> bool:
        """A region written after a place's name and a comma or 'of' qualifies it (Austin, Texas; Okazaki City
        of Aichi Prefecture): it is no partner of its own. After a comma ending a clause (…訪問後，鹿兒島縣知事)
        it is a name of its own."""
        if span.label != "CITY" or self.kinds.get(self._name(span)) not in self.rules.region_kinds:
            return False
        before = view[max(0, span.start - 8):span.start].lower()
        return any(before.endswith(word) and any(s.label == "CITY" for s in ending_at(spans, span.start - len(word)))
                   for word in self.rules.region_after)

    def _after_home_deictic(self, view: str, span: Span) -> bool:
        """本縣秀林鄉: a domestic place written right after 本縣 is the reporter's own."""
        return span.label != "COUNTRY" and view.endswith(self.rules.home_deictics, 0, span.start)

    def _reporters_own(self, span: Span, reporter: str | None) -> bool:
        if span.label == "ORG":
            name = reporter and self.domestic_name(span)
            return bool(name) and (name in reporter or reporter in name)
        return span.label in ("CITY", "COUNTRY") and self.is_home(span, reporter)

    def choose(self, doc: Document, spans: list[Span], clause: Clause, type_: str, agreement: Span,
               reporter: str | None = None) -> list[Span]:
        """The partners of an agreement, places before organisations: the one written right after it
        (友好城市大田、大邱; MOU 城市高陽), else right before it (韓國水原友好城市), else the nearest before
        it, else the nearest after it; with the candidates listed together with that one
        (與熊本縣、熊本市締結友好城市 → both)."""
        view = doc.view
        found = self.candidates(doc, spans, clause, type_, reporter)
        foreign = [s for s in found if not self.is_domestic(s) and not (s.label == "ORG" and self.domestic_name(s))]
        if foreign and any(s.label != "ORG" for s in foreign):
            found = foreign  # 山口縣知事訪台，與台南市長締結: a domestic place is the partner only with no foreign one
        own_places = [s for s in found if s.label != "ORG" and s.start >= clause.part_start]
        party = next((s for s in found if s.label == "ORG" and s.start >= clause.part_start and s.end <= agreement.start
                      and self.place_in_name(s) and view.endswith(self.rules.co_party_markers, 0, space_before(view, s.start))), None)
        if party is not None and not own_places:
            return [party]  # 拜會胡志明市…，並與北寧省工業區管理委員會簽署: the body joined in the form's own part
        for group in ([s for s in found if s.label != "ORG"], found):
            if not group:
                continue
            after = [s for s in group if s.start >= agreement.end]
            before = [s for s in group if s.end <= agreement.start]
            chosen = next((s for s in after[:1] if self._open(view, agreement.end, s.start, spans, lead=True)), None) \
                or next((s for s in before[-1:] if self._open(view, s.end, agreement.start, spans)), None) \
                or (before[-1] if before else group[0])
            chosen = self._qualified(view, chosen, group, spans)
            named = self._named_body(view, chosen, found)
            if named is not None:
                return [named]
            return self._listed_with(view, chosen, group, spans)
        return []

    def _qualified(self, view: str, chosen: Span, group: list[Span], spans: list[Span]) -> Span:
        """A country written right before a city qualifies it (波蘭 波茲南市), and so does a region
        written right before a place inside it (加州聖塔克拉拉郡, 長野縣小布施町): the last place is the partner."""
        if chosen.label == "COUNTRY":
            chosen = next((s for s in group if s.label == "CITY" and s.start >= chosen.end
                           and self._open(view, chosen.end, s.start, spans)), chosen)
        while chosen.label == "CITY":
            inner = next((s for s in group if s.label == "CITY" and s.start >= chosen.end
                          and not view[chosen.end:s.start].strip(" \u00a0\u3000")), None)
            if inner is None:
                return chosen
            chosen = inner
        return chosen

    def _named_body(self, view: str, place: Span, found: list[Span]) -> Span | None:
        """A body named after a place, written right after it, is the party (日本青森縣陸奧市川內中學締結
        姊妹校: the school, whose place is the partner), when the type takes organisations."""
        if place.label == "ORG":
            return None
        return next((s for s in found if s.label == "ORG" and s.start >= place.end
                     and not view[place.end:s.start].strip(" \u00a0\u3000") and self.place_in_name(s)), None)

    def _between(self, view: str, start: int, end: int, spans: list[Span]) -> str:
        """The text between two offsets outside any name, stripped of spaces and list marks."""
        covered = {i for s in overlapping(spans, start, end) if s.label in PARTNER_LABELS for i in range(s.start, s.end)}
        text = "".join(view[i] for i in range(start, end) if i not in covered).strip(" \u00a0\n")
        if text.startswith(self.rules.possessives):  # Vietnam's Ben Tre Province: the country qualifies the place
            text = text[next(len(p) for p in self.rules.possessives if text.startswith(p)):]
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
        """波茲南市、韓國 高陽市; Boise, Idaho, Tulsa, Oklahoma and Reno: a list joiner, other names
        and spaces between two partners, the regions that qualify the first one read as part of it."""
        end = left.end
        while True:
            region = next((s for s in starting_in(spans, end, min(len(view), end + 8))
                           if s.start < right.start and self._qualifier(view, s, spans)
                           and view[end:s.start].strip(" ,").lower() in ("", "of")), None)
            if region is None:
                break
            end = region.end
        return self._between(view, end, right.start, spans) in self.rules.list_joiners
