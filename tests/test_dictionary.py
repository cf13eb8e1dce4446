"""jieba's dictionary tables, read from a cache file instead of from jieba in every process."""
import io

import jieba
import pytest
from jieba import posseg

from govreport.dictionary import jieba_words, user_dictionary_words
from conftest import resources


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path


def test_words_are_jiebas_once_the_user_dictionary_is_added_and_survive_a_damaged_cache(cache_folder):
    gazetteer = resources().gazetteer
    reference = jieba.Tokenizer()
    reference.load_userdict(io.BytesIO("\n".join(user_dictionary_words(gazetteer)).encode("utf-8")))
    tags = posseg.dt.word_tag_tab
    for attempt in ("built", "loaded", "rebuilt"):
        words = jieba_words(gazetteer)
        assert all(word in words and words.frequency(word) == frequency and words.tag(word) == tags.get(word)
                   for word, frequency in reference.FREQ.items()), attempt
        assert len(words.trie) == len(reference.FREQ) + len(set(tags.values()))  # and the tag names
        assert "线上" in words and words.frequency("线上") == 0  # only the start of 线上游戏: jieba keeps it at 0
        assert words.frequency("国中") == reference.FREQ["国中"] > 100  # a user word: jieba raised it from 3
        assert "线上游戏之外" not in words and words.frequency("线上游戏之外") == 0 and words.tag("线上游戏之外") is None
        assert words.tag("琼斯") == "nrt" and words.tag("国中") == tags["国中"]
        [cache] = cache_folder.glob("govreport-jieba-words-*.trie")
        if attempt == "loaded":
            cache.write_bytes(cache.read_bytes()[:5000])  # cut short: the next process builds it again
    assert not list(cache_folder.glob("*.partial"))


def test_a_read_only_cache_folder_costs_the_cache_not_the_run(tmp_path, monkeypatch):
    missing = tmp_path / "not-there"
    monkeypatch.setattr("tempfile.tempdir", str(missing))
    assert jieba_words(resources().gazetteer).tag("琼斯") == "nrt"
    assert not missing.exists()
