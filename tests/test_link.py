"""Agreement events (pipeline/link.py): partner, date, signatories, action, evidence; prose and tables."""
from dataclasses import asdict

import jsonschema
import pytest

from conftest import CORPUS_PDF, CORPUS_TEXT, normalise_stage, resources
from govreport.document import Cell, Table
from govreport.export import schema
from govreport.ingest.text import document_from_text
from govreport.link import LinkStage
from govreport.spans import make_span

SEED = "000_fad1ad046325b54c"


@pytest.fixture(scope="module")
def link():
    return LinkStage(resources().agreements, resources().gazetteer)


def document(text, *spans):
    """A document with hand-made spans: (label, text, norm), each found after the previous one."""
    doc = normalise_stage()(document_from_text(text))
    at = 0
    for label, written, norm in spans:
        start = text.index(written, at)
        doc.spans.append(make_span(doc, start, start + len(written), label, "test", norm))
        at = start + len(written)
    doc.spans.sort(key=lambda s: s.start)
    return doc


def city(text, name=None):
    return "CITY", text, {"name": name or text, "name_en": None}


def country(text, name=None):
    return "COUNTRY", text, {"name": name or text, "name_en": None}


def date(text, start, end=None):
    return "DATE", text, {"start": start, "end": end or start, "calendar": "roc", "year_inferred": False}


def official(text, name, title):
    return "OFFICIAL", text, {"name": name, "name_en": None, "title": title}


def agreement(text, type_):
    return "AGREEMENT", text, {"type": type_}


def events(link, doc):
    return [asdict(e) for e in link(doc).events]


# ----- prose --------------------------------------------------------------------------------------------

def test_a_signing_in_prose(link):
    text = "陳其邁市長與京都市門川大作市長於 110 年 9 月 10 日，以視訊連線方式簽署「高雄協定書」，共同宣布兩市將推動交流。"
    doc = document(text, official("陳其邁市長", "陳其邁", "市長"), city("京都市"), official("門川大作市長", "門川大作", "市長"),
                   date("110 年 9 月 10 日", "2021-09-10"), agreement("高雄協定書", "agreement"))
    [event] = events(link, doc)
    assert event["type"] == "agreement" and event["action"] == "signed"
    assert event["partner"]["city"] == "京都市"
    assert event["partner"]["country"] == "日本"  # from the gazetteer: the text does not say
    assert event["date"] == {"start": "2021-09-10", "end": "2021-09-10"}
    assert [p["name"] for p in event["signatories"]] == ["陳其邁", "門川大作"]
    assert event["signatories"][1]["title"] == "市長"
    start = text.index("高雄協定書")
    assert event["evidence"] == [{"start": start, "end": start + 5, "page": None}]


def test_the_country_written_before_the_city_is_the_partner_country(link):
    text = "本市與帛琉共和國科羅州於 110 年 9 月 17 日締結為姊妹市。"
    doc = document(text, country("帛琉共和國", "帛琉"), city("科羅州"), date("110 年 9 月 17 日", "2021-09-17"),
                   agreement("姊妹市", "sister_city"))
    [event] = events(link, doc)
    assert event["partner"]["country"] == "帛琉"
    spans = event["partner"]["spans"]
    assert [text[s:e] for s, e in spans] == ["帛琉共和國", "科羅州"]


@pytest.mark.parametrize("text, action", [
    ("為紀念高雄市與日本八王子友好城市締盟15周年，辦理書展。", "anniversary"),
    ("本市與日本八王子友好城市預計明年擴大交流。", "planned"),
    ("本市與日本八王子友好城市共同辦理書展。", "other"),
])
def test_actions(link, text, action):
    doc = document(text, country("日本"), city("八王子", "八王子市"), agreement("友好城市", "friendship_city"))
    [event] = events(link, doc)
    assert event["action"] == action
    assert event["signatories"] == []


def test_a_country_named_like_its_city_gives_the_city(link):
    doc = document("本府協助中美洲姊妹市貝里斯於疫情期間推行遠距學習。", agreement("姊妹市", "sister_city"), country("貝里斯"))
    [event] = events(link, doc)
    assert (event["partner"]["city"], event["partner"]["country"]) == ("貝里斯市", "貝里斯")


def test_no_partner_no_event(link):
    doc = document("本市的友好城市持續增加。", agreement("友好城市", "friendship_city"))
    assert events(link, doc) == []


def test_the_home_city_is_no_partner(link):
    doc = document("高雄市姊妹市持續增加。", city("高雄市"), agreement("姊妹市", "sister_city"))
    assert events(link, doc) == []


def test_partners_listed_together_give_one_event_each(link):
    text = "111年適逢高雄市與熊本縣、熊本市締結友好城市 5周年。"
    doc = document(text, date("111年", "2022"), city("高雄市"), city("熊本縣"), city("熊本市"),
                   agreement("友好城市", "friendship_city"))
    assert sorted(e["partner"]["city"] for e in events(link, doc)) == ["熊本市", "熊本縣"]


