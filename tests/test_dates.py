"""The dates stage: every DATE form the reports use, ranges, year inference, nulls, impossible
dates, the not-dates, and properties over all ROC dates and arbitrary strings."""
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit_data, normalise_stage, resources
from govreport.dates import DateStage, find_dates
from govreport.resources import DataFileError
from govreport.resources.date_rules import load_date_rules
from govreport.ingest.text import tab_tables
from govreport.document import Cell, Table
from govreport.ingest.text import document_from_text


def dates(text):
    return [(s.text, s.norm["start"], s.norm["end"]) for s in find_dates(text)]


def one(text):
    spans = find_dates(text)
    assert len(spans) == 1, [s.text for s in spans]
    return spans[0]


@pytest.mark.parametrize("text, span, start, end, calendar", [
    ("於110年9月17日締結", "110年9月17日", "2021-09-17", "2021-09-17", "roc"),
    ("民國110年", "民國110年", "2021", "2021", "roc"),
    ("中華民國一一〇年八月", "中華民國一一〇年八月", "2021-08", "2021-08", "roc"),
    ("中華民國 111 年 8 月", "中華民國 111 年 8 月", "2022-08", "2022-08", "roc"),
    ("中華民國九十年十月十日", "中華民國九十年十月十日", "2001-10-10", "2001-10-10", "roc"),
    ("簽署日 110/9/17。", "110/9/17", "2021-09-17", "2021-09-17", "roc"),
    ("簽署日 110.9.17。", "110.9.17", "2021-09-17", "2021-09-17", "roc"),
    ("上(2023)年10月舉行", "上(2023)年10月", "2023-10", "2023-10", "gregorian"),
    ("活動於108.11.12舉行", "108.11.12", "2019-11-12", "2019-11-12", "roc"),  # Chinese touching it
    ("110年度預算", "110年度", "2021", "2021", "roc"),
    ("112\n年度計畫", "112\n年度", "2023", "2023", "roc"),
    ("111年底前完成", "111年底", "2022", "2022", "roc"),
    ("111\n年底", "111\n年底", "2022", "2022", "roc"),
    ("109 年初開始", "109 年初", "2020", "2020", "roc"),
    ("111年上半年", "111年上半年", "2022-01", "2022-06", "roc"),
    ("114 年下半年", "114 年下半年", "2025-07", "2025-12", "roc"),
    ("110年12月上旬", "110年12月上旬", "2021-12-01", "2021-12-10", "roc"),
    ("110年12月中旬", "110年12月中旬", "2021-12-11", "2021-12-20", "roc"),
    ("110年12月下旬", "110年12月下旬", "2021-12-21", "2021-12-31", "roc"),
    ("109年2月下旬", "109年2月下旬", "2020-02-21", "2020-02-29", "roc"),
    ("110年9月份", "110年9月份", "2021-09", "2021-09", "roc"),
    ("於 2025 年 9 月 辦理", "2025 年 9 月", "2025-09", "2025-09", "gregorian"),
    ("1982 年締結", "1982 年", "1982", "1982", "gregorian"),
    ("1950 年代", "1950 年代", "1950", "1959", "gregorian"),
    ("on 2025/9/17.", "2025/9/17", "2025-09-17", "2025-09-17", "gregorian"),
    ("signed on September 17, 2021 in", "September 17, 2021", "2021-09-17", "2021-09-17", "gregorian"),
    ("signed 17 Sep 2021.", "17 Sep 2021", "2021-09-17", "2021-09-17", "gregorian"),
    ("１１０年９月１７日", "１１０年９月１７日", "2021-09-17", "2021-09-17", "roc"),
    ("110 年 9 月 17 日", "110 年 9 月 17 日", "2021-09-17", "2021-09-17", "roc"),
    ("110年 3月\n1日", "110年 3月\n1日", "2021-03-01", "2021-03-01", "roc"),
    ("依規定於 111年 2月 28 前完成", "111年 2月 28", "2022-02-28", "2022-02-28", "roc"),
    ("臺灣 110 年 9 月", "110 年 9 月", "2021-09", "2021-09", "roc"),
])
def test_forms(text, span, start, end, calendar):
    found = one(text)
    assert (found.text, found.norm["start"], found.norm["end"], found.norm["calendar"]) == (span, start, end, calendar)
    assert found.norm["year_inferred"] is False
    assert found.label == "DATE" and found.rule.startswith("date:")


