"""English text (issue #16): officials, organisations, places, counts, dates and agreements in English, by
spaCy's English tokenizer and the token patterns of rules/english_patterns.jsonl. The sentences are written
for these tests."""
import pytest

from conftest import edit_data, resources
from govreport.dates import find_dates
from govreport.ingest.text import document_from_text
from govreport.resources import DataFileError, load_resources


def extracted(pipeline, text):
    return pipeline.process(document_from_text(text))


def labelled(pipeline, text, labels=None):
    return [(s.label, s.text) for s in extracted(pipeline, text).spans if labels is None or s.label in labels]


def spans(pipeline, text, label):
    return [s for s in extracted(pipeline, text).spans if s.label == label]


# ----- officials ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, official", [
    ("Mayor Jane Smith opened the fair.", "Mayor Jane Smith"),
    ("She met Deputy Mayor Mr. Tanaka yesterday.", "Deputy Mayor Mr. Tanaka"),
    ("It was signed by Governor H.E. Kenji Sato in person.", "Governor H.E. Kenji Sato"),
    ("Speaker Lin Wen-hua chaired it.", "Speaker Lin Wen-hua"),
    ("Councilor Maria Lopez spoke first.", "Councilor Maria Lopez"),
    ("Consul General Park Min-jun attended.", "Consul General Park Min-jun"),
    ("The Acting Director-General Chou Mei-ling replied.", "Acting Director-General Chou Mei-ling"),
    ("the mayor H.E. Paul Brown came too", "mayor H.E. Paul Brown"),
])
def test_title_and_name_with_honorifics_inside(pipeline, text, official):
    assert labelled(pipeline, text, {"OFFICIAL"}) == [("OFFICIAL", official)]


def test_official_norm_has_name_and_title(pipeline):
    [span] = spans(pipeline, "Deputy Mayor Mr. Tanaka arrived.", "OFFICIAL")
    assert span.norm == {"name": "Tanaka", "name_en": "Tanaka", "title": "Deputy Mayor"}
    assert span.rule == "rule:en/official/title_name"


def test_a_romanised_given_name_ends_the_name(pipeline):
    assert labelled(pipeline, "They thanked Director Wang Mei-ling. Later that day they left.", {"OFFICIAL"}) == [
        ("OFFICIAL", "Director Wang Mei-ling")]


def test_name_comma_title_of_org_is_a_name_only_official(pipeline):
    found = labelled(pipeline, "John Chen, Director General of the Bureau of Foreign Trade, spoke.")
    assert ("OFFICIAL", "John Chen") in found and ("ORG", "Bureau of Foreign Trade") in found


def test_a_place_before_a_title_stays_outside(pipeline):
    assert labelled(pipeline, "Yilan County Magistrate Lin Tzu-miao welcomed them.") == [
        ("CITY", "Yilan County"), ("OFFICIAL", "Magistrate Lin Tzu-miao")]


def test_a_name_in_a_heading_stops_before_its_verb(pipeline):
    found = labelled(pipeline, "Governor Anna Berg Visits Tainan And Meets Students\nThe governor came.", {"OFFICIAL"})
    assert found == [("OFFICIAL", "Governor Anna Berg")]


def test_a_title_without_a_name_is_no_official(pipeline):
    assert labelled(pipeline, "The mayor of the city said so.", {"OFFICIAL"}) == []


# ----- organisations ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("The visit to Kaohsiung City Council went well.", "Kaohsiung City Council"),
    ("He works at the Ministry of Foreign Affairs in Taipei.", "Ministry of Foreign Affairs"),
    ("The Taipei Economic and Cultural Office in Boston hosted it.", "Taipei Economic and Cultural Office in Boston"),
    ("A letter from the Hualien County government arrived.", "Hualien County government"),
    ("Students of National Taiwan University performed.", "National Taiwan University"),
    ("The Taiwan-Korea Cultural Promotion Office helped.", "Taiwan-Korea Cultural Promotion Office"),
])
def test_named_organisations(pipeline, text, org):
    assert ("ORG", org) in labelled(pipeline, text, {"ORG"})


def test_an_organisation_in_a_heading_does_not_take_the_verb_before_its_place(pipeline):
    found = labelled(pipeline, "Delegation Visits Hualien County Government For Talks\nThey met.", {"ORG"})
    assert found == [("ORG", "Hualien County Government")]