def test_a_partner_written_right_after_the_form_is_its_partner(link):
    text = "高雄熊與姊妹市釜山、友好城市大田、大邱、水原，以及 MOU 城市高陽同框。"
    doc = document(text, agreement("姊妹市", "sister_city"), city("釜山", "釜山廣域市"),
                   agreement("友好城市", "friendship_city"), city("大田", "大田廣域市"), city("大邱", "大邱廣域市"),
                   city("水原", "水原市"), agreement("MOU", "mou"), city("高陽", "高陽市"))
    found = {(e["type"], e["partner"]["city"]) for e in events(link, doc)}
    assert found == {("sister_city", "釜山廣域市"), ("friendship_city", "大田廣域市"), ("friendship_city", "大邱廣域市"),
                     ("friendship_city", "水原市"), ("mou", "高陽市")}


def test_a_country_before_a_city_qualifies_it(link):
    text = "✓ 國際合作備忘錄 | 波蘭 波茲南市、韓國 高陽市"
    doc = document(text, agreement("國際合作備忘錄", "mou"), country("波蘭"), city("波茲南市"), country("韓國"), city("高陽市"))
    found = {(e["partner"]["city"], e["partner"]["country"]) for e in events(link, doc)}
    assert found == {("波茲南市", "波蘭"), ("高陽市", "韓國")}


def test_the_same_tie_twice_is_one_event_with_both_pieces_of_evidence(link):
    text = "本市與科羅州締結為姊妹市。其後本市與科羅州簽署姊妹市協定。"
    doc = document(text, city("科羅州"), agreement("姊妹市", "sister_city"), city("科羅州"), agreement("姊妹市協定", "sister_city"))
    [event] = events(link, doc)
    assert len(event["evidence"]) == 2


def test_a_heading_takes_the_date_of_the_text_under_it(link):
    body = "這是一段足夠長的說明文字，用來決定本文件一般的行長度，讓標題顯得短。\n" * 3
    text = body + "(4)與帛琉科羅州締結姊妹市\n111年 2月 7 日，雙方以視訊方式完成簽署。\n(5)下一項\n"
    doc = document(text, country("帛琉"), city("科羅州"), agreement("姊妹市", "sister_city"), date("111年 2月 7 日", "2022-02-07"))
    [event] = events(link, doc)
    assert event["date"]["start"] == "2022-02-07"
    # an existing tie's heading (a gift to it) takes no date: the gift's is no date of the tie
    text = body + "(4)致贈帛琉科羅州姊妹市書籍\n111年 2月 7 日，本市轉交賀函及書籍一批。\n(5)下一項\n"
    doc = document(text, country("帛琉"), city("科羅州"), agreement("姊妹市", "sister_city"), date("111年 2月 7 日", "2022-02-07"))
    [event] = events(link, doc)
    assert event["date"] is None


def org(text, name=None):
    return "ORG", text, {"name": name or text}


@pytest.mark.parametrize("text, action, cue", [
    # the agreement's own clause decides, not a later one (…締結姊妹市，…未來…)
    ("本市與日本八王子正式締結友好城市，兩市邦誼深厚，未來將擴大交流。", "signed", "締結"),
    # an existing tie and how long it has lasted: no signing in this story
    ("本市與日本八王子締結為友好城市已 25 年，交流不曾間斷。", "other", "已 25 年"),
    ("本市與日本八王子締結友好城市迄今，交流不曾間斷。", "other", "迄今"),
    ("本市與日本八王子自2006年締結友好城市以來，交流不曾間斷。", "other", "締結友好城市以來"),
    ("本市與日本八王子自民國95年締結友好城市，交流不曾間斷。", "other", "自民國95年締結"),
])
def test_actions_from_the_agreements_own_clause(link, text, action, cue):
    doc = document(text, country("日本"), city("八王子", "八王子市"), agreement("友好城市", "friendship_city"))
    [event] = events(link, doc)
    assert event["action"] == action
    assert event["rule"] == f"rule:event/prose/{action}/{cue}"


@pytest.mark.parametrize("text, action", [
    ("The city signed a sister city agreement with Hachioji, Japan in May.", "signed"),
    ("The city will sign a sister city agreement with Hachioji, Japan next year.", "planned"),
    ("The city celebrated the 20th anniversary of its sister city ties with Hachioji, Japan.", "anniversary"),
    ("Hachioji in Japan is one of the city's sister cities and sent a choir.", "other"),
    ("Hachioji, Japan and the city have been sister cities since 2006.", "other"),
])
def test_english_actions(link, text, action):
    doc = document(text, *sorted([city("Hachioji", "八王子市"), country("Japan", "日本"),
                                  agreement("sister city" if "sister city " in text else "sister cities", "sister_city")],
                                 key=lambda s: text.index(s[1])))
    [event] = events(link, doc)
    assert (event["action"], event["partner"]["city"]) == (action, "八王子市")


