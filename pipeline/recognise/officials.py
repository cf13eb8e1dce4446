"""Entity phase 4, officials: a title with the name written before it (陳其邁市長, 林課長佳濃) or after it
(市長蔣萬安, 大使歐克麗(Dilmei L. Olkeriil)), and names sharing one title (江綺雯及包宗和監察委員)
(LABELLING.md, OFFICIAL; rules/titles.yaml, rules/entities.yaml). A name stops
at a place or organisation before it, so those come first. Officials in English text are the English
recogniser's (english.py)."""
from __future__ import annotations

import re
from collections.abc import Container

from ..textlayer import is_cjk
from .entity_grammar import COMMON_WORD_FREQ, KNOWN_WORD_FREQ, Candidate, EntityContext, EntityGrammar, TitleHit

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


class OfficialPhase:
    def __init__(self, grammar: EntityGrammar):
        self.grammar = grammar
        measures = "".join(re.escape(w) for w in grammar.rules["person_measures"])
        self.counted_title = re.compile(rf"(?:\d+|[一二两三四五六七八九十几数多]+)[{measures}]$")

    def find(self, ctx: EntityContext, titles: list[TitleHit], entities: list[Candidate]) -> list[Candidate]:
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
            else:
                listed = self._names_listed_before(ctx, hit, span_ends, by_end)
                spans += listed
                claimed.update(i for s in listed for i in range(s.start, s.end))
        title_starts = {t.start for t in titles}
        for hit in titles:
            if hit.start in claimed or hit.end in claimed:
                continue
            span = self._name_after(ctx, hit, covered, title_starts)
            if span:
                spans.append(span)
        return spans

    def _official(self, ctx: EntityContext, start: int, end: int, name: str, name_en: str | None, title: str,
                  rule: str) -> Candidate | None:
        if not ctx.free(start, end):
            return None
        return ctx.span(start, end, "OFFICIAL", f"rule:official/{rule}", {"name": name, "name_en": name_en, "title": title})

    def _name_before(self, ctx: EntityContext, hit: TitleHit, span_ends: set[int], covered: set[int],
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

    def _given_name_end(self, ctx: EntityContext, start: int) -> int | None:
        for length in (2, 1):
            end = start + length
            given = ctx.view[start:end]
            if end <= len(ctx.view) and all(is_cjk(c) for c in given) and not self._dictionary_word(given) \
                    and given[0] not in self.grammar.stops and end in ctx.token_ends \
                    and self._boundary_at(ctx.view, end) and not ctx.stop_word_ending_at(end):
                return end  # 林課長佳濃; not 黃市長也提(到): 也 is no given name, and 提到 is one word
        return None

    def _boundary_at(self, view: str, offset: int) -> bool:
        """Whether a name may end here: end of text, punctuation, or a stop word starting."""
        if offset >= len(view) or not (is_cjk(view[offset]) or view[offset] in self.grammar.joiners):
            return True
        return view[offset] in self.grammar.stops or self.grammar.long_stop_words.longest(view, offset) is not None \
            or self.grammar.honorifics.longest(view, offset) is not None

    def _run_start(self, ctx: EntityContext, end: int, span_ends: set[int], covered: set[int], title_ends: Container[int]) -> int:
        """Start of the run of name characters before `end`: it stops at punctuation, a span, a title."""
        limit = 2 * self.grammar.gazetteer.rules["name_length"]["foreign_max"] + 1
        start = end
        while start > 0 and end - start < limit:
            char = ctx.view[start - 1]
            if start in span_ends or start - 1 in covered or start in title_ends or ctx.blocked[start - 1]:
                break
            if not (is_cjk(char) or char in self.grammar.joiners):
                break
            start -= 1
        while start < end and ctx.view[start] in self.grammar.joiners:  # II.陳其邁: a dot cannot open a name
            start += 1
        return start

    def _soft_stops(self, ctx: EntityContext, start: int, end: int) -> list[int]:
        """Offsets in (start, end) right after a stop word (與, 由, 本府 …): where a name may begin."""
        stops = []
        for offset in range(start + 1, end):
            token_start = ctx.token_start_at_end.get(offset)
            if token_start is not None and ctx.view[token_start:offset] in self.grammar.joiners:
                continue
            if token_start is not None and token_start >= start and self.grammar.stop_token(ctx, token_start, offset):
                stops.append(offset)
            elif ctx.stop_word_ending_at(offset):
                stops.append(offset)
            elif token_start == offset - 1 and token_start >= start and offset in ctx.token_starts \
                    and self.grammar.jieba.tag(ctx.view[token_start]) in self.grammar.lone_stop_tags:
                stops.append(offset)  # 疫情後|陳其邁市長: a lone function word the segmenter cut off
            elif ctx.view[offset - 1] in self.grammar.stops and offset - 1 in ctx.token_starts and offset not in ctx.token_ends:
                stops.append(offset)  # 由侯|市長: jieba's token straddles the stop word and the surname
        return stops

    def _name_start_in_run(self, ctx: EntityContext, run_start: int, end: int, hit: TitleHit, confirmed: bool,
                           after_entity: bool) -> int | None:
        """Where a plausible person name ending at `end` starts, or None."""
        if end > run_start and ctx.view[end - 1] in self.grammar.conjunctions:
            return None  # 鈴木一郎暨副知事: a name does not end in a conjunction
        soft_stops = self._soft_stops(ctx, run_start, end)
        for start in [run_start, *soft_stops]:
            while start < end - 1 and self._function_word_first(ctx, start):
                start += 1  # 令歐克麗大使, 則有議長: a verb or adverb before the name is no part of it
            start = self._joined_name_start(ctx, start, end, run_start)
            if not self._name_length_ok(ctx.view[start:end]):
                continue
            surname_led = self._surname_name_start(ctx.view, start, end) == start
            if not surname_led and any(start < stop < end for stop in soft_stops):
                continue
            if end - start == 1:
                if ctx.view[start] in self.grammar.surnames:
                    return start
                continue
            # 帛琉科羅州州長歐克麗: a name between a place and its title; not 塞班僑務諮詢委員 (words, a title's own)
            structured = after_entity and start == run_start and not self._everyday_word(ctx.view[start:end]) \
                and (surname_led or not self._words_only(ctx, start, end)) \
                and ctx.view[start:end] not in self.grammar.stops and not ctx.stop_word_ending_at(end) \
                and not self.grammar.admin_suffixes.longest(ctx.view, end - 1) and not self.grammar.ends_org(ctx.view, end)
            if not (confirmed or structured or self._looks_like_name(ctx, start, end)):
                continue
            if hit.ambiguous and not (confirmed or surname_led or structured):
                continue
            return start
        return self._fallback_name_start(ctx, run_start, end, hit)

    def _words_only(self, ctx: EntityContext, start: int, end: int) -> bool:
        """僑務諮詢 (僑務 + 諮詢): segmenter tokens that are all words of the dictionary other than names, no
        name of a person (門川大作 holds 門川)."""
        view, offset = ctx.view, start
        while offset < end:
            token_end = next((e for e in range(offset + 1, end + 1) if e in ctx.token_ends), None)
            word = view[offset:token_end] if token_end else ""
            if not word or self.grammar.jieba.frequency(word) < KNOWN_WORD_FREQ or self.grammar.jieba.tag(word) in self.grammar.person_tags:
                return False
            offset = token_end
        return True

    def _function_word_first(self, ctx: EntityContext, start: int) -> bool:
        """令歐克麗大使, 則有議長: a function word (則, 而, 有, 令) the segmenter cut off as a word of its own
        is no part of the name after it; a character inside a name token (露珍怡代表) or a surname (何, 高,
        渡邊) opens names whatever else it is."""
        view, surnames = ctx.view, self.grammar.surnames
        if view[start] in surnames or view[start:start + 2] in surnames or view[start] in self.grammar.joiners:
            return False
        return start in ctx.token_starts and start + 1 in ctx.token_ends \
            and self.grammar.jieba.tag(view[start]) in self.grammar.function_tags

    def _joined_name_start(self, ctx: EntityContext, start: int, end: int, run_start: int) -> int:
        """艾德里安‧施里納: a name joined by a middle dot takes the part before the dot too."""
        view = ctx.view
        first_dot = next((i for i in range(start, end) if view[i] in self.grammar.joiners), None)
        if first_dot is None or first_dot - start <= 4:
            return start
        for length in range(4, 0, -1):
            candidate = first_dot - length
            if candidate >= run_start and candidate in ctx.token_starts | {run_start}:
                return candidate
        return start

    def _name_length_ok(self, name: str) -> bool:
        parts = [p for p in re.split(f"[{re.escape(''.join(self.grammar.joiners))}]", name)]
        limit = self.grammar.gazetteer.rules["name_length"]["foreign_max"]
        return 1 <= len(name) and all(1 <= len(p) <= limit for p in parts) and len(parts) <= 3

    def _fallback_name_start(self, ctx: EntityContext, run_start: int, end: int, hit: TitleHit) -> int | None:
        """No edge found: a surname-led Chinese name that starts a token and holds no stop word."""
        view = ctx.view
        if end - run_start >= 1 and view[end - 1] in self.grammar.surnames and ctx.token_start_at_end.get(end) == end - 1:
            return end - 1  # 贊同陳市長: a surname standing alone before the title
        start = self._surname_name_start(view, max(run_start, end - 4), end)
        if start is None or self._everyday_word(view[start:end]):
            return None
        if start not in ctx.token_starts and not (start > 0 and view[start - 1] in self.grammar.stops):
            return None
        if hit.ambiguous and end - start < 3:
            return None
        if any(c in self.grammar.stops for c in ctx.view[start:end]) or self._soft_stops(ctx, start, end):
            return None
        return start

    def _dictionary_word(self, text: str) -> bool:
        """A word of jieba's dictionary, or the start of one (線上 of 線上遊戲), other than a person's name
        (瓊斯 is one: tagged nrt)."""
        return text in self.grammar.jieba and self.grammar.jieba.tag(text) not in self.grammar.person_tags

    def _everyday_word(self, text: str) -> bool:
        return text in self.grammar.not_names or self.grammar.jieba.frequency(text) > COMMON_WORD_FREQ

    def _surname_name_start(self, view: str, start: int, end: int) -> int | None:
        given_max = self.grammar.gazetteer.rules["name_length"]["chinese_given_max"]
        for offset in range(start, end - 1):
            for length in (2, 1):
                surname = view[offset:offset + length]
                given = end - offset - length
                origin = self.grammar.surnames.get(surname)
                if origin and 1 <= given <= (given_max + 1 if origin == "japanese" else given_max):
                    return offset
        return None

    def _looks_like_name(self, ctx: EntityContext, start: int, end: int) -> bool:
        name = ctx.view[start:end]
        place = self.grammar.place_forms.longest(name, 0)
        if name in self.grammar.not_names or name in self.grammar.stops or (place and not place[1].short):
            return False
        if self.grammar.admin_suffixes.longest(name, len(name) - 1) or self.grammar.ends_org(name, len(name)):
            return False  # 弘前市, 勞工處: a place or a body, not a person
        if self._everyday_word(name) and self.grammar.jieba.tag(name) not in self.grammar.person_tags:
            return False  # 勞工處長: 勞 is a surname, but 勞工 a word
        if self._surname_name_start(ctx.view, start, end) == start:
            return True
        return not self.grammar.made_of_words(ctx, start, end)

    def _shared_title_names(self, ctx: EntityContext, span: Candidate, hit: TitleHit, span_ends: set[int],
                            by_end: dict[int, TitleHit]) -> list[Candidate]:
        """江綺雯及包宗和監察委員: 江綺雯 shares the title and is a name-only OFFICIAL."""
        if span.start < 2 or ctx.view[span.start - 1] not in self.grammar.rules["list_joiners"]:
            return []
        return self._names_back(ctx, span.start - 1, span.norm["title"], span_ends, by_end, "shared_title")

    def _names_listed_before(self, ctx: EntityContext, hit: TitleHit, span_ends: set[int],
                             by_end: dict[int, TitleHit]) -> list[Candidate]:
        """林小華及陳大明、吳美玲、張志強等議員: names listed before 等 (rules/entities.yaml, list_enders) and a
        title share it, each a name-only OFFICIAL (the title touches none of them)."""
        ender = next((w for w in self.grammar.rules["list_enders"] if ctx.view.endswith(w, 0, hit.start)), None)
        if ender is None:
            return []
        title = ctx.text[hit.start:hit.end]
        return self._names_back(ctx, hit.start - len(ender), title, span_ends, by_end, "listed_title")

    def _names_back(self, ctx: EntityContext, end: int, title: str, span_ends: set[int], by_end: dict[int, TitleHit],
                    rule: str) -> list[Candidate]:
        """The surname-led names written back from `end`, each joined to the one after it by a list joiner
        (及, 、), as name-only OFFICIALs with `title`."""
        view, found = ctx.view, []
        while end > 0:
            start = self._surname_name_start(view, max(0, end - 4), end)
            if start is None or start in by_end or not (start == 0 or start in span_ends or self._boundary_before(ctx, start)):
                break
            official = self._official(ctx, start, end, ctx.text[start:end], None, title, rule)
            if official is None:
                break
            found.append(official)
            if start == 0 or view[start - 1] not in self.grammar.rules["list_joiners"]:
                break
            end = start - 1
        return found

    def _boundary_before(self, ctx: EntityContext, offset: int) -> bool:
        char = ctx.view[offset - 1]
        return not (is_cjk(char) or char in self.grammar.joiners) or char in self.grammar.stops or ctx.stop_word_ending_at(offset)

    def _name_after(self, ctx: EntityContext, hit: TitleHit, covered: set[int], title_starts: set[int]) -> Candidate | None:
        """大使歐克麗(Dilmei L. Olkeriil), 市長蔣萬安, 代表Mario Ste-Marie, 州長 Eyos Rudimch."""
        view, start, title = ctx.view, hit.end, ctx.text[hit.start:hit.end]
        latin = re.match(rf"[ \u00a0]?({_LATIN_NAME})", view[start:start + 80])
        if latin:
            end = start + latin.end()
            return self._official(ctx, hit.start, end, latin.group(1), latin.group(1), title, "title_name")
        if self.counted_title.search(view, max(0, hit.start - 6), hit.start):
            return None  # 兩位議長共同簽署: a title counted in the plural names nobody
        end, limit = start, 2 * self.grammar.gazetteer.rules["name_length"]["foreign_max"] + 1
        while end < len(view) and end - start < limit and end not in covered and end not in title_starts \
                and not ctx.blocked[end] \
                and (is_cjk(view[end]) or view[end] in self.grammar.joiners) and not self.grammar.honorifics.longest(view, end) \
                and not (end > start and self._boundary_at(view, end)):
            end += 1
        paren = _PAREN_LATIN.match(view, self._after_honorific(view, end)) or _BARE_LATIN.match(view, end)
        if paren and self._name_length_ok(view[start:end]) and end - start >= 2:
            return self._official(ctx, hit.start, paren.end(), ctx.text[start:end], paren.group(1), title,
                                  "title_name")
        surname_end = None if hit.ambiguous else \
            self._two_word_name_end(ctx, start, title_starts) or self._surname_led_name_end(ctx, start, title_starts)
        if surname_end is not None:
            return self._official(ctx, hit.start, surname_end, ctx.text[start:surname_end], None, title, "title_name")
        name_end = self._chinese_name_end(ctx, start, end, surname_only=hit.ambiguous)
        if name_end is None:
            return None
        return self._official(ctx, hit.start, name_end, ctx.text[start:name_end], None, title, "title_name")

    def _surname_led_name_end(self, ctx: EntityContext, start: int, title_starts: set[int]) -> int | None:
        """市長陳其邁親自出席, 議長林東明認為, 市長佐藤健太致詞: a surname and its given name, the longest
        that ends where a word of its own starts (a name never swallows the verb after it). A surname's
        character may be on a stop list (其 of 陳其邁 is): inside a name it is no stop."""
        view, lengths = ctx.view, self.grammar.gazetteer.rules["name_length"]
        for surname_length in (2, 1):
            origin = self.grammar.surnames.get(view[start:start + surname_length])
            if origin is None:
                continue
            longest = lengths["chinese_given_max"] + (1 if origin == "japanese" else 0)
            known = self._known_given_name_end(ctx, start, start + surname_length, longest, origin, title_starts)
            if known is not None:
                return known  # 市長石塚雅之共同簽署: 雅之 is a given name, whatever the segmenter made of 之
            for given in range(longest, 0, -1):
                end = start + surname_length + given
                if end > len(view) or given > lengths["chinese_given_max"] and self._lone_function_word(view[end - 1]):
                    continue  # 知事鈴木康友率團: a Japanese given name's third character, when a verb, is the verb
                if not ctx.free(start, end) or not all(is_cjk(c) for c in view[start:end]) \
                        or any(i in title_starts for i in range(start + 1, end)) or self._dictionary_word(view[start:end]):
                    continue
                if (self._word_starts_at(ctx, end) or end < len(view) and self._lone_function_word(view[end])) \
                        and not self._ends_in_a_word(ctx, start + surname_length, end):
                    return end
        return None

    def _known_given_name_end(self, ctx: EntityContext, name_start: int, start: int, longest: int, origin: str,
                              title_starts: set[int]) -> int | None:
        """The end of the longest given name of the family name's origin written at `start` (gazetteer/lists.yaml,
        given_names: 雅之, 健一, 美和 after a Japanese family name)."""
        view = ctx.view
        for length in range(longest, 1, -1):
            end = start + length
            if self.grammar.given_names.get(view[start:end]) == origin and ctx.free(name_start, end) \
                    and not any(i in title_starts for i in range(start, end)):
                return end
        return None

    def _two_word_name_end(self, ctx: EntityContext, start: int, title_starts: set[int]) -> int | None:
        """知事蒲島郁夫來訪: a family and a given name of two characters each (as Japanese names are), two
        tokens the dictionary does not know, the first opening with a surname, followed by a word of its own."""
        view, middle, end = ctx.view, start + 2, start + 4
        if end > len(view) or not (view[start] in self.grammar.surnames or view[start:middle] in self.grammar.surnames) \
                or ctx.token_start_at_end.get(middle) != start or ctx.token_start_at_end.get(end) != middle \
                or not ctx.free(start, end) or not all(is_cjk(c) for c in view[start:end]) \
                or any(i in title_starts for i in range(start + 1, end)):
            return None
        unknown = all(self.grammar.jieba.frequency(view[a:b]) < KNOWN_WORD_FREQ for a, b in ((start, middle), (middle, end)))
        return end if unknown and self._word_starts_at(ctx, end) else None

    def _lone_function_word(self, char: str) -> bool:
        """A character that stands as a common verb, adverb or preposition of its own (率, 於, 也)."""
        return self.grammar.jieba.frequency(char) >= COMMON_WORD_FREQ and self.grammar.jieba.tag(char) in self.grammar.function_tags

    def _ends_in_a_word(self, ctx: EntityContext, given_start: int, end: int) -> bool:
        """代表於網路, 知事鈴木康友率(團): the given name ends in an everyday word or a function word the
        segmenter cut (網路, 率), so the name is shorter or none."""
        view = ctx.view
        last = max((s for s in range(given_start, end) if s in ctx.token_starts), default=given_start)
        word = view[last:end]
        return (self._everyday_word(view[given_start:end]) and self.grammar.jieba.tag(view[given_start:end])
                not in self.grammar.person_tags) or (end in ctx.token_ends and self.grammar.jieba.frequency(word) >=
                                                     KNOWN_WORD_FREQ and self.grammar.jieba.tag(word) in self.grammar.function_tags)

    def _word_starts_at(self, ctx: EntityContext, offset: int) -> bool:
        """The text ends, or something that is no part of a name starts here: punctuation, a span found
        earlier (今(22)日), or a word of jieba's dictionary the segmenter cut (親自, 認為, 說); not a token
        jieba does not know (郁夫 of 蒲島郁夫: the rest of the name)."""
        view = ctx.view
        if offset >= len(view) or not is_cjk(view[offset]) or ctx.blocked[offset]:
            return True
        token_end = next((end for end in range(offset + 1, min(len(view), offset + 8) + 1) if end in ctx.token_ends), None)
        return offset in ctx.token_starts and token_end is not None \
            and self.grammar.jieba.frequency(view[offset:token_end]) >= KNOWN_WORD_FREQ

    def _after_honorific(self, view: str, end: int) -> int:
        """政務次長愛格涅女士（Agne …）: an honorific between a name and its original form stays inside."""
        honorific = self.grammar.honorifics.longest(view, end)
        return honorific[0] if honorific and _PAREN_LATIN.match(view, honorific[0]) else end

    def _chinese_name_end(self, ctx: EntityContext, start: int, end: int, surname_only: bool) -> int | None:
        """A name right after a title: the whole run up to a boundary if it is a plausible name
        (市長蔣萬安，, 知事小池百合子，, 市長野志克仁。), else a surname-led name ending at a word edge."""
        view = ctx.view
        if any(not form.short for _, form in ctx.places.get(start, ())):
            return None  # 代表高雄市: a place, not a name (副市長橫山健治: 橫山 only shortens 橫山鄉)
        name = view[start:end]
        joined = any(c in self.grammar.joiners for c in name)  # 阿古斯‧赫曼多: parts joined by a dot may run longer
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
