"""CITY / COUNTRY / ORG / OFFICIAL recognition: LABELLING.md's decided cases, traps and norms."""
import pytest

from conftest import normalise_stage, resources
from govreport.ingest.text import document_from_text
from govreport.recognise.entities import EntityRecogniser
from govreport.segment import SegmentStage
from govreport.textlayer import word_joins
from govreport.spans import make_span, resolve


@pytest.fixture(scope="module")
def stages():
    return normalise_stage(), SegmentStage(resources().gazetteer), EntityRecogniser(resources().gazetteer)


def spans_of(stages, text, found=()):
    normalise, segment, recogniser = stages
    doc = segment(normalise(document_from_text(text)))
    found = [make_span(doc, *where, "DATE", "test") for where in found]
    return [s for s in resolve(found + recogniser.find(doc, found)) if s.label != "DATE"]


def labelled(stages, text, found=()):
    return [(s.label, s.text) for s in spans_of(stages, text, found)]


def one(stages, text, label):
    [span] = [s for s in spans_of(stages, text) if s.label == label]
    return span


# ----- decided cases ------------------------------------------------------------------------------------

def test_place_before_title_stays_outside_the_official(stages):
    assert labelled(stages, "松山市長野志克仁") == [("CITY", "松山"), ("OFFICIAL", "市長野志克仁")]
    assert labelled(stages, "臺北市長蔣萬安出席") == [("CITY", "臺北"), ("OFFICIAL", "市長蔣萬安")]
    assert one(stages, "松山市長野志克仁", "CITY").norm["name"] == "松山市"


def test_org_and_title_share_one_character(stages):
    assert labelled(stages, "駐福岡辦事處長陳銘俊") == [("ORG", "駐福岡辦事處"), ("OFFICIAL", "處長陳銘俊")]


def test_title_without_name_labels_only_the_place(stages):
    assert labelled(stages, "彰化市長出席。") == [("CITY", "彰化")]


def test_shared_title(stages):
    spans = spans_of(stages, "江綺雯及包宗和監察委員")
    assert [(s.text, s.norm["title"]) for s in spans] == [("江綺雯", "監察委員"), ("包宗和監察委員", "監察委員")]
    # names listed before 等 and the title (rules/entities.yaml list_enders): each a name-only OFFICIAL
    spans = spans_of(stages, "並與林小華及陳大明、吳美玲、張志強等議員會面")
    assert sorted((s.text, s.norm["title"]) for s in spans if s.label == "OFFICIAL") == [
        ("吳美玲", "議員"), ("張志強", "議員"), ("林小華", "議員"), ("陳大明", "議員")]


# ----- traps --------------------------------------------------------------------------------------------

def test_city_government_is_one_org(stages):
    assert labelled(stages, "高雄市政府") == [("ORG", "高雄市政府")]


@pytest.mark.parametrize("text", ["本市與兩市及該市", "本府", "我國", "經貿團訪高", "今日本市"])
def test_deictics_and_abbreviations_in_compounds_are_nothing(stages, text):
    assert labelled(stages, text) == []


def test_an_unseen_japanese_town_listed_after_a_known_one(stages):
    # rules/entities.yaml, unseen_city_suffixes: 町 (towns renamed in kana, or no list has them)
    assert ("CITY", "霧笛町") in labelled(stages, "與日本熊本縣小國町、霧笛町為友好城市")


def test_city_inside_event_site_or_quoted_name_is_not_labelled(stages):
    assert labelled(stages, "高雄燈會藝術節停辦") == []
    assert labelled(stages, "點亮「高雄加油」燈字") == []
    assert labelled(stages, "高雄港") == []
    assert labelled(stages, "舉辦日本設計展") == []
    assert labelled(stages, "臺中洲際棒球場每年舉辦活動") == []
    assert labelled(stages, "位於斐濟群島") == []


def test_date_spans_are_not_overlapped(stages):
    assert labelled(stages, "中華民國111年8月", found=[(0, 10)]) == []


# ----- beyond the gazetteer ----------------------------------------------------------------------------

def test_unseen_city_after_country(stages):
    assert labelled(stages, "寄信給法國埃維拉克市") == [("COUNTRY", "法國"), ("CITY", "埃維拉克市")]
    assert one(stages, "寄信給法國埃維拉克市", "CITY").rule == "rule:city/place_name_suffix"


