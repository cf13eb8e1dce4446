"""Entity phase 1, titles: the official titles written in a document (市長, 副知事, 前 + 國務卿), found
first so that 松山市長野志克仁 reads as 松山 + 市長野志克仁, not 長野 (rules/titles.yaml)."""
from __future__ import annotations

from ..normalise import fold
from .entity_grammar import TITLE_SPLIT_FREQ, EntityContext, EntityGrammar, TitleHit
from .lexicon import Lexicon


class TitlePhase:
    def __init__(self, grammar: EntityGrammar):
        self.grammar = grammar
        self.titles = self._title_lexicon()
        self.modifier_words = sorted({fold(w) for w in grammar.gazetteer.modifiers}, key=len, reverse=True)

    def _title_lexicon(self) -> Lexicon:
        titles = sorted(self.grammar.gazetteer.titles, key=lambda t: -len(t.title))
        return Lexicon.of((fold(t.title), t) for t in titles if not t.title.isascii())

    def find(self, ctx: EntityContext) -> list[TitleHit]:
        hits, view, taken_to = [], ctx.view, 0
        found = self.titles.scan(view)
        for index in sorted(found):
            end, title = found[index][-1]
            if index < taken_to or not ctx.free(index, end) or self._starts_org_suffix(view, index, end) \
                    or self._ends_before_org_suffix(view, end):
                continue
            start = self._modifiers_before(view, index)
            at_word_start = index in ctx.token_starts or (start < index and start in ctx.token_starts)  # 副|所長
            if (not at_word_start and self.grammar.jieba.frequency(view[end - 1:end + 1]) > TITLE_SPLIT_FREQ
                    and view[end:end + 2] not in self.grammar.surnames) \
                    or self._after_deictic(ctx, index):  # 兩市長年 = 兩市 + 長年; but 筑西市長石塚雅之 (石塚)
                continue
            hits.append(TitleHit(start, end, index, title.ambiguous))
            taken_to = end
        return hits

    def _after_deictic(self, ctx: EntityContext, index: int) -> bool:
        """兩市長 is no title of a place called 兩; but 布里斯本市長 holds 本市 only by chance."""
        if ctx.view[index - 1:index + 1] not in self.grammar.deictics:
            return False
        return not any(end >= index for start in range(max(0, index - 8), index - 1)
                       for end, _ in ctx.places.get(start, ()))

    def _starts_org_suffix(self, view: str, start: int, end: int) -> bool:
        """委員會 and 秘書處 are organisation endings, not the titles 委員 and 秘書."""
        return any(suffix_end > end for suffix_end, _ in self.grammar.zh_suffix_words.matches(view, start))

    def _ends_before_org_suffix(self, view: str, end: int) -> bool:
        """日華議員懇談會: a title word right before a (multi-character) ORG ending is part of the name."""
        return any(suffix_end - end > 1 for suffix_end, _ in self.grammar.zh_suffix_words.matches(view, end))

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