@pytest.mark.parametrize("text, span, start, end", [
    ("（109—110 年）", "109—110 年", "2020", "2021"),
    ("107 年至 108 年疫情", "107 年至 108 年", "2018", "2019"),
    ("於110年1月至2月辦理", "110年1月至2月", "2021-01", "2021-02"),
    ("104年8月7至10日", "104年8月7至10日", "2015-08-07", "2015-08-10"),
    ("111年 1~11月", "111年 1~11月", "2022-01", "2022-11"),
    ("111年 1至 12月", "111年 1至 12月", "2022-01", "2022-12"),
    ("110年 1月起至 111年 4月止", "110年 1月起至 111年 4月", "2021-01", "2022-04"),
    ("110年 3月\n1日至 112年 2月 28日", "110年 3月\n1日至 112年 2月 28日", "2021-03-01", "2023-02-28"),
    ("111年 9月 16 日至 10月 14 日", "111年 9月 16 日至 10月 14 日", "2022-09-16", "2022-10-14"),
    ("111 年 3月 24、25日", "111 年 3月 24、25日", "2022-03-24", "2022-03-25"),
    ("111 年 9 月 7 日及 8 日", "111 年 9 月 7 日及 8 日", "2022-09-07", "2022-09-08"),
    ("2025 年 1 至 12 月", "2025 年 1 至 12 月", "2025-01", "2025-12"),
    ("109～110年", "109～110年", "2020", "2021"),
])
def test_ranges_are_one_span(text, span, start, end):
    found = one(text)
    assert (found.text, found.norm["start"], found.norm["end"]) == (span, start, end)


def test_year_less_ranges_take_the_year_from_context():
    assert dates("110年4月辦理。9月17日至19日、12月5日至9日")[1:] == [
        ("9月17日至19日", "2021-09-17", "2021-09-19"), ("12月5日至9日", "2021-12-05", "2021-12-09")]


def test_a_year_since_which_a_tie_lasts_is_no_context():
    # rules/dates.yaml, context.since_words: 自55年 is history; the range takes the dateline's year
    assert dates("113年10月8日\n兩市自55年締結姊妹市，將於10月20日至22日舉辦論壇。")[1:] == [
        ("55年", "1966", "1966"), ("10月20日至22日", "2024-10-20", "2024-10-22")]


def test_range_into_the_next_year():
    assert dates("110年4月。12月20日至1月5日")[1] == ("12月20日至1月5日", "2021-12-20", "2022-01-05")


def test_separate_dates_listed_are_separate_spans():
    assert [d[0] for d in dates("111年 9月 1日與111年 9月 7日")] == ["111年 9月 1日", "111年 9月 7日"]
    assert [d[0] for d in dates("111年 7月 14日、12月 20日")] == ["111年 7月 14日", "12月 20日"]
    assert dates("111年辦理。5、11月各一場") [1:] == [("5", "2022-05", "2022-05"), ("11月", "2022-11", "2022-11")]


@pytest.mark.parametrize("text, span, start", [
    ("高雄市政府今(23)日表示", "今(23)日", None),
    ("本(110)年5月", "本(110)年5月", "2021-05"),
    ("前(2023)年", "前(2023)年", "2023"),
    ("本（110）年5月", "本（110）年5月", "2021-05"),
])
def test_relative_dates_keep_their_prefix(text, span, start):
    found = one(text)
    assert (found.text, found.norm["start"]) == (span, start)


@pytest.mark.parametrize("text", ["去年辦理", "今年度", "今天", "同年", "本年度本府"])
def test_relative_words_without_a_number_are_not_dates(text):
    assert find_dates(text) == []


def test_year_from_the_paragraph():
    found = find_dates("110年適逢本市與八王子締盟15周年，本處於11月15日辦理贈書儀式。")
    assert [(s.text, s.norm["start"], s.norm["year_inferred"]) for s in found] == [
        ("110年", "2021", False), ("11月15日", "2021-11-15", True)]


def test_year_from_an_earlier_full_date_and_month_for_a_bare_day():
    found = find_dates("111年 9月 7 日抵達，8 日返國。")
    assert [(s.text, s.norm["start"], s.norm["year_inferred"]) for s in found] == [
        ("111年 9月 7 日", "2022-09-07", False), ("8 日", "2022-09-08", True)]