def test_gazetteer_city_takes_the_suffix_the_text_gives(stages):
    assert labelled(stages, "加拿大溫哥華市開始互動") == [("COUNTRY", "加拿大"), ("CITY", "溫哥華市")]


@pytest.mark.parametrize("text, span, name, name_en, title", [
    ("由布拉提斯拉瓦省德若巴(Juraj Droba)省長出席", "德若巴(Juraj Droba)省長", "德若巴", "Juraj Droba", "省長"),
    ("邀請大使歐克麗(Dilmei L. Olkeriil)蒞府", "大使歐克麗(Dilmei L. Olkeriil)", "歐克麗", "Dilmei L. Olkeriil", "大使"),
    ("經濟部葛力克(Karol Galek)政務次長於", "葛力克(Karol Galek)政務次長", "葛力克", "Karol Galek", "政務次長"),
    ("陳市長表示", "陳市長", "陳", None, "市長"),
    ("本府羅達生副市長率團", "羅達生副市長", "羅達生", None, "副市長"),
    ("美國前國務卿龐培歐（Michael Pompeo）訪高", "前國務卿龐培歐（Michael Pompeo）", "龐培歐", "Michael Pompeo", "前國務卿"),
    ("恭喜新任州長 Eyos Rudimch先生", "州長 Eyos Rudimch", "Eyos Rudimch", "Eyos Rudimch", "州長"),
    ("由代表Mario Ste-Marie致詞", "代表Mario Ste-Marie", "Mario Ste-Marie", "Mario Ste-Marie", "代表"),
])
def test_official_name_and_title(stages, text, span, name, name_en, title):
    official = one(stages, text, "OFFICIAL")
    assert official.text == span
    assert official.norm == {"name": name, "name_en": name_en, "title": title}


def test_ambiguous_title_needs_a_name(stages):
    assert [l for l, _ in labelled(stages, "邀請使節代表於網路分享")] == []
    assert labelled(stages, "由市長信函問候") == []


def test_org_takes_its_place_prefix_and_mission_words(stages):
    assert labelled(stages, "與加拿大駐台北貿易辦事處合作") == [("ORG", "加拿大駐台北貿易辦事處")]
    assert labelled(stages, "貝市與我駐貝里斯大使館於當地") == [("ORG", "駐貝里斯大使館")]
    assert labelled(stages, "審核運動發展局、農業局提案") == [("ORG", "運動發展局"), ("ORG", "農業局")]


# ----- short forms --------------------------------------------------------------------------------------

def test_short_forms_need_the_full_name_in_the_document(stages):
    text = "捐贈斯洛伐克布拉提斯拉瓦省口罩，布省特別致謝；帛琉疫情嚴峻，帛國大使到場"
    spans = {s.text: s for s in spans_of(stages, text)}
    assert spans["布省"].label == "CITY" and spans["布省"].norm["name"] == "布拉提斯拉瓦省"
    assert spans["帛國"].label == "COUNTRY" and spans["帛國"].norm == {"name": "帛琉", "name_en": "Palau"}
    assert labelled(stages, "布省特別致謝") == []
    assert labelled(stages, "提高市民參與") == []


# ----- norms and wrapped lines -------------------------------------------------------------------------

def test_place_norms(stages):
    assert one(stages, "與韓國水原市交流", "COUNTRY").norm == {"name": "韓國", "name_en": "South Korea"}
    assert one(stages, "南韓", "COUNTRY").norm["name"] == "韓國"
    assert one(stages, "與韓國水原市交流", "CITY").norm == {"name": "水原市", "name_en": "Suwon"}


def test_a_name_wrapped_over_two_lines_is_one_span(stages):
    text = ("本市於一百一十年九月與帛琉共和國科羅州以異地簽署方式締結為姊妹市，由陳其邁市\n"
            "長親自出席簽署約文並邀請駐台大使到場見證，順利完成有別於以往的姊妹市簽署儀式。\n")
    official = one(stages, text, "OFFICIAL")
    assert official.text == "陳其邁市\n長" and official.norm["name"] == "陳其邁"


def test_heading_lines_are_not_joined():
    view = "(一)主題展\n行政暨國際處於四維行政中心中庭以展示櫥窗方式放置城市介紹文案與宣傳影片\n本處持續推動"
    kept = word_joins(view)
    assert kept.count(view.index("\n")) == 1  # the short heading's line break stays
    assert view.index("\n", view.index("\n") + 1) not in kept  # the long line's wrap is joined


