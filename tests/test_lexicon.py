import pickle

from hypothesis import given, strategies as st

from govreport.recognise.lexicon import Lexicon

# Few letters, so that keys overlap, nest and share starts and ends.
words = st.text(alphabet="市長高雄京都", min_size=1, max_size=4)


def walked(lexicon: Lexicon, text: str) -> dict:
    """scan()'s definition: the trie walked from every offset; the starts ordered by where their
    shortest key ends, then by start (the order a classic Aho–Corasick automaton reports them in)."""
    found = {start: list(lexicon.matches(text, start)) for start in range(len(text))}
    return dict(sorted(((start, ends) for start, ends in found.items() if ends), key=lambda item: (item[1][0][0], item[0])))


@given(st.lists(words, max_size=12), st.text(alphabet="市長高雄京都 ", max_size=30))
def test_scan_finds_what_the_trie_finds_from_every_offset_in_the_same_order(keys, text):
    lexicon = Lexicon.of((key, index) for index, key in enumerate(keys))
    found = lexicon.scan(text)
    assert list(found.items()) == list(walked(lexicon, text).items())
    lexicon.add(text.strip() or "都", "added")  # a key added after a scan is found by the next one
    assert list(lexicon.scan(text).items()) == list(walked(lexicon, text).items())


def test_a_lexicon_read_back_from_a_pickle_scans_the_same():
    lexicon = Lexicon.of([("高雄", 1), ("高雄市", 2), ("市長", 3)])
    text = "高雄市長與京都市長"
    assert lexicon.scan(text) == {0: [(2, 1), (3, 2)], 2: [(4, 3)], 7: [(9, 3)]}
    assert pickle.loads(pickle.dumps(lexicon)).scan(text) == lexicon.scan(text)


@given(st.lists(words, max_size=12), st.text(alphabet="市長高雄京都 ", max_size=12), st.integers(0, 12))
def test_longest_is_the_last_of_the_matches(keys, text, start):
    lexicon = Lexicon.of((key, index) for index, key in enumerate(keys))
    assert lexicon.longest(text, start) == ([None] + list(lexicon.matches(text, start)))[-1]
