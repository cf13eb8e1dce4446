"""CITY, COUNTRY, ORG and OFFICIAL candidates (LABELLING.md).

All matching runs on ``doc.view`` (folded, same length as the text), with segmenter tokens as
evidence of word edges. Order matters and follows the grammar: titles first (so 松山市長野志克仁
reads as 松山 + 市長野志克仁, not 長野), then places, then organisations (which may contain places),
then officials (whose names stop at a place or organisation before them).
"""
from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, replace

from ..dictionary import jieba_words
from ..document import Document, Span
from ..normalise import fold, fold_char
from ..resources import Gazetteer
from ..resources.entity_rules import OrgSuffix
from ..resources.gazetteer import Org, Place, place_countries
from ..spans import covered, make_span
from ..textlayer import is_cjk
from .lexicon import Lexicon, Matches

# A word jieba knows this well is an everyday word, not a transliterated name (史都華: 3, 官員: 8591).
COMMON_WORD_FREQ = 300
# A title whose last character starts a word this common is no title (兩市長年 = 兩市 + 長年; 長野: 54).
TITLE_SPLIT_FREQ = 100
# An all-capital short name right after an ORG, bare or in brackets: 科技園區 PPNT, 大學 (FHD).
_ACRONYM_AFTER = re.compile(r"[ \u00a0]?\(?([A-Z][A-Z0-9&]{1,7})\)?(?![A-Za-z0-9])")
# A character that continues an English word: a name matched next to one is part of a longer word.
_WORD_CHAR = re.compile(r"[\w-]")
# An ordinal right before an ORG ending or unit (第三中學, 第 17 中學, 第一服務站).
_ORDINAL_BEFORE = re.compile(r"第[ \u00a0]?(?:\d{1,3}|[一二三四五六七八九十百]{1,3})[ \u00a0]?$")
# A token this long is a compound name from jieba's dictionary (美国亚利桑那大学), not a word a place hides in.
COMPOUND_TOKEN = 5
_QUOTE_REACH = 80  # a quoted title is shorter than this; an unclosed quote shields nothing
_LATIN = "A-Za-z\u00c0-\u024f"
_LATIN_WORD = rf"[A-Z][{_LATIN}'’\-]*\.?"
# Capitalised words, with the lower-case particles names carry (Robert de Vries, Ursula von der Leyen).
_LATIN_NAME = rf"{_LATIN_WORD}(?:[ \u00a0]+(?:(?:de|van|von|der|den|da|di|du|la|le|del|bin|al)[ \u00a0]+)*{_LATIN_WORD}){{0,4}}"
# A parenthesised original-script name: 德若巴(Juraj Droba), 許佑格（Jörg Polster） (folded to ASCII parens).
_PAREN_LATIN = re.compile(rf"[ \u00a0]?\(([{_LATIN}][{_LATIN} .,'’\-]*[{_LATIN}.])\)")
_PAREN_BEFORE = re.compile(rf"[ \u00a0]?\(([{_LATIN}][{_LATIN} .,'’\-]*[{_LATIN}.])\)[ \u00a0]?$"
                           rf"|[ \u00a0]({_LATIN_NAME})[ \u00a0]?$")
# 市長德克·希伯特 Dirk Hilbert: an original-script name after the Chinese one, without parentheses.
_BARE_LATIN = re.compile(rf"[ \u00a0]?({_LATIN_WORD}(?:[ \u00a0]+{_LATIN_WORD})+)")


def _by_last_character(words: Iterable[str]) -> dict[str, list[str]]:
    """The words grouped by their last character, each group in the words' order: the words that can
    end at an offset, without trying every word there (most offsets end none)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[-1], []).append(word)
    return groups


@dataclass(frozen=True)
class PlaceForm:
    place: Place
    short: bool  # counts only when the document also names the place in full


@dataclass(frozen=True)
class TitleHit:
    start: int
    end: int
    core_start: int  # where the title word starts, after any modifiers (前, 副 …)
    ambiguous: bool  # an everyday word too (代表): takes a name only with firm evidence


@dataclass
class _Doc:
    """One document's text and view with wrapped lines joined, its tokens, and the spans found earlier."""

    doc: Document
    text: str  # doc.text, wrapped lines joined (norm strings come from here)
    view: str  # doc.view, joined the same way
    origin: list[int]  # joined offset -> doc offset
    token_starts: set[int]
    token_ends: set[int]
    token_start_at_end: dict[int, int]  # token end offset -> its start
    compound_starts: set[int]  # where tokens of COMPOUND_TOKEN characters or more start
    blocked: list[bool]  # offsets inside a span found earlier (DATE)
    places: Matches = field(default_factory=dict)  # gazetteer place forms by start offset in `view`
    place_form_spans: set[tuple[int, int]] = field(default_factory=set)  # (start, end) of each of them
    stop_word_ends: dict[int, int] = field(default_factory=dict)  # where a stop word of 2+ characters ends: its length
    place_at: dict[int, "Candidate"] = field(default_factory=dict)  # place spans found, by start
    place_start_at_end: dict[int, int] = field(default_factory=dict)  # and their starts by end

    @classmethod
    def build(cls, doc: Document, found: list[Span]) -> "_Doc":
        joined = doc.segmentation
        origin, starts, ends = joined.origin, joined.starts, joined.ends
        text = doc.layer.joined_text
        blocked_in_doc = covered(((span.start, span.end) for span in found), len(doc.view))
        return cls(doc, text, joined.view, origin, set(starts), set(ends), dict(zip(ends, starts)),
                   {s for s, e in zip(starts, ends) if e - s >= COMPOUND_TOKEN},
                   list(map(blocked_in_doc.__getitem__, origin)))

    def free(self, start: int, end: int) -> bool:
        return 0 <= start < end <= len(self.view) and not any(self.blocked[start:end])

    def in_quoted_title(self, start: int, end: int) -> bool:
        """Inside a quoted title (「高雄市政府檔案管理考核要點」) that is more than the name itself."""
        return self.doc.layer.in_quoted_title(self.origin[start], self.origin[end - 1] + 1, _QUOTE_REACH)

    def span(self, start: int, end: int, label: str, rule: str, norm: dict) -> "Candidate":
        return Candidate(start, end, label, rule, norm)

    def to_span(self, candidate: "Candidate") -> Span:
        """The document span for a candidate's joined offsets."""
        start, end = self.origin[candidate.start], self.origin[candidate.end - 1] + 1
        return make_span(self.doc, start, end, candidate.label, candidate.rule, candidate.norm)


@dataclass(frozen=True)
class Candidate:
    """A span in joined offsets, before it is mapped back to the document."""

    start: int
    end: int
    label: str
    rule: str
    norm: dict