def test_unseen_cities_in_a_list_and_their_bare_mentions(stages):
    text = "締盟城市 波蘭：格但斯克市、卡茲米爾市。高雄與卡茲米爾簽署友好宣言。"
    spans = spans_of(stages, text)
    assert [(s.label, s.text) for s in spans] == [
        ("COUNTRY", "波蘭"), ("CITY", "格但斯克市"), ("CITY", "卡茲米爾市"), ("CITY", "高雄"), ("CITY", "卡茲米爾")]
    assert spans[-1].norm["name"] == "卡茲米爾市"


def test_place_mayor_and_name(stages):
    assert labelled(stages, "山梨縣笛里塔市市長保坂武、") == [
        ("CITY", "山梨縣"), ("CITY", "笛里塔市"), ("OFFICIAL", "市長保坂武")]


# ----- ORG boundaries (labelling guide ORG 1) -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # A country before a school is its own span; the school's name starts after it.
    ("與美國哈佛大學簽署備忘錄", [("COUNTRY", "美國"), ("ORG", "哈佛大學")]),
    # A higher-level place before the place the name starts with is its own span.
    ("參加韓國首爾國際交流財團活動", [("COUNTRY", "韓國"), ("ORG", "首爾國際交流財團")]),
    # A government body keeps the place written before it (斯洛伐克經濟部-style names).
    ("越南外交部官員", [("ORG", "越南外交部")]),
    # A foreign country before a Taiwanese city names a representation to Taiwan: one ORG.
    ("出席泰國台北協會酒會", [("ORG", "泰國台北協會")]),
])
def test_org_keeps_only_the_place_its_name_starts_with(stages, text, expected):
    assert labelled(stages, text) == expected


def test_two_orgs_joined_by_a_conjunction_are_two_spans(stages):
    # jieba cuts across the joiner (國中|及前|鎮國中); the names still split at 及.
    assert labelled(stages, "本市前鎮國中及獅甲國中進行交流") == [("ORG", "前鎮國中"), ("ORG", "獅甲國中")]


def test_org_does_not_open_with_a_conjunction_or_run_past_an_opener(stages):
    assert labelled(stages, "以及德國在台協會") == [("ORG", "德國在台協會")]
    assert labelled(stages, "藝文表演駐台北越南經濟文化辦事處") == [("ORG", "駐台北越南經濟文化辦事處")]
    assert labelled(stages, "希望捷克駐台經貿辦事處") == [("ORG", "捷克駐台經貿辦事處")]


# ----- officials and places: cases beyond the seeds -------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # A transliterated name jieba's dictionary knows (tagged as a person's name) still follows a title.
    ("市長史密斯表示", [("OFFICIAL", "市長史密斯")]),
    # A modifier opens the title's word (大阪|副領事): the title counts though 領 starts no token.
    ("大阪事務所副領事渡邊健一、", [("ORG", "大阪事務所"), ("OFFICIAL", "副領事渡邊健一")]),
    # Parts joined by a middle dot may run past five characters.
    ("副議長穆罕默德‧阿里夫、", [("OFFICIAL", "副議長穆罕默德‧阿里夫")]),
    # 暨 joins two officials; no name ends with it.
    ("知事鈴木一郎暨副知事佐藤", [("OFFICIAL", "知事鈴木一郎"), ("OFFICIAL", "副知事佐藤")]),
    # A Latin name written right after the Chinese one, with or without a space.
    ("州長凱文·史蒂特Kevin Stitt表示", [("OFFICIAL", "州長凱文·史蒂特Kevin Stitt")]),
])
def test_official_names_after_titles(stages, text, expected):
    assert labelled(stages, text) == expected


def test_a_place_ending_in_a_deictic_pair_keeps_its_title(stages):
    # 墨爾本市長 holds 本市 only by chance: 墨爾本 + 市長, not a deictic.
    assert labelled(stages, "拜會墨爾本市長蘇立文。") == [("CITY", "墨爾本"), ("OFFICIAL", "市長蘇立文")]
    assert labelled(stages, "兩市長年交流") == []


def test_suffix_word_gives_the_administrative_suffix_back(stages):
    assert labelled(stages, "讓臺南市民參與") == [("CITY", "臺南")]
    assert labelled(stages, "熊本縣政策") == [("CITY", "熊本縣")]


