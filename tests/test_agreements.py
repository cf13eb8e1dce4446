"""AGREEMENT recognition (LABELLING.md, AGREEMENT; labelling guide AGREEMENT; rules/agreements.yaml).

The partner spans (CITY, COUNTRY, ORG) are given by hand, as the entity recogniser would give them, so
that these tests see only the agreement rules.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit_data, normalise_stage, resources
from govreport.resources import DataFileError
from govreport.resources.agreement_rules import load_agreement_rules
from govreport.ingest.text import document_from_text
from govreport.normalise import fold
from govreport.clauses import Clauses
from govreport.recognise.agreements import AgreementRecogniser
from govreport.textlayer import TextLayer
from govreport.spans import make_span



def new_recogniser(rules=None):
    return AgreementRecogniser(rules or resources().agreements, resources().gazetteer)


def edited_rules(tmp_path, edit):
    """The agreement rules of a copy of the rules folder whose agreements.yaml `edit` rewrote."""
    rules, _, _ = edit_data(tmp_path, "rules/agreements.yaml", edit)
    return load_agreement_rules(rules, resources().vocab)


@pytest.fixture(scope="module")
def recogniser():
    return new_recogniser()


def document(text):
    return normalise_stage()(document_from_text(text))


def entities(doc, names):
    """Spans for (label, text, name) triples, each at its first occurrence at or after the last one."""
    spans, at = [], 0
    for label, text, name in names:
        start = doc.text.index(text, at)
        spans.append(make_span(doc, start, start + len(text), label, "test", {"name": name}))
        at = start + len(text)
    return spans


def agreements(recogniser, text, *names):
    doc = document(text)
    found = entities(doc, [(n[0], n[1], n[2] if len(n) > 2 else n[1]) for n in names])
    return [(s.text, s.norm["type"]) for s in recogniser.find(doc, found)]


CITY, COUNTRY, ORG = "CITY", "COUNTRY", "ORG"


# ----- partner in the clause ----------------------------------------------------------------------------

def test_partner_before_the_form(recogniser):
    assert agreements(recogniser, "本市與帛琉共和國科羅州締結為姊妹市。", (COUNTRY, "帛琉共和國", "帛琉"),
                      (CITY, "科羅州")) == [("姊妹市", "sister_city")]


def test_partner_after_the_form(recogniser):
    assert agreements(recogniser, "前往本市姊妹市澳洲布里斯本市。", (COUNTRY, "澳洲"),
                      (CITY, "布里斯本市")) == [("姊妹市", "sister_city")]


def test_partner_in_an_earlier_part_sharing_the_subject(recogniser):
    text = "本市與加拿大溫哥華市皆秉持自由、民主之核心價值觀，跨越地理與時差的距離，積極發展友誼城市關係。"
    assert agreements(recogniser, text, (COUNTRY, "加拿大"), (CITY, "溫哥華市")) == [("友誼城市", "friendship_city")]


def test_the_subject_of_an_earlier_part_is_a_partner(recogniser):
    text = "2026 年 3 月關島總督率領代表團成員再度來訪，正式完成姊妹市簽署程序"
    doc = document(text)
    found = [make_span(doc, 0, 10, "DATE", "test", {})] + entities(doc, [(CITY, "關島", "關島")])
    assert [s.text for s in new_recogniser().find(doc, found)] == ["姊妹市"]


def test_the_subject_of_an_earlier_part_after_a_lead_word(recogniser):
    # rules/agreements.yaml, subject_leads: 繼 opens the part, 山口縣 is still its subject
    text = "繼山口縣知事訪台，與台南市長締結交流協定。"
    assert agreements(recogniser, text, (CITY, "山口縣"), (CITY, "台南", "臺南市")) == [("交流協定", "agreement")]


def test_a_new_subject_starts_a_new_clause(recogniser):
    text = "陳市長與巴拿馬市長會晤，市府同意未來朝締結姊妹市方向努力。"
    assert agreements(recogniser, text, (CITY, "巴拿馬")) == []


def test_an_anaphor_for_both_parties_refers_back_to_them(recogniser):
    # rules/agreements.yaml, both_parties: 雙方 stands for the subject and the party joined to it before
    text = "北投區與霧笛町往來多年，經議會促成，雙方於111年締結友好城市。"
    assert agreements(recogniser, text, (CITY, "霧笛町")) == [("友好城市", "friendship_city")]
    text = "陳市長與巴拿馬市長會晤，兩市同意未來朝締結姊妹市方向努力。"
    assert agreements(recogniser, text, (CITY, "巴拿馬")) == [("姊妹市", "sister_city")]
    # the other party needs no 與 before it: 雙方 names both
    text = "本府接待瓜地馬拉市副市長一行，雙方同意於年內完成友好交流協定續約。"
    assert agreements(recogniser, text, (CITY, "瓜地馬拉市")) == [("友好交流協定", "friendship_city")]


def test_a_name_in_an_earlier_part_must_be_a_party_to_the_subject(recogniser):
    text = "終於迎來布拉提斯拉瓦省訪團到訪高雄，預期透過夥伴協定簽署，加速城市交流。"
    assert agreements(recogniser, text, (CITY, "布拉提斯拉瓦省"), (CITY, "高雄", "高雄市")) == []


def test_a_partner_is_kept_by_its_own_agreement(recogniser):
    text = "本市與美國西雅圖姊妹市共同受邀參與研討會，就如何經營姊妹市關係的挑戰交換意見。"
    assert agreements(recogniser, text, (COUNTRY, "美國"), (CITY, "西雅圖", "西雅圖市")) == [("姊妹市", "sister_city")]


def test_no_partner_no_span(recogniser):
    assert agreements(recogniser, "致函 35 個姊妹市進行年終問候。") == []
    assert agreements(recogniser, "一同簽署協定，即時互動。") == []


def test_the_home_city_is_no_partner(recogniser):
    assert agreements(recogniser, "高雄市姊妹市數量持續成長。", (CITY, "高雄市")) == []


def test_a_city_tie_needs_a_city(recogniser):
    text = "邀請帛國駐台大使到場見證，順利完成有別於以往的姊妹市簽署儀式。"
    assert agreements(recogniser, text, (COUNTRY, "帛國", "帛琉")) == []


def test_a_country_named_like_its_city_is_a_city_partner(recogniser):
    assert agreements(recogniser, "(3)貝里斯姊妹市物資捐贈", (COUNTRY, "貝里斯")) == [("姊妹市", "sister_city")]
    assert agreements(recogniser, "(3)日本姊妹市物資捐贈", (COUNTRY, "日本")) == []


def test_a_form_inside_a_name_found_earlier_is_no_span(recogniser):
    text = "水原市與高雄市姊妹市交流協會合作。"
    assert agreements(recogniser, text, (CITY, "水原市"), (ORG, "高雄市姊妹市交流協會")) == []


def test_an_anaphor_before_the_form_names_no_partner(recogniser):
    text = "點亮布里斯本市政府代表色，以慶祝雙方姊妹市情誼。"
    assert agreements(recogniser, text, (CITY, "布里斯本市")) == []


def test_a_sentence_ends_at_a_full_stop(recogniser):
    assert agreements(recogniser, "本市與京都市互動良好。姊妹市交流持續。", (CITY, "京都市")) == []


def test_a_heading_line_is_not_in_the_clause_below(recogniser):
    body = "這是一段足夠長的說明文字，用來決定本文件一般的行長度，讓標題顯得短。\n" * 3
    text = body + "5.日本熊本縣等東亞城市\n持續透過積極簽署合作備忘錄，深化城市交流與合作的各項成果。\n"
    assert agreements(recogniser, text, (CITY, "熊本縣")) == []


def test_a_short_unmarked_line_is_a_heading_when_the_writer_ends_paragraphs_without_marks(recogniser):
    item = "- 高雄陽明國中與日本青森縣陸奧市川內中學締結姊妹校後持續互訪與交流並完成協議簽署程序\n\n"
    text = item * 3 + "國際城市簽署合作備忘錄\n\n"
    found = agreements(recogniser, text, (CITY, "陸奧市"), (CITY, "陸奧市"), (CITY, "陸奧市"))
    assert ("合作備忘錄", "mou") not in found and ("姊妹校", "sister_school") in found


def test_a_page_break_inside_a_sentence_joins_it(recogniser):
    paragraph = "這是一段說明文字，用來決定一般的行長度。\n\n"
    text = paragraph * 3 + "日本為對台友好國家，本市與京都市亦在觀光、體育及\n\n文化領域均有良好互動，如簽署馬拉松友好備忘錄。\n"
    assert agreements(recogniser, text, (COUNTRY, "日本"), (CITY, "京都市")) == [("馬拉松友好備忘錄", "mou")]


# ----- category phrases, names, quotes ------------------------------------------------------------------

def test_category_phrases_are_never_agreements(recogniser):
    text = "本市姊妹市及友好夥伴城市釜山市、大邱市皆響應。"
    assert agreements(recogniser, text, (CITY, "釜山市"), (CITY, "大邱市")) == []
    assert agreements(recogniser, "韓國水原市參加姊妹市及友好城市主題展。", (COUNTRY, "韓國"), (CITY, "水原市")) == []


def test_forms_inside_event_names_are_not_agreements(recogniser):
    assert agreements(recogniser, "韓國水原市舉辦網路國際姊妹市之夜", (COUNTRY, "韓國"), (CITY, "水原市")) == []
    assert agreements(recogniser, "韓國水原市舉辦「2021 網路國際姊妹市之夜」", (COUNTRY, "韓國"), (CITY, "水原市")) == []


def test_a_quoted_name_is_labelled_inside_the_quotes(recogniser):
    text = "陳其邁市長與京都市門川大作市長於 110 年 9 月 10 日，以視訊連線方式簽署「高雄協定書」，共同宣布。"
    assert agreements(recogniser, text, (CITY, "京都市")) == [("高雄協定書", "agreement")]


def test_a_quoted_name_needs_a_partner(recogniser):
    assert agreements(recogniser, "■ 三方簽署「經濟交流促進備忘錄」") == []


def test_a_quoted_name_may_name_its_partner(recogniser):
    text = "雙方簽署「高雄市及布拉提斯拉瓦省夥伴協定」。"
    assert agreements(recogniser, text, (CITY, "布拉提斯拉瓦省")) == [("高雄市及布拉提斯拉瓦省夥伴協定", "partnership")]


def test_a_form_broken_by_a_line_wrap_is_one_span(recogniser):
    line = "行政暨國際處於四維行政中心舉辦展覽慶祝高雄與美國聖安東尼市姊"
    text = f"{line}\n妹市情誼，展出特色紀念品並介紹雙方城市交流軌跡與成果。\n" + "這是一段足夠長的說明文字用來決定本文件的一般行長度。\n" * 3
    doc = document(text)
    found = entities(doc, [(COUNTRY, "美國", "美國"), (CITY, "聖安東尼市", "聖安東尼市")])
    [span] = new_recogniser().find(doc, found)
    assert span.text == "姊\n妹市" and doc.text[span.start:span.end] == span.text


# ----- span extent and type -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, names, expected", [
    ("與帛琉科羅州簽署姊妹市協定。", [(COUNTRY, "帛琉"), (CITY, "科羅州")], ("姊妹市協定", "sister_city")),
    ("本市與水原市簽署友好交流協定。", [(CITY, "水原市")], ("友好交流協定", "friendship_city")),
    ("本市與水原市簽署友好交流備忘錄。", [(CITY, "水原市")], ("友好交流備忘錄", "mou")),
    ("本市與布拉提斯拉瓦省簽署夥伴協定。", [(CITY, "布拉提斯拉瓦省")], ("夥伴協定", "partnership")),
    ("本市與京都市亦有互動，如簽署馬拉松友好備忘錄。", [(CITY, "京都市")], ("馬拉松友好備忘錄", "mou")),
    ("高雄捷運與嵐電及江之電鐵簽署三方合作協議等。", [(ORG, "高雄捷運"), (ORG, "嵐電"), (ORG, "江之電鐵")],
     ("三方合作協議", "agreement")),
    ("中山高中與熊本學園大學附屬高校締結姊妹校合作備忘錄。", [(ORG, "中山高中"), (ORG, "熊本學園大學附屬高校")],
     ("姊妹校合作備忘錄", "mou")),
    ("中山高中與熊本學園大學附屬高校締結姊妹校。", [(ORG, "中山高中"), (ORG, "熊本學園大學附屬高校")],
     ("姊妹校", "sister_school")),
    ("本市與波蘭卡托維茲市簽署教育交流意向書。", [(COUNTRY, "波蘭"), (CITY, "卡托維茲市")], ("教育交流意向書", "letter_of_intent")),
    ("本市與熊本縣發表友好宣言。", [(CITY, "熊本縣")], ("友好宣言", "declaration")),
    ("高雄市議會與釜山市議會締結姐妹會。", [(ORG, "高雄市議會"), (ORG, "釜山市議會")], ("姐妹會", "other")),
    ("本市與高陽市簽署 MOU。", [(CITY, "高陽市")], ("MOU", "mou")),
    ("本市與熊本縣締結友誼市協定。", [(CITY, "熊本縣")], ("友誼市協定", "friendship_city")),
    ("本市與栃木縣簽署經濟及教育友好合作備忘錄。", [(CITY, "栃木縣")], ("經濟及教育友好合作備忘錄", "mou")),
    ("✓ 國際合作備忘錄 | 波蘭 波茲南市", [(COUNTRY, "波蘭"), (CITY, "波茲南市")], ("國際合作備忘錄", "mou")),
    ("Signing Ceremony of the Sister City Agreement between Kaohsiung and Guam", [(CITY, "Guam", "關島")],
     ("Sister City Agreement", "sister_city")),
])
def test_span_extent_and_type(recogniser, text, names, expected):
    assert agreements(recogniser, text, *names) == [expected]


def test_simplified_text_is_matched_through_the_folded_view(recogniser):
    assert agreements(recogniser, "本市与科罗州缔结为姊妹市。", (CITY, "科罗州", "科羅州")) == [("姊妹市", "sister_city")]


def test_unwrap_keeps_offsets():
    view = "締結為姊\n妹市"
    layer = TextLayer(view + "。\n" + "甲" * 3, view + "。\n" + "甲" * 3)
    flat, origin = layer.unwrapped_view, layer.unwrapped_origin
    assert flat.startswith("締結為姊妹市") and origin[4] == 5


def test_clauses_join_parts_sharing_a_subject():
    rules = resources().agreements
    text = fold("本市與甲市於今日，以視訊方式簽署協定，雙方同意。")
    clauses = Clauses(TextLayer(text, text), rules)
    at = text.index(fold("協定"))
    clause = clauses.clause(at, at + 2)
    assert text[clause.start:clause.end] == fold("本市與甲市於今日，以視訊方式簽署協定")
    assert text[clause.part_start:clause.end] == fold("以視訊方式簽署協定")


# ----- data files ---------------------------------------------------------------------------------------

def test_a_new_agreement_type_word_is_a_data_edit(tmp_path):
    rules = edited_rules(tmp_path, lambda text: text.replace("forms:\n", "forms:\n  - {form: 結盟城市, type: sister_city}\n", 1))
    recogniser = new_recogniser(rules)
    assert agreements(recogniser, "本市與水原市為結盟城市。", (CITY, "水原市")) == [("結盟城市", "sister_city")]


def test_a_bad_type_names_its_file_and_line(tmp_path):
    def mistype(text):
        return text.replace("{form: 意向書, type: letter_of_intent}", "{form: 意向書, type: letter}")
    with pytest.raises(DataFileError) as error:
        edited_rules(tmp_path, mistype)
    text = mistype((resources().rules_dir / "agreements.yaml").read_text(encoding="utf-8"))
    assert error.value.line == next(n for n, line in enumerate(text.splitlines(), 1) if "type: letter}" in line)


# ----- properties ---------------------------------------------------------------------------------------

_SHARED = new_recogniser()
_ALPHABET = st.sampled_from(list("姊妹市友好城市協定書備忘錄合作簽署與本市科羅州，。、「」《》\n \t雙方MOU12") + ["夥伴", "意向書"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join) | st.text(max_size=40), st.data())
def test_arbitrary_text_never_raises_and_spans_match_the_text(text, data):
    doc = document(text)
    found = []
    if len(text) >= 2:
        start = data.draw(st.integers(0, len(text) - 2))
        found = [make_span(doc, start, start + 2, data.draw(st.sampled_from([CITY, COUNTRY, ORG])), "test", {"name": "甲市"})]
    for span in _SHARED.find(doc, found):
        assert doc.text[span.start:span.end] == span.text
        assert span.label == "AGREEMENT" and span.norm["type"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="簽署姊妹市。；!\n 甲乙", max_size=60), st.data())
def test_sentence_runs_from_the_last_end_before_to_the_first_end_after(text, data):
    """Clauses.sentence looks sentence ends up by bisection; this is the walk it replaces."""
    rules = resources().agreements
    clauses = Clauses(TextLayer(text, text, page_starts=[0]), rules)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(0, len(text)))
    ends = lambda i: text[i] in rules.sentence_ends or i in clauses.hard_breaks  # noqa: E731
    left = start
    while left > 0 and not ends(left - 1):
        left -= 1
    right = max(start, end)
    while right < len(text) and not ends(right):
        right += 1
    assert clauses.sentence(start, end) == (left, right)


def test_the_anniversary_years_pattern_needs_a_group_around_the_number(tmp_path):
    without_group = "anniversary_years: '\\d+\\s*週年'"
    with pytest.raises(DataFileError, match="group"):
        edited_rules(tmp_path, lambda text: re.sub(r"^anniversary_years: .*$", lambda _: without_group, text, flags=re.M))


# ----- English forms (issue 16): heads a space apart, modifiers before the form ---------------------------

@pytest.mark.parametrize("text, names, expected", [
    ("The two schools of Toyota signed a sister school agreement.", [(CITY, "Toyota")], ("sister school agreement", "sister_school")),
    ("The council and the Gimhae City Council signed a friendship council agreement.", [(ORG, "Gimhae City Council")],
     ("friendship council agreement", "other")),
    ("Pingtung County Signs Agricultural MOU with Ben Tre Province", [(CITY, "Ben Tre Province")], ("Agricultural MOU", "mou")),
    ("Tianwei plans to establish sister township ties with Simcheon-myeon.", [(CITY, "Simcheon-myeon")],
     ("sister township", "sister_city")),
])
def test_english_forms_with_their_heads_and_modifiers(recogniser, text, names, expected):
    assert agreements(recogniser, text, *names) == [expected]


def test_an_english_head_alone_is_no_agreement(recogniser):
    """"agreement" names an agreement only after a form (rules/agreements.yaml, head_only)."""
    assert agreements(recogniser, "Toyota and the county reached an agreement on tourism.", (CITY, "Toyota")) == []
