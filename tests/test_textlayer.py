from hypothesis import given, strategies as st

from govreport.textlayer import at_offsets


@given(st.text(max_size=20).flatmap(lambda text: st.tuples(st.just(text), st.lists(st.integers(0, max(0, len(text) - 1)),
                                                                                      max_size=len(text)))))
def test_at_offsets_joins_the_characters_at_the_offsets(text_and_offsets):
    text, offsets = text_and_offsets
    assert at_offsets(text, offsets) == "".join(text[i] for i in offsets)  # none, one or many offsets