@pytest.mark.parametrize("text", [
    "日本八王子市長率團拜會本府。雙方並簽署觀光合作備忘錄。",
    "Hachioji Mayor Ishimori visited the city. The two cities signed a memorandum of understanding.",
])
def test_a_sentence_opening_with_both_parties_takes_the_places_of_the_sentence_before(pipeline, text):
    doc = pipeline.process(document_from_text(text))
    assert [(e.type, e.partner["city"], e.action) for e in doc.events] == [("mou", "八王子市", "signed")]


def test_a_signing_told_after_a_dated_visit_takes_the_visits_day(pipeline):
    doc = pipeline.process(document_from_text("113年8月20日，日本八王子市長拜會本府。雙方簽署觀光合作備忘錄。"))
    [event] = doc.events
    assert (event.partner["city"], event.date["start"]) == ("八王子市", "2024-08-20")


def test_an_organisation_named_after_a_country_and_city_gives_that_city(pipeline):
    doc = pipeline.process(document_from_text("本府與荷蘭鹿特丹港務局簽署合作備忘錄，並與日本福岡縣簽署意向書。"))
    assert [(e.type, e.partner["city"], e.partner["country"]) for e in doc.events] == [
        ("mou", "鹿特丹市", "荷蘭"), ("letter_of_intent", "福岡縣", "日本")]


def test_a_count_of_ties_is_a_set_whose_members_are_listed_after_it(pipeline):
    doc = pipeline.process(document_from_text(
        "The mayor toured 3 sister cities across America, including Boise, Idaho, Tulsa, Oklahoma and "
        "Kansas City, Missouri."))
    assert [(e.type, e.partner["city"]) for e in doc.events] == [
        ("sister_city", "波夕"), ("sister_city", "陶沙市"), ("sister_city", "堪薩斯市")]
    # the names the text writes for a partner, where they are not its name, come with it
    assert doc.events[1].partner["aliases"] == ["Tulsa"]


def test_a_place_after_a_home_deictic_is_the_reporters_own(pipeline):
    # the report names its reporter (花蓮縣與…); 本縣秀林鄉 is its township, 仁愛鄉 the partner
    doc = pipeline.process(document_from_text("花蓮縣與石垣市締結姊妹市。本縣秀林鄉與南投縣仁愛鄉於113年9月3日締結姊妹鄉。"))
    assert ("sister_city", "仁愛鄉", "臺灣") in [(e.type, e.partner["city"], e.partner["country"]) for e in doc.events]


def test_an_existing_ties_founding_year_is_its_date_and_no_context(pipeline):
    doc = pipeline.process(document_from_text("4月下旬，副市長率團赴休士頓市。休士頓自1961年即與本市結為姊妹市。"))
    [event] = doc.events
    assert (event.action, event.date["start"]) == ("other", "1961")
    assert doc.spans[0].text == "4月下旬" and doc.spans[0].norm["start"] is None  # 1961 is no year for 4月下旬


def test_a_places_government_is_its_party_and_both_parties_reach_back(pipeline):
    # 雙方 in an earlier part of the clause still stands for the parties the sentence named (熊本縣政府)
    doc = pipeline.process(document_from_text(
        "副縣長於8月率團訪問日本熊本縣政府，拜會知事，雙方就觀光交換意見，並預計明(114)年簽署友好交流協定。"))
    assert [(e.type, e.partner["city"], e.action, e.date["start"]) for e in doc.events] == [
        ("friendship_city", "熊本縣", "planned", "2025")]


def test_a_planned_ties_date_is_its_own_parts_and_history_is_no_signing_date(pipeline):
    doc = pipeline.process(document_from_text(
        "Date: 2023-11-29\nMayor Kao said Hsinchu hopes to sign a memorandum of understanding with Okayama City next "
        "year, and that 1,200 students have joined exchanges since 2003."))
    assert [(e.type, e.action, e.date) for e in doc.events] == [("mou", "planned", None)]


def test_english_missions_whose_name_holds_a_title_word(pipeline):
    assert ("ORG", "Taipei Economic and Cultural Representative Office in Japan") in [
        (s.label, s.text) for s in pipeline.process(document_from_text(
            "The Taipei Economic and Cultural Representative Office in Japan co-hosted it.")).spans]


def test_a_council_tie_names_the_councils_place(link):
    text = "本市議會與高松市議會在2019年5月結為姊妹議會。"
    doc = document(text, org("本市議會"), org("高松市議會"), date("2019年5月", "2019-05"), agreement("姊妹議會", "other"))
    [event] = events(link, doc)
    assert (event["type"], event["partner"]["city"], event["partner"]["country"]) == ("other", "高松市", "日本")
    assert event["date"]["start"] == "2019-05"


def test_a_domestic_partner_when_the_text_names_the_reporter(link):
    text = "宜蘭縣與臺東縣於九十三年簽署姊妹城市協定，並持續交流。"
    doc = document(text, city("宜蘭縣"), city("臺東縣"), agreement("姊妹城市", "sister_city"))
    [event] = events(link, doc)
    assert (event["partner"]["city"], event["partner"]["country"]) == ("臺東縣", "臺灣")


