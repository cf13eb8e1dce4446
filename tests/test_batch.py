"""The batch as a user runs it: `python -m govreport extract ...` in a subprocess."""
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS_PDF, CORPUS_TEXT, HARD, ROOT

from govreport.export import schema


def extract(*args, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "govreport", "extract", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=timeout)


def records(path: Path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "out.jsonl"
    result = extract(CORPUS_PDF, "-o", out)
    return result, out


def test_corpus_run_succeeds_and_prints_a_summary(corpus_run):
    result, out = corpus_run
    assert result.returncode == 0, result.stderr
    for word in ("documents  5", "pages      55", "spans", "errors     none", "time"):
        assert word in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_every_record_validates_and_every_span_points_into_its_text(corpus_run):
    _, out = corpus_run
    validator = jsonschema.Draft202012Validator(schema())
    for record in records(out):
        validator.validate(record)
        for span in record["spans"]:
            assert record["text"][span["start"]:span["end"]] == span["text"]
        assert [p["number"] for p in record["pages"]] == list(range(1, record["source"]["pages"] + 1))


def test_hard_folder_gives_one_record_per_file_and_exit_1(tmp_path):
    out = tmp_path / "hard.jsonl"
    result = extract(HARD, "-o", out, "--no-ocr")  # the scan is then an error record (tests/test_ocr.py reads it)
    assert result.returncode == 1
    got = records(out)
    assert len(got) == len(list(HARD.glob("*.pdf")))
    validator = jsonschema.Draft202012Validator(schema())
    for record in got:
        validator.validate(record)
    errors = {r["doc_id"]: r["error"]["kind"] for r in got if "error" in r}
    assert errors == {
        "000_fad1ad046325b54c_scan_p10": "no_text_layer",
        "000_fad1ad046325b54c_truncated": "corrupt",
        "000_fad1ad046325b54c_truncated_tail": "corrupt",
        "001_e9a803379221be60_encrypted_userpw": "encrypted",
    }
    scan = next(r for r in got if r["doc_id"] == "000_fad1ad046325b54c_scan_p10")
    assert "OCR is turned off (--no-ocr)" in scan["error"]["message"]


def test_a_scanned_pdf_is_read_by_ocr_in_a_worker_by_default(tmp_path):
    out = tmp_path / "scan.jsonl"
    result = extract(HARD / "000_fad1ad046325b54c_scan_p10.pdf", "-o", out)
    assert result.returncode == 0, result.stderr
    [record] = records(out)
    jsonschema.Draft202012Validator(schema()).validate(record)
    assert record["pages"][0]["ocr"]["engine"].startswith("rapidocr") and "帛琉科羅州" in record["text"]


def test_ocr_runs_within_the_time_limit_per_document(tmp_path):
    out = tmp_path / "scan.jsonl"
    # OCR counts against the limit: loading the engine alone takes longer than this, reading the page seconds
    result = extract(HARD / "000_fad1ad046325b54c_scan_p10.pdf", "-o", out, "--timeout", "0.2")
    assert result.returncode == 1
    [record] = records(out)
    assert record["error"]["kind"] == "timeout" and "0.2 s limit" in record["error"]["message"]


def test_bad_files_mixed_with_good_ones(tmp_path):
    folder = tmp_path / "in put; $(rm -rf) 報告"  # spaces, shell metacharacters, CJK
    folder.mkdir()
    shutil.copy(CORPUS_TEXT / "001_e9a803379221be60.txt", folder / "good report.txt")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "letter.pdf").write_text("not a pdf", encoding="utf-8")
    (folder / "big5.txt").write_bytes("高雄市與帛琉科羅州締結為姊妹市".encode("cp950"))
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a symlink loop must not hang the walk
    out = tmp_path / "out.jsonl"
    result = extract(folder, "-o", out, timeout=120)
    assert result.returncode == 1
    by_id = {r["doc_id"]: r for r in records(out)}
    assert set(by_id) == {"good report", "empty", "letter", "big5"}
    assert by_id["empty"]["error"]["kind"] == "empty"
    assert by_id["letter"]["error"]["kind"] == "not_pdf"
    assert by_id["big5"]["warnings"][0]["kind"] == "encoding" and "Big5" in by_id["big5"]["warnings"][0]["message"]
    assert "科羅州" in by_id["good report"]["text"]