def test_a_unit_and_its_parent_by_of_are_one_org_but_another_body_is_not(pipeline):
    text = "Officials of the Tourism Bureau of the MOTC and the Youth Committee of the Taipei City Council met in a long meeting."
    found = labelled(pipeline, text, {"ORG"})
    assert ("ORG", "Tourism Bureau of the MOTC") in found
    assert ("ORG", "Youth Committee") in found and ("ORG", "Taipei City Council") in found


def test_acronyms_are_orgs_in_english_prose_only(pipeline):
    assert ("ORG", "TECO") in labelled(pipeline, "The delegation was received by TECO staff in the city today.")
    assert labelled(pipeline, "參加TWICE演唱會", {"ORG"}) == []
    assert ("ORG", "MOU") not in labelled(pipeline, "They inked an MOU with Sendai City in the autumn.")


def test_a_body_inside_an_event_name_is_no_org(pipeline):
    assert labelled(pipeline, "They attended the Asia Mayors Council Meeting in Busan last week.", {"ORG"}) == []


# ----- places -------------------------------------------------------------------------------------------

def test_city_of_and_city_suffix(pipeline):
    assert labelled(pipeline, "The City of Sendai and Kaohsiung City agreed.", {"CITY"}) == [
        ("CITY", "City of Sendai"), ("CITY", "Kaohsiung City")]
    [sendai] = [s for s in spans(pipeline, "The City of Sendai agreed.", "CITY")]
    assert sendai.norm == {"name": "仙台市", "name_en": "Sendai"}


def test_two_cities_sharing_a_plural_suffix(pipeline):
    found = labelled(pipeline, "The county signed with Ama and Kuwana Cities of Aichi, Japan.", {"CITY"})
    assert ("CITY", "Ama") in found and ("CITY", "Kuwana") in found


def test_ambiguous_names_need_a_place_context(pipeline):
    assert labelled(pipeline, "Mayor Jordan visited the school.") == [("OFFICIAL", "Mayor Jordan")]
    assert labelled(pipeline, "Reading is a pleasure for all.", {"CITY", "COUNTRY"}) == []
    text = "The band came from Victoria, Canada. Victoria has a harbour."
    assert [s for s in labelled(pipeline, text) if s[1] == "Victoria"] == [("CITY", "Victoria"), ("CITY", "Victoria")]


@pytest.mark.parametrize("text, place", [
    ("The governor of Melekeok State, Palau, arrived.", "Melekeok State"),  # a name the gazetteer lacks + State
    ("It signed an MOU with Ben Tre Province in Vietnam.", "Ben Tre Province"),
    ("The township will sign with Simcheon-myeon next year.", "Simcheon-myeon"),  # a romanised Korean township
    ("Mayor Ohta of Kumejima Town came.", "Kumejima Town"),  # a generated list's name confirmed by its suffix
    ("It signed with the City of Beaverton, Oregon.", "City of Beaverton"),  # City of + a name no list has
])
def test_a_capitalised_name_with_an_administrative_suffix_is_a_place(pipeline, text, place):
    assert ("CITY", place) in labelled(pipeline, text, {"CITY"})


def test_a_place_named_in_full_is_that_place_where_its_name_stands_alone(pipeline):
    text = ("Changhua and Yeongdong County signed. Changhua and Yeongdong are farming communities, and Governor "
            "Basilius of Melekeok State said Melekeok is small. The Yeongdong Agricultural Technology Center came.")
    found = spans(pipeline, text, "CITY")
    assert [s.text for s in found if s.text in ("Yeongdong", "Melekeok")] == ["Yeongdong", "Melekeok"]
    assert {s.norm["name"] for s in found if s.text == "Yeongdong"} == {"永同郡"}
    assert ("ORG", "Yeongdong Agricultural Technology Center") in labelled(pipeline, text, {"ORG"})


def test_a_place_inside_an_event_or_a_site_name_is_not_labelled(pipeline):
    assert labelled(pipeline, "They ran the 2019 Tokyo Marathon and toured Kaohsiung Harbor.", {"CITY"}) == []


def test_country_abbreviations_and_no_city_after_a_country(pipeline):
    assert labelled(pipeline, "Taiwan-US city ties grew in the U.S. last year.", {"COUNTRY"}) == [
        ("COUNTRY", "Taiwan"), ("COUNTRY", "US"), ("COUNTRY", "U.S.")]