def test_same_year_and_same_month():
    found = find_dates("104年9月2日組團出訪；同年11月10日至14日回訪。同月20日再訪。")
    assert [(s.text, s.norm["start"], s.norm["end"], s.norm["year_inferred"]) for s in found] == [
        ("104年9月2日", "2015-09-02", "2015-09-02", False),
        ("同年11月10日至14日", "2015-11-10", "2015-11-14", True),
        ("同月20日", "2015-11-20", "2015-11-20", True)]


def test_year_does_not_come_from_another_section_but_from_the_report_year():
    text = ("(一) 贈書\n110年9月8日視訊。110年9月10日簽署。展示八王子市103年贈予之書籍。\n"
            "(二) 訪團\n政務次長於12月5日來台。")
    found = find_dates(text)
    assert (found[-1].text, found[-1].norm["start"]) == ("12月5日", "2021-12-05")


def test_today_takes_the_month_of_the_date_before():
    assert dates("110年9月20日公告：今(23)日簽署")[1] == ("今(23)日", "2021-09-23", "2021-09-23")


@pytest.mark.parametrize("text, span", [("12月5日", "12月5日"), ("9月17日至19日", "9月17日至19日"), ("12月上旬", "12月上旬"),
                                        ("同年9月", "同年9月"), ("8 日", "8 日")])
def test_no_year_in_context_gives_a_null_value(text, span):
    found = one(text)
    assert found.text == span
    assert found.norm == {"start": None, "end": None, "calendar": "roc", "year_inferred": True}


def _run(text, tables=None):
    doc = document_from_text(text)  # reads the tab-separated tables of a text
    if tables is not None:
        doc.tables = list(tables)  # or takes a PDF's, as ingestion would
    return DateStage(resources().dates)(normalise_stage()(doc))


def test_table_row_year():
    text = "年度\t時間\t締結城市\n110\t9 月 17 日\t帛琉科羅州\n108\t2 月 16 日\t韓國水原市\n109\t9/13\t大邱市"
    doc = _run(text)
    assert [(s.text, s.norm["start"], s.norm["year_inferred"], s.rule) for s in doc.spans] == [
        ("110", "2021", False, "date:table_y"), ("9 月 17 日", "2021-09-17", True, "date:noyear_md"),
        ("108", "2019", False, "date:table_y"), ("2 月 16 日", "2019-02-16", True, "date:noyear_md"),
        ("109", "2020", False, "date:table_y"), ("9/13", "2020-09-13", True, "date:table_md")]


def test_table_from_the_pdf_tables():
    text = "年度 時間\n2021 9月17日"
    table = Table(page=1, header=["年度", "時間"],
                  rows=[[Cell("2021", 6, 10, "年度"), Cell("9月17日", 11, 16, "時間")]])
    doc = _run(text, [table])
    assert [(s.text, s.norm["start"], s.norm["calendar"]) for s in doc.spans] == [
        ("2021", "2021", "gregorian"), ("9月17日", "2021-09-17", "gregorian")]


def test_a_table_broken_by_a_blank_line_keeps_its_header():
    tables = tab_tables("年度\t時間\n110\t9月17日\n\n108\t8月23日\n")
    assert len(tables) == 1 and [row[0].text for row in tables[0].rows] == ["110", "108"]


@pytest.mark.parametrize("text, span", [("110年2月30日", "110年2月30日"), ("110年13月", "110年13月"),
                                        ("2月30日", "2月30日"), ("111/2/29", "111/2/29")])
def test_impossible_dates_warn_and_are_not_shifted(text, span):
    doc = _run(text)
    assert [(s.text, s.norm["start"], s.norm["end"]) for s in doc.spans] == [(span, None, None)]
    assert [(w.kind, w.start, w.end) for w in doc.warnings] == [("impossible_date", 0, len(span))]


def test_leap_day_is_possible():
    assert dates("109年2月29日") == [("109年2月29日", "2020-02-29", "2020-02-29")]


