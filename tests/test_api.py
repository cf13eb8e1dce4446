"""govreport from Python: load() on a string, extract() on a file, extract_many() over many."""
import json
import subprocess
import sys

import pytest

from conftest import CORPUS_PDF, CORPUS_TEXT, ROOT
import govreport
from govreport.batch import Limits

SENTENCE = "高雄市與日本京都市於110年9月10日簽署合作備忘錄，共30人出席。"


@pytest.fixture(scope="module")
def nlp():
    return govreport.load()


def _without_identity(record):
    """A record without what names the input (id, path, hash), which a string and a file do not share."""
    return {key: value for key, value in record.items() if key not in ("doc_id", "source")}


def test_a_string_gives_the_record_extract_writes_for_that_text(nlp, tmp_path):
    text = (CORPUS_TEXT / "001_e9a803379221be60.txt").read_text(encoding="utf-8")
    path = tmp_path / "same.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    subprocess.run([sys.executable, "-m", "govreport", "extract", str(path), "-o", str(out)], check=True,
                   capture_output=True)
    [written] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    record = nlp(text, doc_id="same").to_dict()
    assert record["doc_id"] == written["doc_id"] and record["source"]["sha256"] == written["source"]["sha256"]
    assert _without_identity(record) == _without_identity(written)
    assert len(record["spans"]) > 100 and record["events"]


def test_the_document_carries_spans_events_and_its_record(nlp):
    doc = nlp(SENTENCE)
    assert [(s.label, s.text) for s in doc.spans] == [
        ("CITY", "高雄市"), ("COUNTRY", "日本"), ("CITY", "京都市"), ("DATE", "110年9月10日"),
        ("AGREEMENT", "合作備忘錄"), ("COUNT", "30人")]
    [event] = doc.events
    assert (event.type, event.partner["city"], event.date["start"], event.action) == ("mou", "京都市", "2021-09-10", "signed")
    assert doc.to_dict()["spans"][0] == {"start": 0, "end": 3, "label": "CITY", "text": "高雄市", "page": None,
                                         "norm": {"name": "高雄市", "name_en": "Kaohsiung"}, "rule": "gazetteer:city/高雄市"}


def test_an_empty_string_is_an_error_value_not_an_exception(nlp):
    doc = nlp("  \n")
    assert doc.error.kind == "empty" and doc.to_dict()["error"]["kind"] == "empty"


def test_pipe_runs_each_text(nlp):
    docs = list(nlp.pipe([SENTENCE, "同年12月上旬"]))
    assert [d.doc_id for d in docs] == ["text-0", "text-1"] and docs[1].spans[0].label == "DATE"


def test_extract_reads_a_pdf_and_reports_a_missing_file_as_an_error(tmp_path):
    doc = govreport.extract(CORPUS_PDF / "001_e9a803379221be60.pdf")
    assert doc.error is None and doc.source.pages == 4 and len(doc.spans) > 100
    missing = govreport.extract(tmp_path / "gone.pdf")
    assert missing.error.kind == "unreadable" and missing.to_dict()["error"]["kind"] == "unreadable"


def test_extract_many_yields_records_in_the_order_extract_writes_them_with_workers(tmp_path):
    (tmp_path / "a_empty.txt").write_text("", encoding="utf-8")
    inputs = [CORPUS_TEXT / "003_6de0411d3e247b52.txt", tmp_path, CORPUS_TEXT / "001_e9a803379221be60.txt"]
    records = list(govreport.extract_many(inputs, workers=2, limits=Limits(seconds_per_document=60)))
    files = [tmp_path / "a_empty.txt", CORPUS_TEXT / "003_6de0411d3e247b52.txt", CORPUS_TEXT / "001_e9a803379221be60.txt"]
    assert [r["doc_id"] for r in records] == [path.stem for path in sorted(files, key=str)]  # by path, as extract
    by_id = {r["doc_id"]: r for r in records}
    assert by_id["a_empty"]["error"]["kind"] == "empty" and by_id["001_e9a803379221be60"]["events"]


def test_import_govreport_loads_neither_spacy_nor_data():
    code = "import sys, govreport; print('spacy' in sys.modules, 'yaml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == ["False", "False"]