def test_the_reporters_own_council_is_no_partner(link):
    text = "宜蘭縣議會與南投縣議會締結姐妹會，深化兩會交流。"
    doc = document(text, org("宜蘭縣議會"), org("南投縣議會"), agreement("姐妹會", "other"))
    [event] = events(link, doc)
    assert (event["type"], event["partner"]["city"]) == ("other", "南投縣")


def test_a_foreign_partner_before_a_domestic_third_party(link):
    text = "彰化縣與岐阜縣交流密切。福井縣知事訪台並與臺中市締結交流協定。"
    doc = document(text, city("彰化縣"), city("岐阜縣"), city("福井縣"), city("臺中市"), agreement("交流協定", "agreement"))
    [event] = events(link, doc)
    assert event["partner"]["city"] == "福井縣"


def test_a_region_written_before_a_place_qualifies_it(link):
    text = "本市與日本岐阜縣高山市締結為姊妹市。"
    doc = document(text, country("日本"), city("岐阜縣"), city("高山市"), agreement("姊妹市", "sister_city"))
    [event] = events(link, doc)
    assert (event["partner"]["city"], event["partner"]["country"]) == ("高山市", "日本")


def test_an_undated_mention_joins_the_dated_event_of_the_same_tie(link):
    text = "姊妹市松本市訪問團來訪。本市與日本松本市在2005年10月3日締結姊妹市，交流密切。"
    doc = document(text, agreement("姊妹市", "sister_city"), city("松本市"), country("日本"), city("松本市"),
                   date("2005年10月3日", "2005-10-03"), agreement("姊妹市", "sister_city"))
    [event] = events(link, doc)
    assert event["date"]["start"] == "2005-10-03" and len(event["evidence"]) == 2


def test_dated_mentions_with_different_actions_stay_apart(link):
    text = "本市與日本八王子於2006年締結友好城市。2026年迎來本市與日本八王子友好城市締盟20週年。"
    doc = document(text, country("日本"), city("八王子", "八王子市"), date("2006年", "2006"), agreement("友好城市", "friendship_city"),
                   date("2026年", "2026"), country("日本"), city("八王子", "八王子市"), agreement("友好城市", "friendship_city"))
    found = sorted((e["action"], e["date"]["start"]) for e in events(link, doc))
    assert found == [("anniversary", "2026"), ("signed", "2006")]


@pytest.mark.parametrize("text, spans, start", [
    # a date in a later part is that part's
    ("臺中市在2021年與塞班簽署姊妹市協定，2023年也將迎接其他交流。",
     (city("臺中市"), date("2021年", "2021"), city("塞班"), agreement("姊妹市協定", "sister_city"), date("2023年", "2023")),
     "2021"),
    # and one in an earlier part
    ("本市與科羅州於2022年會談，科羅州州長於本年2月18日來訪並與本市締結友好交流協定。",
     (city("科羅州"), date("2022年", "2022"), city("科羅州"), date("本年2月18日", "2023-02-18"),
      agreement("友好交流協定", "friendship_city")),
     "2023-02-18"),
])
def test_the_date_comes_from_the_agreements_own_part(link, text, spans, start):
    [event] = events(link, document(text, *spans))
    assert event["date"]["start"] == start


def test_a_date_in_another_part_telling_its_own_tie_is_not_this_agreements(link):
    text = "兩市自1968年締結姊妹市以來互動密切，此行並由本府產業局與首爾產業振興院簽署合作備忘錄。"
    doc = document(text, date("1968年", "1968"), org("首爾產業振興院"), agreement("合作備忘錄", "mou"))
    [event] = events(link, doc)
    assert event["date"] is None


def test_a_counted_form_is_a_set_whose_partners_are_listed_after_it(link):
    text = "本縣與美國茂宜郡交流密切，預計邀請8個友好城市首長與會。"
    doc = document(text, city("茂宜郡"), ("COUNT", "8個", {"value": 8, "unit": "個", "approx": None}),
                   agreement("友好城市", "friendship_city"))
    assert events(link, doc) == []
    text = "本縣有3個友好城市：茂宜郡、宿霧市及考納斯市。"
    doc = document(text, ("COUNT", "3個", {"value": 3, "unit": "個", "approx": None}), agreement("友好城市", "friendship_city"),
                   city("茂宜郡"), city("宿霧市"), city("考納斯市"))
    assert sorted(e["partner"]["city"] for e in events(link, doc)) == ["宿霧市", "考納斯市", "茂宜郡"]


@pytest.mark.parametrize("text, dated, expected", [
    # an existing tie mentioned with a visit: the visit's date is no date of the tie (LABELLING.md)
    ("訪團於7月25日拜會日本八王子友好城市。", ("7月25日", "2022-07-25"), None),
    # its founding, told in its own part, is
    ("本市與日本八王子自2006年締結友好城市迄今。", ("2006年", "2006"), "2006"),
])
def test_an_existing_ties_date_is_its_founding(link, text, dated, expected):
    spans = [date(*dated), country("日本"), city("八王子", "八王子市"), agreement("友好城市", "friendship_city")]
    doc = document(text, *sorted(spans, key=lambda s: text.index(s[1])))
    [event] = events(link, doc)
    assert event["action"] == "other" and (event["date"] or {}).get("start") == expected


