"""The entity grammar shared by the phases of entity recognition (titles, places, organisations,
officials): the word lists and lexicons built once from the gazetteer and rules/entities.yaml, the
word tests more than one phase asks, and the per-document context every phase reads and adds to.

All matching runs on the text layer's joined view (folded, line breaks inside words taken out), with
segmenter tokens as evidence of word edges; a candidate is mapped back to document offsets at the end.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..dictionary import jieba_words
from ..document import Document, Span
from ..normalise import fold
from ..resources import Gazetteer
from ..resources.entity_rules import OrgSuffix
from ..resources.gazetteer import Place, place_countries
from ..spans import covered, make_span
from ..textlayer import is_cjk
from .lexicon import Lexicon, Matches

# A token jieba's dictionary counts this often is a word of its own, not part of a name (郁夫: 0).
KNOWN_WORD_FREQ = 10
# A word jieba knows this well, as other than a place name (rules/entities.yaml place_tags), is no name of
# a place in a list of generated names (gazetteer/lists.yaml, everyday_names: short): 克林顿 10+ times.
EVERYDAY_PLACE_NAME_FREQ = 50
# A word jieba knows this well is an everyday word, not a transliterated name (史都華: 3, 官員: 8591).
COMMON_WORD_FREQ = 300
# jieba's tags of the particles 過, 了, 著 and 的 (not 地 and 得, which are also nouns and verbs: 地政局).
_NAMELESS_PARTICLES = frozenset({"ug", "ul", "uz", "uj"})
# A title whose last character starts a word this common is no title (兩市長年 = 兩市 + 長年; 長野: 54).
TITLE_SPLIT_FREQ = 100
# A token this long is a compound name from jieba's dictionary (美国亚利桑那大学), not a word a place hides in.
COMPOUND_TOKEN = 5
_QUOTE_REACH = 80  # a quoted title is shorter than this; an unclosed quote shields nothing


def by_last_character(words: Iterable[str]) -> dict[str, list[str]]:
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


@dataclass(frozen=True)
class Candidate:
    """A span in joined offsets, before it is mapped back to the document."""

    start: int
    end: int
    label: str
    rule: str
    norm: dict


@dataclass
class EntityContext:
    """One document as the phases read it: its text and view joined inside words, its tokens, the spans
    found earlier, and what each phase adds for the next (the places found, for organisations)."""

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
    in_place: list[bool] = field(default_factory=list)  # offsets inside one of the place spans of place_at

    @classmethod
    def build(cls, doc: Document, found: list[Span], grammar: "EntityGrammar") -> "EntityContext":
        """The context of a segmented document, with the gazetteer's place forms and the stop words
        found in it (one pass each)."""
        joined = doc.segmentation
        origin, starts, ends = joined.origin, joined.starts, joined.ends
        blocked_in_doc = covered(((span.start, span.end) for span in found), len(doc.view))
        ctx = cls(doc, doc.layer.joined_text, joined.view, origin, set(starts), set(ends), dict(zip(ends, starts)),
                  {s for s, e in zip(starts, ends) if e - s >= COMPOUND_TOKEN},
                  list(map(blocked_in_doc.__getitem__, origin)))
        ctx.places = grammar.place_forms.scan(ctx.view)
        ctx.place_form_spans = {(start, end) for start, forms in ctx.places.items() for end, _ in forms}
        for start, stop_words in grammar.long_stop_words.scan(ctx.view).items():
            for end, _ in stop_words:
                ctx.stop_word_ends[end] = max(ctx.stop_word_ends.get(end, 0), end - start)
        return ctx

    def free(self, start: int, end: int) -> bool:
        return 0 <= start < end <= len(self.view) and not any(self.blocked[start:end])

    def in_quoted_title(self, start: int, end: int) -> bool:
        """Inside a quoted title (「高雄市政府檔案管理考核要點」) that is more than the name itself."""
        return self.doc.layer.in_quoted_title(self.origin[start], self.origin[end - 1] + 1, _QUOTE_REACH)

    def form_ends_at(self, start: int, end: int) -> bool:
        """Whether a gazetteer place form starting at `start` ends at `end`."""
        return (start, end) in self.place_form_spans

    def stop_word_ending_at(self, end: int) -> bool:
        """A stop word of two or more characters ends here (single characters are judged as tokens:
        和 stops 陳其邁市長和…, not 和歌山)."""
        return end in self.stop_word_ends

    def span(self, start: int, end: int, label: str, rule: str, norm: dict) -> "Candidate":
        return Candidate(start, end, label, rule, norm)

    def to_span(self, candidate: "Candidate") -> Span:
        """The document span for a candidate's joined offsets."""
        start, end = self.origin[candidate.start], self.origin[candidate.end - 1] + 1
        return make_span(self.doc, start, end, candidate.label, candidate.rule, candidate.norm)