@pytest.mark.parametrize("text, expected", [
    # An ordinal belongs to a school's name; the city before it is inside the ORG.
    ("與華沙第五中學締結姊妹校", [("ORG", "華沙第五中學")]),
    ("與仙台第 2 高中交流", [("ORG", "仙台第 2 高中")]),
    # A state's or province's department: a country before it is its own span.
    ("韓國忠清南道教育廳來訪", [("COUNTRY", "韓國"), ("ORG", "忠清南道教育廳")]),
    # Vocational schools by their own ending; 學校 alone is too common to end a name (高雄學校 = schools in 高雄).
    ("參訪慕尼黑電機職業學校", [("ORG", "慕尼黑電機職業學校")]),
    ("影片在高雄學校放映", []),
    # Restaurants and halls are no ORG though they end in 廳.
    ("在餐廳用餐", []),
])
def test_org_endings_and_ordinals(stages, text, expected):
    assert labelled(stages, text) == expected


def test_a_count_before_an_org_ending_is_not_part_of_a_name(stages):
    assert ("ORG", "四所大學") not in labelled(stages, "與美國奧勒岡州四所大學簽署")
    assert labelled(stages, "五福國中") == [("ORG", "五福國中")]  # a numeral alone may be part of a name


@pytest.mark.parametrize("text, expected", [
    # An acronym right after an ORG is a second ORG span.
    ("參訪慕尼黑工業大學 TUM 與布拉格科技中心(PTC)", [("ORG", "慕尼黑工業大學"), ("ORG", "TUM"),
                                                 ("ORG", "布拉格科技中心"), ("ORG", "PTC")]),
    # An ending that alone names a unit stands after a deictic (本府觀光局 → 觀光局 style).
    ("由本府秘書處擔任窗口", [("ORG", "秘書處")]),
    # 暨 joins a unit's name after a title whose clause went on (副市長率…).
    ("副市長率行政暨國際處、農業局出席", [("ORG", "行政暨國際處"), ("ORG", "農業局")]),
    ("國會友台小組來訪", [("ORG", "國會友台小組")]),
    ("召開工作小組會議", []),
])
def test_org_acronyms_units_and_groups(stages, text, expected):
    assert labelled(stages, text) == expected


def test_a_place_takes_no_suffix_that_starts_the_next_place(stages):
    assert labelled(stages, "日本郡山市與福島縣郡山市") == [
        ("COUNTRY", "日本"), ("CITY", "郡山市"), ("CITY", "福島縣"), ("CITY", "郡山市")]


@pytest.mark.parametrize("text, expected", [
    # An ORG ending and the title after it: two units of text, ORG then OFFICIAL.
    ("越南辦事處台中勞工處處長阮文明等", [("ORG", "越南辦事處台中勞工處"), ("OFFICIAL", "處長阮文明")]),
    # 勞 is a surname, but 勞工 is a word: no person called 勞工; the unit and its own title share 處
    # (issue 17: 觀光振興課長鈴木一郎 → 觀光振興課 + 課長鈴木一郎).
    ("勞工處長阮文明", [("ORG", "勞工處"), ("OFFICIAL", "處長阮文明")]),
    # Titles of foreign governments.
    ("巴伐利亞邦總理索德(Markus Söder)來訪", [("CITY", "巴伐利亞"), ("OFFICIAL", "邦總理索德(Markus Söder)")]),
    ("日本經濟產業省官員", [("COUNTRY", "日本"), ("ORG", "經濟產業省")]),
])
def test_titles_next_to_org_endings_and_foreign_titles(stages, text, expected):
    assert labelled(stages, text) == expected


@pytest.mark.parametrize("text, expected", [
    # A local body named after a foreign country keeps its home place (a Taiwanese city) whole.
    ("新竹縣日本交流協會理事長出席", [("ORG", "新竹縣日本交流協會")]),
    # A generic noun after a conjunction names nothing; a name that starts with a place after 及 is a new one.
    ("當地台商及企業代表", []),
    ("參訪科學園區及台中物流公司。", [("ORG", "台中物流公司")]),
    # The international-affairs units of Taiwan's city governments, and Japanese schools.
    ("由本府秘書處國際事務組擔任窗口", [("ORG", "秘書處國際事務組")]),
    ("與鹿兒島高等學校交流", [("ORG", "鹿兒島高等學校")]),
])
def test_org_names_in_other_cities_reports(stages, text, expected):
    assert labelled(stages, text) == expected


def test_officials_after_a_stop_word_inside_a_token(stages):
    # jieba cuts 由侯 as one token; the surname still starts the name.
    assert labelled(stages, "由侯市長與林縣長簽署") == [("OFFICIAL", "侯市長"), ("OFFICIAL", "林縣長")]