def test_demonyms_are_no_country(pipeline):
    assert labelled(pipeline, "An Australian delegation and Japanese students came.", {"COUNTRY"}) == []


# ----- counts -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, count, value, unit", [
    ("They visited 12 universities in May.", "12 universities", 12, "universities"),
    ("It drew 430 thousand people over the week.", "430 thousand people", 430000, "people"),
    ("Some 1.2 million visitors came.", "1.2 million visitors", 1200000, "visitors"),
    ("The city sent five delegations abroad.", "five delegations", 5, "delegations"),
    ("She brought a six-person team to Sendai.", "six-person", 6, "person"),
    ("Two other members joined.", "Two other members", 2, "members"),
])
def test_counts(pipeline, text, count, value, unit):
    [span] = spans(pipeline, text, "COUNT")
    assert (span.text, span.norm["value"], span.norm["unit"]) == (count, value, unit)


@pytest.mark.parametrize("text", [
    "Sendai is Tainan's 12th sister city.",
    "They celebrated the 25th anniversary of the tie.",
    "The two towns have been partners for 28 years.",
    "Both sides agreed.",
    "The girl, aged 12, sang.",
])
def test_not_counts(pipeline, text):
    assert spans(pipeline, text, "COUNT") == []


def test_count_qualifier_goes_to_the_norm(pipeline):
    [span] = spans(pipeline, "About 300 students joined.", "COUNT")
    assert span.text == "300 students" and span.norm["approx"] == "about"


# ----- dates --------------------------------------------------------------------------------------------

def dates(text):
    return [(s.text, s.norm["start"], s.norm["end"]) for s in find_dates(text)]


@pytest.mark.parametrize("text, expected", [
    ("on September 17, 2021.", [("September 17, 2021", "2021-09-17", "2021-09-17")]),
    ("on 17 September 2021.", [("17 September 2021", "2021-09-17", "2021-09-17")]),
    ("in 1961 it began", [("1961", "1961", "1961")]),
    ("from 2019 to 2021 it ran", [("2019 to 2021", "2019", "2021")]),
    ("held September 17–19, 2021 in Tainan", [("September 17–19, 2021", "2021-09-17", "2021-09-19")]),
])
def test_english_date_forms(text, expected):
    assert dates(text) == expected


def test_year_from_context_and_ranges_without_a_year():
    found = dates("Date: 2021-03-02. They met on Sept. 17 and on December 25th, and from February 14 to 20, "
                  "and on May 6th and 7th.")
    assert found[1:] == [("Sept. 17", "2021-09-17", "2021-09-17"), ("December 25th", "2021-12-25", "2021-12-25"),
                         ("February 14 to 20", "2021-02-14", "2021-02-20"), ("May 6th and 7th", "2021-05-06", "2021-05-07")]


def test_relative_months_take_their_value_only_from_the_body():
    assert dates("Posted 2021-05-04. Talks resumed in June this year after last November.")[1:] == [
        ("June this year", "2021-06", "2021-06"), ("last November", "2020-11", "2020-11")]
    assert dates("They will meet this April.") == [("this April", None, None)]


def test_a_historical_year_gives_no_year_to_other_dates():
    assert dates("The port opened in 1959. They meet on May 19.") == [("1959", "1959", "1959"), ("May 19", None, None)]


def test_may_the_verb_and_a_sentence_full_stop_are_no_date_parts():
    assert dates("You may 2 go.") == []
    assert dates("Posted 2021-05-04. It was this January. Then") [1:] == [("this January", "2021-01", "2021-01")]


# ----- agreements and events ----------------------------------------------------------------------------

def test_english_agreements_need_a_partner_in_their_clause(pipeline):
    found = labelled(pipeline, "Taoyuan signed a sister-city agreement with Newark. The sister city program grew.",
                     {"AGREEMENT"})
    assert found == [("AGREEMENT", "sister-city agreement")]


def test_generic_heads_stay_outside_and_forms_are_whole_words(pipeline):
    assert labelled(pipeline, "Tainan has a sister-city tie to Sendai City.", {"AGREEMENT"}) == [
        ("AGREEMENT", "sister-city")]
    assert labelled(pipeline, "They climbed Mount Fuji near Shizuoka.", {"AGREEMENT"}) == []