def _zip(*names: str) -> bytes:
    """An Office Open XML file's skeleton: a ZIP archive holding these entries."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_every_file_in_a_folder_gets_a_record_and_the_summary_names_the_failed(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(CORPUS_TEXT / "001_e9a803379221be60.txt", folder / "good.txt")
    (folder / "minutes.docx").write_bytes(_zip("[Content_Types].xml", "word/document.xml"))
    (folder / "budget.xlsx").write_bytes(_zip("[Content_Types].xml", "xl/workbook.xml"))
    (folder / "sub" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (folder / "scan.txt").write_bytes(b"\xff\xd8\xff\xe0" + bytes(32))  # a JPEG named .txt
    (folder / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "LICENSE").write_text("free", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # hidden: no input
    out = folder / "out.jsonl"  # inside the input folder: the run's own output is no input
    extract(folder, "-o", out)
    result = extract(folder, "-o", out)
    assert result.returncode == 1
    errors = {r["doc_id"]: r["error"] for r in records(out) if "error" in r}
    assert set(errors) == {"minutes", "budget", "photo", "scan", "table", "LICENSE"}
    assert {error["kind"] for error in errors.values()} == {"unsupported"}
    assert "a .docx file" in errors["minutes"]["message"] and "a .xlsx file" in errors["budget"]["message"]
    assert "image/png" in errors["photo"]["message"]
    assert "a .jpg file (image/jpeg, named .txt)" in errors["scan"]["message"]
    assert "a .csv file" in errors["table"]["message"]
    assert "without an extension" in errors["LICENSE"]["message"]
    validator = jsonschema.Draft202012Validator(schema())
    for record in records(out):
        validator.validate(record)
    failed = next(line for line in result.stdout.splitlines() if line.startswith("failed"))
    # the first five in the output's order, then a count
    assert failed == (f"failed     {folder}/LICENSE (unsupported), {folder}/budget.xlsx (unsupported), "
                      f"{folder}/minutes.docx (unsupported), {folder}/scan.txt (unsupported), "
                      f"{folder}/sub/photo.png (unsupported), and 1 more")


def test_a_named_file_of_another_extension_is_read_as_text_but_a_named_docx_is_unsupported(tmp_path):
    notes, docx = tmp_path / "notes.csv", tmp_path / "minutes.docx"
    notes.write_text("高雄市與日本京都市簽署合作備忘錄", encoding="utf-8")
    docx.write_bytes(_zip("[Content_Types].xml", "word/document.xml"))
    out = tmp_path / "out.jsonl"
    assert extract(notes, docx, "-o", out).returncode == 1
    by_id = {r["doc_id"]: r for r in records(out)}
    assert "error" not in by_id["notes"]
    assert by_id["minutes"]["error"]["kind"] == "unsupported", by_id["minutes"]["error"]


def test_time_limit_turns_a_slow_document_into_an_error_record(tmp_path):
    out = tmp_path / "out.jsonl"
    result = extract(CORPUS_PDF / "000_fad1ad046325b54c.pdf", "-o", out, "--timeout", "0.001")
    assert result.returncode == 1
    [record] = records(out)
    assert record["error"]["kind"] == "timeout"


def test_output_is_byte_identical_across_runs_and_worker_counts(corpus_run, tmp_path):
    _, first = corpus_run
    again = tmp_path / "again.jsonl"
    assert extract(CORPUS_PDF, "-o", again, "--workers", "2").returncode == 0
    assert again.read_bytes() == first.read_bytes()


def test_resume_reuses_unchanged_documents(corpus_run, tmp_path):
    _, first = corpus_run
    out = tmp_path / "resumed.jsonl"
    shutil.copy(first, out)
    result = extract(CORPUS_PDF, "-o", out, "--resume")
    assert result.returncode == 0 and "5 reused" in result.stdout
    assert out.read_bytes() == first.read_bytes()


def test_usage_errors_exit_2(tmp_path):
    assert extract(tmp_path / "missing-folder").returncode == 2
    assert extract(CORPUS_PDF, "--workers", "0").returncode == 2


def test_an_interrupted_run_leaves_the_old_output_and_resume_keeps_finished_work(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for copy in range(12):
        shutil.copy(CORPUS_PDF / "000_fad1ad046325b54c.pdf", inputs / f"report_{copy:02d}.pdf")
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    journal = out.with_name(out.name + ".journal")
    process = subprocess.Popen([sys.executable, "-m", "govreport", "extract", str(inputs), "-o", str(out)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not (journal.exists() and journal.read_text("utf-8").count("\n") >= 2):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert out.read_text("utf-8") == "previous run\n"
    finished = journal.read_text("utf-8").count("\n")
    assert 2 <= finished < 12
    # identical copies share one sha256, so every one of them is reused from the journal
    result = extract(inputs, "-o", out, "--resume")
    assert result.returncode == 0 and "12 reused" in result.stdout
    assert len(records(out)) == 12 and not journal.exists()


def test_python_m_pipeline_and_console_script_agree(tmp_path):
    script = shutil.which("govreport")
    if script is None:
        pytest.skip("the package is not installed with its console script")
    out = tmp_path / "a.jsonl"
    result = subprocess.run([script, "extract", str(CORPUS_TEXT / "003_6de0411d3e247b52.txt"), "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and records(out)[0]["doc_id"] == "003_6de0411d3e247b52"


def test_largest_documents_go_first_and_the_output_keeps_the_input_order(tmp_path, monkeypatch):
    import govreport.batch as batch

    for name, repeats in (("a.txt", 1), ("b.txt", 30), ("c.txt", 5)):
        (tmp_path / name).write_text("高雄市與日本熊本縣締結友好交流協定。\n" * repeats, encoding="utf-8")
    dispatched = []
    run_tasks = batch.run_tasks
    monkeypatch.setattr(batch, "run_tasks", lambda tasks, *rest: dispatched.extend(tasks) or run_tasks(tasks, *rest))
    batch.run_batch([tmp_path], tmp_path / "out.jsonl", workers=2, progress=False)
    assert [Path(task.path).name for task in dispatched] == ["b.txt", "c.txt", "a.txt"]
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(r["source"]["path"]).name for r in records] == ["a.txt", "b.txt", "c.txt"]
