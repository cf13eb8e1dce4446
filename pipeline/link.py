"""Link stage: agreement events from AGREEMENT spans and from the rows of agreement tables
(LABELLING.md, Agreement events).

An event says who the partner is (a city, county, council's place or school's place and its country,
or a country; never the reporting government), when, who signed and what happened (signed,
anniversary, planned, other), with the evidence and the rule that formed it. Prose events come from
AGREEMENT spans and their clause (the partners the clause model accepts, the date of the agreement's own
part, the officials, the action the clause's words decide: rules/agreements.yaml, actions), from a later
part celebrating the tie's years, and from ties told without a form (本市與釜山市締盟滿55周年) of a type
the text gives that partner elsewhere; table events from rows, read through the column headers. One event
per (type, partner, action): the same tie told in prose and in a table, or told again without a date, is
one event with every piece of evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Cell, Document, Event, Evidence, Span, Table, table_title
from .clauses import Clauses, PartnerFinder, list_commas, space_before
from .normalise import fold, lower
from .recognise.agreement_forms import AgreementForms
from .resources import Gazetteer
from .resources.agreement_rules import AgreementRules, Category
from .spans import covered, ending_at, overlapping, starting_in


@dataclass
class _Draft:
    """An event while its evidence is gathered."""

    type: str
    partner: dict[str, Any]
    action: str
    date: dict[str, Any] | None = None
    signatories: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    rule: str = ""
    # Where the draft's own part gives no date: the years an anniversary counts (簽約3週年 → 3) and the date of
    # the sentence around it, until every mention and the tie's founding date are known (LinkStage._settle_dates).
    years: int | None = None
    near_date: dict[str, Any] | None = None

    @property
    def key(self) -> tuple:
        return self.type, self.partner["city"], self.partner["country"], self.action

    def absorb(self, other: "_Draft") -> None:
        self.date = self.date or other.date
        self.years = self.years or other.years
        self.near_date = self.near_date or other.near_date
        self.partner["spans"] += [s for s in other.partner["spans"] if s not in self.partner["spans"]]
        known = {person["name"] for person in self.signatories}
        self.signatories += [p for p in other.signatories if p["name"] not in known]
        self.evidence += [e for e in other.evidence if e not in self.evidence]

    def event(self, text: str) -> Event:
        """The event, its partner with the names the text writes for it where they are not its name (Baton Rouge
        for 巴吞鲁日, 楓郡 for 楓林郡): what a reader or a scorer matches it by."""
        named = {fold(str(self.partner.get(key) or "")) for key in ("city", "country")}
        written = [text[a:b] for a, b in self.partner["spans"]]
        aliases = list(dict.fromkeys(w for w in written if fold(w) not in named))
        partner = {**self.partner, "aliases": aliases} if aliases else self.partner
        return Event(self.type, partner, self.date, self.signatories, self.action, self.evidence, self.rule)


def _rule(source: str, action: str, cue: str) -> str:
    """The rule that formed an event: where it was read (prose, table) and what decided its action."""
    return f"rule:event/{source}/{action}" + (f"/{cue}" if cue else "")


def _date_of(span: Span) -> dict[str, Any]:
    return {"start": span.norm["start"], "end": span.norm.get("end")}


def _years_after(date: dict[str, Any], years: int) -> dict[str, Any]:
    """The founding's day (or month, or year) that many years later; 29 February falls on the 28th."""
    year, *rest = date["start"].split("-")
    if rest[-2:] == ["02", "29"]:
        rest[-1] = "28"
    start = "-".join([f"{int(year) + years:04d}", *rest])
    return {"start": start, "end": start}