def test_a_gazetteer_suffix_that_starts_a_word(stages):
    # 東方市 is Paraguay's Ciudad del Este; 東方市場 is a market.
    assert labelled(stages, "巴拉圭東方市與東方市場") == [("COUNTRY", "巴拉圭"), ("CITY", "東方市")]
    assert labelled(stages, "馬久羅環礁市長") == [("CITY", "馬久羅環礁")]


def test_unseen_cities_in_a_list_joined_by_yu(stages):
    # The list separators are matched on the folded view (與 → 与), as every other rule word is.
    assert labelled(stages, "與波蘭阿比茲市與卡瑪洛市締結") == [
        ("COUNTRY", "波蘭"), ("CITY", "阿比茲市"), ("CITY", "卡瑪洛市")]


def test_a_verb_after_a_place_opens_no_unseen_city(stages):
    assert labelled(stages, "首爾是本市在亞洲最早的夥伴") == [("CITY", "首爾")]


@pytest.mark.parametrize("text, expected", [
    ("本市與卡瑪洛市於2014年締結姊妹市", [("CITY", "卡瑪洛市")]),
    ("本縣與阿蘭提郡以視訊方式簽署備忘錄", [("CITY", "阿蘭提郡")]),
    # Everyday words, and words no name opens with, make no party.
    ("本市與國外城市締結", []),
    ("與各縣市簽署", []),
])
def test_unseen_city_as_the_other_party_of_a_tie(stages, text, expected):
    assert [(label, text) for label, text in labelled(stages, text) if label == "CITY"] == expected


def test_a_unit_named_by_its_ending_alone_after_a_conjunction(stages):
    assert ("ORG", "秘書處") in labelled(stages, "市長率領經發局、都發局及秘書處出席")


def test_country_abbreviation_before_a_function_word(stages):
    # jieba's HMM joins the unknown 史國為 into one token; 為 still ends the abbreviation.
    assert labelled(stages, "史瓦帝尼是友邦。史國為我國友邦") == [("COUNTRY", "史瓦帝尼"), ("COUNTRY", "史國")]


# ----- names after a title, and where a name stops (issue 17) -----------------------------------------

@pytest.mark.parametrize("text, official", [
    ("典禮由市長林其明親自主持。", "市長林其明"),  # 其 is a stop word, but inside a name it is none
    ("桃園市長吳志強今(26)日出訪。", "市長吳志強"),
    ("議長張德昌認為雙方交流密切。", "議長張德昌"),  # the verb after the name stays outside
    ("會中知事佐藤健太致詞。", "知事佐藤健太"),  # a Japanese given name of two characters
    ("靜岡縣知事鈴木一郎率團來訪。", "知事鈴木一郎"),  # 率 is the verb, not the name's third character
    ("新北市長侯友宜表示歡迎。", "市長侯友宜"),
    # two names of two characters the dictionary does not know, the first opening with a surname (蒲)
    ("熊本縣知事蒲島郁夫來訪。", "知事蒲島郁夫"),
])
def test_a_surname_led_name_after_a_title_ends_where_a_word_starts(stages, text, official):
    assert ("OFFICIAL", official) in labelled(stages, text)


@pytest.mark.parametrize("text, official", [
    ("會後令瓊斯大使十分感動。", "瓊斯大使"),  # 令 is a verb the segmenter cut off
    ("花蓮縣議會則有議長林小明出席。", "議長林小明"),  # 則有 is no name
    ("局長吳曉明也提到交通建設。", "局長吳曉明"),
    ("市長表示，很榮幸薩瓦林總理出席典禮。", "薩瓦林總理"),  # an adverb and an adjective before a transliterated name
])
def test_a_function_word_before_or_after_a_name_stays_outside(stages, text, official):
    found = labelled(stages, text)
    assert ("OFFICIAL", official) in found
    assert not any(label == "OFFICIAL" and text != official and official in text for label, text in found)


def test_the_given_name_after_a_surname_and_title_is_no_verb(stages):
    assert ("OFFICIAL", "黃市長") in labelled(stages, "黃市長也提到觀光的重要。")
    assert ("OFFICIAL", "林課長佳濃") in labelled(stages, "由林課長佳濃表示歡迎。")


def test_a_title_counted_in_the_plural_names_nobody(stages):
    assert not [t for label, t in labelled(stages, "兩位議長共同簽署協定。") if label == "OFFICIAL"]


