"""CITY, COUNTRY, ORG, OFFICIAL and COUNT in English text (LABELLING.md; rules/english_patterns.jsonl,
rules/english.yaml, rules/english_titles.yaml).

Built the way spaCy users build rules: spaCy's English tokenizer, the lexicons marking each token
(english_tokens.py), and token patterns kept as data in the JSONL format of spaCy's Matcher / SpanRuler,
each with an id that becomes the span's rule (rule:en/<id>). A pattern's "keep" says which part of a
match is the span (a name-only OFFICIAL, each city of "Toyota and Okazaki Cities"). What patterns cannot say
is checked here: a name inside an event's or a facility's name is no span, an organisation's name does
not run across a heading's verb into a place, a count after a determiner (the two cities) is none.
"""
from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from ..document import Document, Span
from ..resources import Gazetteer
from ..resources.english_rules import EnglishPattern, EnglishRules
from ..spans import make_span, overlapping
from .english_tokens import LatinText, TokenMarker, latin_text

_QUOTE_REACH = 80  # a quoted title is shorter than this (as for Chinese names)
_NAME_CLASSES = ("NAME", "AMBIGUOUS")  # Mayor Jordan
_PLACE_CLASSES = ("CITY", "COUNTRY")
# What no name written before its title (Name, the Mayor of …) follows: it would be a longer name's tail.
_NOT_BEFORE_NAME = ("NAME", "AMBIGUOUS", "JOIN", "TITLE", "ORG_HEAD", "CITY", "COUNTRY")
# In a heading every word is capitalised, so a name runs into the verb after it: a name there has at most
# two words, and a second word with a verb's ending is the verb.
_HEADLINE_VERB_ENDINGS = ("s", "ed")
_HEADLINE_SHARE = 0.6  # of a line's words capitalised, at least


def _cls(token) -> str:
    """The class the lexicons gave the token (english_tokens.py)."""
    return token.tag_