@pytest.mark.parametrize("text", [
    "疫情初始之 2 年內", "為期一個月", "為期 3 年", "成立55周年", "締盟 15 週年", "超過 40 年的情誼", "30 餘年",
    "2022台灣燈會", "2021亞太城市高峰會", "「推動計畫(104-106年)執行計畫」", "「2025年世界消費者日-活動」",
    "上午10時30分", "14:00-16:00", "電話：07-3368333", "(07)336-8333", "3.1.2 節", "第 3 年", "3年級學生",
    "一日遊", "連續 2 日", "為期 5 日", "COVID-19", "1、2、3 項", "第2章", "90.7%", "版本v1.2.3發布", "第1.2.3節",
    "菲律賓127年國慶", "建國110年", "創校50年校慶",  # anniversaries (LABELLING.md v2)
])
def test_not_dates(text):
    assert find_dates(text) == []


def test_long_digit_runs_are_not_read_as_numbers():
    assert find_dates("9" * 5000 + "年") == []


def test_decade_only_after_a_round_year():
    assert dates("2025 年代表團") == [("2025 年", "2025", "2025")]


def test_year_with_an_unquoted_name_is_a_date_but_not_in_quotes():
    assert [d[0] for d in dates("2026 年日光海島生活節")] == ["2026 年"]
    assert dates("2026 日光海島生活節") == []


def test_a_line_wrap_with_a_blank_line_stays_inside_the_date():
    assert dates("伸出援手。110年\n\n12 月本市") == [("110年\n\n12 月", "2021-12", "2021-12")]


def test_a_wrapped_line_starting_with_a_listed_month_is_not_an_item_number():
    assert dates("111年度查核，分別於\n5、11月辦理")[1:] == [("5", "2022-05", "2022-05"), ("11月", "2022-11", "2022-11")]


def test_durations_after_a_time_word_are_not_dates():
    assert dates("共同邁向下個 40年里程碑，未來 50 年") == []


def test_list_number_before_a_date_is_not_a_month():
    assert [d[0] for d in dates("111年辦理：\n2、12月5日出訪")] == ["111年", "12月5日"]


def test_rules_file_errors_name_the_line(tmp_path):
    assert "年" in resources().dates.units["year"]
    rules, _, bad = edit_data(tmp_path, "rules/dates.yaml",
                              lambda text: text.replace("{word: 下半年, months: [7, 12]}", "{word: 下半年, months: [7, 13]}"))
    text = bad.read_text(encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_date_rules(rules)
    assert error.value.line == text[: text.index("{word: 下半年")].count("\n") + 1


def test_a_pattern_without_the_group_the_code_reads_is_a_file_error(tmp_path):
    rules, _, bad = edit_data(tmp_path, "rules/dates.yaml", lambda text: text.replace("(?P<years>", "(?P<count>"))
    with pytest.raises(DataFileError, match="years") as error:
        load_date_rules(rules)
    assert error.value.path == str(bad)


# ---- properties ----

def _roc_dates(min_year=1):
    return st.dates(datetime.date(1911 + min_year, 1, 1), datetime.date(1911 + 150, 12, 31))


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_CHINESE_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")

_FORMS = [
    lambda y, m, d: f"{y}年{m}月{d}日",
    lambda y, m, d: f"{y} 年 {m} 月 {d} 日",
    lambda y, m, d: f"民國{y}年{m}月{d}日",
    lambda y, m, d: f"中華民國 {y} 年 {m} 月 {d} 日",
    lambda y, m, d: f"{y}年{m}月{d}日".translate(_FULL_WIDTH),
    lambda y, m, d: f"中華民國{str(y).translate(_CHINESE_DIGITS)}年{m}月{d}日",
]


@settings(max_examples=150, deadline=None)
@given(_roc_dates(), st.sampled_from(range(len(_FORMS))))
def test_every_roc_date_in_every_form_reads_back(date, form):
    text = _FORMS[form](date.year - 1911, date.month, date.day)
    found = one(f"於{text}辦理")
    assert found.text == text
    assert (found.norm["start"], found.norm["end"], found.norm["calendar"]) == (date.isoformat(), date.isoformat(), "roc")


@settings(max_examples=100, deadline=None)
@given(_roc_dates(min_year=50), st.sampled_from("/.-"))
def test_every_numeric_roc_date_reads_back(date, separator):
    text = separator.join(map(str, (date.year - 1911, date.month, date.day)))
    assert dates(f"日期：{text}。") == [(text, date.isoformat(), date.isoformat())]


_DATE_ALPHABET = st.sampled_from(list("0123456789０１２３ 年月日號度底初上下半旬至到~—-、及和同今本前()（）民國中華〇一二十\n\t「」/.") + ["September ", "Sep ", ", "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_DATE_ALPHABET, st.text(max_size=3)), max_size=25).map("".join))
def test_no_input_makes_find_dates_raise_and_spans_match_the_text(text):
    for span in find_dates(text):
        assert text[span.start:span.end] == span.text
        assert span.text == span.text.strip()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 \n年月日至、—及人次件民國同今()上旬底", max_size=30))
