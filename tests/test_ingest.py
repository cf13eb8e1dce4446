import difflib
import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import CORPUS_PDF, CORPUS_TEXT, HARD, STEMS
from pdfmaker import FONTS, RULINGS, cell_text_ops, make_pdf, mapped_font_pdf, mapped_text_ops, ruling_ops, text_ops

from govreport.ingest import IngestError, PdfOptions, ingest
from govreport.ingest.layout import clean_line, strip_page_furniture
from govreport.ingest.pdf import _merge_continuation_rows, _remove_garbage

CJK = re.compile(r"[\u4e00-\u9fff]")


def read(path: Path, options: PdfOptions = PdfOptions()):
    return ingest(path.stem, path, path.read_bytes(), options)


def in_order_share(reference: str, extracted: str) -> float:
    """Share of the reference's CJK characters found in the extracted text, in order."""
    a, b = CJK.findall(reference), CJK.findall(extracted)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


@pytest.mark.parametrize("stem", STEMS)
def test_seed_pdf_text_holds_the_seed_text_in_order(stem):
    doc = read(CORPUS_PDF / f"{stem}.pdf")
    assert in_order_share((CORPUS_TEXT / f"{stem}.txt").read_text("utf-8"), doc.text) >= 0.99


@pytest.mark.parametrize("stem", STEMS)
def test_page_map_covers_the_text_in_order(stem):
    doc = read(CORPUS_PDF / f"{stem}.pdf")
    assert [p.number for p in doc.pages] == list(range(1, doc.source.pages + 1))
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    for before, after in zip(doc.pages, doc.pages[1:]):
        assert before.end <= after.start <= before.end + 1


def test_tables_keep_headers_cells_and_their_offsets():
    doc = read(CORPUS_PDF / "000_fad1ad046325b54c.pdf")
    assert len(doc.tables) == 5
    visitors = next(t for t in doc.tables if t.header == ["年度", "來訪國家", "總數"])
    assert [row[0].text for row in visitors.rows] == ["110", "109", "108", "107"]
    # the 108 row is broken over two lines in the PDF; the continuation is merged back
    assert visitors.rows[2][1].text.startswith("泰國") and "紐西蘭" in visitors.rows[2][1].text
    assert visitors.rows[2][2].text == "855"
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                assert cell.start is None or doc.text[cell.start:cell.end] == cell.text
                assert cell.column in table.header or not table.header


def test_cell_text_joins_wrapped_cjk_lines_without_a_space():
    doc = read(CORPUS_PDF / "000_fad1ad046325b54c.pdf")
    assert "聖文森及格瑞那丁" in doc.text and "\n格瑞那丁" not in doc.text


def test_wrapped_paragraph_lines_are_joined():
    doc = read(CORPUS_PDF / "001_e9a803379221be60.pdf")
    assert "與帛琉共和國科羅州締結為姊妹市" in doc.text


def test_running_header_footer_and_page_numbers_are_dropped():
    doc = read(HARD / "003_6de0411d3e247b52_headerfooter.pdf")
    assert "高雄市政府工作報告" not in doc.text
    assert not re.search(r"第\s*\d+\s*頁", doc.text)
    assert not any(re.fullmatch(r"\d{1,3}", line) for line in doc.text.splitlines())


@pytest.mark.parametrize("stem", STEMS)
def test_footer_page_numbers_are_dropped_from_clean_pdfs(stem):
    def bare_numbers(text):
        return sum(1 for line in text.splitlines() if re.fullmatch(r"\d{1,3}", line.strip()))

    doc = read(CORPUS_PDF / f"{stem}.pdf")
    # every page has a footer number; only the seed's own bare-number lines may remain
    assert bare_numbers(doc.text) <= bare_numbers((CORPUS_TEXT / f"{stem}.txt").read_text("utf-8"))


def test_two_column_pages_keep_column_reading_order():
    doc = read(HARD / "001_e9a803379221be60_2col.pdf")
    seed = (CORPUS_TEXT / "001_e9a803379221be60.txt").read_text("utf-8")
    ratio = difflib.SequenceMatcher(None, CJK.findall(seed), CJK.findall(doc.text), autojunk=False).ratio()
    assert ratio >= 0.97


@pytest.mark.parametrize("stem", STEMS)
def test_fast_and_table_paths_give_the_same_text(stem):
    path = CORPUS_PDF / f"{stem}.pdf"
    fast, table_path = read(path), read(path, PdfOptions(force_table_finder=True))
    assert fast.text == table_path.text and fast.tables == table_path.tables


