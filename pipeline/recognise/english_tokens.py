"""The English recogniser's tokens: the stretches of Latin text of a document, tokenized by spaCy's English
tokenizer (spacy.blank("en"): rules only, no model weights), with the words the English lexicons name
merged into one token each (Deputy Mayor, New Jersey, Lung-bin) and every token marked with what it is to
the token patterns: its class (CITY, TITLE, ORG_HEAD, NUMBER, NAME …) is its tag, token.tag_. A blank pipeline
has no tagger, and spaCy's Matcher reads TAG in C, where a custom token._ attribute would cost a Python call
per token and pattern state (the matcher then took most of the recogniser's time).

Chinese text never reaches the tokenizer: the stretches between CJK characters that hold a Latin letter
are joined by line breaks into one string, tokenized once per document.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..resources.english_rules import EnglishRules, EnglishTitle
from ..resources.gazetteer import Place

# Runs of text without CJK ideographs, kana or hangul; those holding a Latin letter are English stretches.
_NON_CJK_RUN = re.compile(r"[^\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*")
_CAPITALISED = re.compile(r"[A-Z\u00c0-\u00de]")
_POSSESSIVE = ("'s", "’s")
# The class of a token the lexicons say nothing of (the Matcher reads TAG only where some token has one).
_OTHER = "OTHER"
# A year, not a count (in 2019, the 2019 Tokyo Marathon).
_YEAR = re.compile(r"1[89]\d\d|20\d\d|21\d\d")


@dataclass(frozen=True)
class LatinText:
    """A document's English stretches joined by line breaks, and where each stretch sits in the document."""

    text: str
    starts: tuple[int, ...]  # where each stretch starts in `text`
    origins: tuple[int, ...]  # and in the document

    def doc_offset(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        return self.origins[index] + offset - self.starts[index]

    def stretch_words(self, offset: int) -> int:
        """How many words the stretch holding `offset` has."""
        index = bisect_right(self.starts, offset) - 1
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return len(self.text[self.starts[index]:end].split())


def latin_text(view: str, hard_breaks: frozenset[int]) -> LatinText | None:
    """The stretches of Latin text of a view, a line break inside a sentence read as a space."""
    parts, starts, origins, at = [], [], [], 0
    for run in _NON_CJK_RUN.finditer(view):
        stripped = run.group().strip()
        if not stripped or not _LATIN_LETTER.search(stripped):
            continue
        start = run.start() + run.group().index(stripped)
        chars = [" " if c == "\n" and start + i not in hard_breaks else c for i, c in enumerate(stripped)]
        parts.append("".join(chars))
        starts.append(at)
        origins.append(start)
        at += len(stripped) + 1
    return LatinText("\n".join(parts), tuple(starts), tuple(origins)) if parts else None


class TokenMarker:
    """Merges the lexicons' multi-word entries into single tokens and marks every token's class. The
    data is plain and pickled with the stages; spaCy's matchers are built on first use in a process."""

    def __init__(self, rules: EnglishRules, places: tuple[Place, ...]):
        words = rules.words
        self.words = words
        ambiguous = set(words["ambiguous_places"])
        # English name as written -> place (the first, priority, entry); a list may keep its English names
        # out or count them only where the document writes them as places (lists.yaml, english)
        always = tuple(p for p in places if p.english == "always")
        self.places = self._by_english_name(always)
        countries = {p.country: p for p in always if p.label == "COUNTRY"}
        for short, code in words["country_abbreviations"].items():
            if code in countries:
                self.places.setdefault(short, countries[code])
        self.ambiguous = {name: place for name, place in self.places.items() if name in ambiguous}
        for name in self.ambiguous:
            del self.places[name]
        in_context = self._by_english_name(p for p in places if p.english == "in_context")
        for name, place in (*in_context.items(), *self._without_romanised_ending(places)):
            if name not in self.places:
                self.ambiguous.setdefault(name, place)
        self.suffixes = {w.lower() for w in words["place_suffixes"]}
        self.suffix_modifiers = {w.lower() for w in words["place_suffix_modifiers"]}
        self.titles: dict[str, EnglishTitle] = {t.title.lower(): t for t in rules.titles}
        self.modifiers = {w.lower() for w in rules.modifiers}
        self.honorifics = set(rules.honorifics)
        self.org_heads = {w.lower() for w in words["org_heads"]}
        self.joiners = {w.lower() for w in words["org_joiners"]}
        self.not_acronyms = set(words["not_org_acronyms"])
        self.number_words = words["number_words"]
        self.magnitudes = words["magnitudes"]
        self.plural_nouns = set(words["plural_nouns"])
        self.not_units = set(words["not_count_units"])
        self.units = set(words["count_units_singular"])
        self.not_place_words = set(words["not_place_words"])

    def _by_english_name(self, places) -> dict[str, Place]:
        """Places by English name, the first (priority) entry of a name kept, and by the name without its
        administrative word (Taitung for Taitung County)."""
        places = tuple(p for p in places if p.name_en)
        found: dict[str, Place] = {}
        for place in places:
            found.setdefault(place.name_en, place)
        for place in places:  # the names other lists give it (Ulan Bator for CLDR's Ulaanbaatar)
            for name in place.aliases_en:
                found.setdefault(name, place)
        suffixes = tuple(" " + w for w in self.words["place_suffixes"])
        for place in places:
            if place.name_en.endswith(suffixes):
                found.setdefault(place.name_en.rsplit(" ", 1)[0], place)
        return found

    def _without_romanised_ending(self, places) -> list[tuple[str, Place]]:
        """(Toyota, 豐田市) for Toyota-shi: the English names of the lists that match English text, without their
        romanised administrative ending."""
        endings = tuple(self.words["romanised_place_suffixes"])
        return [(p.name_en[:-len(ending)], p) for p in places if p.english != "never" and p.name_en
                for ending in endings if p.name_en.endswith(ending) and len(p.name_en) > len(ending) + 2]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_spacy")}

    @cached_property
    def _spacy_nlp(self):
        import spacy

        return spacy.blank("en")

    @cached_property
    def _spacy_phrases(self):
        """PhraseMatchers: place names as written, titles in any case."""
        from spacy.matcher import PhraseMatcher

        nlp = self._spacy_nlp
        places = PhraseMatcher(nlp.vocab, attr="ORTH")
        places.add("PLACE", list(nlp.tokenizer.pipe(self.places)))
        places.add("AMBIGUOUS", list(nlp.tokenizer.pipe(self.ambiguous)))
        titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        titles.add("TITLE", list(nlp.tokenizer.pipe(t.title for t in self.titles.values())))
        return places, titles

    def tokens(self, text: str):
        """The spaCy Doc of a text, lexicon entries merged and every token marked."""
        from spacy.util import filter_spans

        doc = self._spacy_nlp.make_doc(text)
        places, titles = self._spacy_phrases
        found = [self._with_suffix(doc, doc[s:e], doc.vocab.strings[key]) for key, s, e in places(doc)]
        found = filter_spans(found)
        taken = {i for span in found for i in range(span.start, span.end)}
        for _, start, end in titles(doc):
            span = doc[start:end]
            entry = self.titles[span.text.lower().replace("\n", " ")] if span.text.lower() in self.titles else None
            if taken.isdisjoint(range(start, end)) and (entry is None or not entry.ambiguous or span.text[0].isupper()):
                found.append(doc.char_span(span.start_char, span.end_char, label="TITLE"))
        found = filter_spans(found)
        taken = {i for span in found for i in range(span.start, span.end)}
        found += [span for span in self._hyphenated_names(doc) if taken.isdisjoint(range(span.start, span.end))]
        with doc.retokenize() as retokenizer:
            for span in found:
                if len(span) > 1:
                    retokenizer.merge(span)
        merged = {(span.start_char, span.label_) for span in found}
        self._mark(doc, {start: label for start, label in merged})
        return doc

    def _with_suffix(self, doc, span, key: str):
        """A place name with the administrative word written after it (Kaohsiung City, Osaka prefecture);
        an ambiguous name with one is a place for certain (Victoria City)."""
        end = span.end
        place = self.places.get(span.text) or self.ambiguous.get(span.text)
        if place and place.label == "COUNTRY":
            return doc.char_span(span.start_char, span.end_char, label=key)  # a US city: no city named US
        if end + 1 < len(doc) and doc[end].lower_ in self.suffix_modifiers and doc[end + 1].lower_ in self.suffixes:
            end += 2
        elif end < len(doc) and doc[end].lower_ in self.suffixes and doc[end - 1].whitespace_:
            end += 1
        label = key if end == span.end else "PLACE"
        return doc.char_span(span.start_char, doc[end - 1].idx + len(doc[end - 1]), label=label)

    @staticmethod
    def _hyphenated_names(doc):
        """Lung-bin, Ste-Marie: a capitalised word joined by a hyphen to another word, no spaces between."""
        spans = []
        for index in range(len(doc) - 2):
            first, hyphen, second = doc[index], doc[index + 1], doc[index + 2]
            if hyphen.text == "-" and not first.whitespace_ and not hyphen.whitespace_ and first.is_alpha \
                    and second.is_alpha and _CAPITALISED.match(first.text) and (second.is_lower or second.is_title):
                spans.append(doc.char_span(first.idx, second.idx + len(second), label="NAME"))
        return spans

    def place_of(self, token) -> Place | None:
        """The place a place token names: by its text, else without the administrative words after the name
        (Kaohsiung City, Daejeon Metropolitan City, Victoria City)."""
        words = token.text.split()
        while words:
            name = " ".join(words[:-1] + [words[-1][:1].upper() + words[-1][1:]])  # Osaka prefecture: Osaka Prefecture
            place = self.places.get(name) or self.ambiguous.get(name)
            if place or words[-1].lower() not in self.suffixes | self.suffix_modifiers:
                return place
            words.pop()
        return None

    def _mark(self, doc, merged: dict[int, str]) -> None:
        for token in doc:
            token.tag_ = self._class(token, merged.get(token.idx))
        for token in reversed(doc):  # a modifier only in front of a title (State Councilor, not State of)
            if token.lower_ in self.modifiers and token.tag_ != "TITLE":
                following = token.nbor(1) if token.i + 1 < len(doc) else None
                if following is not None and following.text == "-" and following.i + 1 < len(doc):
                    following = following.nbor(1)
                if following is not None and following.tag_ in ("TITLE", "MODIFIER"):
                    token.tag_ = "MODIFIER"
        for token in doc:
            if token.tag_ == "PLURAL_IF_COUNTED":
                before = token.nbor(-1).tag_ if token.i else _OTHER
                token.tag_ = "PLURAL" if before in ("NUMBER", "MAGNITUDE") else "NAME"

    def _class(self, token, merged: str | None) -> str:
        text, lower = token.text, token.lower_
        if merged in ("PLACE", "AMBIGUOUS"):
            place = self.place_of(token)
            return "AMBIGUOUS" if merged == "AMBIGUOUS" else (place.label if place else _OTHER)
        if merged in ("TITLE", "NAME"):
            return merged
        if lower in self.titles and (not self.titles[lower].ambiguous or token.is_title):
            return "TITLE"
        if text in self.honorifics:
            return "HONORIFIC"
        if text in _POSSESSIVE:
            return "POSSESSIVE"
        if lower in self.magnitudes and token.i and token.nbor(-1).tag_ == "NUMBER":
            return "MAGNITUDE"
        if lower in self.number_words or (token.like_num and not _YEAR.fullmatch(text) and any(c.isdigit() for c in text)):
            return "NUMBER"
        if lower in self.org_heads and token.is_alpha or text in self.org_heads:
            return "ORG_HEAD"
        if lower in self.joiners:
            return "JOIN"
        if lower in self.units and token.i and token.nbor(-1).text == "-":
            return "UNIT"
        if self._plural(token):
            return "PLURAL" if token.is_lower else "PLURAL_IF_COUNTED"
        if _ACRONYM.fullmatch(text) and text not in self.not_acronyms:
            return "ACRONYM"
        if text in self.not_place_words:
            return "WORD"  # a capitalised word, but no name's (Sister City)
        if _CAPITALISED.match(text) and token.is_alpha and not token.is_stop or (merged == "NAME"):
            return "NAME"
        return _OTHER

    def _plural(self, token) -> bool:
        lower = token.lower_
        if not token.is_alpha or lower in self.not_units or len(lower) < 4:
            return lower in self.plural_nouns
        return lower in self.plural_nouns or (lower.endswith("s") and not lower.endswith(("ss", "us", "is"))) \
            or (lower.endswith("men") and len(lower) > 5)  # fishermen, businessmen
