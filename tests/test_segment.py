"""Segmentation: jieba through spaCy on the folded view, offsets into the original text."""
import pytest

from pipeline.gazetteer import shared_gazetteer
from pipeline.ingest.text import document_from_text
from pipeline.normalise import NormaliseStage
from pipeline.segment import SegmentStage, user_dictionary_words


@pytest.fixture(scope="module")
def segment():
    return SegmentStage()


def _words(segment, text):
    doc = segment(NormaliseStage()(document_from_text(text)))
    return doc, [doc.text[start:end] for start, end in doc.tokens]


def test_name_and_title_are_separate_tokens(segment):
    _, words = _words(segment, "陳其邁市長與日本熊本縣蒲島郁夫知事舉行視訊會議")
    assert words[:2] == ["陳其邁", "市長"]
    assert "熊本縣" in words


def test_offsets_point_into_the_traditional_text(segment):
    text = "１１０年９月，高雄市與帛琉共和國科羅州締結為姊妹市 (Koror State)。\n臺北市長蔣萬安"
    doc, words = _words(segment, text)
    assert len(doc.view) == len(doc.text)
    previous_end = 0
    for start, end in doc.tokens:
        assert previous_end <= start < end <= len(text)
        assert doc.text[start:end].strip()
        previous_end = end
    assert "帛琉共和國" in words and "科羅州" in words and "臺北" in words
    covered = {i for start, end in doc.tokens for i in range(start, end)}
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


def test_user_dictionary_is_folded_gazetteer_and_titles():
    words = set(user_dictionary_words(shared_gazetteer()))
    assert {"布拉提斯拉瓦省", "政务次长", "副市长", "办事处"} <= words


def test_word_tags_are_jiebas_own_and_survive_a_damaged_cache(tmp_path, monkeypatch):
    from jieba import posseg

    from pipeline.segment import word_tags

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert word_tags() == posseg.dt.word_tag_tab  # built from dict.txt, then cached
    [cache] = tmp_path.glob("govreport-jieba-tags-*.marshal")
    cache.write_bytes(b"\x00not marshal")
    assert word_tags() == posseg.dt.word_tag_tab  # a damaged cache is rebuilt, not trusted
    assert not list(tmp_path.glob("*.partial"))
