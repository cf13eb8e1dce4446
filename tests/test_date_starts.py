"""Date patterns that open with a look-behind are tried where a match can start (dates/starts.py): the
same matches as re's own scan of every offset."""
import re
from dataclasses import replace
from string import ascii_letters, digits

import pytest
from hypothesis import given, strategies as st

from conftest import resources
from govreport.dates import grammar
from govreport.dates.english import _LETTER_RUN, EnglishDates
from govreport.dates.starts import matches_at, run_starts


@pytest.fixture(scope="module")
def english():
    return EnglishDates(resources().dates.english)


@pytest.fixture(scope="module")
def english_dates():
    return grammar._english_pattern()


def test_the_letter_class_is_every_character_a_case_blind_ascii_letter_matches():
    case_blind = re.compile("(?i:[a-z])")
    assert {chr(c) for c in range(0x110000) if case_blind.fullmatch(chr(c))} == \
        {chr(c) for c in range(0x110000) if _LETTER_RUN.fullmatch(chr(c))}


pieces = st.sampled_from(["May", "Sept.", "September", "this", "LAST", "laſt", "next", "in", "ſince", "since", "from",
                          "İn", "year", " ", "  ", "\n", "17", "2021", "20230815", " 09:30", "1st", ",", ".", "-", "/",
                          "to", "and", "x", "9", "١٧", "市", "年"])


@given(st.lists(pieces, max_size=25).map("".join))
def test_matches_at_the_run_starts_are_re_finditer_s(english, english_dates, text):
    def same(pattern, starts):
        assert [m.span() for m in matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]

    assert english.letter_openers  # the bundled words all open with a letter
    letters = run_starts(text, _LETTER_RUN, ascii_letters)
    for pattern in (english.month_first, english.relative_month, english.month_after_preposition, english.bare_year):
        same(pattern, letters)
    same(grammar._NUMERIC, run_starts(text, grammar._DIGIT_RUN, digits))
    same(grammar._STAMP, run_starts(text, grammar._DIGIT_RUN, digits))
    same(english_dates, run_starts(text, grammar._ALNUM_RUN, ascii_letters + digits))


def test_a_word_that_opens_with_no_letter_has_every_offset_tried():
    words = resources().dates.english
    english = EnglishDates(replace(words, relative_years={"本": 0, **words.relative_years}))
    assert not english.letter_openers
    assert [(e.start, e.end) for e in english.find("于本 May 5")] == [(1, 8), (1, 6)]  # 本 is at no letter run