class EntityRecogniser:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        rules = self.gazetteer.rules
        self.jieba = jieba_words(self.gazetteer)
        self.place_forms = self._place_lexicon(self.gazetteer.places)
        self.place_country = place_countries(self.gazetteer.places)
        self.english_places = Lexicon.of(
            self._english_names(self.gazetteer.places, rules["english_places"]["ambiguous"]).items())
        self.english_place_suffix = re.compile(
            rf"[ \u00a0](?:{'|'.join(map(re.escape, rules['english_places']['suffixes']))})(?![\w-])")
        self.org_names = self._org_lexicon(self.gazetteer.orgs)
        self.titles = self._title_lexicon()
        self.modifier_words = sorted({fold(w) for w in self.gazetteer.modifiers}, key=len, reverse=True)
        self.zh_suffixes = {fold(s.suffix): self._folded_context(s) for s in self.gazetteer.org_suffixes if s.lang == "zh"}
        self.zh_suffix_words = Lexicon.of(self.zh_suffixes.items())
        self.zh_suffixes_by_last = _by_last_character(self.zh_suffixes)
        self.en_org = self._english_org_pattern()
        self.en_title = self._english_title_pattern()
        self.admin_suffixes = self._word_lexicon(rules["admin_suffixes"])
        self.unseen_suffixes = self._word_lexicon(rules["unseen_city_suffixes"])
        self.unseen_suffix_openers = re.compile(
            "|".join(sorted({re.escape(fold(w)[0]) for w in rules["unseen_city_suffixes"]})) or "(?!)")
        self.name_endings = self._word_lexicon(rules["name_endings"])
        self.suffix_words = self._word_lexicon(rules["suffix_words"])
        self.not_name_openers = {fold(w) for w in rules["not_name_openers"]}
        self.unseen_city_separators = {where: fold(chars) for where, chars in rules["unseen_city_separators"].items()}
        self.tie_party = self._tie_party_pattern(rules["unseen_city_ties"], rules["unseen_city_suffixes"],
                                                 rules["unseen_city_name_length"])
        self.stops = {fold(w) for w in rules["name_stops"]} | {fold(w) for w in rules["deictics"]}
        self.deictics = {fold(w) for w in rules["deictics"]}
        self.long_stop_words = Lexicon.of((w, w) for w in self.stops if len(w) > 1)
        self.stop_tags = set(rules["stop_tags"])
        self.person_tags = set(rules["person_tags"])
        self.conjunctions = {fold(w) for w in rules["conjunctions"]}
        self.transliteration_tags = set(rules["transliteration_tags"])
        self.not_names = {fold(w) for w in rules["not_names"]}
        self.honorifics = self._word_lexicon(rules["honorifics"])
        self.joiners = set(rules["name_joiners"])
        self.surnames = self.gazetteer.surnames
        self.org_openers = {fold(w) for w in rules["org_openers"]}
        measures = "".join(re.escape(fold(w)) for w in rules["org_count_measures"])
        self.counted_before = re.compile(rf"(?:\d+|[一二两三四五六七八九十百千]+)[ \u00a0]?[{measures}]$")
        self.org_inner_words = sorted(self.org_openers | {fold(w) for w in rules["org_joiners"]}, key=len, reverse=True)
        self.org_openers_first = {w[0] for w in self.org_inner_words}
        self.org_inner_words_by_last = _by_last_character(self.org_inner_words)
        self.org_joiners_by_last = _by_last_character(w for w in self.org_inner_words if w not in self.org_openers)
        self.abbreviation_suffix = {fold(s): label for label, suffixes in rules["abbreviations"].items()
                                    for s in suffixes}
        self.abbreviation_suffix_at = re.compile("|".join(map(re.escape, self.abbreviation_suffix)))

    # ----- data -------------------------------------------------------------------------------------

    def _word_lexicon(self, words: Iterable[str]) -> Lexicon:
        return Lexicon.of((fold(word), word) for word in words)

    def _place_lexicon(self, places: Iterable[Place]) -> Lexicon:
        """Every name and alias; short forms, and aliases that are everyday words (日光), count only
        where the document names the place in full."""
        lexicon, short = Lexicon(), []
        for place in places:  # priority order: the first entry to claim a form keeps it
            for form in (place.name, *place.aliases):
                if self.jieba.frequency(fold(form)) > COMMON_WORD_FREQ and form != place.name:
                    short.append((form, place))
                else:
                    lexicon.add(fold(form), PlaceForm(place, short=False))
            short += [(form, place) for form in place.short]
        for form, place in short:
            lexicon.add(fold(form), PlaceForm(place, short=True))
        return lexicon

    def _org_lexicon(self, orgs: Iterable[Org]) -> Lexicon:
        return Lexicon.of((fold(form), org) for org in orgs for form in (org.name, *org.aliases, org.name_en))

    @staticmethod
    def _folded_context(suffix: OrgSuffix) -> OrgSuffix:
        """The ending with its not_before/not_after words folded, to be compared with the view."""
        return replace(suffix, not_before=frozenset(map(fold, suffix.not_before)),
                       not_after=tuple(map(fold, suffix.not_after)))

    def _title_lexicon(self) -> Lexicon:
        titles = sorted(self.gazetteer.titles, key=lambda t: -len(t.title))
        return Lexicon.of((fold(t.title), t) for t in titles if not t.title.isascii())

    @staticmethod
    def _english_names(places: Iterable[Place], ambiguous: list[str]) -> dict[str, Place]:
        """English name → place, the first (priority) entry winning; names that are also everyday words
        or given names (Jordan, Casey, Nice) are left out."""
        names: dict[str, Place] = {}
        for place in places:
            if place.name_en and place.name_en not in ambiguous:
                names.setdefault(place.name_en, place)
        return names

    @staticmethod
    def _tie_party_pattern(ties: dict[str, list[str]], suffixes: list[str], length: dict[str, int]) -> re.Pattern:
        def alternatives(words: Iterable[str]) -> str:
            return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))
        reach = ties["reach"]
        return re.compile(rf"(?:{alternatives(ties['before'])})"
                          rf"([\u4e00-\u9fff]{{{length['min']},{length['max']}}}?({alternatives(suffixes)}))"
                          rf"(?=[^，。；;,\n]{{0,{reach}}}?(?:{alternatives(ties['verbs'])}))")

    def _english_title_pattern(self) -> re.Pattern:
        # Ambiguous titles' English words (Member, Secretary) open too many ordinary phrases.
        english = sorted({t.en for t in self.gazetteer.titles if not t.ambiguous}, key=len, reverse=True)
        modifiers = "|".join(re.escape(en) for en in self.gazetteer.modifiers.values())
        return re.compile(rf"\b((?:(?:{modifiers}|Vice) )?(?:{'|'.join(map(re.escape, english))}))[ \u00a0]+"
                          rf"(?!(?:of|the|and)\b)({_LATIN_NAME})")

    def _english_org_pattern(self) -> re.Pattern:
        endings = "|".join(re.escape(s.suffix) for s in self.gazetteer.org_suffixes if s.lang == "en")
        word = r"[A-Z][A-Za-z&'’\-]*"
        return re.compile(rf"\b(?:{word}[ \u00a0]+(?:(?:of|in|for|and|&|the)[ \u00a0]+)?)+(?:{endings})\b")

    # ----- entry point ------------------------------------------------------------------------------

    def find(self, doc: Document, found: list[Span]) -> list[Span]:
        ctx = _Doc.build(doc, found)
        ctx.places = self.place_forms.scan(ctx.view)
        ctx.place_form_spans = {(start, end) for start, forms in ctx.places.items() for end, _ in forms}
        for start, stop_words in self.long_stop_words.scan(ctx.view).items():
            for end, _ in stop_words:
                ctx.stop_word_ends[end] = max(ctx.stop_word_ends.get(end, 0), end - start)
        titles = self._titles(ctx)
        places = self._places(ctx, titles)
        orgs = self._orgs(ctx, titles, places)
        officials = self._officials(ctx, titles, places + orgs)
        return [ctx.to_span(c) for c in places + orgs + officials]

    # ----- titles -----------------------------------------------------------------------------------

    def _titles(self, ctx: _Doc) -> list[TitleHit]:
        hits, view, taken_to = [], ctx.view, 0
        found = self.titles.scan(view)
        for index in sorted(found):
            end, title = found[index][-1]
            if index < taken_to or not ctx.free(index, end) or self._starts_org_suffix(view, index, end) \
                    or self._ends_before_org_suffix(view, end):
                continue
            start = self._modifiers_before(view, index)
            at_word_start = index in ctx.token_starts or (start < index and start in ctx.token_starts)  # 副|所長
            if (not at_word_start and self.jieba.frequency(view[end - 1:end + 1]) > TITLE_SPLIT_FREQ) \
                    or self._after_deictic(ctx, index):  # 兩市長年 = 兩市 + 長年
                continue
            hits.append(TitleHit(start, end, index, title.ambiguous))
            taken_to = end
        return hits

    def _after_deictic(self, ctx: _Doc, index: int) -> bool:
        """兩市長 is no title of a place called 兩; but 布里斯本市長 holds 本市 only by chance."""
        if ctx.view[index - 1:index + 1] not in self.deictics:
            return False
        return not any(end >= index for start in range(max(0, index - 8), index - 1)
                       for end, _ in ctx.places.get(start, ()))

    def _starts_org_suffix(self, view: str, start: int, end: int) -> bool:
        """委員會 and 秘書處 are organisation endings, not the titles 委員 and 秘書."""
        return any(suffix_end > end for suffix_end, _ in self.zh_suffix_words.matches(view, start))

    def _ends_before_org_suffix(self, view: str, end: int) -> bool:
        """日華議員懇談會: a title word right before a (multi-character) ORG ending is part of the name."""
        return any(suffix_end - end > 1 for suffix_end, _ in self.zh_suffix_words.matches(view, end))

    def _modifiers_before(self, view: str, start: int) -> int:
        """Extend a title leftwards over modifiers touching it: 前 + 國務卿, 政務 + 次長."""
        moved = True
        while moved:
            moved = False
            for word in self.modifier_words:
                if view.endswith(word, 0, start):
                    start -= len(word)
                    moved = True
                    break
        return start

    # ----- places -----------------------------------------------------------------------------------

    def _places(self, ctx: _Doc, titles: list[TitleHit]) -> list[Candidate]:
        inside_title = {i for t in titles for i in range(t.core_start + 1, t.end)}
        title_starts = {t.core_start for t in titles}
        raw = [(start, end, form) for start in sorted(ctx.places) for end, form in ctx.places[start]]
        named = {form.place for _, _, form in raw if not form.short}
        spans, mentions = [], []
        for start, end, form in raw:
            if form.short and form.place not in named:
                continue
            if start in inside_title or not ctx.free(start, end) or not self._word_edges(ctx, start, end):
                continue
            if self._suffix_in_word(ctx, start, end, title_starts):
                continue  # 東方市場: the form's suffix starts a word, and 東方 alone names no place
            extended = self._place_end(ctx, start, end, title_starts)
            if extended > end and ctx.places[start][-1][0] >= extended:
                continue  # the text has the suffixed form itself (布拉提斯拉瓦省): that entry names it
            end = extended
            if end - start < 2:
                continue
            mentions.append((start, form.place))
            if self._inside_name(ctx, start, end, form.place.label):
                continue
            rule = f"gazetteer:{form.place.label.lower()}/{form.place.name}"
            spans.append(ctx.span(start, end, form.place.label, rule, self._place_norm(form.place)))
        spans += self._abbreviations(ctx, mentions, title_starts)
        spans += self._unseen_cities(ctx, spans, titles)
        spans += self._english_places(ctx)
        return [s for s in spans if not ctx.in_quoted_title(s.start, s.end)]

    def _english_places(self, ctx: _Doc) -> list[Candidate]:
        """Places in English text (Agreement between Kaohsiung City and Katowice City), by their English
        names: whole words only, with an administrative word after them taken in."""
        spans, view = [], ctx.view
        found = self.english_places.scan(view)
        taken_to = 0
        for start in sorted(found):
            end, place = found[start][-1]
            inside_word = (start > 0 and _WORD_CHAR.match(view, start - 1)) or _WORD_CHAR.match(view, end)
            if start < taken_to or inside_word:
                continue
            suffix = self.english_place_suffix.match(view, end)
            end = suffix.end() if suffix else end
            if ctx.free(start, end):
                spans.append(ctx.span(start, end, place.label, f"gazetteer:{place.label.lower()}/{place.name}",
                                      self._place_norm(place)))
                taken_to = end
        return spans

    def _word_edges(self, ctx: _Doc, start: int, end: int) -> bool:
        """A two-character name must start a token and end one (今日本市 holds no 日本), or start a long one:
        jieba's dictionary holds compound names whole (美国亚利桑那大学)."""
        if end - start > 2:
            return True
        ends_word = end in ctx.token_ends or self.admin_suffixes.longest(ctx.view, end) is not None \
            or start in ctx.compound_starts
        return start in ctx.token_starts and ends_word

    def _suffix_in_word(self, ctx: _Doc, start: int, end: int, title_starts: set[int]) -> bool:
        """The form's last character starts a word (東方市|場) and the form without it names no place."""
        return end - 1 not in title_starts and self.suffix_words.longest(ctx.view, end - 1) is not None \
            and not self._form_ends_at(ctx, start, end - 1)

    @staticmethod
    def _form_ends_at(ctx: _Doc, start: int, end: int) -> bool:
        """Whether a gazetteer form starting at `start` ends at `end`."""
        return (start, end) in ctx.place_form_spans

    def _place_end(self, ctx: _Doc, start: int, end: int, title_starts: set[int]) -> int:
        """Take a following administrative suffix (溫哥華 + 市), but give a suffix that starts a title or
        a word back (松山市長 → 松山 + 市長, 高雄市政 → 高雄 + 市政; not 熊本縣政策, 高雄道地)."""
        view = ctx.view
        suffix_starts_word = end - 1 in ctx.token_starts or (
            self._form_ends_at(ctx, start, end - 1)  # 高雄市民: jieba keeps 高雄市 whole
            and self.jieba.frequency(view[end:end + 2]) <= COMMON_WORD_FREQ)  # but 熊本縣 + 政策
        if end - 1 in title_starts or (suffix_starts_word and self.suffix_words.longest(view, end - 1)):
            return end - 1
        suffix = self.admin_suffixes.longest(view, end)
        if suffix and suffix[0] - 1 not in title_starts and not self.suffix_words.longest(view, end) \
                and self.jieba.frequency(view[suffix[0] - 1:suffix[0] + 1]) <= TITLE_SPLIT_FREQ \
                and not self.admin_suffixes.longest(view, end - 1) and end not in ctx.places:
            return suffix[0]  # not 福島縣 + 郡 (a name has one suffix), nor 日本 + 郡 of 郡山市 (the next place)
        return end

    def _inside_name(self, ctx: _Doc, start: int, end: int, label: str) -> bool:
        """Part of the name of an event, site or facility: 高雄燈會, 高雄港, 2022台灣燈會; not a country
        before an organisation whose name does not hold it (美國 + 明德大學)."""
        view, reach = ctx.view, self.gazetteer.rules["name_ending_reach"]
        for offset in range(end, min(len(view), end + reach)):
            if offset in ctx.places:  # 日本熊本縣: the next place is no name ending
                return False
            ending = self.name_endings.longest(view, offset)
            if ending and (ending[0] - offset > 1 or offset == end):  # one-character endings must touch
                return not (label == "COUNTRY" and self._country_outside(view[offset:ending[0]]))
            if not is_cjk(view[offset]) or view[offset] in self.stops:
                return False
        return False

    def _country_outside(self, org_ending: str) -> bool:
        suffix = self.zh_suffixes.get(org_ending)
        return suffix is not None and suffix.kind in self.gazetteer.rules["org_place_prefix"]["country_outside"]

    @staticmethod
    def _place_norm(place: Place) -> dict:
        return {"name": place.name, "name_en": place.name_en}

    def _abbreviations(self, ctx: _Doc, mentions: list[tuple[int, Place]], title_starts: set[int]) -> list[Candidate]:
        """布省, 康市, 帛國: the first character of a place named in this document plus its suffix."""
        spans, view = [], ctx.view
        by_first: dict[str, list[tuple[int, Place, str]]] = {}  # folded first character -> mentions
        for offset, place in mentions:
            by_first.setdefault(fold_char(place.name[0]), []).append((offset, place, fold_char(place.name[-1])))
        for suffix in self.abbreviation_suffix_at.finditer(view, 1):
            start, label = suffix.start() - 1, self.abbreviation_suffix[suffix.group()]
            if view[start:start + 2] in self.deictics or not ctx.free(start, start + 2):
                continue
            at_word_start = start in ctx.token_starts or (start > 0 and view[start - 1] in self.stops)
            ends_word = start + 2 in ctx.token_ends or view[start + 2:start + 3] in self.stops  # 史國|為: HMM joins 史国为
            if not at_word_start or not ends_word or start + 1 in title_starts \
                    or start in ctx.places:
                continue
            place = self._referent(view, start, label, by_first.get(view[start], []))
            if place:
                spans.append(ctx.span(start, start + 2, label, f"rule:{label.lower()}/abbreviation",
                                       self._place_norm(place)))
        return spans

    @staticmethod
    def _referent(view: str, start: int, label: str, mentions: list[tuple[int, Place, str]]) -> Place | None:
        """The place named in the document (before the abbreviation if one is) that the abbreviation
        shortens; `mentions` are those whose folded first character is the abbreviation's, each with
        its folded last character."""
        suffix = view[start + 1]
        fits = [(offset, place) for offset, place, last in mentions
                if place.label == label and (label == "COUNTRY" or last == suffix)]
        before = [m for m in fits if m[0] < start]
        chosen = before[-1] if before else (fits[0] if fits else None)
        return chosen[1] if chosen else None

    def _unseen_cities(self, ctx: _Doc, spans: list[Candidate], titles: list[TitleHit]) -> list[Candidate]:
        """An unknown name + administrative suffix right after a place (波蘭格但斯克市, 青森縣弘前市,
        德國 德勒斯登市) or after a city in a list (格丁尼亞市、卡托維茲市) is a CITY."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        title_at = {i: t for t in titles for i in range(t.start, t.end)}
        found = self._unseen_cities_in_ties(ctx, taken, title_at)
        anchors = list(spans) + found
        while anchors:
            anchor = anchors.pop()
            city = self._unseen_city_after(ctx, anchor, taken, title_at)
            if city:
                found.append(city)
                anchors.append(city)
                taken.update(range(city.start, city.end))
        return found + self._bare_mentions(ctx, found, taken, {t.core_start for t in titles})

    def _unseen_cities_in_ties(self, ctx: _Doc, taken: set[int], title_at: dict[int, TitleHit]) -> list[Candidate]:
        """本縣與茂宜郡以視訊方式簽署…, 本市與成田市締結…: an unknown name + administrative suffix as the
        other party of a tie the clause goes on to conclude is a CITY."""
        found = []
        for match in self.tie_party.finditer(ctx.view):
            start, end = match.span(1)
            name_end = end - len(match.group(2))
            if ctx.view[start] in self.not_name_openers or any(i in taken or i in title_at for i in range(start, end)) \
                    or self._made_of_words(ctx, start, name_end) or not ctx.free(start, end):
                continue
            found.append(ctx.span(start, end, "CITY", "rule:city/tie_party", {"name": ctx.text[start:end], "name_en": None}))
            taken.update(range(start, end))
        return found

    def _unseen_city_after(self, ctx: _Doc, anchor: Candidate, taken: set[int],
                           title_at: dict[int, TitleHit]) -> Candidate | None:
        view, start = ctx.view, anchor.end
        if start < len(view) and view[start] in self.unseen_city_separators["after_place"]:
            start += 1
        elif anchor.label == "CITY" and start < len(view) and view[start] in self.unseen_city_separators["in_list"]:
            start += 1
        bounds = self.gazetteer.rules["unseen_city_name_length"]
        if start >= len(view) or view[start] in self.not_name_openers \
                or not self.unseen_suffix_openers.search(view, start + bounds["min"], start + bounds["max"] + 1):
            return None  # no suffix where a name of a possible length would end
        for length in range(bounds["min"], bounds["max"] + 1):
            # The name grows by one character a step: check only what it takes in (all, the first time).
            for index in range(start + length - 1 if length > bounds["min"] else start, start + length):
                if index >= len(view) or not is_cjk(view[index]) or index in taken:
                    return None
            suffix = self.unseen_suffixes.longest(view, start + length)
            if suffix is None or start + length in title_at:
                continue
            following = title_at.get(suffix[0])
            if following and view[following.core_start] != view[suffix[0] - 1]:
                return None  # 錢冠州大使 is a person; 笛吹市市長 is a city and its mayor
            if self._made_of_words(ctx, start, start + length) or not ctx.free(start, suffix[0]):
                return None
            return ctx.span(start, suffix[0], "CITY", "rule:city/place_name_suffix",
                            {"name": ctx.text[start:suffix[0]], "name_en": None})
        return None

    def _bare_mentions(self, ctx: _Doc, cities: list[Candidate], taken: set[int],
                       title_starts: set[int]) -> list[Candidate]:
        """Once 卡托維茲市 is found, 卡托維茲 elsewhere in the document names it too."""
        forms = Lexicon()
        for city in cities:
            full = city.norm["name"]
            bare = full.rstrip("".join(self.gazetteer.rules["unseen_city_suffixes"]))
            for form in {full, bare} - {""}:
                if len(form) >= 2:
                    forms.add(fold(form), full)
        spans, view = [], ctx.view
        found = forms.scan(view)
        for start in sorted(found):
            match = found[start][-1]
            if any(i in taken for i in range(start, match[0])) or not ctx.free(start, match[0]):
                continue
            if start not in ctx.token_starts and not (start > 0 and not is_cjk(view[start - 1])):
                continue
            end = self._place_end(ctx, start, match[0], title_starts)
            spans.append(ctx.span(start, end, "CITY", "rule:city/named_before", {"name": match[1], "name_en": None}))
            taken.update(range(start, end))
        return spans

    def _made_of_words(self, ctx: _Doc, start: int, end: int) -> bool:
        """Whether the stretch holds an everyday word (友好, 城), i.e. is no transliterated name."""
        view = ctx.view
        for index in range(start, end):
            for length in (3, 2):
                word = view[index:index + length]
                if len(word) == length and index + length <= end and self.jieba.frequency(word) > COMMON_WORD_FREQ \
                        and self.jieba.tag(word) not in self.transliteration_tags:  # 穆罕默德: a name jieba knows
                    return True
            if view[index] in self.stops:
                return True
        return False

    # ----- organisations ----------------------------------------------------------------------------

    def _orgs(self, ctx: _Doc, titles: list[TitleHit], places: list[Candidate]) -> list[Candidate]:
        spans = []
        names = self.org_names.scan(ctx.view)
        for start in sorted(names):
            end, org = names[start][-1]
            if ctx.free(start, end) and self._ascii_edges(ctx.view, start, end):
                spans.append(ctx.span(start, end, "ORG", f"gazetteer:org/{org.name}", {"name": org.name}))
        title_ends, title_starts = {t.end for t in titles}, {t.start for t in titles}
        ctx.place_at = {place.start: place for place in places}
        ctx.place_start_at_end = {place.end: place.start for place in places}
        for end, suffix in sorted(self._org_endings(ctx.view).items()):
            span = self._suffix_org(ctx, end, suffix, title_ends, title_starts)
            if span:
                spans.append(span)
        for match in self.en_org.finditer(ctx.view):
            if ctx.free(match.start(), match.end()):
                spans.append(ctx.span(match.start(), match.end(), "ORG", "rule:org/english",
                                       {"name": match.group(0)}))
        spans += self._acronyms_after(ctx, spans)
        return [s for s in spans if not ctx.in_quoted_title(s.start, s.end)]

    @staticmethod
    def _acronyms_after(ctx: _Doc, orgs: list[Candidate]) -> list[Candidate]:
        """波美拉尼亞科技園區 PPNT, 應用科技大學 (FHD): an acronym written right after an ORG is its short
        name, a second ORG span (LABELLING.md)."""
        spans = []
        for org in orgs:
            match = _ACRONYM_AFTER.match(ctx.view, org.end)
            if match and ctx.free(*match.span(1)):
                spans.append(ctx.span(*match.span(1), "ORG", "rule:org/acronym", {"name": match.group(1)}))
        return spans

    @staticmethod
    def _ascii_edges(view: str, start: int, end: int) -> bool:
        """An ASCII name (AIT, WHO) must not be part of a longer Latin word."""
        before = view[start - 1] if start else " "
        after = view[end] if end < len(view) else " "
        return not (view[start:end].isascii() and (before.isalnum() or after.isalnum()))

    def _org_endings(self, view: str) -> dict[int, OrgSuffix]:
        """The longest ORG ending that ends at each offset."""
        endings: dict[int, OrgSuffix] = {}
        for _, found in sorted(self.zh_suffix_words.scan(view).items()):
            for end, suffix in found:
                endings.setdefault(end, suffix)  # starts come left to right: the first is the longest
        return endings

    def _suffix_org(self, ctx: _Doc, end: int, suffix: OrgSuffix, title_ends: set[int],
                    title_starts: set[int]) -> Candidate | None:
        view = ctx.view
        start_of_suffix = end - len(suffix.suffix)
        if end < len(view) and view[end] in suffix.not_before and end not in title_starts:
            return None  # 處理, 處處; but 勞工處 + 處長: a title of its own starts right after the ending
        if any(view.endswith(word, 0, start_of_suffix) for word in suffix.not_after):
            return None
        start = self._drop_leading_verbs(ctx, self._org_start(ctx, start_of_suffix, title_ends),
                                         start_of_suffix)
        start = self._drop_leading_joiners(view, start, start_of_suffix)
        start = self._drop_higher_places(ctx, start, start_of_suffix, suffix)
        if view[start_of_suffix - 1:start_of_suffix] in self.conjunctions and not suffix.whole:
            return None  # 台商及企業: a generic noun after a conjunction (but 都發局及秘書處)
        if start_of_suffix - start < 2:
            if not suffix.whole:
                return None
            start = start_of_suffix
        if not ctx.free(start, end):
            return None
        if view[start:end] in self.deictics:
            return None
        return ctx.span(start, end, "ORG", f"rule:org/suffix/{suffix.suffix}",
                         {"name": ctx.text[start:end]})

    @staticmethod
    def _stop_word_ending_at(ctx: _Doc, end: int) -> bool:
        """A stop word of two or more characters ends here (single characters are judged as tokens:
        和 stops 陳其邁市長和…, not 和歌山)."""
        return end in ctx.stop_word_ends

    def _ends_org(self, view: str, end: int) -> bool:
        return end > 0 and any(view.endswith(suffix, 0, end) for suffix in self.zh_suffixes_by_last.get(view[end - 1], ()))

    def _stop_token(self, ctx: _Doc, start: int, end: int) -> bool:
        word = ctx.view[start:end]
        if word in self.stops or any(not is_cjk(c) for c in word):
            return True
        if self._form_ends_at(ctx, start, end):
            return False  # a place name, whatever jieba tags it (首爾: adverb)
        # A lone character's tag says little (日 in 日華 is tagged a time word): list it as a stop instead.
        return len(word) > 1 and self.jieba.tag(word) in self.stop_tags

    def _org_start(self, ctx: _Doc, end: int, title_ends: set[int]) -> int:
        """Walk left from an ORG ending over whole tokens; stop at a stop word, punctuation or a title
        with a name after it. Places, other ORG names and words like 駐/在台 are part of the name
        (加拿大駐台北貿易辦事處); a title right before the ending is too (商務代表辦事處)."""
        limit = self.gazetteer.rules["org_name_max"]
        start = end
        while start > 0 and end - start < limit:
            if start in title_ends and start != end:
                break  # 教育委員會教育長阿部: 部 ends a person's name here
            inner = next((w for w in self.org_inner_words_by_last.get(ctx.view[start - 1], ())
                          if ctx.view.endswith(w, 0, start)), None)
            if ctx.stop_word_ends.get(start, 0) > len(inner or ""):
                break  # 以及 before a name, though 及 alone may join one
            if inner in self.org_openers:  # 駐台北…辦事處 starts here, or at a place right before (加拿大駐…)
                return ctx.place_start_at_end.get(start - len(inner), start - len(inner))
            if inner and self._ends_org(ctx.view, start - len(inner)):
                break  # 忠孝國中及前金國中: two names
            if inner and start in ctx.places:
                break  # 計畫區及|桃園捷運公司: a name that starts with a place starts here
            if inner and not self._after_person(ctx.view, start - len(inner), title_ends):
                start -= len(inner)
                continue
            if self.counted_before.search(ctx.view, max(0, start - 8), start):
                break  # 美國奧勒岡州四所大學: a count is no part of a name
            ordinal = _ORDINAL_BEFORE.search(ctx.view, max(0, start - 8), start)
            if ordinal:  # 卡托維茲第三中學, 第 17 中學: an ordinal belongs to the name
                start = ordinal.start()
                continue
            token_start = ctx.token_start_at_end.get(start)
            if token_start is None:  # an ending that splits a token (國際|處於): step by character
                token_start = start - 1
                if not is_cjk(ctx.view[token_start]):
                    break
            elif self._stop_token(ctx, token_start, start):
                break
            if ctx.blocked[token_start]:
                break
            joined = next((at for at in range(start - 1, token_start, -1) if self._after_coordination(ctx.view, at)), None)
            if joined is not None:  # jieba's token straddles the joiner (國中|及前|金國中)
                start = joined
                break
            start = token_start
        return max(start, end - limit)

    def _after_person(self, view: str, at: int, title_ends: set[int]) -> bool:
        """Whether a joiner at `at` follows a title and its name (教育長阿部及…), not a clause that went on
        after the title (副市長率行政暨國際處)."""
        title_end = next((t for t in range(at, at - 5, -1) if t in title_ends), None)
        return title_end is not None and not any(c in self.stops for c in view[title_end:at])

    def _after_coordination(self, view: str, at: int) -> bool:
        """Whether a joiner right before `at` follows a whole ORG name (忠孝國中及 | 前金國中)."""
        return at > 0 and any(view.endswith(word, 0, at) and self._ends_org(view, at - len(word))
                              for word in self.org_joiners_by_last.get(view[at - 1], ()))

    def _drop_leading_joiners(self, view: str, start: int, end: int) -> int:
        """及經政府 → no name: 及/在台 join parts of a name but cannot open one (駐 can)."""
        for word in self.org_inner_words:
            if word not in self.org_openers and view.startswith(word, start) and start + len(word) < end:
                return self._drop_leading_joiners(view, start + len(word), end)
        return start

    def _drop_higher_places(self, ctx: _Doc, start: int, end: int, suffix: OrgSuffix) -> int:
        """The ORG keeps the place its own name starts with; a higher-level place written before it is
        its own span (日本 + 青森縣 + 陸奧市川內中學, 韓國 + 釜山國際交流財團), and so is a country before
        an organisation of a kind whose name does not hold it (美國 + 明德大學; not 斯洛伐克經濟部). A
        home-country place keeps the name whole: 宜蘭縣日本交流協會 is a local body."""
        rules = self.gazetteer.rules["org_place_prefix"]
        while (place := ctx.place_at.get(start)) is not None and end - place.end >= 2 \
                and ctx.view[place.end] not in self.org_openers_first and not self._at_home(place):
            after = ctx.place_at.get(place.end)
            followed_by_place = after is not None and not self._at_home(after) \
                and (suffix.kind not in rules["chain_kept_by"] or place.label == "COUNTRY" and suffix.kind != "mission")
            country_outside = place.label == "COUNTRY" and suffix.kind in rules["country_outside"]
            if not (followed_by_place or country_outside):
                break
            start = place.end
        return start

    def _at_home(self, place: Candidate) -> bool:
        return self.place_country.get(fold(place.norm["name"])) == self.gazetteer.rules["home_country"]

    def _drop_leading_verbs(self, ctx: _Doc, start: int, end: int) -> int:
        """審核運動發展局 → 運動發展局: a verb cannot open an organisation's name."""
        while start < end:
            token = next(((s, e) for s, e in [self._token_starting_at(ctx, start)] if e <= end), None)
            word = ctx.view[token[0]:token[1]] if token else ""
            if token is None or self.jieba.tag(word) != "v" or word in self.org_openers:
                return start
            start = token[1]
        return start

    @staticmethod
    def _token_starting_at(ctx: _Doc, start: int) -> tuple[int, int]:
        for length in range(1, 12):
            if start + length in ctx.token_ends and start in ctx.token_starts:
                return (start, start + length)
        return (start, start + 1)

    # ----- officials --------------------------------------------------------------------------------

    def _officials(self, ctx: _Doc, titles: list[TitleHit], entities: list[Candidate]) -> list[Candidate]:
        span_ends = {s.end for s in entities}
        covered = {i for s in entities for i in range(s.start, s.end)}
        by_end = {t.end: t for t in titles}
        spans, claimed = [], set()
        for hit in titles:
            span = self._name_before(ctx, hit, span_ends, covered, by_end)
            if span:
                spans.append(span)
                claimed.update(range(span.start, span.end))
                spans += self._shared_title_names(ctx, span, hit, span_ends, by_end)
        title_starts = {t.start for t in titles}
        for hit in titles:
            if hit.start in claimed or hit.end in claimed:
                continue
            span = self._name_after(ctx, hit, covered, title_starts)
            if span:
                spans.append(span)
        spans += self._english_officials(ctx)
        return spans

    def _official(self, ctx: _Doc, start: int, end: int, name: str, name_en: str | None, title: str,
                  rule: str) -> Candidate | None:
        if not ctx.free(start, end):
            return None
        return ctx.span(start, end, "OFFICIAL", f"rule:official/{rule}", {"name": name, "name_en": name_en, "title": title})

    def _name_before(self, ctx: _Doc, hit: TitleHit, span_ends: set[int], covered: set[int],
                     by_end: dict[int, TitleHit]) -> Candidate | None:
        """陳其邁市長, 德若巴(Juraj Droba)省長, 陳市長, 林課長佳濃, 代表謝長廷大使."""
        view, end, name_en = ctx.view, hit.start, None
        paren = _PAREN_BEFORE.search(view, max(0, end - 80), end)
        if paren:
            name_en, end = paren.group(1) or paren.group(2), paren.start()
        run_start = self._run_start(ctx, end, span_ends, covered, by_end)
        start = self._name_start_in_run(ctx, run_start, end, hit, bool(name_en), run_start in span_ends)
        if start is None:
            return None
        before = by_end.get(start) if start == run_start else None
        if before and hit.ambiguous and not name_en:
            return None  # 大使歐克麗代表到場: the name belongs to the title before it
        name, span_start, span_end = ctx.text[start:end], start, hit.end
        title = ctx.text[hit.start:hit.end]
        if before and before.core_start == before.start:  # 代表謝長廷大使: both titles touch the name
            span_start, title = before.start, f"{ctx.text[before.start:before.end]}、{title}"
        if end - start == 1:  # 林課長佳濃: surname, title, given name
            given_end = self._given_name_end(ctx, hit.end)
            if given_end:
                name, span_end = name + ctx.text[hit.end:given_end], given_end
        return self._official(ctx, span_start, span_end, name, name_en, title, "name_title")

    def _given_name_end(self, ctx: _Doc, start: int) -> int | None:
        for length in (2, 1):
            end = start + length
            given = ctx.view[start:end]
            if end <= len(ctx.view) and all(is_cjk(c) for c in given) and not self._dictionary_word(given) \
                    and self._boundary_at(ctx.view, end) and not self._stop_word_ending_at(ctx, end):
                return end
        return None

    def _boundary_at(self, view: str, offset: int) -> bool:
        """Whether a name may end here: end of text, punctuation, or a stop word starting."""
        if offset >= len(view) or not (is_cjk(view[offset]) or view[offset] in self.joiners):
            return True
        return view[offset] in self.stops or self.long_stop_words.longest(view, offset) is not None \
            or self.honorifics.longest(view, offset) is not None

    def _run_start(self, ctx: _Doc, end: int, span_ends: set[int], covered: set[int], title_ends: Container[int]) -> int:
        """Start of the run of name characters before `end`: it stops at punctuation, a span, a title."""
        limit = 2 * self.gazetteer.rules["name_length"]["foreign_max"] + 1
        start = end
        while start > 0 and end - start < limit:
            char = ctx.view[start - 1]
            if start in span_ends or start - 1 in covered or start in title_ends or ctx.blocked[start - 1]:
                break
            if not (is_cjk(char) or char in self.joiners):
                break
            start -= 1
        while start < end and ctx.view[start] in self.joiners:  # II.陳其邁: a dot cannot open a name
            start += 1
        return start

    def _soft_stops(self, ctx: _Doc, start: int, end: int) -> list[int]:
        """Offsets in (start, end) right after a stop word (與, 由, 本府 …): where a name may begin."""
        stops = []
        for offset in range(start + 1, end):
            token_start = ctx.token_start_at_end.get(offset)
            if token_start is not None and ctx.view[token_start:offset] in self.joiners:
                continue
            if token_start is not None and token_start >= start and self._stop_token(ctx, token_start, offset):
                stops.append(offset)
            elif self._stop_word_ending_at(ctx, offset):
                stops.append(offset)
            elif ctx.view[offset - 1] in self.stops and offset - 1 in ctx.token_starts and offset not in ctx.token_ends:
                stops.append(offset)  # 由侯|市長: jieba's token straddles the stop word and the surname
        return stops

    def _name_start_in_run(self, ctx: _Doc, run_start: int, end: int, hit: TitleHit, confirmed: bool,
                           after_entity: bool) -> int | None:
        """Where a plausible person name ending at `end` starts, or None."""
        if end > run_start and ctx.view[end - 1] in self.conjunctions:
            return None  # 鈴木一郎暨副知事: a name does not end in a conjunction
        soft_stops = self._soft_stops(ctx, run_start, end)
        for start in [run_start, *soft_stops]:
            start = self._joined_name_start(ctx, start, end, run_start)
            if not self._name_length_ok(ctx.view[start:end]):
                continue
            surname_led = self._surname_name_start(ctx.view, start, end) == start
            if not surname_led and any(start < stop < end for stop in soft_stops):
                continue
            if end - start == 1:
                if ctx.view[start] in self.surnames:
                    return start
                continue
            structured = after_entity and start == run_start and not self._everyday_word(ctx.view[start:end]) \
                and ctx.view[start:end] not in self.stops and not self._stop_word_ending_at(ctx, end) \
                and not self.admin_suffixes.longest(ctx.view, end - 1) and not self._ends_org(ctx.view, end)
            if not (confirmed or structured or self._looks_like_name(ctx, start, end)):
                continue
            if hit.ambiguous and not (confirmed or surname_led or structured):
                continue
            return start
        return self._fallback_name_start(ctx, run_start, end, hit)

    def _joined_name_start(self, ctx: _Doc, start: int, end: int, run_start: int) -> int:
        """艾德里安‧施里納: a name joined by a middle dot takes the part before the dot too."""
        view = ctx.view
        first_dot = next((i for i in range(start, end) if view[i] in self.joiners), None)
        if first_dot is None or first_dot - start <= 4:
            return start
        for length in range(4, 0, -1):
            candidate = first_dot - length
            if candidate >= run_start and candidate in ctx.token_starts | {run_start}:
                return candidate
        return start

    def _name_length_ok(self, name: str) -> bool:
        parts = [p for p in re.split(f"[{re.escape(''.join(self.joiners))}]", name)]
        limit = self.gazetteer.rules["name_length"]["foreign_max"]
        return 1 <= len(name) and all(1 <= len(p) <= limit for p in parts) and len(parts) <= 3

    def _fallback_name_start(self, ctx: _Doc, run_start: int, end: int, hit: TitleHit) -> int | None:
        """No edge found: a surname-led Chinese name that starts a token and holds no stop word."""
        view = ctx.view
        if end - run_start >= 1 and view[end - 1] in self.surnames and ctx.token_start_at_end.get(end) == end - 1:
            return end - 1  # 贊同陳市長: a surname standing alone before the title
        start = self._surname_name_start(view, max(run_start, end - 4), end)
        if start is None or self._everyday_word(view[start:end]):
            return None
        if start not in ctx.token_starts and not (start > 0 and view[start - 1] in self.stops):
            return None
        if hit.ambiguous and end - start < 3:
            return None
        if any(c in self.stops for c in ctx.view[start:end]) or self._soft_stops(ctx, start, end):
            return None
        return start

    def _dictionary_word(self, text: str) -> bool:
        """A word of jieba's dictionary, or the start of one (線上 of 線上遊戲), other than a person's name
        (瓊斯 is one: tagged nrt)."""
        return text in self.jieba and self.jieba.tag(text) not in self.person_tags

    def _everyday_word(self, text: str) -> bool:
        return text in self.not_names or self.jieba.frequency(text) > COMMON_WORD_FREQ

    def _surname_name_start(self, view: str, start: int, end: int) -> int | None:
        given_max = self.gazetteer.rules["name_length"]["chinese_given_max"]
        for offset in range(start, end - 1):
            for length in (2, 1):
                surname = view[offset:offset + length]
                given = end - offset - length
                origin = self.surnames.get(surname)
                if origin and 1 <= given <= (given_max + 1 if origin == "japanese" else given_max):
                    return offset
        return None

    def _looks_like_name(self, ctx: _Doc, start: int, end: int) -> bool:
        name = ctx.view[start:end]
        if name in self.not_names or name in self.stops or self.place_forms.longest(name, 0):
            return False
        if self.admin_suffixes.longest(name, len(name) - 1) or self._ends_org(name, len(name)):
            return False  # 弘前市, 勞工處: a place or a body, not a person
        if self._everyday_word(name) and self.jieba.tag(name) not in self.person_tags:
            return False  # 勞工處長: 勞 is a surname, but 勞工 a word
        if self._surname_name_start(ctx.view, start, end) == start:
            return True
        return not self._made_of_words(ctx, start, end)

    def _shared_title_names(self, ctx: _Doc, span: Candidate, hit: TitleHit, span_ends: set[int],
                            by_end: dict[int, TitleHit]) -> list[Candidate]:
        """江綺雯及包宗和監察委員: 江綺雯 shares the title and is a name-only OFFICIAL."""
        found, view, end = [], ctx.view, span.start
        while end > 1 and view[end - 1] in "及和與、":
            name_end = end - 1
            start = self._surname_name_start(view, max(0, name_end - 3), name_end)
            if start is None or start in by_end or not (start == 0 or start in span_ends or self._boundary_before(ctx, start)):
                break
            official = self._official(ctx, start, name_end, ctx.text[start:name_end], None, span.norm["title"],
                                      "shared_title")
            if official is None:
                break
            found.append(official)
            end = start
        return found

    def _boundary_before(self, ctx: _Doc, offset: int) -> bool:
        char = ctx.view[offset - 1]
        return not (is_cjk(char) or char in self.joiners) or char in self.stops or self._stop_word_ending_at(ctx, offset)

    def _name_after(self, ctx: _Doc, hit: TitleHit, covered: set[int], title_starts: set[int]) -> Candidate | None:
        """大使歐克麗(Dilmei L. Olkeriil), 市長蔣萬安, 代表Mario Ste-Marie, 州長 Eyos Rudimch."""
        view, start, title = ctx.view, hit.end, ctx.text[hit.start:hit.end]
        latin = re.match(rf"[ \u00a0]?({_LATIN_NAME})", view[start:start + 80])
        if latin:
            end = start + latin.end()
            return self._official(ctx, hit.start, end, latin.group(1), latin.group(1), title, "title_name")
        end, limit = start, 2 * self.gazetteer.rules["name_length"]["foreign_max"] + 1
        while end < len(view) and end - start < limit and end not in covered and end not in title_starts \
                and (is_cjk(view[end]) or view[end] in self.joiners) and not self.honorifics.longest(view, end) \
                and not (end > start and self._boundary_at(view, end)):
            end += 1
        paren = _PAREN_LATIN.match(view, self._after_honorific(view, end)) or _BARE_LATIN.match(view, end)
        if paren and self._name_length_ok(view[start:end]) and end - start >= 2:
            return self._official(ctx, hit.start, paren.end(), ctx.text[start:end], paren.group(1), title,
                                  "title_name")
        name_end = self._chinese_name_end(ctx, start, end, surname_only=hit.ambiguous)
        if name_end is None:
            return None
        return self._official(ctx, hit.start, name_end, ctx.text[start:name_end], None, title, "title_name")

    def _after_honorific(self, view: str, end: int) -> int:
        """政務次長愛格涅女士（Agne …）: an honorific between a name and its original form stays inside."""
        honorific = self.honorifics.longest(view, end)
        return honorific[0] if honorific and _PAREN_LATIN.match(view, honorific[0]) else end

    def _chinese_name_end(self, ctx: _Doc, start: int, end: int, surname_only: bool) -> int | None:
        """A name right after a title: the whole run up to a boundary if it is a plausible name
        (市長蔣萬安，, 知事小池百合子，, 市長野志克仁。), else a surname-led name ending at a word edge."""
        view = ctx.view
        if start in ctx.places:
            return None  # 代表高雄市: a place, not a name
        name = view[start:end]
        joined = any(c in self.joiners for c in name)  # 阿古斯‧赫曼多: parts joined by a dot may run longer
        if self._boundary_at(view, end) and 2 <= len(name) and (len(name) <= 5 or joined and self._name_length_ok(name)) \
                and not self._dictionary_word(name):
            surname_led = self._surname_name_start(view, start, end) == start
            if surname_led or (not surname_only and self._looks_like_name(ctx, start, end)):
                return end
        if surname_only:
            return None
        for name_end in range(min(end, start + 4), start + 1, -1):
            if self._surname_name_start(view, start, name_end) == start and name_end in ctx.token_ends \
                    and not self._dictionary_word(view[start:name_end]):
                return name_end
        return None

    def _english_officials(self, ctx: _Doc) -> list[Candidate]:
        spans = []
        for match in self.en_title.finditer(ctx.view):
            if ctx.free(match.start(), match.end()):
                spans.append(ctx.span(match.start(), match.end(), "OFFICIAL", "rule:official/english",
                                      {"name": match.group(2), "name_en": match.group(2), "title": match.group(1)}))
        return spans