def test_a_full_stop_ends_the_clause_but_not_after_an_abbreviation(pipeline):
    doc = extracted(pipeline, "Mr. Lee met Sendai City officials. They discussed a sister-city agreement.")
    assert [s.text for s in doc.spans if s.label == "AGREEMENT"] == []
    doc = extracted(pipeline, "On Sept. 3 Yilan County concluded an MOU with Sendai City.")
    assert [s.text for s in doc.spans if s.label == "AGREEMENT"] == ["MOU"]


def test_english_sentences_give_events(pipeline):
    doc = extracted(pipeline, "Date: 2021-08-03\nTaoyuan City signed a sister-city agreement with Newark City on August 3.")
    [event] = doc.events
    assert (event.type, event.partner["city"], event.action) == ("sister_city", "紐華克市", "signed")
    assert (event.date["start"], event.date["end"]) == ("2021-08-03", "2021-08-03")


def test_generated_city_names_count_where_the_text_writes_them_as_places(pipeline):
    # GeoNames' cities match English text in context only (gazetteer/lists.yaml, english: in_context)
    assert labelled(pipeline, "Officials from Baton Rouge visited.", {"CITY"}) == []
    assert labelled(pipeline, "Officials from Baton Rouge, Louisiana visited.", {"CITY"}) == [
        ("CITY", "Baton Rouge"), ("CITY", "Louisiana")]


def test_a_places_english_names_from_every_list(pipeline):
    # CLDR calls 烏蘭巴托 Ulaanbaatar, GeoNames Ulan Bator: both name it (Place.aliases_en)
    for text in ("The mayor of Ulaanbaatar came.", "The mayor of Ulan Bator came."):
        [city] = spans(pipeline, text, "CITY")
        assert city.norm["name"] == "烏蘭巴托"


def test_a_bare_name_is_the_city_the_document_names_in_full(pipeline):
    found = spans(pipeline, "Hsinchu welcomed Okayama City officials. Okayama sent 35 citizens.", "CITY")
    assert [(s.text, s.norm["name"]) for s in found if s.text.startswith("Okayama")] == [
        ("Okayama City", "岡山市"), ("Okayama", "岡山市")]


def test_japanese_names_without_their_romanised_ending(pipeline):
    # the gazetteer's Kitakata-shi is 喜多方市 in "Kitakata City" and "Kitakata and Kamisu Cities", not alone;
    # Date-shi's Date alone is no place
    [city] = spans(pipeline, "The mayor of Kitakata City arrived.", "CITY")
    assert (city.text, city.norm["name"]) == ("Kitakata City", "喜多方市")
    found = spans(pipeline, "Delegates of Kitakata and Kamisu Cities arrived.", "CITY")
    assert [(s.text, s.norm["name"]) for s in found] == [("Kitakata", "喜多方市"), ("Kamisu", "神栖市")]
    assert labelled(pipeline, "Kitakata sent gifts.", {"CITY"}) == []
    assert labelled(pipeline, "Date and venue will follow.", {"CITY"}) == []


def test_listed_partners_each_give_an_event(pipeline):
    doc = extracted(pipeline, "Hualien County signed friendship city agreements with Kamakura, Kanagawa and "
                              "Odawara, Kanagawa in 2019.")
    assert [(e.type, e.partner["city"], e.action) for e in doc.events] == [
        ("friendship_city", "鎌倉市", "signed"), ("friendship_city", "小田原市", "signed")]
    doc = extracted(pipeline, "Yilan County concluded an MOU with Kamakura and Odawara Cities.")
    assert [e.partner["city"] for e in doc.events] == ["鎌倉市", "小田原市"]


def test_a_part_listing_the_members_of_a_set_belongs_to_its_clause(pipeline):
    # rules/agreements.yaml, member_openers: 包括, including …
    doc = extracted(pipeline, "臺中市在美國有3個姊妹市，包括奧斯汀市及西雅圖市。")
    assert [(e.type, e.partner["city"]) for e in doc.events] == [("sister_city", "奧斯汀市"), ("sister_city", "西雅圖市")]
    doc = extracted(pipeline, "Taichung has sister cities in Japan, including Kamakura and Odawara.")
    assert [e.partner["city"] for e in doc.events] == ["鎌倉市", "小田原市"]


