import json

from pipeline.export import to_json_line


def test_a_record_is_one_line_even_with_unicode_line_separators():
    record = {"doc_id": "a\u2028b", "text": "x\u2029y\x85z"}
    line = to_json_line(record)
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == record