class EnglishRecogniser:
    def __init__(self, rules: EnglishRules, gazetteer: Gazetteer):
        self.rules = rules
        self.words = rules.words
        self.marker = TokenMarker(rules, gazetteer.places)
        self.name_endings = set(self.words["name_endings"])
        self.place_openers = set(self.words["org_place_openers"])
        self.not_count_before = {w.lower() for w in self.words["not_count_before"]}
        self.count_modifiers = set(self.words["count_modifiers"])
        self.qualifiers = {tuple(k.lower().split()): v for k, v in self.words["count_qualifiers"].items()}

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_matcher"}

    @cached_property
    def _matcher(self):
        """spaCy's Matcher over the patterns, each under its index (built on first use in a process). Every
        match is kept, not only the longest: a longer one may be no name (… Committee of the Taipei City |
        Council), and the outer of the valid ones wins when the spans are resolved."""
        from spacy.matcher import Matcher

        matcher = Matcher(self.marker._spacy_nlp.vocab)
        for index, pattern in enumerate(self.rules.patterns):
            matcher.add(str(index), [list(pattern.pattern)])
        return matcher

    def find(self, doc: Document, found: list[Span]) -> list[Span]:
        latin = latin_text(doc.view, doc.layer.hard_breaks)
        if latin is None:
            return []
        tokens = self.marker.tokens(latin.text)
        spans, confirmed = [], set()
        for key, start, end in self._matcher(tokens):
            pattern = self.rules.patterns[int(tokens.vocab.strings[key])]
            match = tokens[start:end]
            if pattern.confirms:
                confirmed.update(t.text for t in match if _cls(t) == "AMBIGUOUS")
            if pattern.id == "org/acronym" and latin.stretch_words(match.start_char) < self.words["acronym_stretch_words"]:
                continue
            for part in self._kept(match, pattern):
                spans += self._span(doc, latin, part, pattern, match)
        spans += self._confirmed_places(doc, latin, tokens, confirmed)
        spans += self._named_bare(doc, latin, tokens, spans)
        spans = self._as_named_in_full(self._not_people(spans))
        dates = [s for s in found if s.label == "DATE"]  # resolved: in text order, none overlapping
        return [s for s in spans if not overlapping(dates, s.start, s.end)
                and not doc.layer.in_quoted_title(s.start, s.end, _QUOTE_REACH)]

    @staticmethod
    def _not_people(spans: list[Span]) -> list[Span]:
        """Magistrate April Yao …, then Yao said: a bare place name that is the family name of an official the
        document names is that person (Yao, Hamada are Japanese cities too)."""
        family = {s.norm["name"].split()[-1] for s in spans if s.label == "OFFICIAL" and " " in (s.norm.get("name") or "")}
        return [s for s in spans if not (s.label == "CITY" and s.text in family and s.rule == "rule:en/place/gazetteer")]

    def _as_named_in_full(self, spans: list[Span]) -> list[Span]:
        """Okayama City …, then Okayama: a bare name the document also writes as a city is that city (岡山市),
        not another place of that name (岡山縣). (Only "City": a prefecture, county or state written in full
        is often followed by its namesake city written bare: Osaka Prefecture's governor … Osaka.)"""
        full = {s.text[:-len(" City")]: s.norm for s in spans if s.label == "CITY" and s.text.endswith(" City")}
        return [replace(s, norm=full[s.text]) if s.label == "CITY" and s.text in full and s.norm != full[s.text] else s
                for s in spans]

    # ---- which part of a match is the span ----

    def _kept(self, match, pattern: EnglishPattern) -> list:
        keep = pattern.keep
        if keep == "first":
            return [match[:1]]
        if keep == "each_name":
            return [match[i:i + 1] for i, t in enumerate(match[:-1]) if _cls(t) in ("NAME", "CITY", "AMBIGUOUS")]  # not Cities
        if keep in ("first_name_run", "last_name_run"):
            runs = self._name_runs(match)
            return [runs[0] if keep == "first_name_run" else runs[-1]] if runs else []
        return [match]

    @staticmethod
    def _name_runs(match) -> list:
        runs, start = [], None
        for i, token in enumerate(list(match) + [None]):
            if token is not None and _cls(token) in _NAME_CLASSES:
                start = i if start is None else start
            elif start is not None:
                runs.append(match[start:i])
                start = None
        return runs

    # ---- spans by label ----

    def _span(self, doc: Document, latin: LatinText, part, pattern: EnglishPattern, match) -> list[Span]:
        label = pattern.label
        if label in _PLACE_CLASSES:
            part = part if not self._inside_name(part) else None
            norm = self._place_norm(part) if part is not None else None
        elif label == "ORG":
            part = self._org_part(part)
            norm = {"name": part.text} if part is not None else None
        elif label == "OFFICIAL":
            part, norm = self._official(part, pattern, match)
        elif label == "COUNT":
            norm = self._count_norm(part)
        else:
            norm = {}
        if part is None or norm is None or not len(part):
            return []
        start, end = latin.doc_offset(part.start_char), latin.doc_offset(part.end_char - 1) + 1
        return [make_span(doc, start, end, label, f"rule:en/{pattern.id}", norm)]

    def _place_norm(self, part) -> dict:
        place = next((self.marker.place_of(t) for t in part if _cls(t) in ("CITY", "COUNTRY", "AMBIGUOUS")), None)
        if place is None:
            return {"name": part.text, "name_en": part.text}
        return {"name": place.name, "name_en": place.name_en}

    def _inside_name(self, part) -> bool:
        """Followed by a capitalised run (numbers and joiners allowed) that ends in an event's or a
        facility's word: 2019 Tokyo Marathon, Sendai International Center, Keelung Harbor."""
        doc = part.doc
        for token in doc[part.end:part.end + 6]:
            if token.text in self.name_endings:
                return True
            if not (token.is_title or token.is_upper or token.like_num or _cls(token) == "JOIN") or token.is_space:
                return False
        return False

    def _org_part(self, part):
        """Trimmed of joiners at its edges and of the words before a place that are no part of a name
        (… Visits Yilan County Government); None when it is inside an event's name or stops short of
        another organisation ending (… Committee of the Tainan City | Council)."""
        doc = part.doc
        if part.end < len(doc) and _cls(doc[part.end]) == "ORG_HEAD" and doc[part.end].is_title:
            return None
        first_place = next((t.i for t in part if _cls(t) in _PLACE_CLASSES), None)
        if first_place is not None and first_place > part.start \
                and not all(t.text in self.place_openers for t in doc[part.start:first_place]) \
                and doc[first_place - 1].lower_ != "in":  # Korean Mission in Taipei: the place ends the name
            before_head = all(_cls(t) != "ORG_HEAD" for t in doc[part.start:first_place])
            if before_head:
                part = doc[first_place:part.end]
        part = self._without_person_after_and(part)
        while len(part) and _cls(part[0]) == "JOIN":
            part = part[1:]
        while len(part) and _cls(part[-1]) == "JOIN":
            part = part[:-1]
        if not len(part) or self._inside_name(part):
            return None
        return part

    @staticmethod
    def _without_person_after_and(part):
        """… Department of Economic Development and Takashi Yamada, Chief of …: names after the last 'and'
        that run on to a comma and a title are a person's, no part of the organisation."""
        doc = part.doc
        joins = [t.i for t in part if t.lower_ == "and"]
        if not joins or not all(_cls(t) in _NAME_CLASSES for t in doc[joins[-1] + 1:part.end]):
            return part
        at = part.end
        while at < len(doc) and _cls(doc[at]) in _NAME_CLASSES:
            at += 1
        if at + 1 < len(doc) and doc[at].text == "," and _cls(doc[at + 1]) in ("TITLE", "MODIFIER"):
            return doc[part.start:joins[-1]]
        return part

    def _official(self, part, pattern: EnglishPattern, match) -> tuple:
        """The span and norm of an official: the title is the words up to the last title or honorific word,
        the name the words after; a romanised given name (Lung-bin) ends the name."""
        if pattern.keep in ("first_name_run", "last_name_run"):
            title = next(t.text for t in match if _cls(t) == "TITLE")
            name = part
            before = part.doc[part.start - 1] if part.start else None
            if pattern.keep == "first_name_run" and before is not None and _cls(before) in _NOT_BEFORE_NAME \
                    and before.lower_ != "and":  # … and Takashi Yamada, Chief of …: one more person
                return None, None  # Minister of Foreign Affairs Joseph Wu, …: no name starts inside that run
        else:
            last_title = max(i for i, t in enumerate(part) if _cls(t) in ("TITLE", "HONORIFIC", "MODIFIER"))
            title_end = max(i for i, t in enumerate(part) if _cls(t) in ("TITLE", "MODIFIER")) + 1
            title = part[:title_end].text
            name = part[last_title + 1:]
        for i, token in enumerate(name):
            if "-" in token.text and token.text.split("-")[-1].islower():
                name = name[:i + 1]
                break
        if _in_headline(part):  # Governor Anna Berg Visits …, Mayor Lin Delivered …: a heading's verb
            name = name[:2]
            if len(name) == 2 and name[1].lower_.endswith(_HEADLINE_VERB_ENDINGS):
                name = name[:1]
        if not len(name):
            return None, None
        span = part.doc[part.start:name.end]
        return span, {"name": name.text, "name_en": name.text, "title": title}

    def _count_norm(self, part) -> dict | None:
        doc = part.doc
        before = doc[part.start - 1].lower_ if part.start else ""
        if before in self.not_count_before:
            return None
        value = self._number(part[0].lower_)
        rest = list(part[1:])
        if rest and _cls(rest[0]) == "MAGNITUDE":
            value *= self.words["magnitudes"][rest.pop(0).lower_]
        if value is None:
            return None
        unit = " ".join(t.lower_ for t in rest if t.text != "-" and t.lower_ not in self.count_modifiers)
        return {"value": value, "unit": unit, "approx": self._qualifier(part)}

    def _number(self, text: str):
        if text in self.words["number_words"]:
            return self.words["number_words"][text]
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return None
        return int(number) if number.is_integer() else number

    def _qualifier(self, part) -> str | None:
        doc = part.doc
        for words, approx in sorted(self.qualifiers.items(), key=lambda item: -len(item[0])):
            start = part.start - len(words)
            if start >= 0 and tuple(t.lower_ for t in doc[start:part.start]) == words:
                return approx
        return None

    def _confirmed_places(self, doc: Document, latin: LatinText, tokens, confirmed: set[str]) -> list[Span]:
        """An ambiguous name (Austin, Victoria) the document writes as a place somewhere is a place everywhere
        in it, but for a person's name (Jordan Reeves, Mayor Austin)."""
        spans = []
        for token in tokens:
            if _cls(token) != "AMBIGUOUS" or token.text not in confirmed:
                continue
            before = _cls(token.nbor(-1)) if token.i else ""
            after = _cls(token.nbor(1)) if token.i + 1 < len(tokens) else ""
            if before in ("TITLE", "HONORIFIC", "NAME") or after == "NAME" or self._inside_name(tokens[token.i:token.i + 1]):
                continue
            place = self.marker.place_of(token)
            start = latin.doc_offset(token.idx)
            spans.append(make_span(doc, start, start + len(token.text), place.label, "rule:en/place/confirmed",
                                   {"name": place.name, "name_en": place.name_en}))
        return spans


    def _named_bare(self, doc: Document, latin: LatinText, tokens, spans: list[Span]) -> list[Span]:
        """Yeongdong County …, then Yeongdong: a place the document writes with its suffix (rules/english.yaml,
        place_suffixes) is that place where it writes the name alone, but in a person's name (Governor
        Melekeok), a longer capitalised name (Yeongdong Agricultural Technology Center) or a longer span."""
        suffixes = tuple(f" {suffix}" for suffix in self.words["place_suffixes"])
        stems: dict[str, dict[str, dict]] = {}  # a stem's first word -> stem -> the place's norm
        for s in spans:
            suffix = next((x for x in suffixes if s.label == "CITY" and s.text.endswith(x) and len(s.text) > len(x)), None)
            if suffix:
                stem = s.text[:-len(suffix)]
                stems.setdefault(stem.split(" ", 1)[0], {})[stem] = s.norm
        taken = [(s.start, s.end) for s in spans]
        found = []
        for token in tokens if stems else ():
            for stem, norm in stems.get(token.text, {}).items():
                if not latin.text.startswith(stem, token.idx) or not _ends_word(latin.text, token.idx + len(stem)):
                    continue
                last = next((t for t in tokens[token.i:] if t.idx + len(t.text) >= token.idx + len(stem)), None)
                before = _cls(token.nbor(-1)) if token.i else ""
                start = latin.doc_offset(token.idx)
                end = latin.doc_offset(token.idx + len(stem) - 1) + 1
                followed_by_name = last is not None and last.i + 1 < len(tokens) and last.nbor(1).is_title
                if before in ("TITLE", "HONORIFIC", "NAME") or followed_by_name \
                        or any(a < end and start < b for a, b in taken):
                    continue
                found.append(make_span(doc, start, end, "CITY", "rule:en/place/named_in_full", dict(norm)))
                taken.append((start, end))
        return found


def _ends_word(text: str, offset: int) -> bool:
    return offset >= len(text) or not (text[offset].isalnum() or text[offset] in "-'’")


def _in_headline(part) -> bool:
    """Whether the line the span is on is a heading: most of its words (four or more) capitalised."""
    text = part.doc.text
    start = text.rfind("\n", 0, part.start_char) + 1
    end = text.find("\n", part.end_char)
    words = [w for w in text[start:end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= _HEADLINE_SHARE * len(words)
