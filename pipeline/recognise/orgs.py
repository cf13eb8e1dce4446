"""Entity phase 3, organisations: ORG names ending in an organisation ending (…政府, …辦事處, …大學), walked
back over the words of the name; suffixless names from the gazetteer (their English names and acronyms too: AIT); acronyms after a
name (LABELLING.md, ORG; rules/org_suffixes.yaml, rules/entities.yaml). A name may hold a place (高雄市立圖書館),
so places come first."""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..normalise import fold
from ..resources.entity_rules import OrgSuffix
from ..resources.gazetteer import Org
from ..spans import covered
from ..textlayer import is_cjk
from .entity_grammar import KNOWN_WORD_FREQ, Candidate, EntityContext, EntityGrammar, TitleHit, by_last_character
from .lexicon import Lexicon

# jieba's tag classes (first letter) of words that do not stand inside an organisation's name: adverbs,
# conjunctions, prepositions, pronouns.
_NOT_IN_NAMES = frozenset("dcpr")
# An all-capital short name right after an ORG, bare or in brackets: 科技園區 PPNT, 大學 (FHD).
_ACRONYM_AFTER = re.compile(r"[ \u00a0]?\(?([A-Z][A-Z0-9&]{1,7})\)?(?![A-Za-z0-9])")
# An ordinal right before an ORG ending or unit (第三中學, 第 17 中學, 第一服務站).
_ORDINAL_BEFORE = re.compile(r"第[ \u00a0]?(?:\d{1,3}|[一二三四五六七八九十百]{1,3})[ \u00a0]?$")


