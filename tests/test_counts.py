"""COUNT recognition (LABELLING.md, COUNT; rules/counts.yaml): numbers, units, qualifiers, traps, tables."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit_data, normalise_stage, resources
from govreport.document import Cell, Table
from govreport.ingest.text import document_from_text
from govreport.recognise.counts import CountRecogniser, number_value
from govreport.resources import DataFileError
from govreport.resources.count_rules import load_count_rules
from govreport.spans import make_span



@pytest.fixture(scope="module")
def recogniser():
    return CountRecogniser(resources().counts)


def document(text):
    return normalise_stage()(document_from_text(text))


def counts(recogniser, text, dates=()):
    doc = document(text)
    found = [make_span(doc, text.index(d), text.index(d) + len(d), "DATE", "test") for d in dates]
    return [(s.text, s.norm["value"], s.norm["unit"], s.norm["approx"]) for s in recogniser.find(doc, found)]


def texts(recogniser, text, dates=()):
    return [c[0] for c in counts(recogniser, text, dates)]


# ----- numbers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("受理案件計895件。", ("895件", 895, "件")),
    ("計開放 1,606場次", ("1,606場次", 1606, "場次")),
    ("撥補差額 2億 731萬 3,663元。", ("2億 731萬 3,663元", 207313663, "元")),
    ("用電 80萬 6,487 度", ("80萬 6,487 度", 806487, "度")),
    ("醫療口罩30萬片", ("30萬片", 300000, "片")),
    ("經費 8,798.1萬元", ("8,798.1萬元", 87981000, "元")),
    ("舉辦六場講座", ("六場", 6, "場")),
    ("捐贈兩萬劑疫苗", ("兩萬劑", 20000, "劑")),
    ("共有十二位大使", ("十二位", 12, "位")),
    ("全長２８公里", ("２８公里", 28, "公里")),
    ("騎行30km", ("30km", 30, "km")),
    ("面積 1.5 公頃", ("1.5 公頃", 1.5, "公頃")),
    ("致函 35 個姊妹市", ("35 個", 35, "個")),
    ("訪問團廿三人抵台", ("廿三人", 23, "人")),
    ("吸引5千名粉絲", ("5千名", 5000, "名")),
    ("預算5千萬元", ("5千萬元", 50000000, "元")),
])
def test_number_forms_and_values(recogniser, text, expected):
    assert counts(recogniser, text) == [(*expected, None)]


def test_municipalities_counted_after_digits(recogniser):
    assert texts(recogniser, "轄下41市、18區，共3市2町參加") == ["41市", "18區", "3市", "2町"]
    assert texts(recogniser, "三市市長與14市長出席") == []


def test_line_wraps_stay_inside_the_span_and_leave_the_value(recogniser):
    assert counts(recogniser, "多房間職務宿舍 32\n間") == [("32\n間", 32, "間", None)]
    assert counts(recogniser, "可印 2萬\n4,000張 A4紙") == [("2萬\n4,000張", 24000, "張", None)]
    assert counts(recogniser, "諮詢計 13,358\n人次") == [("13,358\n人次", 13358, "人次", None)]


def test_the_longest_unit_wins(recogniser):
    assert counts(recogniser, "220人次") == [("220人次", 220, "人次", None)]
    assert counts(recogniser, "派遣計1,125車次") == [("1,125車次", 1125, "車次", None)]


def test_english_and_chinese_numerals_are_read_by_cn2an():
    assert number_value("2亿 731万 3,663") == 207313663
    assert number_value("两万") == 20000
    assert number_value("一百零五") == 105
    assert number_value("1.5") == 1.5
    assert isinstance(number_value("3"), int)


# ----- qualifiers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, span, approx", [
    ("逾300人參加", "300人", "more_than"),
    ("超過 20 場", "20 場", "more_than"),
    ("近50名學生", "50名", "about"),
    ("約 1,273萬元", "1,273萬元", "about"),
    ("至少 3 所學校", "3 所", "at_least"),
    ("共 3 場次", "3 場次", None),
    ("計16案", "16案", None),
    ("造訪多達30次", "30次", None),  # "as many as": the number, stressed
    ("共計節省經費約 1億 5,225萬元", "1億 5,225萬元", "about"),
])
def test_qualifiers_stay_outside_and_set_approx(recogniser, text, span, approx):
    assert [(c[0], c[3]) for c in counts(recogniser, text)] == [(span, approx)]


def test_yu_stays_inside_with_more_than(recogniser):
    assert counts(recogniser, "40餘人出席") == [("40餘人", 40, "人", "more_than")]


# ----- not counts ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "第36個會員國", "第四屆論壇", "第一次申訴",  # ordinals
    "締盟55周年", "締盟 15 週年",  # anniversaries
    "成長 35%", "百分之五十的人",  # percentages
    "約8成民眾", "7成2",  # proportions
    "2 年內完成", "為期一個月的書展", "一個月後",  # durations
    "捐贈 COVID-19 快篩", "N95口罩", "2021網路國際姊妹市之夜", "2022台灣燈會",  # names
    "1. 海外輕展覽", "(1) 與韓國", "三、國際業務",  # list and section numbers
    "電話 07-3368333", "(07)336-8333 轉 12",  # phone numbers
    "這兩個字", "兩市市長", "兩國交往密切", "疫情一度嚴峻",  # demonstratives and set words
    "1 樓中庭", "三級警戒",  # no unit
])
def test_not_counts(recogniser, text):
    assert counts(recogniser, text) == []


def test_dates_in_found_are_not_counts(recogniser):
    assert texts(recogniser, "110 年 9 月 17 日締結", dates=["110 年 9 月 17 日"]) == []


def test_numbers_inside_quoted_names_are_not_counts(recogniser):
    assert texts(recogniser, "辦理「2021 駐台使節 3 人行」活動") == []


def test_a_multiplication_sign_is_no_name(recogniser):
    assert texts(recogniser, "301案\nX570個機關 X5 張 A4紙") == ["301案", "570個", "5 張"]


def test_a_list_number_after_a_roman_numeral_is_counted(recogniser):
    assert texts(recogniser, "XIII.9國使節代表團訪高") == ["9國"]


def test_several_counts_in_one_sentence(recogniser):
    assert texts(recogniser, "由大使率領之 30 國 38 位駐台使節訪高") == ["30 國", "38 位"]
    assert texts(recogniser, "共計有33案、220人次。") == ["33案", "220人次"]


# ----- tables -------------------------------------------------------------------------------------------

TEXT_TABLE = ("表二、107 年至 110 年 訪賓接待人數（含視訊會議）\n\n"
              "年度\t來訪國家\t總數\n110\t法國、澳洲等國。\t157\n109\t日本等國。\t130\n\n"
              "表三、重要國際專案辦理場次\n\n年度\t專案場次\t總場次\n110\t1\t0\n\n"
              "表四、姊妹市及友好城市締盟成果\n\n年度\t時間\t締結城市\t總數\n110\t9 月 17 日\t帛琉科羅州\t1\n")


def test_bare_numbers_under_count_headers_take_the_header_or_title_unit(recogniser):
    found = counts(recogniser, TEXT_TABLE)
    assert [(c[0], c[2]) for c in found] == [("157", "人"), ("130", "人"), ("1", "場次"), ("0", "場次"), ("1", "個")]
    assert all(c[3] is None for c in found)


def test_years_under_a_year_header_are_not_counts(recogniser):
    assert "110" not in texts(recogniser, TEXT_TABLE)


def test_pdf_tables_are_read_from_document_tables(recogniser):
    doc = document("數量表\n年度\t件數\n110\t12\n")
    start = doc.text.index("12")
    doc.tables = [Table(page=1, header=["年度", "件數"], rows=[[Cell("110", start - 4, start - 1, "年度"),
                                                               Cell("12", start, start + 2, "件數")]])]
    [span] = CountRecogniser(resources().counts).find(doc, [])
    assert (span.text, span.norm, span.rule) == ("12", {"value": 12, "unit": "件", "approx": None}, "rule:count/table_cell")


# ----- data files ---------------------------------------------------------------------------------------

def test_a_bad_qualifier_names_its_file_and_line(tmp_path):
    rules, _, bad = edit_data(tmp_path, "rules/counts.yaml",
                              lambda text: text.replace("{word: 逾, approx: more_than}", "{word: 逾, approx: many}"))
    with pytest.raises(DataFileError) as error:
        load_count_rules(rules, resources().vocab)
    text = bad.read_text(encoding="utf-8")
    assert error.value.path == str(bad)
    assert error.value.line == text.splitlines().index(next(l for l in text.splitlines() if "approx: many" in l)) + 1


def test_a_new_unit_is_a_data_edit(tmp_path):
    rules, _, _ = edit_data(tmp_path, "rules/counts.yaml", lambda text: text.replace("units:\n", "units:\n  - 尾\n", 1))
    assert counts(CountRecogniser(load_count_rules(rules, resources().vocab)), "放流魚苗 500尾") == [("500尾", 500, "尾", None)]


# ----- properties ---------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("0123456789０１２,. \n\t一二兩十百千萬億餘逾約共第人次場個元度km%-X「」年月日表總數"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=40))
def test_arbitrary_text_never_raises_and_spans_match_the_text(text):
    doc = document(text)
    for span in CountRecogniser.find(_SHARED, doc, []):
        assert doc.text[span.start:span.end] == span.text
        assert span.label == "COUNT" and span.start < span.end
        assert isinstance(span.norm["value"], (int, float))


_SHARED = CountRecogniser(resources().counts)


# ----- LABELLING.md v2 (issue 17) --------------------------------------------------------------------

def test_a_population_figure_counts_people_though_no_unit_follows(recogniser):
    assert counts(recogniser, "該州人口也超過320萬，面積廣大。") == [("320萬", 3200000, "人", "more_than")]
    assert counts(recogniser, "人口約45萬，") == [("45萬", 450000, "人", "about")]
    assert counts(recogniser, "人口結構老化，預估120萬") == []  # punctuation between: another figure


def test_residents_and_groups_are_units(recogniser):
    assert counts(recogniser, "代表全市27萬市民致意，並介紹境內9族原住民族。") == [
        ("27萬市民", 270000, "市民", None), ("9族", 9, "族", None)]


@given(st.lists(st.sampled_from(["1", "25", "3,663", "8.1", ".", ",", "万", "亿", "千", "百", "两", "廿", "三", "十", " ", "\n",
                                 "人", "元", "名", "a", "年", "１", "٣"]), max_size=20).map("".join))
def test_numbers_are_found_where_re_s_own_search_finds_them(view):
    from govreport.recognise.counts import _NUMBER, next_number, numeral_runs

    run_starts = numeral_runs(view)
    for position in range(len(view) + 1):
        found, expected = next_number(view, run_starts, position), _NUMBER.search(view, position)
        assert (found and found.span()) == (expected and expected.span())