def test_a_tie_established_in_a_year_is_signed_then(link):
    text = "高雄與日本熊本市自2017年建立友好城市，雙方持續深化交流。"
    doc = document(text, country("日本"), city("熊本市"), date("2017年", "2017"), agreement("友好城市", "friendship_city"))
    [event] = events(link, doc)
    assert (event["action"], event["date"]["start"]) == ("signed", "2017")


def test_a_body_named_after_a_place_joined_in_the_forms_own_part_is_the_party(link):
    text = "市長赴越南胡志明市拜會，並與北寧省工業區管理委員會簽署投資合作備忘錄。"
    doc = document(text, country("越南"), city("胡志明市"), org("北寧省工業區管理委員會"), agreement("投資合作備忘錄", "mou"))
    [event] = events(link, doc)
    assert event["partner"]["city"] == "北寧省"


def test_pushing_for_a_signing_is_planned(link):
    text = "本府將持續推動與越南北寧省簽署經貿合作備忘錄。"
    doc = document(text, country("越南"), city("北寧省"), agreement("經貿合作備忘錄", "mou"))
    [event] = events(link, doc)
    assert event["action"] == "planned"


def test_english_anniversary_told_as_years_since_the_signing(link):
    text = "The Hachioji delegation came as the two cities mark 25 years since they signed their sister city agreement."
    doc = document(text, city("Hachioji", "八王子市"), agreement("sister city agreement", "sister_city"))
    [event] = events(link, doc)
    assert event["action"] == "anniversary"


@pytest.mark.parametrize("text, expected", [
    ("臺南市議會與高松市議會在2019年5月結為姊妹議會。", ("other", "高松市", "日本", "2019-05")),
    ("宜蘭縣與澎湖縣於民國87年締結為姊妹縣市。", ("sister_city", "澎湖縣", "臺灣", "1998")),
    ("彰化縣與岐阜縣於2024年2月18日締結友好協定。", ("friendship_city", "岐阜縣", "日本", "2024-02-18")),
    # a region opening a clause after a comma is a name of its own, no qualifier of the name before the comma
    ("縣長率團訪問四國後，愛媛縣知事於2024年3月5日來訪並與台中締結友好交流協定。",
     ("friendship_city", "愛媛縣", "日本", "2024-03-05")),
])
def test_council_domestic_and_friendship_ties_end_to_end(pipeline, text, expected):
    doc = pipeline.process(document_from_text(text))
    found = {(e.type, e.partner["city"], e.partner["country"], (e.date or {}).get("start")) for e in doc.events}
    assert found == {expected}


def test_a_school_named_after_a_place_gives_that_place(link):
    text = "本市陽明國中與日本青森縣陸奧市川內中學於 1993 年締結姊妹校。"
    doc = document(text, org("陽明國中"), country("日本"), city("青森縣"), org("陸奧市川內中學"), date("1993 年", "1993"),
                   agreement("姊妹校", "sister_school"))
    [event] = events(link, doc)
    assert (event["type"], event["partner"]["city"], event["date"]["start"]) == ("sister_school", "陸奧市", "1993")


def test_a_tie_told_without_a_form_takes_the_type_the_text_gives_the_partner(link):
    text = "本市與韓國釜山市於1966年締結姊妹市。110年6月30日適逢本市與釜山市締盟滿55周年，兩市點燈慶賀。"
    doc = document(text, country("韓國"), city("釜山市", "釜山廣域市"), date("1966年", "1966"), agreement("姊妹市", "sister_city"),
                   date("110年6月30日", "2021-06-30"), city("釜山市", "釜山廣域市"))
    found = sorted((e["type"], e["action"], e["date"]["start"], e["rule"]) for e in events(link, doc))
    assert found == [("sister_city", "anniversary", "2021-06-30", "rule:event/tie/anniversary/周年"),
                     ("sister_city", "signed", "1966", "rule:event/prose/signed/締結")]


def test_a_tie_without_a_form_and_no_known_type_gives_no_event(link):
    doc = document("本市與釜山市締盟滿55周年。", city("釜山市", "釜山廣域市"))
    assert events(link, doc) == []


def test_a_domestic_place_is_a_partner_only_of_a_tie_with_the_reporter(link):
    text = "宜蘭縣與臺東縣交流密切。去年7月福井縣知事訪台，與臺中市長締結交流協定。"
    doc = document(text, city("宜蘭縣"), city("臺東縣"), city("福井縣"), city("臺中市"), agreement("交流協定", "agreement"))
    assert "臺中市" not in [e["partner"]["city"] for e in events(link, doc)]


def test_an_english_region_after_a_comma_qualifies_the_name_before_it(link):
    text = "The mayor visited the sister cities of Lafayette, Louisiana and Salem, Oregon."
    doc = document(text, agreement("sister cities", "sister_city"), city("Louisiana", "路易斯安那州"), city("Oregon", "奧勒岡州"))
    assert events(link, doc) == []