class OrgPhase:
    def __init__(self, grammar: EntityGrammar):
        self.grammar = grammar
        rules = grammar.rules
        self.org_names = self._org_lexicon(grammar.gazetteer.orgs)
        self.org_openers = {fold(w) for w in rules["org_openers"]}
        measures = "".join(re.escape(fold(w)) for w in rules["org_count_measures"])
        self.counted_before = re.compile(rf"(?:\d+|[一二两三四五六七八九十百千]+)[ \u00a0]?[{measures}]$")
        # What counted_before can end on ($ also matches before a last line break): asked before the
        # pattern is searched, as most words end on neither (so is 第 before _ORDINAL_BEFORE).
        self.counted_before_last = {c for w in rules["org_count_measures"] for c in fold(w)} | {"\n"}
        self.org_inner_words = sorted(self.org_openers | {fold(w) for w in rules["org_joiners"]}, key=len, reverse=True)
        self.org_openers_first = {w[0] for w in self.org_inner_words}
        self.org_inner_words_by_last = by_last_character(self.org_inner_words)
        self.org_joiners_by_last = by_last_character(w for w in self.org_inner_words if w not in self.org_openers)

    def _org_lexicon(self, orgs: Iterable[Org]) -> Lexicon:
        return Lexicon.of((fold(form), org) for org in orgs for form in (org.name, *org.aliases, org.name_en))

    def find(self, ctx: EntityContext, titles: list[TitleHit], places: list[Candidate]) -> list[Candidate]:
        spans = []
        names = self.org_names.scan(ctx.view)
        for start in sorted(names):
            end, org = names[start][-1]
            if ctx.free(start, end) and self._ascii_edges(ctx.view, start, end):
                spans.append(ctx.span(start, end, "ORG", f"gazetteer:org/{org.name}", {"name": org.name}))
        title_ends, title_starts = {t.end for t in titles}, {t.start for t in titles}
        ctx.place_at = {place.start: place for place in places}
        ctx.place_start_at_end = {place.end: place.start for place in places}
        ctx.in_place = covered(((place.start, place.end) for place in ctx.place_at.values()), len(ctx.view))
        endings = self._org_endings(ctx.view)
        for end, suffix in sorted(endings.items()):
            span = self._suffix_org(ctx, end, suffix, title_ends, title_starts, endings)
            if span:
                spans.append(span)
        spans += self._acronyms_after(ctx, spans)
        return [s for s in spans if not ctx.in_quoted_title(s.start, s.end)]

    @staticmethod
    def _acronyms_after(ctx: EntityContext, orgs: list[Candidate]) -> list[Candidate]:
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
        for _, found in sorted(self.grammar.zh_suffix_words.scan(view).items()):
            for end, suffix in found:
                endings.setdefault(end, suffix)  # starts come left to right: the first is the longest
        return endings

    def _suffix_org(self, ctx: EntityContext, end: int, suffix: OrgSuffix, title_ends: set[int],
                    title_starts: set[int], endings: dict[int, OrgSuffix]) -> Candidate | None:
        view = ctx.view
        start_of_suffix = end - len(suffix.suffix)
        shares_title = end - 1 in title_starts and self._unit_name_before(view, end - 1, endings)
        if end < len(view) and view[end] in suffix.not_before and end not in title_starts and not shares_title:
            return None  # 處理, 處處; but 勞工處 + 處長, 觀光振興課 + 課長…: a title of its own after or on the ending
        if any(view.endswith(word, 0, start_of_suffix) for word in suffix.not_after):
            return None
        if suffix.after_place:  # 桃園市府: the place and the ending, nothing else
            place_start = ctx.place_start_at_end.get(start_of_suffix)
            if place_start is None or not ctx.free(place_start, end):
                return None
            return ctx.span(place_start, end, "ORG", f"rule:org/suffix/{suffix.suffix}", {"name": ctx.text[place_start:end]})
        start = self._drop_leading_verbs(ctx, self._org_start(ctx, start_of_suffix, title_ends),
                                         start_of_suffix)
        if start in title_ends and self._person_at(ctx, start, start_of_suffix):
            return None  # 議長鍾文進代表議會: the title's person and a verb, no name of a body
        start = self._drop_leading_joiners(view, start, start_of_suffix)
        start = self._drop_leading_deictic(view, start, start_of_suffix)
        start = self._drop_higher_places(ctx, start, start_of_suffix, suffix)
        if view[start_of_suffix - 1:start_of_suffix] in self.grammar.conjunctions and not suffix.whole:
            return None  # 台商及企業: a generic noun after a conjunction (but 都發局及秘書處)
        if start_of_suffix - start < 2:
            if not suffix.whole:
                return None
            start = start_of_suffix
        if not ctx.free(start, end):
            return None
        if view[start:end] in self.grammar.deictics:
            return None
        return ctx.span(start, end, "ORG", f"rule:org/suffix/{suffix.suffix}",
                         {"name": ctx.text[start:end]})

    def _org_start(self, ctx: EntityContext, end: int, title_ends: set[int]) -> int:
        """Walk left from an ORG ending over whole tokens; stop at a stop word, punctuation or a title
        with a name after it. Places, other ORG names and words like 駐/在台 are part of the name
        (加拿大駐台北貿易辦事處); a title right before the ending is too (商務代表辦事處)."""
        limit = self.grammar.gazetteer.rules["org_name_max"]
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
            if inner and self.grammar.ends_org(ctx.view, start - len(inner)):
                break  # 忠孝國中及前金國中: two names
            if inner and start in ctx.places:
                break  # 計畫區及|桃園捷運公司: a name that starts with a place starts here
            if inner and not self._after_person(ctx.view, start - len(inner), title_ends):
                start -= len(inner)
                continue
            window = max(0, start - 8)
            if ctx.view[start - 1] in self.counted_before_last and self.counted_before.search(ctx.view, window, start):
                break  # 美國奧勒岡州四所大學: a count is no part of a name
            ordinal = "第" in ctx.view[window:start] and _ORDINAL_BEFORE.search(ctx.view, window, start)
            if ordinal:  # 卡托維茲第三中學, 第 17 中學: an ordinal belongs to the name
                start = ordinal.start()
                continue
            token_start = ctx.token_start_at_end.get(start)
            if token_start is None:  # an ending that splits a token (國際|處於): step by character
                token_start = start - 1
                if not is_cjk(ctx.view[token_start]):
                    break
            elif self.grammar.stop_token(ctx, token_start, start) and not self._regional_unit(ctx, token_start, start):
                break
            if ctx.blocked[token_start] or self._outside_a_place_led_name(ctx, token_start, start):
                break
            joined = next((at for at in range(start - 1, token_start, -1) if self._after_coordination(ctx.view, at)), None)
            if joined is not None:  # jieba's token straddles the joiner (國中|及前|金國中)
                start = joined
                break
            start = token_start
        return max(start, end - limit)

    def _person_at(self, ctx: EntityContext, start: int, end: int) -> bool:
        """A person's name opens the stretch: a token the dictionary tags a name (鍾文進), or one it does not
        know that opens with a surname."""
        token_start, token_end = self._token_starting_at(ctx, start)
        word = ctx.view[token_start:token_end]
        if token_end > end or len(word) < 2:
            return False
        known = self.grammar.jieba.frequency(word) >= KNOWN_WORD_FREQ
        return self.grammar.jieba.tag(word) in self.grammar.person_tags \
            or not known and (word[0] in self.grammar.surnames or word[:2] in self.grammar.surnames)

    def _unit_name_before(self, view: str, end: int, endings: dict[int, OrgSuffix]) -> bool:
        """觀光振興|課長鈴木一郎: the words before a title that begins on an ending's character name a unit
        (an everyday word), not a person (孫曉雅|處長), the same ending again (企劃課|課長) nor an organisation
        that ends there (美國在台協會|處長)."""
        word = view[max(0, end - 2):end]
        return view[end - 1:end] != view[end] and self.grammar.jieba.frequency(word) >= KNOWN_WORD_FREQ \
            and self.grammar.jieba.tag(word) not in self.grammar.person_tags \
            and not (end in endings and len(endings[end].suffix) > 1)

    def _regional_unit(self, ctx: EntityContext, token_start: int, start: int) -> bool:
        """外交部|南部|辦事處: a direction word right after a body's name makes a regional unit of it."""
        return self.grammar.jieba.tag(ctx.view[token_start:start]) == "f" and self.grammar.ends_org(ctx.view, token_start)

    def _outside_a_place_led_name(self, ctx: EntityContext, token_start: int, start: int) -> bool:
        """人員有|基隆市議會, 而|苗栗縣議會, 換|臺南市議會: a name that starts with a place takes before it
        no lone character and no adverb, conjunction, preposition or pronoun; a place, a noun or a verb
        may still come first (美國|德州|休士頓辦事處, 財團法人|台北市…, 支援|香港協會)."""
        if start not in ctx.place_at or ctx.in_place[token_start]:
            return False  # 布|里斯本市政府: the character before belongs to a longer place
        word = ctx.view[token_start:start]
        return len(word) == 1 or (self.grammar.jieba.tag(word) or "")[:1] in _NOT_IN_NAMES

    def _after_person(self, view: str, at: int, title_ends: set[int]) -> bool:
        """Whether a joiner at `at` follows a title and its name (教育長阿部及…), not a clause that went on
        after the title (副市長率行政暨國際處)."""
        title_end = next((t for t in range(at, at - 5, -1) if t in title_ends), None)
        return title_end is not None and not any(c in self.grammar.stops for c in view[title_end:at])

    def _after_coordination(self, view: str, at: int) -> bool:
        """Whether a joiner right before `at` follows a whole ORG name (忠孝國中及 | 前金國中)."""
        return at > 0 and any(view.endswith(word, 0, at) and self.grammar.ends_org(view, at - len(word))
                              for word in self.org_joiners_by_last.get(view[at - 1], ()))

    def _drop_leading_joiners(self, view: str, start: int, end: int) -> int:
        """及經政府 → no name: 及/在台 join parts of a name but cannot open one (駐 can)."""
        for word in self.org_inner_words:
            if word not in self.org_openers and view.startswith(word, start) and start + len(word) < end:
                return self._drop_leading_joiners(view, start + len(word), end)
        return start

    def _drop_leading_deictic(self, view: str, start: int, end: int) -> int:
        """縣府文化局 → 文化局: the reporter's own government written as a deictic (縣府, 本府) before a unit of it
        is no part of the unit's name (LABELLING.md: 本府秘書處 → 秘書處)."""
        deictic = next((len(w) for w in self.grammar.deictics if view.startswith(w, start)), 0)
        return start + deictic if deictic and end - start - deictic >= 2 else start

    def _drop_higher_places(self, ctx: EntityContext, start: int, end: int, suffix: OrgSuffix) -> int:
        """The ORG keeps the place its own name starts with; a higher-level place written before it is
        its own span (日本 + 青森縣 + 陸奧市川內中學, 韓國 + 釜山國際交流財團), and so is a country before
        an organisation of a kind whose name does not hold it (美國 + 明德大學; not 斯洛伐克經濟部). A
        home-country place keeps the name whole: 宜蘭縣日本交流協會 is a local body."""
        rules = self.grammar.gazetteer.rules["org_place_prefix"]
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
        return self.grammar.place_country.get(fold(place.norm["name"])) == self.grammar.gazetteer.rules["home_country"]

    def _drop_leading_verbs(self, ctx: EntityContext, start: int, end: int) -> int:
        """審核運動發展局 → 運動發展局: a verb cannot open an organisation's name."""
        while start < end:
            token = next(((s, e) for s, e in [self._token_starting_at(ctx, start)] if e <= end), None)
            word = ctx.view[token[0]:token[1]] if token else ""
            if token is None or self.grammar.jieba.tag(word) != "v" or word in self.org_openers:
                return start
            start = token[1]
        return start

    @staticmethod
    def _token_starting_at(ctx: EntityContext, start: int) -> tuple[int, int]:
        for length in range(1, 12):
            if start + length in ctx.token_ends and start in ctx.token_starts:
                return (start, start + length)
        return (start, start + 1)
