"""English dates are looked for at word starts only (dates/english.py): the same matches as re's own scan."""
import re
from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from conftest import resources
from govreport.dates.english import _LETTER_RUN, EnglishDates, _matches_at, word_starts


def test_the_letter_class_is_every_character_a_case_blind_ascii_letter_matches():
    case_blind = re.compile("(?i:[a-z])")
    assert {chr(c) for c in range(0x110000) if case_blind.fullmatch(chr(c))} == \
        {chr(c) for c in range(0x110000) if _LETTER_RUN.fullmatch(chr(c))}


@pytest.fixture(scope="module")
def english():
    return EnglishDates(resources().dates.english)


pieces = st.sampled_from(["May", "Sept.", "September", "this", "LAST", "laſt", "next", "in", "ſince", "since", "from",
                          "İn", "year", " ", "  ", "\n", "17", "2021", "1st", ",", "-", "to", "and", "x", "9", "市", "年"])


@given(st.lists(pieces, max_size=25).map("".join))
def test_matches_at_word_starts_are_re_finditer_s(english, text):
    assert english.letter_openers  # the bundled words all open with a letter
    starts = word_starts(text)
    for pattern in (english.month_first, english.relative_month, english.month_after_preposition, english.bare_year):
        assert [m.span() for m in _matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


def test_a_word_that_opens_with_no_letter_has_every_offset_tried():
    words = resources().dates.english
    english = EnglishDates(replace(words, relative_years={"本": 0, **words.relative_years}))
    assert not english.letter_openers
    assert [(e.start, e.end) for e in english.find("于本 May 5")] == [(1, 8), (1, 6)]  # 本 is at no word start