def pdfplumber_tables(data: bytes) -> list[list[list[str]]]:
    """The reference: pdfplumber's own tables (its pdfminer objects), cleaned as ingestion cleans cells."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [_merge_continuation_rows([[clean_line(cell or "") for cell in row] for row in table])
                for page in pdf.pages for table in page.extract_tables()]


def table_texts(doc) -> list[list[list[str]]]:
    return [[table.header] + [[cell.text for cell in row] for row in table.rows] for table in doc.tables]


def test_corpus_tables_match_pdfplumbers_own():
    path = CORPUS_PDF / "000_fad1ad046325b54c.pdf"
    doc = read(path)
    assert len(doc.tables) == 5
    assert table_texts(doc) == pdfplumber_tables(path.read_bytes())


def test_cell_text_is_spaced_as_pdfium_spaces_the_page_text():
    """Where a word gap is drawn by kerning (2 pt here) pdfium reads a space and pdfplumber, whose
    threshold is 3 pt, does not: cells follow pdfium, so that a table reads as the same words would on a
    page without ruling."""
    xs, ys = [72.0, 200.0, 328.0], [700.0, 680.0, 660.0]
    cells = "".join(f"BT {x + 3} {y - 12} Td /F1 10 Tf [(Koror) -200 (Palau)] TJ ET\n"
                                   for x in xs[:2] for y in ys[:2])
    ruled = make_pdf([cells + ruling_ops(xs, ys, "lines")[0]], fonts=FONTS)
    assert table_texts(ingest("t", Path("t.pdf"), ruled)) == [[["Koror Palau"] * 2] * 2]
    assert "Koror Palau" in ingest("t", Path("t.pdf"), make_pdf([cells], fonts=FONTS)).text
    assert pdfplumber_tables(ruled) == [[["KororPalau"] * 2] * 2]


_cell_line = st.one_of(
    st.lists(st.sampled_from(["Koror", "Palau", "MOU", "2021", "sister city", "No. 3", "Kyoto-fu"]), min_size=1, max_size=2),
    st.lists(st.sampled_from(["帛琉", "科羅州", "京都市", "姊妹市", "備忘錄", "110年", "9月17日"]), min_size=1, max_size=2),
).map(" ".join)


@st.composite
def ruled_tables(draw):
    """A page with a title, a ruled grid with one or two lines of English or Chinese text per cell, and
    a closing line."""
    columns, rows = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    xs = [72.0]
    for _ in range(columns):
        xs.append(xs[-1] + draw(st.integers(110, 130)))  # wide enough for any line: no text overflows its cell
    ys = [700.0]
    for _ in range(rows):
        ys.append(ys[-1] - draw(st.sampled_from([18, 30])))
    cells = [[draw(st.lists(_cell_line, max_size=1 if top - bottom < 30 else 2)) for _ in range(columns)]
             for top, bottom in zip(ys, ys[1:])]
    ruling, forms = ruling_ops(xs, ys, draw(st.sampled_from(RULINGS)))
    content = text_ops(["Table 4 Sister cities"], top=740) + ruling + cell_text_ops(xs, ys, cells) + \
        text_ops(["Source: the city"], top=ys[-1] - 30)
    return make_pdf([content], fonts=FONTS, forms=forms)


@settings(max_examples=60, deadline=None)
@given(ruled_tables())
def test_tables_match_pdfplumbers_own_however_the_ruling_is_drawn(data):
    """The table path finds tables in pdfium's paths and fills them with pdfium's glyphs; pdfplumber,
    reading the same page through pdfminer, must find the same tables with the same cell texts."""
    doc = ingest("t", Path("t.pdf"), data)
    assert table_texts(doc) == pdfplumber_tables(data)
    title, source = "Table 4 Sister cities", "Source: the city"
    assert doc.text.startswith(title) and doc.text.endswith(source)
    cell_starts = [cell.start for table in doc.tables for row in table.rows for cell in row if cell.text]
    assert all(len(title) < start < len(doc.text) - len(source) for start in cell_starts)


def test_fake_bold_duplicate_glyphs_are_removed_on_both_paths():
    page = text_ops(["Fake bold heading"]) + text_ops(["Fake bold heading"], x=72.4)
    data = make_pdf([page])
    for force in (False, True):
        doc = ingest("bold", Path("bold.pdf"), data, PdfOptions(force_table_finder=force))
        assert doc.text == "Fake bold heading"


def test_unmapped_glyphs_are_reported_not_passed_on():
    warnings = []
    items = _remove_garbage(["Mayor (cid:12)(cid:7)Turner", "plain"], 3, warnings)
    assert items == ["Mayor Turner", "plain"]
    assert warnings[0].kind == "unmapped_glyphs" and warnings[0].page == 3 and "2 glyph" in warnings[0].message


def test_owner_password_only_pdf_is_read():
    assert "科羅州" in read(HARD / "001_e9a803379221be60_encrypted_ownerpw.pdf").text


@pytest.mark.parametrize("name, kind", [
    ("000_fad1ad046325b54c_truncated.pdf", "corrupt"),
    ("000_fad1ad046325b54c_truncated_tail.pdf", "corrupt"),
    ("001_e9a803379221be60_encrypted_userpw.pdf", "encrypted"),
])
def test_unreadable_pdfs_raise_a_typed_error(name, kind):
    with pytest.raises(IngestError) as caught:
        read(HARD / name)
    assert caught.value.kind == kind and caught.value.message


@pytest.mark.parametrize("name, data, kind", [
    ("empty.pdf", b"", "empty"),
    ("empty.txt", b"", "empty"),
    ("letter.pdf", b"Dear reader, this is not a PDF.", "not_pdf"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("binary.txt", b"\x00\x01\x02 binary", "not_text"),
])
def test_bad_small_files_raise_a_typed_error(name, data, kind):
    with pytest.raises(IngestError) as caught:
        ingest("x", Path(name), data)
    assert caught.value.kind == kind


def test_page_limit_turns_a_long_pdf_into_an_error():
    data = make_pdf([text_ops([f"page {i}"]) for i in range(5)])
    with pytest.raises(IngestError) as caught:
        ingest("long", Path("long.pdf"), data, PdfOptions(max_pages=3))
    assert caught.value.kind == "too_many_pages"


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp950", b"")])
def test_text_encodings_are_detected(encoding, bom):
    text = "110年9月17日與帛琉共和國科羅州締結為姊妹市"
    doc = ingest("t", Path("t.txt"), bom + text.encode(encoding))
    assert doc.text == text
    assert any(w.kind == "encoding" for w in doc.warnings) == (encoding == "cp950")


def test_clean_line_removes_layout_spaces_only():
    assert clean_line(" 110 年 9 月  17 日 Mayor  Sylvester Turner ") == "110年9月17日Mayor Sylvester Turner"


def test_furniture_stripping_keeps_lines_that_repeat_only_in_the_body():
    pages = [["Report header", f"段落{x}", "中段", f"結語{x}", str(i)] for i, x in enumerate("甲乙丙", 1)]
    stripped = strip_page_furniture(pages)
    assert stripped == [[f"段落{x}", "中段", f"結語{x}"] for x in "甲乙丙"]


def test_a_text_documents_tab_separated_tables_are_read_once_at_ingestion():
    text = "表四、締盟成果\n年度\t時間\t締結城市\n110\t9 月 17 日\t帛琉科羅州\n"
    doc = ingest("t", Path("t.txt"), text.encode("utf-8"))
    [table] = doc.tables
    assert table.page is None and table.header == ["年度", "時間", "締結城市"]
    assert [(c.text, doc.text[c.start:c.end], c.column) for c in table.rows[0]][2] == ("帛琉科羅州", "帛琉科羅州", "締結城市")


def test_a_character_beyond_the_basic_plane_comes_out_whole_inside_and_outside_a_table():
    # pdfium gives U+20000 as two UTF-16 halves on the table path; a lone half used to fail the document.
    cells = [(80, 680, [0, 1, 0]), (210, 680, [0, 0]), (80, 640, [0, 1]), (210, 640, [1, 0])]
    content = ruling_ops([72, 200, 330], [700, 660, 620], "lines")[0] + \
        "".join(mapped_text_ops(x, y, codes) for x, y, codes in cells) + mapped_text_ops(80, 500, [1, 0])
    doc = ingest("t", Path("t.pdf"), mapped_font_pdf(content, "高\U00020000"))
    [table] = doc.tables
    assert table.header == ["高\U00020000高", "高高"]
    assert [cell.text for cell in table.rows[0]] == ["高\U00020000", "\U00020000高"]
    assert doc.text.endswith("\n\U00020000高")
    assert not any("\ud800" <= ch <= "\udfff" for ch in doc.text)