class EntityGrammar:
    """The data every phase reads, built once per process from the gazetteer and the entity rules."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        rules = self.rules = gazetteer.rules
        self.jieba = jieba_words(gazetteer)
        self.place_tags = set(rules["place_tags"])
        self.person_tags = set(rules["person_tags"])
        self.transliteration_tags = set(rules["transliteration_tags"])
        self.named_after_people = set(rules["places_named_after_people"])
        self.place_forms = self._place_lexicon(gazetteer.places)
        self.place_country = place_countries(gazetteer.places)
        self.zh_suffixes = {fold(s.suffix): self._folded_context(s) for s in gazetteer.org_suffixes if s.lang == "zh"}
        self.zh_suffix_words = Lexicon.of(self.zh_suffixes.items())
        self.zh_suffixes_by_last = by_last_character(self.zh_suffixes)
        self.admin_suffixes = self.word_lexicon(rules["admin_suffixes"])
        self.suffix_words = self.word_lexicon(rules["suffix_words"])
        self.stops = {fold(w) for w in rules["name_stops"]} | {fold(w) for w in rules["deictics"]}
        self.deictics = {fold(w) for w in rules["deictics"]}
        self.long_stop_words = Lexicon.of((w, w) for w in self.stops if len(w) > 1)
        self.stop_tags = set(rules["stop_tags"])
        self.person_tags = set(rules["person_tags"])
        self.function_tags = set(rules["function_tags"])
        self.lone_stop_tags = set(rules["lone_stop_tags"])
        self.conjunctions = {fold(w) for w in rules["conjunctions"]}
        self.transliteration_tags = set(rules["transliteration_tags"])
        self.not_names = {fold(w) for w in rules["not_names"]}
        self.honorifics = self.word_lexicon(rules["honorifics"])
        self.joiners = set(rules["name_joiners"])
        self.surnames = gazetteer.surnames
        self.given_names = gazetteer.given_names

    def word_lexicon(self, words: Iterable[str]) -> Lexicon:
        return Lexicon.of((fold(word), word) for word in words)

    def _place_lexicon(self, places: Iterable[Place]) -> Lexicon:
        """Every name and alias; short forms, and aliases that are everyday words (日光), count only
        where the document names the place in full."""
        lexicon, short = Lexicon(), []
        home = (self.rules["home_country"], frozenset(self.rules["home_aliases_always"]))
        for place in places:  # priority order: the first entry to claim a form keeps it
            always = place.country == home[0] and place.kind in home[1]  # 桃園 of 桃園市
            for form in (place.name, *place.aliases):
                if (form != place.name or place.everyday_short) and not always and self._everyday(fold(form), place):
                    short.append((form, place))
                else:
                    lexicon.add(fold(form), PlaceForm(place, short=False))
            short += [(form, place) for form in place.short]
        for form, place in short:
            lexicon.add(fold(form), PlaceForm(place, short=True))
        return lexicon

    def _everyday(self, form: str, place: Place) -> bool:
        if place.everyday_short and len(form) == 3 and self.jieba.frequency(form[1:]) > COMMON_WORD_FREQ:
            return True  # 韩城市, 新城市: one character before an everyday word (美日韓城市, 新城市計畫)
        return self._everyday_word(form, place)

    def _everyday_word(self, form: str, place: Place) -> bool:
        """A word jieba knows well; under a list's `everyday_names: short`, also one it knows as a person's name
        (麦迪逊 nr; 奥斯汀 Austin nrt, where towns are named after people: rules/entities.yaml), or knows well as
        anything but a place name (十字路口 Crossroads)."""
        frequency = self.jieba.frequency(form)
        if frequency > COMMON_WORD_FREQ:
            return True
        if not place.everyday_short or not frequency:
            return False
        tag = self.jieba.tag(form)
        if tag in self.person_tags and (tag not in self.transliteration_tags or place.country in self.named_after_people):
            return True
        return frequency > EVERYDAY_PLACE_NAME_FREQ and tag not in self.place_tags

    @staticmethod
    def _folded_context(suffix: OrgSuffix) -> OrgSuffix:
        """The ending with its not_before/not_after words folded, to be compared with the view."""
        return replace(suffix, not_before=frozenset(map(fold, suffix.not_before)),
                       not_after=tuple(map(fold, suffix.not_after)))

    def made_of_words(self, ctx: EntityContext, start: int, end: int) -> bool:
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

    def ends_org(self, view: str, end: int) -> bool:
        return end > 0 and any(view.endswith(suffix, 0, end) for suffix in self.zh_suffixes_by_last.get(view[end - 1], ()))

    def stop_token(self, ctx: EntityContext, start: int, end: int) -> bool:
        word = ctx.view[start:end]
        if word in self.stops or any(not is_cjk(c) for c in word):
            return True
        if ctx.form_ends_at(start, end):
            return False  # a place name, whatever jieba tags it (首爾: adverb)
        # A lone character's tag says little (日 in 日華 is tagged a time word): list it as a stop instead;
        # but a lone aspect or structural particle (過, 了, 著, 的) is never part of a name.
        tag = self.jieba.tag(word)
        return tag in self.stop_tags if len(word) > 1 else tag in _NAMELESS_PARTICLES