def test_an_anniversary_told_in_a_later_part_of_the_sentence(link):
    text = "本市與日本八王子於2006年締結友好城市，2026年迎來締盟20週年。"
    doc = document(text, country("日本"), city("八王子", "八王子市"), date("2006年", "2006"), agreement("友好城市", "friendship_city"),
                   date("2026年", "2026"))
    found = sorted((e["action"], e["date"]["start"]) for e in events(link, doc))
    assert found == [("anniversary", "2026"), ("signed", "2006")]


def test_a_later_part_naming_another_place_is_not_this_ties_anniversary(link):
    text = "本市與日本八王子於2006年締結友好城市，釜山市則迎來20週年。"
    doc = document(text, country("日本"), city("八王子", "八王子市"), date("2006年", "2006"), agreement("友好城市", "friendship_city"),
                   city("釜山市", "釜山廣域市"))
    assert [e["action"] for e in events(link, doc)] == ["signed"]


# ----- tables -------------------------------------------------------------------------------------------

def test_rows_of_a_table_with_type_and_date_columns(link):
    text = "表1 國際締約一覽\n締約對象\t協定類型\t簽署日期\n波蘭卡托維茲市\t合作備忘錄\t2023年5月4日\n美國聖安東尼市\t姊妹市\t1982年\n"
    doc = document(text, country("波蘭"), city("卡托維茲市"), date("2023年5月4日", "2023-05-04"),
                   country("美國"), city("聖安東尼市"), date("1982年", "1982"))
    found = {(e["type"], e["partner"]["city"], e["partner"]["country"], e["date"]["start"]) for e in events(link, doc)}
    assert found == {("mou", "卡托維茲市", "波蘭", "2023-05-04"), ("sister_city", "聖安東尼市", "美國", "1982")}


def test_a_table_of_visitors_gives_no_events(link):
    text = "表二、訪賓接待人數\n年度\t來訪國家\t總數\n110\t日本\t157\n"
    doc = document(text, date("110", "2021"), country("日本"))
    assert events(link, doc) == []


def test_a_category_table_takes_the_type_the_prose_gives_the_partner(link):
    text = ("本市與韓國大邱市締結為姊妹市。\n表四、姊妹市及友好城市締盟成果\n年度\t時間\t締結城市\t總數\n"
            "107\t9 月 13 日\t韓國大邱市\t1\n108\t2 月 16 日\t韓國水原市\t1\n")
    doc = document(text, country("韓國"), city("大邱市", "大邱廣域市"), agreement("姊妹市", "sister_city"),
                   date("107", "2018"), date("9 月 13 日", "2018-09-13"), country("韓國"), city("大邱市", "大邱廣域市"),
                   date("108", "2019"), date("2 月 16 日", "2019-02-16"), country("韓國"), city("水原市"))
    by_city = {e["partner"]["city"]: e for e in events(link, doc)}
    assert by_city["大邱廣域市"]["type"] == "sister_city"  # what the prose says
    assert len(by_city["大邱廣域市"]["evidence"]) == 2  # prose and table: one event
    assert by_city["水原市"]["type"] == "friendship_city"  # the category's default
    assert by_city["水原市"]["date"]["start"] == "2019-02-16"


def test_pdf_tables_are_read_from_document_tables(link):
    text = "表五、簽署合作備忘錄成果\n年度\t時間\t簽署城市\t數量\n108\t8月23日\t日本秋田縣\t1\n"
    doc = document(text, date("108", "2019"), date("8月23日", "2019-08-23"), country("日本"), city("秋田縣"))
    row = text.index("108")
    cells = [Cell("108", row, row + 3, "年度"), Cell("8月23日", row + 4, row + 9, "時間"),
             Cell("日本秋田縣", row + 10, row + 15, "簽署城市"), Cell("1", row + 16, row + 17, "數量")]
    doc.tables = [Table(page=1, header=["年度", "時間", "簽署城市", "數量"], rows=[cells])]
    [event] = events(link, doc)
    assert (event["type"], event["partner"]["city"], event["date"]["start"], event["action"]) == ("mou", "秋田縣", "2019-08-23", "signed")


def test_a_table_row_gives_the_place_a_region_qualifies_and_no_second_prose_event(link):
    text = "表1 締盟城市一覽\n年度\t締結城市\t關係類型\n112\t日本福岡縣柳川市\t友好交流協定\n"
    doc = document(text, date("112", "2023"), country("日本"), city("福岡縣"), city("柳川市"),
                   agreement("友好交流協定", "friendship_city"))
    row = text.index("112\t")
    cells = [Cell("112", row, row + 3, "年度"), Cell("日本福岡縣柳川市", row + 4, row + 12, "締結城市"),
             Cell("友好交流協定", row + 13, row + 19, "關係類型")]
    doc.tables = [Table(page=1, header=["年度", "締結城市", "關係類型"], rows=[cells])]
    [event] = events(link, doc)
    assert (event["type"], event["partner"]["city"], event["partner"]["country"]) == ("friendship_city", "柳川市", "日本")
    assert event["rule"].startswith("rule:event/table/")