def test_an_ambiguous_title_takes_no_surname_led_word_after_it(stages):
    assert not [t for label, t in labelled(stages, "邀請各國使節代表於網路上致意。") if label == "OFFICIAL"]


# ----- organisation names: where they start (issue 17) ------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("出席人員有新竹市議會議長。", "新竹市議會"),  # 有 (a verb the segmenter cut off) is no part of the name
    ("而嘉義縣議會則派員出席。", "嘉義縣議會"),  # nor is a conjunction
    ("隔年換臺中市議會作東。", "臺中市議會"),
    ("他們曾參觀過板橋區公所。", "板橋區公所"),  # nor an aspect particle
    ("墨爾本市政府點燈祝賀。", "墨爾本市政府"),  # a longer place holds the character before
    ("台灣民間支援香港協會辦理講座。", "台灣民間支援香港協會"),  # a verb may stand inside a name
])
def test_an_organisation_led_by_a_place_starts_where_its_name_does(stages, text, org):
    assert ("ORG", org) in labelled(stages, text)


def test_a_place_and_short_government_is_an_organisation_but_alone_it_is_deictic(stages):
    assert ("ORG", "桃園市府") in labelled(stages, "桃園市府團隊出訪。")
    assert not [t for label, t in labelled(stages, "陳市長代表市府致贈紀念品。") if label == "ORG"]


@pytest.mark.parametrize("text", ["雙方有不少共通點。", "兩縣議會結盟五週年。", "兩市議會互為姊妹議會。"])
def test_phrases_and_ties_that_end_like_an_organisation_are_none(stages, text):
    assert not [t for label, t in labelled(stages, text) if label == "ORG"]


def test_media_and_branches_are_organisations(stages):
    found = labelled(stages, "中國時報、經濟日報與第一銀行東京分行均有報導。")
    assert {("ORG", "中國時報"), ("ORG", "經濟日報"), ("ORG", "第一銀行東京分行")} <= set(found)


def test_a_place_before_a_council_title_is_its_own_city(stages):
    assert labelled(stages, "由嘉義市議長林大明主持。") == [("CITY", "嘉義"), ("OFFICIAL", "市議長林大明")]


def test_a_name_starts_after_a_lone_localizer_the_segmenter_cut_off(stages):
    assert ("OFFICIAL", "王大明市長") in labelled(stages, "這是颱風後王大明市長首次出訪。")


def test_a_unit_and_its_own_title_share_the_ending_character(stages):
    assert labelled(stages, "觀光振興課長鈴木一郎出席。") == [("ORG", "觀光振興課"), ("OFFICIAL", "課長鈴木一郎")]
    # an organisation that ends before the title's first character keeps its own end (協會 | 處長)
    assert labelled(stages, "美國在台協會處長谷立言出席。") == [("ORG", "美國在台協會"), ("OFFICIAL", "處長谷立言")]
    assert ("ORG", "美國在台協會台北辦事處") in labelled(stages, "美國在台協會台北辦事處孫曉雅處長出席。")


def test_a_regional_unit_keeps_its_parent_and_an_enumerator_stays_outside(stages):
    assert ("ORG", "外交部南部辦事處") in labelled(stages, "外交部南部辦事處處長出席。")
    assert ("ORG", "京都市議會") in labelled(stages, "一是京都市議會，二是大阪市議會。")


# ----- gazetteers from public data (#17) ----------------------------------------------------------------

def test_taiwanese_townships_are_cities(stages):
    text = "屏東縣萬巒鄉與苗栗縣獅潭鄉的農會代表前往參訪。"
    assert ("CITY", "萬巒鄉") in labelled(stages, text) and ("CITY", "獅潭鄉") in labelled(stages, text)
    assert one(stages, "卓溪鄉的部落很美", "CITY").norm == {"name": "卓溪鄉", "name_en": "Zhuoxi Township"}


def test_japanese_towns_and_villages_match_in_traditional_writing(stages):
    # jp-prefecture writes 若狭町 and 檜枝岐村; Taiwanese text writes 若狹町, and 沢/澤 fold alike.
    spans = labelled(stages, "該團由福井縣若狹町及長野縣白馬村的議員組成。")
    assert ("CITY", "若狹町") in spans and ("CITY", "白馬村") in spans
    assert one(stages, "訪問團抵達若狹町。", "CITY").norm["name"] == "若狭町"
    assert ("CITY", "野澤溫泉村") in labelled(stages, "長野縣野澤溫泉村的滑雪場")