@pytest.mark.parametrize("text, form, type_", [
    ("Hsinchu and Sendai signed a contract of amity.", "contract of amity", "friendship_city"),
    ("Taiwan and the U.S. held TIFA talks.", "TIFA", "agreement"),
    ("Hualien signed a memorandum of agreement with Sendai City.", "memorandum of agreement", "mou"),
    ("Keelung and Sendai issued a joint declaration.", "joint declaration", "declaration"),
])
def test_more_english_agreement_forms(pipeline, text, form, type_):
    [span] = spans(pipeline, text, "AGREEMENT")
    assert (span.text, span.norm["type"]) == (form, type_)


def test_a_signing_some_words_after_will_is_planned(pipeline):
    doc = extracted(pipeline, "The Osaka prefecture delegates will travel to Tainan in May and sign a treaty of amity.")
    assert [(e.partner["city"], e.action) for e in doc.events] == [("大阪府", "planned")]


def test_a_person_after_and_is_no_part_of_the_organisation_before(pipeline):
    found = labelled(pipeline, "It was witnessed by Chen Yi-jun of the Department of Economic Development and "
                               "Takashi Yamada, Chief of the International Affairs Division of Sendai City.",
                     {"ORG", "OFFICIAL"})
    assert ("ORG", "Department of Economic Development") in found
    assert ("OFFICIAL", "Takashi Yamada") in found
    assert ("ORG", "International Affairs Division of Sendai City") in found


def test_missions_in_a_place_and_short_country_names(pipeline):
    found = labelled(pipeline, "The Korean Mission in Taipei and the Taipei Mission in Korea met officials of the "
                               "Czech Republic.", {"ORG", "COUNTRY"})
    assert found == [("ORG", "Korean Mission in Taipei"), ("ORG", "Taipei Mission in Korea"), ("COUNTRY", "Czech Republic")]


def test_an_organisation_named_after_a_pair_of_places_and_a_friendship(pipeline):
    # Friendship is no place's word (Friendship City), but it may stand inside an organisation's name
    assert ("ORG", "Hsinchu-Okayama Friendship Parliamentary League") in labelled(
        pipeline, "Councilor Uragami, president of the Hsinchu-Okayama Friendship Parliamentary League, attended.")


# ----- Chinese text keeps its English bits ----------------------------------------------------------------

def test_a_chinese_title_keeps_its_latin_name(pipeline):
    assert labelled(pipeline, "邀請加拿大駐台北貿易辦事處代表Mario Ste-Marie出席", {"OFFICIAL"}) == [
        ("OFFICIAL", "代表Mario Ste-Marie")]


def test_an_english_heading_in_a_chinese_report(pipeline):
    found = labelled(pipeline, "簽署儀式\n\nSigning Ceremony of the Sister City Agreement between Kaohsiung City and Sendai City")
    assert ("AGREEMENT", "Sister City Agreement") in found
    assert ("CITY", "Kaohsiung City") in found and ("CITY", "Sendai City") in found


# ----- the data -----------------------------------------------------------------------------------------

def test_every_title_says_its_chinese_equivalents():
    titles = {t.title: t for t in resources().english.titles}
    assert titles["Mayor"].zh == ("市長",) and titles["County Magistrate"].zh == ("縣長",)


@pytest.mark.parametrize("pattern, reason", [
    ('{"id": "bad", "label": "ORG", "pattern": [{"NOT_AN_ATTR": 1}]}', "bad token pattern"),
    ('{"id": "x", "label": "PERSON", "pattern": [{"ORTH": "a"}]}', "'PERSON' is not one of"),
])
def test_a_bad_pattern_or_label_stops_with_its_line(tmp_path, pattern, reason):
    rules, gazetteer, path = edit_data(tmp_path, "rules/english_patterns.jsonl", lambda text: text + pattern + "\n")
    line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataFileError, match=rf"english_patterns.jsonl:{line}: {reason}"):
        load_resources(rules, gazetteer)


def test_a_new_pattern_is_a_data_edit(tmp_path):
    from govreport.pipeline import Pipeline

    rules, gazetteer, _ = edit_data(tmp_path, "rules/english_patterns.jsonl", lambda text: text + (
        '{"id": "org/task_force", "label": "ORG", "pattern": [{"TAG": "NAME", "OP": "+"}, '
        '{"LOWER": "task"}, {"LOWER": "force"}]}\n'))
    pipeline = Pipeline(rules=rules, gazetteer=gazetteer)
    doc = pipeline.process(document_from_text("The Harbour Recovery Task Force met on Monday morning."))
    assert [(s.label, s.text, s.rule) for s in doc.spans if s.label == "ORG"] == [
        ("ORG", "Harbour Recovery Task Force", "rule:en/org/task_force")]