def test_numbers_skipped_cheaply_are_numbers_the_grammar_reads_to_no_date(text):
    """find() skips a number followed by no unit and no joiner without reading it: check that reading
    it would have found nothing."""
    from govreport.dates.grammar import DateGrammar

    grammar = DateGrammar(resources().dates)
    for i in range(len(text)):
        if not grammar._may_start_date(text, i):
            assert grammar.expressions_at(text, i) == []


@settings(max_examples=300, deadline=None)
@given(st.integers(1900, 2100), st.one_of(st.none(), st.integers(0, 13)), st.integers(0, 32))
def test_numeric_gregorian_dates_are_checked_as_dateparser_reads_them(year, month, day):
    """gregorian.to_iso checks a numeric date with datetime, not dateparser (whose first parse builds its
    time-zone patterns, in every worker); both must accept and refuse the same dates, to the same value."""
    from dateparser.date import DateDataParser
    from govreport.dates import gregorian

    day_or_none = day if month is not None else None
    parts = [f"{year:04d}"] + [f"{n:02d}" for n in (month, day_or_none) if n is not None]
    data = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"}).get_date_data("-".join(parts))
    read = data.date_obj is not None and {"year": 1, "month": 2, "day": 3}.get(data.period) == len(parts) \
        and gregorian.iso(data.date_obj, data.period) == "-".join(parts)
    assert gregorian.to_iso(year, month, day_or_none) == ("-".join(parts) if read else None)


# ---- LABELLING.md v2: years counted from the day of writing, Chinese numerals, news stamps (issue 17) ----

def test_a_relative_year_word_before_a_month_is_inside_the_date_and_takes_the_datelines_year():
    text = "（本報訊20230815 09:30:00）市府表示，今年3月與去年11月的交流，明年5月2日再訪。"
    assert dates(text) == [("20230815", "2023-08-15", "2023-08-15"), ("今年3月", "2023-03", "2023-03"),
                           ("去年11月", "2022-11", "2022-11"), ("明年5月2日", "2024-05-02", "2024-05-02")]


def test_without_a_dateline_a_date_from_the_day_of_writing_has_no_value():
    """An earlier full date in the text is a past event, not the day of writing."""
    text = "兩市於2005年10月3日締結姊妹市。今年7月及昨(28)日雙方又見面。"
    assert dates(text) == [("2005年10月3日", "2005-10-03", "2005-10-03"), ("今年7月", None, None), ("昨(28)日", None, None)]


def test_a_relative_day_takes_the_datelines_month_and_year():
    assert dates("日期：2016/4/13\n議長於今(13)日率團拜會。") == [("2016/4/13", "2016-04-13", "2016-04-13"),
                                                           ("今(13)日", "2016-04-13", "2016-04-13")]


def test_a_year_word_alone_is_no_date():
    assert dates("今年是交流的一年，去年也是。") == []


@pytest.mark.parametrize("text, expected", [
    ("兩市於七十三年八月一日同時升格。", [("七十三年八月一日", "1984-08-01", "1984-08-01")]),  # a month follows
    ("並在八十五年締結姊妹市。", [("八十五年", "1996", "1996")]),  # placed in time by 在
    ("二○二一年舉辦設計展。", [("二○二一年", "2021", "2021")]),  # ○ typed for 〇
    ("市長於十五日下午抵達。", [("十五日", None, None)]),
    ("二十日下午抵達。", [("二十日", None, None)]),  # a time of day follows
    ("三十年來始終如一。", []),  # a duration
    ("雙方交流迄今已十八年。", []),
    ("締結姊妹市已37年。", []),  # 已: for how long, not when
])
def test_chinese_numeral_years_and_days_that_are_dates(text, expected):
    assert dates(text) == expected