def test_a_short_form_after_its_country_names_the_place(stages):
    assert ("CITY", "岐阜") in labelled(stages, "這群旅客來自日本岐阜的觀光協會")
    assert ("CITY", "岐阜") not in labelled(stages, "一行人參觀岐阜的觀光設施")  # named nowhere in full
    assert not [s for s in labelled(stages, "日本中央政府代表出席") if s[0] == "CITY"]  # 中央市: an everyday word


def test_a_name_split_across_two_words_is_no_place(stages):
    # 結城市 is a Japanese city; in 締結城市 the characters read 締結 + 城市.
    assert not [s for s in labelled(stages, "兩國締結城市交流協定") if s[0] == "CITY"]
    assert not [s for s in labelled(stages, "美日韓城市代表齊聚") if s[0] == "CITY"]  # 韩城市 (Shaanxi)
    assert ("CITY", "結城市") in labelled(stages, "茨城縣結城市市長來訪")


def test_a_short_form_does_not_cut_an_officials_name(stages):
    # 橫山 only shortens 橫山鄉 (Hsinchu) and 横山 towns: a person's name after a title is still a name.
    assert ("OFFICIAL", "副市長橫山一郎") in labelled(stages, "松本市副市長橫山一郎率團來訪")


def test_geonames_cities_by_their_chinese_names(stages):
    assert ("CITY", "沃爾夫斯堡") in labelled(stages, "代表團前往沃爾夫斯堡參訪汽車城")
    assert one(stages, "代表團前往沃爾夫斯堡參訪汽車城", "CITY").norm["name_en"] == "Wolfsburg"


def test_generated_names_that_are_peoples_names_need_their_country(stages):
    # GeoNames names Austin, Texas 奧斯汀; jieba knows 奥斯汀 as a person's name.
    assert not [s for s in labelled(stages, "國防部長奧斯汀表示支持") if s[0] == "CITY"]
    assert ("CITY", "奧斯汀") in labelled(stages, "市長率團訪問美國奧斯汀")


def test_generated_lists_can_keep_out_of_english_text(stages):
    # gazetteer/lists.yaml: geonames_cities.tsv has `english: false` (Springfield, Victoria, Columbus …).
    assert not [s for s in labelled(stages, "The delegation visited Wolfsburg last May.") if s[0] == "CITY"]


def test_chinese_prefecture_cities_and_counties_match_in_traditional_writing(stages):
    # cpca writes 临沂市 and 婺源县; the folded view matches 臨沂市 and 婺源縣.
    spans = labelled(stages, "山東省臨沂市與江西省婺源縣的代表團來訪")
    assert ("CITY", "臨沂市") in spans and ("CITY", "婺源縣") in spans
    [county] = [s for s in spans_of(stages, "江西省婺源縣的代表團來訪") if s.text == "婺源縣"]
    assert county.norm == {"name": "婺源县", "name_en": "Wuyuan County"}


def test_korean_cities_and_counties_by_their_hanja(stages):
    # libhangul's Hanja dictionary: 가평군 加平郡, 삼척시 三陟市.
    spans = labelled(stages, "本縣與韓國京畿道加平郡及江原道三陟市簽署交流協議")
    assert ("CITY", "加平郡") in spans and ("CITY", "三陟市") in spans
    assert one(stages, "加平郡郡守來訪", "CITY").norm == {"name": "加平郡", "name_en": "Gapyeong-gun"}


@pytest.mark.parametrize("text", [
    "前往中央市場採買年菜。",  # 中央市 (Yamanashi)
    "中山市場的攤商與和平國小的師生都來了。",  # 中山市 (Guangdong), 和平縣 (Guangdong)
    "本次活動在東方美人茶產區舉行，光明正大地推廣。",
    "今年的成果相當豐富，共和國各地代表參加。",
    "在中山路與中正路口設置攤位。",  # 中山 (GeoNames: Zhongshan) is a short form only
    "會中討論長期照顧、高齡化與少子化等議題。",
    "出席者有國防部長奧斯汀與國務卿布林肯。",
])
def test_everyday_sentences_name_no_place_from_the_large_lists(stages, text):
    assert not [s for s in labelled(stages, text) if s[0] == "CITY"]


