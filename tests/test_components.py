"""govreport as spaCy components: add_pipe in a fresh process, spans at the record's offsets, single
stages, token splitting, displacy, to_disk and spacy.load."""
import json
import subprocess
import sys

import pytest
import spacy
from spacy import displacy

from conftest import ROOT, copy_data
import govreport

TEXT = "高雄市長陳其邁與日本京都市於110年9月10日簽署合作備忘錄，共30人出席。Mayor Jane Smith visited Kyoto."


@pytest.fixture(scope="module")
def record():
    return govreport.load()(TEXT).to_dict()


def _spans(doc):
    return [(s.start_char, s.end_char, s.label_, s._.rule, s._.norm) for s in doc.spans["govreport"]]


def _record_spans(record):
    return [(s["start"], s["end"], s["label"], s["rule"], s["norm"]) for s in record["spans"]]


def test_add_pipe_in_a_fresh_process_gives_the_records_spans_at_its_offsets(record):
    """spaCy finds the factory through the package's entry points: the process never imports govreport."""
    code = ("import json, spacy, sys; nlp = spacy.blank('zh'); nlp.add_pipe('govreport'); doc = nlp(sys.argv[1]); "
            "print(json.dumps([[s.start_char, s.end_char, s.label_, s._.rule, s._.norm] for s in doc.spans['govreport']]"
            ", ensure_ascii=False)); print('govreport' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, TEXT], capture_output=True, text=True, check=True, cwd="/")
    spans, imported = result.stdout.splitlines()
    assert [tuple(s) for s in json.loads(spans)] == _record_spans(record)
    assert imported == "True"  # imported by spaCy, through the entry point


def test_spans_norms_rules_and_events_on_the_doc(record):
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport")
    doc = nlp(TEXT)
    assert _spans(doc) == _record_spans(record)
    assert doc._.events == record["events"]
    assert {**doc._.govreport.to_dict(), "source": None} == {**record, "source": None}
    assert all(span.text == TEXT[span.start_char:span.end_char] for span in doc.spans["govreport"])


def test_a_span_edge_inside_a_token_splits_the_token(record):
    """spaCy's English tokenizer keeps 高雄市長陳其邁與日本京都市於110年9月10日 as one token."""
    nlp = spacy.blank("en")
    nlp.add_pipe("govreport")
    doc = nlp(TEXT)
    assert _spans(doc) == _record_spans(record)
    assert doc.text == TEXT and len(doc) > len(spacy.blank("en")(TEXT))


def test_the_stages_one_by_one_equal_the_whole(record):
    nlp = spacy.blank("zh")
    for stage in ("normalise", "dates", "segment", "recognise", "link"):
        nlp.add_pipe(f"govreport_{stage}")
    doc = nlp(TEXT)
    assert _spans(doc) == _record_spans(record)
    dates_only = spacy.blank("zh")
    dates_only.add_pipe("govreport_normalise")
    dates_only.add_pipe("govreport_dates")
    doc = dates_only(TEXT)
    assert [s.label_ for s in doc.spans["govreport"]] == ["DATE"]


def test_a_stage_without_the_one_it_needs_says_which(record):
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport_recognise")
    with pytest.raises(ValueError, match="needs 'govreport_segment' before it"):
        nlp(TEXT)


def test_pipe_and_displacy(record):
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport")
    docs = list(nlp.pipe([TEXT, "同年12月上旬"]))
    assert _spans(docs[0]) == _record_spans(record)
    html = displacy.render(docs[0], style="span", options={"spans_key": "govreport"}, page=True)
    assert all(label in html for label in ("CITY", "COUNTRY", "DATE", "AGREEMENT", "COUNT")) and "京" in html


def test_to_disk_and_spacy_load_round_trip_with_the_data_it_was_built_from(tmp_path, record):
    """A component built from edited data folders saves them beside it; spacy.load in a fresh process
    reads them back from there, wherever the originals have gone."""
    rules, gazetteer = copy_data(tmp_path / "edited")
    titles = rules / "titles.yaml"
    titles.write_text(titles.read_text(encoding="utf-8").replace("titles:\n", "titles:\n  - {title: 召集人, en: Convener}\n", 1),
                      encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport", config={"rules": str(rules), "gazetteer": str(gazetteer)})
    text = "召集人林小華出席。" + TEXT
    doc = nlp(text)
    expected = _spans(doc)
    assert ("OFFICIAL", "召集人林小華") in [(label, text[a:b]) for a, b, label, _, _ in expected]
    nlp.to_disk(tmp_path / "saved")
    import shutil

    shutil.rmtree(tmp_path / "edited")
    code = ("import json, spacy, sys; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
            "print(json.dumps([[s.start_char, s.end_char, s.label_, s._.rule, s._.norm] for s in doc.spans['govreport']]"
            ", ensure_ascii=False))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "saved"), text], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert [tuple(s) for s in json.loads(result.stdout)] == expected