def test_an_unplaced_body_gives_no_country_event_beside_a_placed_one(link):
    text = "本市成功大學與泰國清邁大學簽署學術交流合作備忘錄。"
    doc = document(text, org("成功大學"), country("泰國"), org("清邁大學"), agreement("學術交流合作備忘錄", "mou"))
    assert [(e["partner"]["city"], e["partner"]["country"]) for e in events(link, doc)] == [("清邁府", "泰國")]


# ----- seed 000, end to end -----------------------------------------------------------------------------

EXPECTED_TABLE_ROWS = {
    ("sister_city", "科羅州", "帛琉", "2021-09-17"),
    ("friendship_city", "水原市", "韓國", "2019-02-16"),
    ("friendship_city", "大邱廣域市", "韓國", "2018-09-13"),
    ("mou", "京都市", "日本", "2021-09-10"),  # 表五 is a table of MOUs
    ("mou", "秋田縣", "日本", "2019-08-23"),
    ("mou", "山梨縣", "日本", "2018-01-15"),
}


def _table_rows(doc):
    rows = set()
    for event in doc.events:
        if any("\n" not in doc.text[e.start:e.end] and "\t" in doc.text[e.start:e.end] for e in event.evidence):
            rows.add((event.type, event.partner["city"], event.partner["country"], (event.date or {}).get("start")))
    return rows


@pytest.fixture(scope="module")
def seed_text_doc(pipeline):
    data = (CORPUS_TEXT / f"{SEED}.txt").read_bytes()
    return pipeline.run(SEED, CORPUS_TEXT / f"{SEED}.txt", data)


def test_seed_000_tables_four_and_five_give_every_row(seed_text_doc):
    assert _table_rows(seed_text_doc) == EXPECTED_TABLE_ROWS


def test_seed_000_pdf_gives_the_same_table_events(pipeline, seed_text_doc):
    path = CORPUS_PDF / f"{SEED}.pdf"
    doc = pipeline.run(SEED, path, path.read_bytes())
    assert _table_rows(doc) == _table_rows(seed_text_doc)


def test_seed_000_record_is_schema_valid(seed_text_doc):
    jsonschema.validate(seed_text_doc.to_dict(), schema())


# ----- an anniversary's date from the tie's founding (issue 18) ----------------------------------------------

def test_an_anniversary_without_a_date_falls_its_years_after_the_founding_date(link):
    text = "本市與楓林郡於2016年3月15日簽訂姊妹市。\n市長將於3月20日率團出訪，適逢本市與楓林郡簽約3週年，行程含姐妹市拜會。"
    doc = document(text, city("楓林郡"), date("2016年3月15日", "2016-03-15"), agreement("姊妹市", "sister_city"),
                   date("3月20日", "2019-03-20"), city("楓林郡"), agreement("姐妹市", "sister_city"))
    found = [(e["action"], e["date"]["start"]) for e in events(link, doc)]
    assert found == [("signed", "2016-03-15"), ("anniversary", "2019-03-15")]


def test_an_anniversary_without_a_founding_date_takes_the_date_of_its_sentence(link):
    text = "市長於3月5日率團出訪，適逢本市與楓林郡簽約3週年，行程含姐妹市拜會。"
    doc = document(text, date("3月5日", "2019-03-05"), city("楓林郡"), agreement("姐妹市", "sister_city"))
    assert [(e["action"], e["date"]) for e in events(link, doc)] == [("anniversary", {"start": "2019-03-05", "end": "2019-03-05"})]


def test_an_anniversarys_own_date_stands_before_the_founding(link):
    text = "兩市於2006年4月1日締結姊妹市。\n本市與八王子市於2026年10月3日舉辦締盟20週年姊妹市交流會。"
    doc = document(text, date("2006年4月1日", "2006-04-01"), agreement("姊妹市", "sister_city"), city("八王子市"),
                   date("2026年10月3日", "2026-10-03"), agreement("姊妹市", "sister_city"))
    found = [(e["action"], e["date"]["start"]) for e in events(link, doc)]
    assert ("anniversary", "2026-10-03") in found


def test_a_tie_named_loosely_as_a_friendship_city_is_the_partners_sister_city_tie(link):
    text = "白沙區與松濱町互為姊妹市逾30年。白沙區與松濱町為友好城市，交流頻繁。"
    doc = document(text, city("松濱町"), agreement("姊妹市", "sister_city"), city("松濱町"), agreement("友好城市", "friendship_city"))
    [event] = events(link, doc)
    assert (event["type"], event["action"], len(event["evidence"])) == ("sister_city", "other", 2)


