"""Entity phase 2, places: CITY and COUNTRY from the gazetteer's names (with the administrative
suffix written after them taken in), short forms of places the document names (布省), and unknown names
with a suffix where the grammar shows a place (country + name + 市, the other party of a tie)
(LABELLING.md, CITY and COUNTRY; rules/entities.yaml). Places in English text are the English
recogniser's (english.py)."""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..normalise import fold, fold_char
from ..resources.gazetteer import Place
from ..textlayer import is_cjk
from .entity_grammar import COMMON_WORD_FREQ, TITLE_SPLIT_FREQ, Candidate, EntityContext, EntityGrammar, TitleHit
from .lexicon import Lexicon



class PlacePhase:
    def __init__(self, grammar: EntityGrammar):
        self.grammar = grammar
        rules = grammar.rules
        self.unseen_suffixes = grammar.word_lexicon(rules["unseen_city_suffixes"])
        self.unseen_suffix_openers = re.compile(
            "|".join(sorted({re.escape(fold(w)[0]) for w in rules["unseen_city_suffixes"]})) or "(?!)")
        self.name_endings = grammar.word_lexicon(rules["name_endings"])
        self.not_name_openers = {fold(w) for w in rules["not_name_openers"]}
        self.unseen_city_separators = {where: fold(chars) for where, chars in rules["unseen_city_separators"].items()}
        self.tie_party = self._tie_party_pattern(rules["unseen_city_ties"], rules["unseen_city_suffixes"],
                                                 rules["unseen_city_name_length"])
        self.abbreviation_suffix = {fold(s): label for label, suffixes in rules["abbreviations"].items()
                                    for s in suffixes}
        self.abbreviation_suffix_at = re.compile("|".join(map(re.escape, self.abbreviation_suffix)))

    @staticmethod
    def _tie_party_pattern(ties: dict[str, list[str]], suffixes: list[str], length: dict[str, int]) -> re.Pattern:
        def alternatives(words: Iterable[str]) -> str:
            return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))
        reach = ties["reach"]
        return re.compile(rf"(?:{alternatives(ties['before'])})"
                          rf"([\u4e00-\u9fff]{{{length['min']},{length['max']}}}?({alternatives(suffixes)}))"
                          rf"(?=[^，。；;,\n]{{0,{reach}}}?(?:{alternatives(ties['verbs'])}))")

    def find(self, ctx: EntityContext, titles: list[TitleHit]) -> list[Candidate]:
        inside_title = {i for t in titles for i in range(t.core_start + 1, t.end)}
        title_starts = {t.core_start for t in titles}
        raw = [(start, end, form) for start in sorted(ctx.places) for end, form in ctx.places[start]]
        named = {form.place for _, _, form in raw if not form.short}
        full_ending_at = {end: form.place for _, end, form in raw if not form.short}
        spans, mentions = [], []
        for start, end, form in raw:
            if form.short and form.place not in named and not self._after_higher_place(ctx, start, end, form.place,
                                                                                         full_ending_at):
                continue
            if start in inside_title or not ctx.free(start, end) or not self._word_edges(ctx, start, end) \
                    or self._across_words(ctx, start, end):
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
        return [s for s in spans if not ctx.in_quoted_title(s.start, s.end)]

    def _after_higher_place(self, ctx: EntityContext, start: int, end: int, place: Place,
                            full_ending_at: dict[int, Place]) -> bool:
        """A short form right after its country or a higher-level place of it (日本和歌山, 福井縣若狭) names the
        place even where the document does not name it in full, unless it is an everyday word (日本中央政府)."""
        before = full_ending_at.get(start)
        if before is None or before.country != place.country or before is place:
            return False
        if before.label != "COUNTRY" and before.kind not in self.grammar.rules["higher_place_kinds"]:
            return False
        return self.grammar.jieba.frequency(ctx.view[start:end]) <= COMMON_WORD_FREQ

    def _across_words(self, ctx: EntityContext, start: int, end: int) -> bool:
        """締結城市 holds no 結城市: the name's first character ends an everyday word begun before it, and the
        rest of the name is one too (城市), so the text reads as two words, not a name."""
        if start == 0 or start in ctx.token_starts or end - start < 3:
            return False
        frequency = self.grammar.jieba.frequency
        return frequency(ctx.view[start - 1:start + 1]) > COMMON_WORD_FREQ \
            and frequency(ctx.view[start + 1:end]) > COMMON_WORD_FREQ

    def _word_edges(self, ctx: EntityContext, start: int, end: int) -> bool:
        """A two-character name must start a token and end one (今日本市 holds no 日本), or start a long one:
        jieba's dictionary holds compound names whole (美国亚利桑那大学)."""
        if end - start > 2:
            return True
        ends_word = end in ctx.token_ends or self.grammar.admin_suffixes.longest(ctx.view, end) is not None \
            or start in ctx.compound_starts
        return start in ctx.token_starts and ends_word

    def _suffix_in_word(self, ctx: EntityContext, start: int, end: int, title_starts: set[int]) -> bool:
        """The form's last character starts a word (東方市|場) and the form without it names no place; but
        not where an organisation's ending follows the form (新竹市|議會: the council of the place)."""
        return end - 1 not in title_starts and self.grammar.suffix_words.longest(ctx.view, end - 1) is not None \
            and not ctx.form_ends_at(start, end - 1) and self.grammar.zh_suffix_words.longest(ctx.view, end) is None

    def _place_end(self, ctx: EntityContext, start: int, end: int, title_starts: set[int]) -> int:
        """Take a following administrative suffix (溫哥華 + 市), but give a suffix that starts a title or
        a word back (松山市長 → 松山 + 市長, 高雄市政 → 高雄 + 市政; not 熊本縣政策, 高雄道地)."""
        view = ctx.view
        suffix_starts_word = end - 1 in ctx.token_starts or (
            ctx.form_ends_at(start, end - 1)  # 高雄市民: jieba keeps 高雄市 whole
            and self.grammar.jieba.frequency(view[end:end + 2]) <= COMMON_WORD_FREQ)  # but 熊本縣 + 政策
        if end - 1 in title_starts or (suffix_starts_word and self.grammar.suffix_words.longest(view, end - 1)):
            return end - 1
        suffix = self.grammar.admin_suffixes.longest(view, end)
        if suffix and suffix[0] - 1 not in title_starts and not self.grammar.suffix_words.longest(view, end) \
                and self.grammar.jieba.frequency(view[suffix[0] - 1:suffix[0] + 1]) <= TITLE_SPLIT_FREQ \
                and not self.grammar.admin_suffixes.longest(view, end - 1) and end not in ctx.places:
            return suffix[0]  # not 福島縣 + 郡 (a name has one suffix), nor 日本 + 郡 of 郡山市 (the next place)
        return end

    def _inside_name(self, ctx: EntityContext, start: int, end: int, label: str) -> bool:
        """Part of the name of an event, site or facility: 高雄燈會, 高雄港, 2022台灣燈會; not a country
        before an organisation whose name does not hold it (美國 + 明德大學)."""
        view, reach = ctx.view, self.grammar.gazetteer.rules["name_ending_reach"]
        for offset in range(end, min(len(view), end + reach)):
            if offset in ctx.places:  # 日本熊本縣: the next place is no name ending
                return False
            ending = self.name_endings.longest(view, offset)
            if ending and (ending[0] - offset > 1 or offset == end):  # one-character endings must touch
                return not (label == "COUNTRY" and self._country_outside(view[offset:ending[0]]))
            if not is_cjk(view[offset]) or view[offset] in self.grammar.stops:
                return False
        return False

    def _country_outside(self, org_ending: str) -> bool:
        suffix = self.grammar.zh_suffixes.get(org_ending)
        return suffix is not None and suffix.kind in self.grammar.gazetteer.rules["org_place_prefix"]["country_outside"]

    @staticmethod
    def _place_norm(place: Place) -> dict:
        return {"name": place.name, "name_en": place.name_en}

    def _abbreviations(self, ctx: EntityContext, mentions: list[tuple[int, Place]], title_starts: set[int]) -> list[Candidate]:
        """布省, 康市, 帛國: the first character of a place named in this document plus its suffix."""
        spans, view = [], ctx.view
        by_first: dict[str, list[tuple[int, Place, str]]] = {}  # folded first character -> mentions
        for offset, place in mentions:
            by_first.setdefault(fold_char(place.name[0]), []).append((offset, place, fold_char(place.name[-1])))
        for suffix in self.abbreviation_suffix_at.finditer(view, 1):
            start, label = suffix.start() - 1, self.abbreviation_suffix[suffix.group()]
            mentioned = by_first.get(view[start])
            if not mentioned:
                continue  # no place named here starts with this character (most 市 and 國 are no abbreviation)
            if view[start:start + 2] in self.grammar.deictics or not ctx.free(start, start + 2):
                continue
            at_word_start = start in ctx.token_starts or (start > 0 and view[start - 1] in self.grammar.stops)
            ends_word = start + 2 in ctx.token_ends or view[start + 2:start + 3] in self.grammar.stops  # 史國|為: HMM joins 史国为
            if not at_word_start or not ends_word or start + 1 in title_starts \
                    or start in ctx.places:
                continue
            place = self._referent(view, start, label, mentioned)
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

    def _unseen_cities(self, ctx: EntityContext, spans: list[Candidate], titles: list[TitleHit]) -> list[Candidate]:
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

    def _unseen_cities_in_ties(self, ctx: EntityContext, taken: set[int], title_at: dict[int, TitleHit]) -> list[Candidate]:
        """本縣與茂宜郡以視訊方式簽署…, 本市與成田市締結…: an unknown name + administrative suffix as the
        other party of a tie the clause goes on to conclude is a CITY."""
        found = []
        for match in self.tie_party.finditer(ctx.view):
            start, end = match.span(1)
            name_end = end - len(match.group(2))
            if ctx.view[start] in self.not_name_openers or any(i in taken or i in title_at for i in range(start, end)) \
                    or self.grammar.made_of_words(ctx, start, name_end) or not ctx.free(start, end):
                continue
            found.append(ctx.span(start, end, "CITY", "rule:city/tie_party", {"name": ctx.text[start:end], "name_en": None}))
            taken.update(range(start, end))
        return found

    def _unseen_city_after(self, ctx: EntityContext, anchor: Candidate, taken: set[int],
                           title_at: dict[int, TitleHit]) -> Candidate | None:
        view, start = ctx.view, anchor.end
        if start < len(view) and view[start] in self.unseen_city_separators["after_place"]:
            start += 1
        elif anchor.label == "CITY" and start < len(view) and view[start] in self.unseen_city_separators["in_list"]:
            start += 1
        bounds = self.grammar.gazetteer.rules["unseen_city_name_length"]
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
            if self.grammar.made_of_words(ctx, start, start + length) or not ctx.free(start, suffix[0]):
                return None
            return ctx.span(start, suffix[0], "CITY", "rule:city/place_name_suffix",
                            {"name": ctx.text[start:suffix[0]], "name_en": None})
        return None

    def _bare_mentions(self, ctx: EntityContext, cities: list[Candidate], taken: set[int],
                       title_starts: set[int]) -> list[Candidate]:
        """Once 卡托維茲市 is found, 卡托維茲 elsewhere in the document names it too."""
        forms = Lexicon()
        for city in cities:
            full = city.norm["name"]
            bare = full.rstrip("".join(self.grammar.gazetteer.rules["unseen_city_suffixes"]))
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
