"""The compiled-stages cache: read back it gives the same output, an edit of a data file builds afresh,
and a damaged file is rebuilt, never unpickled."""
import pickle

import pytest

from conftest import CORPUS_TEXT, copy_data, normalise_stage
from govreport import compiled
from govreport.ingest.text import document_from_text
from govreport.pipeline import Pipeline

TEXT = (CORPUS_TEXT / "000_fad1ad046325b54c.txt").read_text(encoding="utf-8")[:6000]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(compiled.CACHE_ENV, str(folder))
    return folder


def _record(stages):
    return Pipeline(stages=stages).process(document_from_text(TEXT)).to_dict()


def test_stages_read_back_from_the_cache_give_the_same_output(cache):
    built = compiled.compiled_stages()
    [path] = cache.glob("stages-*.pickle")
    assert _record(compiled.compiled_stages()) == _record(built) and list(cache.glob("stages-*.pickle")) == [path]


def test_an_edit_of_a_data_file_is_a_new_key(cache, tmp_path):
    rules, gazetteer = copy_data(tmp_path)
    before = compiled.data_key(rules, gazetteer)
    path = gazetteer / "cities_curated.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "霧笛市\t\t\tKiriteki\tJP\tcity\tcurated\n", encoding="utf-8")
    assert compiled.data_key(rules, gazetteer) != before
    stages = compiled.compiled_stages(rules, gazetteer)
    doc = Pipeline(stages=stages).process(document_from_text("本府訪問霧笛市。"))
    assert ("CITY", "霧笛市") in [(s.label, s.text) for s in doc.spans]
    assert len(list(cache.glob("stages-*.pickle"))) == 1


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2],
                                    lambda data: data[:-100] + bytes(100),
                                    lambda data: b"not ours"])
def test_a_damaged_cache_is_rebuilt_and_never_unpickled(cache, monkeypatch, damage):
    expected = _record(compiled.compiled_stages())
    [path] = cache.glob("stages-*.pickle")
    path.write_bytes(damage(path.read_bytes()))
    unpickled, loads = [], pickle.loads
    monkeypatch.setattr(compiled.pickle, "loads", lambda data: unpickled.append(data) or loads(data))
    assert _record(compiled.compiled_stages()) == expected
    assert not unpickled  # the damaged bytes were refused before pickle saw them
    assert compiled._read(path) is not None and len(unpickled) == 1  # and the file was written again, whole


def test_a_cache_folder_that_cannot_be_written_costs_the_cache_not_the_run(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv(compiled.CACHE_ENV, str(blocked / "cache"))
    stages = compiled.compiled_stages()
    assert normalise_stage()(document_from_text("x")).view == "x" and stages
    assert not list(tmp_path.glob("**/*.partial"))
