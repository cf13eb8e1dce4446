import json

from govreport.export import to_json_line


def test_a_record_is_one_line_even_with_unicode_line_separators():
    record = {"doc_id": "a\u2028b", "text": "x\u2029y\x85z"}
    line = to_json_line(record)
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == record


def test_events_table_lines_up_cjk_columns_and_orders_pages():
    from govreport.cli import event_rows, format_rows

    record = {"doc_id": "d", "events": [{
        "type": "sister_city", "action": "signed", "partner": {"city": "科羅州", "country": "帛琉"},
        "date": {"start": "2021-09-17", "end": "2021-09-17"}, "signatories": [{"name": "陳其邁"}],
        "evidence": [{"start": 0, "end": 3, "page": 12}, {"start": 5, "end": 8, "page": 7}]}]}
    rows = event_rows(record)
    assert rows == [["d", "sister_city", "signed", "科羅州 / 帛琉", "2021-09-17", "陳其邁", "7,12"]]
    header, line = format_rows(["document", "type", "action", "partner", "date", "signatories", "pages"], rows).splitlines()
    # the date column starts at the same screen column: the five CJK characters before it are two columns wide
    assert header.index("date") == line.index("2021") + 5
