"""The agreement taxonomy read in a text: where agreement forms are written (姊妹市, 友好交流協定, MOU,
a quoted agreement name) and which type each names (rules/agreements.yaml, forms). The agreement
recogniser reads the document's unwrapped view with it; the link stage reads table titles and cells."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..normalise import lower
from ..resources.agreement_rules import AgreementRules, Form
from ..textlayer import is_cjk, quoted_regions
from .lexicon import Lexicon, Matches

FORM_RULE, QUOTED_RULE = "rule:agreement/form", "rule:agreement/quoted"


def _latin_space(flat: str, end: int, start: int) -> bool:
    """One space or hyphen between two English words (sister school | agreement)."""
    return start == end + 1 and flat[end] in " -" and flat[end - 1:end].isalpha() and flat[start:start + 1].isalpha() \
        and flat[end - 1].isascii()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    type: str
    rule: str


class AgreementForms:
    def __init__(self, rules: AgreementRules):
        self.rules = rules
        self.form_words = Lexicon.of(rules.forms.items())

    def written_type(self, text: str) -> str | None:
        """The type of the first agreement form written in a folded text (a table title or cell)."""
        found = self.mentions(text, [False] * (len(text) + 1))
        return found[0].type if found else None

    def mentions(self, flat: str, named: list[bool]) -> list[Mention]:
        """Quoted agreement names, then forms outside quotes and category phrases."""
        flat = lower(flat)
        blocked = [False] * (len(flat) + 1)
        for phrase in [c.phrase for c in self.rules.categories] + list(self.rules.not_agreements):
            for match in re.finditer(re.escape(phrase), flat):
                blocked[match.start():match.end()] = [True] * len(phrase)
        mentions, forms_at = [], self._whole_words(flat, self.form_words.scan(flat))
        starts = sorted(forms_at)
        for start, end in self._quotes(flat):
            blocked[start - 1:end + 1] = [True] * (end - start + 2)
            inner = flat[start:end].strip()
            runs = self._form_runs(flat, forms_at, starts, start, end)
            if inner and runs and runs[-1][1] == start + len(flat[start:end].rstrip()):
                offset = start + len(flat[start:end]) - len(flat[start:end].lstrip())
                mentions.append(Mention(offset, offset + len(inner), self._type(runs[-1][2]), QUOTED_RULE))
        for start, end, forms in self._form_runs(flat, forms_at, starts, 0, len(flat), blocked):
            if flat.startswith(self.rules.name_after, end):
                continue  # 網路國際姊妹市之夜: part of an event's name
            start = self._name_start(flat, start, named)
            mentions.append(Mention(start, end, self._type(forms), FORM_RULE))
        return mentions

    @staticmethod
    def _whole_words(flat: str, forms_at: Matches) -> Matches:
        """The forms that are whole words where they are Latin (no MOU in Mount, no sister city in
        sister cityhood); a Chinese form has no word edges to keep."""
        def latin_at(offset: int) -> bool:
            return 0 <= offset < len(flat) and flat[offset].isascii() and flat[offset].isalpha()

        kept = {}
        for start, found in forms_at.items():
            whole = [(end, form) for end, form in found
                     if not (latin_at(start) and latin_at(start - 1)) and not (latin_at(end - 1) and latin_at(end))]
            if whole:
                kept[start] = whole
        return kept

    def _quotes(self, flat: str) -> list[tuple[int, int]]:
        """(start, end) of the inside of each short quotation that holds something."""
        return [(start + 1, end - 1) for start, end in quoted_regions(flat, self.rules.quote_max_length)
                if end - start > 2]

    @staticmethod
    def _form_runs(flat: str, forms_at: Matches, starts: list[int], start: int, end: int,
                   blocked: list[bool] | None = None) -> list[tuple[int, int, list[Form]]]:
        """Runs of adjacent forms (姊妹市 + 協定; English ones a space apart: sister school + agreement) between
        start and end, a head_only form only inside one, none touching a blocked offset
        (blocked: None when none is); at each offset the longest form wins, and a form taken hides the
        ones starting inside it. starts: the offsets of forms_at, sorted (bisected: a long document
        has thousands of quotations to look inside)."""
        runs: list[tuple[int, int, list[Form]]] = []
        taken_to = start
        for offset in starts[bisect_left(starts, start):bisect_left(starts, end)]:
            fitting = [(e, form) for e, form in forms_at[offset] if e <= end]
            if offset < taken_to or not fitting or (blocked is not None and any(blocked[offset:fitting[-1][0]])):
                continue
            form_end, form = fitting[-1]
            if runs and (runs[-1][1] == offset or _latin_space(flat, runs[-1][1], offset)):
                runs[-1] = (runs[-1][0], form_end, runs[-1][2] + [form])
            elif not form.head_only:
                runs.append((offset, form_end, [form]))
            taken_to = form_end
        return runs

    def _type(self, forms: list[Form]) -> str:
        """The head's type, or for a generic head (協定) the type of the form before it."""
        head = forms[-1]
        if head.generic:
            return next((f.type for f in reversed(forms[:-1]) if not f.generic), head.type)
        return head.type

    def _modifier_before(self, flat: str, start: int, named: list[bool]) -> str | None:
        """The modifier written right before `start` (an English one a space before it, as a whole word:
        Agricultural MOU), with a joiner before it when another modifier precedes that
        (經濟及教育友好合作備忘錄), or None."""
        word = next((w for w in self.rules.modifiers if flat.endswith(w, 0, start)), None) \
            or next((f"{w} " for w in self.rules.modifiers if w.isascii() and flat.endswith(f"{w} ", 0, start)
                     and not flat[start - len(w) - 2:start - len(w) - 1].isalpha()), None)
        if word is None or any(named[start - len(word):start]):
            return None
        joined = start - len(word)
        for joiner in self.rules.modifier_joiners:
            if flat.endswith(joiner, 0, joined) and self._modifier_before(flat, joined - len(joiner), named):
                return flat[joined - len(joiner):start]
        return word

    def _name_start(self, flat: str, start: int, named: list[bool]) -> int:
        """Where the agreement's name starts: over the modifiers written before the form, or back to a
        signing verb whose object it is (簽署[馬拉松友好備忘錄])."""
        while (word := self._modifier_before(flat, start, named)) is not None:
            start -= len(word)
        for gap in range(0, self.rules.modifier_reach + 1):
            left = start - gap
            if left < 0 or any(named[left:start]) or (gap and (not is_cjk(flat[left]) or flat[left] in self.rules.name_stops)):
                break
            if any(flat.endswith(verb, 0, left) for verb in self.rules.signing_verbs):
                return left
        return start
