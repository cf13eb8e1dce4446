"""Opens a generated precision report in headless Chromium (Debian's chromium and chromium-driver)."""
import os
import shutil

import pytest

from govreport.evaluation.records import LabelledDoc, LabelledSpan
from govreport.evaluation.report import render_report
from govreport.evaluation.scorer import score

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and DRIVER) and not os.environ.get("CI"):
    pytest.skip("chromium and chromium-driver are not installed (.ci/run installs them)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report_path(tmp_path_factory):
    text = "110年9月17日與帛琉共和國科羅州締結為姊妹市，<script>alert('x')</script>陳其邁市長，計33案。"

    def at(surface, label, rule="r"):
        start = text.index(surface)
        return LabelledSpan(start, start + len(surface), label, {}, rule)

    gold = LabelledDoc("doc-a", text, [at("科羅州", "CITY"), at("帛琉共和國", "COUNTRY"), at("陳其邁市長", "OFFICIAL"), at("33案", "COUNT")])
    pred = LabelledDoc("doc-a", text, [at("科羅州", "CITY", "good"), at("帛琉", "COUNTRY", "short"), at("締結", "CITY", "bad"),
                                       at("script", "ORG", "bad-org")],
                       pages=[{"number": 1, "start": 0, "end": len(text), "ocr": {"engine": "e", "confidence": 0.9}}])
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(score([gold], [pred])), encoding="utf-8")
    return path


def _visible_rows(browser):
    return [r for r in browser.find_elements(By.CSS_SELECTOR, "#errors tbody tr") if r.is_displayed()]


def test_report_renders_without_console_errors(browser, report_path):
    browser.get(report_path.as_uri())
    assert browser.title == "govreport precision report"
    assert browser.find_element(By.ID, "chart").is_displayed()
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []
    # the document's <script> is shown as text, not run
    assert "<script>alert('x')</script>" in browser.find_element(By.ID, "errors").text


def test_filters_narrow_the_error_list(browser, report_path):
    browser.get(report_path.as_uri())
    every = _visible_rows(browser)
    assert len(every) == 6  # fp: 帛琉, 締結, script; fn: 帛琉共和國, 陳其邁市長, 33案
    Select(browser.find_element(By.ID, "f-label")).select_by_value("CITY")
    assert [r.get_attribute("data-label") for r in _visible_rows(browser)] == ["CITY"]
    assert browser.find_element(By.ID, "shown").text == "1"
    Select(browser.find_element(By.ID, "f-label")).select_by_value("")
    Select(browser.find_element(By.ID, "f-kind")).select_by_value("fn")
    assert {r.get_attribute("data-kind") for r in _visible_rows(browser)} == {"fn"}
    assert len(_visible_rows(browser)) == 3


# A glyph drawn in the font an element's text gets: with no font for Chinese, every character is the same
# empty box (.notdef), so two different characters draw the same pixels. (document.fonts.check() is no test:
# it answers true for a font that is not installed.)
_SAME_GLYPHS = """
var font = getComputedStyle(arguments[0]).font;
function glyph(ch){
  var canvas = document.createElement('canvas'); canvas.width = canvas.height = 48;
  var context = canvas.getContext('2d'); context.font = font.replace(/[\\d.]+px/, '36px'); context.fillText(ch, 4, 40);
  return Array.prototype.join.call(context.getImageData(0, 0, 48, 48).data, ',');
}
return glyph('高') === glyph('雄');
"""


@pytest.mark.parametrize("selector", ["h1 + p", "#errors td.ctx", "#rules td.l"])
def test_chinese_text_is_drawn_in_a_font_that_has_it(browser, report_path, selector):
    """Fails on a machine without a CJK font (.ci/run installs fonts-noto-cjk): the report would be boxes."""
    browser.get(report_path.as_uri())
    element = browser.find_element(By.CSS_SELECTOR, selector)
    assert not browser.execute_script(_SAME_GLYPHS, element), (
        f"Chinese text in {selector} falls back to no font: install a CJK font (Debian: fonts-noto-cjk)")


def test_a_rule_links_to_its_errors(browser, report_path):
    browser.get(report_path.as_uri())
    browser.find_element(By.CSS_SELECTOR, '#rules a[href="#rule=bad"]').click()
    rows = _visible_rows(browser)
    assert [(r.get_attribute("data-rule"), r.get_attribute("data-kind")) for r in rows] == [("bad", "fp")]
    assert "締結" in rows[0].text


def _rule_names(browser):
    return [r.get_attribute("data-rule") for r in browser.find_elements(By.CSS_SELECTOR, "#rules tbody tr") if r.is_displayed()]


def test_rules_sort_filter_and_gather_into_a_list_to_copy(browser, report_path):
    browser.get(report_path.as_uri())
    assert set(_rule_names(browser)) == {"good", "short", "bad", "bad-org"}
    assert _rule_names(browser)[-1] == "good"  # pruning the one right rule costs F1 most: last
    header = browser.find_element(By.XPATH, "//table[@id='rules']//th[normalize-space()='true positives']")
    header.click()
    assert _rule_names(browser)[0] == "good"
    header.click()
    assert _rule_names(browser)[-1] == "good"
    browser.find_element(By.ID, "r-text").send_keys("bad")
    assert set(_rule_names(browser)) == {"bad", "bad-org"} and browser.find_element(By.ID, "rules-shown").text == "2"
    Select(browser.find_element(By.ID, "r-label")).select_by_value("ORG")
    assert _rule_names(browser) == ["bad-org"]
    browser.find_element(By.CSS_SELECTOR, '#rules input.prune[value="bad-org"]').click()
    Select(browser.find_element(By.ID, "r-label")).select_by_value("")
    browser.find_element(By.ID, "r-text").clear()
    browser.find_element(By.ID, "r-text").send_keys("g")  # clear() sends no input event
    browser.find_element(By.CSS_SELECTOR, '#rules input.prune[value="good"]').click()
    assert browser.find_element(By.ID, "prune").get_property("value") in ("bad-org\ngood", "good\nbad-org")
    assert browser.find_element(By.ID, "pruned").text == "2"


def test_the_ocr_filter_keeps_the_errors_on_pages_read_by_ocr(browser, report_path):
    browser.get(report_path.as_uri())
    Select(browser.find_element(By.ID, "f-ocr")).select_by_value("1")
    # the missed spans fall on page 1, read by OCR; the predicted ones carry no page in this fixture
    assert [r.get_attribute("data-kind") for r in _visible_rows(browser)] == ["fn"] * 3
    Select(browser.find_element(By.ID, "f-ocr")).select_by_value("0")
    assert {r.get_attribute("data-kind") for r in _visible_rows(browser)} == {"fp"}
