from hypothesis import given, strategies as st

from govreport.textlayer import TextLayer, sentence_wraps

lines = st.lists(st.sampled_from(["高雄市", "與", "京都", "締結", "。", "Kyoto", " ", "\n", "\n\n", "  \n", "(1)", "表1", "\t"]),
                 max_size=30).map("".join)


@given(lines, st.data())
def test_joined_and_unwrapped_views_are_the_characters_at_their_origins(view, data):
    text = view.upper()  # another text of the same length: its characters are taken at the same offsets
    layer = TextLayer(text, view, sorted(set(data.draw(st.lists(st.integers(0, max(0, len(view))), max_size=4)))))
    assert layer.joined_view == "".join(view[i] for i in layer.joined_origin).replace("\n", " ")
    assert layer.joined_text == "".join(text[i] for i in layer.joined_origin).replace("\n", " ")
    assert layer.unwrapped_view == "".join(view[i] for i in layer.unwrapped_origin)
    wrapped = {i for start, end in layer.wraps for i in range(start, end)}
    assert layer.unwrapped_origin == [i for i in range(len(view)) if i not in wrapped]


@given(lines, st.lists(st.integers(0, 60), max_size=5))
def test_a_break_that_a_page_starts_in_is_a_wrap(view, page_starts):
    page_starts = sorted(set(page_starts))
    for start, end in sentence_wraps(view, page_starts):
        assert view[start:end].strip() == "" and "\n" in view[start:end]
    lone = sentence_wraps(view)
    for start, end in sentence_wraps(view, page_starts):  # a page start adds wraps, never takes one away
        assert (start, end) in lone or any(start < page <= end for page in page_starts)
    assert set(lone) <= set(sentence_wraps(view, page_starts))