def test_a_compact_date_stamped_before_a_time_is_a_date_and_other_digit_runs_are_not():
    assert dates("（通訊社快訊20230815 09:30:12）") == [("20230815", "2023-08-15", "2023-08-15")]
    assert dates("案號20240122") == [] and dates("20241399 11:00") == []


@pytest.mark.parametrize("text, expected", [
    # the page's record of when it was posted or updated, under a dated headline or dateline
    ("Keelung hosts a delegation (2012-05-20)\nDate: 2019-03-08\nThe mayor arrived on May 18th and left this February.",
     [("2012-05-20", "2012-05-20"), ("2019-03-08", "2019-03-08"), ("May 18th", "2012-05-18"), ("this February", "2012-02")]),
    ("發布日期：110-09-17\n更新日期：111-01-05\n市長於9月20日率團出訪。",
     [("110-09-17", "2021-09-17"), ("111-01-05", "2022-01-05"), ("9月20日", "2021-09-20")]),
])
def test_a_second_dated_line_in_the_header_gives_no_year_to_the_text(text, expected):
    assert [(text, start) for text, start, _ in dates(text)] == expected


def test_a_dated_line_in_the_body_still_gives_its_year():
    text = "日期：2016/4/13\n議長率團拜會。\n\n" + "交流內容。" * 60 + "\n日期：2017/1/2\n議長於1月5日再訪。"
    assert dates(text)[-1] == ("1月5日", "2017-01-05", "2017-01-05")


def test_a_captions_date_gives_no_year_to_the_story():
    """A photo's caption may tell a tie signed years before the story; the story's dates keep their own year."""
    text = "本市與X市於2016年3月15日簽訂姊妹市 (圖/市政府)\n\n市長將於3月20日出訪。議長於2019年1月5日、2019年3月8日迎接。"
    assert dates(text)[1] == ("3月20日", "2019-03-20", "2019-03-20")


@pytest.mark.parametrize("text, expected", [
    # the only year is the tie's founding; its 2nd anniversary places the story two years on
    ("兩市於 2016年03月15日簽訂姊妹市 (圖/市府)\n\n市長將於3月20日至3月29日出訪，適逢兩市簽約3週年。",
     ("3月20日至3月29日", "2019-03-20", "2019-03-29")),
    # a year of the story's own: it is the context, the anniversary is not needed
    ("兩市於2006年締結友好城市，2026年迎來締盟20週年，10月3日舉辦慶祝會。", ("10月3日", "2026-10-03", "2026-10-03")),
    # a date in the anniversary's own clause is the anniversary's, not the founding
    ("110年適逢本市與八王子市締結15周年，12月5日辦理書展。", ("12月5日", "2021-12-05", "2021-12-05")),
])
def test_a_ties_anniversary_places_a_story_that_names_no_other_year(text, expected):
    assert dates(text)[-1] == expected


# ---- English news: the year left out is the year of writing (issue 17) ----

def test_an_english_date_without_a_year_is_of_the_year_of_writing():
    text = ("Date: 2024-05-14\nThe friendship, established in April 2014, grew. "
            "On the evening of May 13 the guests dined. In 2019, the mayor had visited on May 5. They return next September.")
    assert [(t, start) for t, start, _ in dates(text)] == [
        ("2024-05-14", "2024-05-14"), ("April 2014", "2014-04"), ("May 13", "2024-05-13"), ("2019", "2019"),
        ("May 5", "2019-05-05"), ("next September", "2025-09")]


@pytest.mark.parametrize("text, expected", [
    ("Publication Date: 07/18/2025", ("07/18/2025", "2025-07-18", "2025-07-18")),  # month first, as US pages write it
    ("Posted 18/07/2025", ("18/07/2025", "2025-07-18", "2025-07-18")),  # no 18th month: day first
    ("The county plans to sign it in early 2024.", ("early 2024", "2024", "2024")),
])
def test_english_numeric_dates_and_qualified_years(text, expected):
    assert dates(text) == [expected]


def test_the_year_a_tie_was_concluded_is_history_not_context():
    """本市與東方市於2014年締結姐妹市。11月25日…: the founding year of a tie told in passing gives no year to the
    story's dates; the report's own year does."""
    text = "113年本市國際交流成果豐碩。本市與東方市於2014年締結姐妹市。11月25日，東方市市長來訪。"
    assert dates(text)[-1] == ("11月25日", "2024-11-25", "2024-11-25")