class LinkStage:
    name = "link"

    def __init__(self, rules: AgreementRules, gazetteer: Gazetteer):
        self.rules = rules
        self.forms = AgreementForms(rules)
        self.partners = PartnerFinder(self.rules, gazetteer)
        self.country_name = {place.country: place.name for place in gazetteer.places if place.label == "COUNTRY"}
        self.determiner_reach = 1 + max(map(len, rules.definite_determiners), default=0)  # and a letter before it

    def __call__(self, doc: Document) -> Document:
        prose = self._prose_events(doc)
        told: dict[tuple, _Draft] = {}
        for draft in prose:
            self._add(told, draft)
        rows = self._table_events(doc, list(told.values()))
        drafts: dict[tuple, _Draft] = {}
        for draft in self._outside_rows(prose, rows, len(doc.text)) + rows:
            self._add(drafts, draft)
        self._settle_dates(list(drafts.values()))
        doc.events = [draft.event(doc.text) for draft in self._loose_ties_told(self._one_per_tie(list(drafts.values())))]
        return doc

    @staticmethod
    def _settle_dates(drafts: list[_Draft]) -> None:
        """A draft its own part gives no date: an anniversary falls the years it counts after the tie's founding
        date, where the text gives both (2016年3月15日簽訂姊妹市 … 適逢簽約3週年 → 2019-03-15); else the date
        of the sentence around it (a visit's days)."""
        for draft in drafts:
            if draft.date is not None:
                continue
            founding = draft.years and next((d.date for d in drafts if d.action in ("signed", "other") and d.date
                                             and (d.type, d.partner["city"], d.partner["country"]) ==
                                             (draft.type, draft.partner["city"], draft.partner["country"])), None)
            draft.date = _years_after(founding, draft.years) if founding else draft.near_date

    @staticmethod
    def _one_per_tie(drafts: list[_Draft]) -> list[_Draft]:
        """A mention without a date of a tie the text also reports with a date (a headline, 該姊妹市 in a
        later clause) is that event, whatever its own action words; undated mentions of one tie with
        different actions are one event (the first). Dated mentions with different actions stay apart
        (signed in 2006, its 20th anniversary in 2026). An anniversary is never taken into a signing
        (…the fifth anniversary of the agreement, which was signed in 2019: two events), and takes over an
        undated mention of the existing tie (one of our sister cities …, about to celebrate 30 years)."""
        kept: list[_Draft] = []
        for draft in sorted(drafts, key=lambda d: d.date is None):  # dated first, each in text order
            same = next((k for k in kept if (k.type, k.partner["city"], k.partner["country"]) ==
                         (draft.type, draft.partner["city"], draft.partner["country"])), None)
            if draft.date is not None or same is None:
                kept.append(draft)
            elif draft.action != "anniversary" or same.action == "anniversary":
                same.absorb(draft)
            elif same.action == "other" and same.date is None:
                draft.absorb(same)
                kept[kept.index(same)] = draft
            else:
                kept.append(draft)
        order = {id(d): i for i, d in enumerate(drafts)}
        return sorted(kept, key=lambda d: order[id(d)])

    def _loose_ties_told(self, drafts: list[_Draft]) -> list[_Draft]:
        """An undated existing tie of a loosely used type (為友好城市) with a partner the text gives another tie
        type (締結為姊妹市) is that tie: its evidence joins the first such event (rules/agreements.yaml,
        loose_tie_types)."""
        kept = []
        for draft in drafts:
            named = draft.type in self.rules.loose_tie_types and draft.action == "other" and draft.date is None and next(
                (d for d in drafts if d.type != draft.type and d.type in self.rules.tie_types
                 and (d.partner["city"], d.partner["country"]) == (draft.partner["city"], draft.partner["country"])), None)
            if named:
                named.absorb(draft)
            else:
                kept.append(draft)
        return kept

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
            if country is not None and country.label == "CITY":  # a region's country
                code = code or self.partners.countries.get(fold(str(country.norm.get("name") or country.text)))
                country = None
            name = country.norm.get("name") if country else self.country_name.get(code)
            used = [country, partner] if country else [partner]
            return {"city": partner.norm.get("name"), "country": name, "spans": [[s.start, s.end] for s in used]}
        if partner.label == "ORG":
            place = self.partners.place_in_name(partner) or self._place_written_in(doc, partner)
            if place:  # a council's or a school's place: 和歌山市議會 → 和歌山市
                code = self.partners.countries.get(fold(place))
                return {"city": place, "country": self.country_name.get(code), "spans": [[partner.start, partner.end]]}
            country = self.partners.country_in_name(partner)
            if country is not None and country[0] != self.country_name.get(self.partners.home_country):
                return {"city": None, "country": country[0], "spans": [[partner.start, partner.end]]}
            partner = next((s for s in starting_in(spans, *sentence) if s.label == "COUNTRY"
                            and not self.partners.is_home(s)), None)
            if partner is None:
                return None
        return {"city": None, "country": partner.norm.get("name"), "spans": [[partner.start, partner.end]]}

    def _reporters_own(self, partner: dict[str, Any], reporter: str | None) -> bool:
        """Hsinchu Municipal Jianhua Junior High School, a school of the reporting city: a domestic place that is
        the reporter (or, where the text names no reporter, any domestic place) is no partner."""
        city = partner["city"]
        if not city or partner["country"] != self.country_name.get(self.partners.home_country):
            return False
        return reporter is None or city in reporter or reporter in city

    @staticmethod
    def _place_written_in(doc: Document, org: Span) -> str | None:
        """Gimhae City Council, where the text names Gimhae as a place elsewhere: the place an English
        organisation's name starts with (its words are no span of their own inside the name)."""
        places = {s.text: s.norm.get("name") for s in doc.spans if s.label == "CITY" and s.text.isascii()}
        found = [text for text in places if org.text.startswith(f"{text} ")]
        return places[max(found, key=len)] if found else None

    def _country_before(self, doc: Document, city: Span) -> Span | None:
        """帛琉科羅州, 日本 京都市, 日本長野縣小布施町: the COUNTRY written right before a city, or before
        the regions written right before it; else the country of such a region (加州聖塔克拉拉郡)."""
        region = None
        while True:
            at = space_before(doc.text, city.start)
            at -= next((len(p) for p in self.rules.possessives if doc.view.endswith(p, 0, at)), 0)  # Vietnam's
            touching = next((s for s in ending_at(doc.spans, at) if s.label in ("COUNTRY", "CITY")), None)
            if touching is None or touching.label == "COUNTRY":
                return touching or region
            city = region = touching

    def _action(self, written: str, view: str, start: int, end: int) -> tuple[str, str]:
        """The action the first matching rule of rules/agreements.yaml (actions) gives a stretch of the
        folded view, with the words that decided it as written (same offsets; "" when none did: other)."""
        text = lower(view[start:end])
        for rule in self.rules.actions:
            found = rule.find(text)
            if found is not None:
                return rule.action, written[start + found[0]:start + found[1]]
        return "other", ""

    # Prose.

    def _prose_events(self, doc: Document) -> list[_Draft]:
        view = doc.view
        clauses = Clauses(doc.layer, self.rules, list_commas(doc.text, doc.spans))
        agreements = sorted([s for s in doc.spans if s.label == "AGREEMENT"] + self._counted_ties(doc), key=lambda s: s.start)
        others = [(s.start, s.end) for s in agreements]
        reporter = self.partners.reporter(view, doc.spans)
        drafts = []
        told: dict[str, tuple[tuple[int, int], list[dict[str, Any]]]] = {}  # type -> the last form's sentence, partners
        for span in agreements:
            clause = clauses.clause(span.start, span.end, others)
            sentence = clauses.sentence(span.start, span.end)
            # the agreement's own clause decides; the rest of the sentence only when it says nothing
            # (…締結姊妹市，兩國邦誼已長…，未來… is a signing)
            # (a clause reaching into the sentence before, 雙方並簽署…, takes its action and date from its own)
            own_part = (max(clause.part_start, sentence[0]), clause.end)
            action, cue = self._action(doc.text, view, *own_part)  # … Mark 10 Years, Sign Letter of Intent
            if not cue:
                action, cue = self._action(doc.text, view, max(clause.start, sentence[0]), clause.end)
            later = self._later_part(doc, clauses, sentence, clause, "signed" if action == "anniversary" else "anniversary")
            if not cue and not later:  # (a later part's anniversary is its own event: …in 2003, and this year marks…)
                action, cue = self._action(doc.text, view, *sentence)
            date = self._event_date(doc, action, span, clause, sentence, clauses)
            years = near = None
            if action == "anniversary" and date is None:
                years = self._years_celebrated(view, (max(clause.start, sentence[0]), clause.end), sentence)
                near = self._surrounding_date(doc, action, span, clause, sentence, clauses)
            signatories = self._signatories(doc, clause.start, clause.end) if action == "signed" else []
            chosen = self.partners.choose(doc, doc.spans, clause, span.norm["type"], span, reporter)
            if self._counted(doc, span):  # 邀請8個友好城市首長: a set; only partners listed after it are in it
                chosen = [p for p in chosen if p.start >= span.end]
            partners = [p for p in self._most_specific([self._partner(doc, p, sentence, span.norm["type"]) for p in chosen])
                        if not self._reporters_own(p, reporter)]
            earlier = told.get(span.norm["type"])
            if earlier and self._refers_back(doc, span, chosen, earlier[0]):
                partners = [dict(p, spans=list(p["spans"])) for p in earlier[1]]
            elif partners:
                told[span.norm["type"]] = (sentence, partners)
            for partner in partners:
                drafts.append(_Draft(span.norm["type"], partner, action, date, list(signatories),
                                     [Evidence(span.start, span.end, span.page)], _rule("prose", action, cue), years, near))
                if later and later[3] != action:
                    part, cue_after, part_date, action_after = later
                    drafts.append(_Draft(span.norm["type"], dict(partner, spans=list(partner["spans"])),
                                         action_after, part_date, [], [Evidence(part[0], part[1], doc.page_at(part[0]))],
                                         _rule("prose-after", action_after, cue_after)))
        return drafts + self._ties_without_form(doc, clauses, drafts, reporter, others)

    def _refers_back(self, doc: Document, form: Span, chosen: list[Span], told: tuple[int, int]) -> bool:
        """the MOU, 該備忘錄: a definite form with no partner written after it, whose places before it were named
        in the sentence that told a form of its type: that form again (rules/agreements.yaml, definite_determiners)."""
        if not chosen or any(p.start >= form.end for p in chosen) or not self._after_determiner(doc.view, form.start):
            return False
        names = {fold(str(s.norm.get("name") or s.text)) for s in starting_in(doc.spans, *told)}
        return all(fold(str(p.norm.get("name") or p.text)) in names for p in chosen)

    def _after_determiner(self, view: str, start: int) -> bool:
        at = space_before(view, start)
        before = lower(view[max(0, at - self.determiner_reach):at])
        word = next((w for w in self.rules.definite_determiners if before.endswith(w)), None)
        return word is not None and not (word.isascii() and before[:-len(word)][-1:].isalpha())  # not "bathe"

    def _event_date(self, doc: Document, action: str, span: Span, clause, sentence: tuple[int, int],
                    clauses: Clauses) -> dict[str, Any] | None:
        """The date of an agreement's event: the first in its own part; for an existing tie only its founding
        (自1975年締結), for a planned one only its own part's (a later 'since 2003' is history); else the
        nearest in the sentence, for a signing the day of a visit told in the sentence just before (8月20日，
        台夫特市副市長拜會本府。雙方簽署…), else the date of the heading or body the text is under."""
        own_part = (max(clause.part_start, sentence[0]), clause.end)
        if action == "other":
            founding = any(v in doc.view[own_part[0]:own_part[1]] for v in self.rules.tie_verbs + self.rules.signing_verbs)
            return self._part_date(doc, *own_part) if founding else None
        if action == "planned":  # or a later part planning it (研議締結友好城市，盼於明年3月…完成簽署)
            later = self._later_part(doc, clauses, sentence, clause, "planned")
            return self._part_date(doc, *own_part) or (later[2] if later else None)
        if action == "anniversary":  # its other dates: LinkStage._settle_dates
            return self._part_date(doc, *own_part)
        return self._part_date(doc, *own_part) or self._surrounding_date(doc, action, span, clause, sentence, clauses)

    def _surrounding_date(self, doc: Document, action: str, span: Span, clause, sentence: tuple[int, int],
                          clauses: Clauses) -> dict[str, Any] | None:
        return self._nearest_date(doc, sentence, span, clauses, clause) \
            or (action == "signed" and self._part_date(doc, clause.start, sentence[0])) or self._body_date(doc, clauses, span)

    def _years_celebrated(self, view: str, *stretches: tuple[int, int]) -> int | None:
        """The years an anniversary counts, written in its own part or else its sentence (締盟 40 週年, the
        10th anniversary): rules/agreements.yaml, anniversary_years."""
        for start, end in stretches:
            found = self.rules.anniversary_years.search(lower(view[start:end]))
            if found:
                return int(next(g for g in found.groups() if g))
        return None

    def _counted_ties(self, doc: Document) -> list[Span]:
        """3 sister cities …, among them Boise, Idaho, Tulsa …: a count whose unit is a form names a
        set of ties (an AGREEMENT inside a COUNT is no span of its own); its unit stands for the form here."""
        ties = []
        for span in doc.spans:
            if span.label != "COUNT":
                continue  # before the unit is folded: most spans are no count
            form = self.rules.forms.get(lower(fold(str(span.norm.get("unit") or ""))))
            if form is not None:
                unit_start = span.end - len(span.norm["unit"])
                ties.append(Span(unit_start, span.end, "AGREEMENT", doc.text[unit_start:span.end], span.rule,
                                 {"type": form.type}, span.page))
        return ties

    @staticmethod
    def _counted(doc: Document, span: Span) -> bool:
        """A form with a count written right before it (8個友好城市) or counting it (3 sister cities) names a
        set of ties, not one."""
        at = space_before(doc.view, span.start)
        return any(s.label == "COUNT" and (s.end == at or s.start < span.start < s.end)
                   for s in overlapping(doc.spans, at - 1, span.end))

    @staticmethod
    def _most_specific(partners: list[dict[str, Any] | None]) -> list[dict[str, Any]]:
        """The partners of one agreement, without a country-only one (an unplaced organisation read as its
        sentence's country) when another names a city of that country (成功大學與清邁大學簽署 → 清邁府)."""
        found = [p for p in partners if p]
        placed = {p["country"] for p in found if p["city"]}
        return [p for p in found if p["city"] or p["country"] not in placed]

    def _later_part(self, doc: Document, clauses: Clauses, sentence: tuple[int, int], clause, wanted: str) -> tuple | None:
        """A later part of the sentence that names no place and tells the same tie's other moment, with the
        part's own date: its anniversary (本市與八王子市於2006年締結友好城市，2026年迎來締盟20週年) after a
        signing, its founding (…the 10th anniversary of the friendship city relationship, which was
        established in April 2014) after an anniversary (a founding needs its date); for a plan, the part
        that dates it, wherever it is to happen (研議締結友好城市，盼於明年3月安東市長訪臺時完成簽署)."""
        for start, end in clauses.parts(*sentence):
            if start < clause.end:
                continue
            inside = list(starting_in(doc.spans, start, end))
            named = ("AGREEMENT",) if wanted == "planned" else ("CITY", "COUNTRY", "ORG", "AGREEMENT")
            if any(s.label in named for s in inside):
                return None  # another party, another tie: not this one's (a plan's part may name its venue, its guest)
            action, cue = self._action(doc.text, doc.view, start, end)
            if action == wanted:
                dates = [s for s in inside if s.label == "DATE" and s.norm.get("start")]
                if wanted == "signed" and not dates:
                    return None
                return (start, end), cue, (_date_of(dates[0]) if dates else None), action
        return None

    def _ties_without_form(self, doc: Document, clauses: Clauses, told: list[_Draft], reporter: str | None,
                           agreements: list[tuple[int, int]]) -> list[_Draft]:
        """本市與釜山市締盟滿 55 周年: a partner joined to the subject (與) and followed by a tie verb, in a
        clause with no agreement form, is an event of the type the text gives that partner elsewhere."""
        view = doc.view
        types: dict[tuple, str] = {}
        for draft in told:
            if draft.type in self.rules.tie_types:
                types.setdefault((draft.partner["city"], draft.partner["country"]), draft.type)
        drafts = []
        for span in doc.spans:
            if span.label != "CITY" or self.partners.is_home(span, reporter):
                continue
            at = span.end
            while at < len(view) and view[at] in " \u00a0\u3000":
                at += 1
            if not view.startswith(self.rules.tie_verbs, at) or \
                    not view.endswith(self.rules.co_party_markers, 0, space_before(view, span.start)):
                continue
            clause = clauses.clause(span.start, at)
            if any(clause.start <= s < clause.end for s, _ in agreements):
                continue  # the form's own event
            sentence = clauses.sentence(span.start, span.end)
            partner = self._partner(doc, span, sentence, "other")
            type_ = partner and types.get((partner["city"], partner["country"]))
            if not type_:
                continue
            action, cue = self._action(doc.text, view, clause.start, clause.end)
            own_part = (max(clause.part_start, sentence[0]), clause.end)
            years = self._years_celebrated(view, own_part, sentence) if action == "anniversary" else None
            drafts.append(_Draft(type_, partner, action, self._part_date(doc, *own_part), [], [Evidence(span.start, at, span.page)],
                                 _rule("tie", action, cue), years, self._nearest_date(doc, sentence, span)))
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
    def _part_date(doc: Document, start: int, end: int) -> dict[str, Any] | None:
        """The first date written in the agreement's own comma-separated part (臺中和臺南分別在2021年和2022年
        與塞班簽署姊妹市協定，2023年… → 2021): a date in another part belongs to that part."""
        dates = [s for s in starting_in(doc.spans, start, end) if s.label == "DATE" and s.norm.get("start")]
        return _date_of(dates[0]) if dates else None

    def _nearest_date(self, doc: Document, sentence: tuple[int, int], span: Span, clauses: Clauses | None = None,
                      clause=None) -> dict[str, Any] | None:
        """The date nearest the agreement in its sentence, but not one in another part that tells a tie
        of its own (兩市自1968年締結姊妹市以來…，並由本府…簽署合作備忘錄: 1968 is the other tie's)."""
        dates = [s for s in starting_in(doc.spans, *sentence) if s.label == "DATE" and s.norm.get("start")]
        if clauses is not None and clause is not None:
            verbs = self.rules.tie_verbs + self.rules.signing_verbs
            parts = [(a, b) for a, b in clauses.parts(*sentence) if not (clause.start <= a < clause.end)]
            actions = [self._action(doc.text, doc.view, a, b)[0] for a, b in parts]
            own = [(a, b) for (a, b), action in zip(parts, actions)  # 113.5.20適逢締盟10週年 is today's, no founding
                   if action != "anniversary" and (action == "signed" or any(v in doc.view[a:b] for v in verbs))]
            dates = [d for d in dates if not any(a <= d.start < b for a, b in own)]
        if not dates:
            return None
        return _date_of(min(dates, key=lambda d: max(span.start - d.end, d.start - span.end, 0)))

    @staticmethod
    def _signatories(doc: Document, start: int, end: int) -> list[dict[str, Any]]:
        """The officials named in the signing clause (陳其邁市長與京都市門川大作市長…簽署)."""
        return [{"name": s.norm.get("name"), "title": s.norm.get("title"), "start": s.start, "end": s.end}
                for s in starting_in(doc.spans, start, end) if s.label == "OFFICIAL"]

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
            action, cue = self._action(table_title(doc.text, table), title, 0, len(title))
            for row in table.rows:
                draft = self._row_event(doc, row, partner_column, type_column, title_type, category, action, prose)
                if draft:
                    draft.rule = _rule("table", action, cue)
                    drafts.append(draft)
        return drafts

    @staticmethod
    def _outside_rows(prose: list[_Draft], rows: list[_Draft], length: int) -> list[_Draft]:
        """A form in a table row the table's reading made an event of is that event, not a prose one."""
        in_rows = covered(((e.start, e.end) for row in rows for e in row.evidence), length)
        return [d for d in prose if not any(in_rows[e.start] for e in d.evidence)]

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
        places = [s for s in starting_in(doc.spans, partner_cell.start, partner_cell.end)
                  if s.label in ("CITY", "COUNTRY") and s.end <= partner_cell.end and not self.partners.is_home(s)]
        partner_span = next((s for s in places if s.label == "CITY"), places[0] if places else None)
        if partner_span is None:
            return None
        for place in places:  # 日本福岡縣柳川市: a region written right before a place qualifies it
            if place.label == "CITY" and place.start >= partner_span.end \
                    and not doc.view[partner_span.end:place.start].strip(" \u00a0\u3000"):
                partner_span = place
        type_cell = next((c for c in cells if c.column == type_column), None) if type_column else None
        written = (type_cell and self.forms.written_type(fold(type_cell.text))) or title_type
        partner = self._partner(doc, partner_span, (start, end), written or "other")
        type_ = partner and (written or self._known_type(partner, category, prose))
        if not type_:
            return None
        dates = [s for s in starting_in(doc.spans, start, end) if s.label == "DATE" and s.norm.get("start")]
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
