"""Arbitrary text through every NLP stage: nothing raises, every span stays inside its text."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from govreport.ingest.text import document_from_text

# Characters the recognisers react to, mixed with anything at all.
REPORT_WORDS = ["高雄市", "市長", "陳其邁", "姊妹市", "締結", "110年", "9月17日", "至", "(", ")", "「", "」", "\n", "，",
                "逾", "20萬", "人次", "松山市長野志克仁", "Mayor", " ", "駐", "辦事處", "處長", "與", "科羅州", "日本", "\t"]
texts = st.lists(st.one_of(st.sampled_from(REPORT_WORDS), st.text(max_size=6)), max_size=30).map("".join)


@pytest.fixture(scope="module")
def stages(pipeline):
    return pipeline.stages


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_no_text_makes_the_stages_raise_and_spans_stay_in_the_text(stages, text):
    doc = document_from_text(text)
    for stage in stages:
        doc = stage(doc)
    for span in doc.spans:
        assert 0 <= span.start < span.end <= len(doc.text)
        assert doc.text[span.start:span.end] == span.text
    for event in doc.events:
        for evidence in event.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(doc.text)
