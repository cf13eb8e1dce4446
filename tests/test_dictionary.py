"""jieba's dictionary tables, read from a cache file instead of from jieba in every process."""
import io

import jieba
import pytest
from jieba import posseg

from pipeline.dictionary import user_dictionary_words, word_frequencies, word_tags
from pipeline.gazetteer import shared_gazetteer


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path


def test_frequencies_are_jiebas_once_the_user_dictionary_is_added_and_survive_a_damaged_cache(cache_folder):
    gazetteer = shared_gazetteer()
    reference = jieba.Tokenizer()
    reference.load_userdict(io.BytesIO("\n".join(user_dictionary_words(gazetteer)).encode("utf-8")))
    for attempt in ("built", "loaded", "rebuilt"):
        table = word_frequencies(gazetteer)
        assert len(table) == len(reference.FREQ), attempt
        assert all(table.get(word, -1) == frequency for word, frequency in reference.FREQ.items()), attempt
        assert "线上" in table and table.get("线上") == 0  # only the start of 线上游戏: jieba keeps it at 0
        assert table.get("国中") == reference.FREQ["国中"] > 100  # a user word: jieba raised it from 3
        assert "线上游戏之外" not in table
        [cache] = cache_folder.glob("govreport-jieba-freq-*.trie")
        if attempt == "loaded":
            cache.write_bytes(cache.read_bytes()[:5000])  # cut short: the next process builds it again
    assert not list(cache_folder.glob("*.partial"))


def test_word_tags_are_jiebas_own_and_survive_a_damaged_cache(cache_folder):
    assert word_tags() == posseg.dt.word_tag_tab  # built from dict.txt, then cached
    [cache] = cache_folder.glob("govreport-jieba-tags-*.marshal")
    cache.write_bytes(b"\x00not marshal")
    assert word_tags() == posseg.dt.word_tag_tab  # a damaged cache is rebuilt, not trusted
    assert not list(cache_folder.glob("*.partial"))


def test_a_read_only_cache_folder_costs_the_cache_not_the_run(tmp_path, monkeypatch):
    missing = tmp_path / "not-there"
    monkeypatch.setattr("tempfile.tempdir", str(missing))
    assert word_tags()["琼斯"] == "nrt"
    assert not missing.exists()