def test_a_title_after_a_place_takes_no_name_made_of_everyday_words(stages):
    """塞班僑務諮詢委員陳媜: 僑務 + 諮詢 are words, a title's own modifier, not a name between the place and the
    title; the name is the one after the title. 京都市門川大作市長 holds a name (門川)."""
    found = labelled(stages, "塞班僑務諮詢委員陳媜參與淨灘活動。")
    assert ("OFFICIAL", "委員陳媜") in found and not any("僑務諮詢" in text for label, text in found if label == "OFFICIAL")
    assert ("OFFICIAL", "門川大作市長") in labelled(stages, "陳其邁市長與京都市門川大作市長簽署協定書。")


def test_a_japanese_family_name_from_the_packaged_list_opens_a_name_after_a_title(stages):
    """山根 is in gazetteer/jp_surnames.tsv (japanese-personal-name-dataset), not in the curated surnames: as a
    Japanese family name it takes a given name of two characters (山根健太, not 山根健)."""
    assert ("OFFICIAL", "副市長山根健太") in labelled(stages, "副市長山根健太致詞。")


def test_a_title_and_its_person_before_an_organisation_ending_name_no_organisation(stages):
    """苗栗市議長張志強代表市議會…: the person after a title and a verb are no name of a body."""
    found = labelled(stages, "苗栗市議長張志強代表市議會歡迎訪問團。")
    assert ("OFFICIAL", "市議長張志強") in found and not any(label == "ORG" for label, _ in found)


@pytest.mark.parametrize("text, place, official", [
    ("由池上鄉長林志宏簽署。", "池上", "鄉長林志宏"),  # a township before its chief's title, as 臺北 + 市長
    ("與筑西市長石塚雅之共同簽署。", "筑西", "市長石塚雅之"),  # 長石 is a word, but 石塚 a family name
])
def test_a_place_before_its_heads_title(stages, text, place, official):
    found = labelled(stages, text)
    assert ("CITY", place) in found and ("OFFICIAL", official) in found


@pytest.mark.parametrize("text, official", [
    ("與筑西市長石塚雅之共同簽署。", "市長石塚雅之"),  # 之 is a particle to the segmenter
    ("交流推進課長比嘉美和亦出席。", "課長比嘉美和"),  # 和 a conjunction
    ("市府參事吉村郁也、副知事出席。", "參事吉村郁也"),
])
def test_a_japanese_given_name_from_the_packaged_list_ends_the_name(stages, text, official):
    """gazetteer/jp_given_names.tsv (japanese-personal-name-dataset): 雅之, 美和, 郁也 after a Japanese family name."""
    assert ("OFFICIAL", official) in labelled(stages, text)


@pytest.mark.parametrize("text, orgs", [
    ("拜會筑西市役所，並在竹富町役場舉行儀式。", ["筑西市役所", "竹富町役場"]),  # a Japanese municipality's office
    ("並邀請縣府文化局與農業處共同參與。", ["文化局", "農業處"]),  # the reporter's deictic is no part of its unit
    ("卻發展出全球領先的數位政府。", []),  # a kind of government, no body
    ("本會近年積極推動議會外交。", []),  # council diplomacy
    ("盼兩地議會建立常態交流機制。", []),  # the two places' councils: no name
    ("雙方在議事廳舉行紀念儀式。", []),  # a chamber, not a body
])
def test_organisation_endings_in_everyday_phrases_and_japanese_offices(stages, text, orgs):
    assert [t for label, t in labelled(stages, text) if label == "ORG"] == orgs


def test_a_home_citys_alias_counts_though_it_is_an_everyday_word(stages):
    """rules/entities.yaml, home_aliases_always: 桃園 (a peach garden to the dictionary) is 桃園市."""
    assert [(s.text, s.norm["name"]) for s in spans_of(stages, "桃園和台中分別與帛琉簽署協定。") if s.label == "CITY"][:2] == [
        ("桃園", "桃園市"), ("台中", "臺中市")]


def test_short_forms_of_two_places_of_one_name_follow_the_one_named_in_full(stages):
    """新竹 and 竹縣 are short forms of both 新竹縣 and 新竹市 (gazetteer/cities_curated.tsv): the document's full name decides."""
    found = [(s.text, s.norm["name"]) for s in spans_of(stages, "竹縣與日本筑西市締結友好交流協定。新竹縣長楊文科表示歡迎。")
             if s.label == "CITY" and s.text in ("竹縣", "新竹")]
    assert found == [("竹縣", "新竹縣"), ("新竹", "新竹縣")]