def test_a_dated_friendship_tie_beside_a_sister_city_tie_stays_its_own(link):
    """友好城市 in 2010, upgraded to 姊妹市 later: two ties of one partner."""
    text = "兩市於2010年與松濱町締結友好城市，2020年與松濱町升格為姊妹市。"
    doc = document(text, date("2010年", "2010"), city("松濱町"), agreement("友好城市", "friendship_city"),
                   date("2020年", "2020"), city("松濱町"), agreement("姊妹市", "sister_city"))
    assert sorted(e["type"] for e in events(link, doc)) == ["friendship_city", "sister_city"]


def test_a_definite_form_told_again_keeps_the_partners_it_was_told_with(link):
    text = ("The county signed an MOU with Toyota and Okazaki Cities of Aichi Prefecture, Japan. "
            "She said Aichi and the county would work together under the MOU.")
    doc = document(text, agreement("MOU", "mou"), city("Toyota", "豐田市"), city("Okazaki", "岡崎市"), city("Aichi Prefecture", "愛知縣"),
                   city("Aichi", "愛知縣"), agreement("MOU", "mou"))
    found = [(e["partner"]["city"], len(e["evidence"])) for e in events(link, doc)]
    assert found == [("豐田市", 2), ("岡崎市", 2)]


@pytest.mark.parametrize("text", [
    # a partner written after the definite form is its own
    "The county signed an MOU with Toyota City of Aichi Prefecture. The county later signed the MOU with Kobe.",
    # a place the first form's sentence did not name
    "The county signed an MOU with Toyota City of Aichi Prefecture. Kobe and the county signed the MOU in May.",
])
def test_a_definite_form_with_a_partner_of_its_own_is_a_new_tie(link, text):
    spans = [agreement("MOU", "mou"), city("Toyota City", "豐田市"), city("Aichi Prefecture", "愛知縣")]
    spans += [agreement("MOU", "mou"), city("Kobe", "神戶市")] if "later" in text \
        else [city("Kobe", "神戶市"), agreement("MOU", "mou")]
    assert "神戶市" in [e["partner"]["city"] for e in events(link, document(text, *spans))]


def test_a_headlines_present_tense_and_a_possessive_country(link):
    text = "Pingtung County Signs Agricultural MOU with Vietnam's Ben Tre Province"
    doc = document(text, city("Pingtung County", "屏東縣"), agreement("Agricultural MOU", "mou"), country("Vietnam", "越南"),
                   city("Ben Tre Province"))
    [event] = events(link, doc)
    assert (event["action"], event["partner"]["city"], event["partner"]["country"]) == ("signed", "Ben Tre Province", "越南")


def test_the_agreements_own_part_decides_its_action_before_the_clause(link):
    text = "彰化縣與永同郡歡慶締盟10週年，並簽署農業交流意向書。"
    doc = document(text, city("彰化縣"), city("永同郡"), agreement("農業交流意向書", "letter_of_intent"))
    assert [e["action"] for e in events(link, doc)] == ["signed"]


def test_an_anniversary_and_the_founding_told_after_it_are_two_events(link):
    text = ("The visit marks the 10th anniversary of the friendship city relationship between Changhua and Yeongdong, "
            "which was established in April 2014.")
    doc = document(text, agreement("friendship city", "friendship_city"), city("Changhua", "彰化縣"), city("Yeongdong", "永同郡"),
                   date("April 2014", "2014-04"))
    found = sorted((e["action"], e["date"]["start"] if e["date"] else None) for e in events(link, doc))
    assert found == [("anniversary", "2024-04"), ("signed", "2014-04")]


def test_hope_is_a_plan(link):
    text = "雙方洽談產業合作，盼促成本縣與考納斯市締結友好城市。"
    doc = document(text, city("考納斯市"), agreement("友好城市", "friendship_city"))
    assert [e["action"] for e in events(link, doc)] == ["planned"]



def test_a_councils_place_is_the_last_place_its_name_holds(link):
    text = "本會正與韓國全羅南道潭陽郡議會研議締結友好議會。"
    doc = document(text, country("韓國"), org("全羅南道潭陽郡議會"), agreement("友好議會", "other"))
    assert [e["partner"]["city"] for e in events(link, doc)] == ["潭陽郡"]


def test_a_plan_takes_the_date_of_the_part_that_dates_it(link):
    text = "本市正與安東市研議締結友好城市，盼於明年3月安東市長訪臺時完成簽署。"
    doc = document(text, city("安東市"), agreement("友好城市", "friendship_city"), date("明年3月", "2025-03"), city("安東"))
    [event] = events(link, doc)
    assert (event["action"], event["date"]["start"]) == ("planned", "2025-03")


def test_an_anniversarys_date_in_the_sentence_dates_the_signing_told_with_it(link):
    """113.5.20適逢締盟10週年 is no other tie's founding: its date is the day of the memorandum signed then."""
    text = "113.5.20適逢締盟10週年，縣長率團出席典禮，與五島市長共同植樹，並簽署漁業交流合作備忘錄。"
    doc = document(text, date("113.5.20", "2024-05-20"), city("五島", "五島市"), agreement("漁業交流合作備忘錄", "mou"))
    [event] = [e for e in events(link, doc) if e["type"] == "mou"]
    assert event["date"]["start"] == "2024-05-20"