def test_a_stretch_no_lexicon_knows_gives_nothing(pipeline):
    assert labelled(pipeline, "參加 of the 會議") == []


def test_an_envoy_of_a_country_to_another_is_a_name_only_official(pipeline):
    found = labelled(pipeline, "They met Ambassador of Palau to Japan Mr. Peter Adelbai at noon.", {"OFFICIAL"})
    assert found == [("OFFICIAL", "Peter Adelbai")]


def test_a_name_before_a_title_does_not_start_inside_a_longer_run(pipeline):
    text = "The Board of Foreign Trade Alan Lee, the Director of the office, spoke."
    assert labelled(pipeline, text, {"OFFICIAL"}) == []


def test_a_suffix_of_two_words_belongs_to_the_place(pipeline):
    [city] = spans(pipeline, "The pact with Daejeon Metropolitan City was renewed.", "CITY")
    assert city.text == "Daejeon Metropolitan City" and city.norm["name"] == "大田廣域市"


def test_a_comma_closing_a_region_ends_no_part(pipeline):
    """… with Gangneung, Korea, in 2019: the comma after the region closes it; the year is the tie's."""
    text = ("The city signed its first sister city agreement with Austin, Texas, in 1988, and a friendship city "
            "agreement with Gangneung, Korea, in 2019.")
    found = {e.partner["city"]: e.date["start"] for e in extracted(pipeline, text).events}
    assert found == {"奧斯汀市": "1988", "江陵市": "2019"}


def test_a_family_name_that_is_also_a_place_stays_in_the_persons_name(pipeline):
    """Yao and Hamada are Japanese cities too: after a title and a given name they end the name, and the bare
    family name later is the person, not the city."""
    text = ("The ceremony was co-hosted by Magistrate April Yao and Kagawa Gov. Kenji Hamada. "
            "Yao said the county is beautiful.")
    found = labelled(pipeline, text, {"OFFICIAL", "CITY"})
    assert ("OFFICIAL", "Magistrate April Yao") in found and ("OFFICIAL", "Gov. Kenji Hamada") in found
    assert not any(label == "CITY" and t in ("Yao", "Hamada") for label, t in found)


def test_an_anniversary_and_its_founding_in_english_are_two_events(pipeline):
    text = ("Ruisui Township Mayor Lin Mei-ling and Mayor Takeshi Ohta of Kumejima Town, Okinawa Prefecture, held an "
            "online meeting to celebrate the fifth anniversary of the friendship agreement between the two towns, "
            "which was signed in 2019.")
    found = sorted((e.action, e.partner["city"], (e.date or {}).get("start")) for e in extracted(pipeline, text).events)
    assert found == [("anniversary", "久米島町", None), ("signed", "久米島町", "2019")]


def test_a_council_named_after_a_place_the_text_names_is_that_places_party(pipeline):
    text = ("Speaker Chuang said Gimhae and Chiayi City have been friendship cities since 2016. The Chiayi City Council "
            "and the Gimhae City Council signed a friendship council agreement on April 14.")
    found = {(e.type, e.partner["city"]) for e in extracted(pipeline, text).events}
    assert ("other", "金海市") in found


def test_a_school_of_the_reporting_city_is_no_partner(pipeline):
    text = ("At the same ceremony, Hsinchu Municipal Jianhua Junior High School and Otaru Municipal Ueno Junior High "
            "School of Otaru City signed a sister school agreement.")
    assert [e.partner["city"] for e in extracted(pipeline, text).events] == ["小樽市"]


@pytest.mark.parametrize("text, count", [
    ("Donggang sent a team of eight fishermen to Kesennuma.", "eight fishermen"),  # an irregular plural in -men
    ("A group of 40 high school students will visit.", "40 high school students"),  # two words before the noun
])
def test_counts_of_irregular_plurals_and_compound_nouns(pipeline, text, count):
    assert ("COUNT", count) in labelled(pipeline, text, {"COUNT"})
