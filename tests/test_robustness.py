"""Robustness: hostile PDFs, fuzzed bytes, interruptions, hostile names and text, odd encodings.

Batch-level tests run the real `extract` command in a subprocess with the NLP stages swapped
for normalisation alone (see SHIM): what is under test is the batch machinery (workers, limits,
error records, journal, resume), and it must not wait on, or break with, the NLP stages.
"""
import codecs
import errno
import contextlib
import functools
import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS_PDF, CORPUS_TEXT, ROOT
from hostile import HELVETICA, HOSTILE, pdf_from_objects
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from pdfmaker import make_pdf, text_ops

from govreport.batch import collect_inputs, journal_path, load_finished, read_input, run_batch
from govreport.cli import terminal_safe
from govreport.export import schema
from govreport.ingest import IngestError, PdfOptions, ingest
from govreport.normalise import NormaliseStage

SEED_PDF = CORPUS_PDF / "001_e9a803379221be60.pdf"
SLOW_PDF = CORPUS_PDF / "000_fad1ad046325b54c.pdf"  # about 0.3 s to ingest: slow enough to interrupt part-way
REPORT_TEXT = "110年9月17日與帛琉共和國科羅州締結為姊妹市\n一、Mayor Sylvester Turner 訪問"

# `python -c SHIM extract ...`: the real command, with normalisation as the only stage, plus one test
# stage that stands for a PDF library stuck in native code (no Python bytecode runs, so no alarm handler).
SHIM = """
from govreport.interrupt import handle_signals, stop, stopping
handle_signals()  # as govreport.__main__ does: a signal while the rest is imported ends cleanly too
try:
    import hashlib, sys
    from govreport import pipeline
    from govreport.__main__ import run
    from govreport.normalise import NormaliseStage
except BaseException:
    if stopping():
        stop("govreport: interrupted")
    raise

class StallInNativeCode:
    name = "stall"
    def __call__(self, doc):
        if "STALL_IN_NATIVE_CODE" in doc.text:
            hashlib.pbkdf2_hmac("sha256", b"x", b"y", 2**31 - 1)
        return doc

pipeline.compiled_stages = lambda rules=None, gazetteer=None: [NormaliseStage(), StallInNativeCode()]
raise SystemExit(run(sys.argv[1:]))
"""


def extract_command(*args) -> list[str]:
    return [sys.executable, "-c", SHIM, "extract", *map(str, args)]


def extract(*args, memory_mb: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    limit = ("--max-memory-mb", memory_mb) if memory_mb else ()
    return subprocess.run(extract_command(*args, *limit), cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def records(path: Path) -> list[dict]:
    # Not splitlines(): a record may hold a raw U+2028 (JSON does not escape it), and only "\n" ends a record.
    return [json.loads(line) for line in path.read_text("utf-8").split("\n")[:-1]]


def validate(record: dict) -> None:
    jsonschema.Draft202012Validator(schema()).validate(record)


class Hang(BaseException):
    """A BaseException, as the batch's own alarm is, so that no library's `except Exception` swallows it."""

    def __init__(self, seconds: float, where: str):
        super().__init__(f"still running after {seconds} s, in {where}")
        self.where = where


def innermost_outside_stdlib(frame) -> str:
    """The file a hang is in: not `logging` or `re`, which a library loop may happen to be calling."""
    paths = sysconfig.get_paths()
    while frame.f_back is not None and frame.f_code.co_filename.startswith(paths["stdlib"]) \
            and not frame.f_code.co_filename.startswith((paths["purelib"], paths["platlib"])):
        frame = frame.f_back
    return frame.f_code.co_filename


@contextlib.contextmanager
def time_limit(seconds: float):
    """Turns a hang in Python code into a failure that says where, instead of a test run that never ends."""
    def on_alarm(signum, frame):
        raise Hang(seconds, innermost_outside_stdlib(frame))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@functools.cache
def hostile(name: str) -> bytes:
    return HOSTILE[name]()


# ---------------------------------------------------------------- hostile PDFs, at ingestion

# What each hostile PDF gives: its text (pdfium copes), or the IngestError kind.
HOSTILE_OUTCOMES = {
    "deflate_bomb": "Hello hostile world",  # 256 MB inflated, unlimited memory: read (under a limit: see the batch test)
    "deeply_nested": "Hello hostile world",  # 20 000 nested arrays and dictionaries
    "many_pages": "too_many_pages",  # 5000 real pages, limit 2000
    "lying_page_count": "Hello hostile world",  # /Count 10^9 over one page
    "cyclic_page_tree": "Hello hostile world",  # a /Pages node that is its own kid
    "cyclic_xref_chain": "Hello hostile world",  # /Prev pointing at its own xref table
    "self_referencing": "Hello hostile world",  # contents and resources that refer to themselves
}


@pytest.mark.parametrize("name, force_table_finder", [
    *[(name, False) for name in HOSTILE_OUTCOMES],
    *[(name, True) for name in HOSTILE_OUTCOMES if name != "deflate_bomb"],  # the bomb costs 3 s on that path
])
def test_a_hostile_pdf_is_read_or_refused_in_seconds(name, force_table_finder):
    started = time.perf_counter()
    with time_limit(20):
        try:
            doc = ingest(name, Path(f"{name}.pdf"), hostile(name), PdfOptions(force_table_finder=force_table_finder))
            outcome = doc.text
        except IngestError as error:
            outcome = error.kind
    assert outcome == HOSTILE_OUTCOMES[name]
    assert time.perf_counter() - started < 10


def test_a_page_pdfium_cannot_load_is_a_warning_and_the_other_pages_count():
    doc = ingest("cyclic", Path("cyclic.pdf"), hostile("cyclic_page_tree"))
    assert doc.source.pages == 2 and [p.number for p in doc.pages] == [1, 2]
    [warning] = [w for w in doc.warnings if w.kind == "unreadable_page"]
    assert warning.page == 2 and "text is missing" in warning.message


# ---------------------------------------------------------------- hostile PDFs and files, in a batch

@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """One batch over every kind of trouble at once, two workers, a 10 s limit and a 300 MB memory limit."""
    folder = tmp_path_factory.mktemp("hostile")
    for name in HOSTILE:
        (folder / f"{name}.pdf").write_bytes(hostile(name))
    with open(folder / "huge.txt", "wb") as huge:
        huge.truncate(1 << 30)  # sparse: 1 GB that takes no disk, and no time to write, cannot be read under 300 MB
    (folder / "good report.txt").write_bytes((CORPUS_TEXT / "001_e9a803379221be60.txt").read_bytes())
    (folder / "new\nline.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (folder / "line\u2028separator.txt").write_text(REPORT_TEXT.replace("\n", "\u2028"), encoding="utf-8")
    (folder / os.fsdecode(b"\xb0\xaa\xb6\xaf.txt")).write_text(REPORT_TEXT, encoding="utf-8")  # 高雄 in Big5 bytes
    os.mkfifo(folder / "fifo.txt")  # reading it would block for ever
    (folder / "dangling.pdf").symlink_to(folder / "missing.pdf")
    out = folder.parent / "hostile.jsonl"
    started = time.perf_counter()
    result = extract(folder, "-o", out, "--workers", "2", "--timeout", "10", memory_mb=300)  # time to inflate the bomb
    return result, {record["doc_id"]: record for record in records(out)}, time.perf_counter() - started


def test_hostile_batch_gives_one_valid_record_per_file_and_exit_1(hostile_run):
    result, by_id, seconds = hostile_run
    assert result.returncode == 1, result.stderr
    assert len(by_id) == len(HOSTILE) + 7
    for record in by_id.values():
        validate(record)
    assert seconds < 60


def test_hostile_batch_outcomes(hostile_run):
    _, by_id, _ = hostile_run
    kinds = {doc_id: record["error"]["kind"] if "error" in record else "ok" for doc_id, record in by_id.items()}
    assert kinds == {
        "deflate_bomb": "too_large",  # found before pdfium, which would abort over the memory limit
        "deeply_nested": "ok",
        "many_pages": "too_many_pages",
        "lying_page_count": "ok",
        "cyclic_page_tree": "ok",
        "cyclic_xref_chain": "ok",
        "self_referencing": "ok",
        "huge": "too_large",  # a MemoryError in Python
        "good report": "ok",
        "new\nline": "ok",
        "line\u2028separator": "ok",
        "\\xb0\\xaa\\xb6\\xaf": "ok",
        "fifo": "unreadable",
        "dangling": "unreadable",
    }


@pytest.mark.parametrize("doc_id, words", [
    ("deflate_bomb", ["inflates past 150 MB", "decompression bomb"]),
    ("huge", ["300 MB"]),
    ("fifo", ["FIFO"]),
    ("dangling", ["missing file"]),
])
def test_hostile_batch_messages_say_what_happened(hostile_run, doc_id, words):
    _, by_id, _ = hostile_run
    message = by_id[doc_id]["error"]["message"]
    assert all(word in message for word in words), message


def test_hostile_batch_keeps_odd_names_and_line_breaks(hostile_run):
    _, by_id, _ = hostile_run
    assert by_id["new\nline"]["text"] == by_id["line\u2028separator"]["text"] == REPORT_TEXT
    assert by_id["\\xb0\\xaa\\xb6\\xaf"]["source"]["path"].endswith("\\xb0\\xaa\\xb6\\xaf.txt")


def test_a_worker_stuck_in_native_code_is_ended_by_the_cpu_time_backstop(tmp_path):
    # Alone, with one worker: a worker's death breaks the whole pool, and with two workers the batch
    # would run the document a second time, alone, to learn which one killed it.
    stall = tmp_path / "stall.txt"
    stall.write_text("STALL_IN_NATIVE_CODE", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert extract(stall, "-o", out, "--timeout", "0.5").returncode == 1
    error = records(out)[0]["error"]
    assert error["kind"] == "timeout" and "CPU-time backstop" in error["message"], error


def test_a_fifo_or_dangling_link_is_never_opened(tmp_path):
    fifo, dangling = tmp_path / "fifo.pdf", tmp_path / "dangling.txt"
    os.mkfifo(fifo)
    dangling.symlink_to(tmp_path / "nowhere.txt")
    assert collect_inputs([tmp_path]) == [dangling, fifo]
    for path in (fifo, dangling):
        with time_limit(5), pytest.raises(IngestError) as caught:
            read_input(path)
        assert caught.value.kind == "unreadable"


def test_a_file_deleted_during_the_run_is_reported_missing(tmp_path, monkeypatch):
    with pytest.raises(IngestError) as caught:
        read_input(tmp_path / "deleted.txt")
    assert caught.value.kind == "unreadable" and "missing (deleted or moved" in caught.value.message
    vanishing = tmp_path / "vanishing.txt"
    vanishing.write_text(REPORT_TEXT, encoding="utf-8")
    real_read = Path.read_bytes

    def deleted_first(path):  # deleted after the look, before the read
        path.unlink()
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", deleted_first)
    with pytest.raises(IngestError) as caught:
        read_input(vanishing)
    assert caught.value.kind == "unreadable" and "missing (deleted or moved" in caught.value.message


def test_an_output_that_cannot_be_written_is_a_usage_error(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text(REPORT_TEXT, encoding="utf-8")
    for out in (tmp_path, text / "out.jsonl"):  # a folder; a path through a file
        result = extract(text, "-o", out)
        assert result.returncode == 2 and "cannot write the output" in result.stderr
    assert text.read_text("utf-8") == REPORT_TEXT


def test_page_limit_at_batch_level(tmp_path):
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(make_pdf([text_ops([f"Report on {city}"]) for city in ("Koror", "Houston", "Sendai", "Leeds", "Palau")]))
    out = tmp_path / "out.jsonl"
    assert extract(pdf, "-o", out, "--max-pages", "5").returncode == 0
    assert extract(pdf, "-o", out, "--max-pages", "4").returncode == 1
    assert records(out)[0]["error"] == {"kind": "too_many_pages", "message": "5 pages, over the limit of 4"}


# ---------------------------------------------------------------- fuzzing

# GOVREPORT_FUZZ=20 runs twenty times the examples, for a deeper search than the test suite's.
DEPTH = int(os.environ.get("GOVREPORT_FUZZ", "1"))
FUZZ = settings(max_examples=150 * DEPTH, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def ingest_or_refuse(name: str, data: bytes, options: PdfOptions = PdfOptions()) -> None:
    """Nothing but an IngestError may come out, and nothing may hang."""
    try:
        with time_limit(5):
            doc = ingest("fuzz", Path(name), data, options)
    except IngestError as error:
        assert error.kind and error.message
        event(f"refused: {error.kind}")  # --hypothesis-show-statistics shows how the examples ended
        return
    event("read")
    assert [p.number for p in doc.pages] == list(range(1, doc.source.pages + 1))


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["x.pdf", "x.txt", "x.md"]))
def test_arbitrary_bytes(data, name):
    ingest_or_refuse(name, data)


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_behind_a_pdf_header(data):
    ingest_or_refuse("x.pdf", b"%PDF-1.7\n" + data)


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp950"]))
def test_any_text_in_any_supported_encoding(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # not every character exists in Big5
    ingest_or_refuse("x.txt", data)


# Tokens that PDF page dictionaries and content streams are made of, references to every object included.
PDF_TOKENS = st.sampled_from([
    b"<<", b">>", b"[", b"]", b"/Type", b"/Page", b"/Pages", b"/Contents", b"/Resources", b"/MediaBox", b"/Parent",
    b"/Kids", b"/Count", b"/Font", b"/F1", b"/Length", b"/Filter", b"/FlateDecode", b"1 0 R", b"2 0 R", b"3 0 R",
    b"4 0 R", b"9 0 R", b"0", b"1", b"-1", b"595", b"1e308", b"99999999999999999999", b"(Hello)", b"<48656c6c6f>",
    b"null", b"true", b"BT", b"ET", b"Tf", b"Td", b"Tj", b"TJ", b"cm", b"re", b"m", b"l", b"S", b"f", b"q", b"Q",
    b"Do", b"stream", b"endstream", b"endobj", b"%",
])
pdf_phrases = st.lists(PDF_TOKENS, max_size=40).map(b" ".join)


@FUZZ
@given(pdf_phrases, pdf_phrases, pdf_phrases, st.booleans())
def test_fuzzed_page_dictionary_and_content_stream(page_keys, before, after, force_table_finder):
    content = before + b" BT /F1 12 Tf 72 700 Td (Hello) Tj ET " + after
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + HELVETICA + b" /Contents 4 0 R " \
        + page_keys + b" >>"
    data = pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
                             b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"])
    ingest_or_refuse("x.pdf", data, PdfOptions(force_table_finder=force_table_finder))


def as_ingested(text: str) -> str:
    """Text ingestion keeps every character but makes every line break a "\n"."""
    for line_break in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(line_break, "\n")
    return text


@FUZZ
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from("\n\r\t"),
               min_size=1, max_size=300),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_text_round_trips_in_utf8_and_utf16(text, encoding):
    assume(text.strip())
    assert ingest("x", Path("x.txt"), text.encode(encoding)).text == as_ingested(text)


@functools.cache
def seed_pdf() -> bytes:
    return SEED_PDF.read_bytes()


def _positions():
    size = len(seed_pdf())
    # Anywhere, or in the last 4 KiB: the cross-reference table and trailer, where a flip does most harm.
    return st.one_of(st.integers(0, size - 1), st.integers(size - 4096, size - 1))


@settings(FUZZ, max_examples=40 * DEPTH)
@given(st.lists(st.tuples(_positions(), st.integers(0, 255)), min_size=1, max_size=8),
       st.one_of(st.just(len(seed_pdf())), st.integers(0, len(seed_pdf()))), st.booleans())
def test_mutated_real_pdf(flips, keep, force_table_finder):
    data = bytearray(seed_pdf())
    for position, value in flips:
        data[position] = value
    ingest_or_refuse("x.pdf", bytes(data[:keep]), PdfOptions(force_table_finder=force_table_finder))


# ---------------------------------------------------------------- interruptions

def distinct_copies(folder: Path, count: int) -> None:
    """Copies of one real report that differ by a trailing comment, so each has its own sha256."""
    folder.mkdir()
    data = SLOW_PDF.read_bytes()
    for copy in range(count):
        (folder / f"report_{copy:02d}.pdf").write_bytes(data + b"%% copy %d\n" % copy)


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_keeps_the_old_output_and_the_journal_and_resume_finishes(tmp_path, workers):
    inputs, out = tmp_path / "inputs", tmp_path / "out.jsonl"
    distinct_copies(inputs, 6)
    out.write_text("previous run\n", encoding="utf-8")
    journal = journal_path(out)
    process = subprocess.Popen(extract_command(inputs, "-o", out, "--workers", workers), cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not (journal.exists() and journal.read_text("utf-8").count("\n") >= 2):
        time.sleep(0.02)
    interrupted = time.perf_counter()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert time.perf_counter() - interrupted < 5  # the workers are ended, not waited for
    assert process.returncode == 130 and "interrupted" in stderr
    assert out.read_text("utf-8") == "previous run\n"
    finished = records(journal)
    assert 2 <= len(finished) < 6 and all("error" not in record for record in finished)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "out.jsonl", "out.jsonl.journal"]
    result = extract(inputs, "-o", out, "--resume", "--workers", workers)
    assert result.returncode == 0 and f"{len(finished)} reused" in result.stdout
    assert [r["doc_id"] for r in records(out)] == [f"report_{copy:02d}" for copy in range(6)]
    assert not journal.exists()


def test_workers_end_with_a_killed_parent(tmp_path):
    inputs, out = tmp_path / "inputs", tmp_path / "out.jsonl"
    distinct_copies(inputs, 8)
    process = subprocess.Popen(extract_command(inputs, "-o", out, "--workers", "2"), cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline and not (journal_path(out).exists() and journal_path(out).read_text("utf-8")):
        time.sleep(0.02)
    workers = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
    assert len(workers) == 2
    process.kill()  # SIGKILL: nothing of the parent runs, so the workers must see to it themselves
    process.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(map(running, workers)):
        time.sleep(0.05)
    assert not any(map(running, workers))


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie lasts until init reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_resume_survives_a_cut_journal_line_and_junk_in_the_old_output(tmp_path):
    good = json.dumps({"source": {"sha256": "a" * 64, "pages": 1}, "doc_id": "a\u2028b", "spans": []},
                      ensure_ascii=False) + "\n"
    out = tmp_path / "out.jsonl"
    junk = [b"42", b'"text"', b"[1]", b"{}", b'{"source": 1}', b'{"source": {"sha256": "c"}}', b"not json", b"\xff\xfe"]
    out.write_bytes(b"\n".join(junk) + b"\n" + good.encode())
    journal_path(out).write_text(good.replace("a" * 64, "b" * 64) + '{"source": {"sha2', encoding="utf-8")
    assert set(load_finished(out)) == {"a" * 64, "b" * 64}


def test_a_record_after_a_line_an_interruption_cut_short_stands_on_its_own(tmp_path, monkeypatch):
    def interrupted(source, target):
        raise KeyboardInterrupt  # Ctrl-C just before the output is replaced: the journal stays

    monkeypatch.setattr("govreport.pipeline.compiled_stages", lambda rules=None, gazetteer=None: [NormaliseStage()])
    monkeypatch.setattr(os, "replace", interrupted)
    out, text = tmp_path / "out.jsonl", tmp_path / "report.txt"
    journal_path(out).write_text('{"doc_id": "cut sho', encoding="utf-8")
    text.write_text(REPORT_TEXT, encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_batch([text], out)
    [line] = load_finished(out).values()
    assert json.loads(line)["text"] == REPORT_TEXT


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr("govreport.pipeline.compiled_stages", lambda rules=None, gazetteer=None: [NormaliseStage()])
    text, out = tmp_path / "report.txt", tmp_path / "out.jsonl"
    text.write_text(REPORT_TEXT, encoding="utf-8")
    out.write_text("previous run\n", encoding="utf-8")

    def interrupted_fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        run_batch([text], out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.journal", "report.txt"]
    assert out.read_text("utf-8") == "previous run\n"


def test_run_batch_called_in_process(tmp_path, monkeypatch):
    monkeypatch.setattr("govreport.pipeline.compiled_stages", lambda rules=None, gazetteer=None: [NormaliseStage()])
    (tmp_path / "empty.pdf").write_bytes(b"")
    os.mkfifo(tmp_path / "fifo.txt")
    out = tmp_path / "out.jsonl"
    summary = run_batch([tmp_path], out, workers=1)
    assert summary.errors == {"empty": 1, "unreadable": 1}


# ---------------------------------------------------------------- hostile content on the terminal

@pytest.mark.parametrize("hostile_text", [
    "\x1b[31mred\x1b[0m", "\x1b]0;owned title\x07", "\x1b[2J\x1b[H", "\x9b31m", "\x1bP+q\x1b\\",
    "abc\u202edcba", "\u2066isolate\u2069", "\u202a\u202b\u202c\u202d", "\r overwritten", "bell\x07", "back\x08space",
])
def test_terminal_safe_neutralises_escape_sequences_and_bidi_overrides(hostile_text):
    safe = terminal_safe(f"高雄市 {hostile_text}\tend")
    assert not any(ch in safe for ch in "\x1b\x9b\x07\x08\r\u202a\u202b\u202c\u202d\u202e\u2066\u2069")
    assert safe.startswith("高雄市 ") and safe.endswith("\tend")


def test_terminal_safe_keeps_ordinary_text():
    text = "110年9月17日與帛琉共和國科羅州締結為姊妹市\nMayor Sylvester Turner\t—〜"
    assert terminal_safe(text) == text


def test_events_command_prints_no_escape_sequences(tmp_path):
    evil = "\x1b]0;pwned\x07科羅州\u202e"
    event = {"type": "sister_city", "action": "signed", "partner": {"city": evil, "country": "帛琉"},
             "date": {"start": "2021-09-17", "end": "2021-09-17"}, "signatories": [{"name": "\x1b[31m陳其邁"}],
             "evidence": [{"start": 0, "end": 3, "page": 1}]}
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc_id": "evil\x1b[2J", "events": [event]}) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "govreport", "events", str(pred)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "科羅州" in result.stdout and "陳其邁" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_said(encoding):
    doc = ingest("t", Path("t.txt"), REPORT_TEXT.encode(encoding))
    assert doc.text == REPORT_TEXT
    assert [w.message for w in doc.warnings] == [f"no byte-order mark: decoded as {encoding.upper()}"]


@pytest.mark.parametrize("bom, encoding", [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"), (b"", "utf-16"), (b"", "cp950")])
def test_one_damaged_byte_sequence_is_replaced_and_said(bom, encoding):
    data = bom + REPORT_TEXT.encode(encoding) + (b"\x00\xd8" if encoding == "utf-16" else b"\xff")  # lone surrogate
    doc = ingest("t", Path("t.txt"), data)
    assert doc.text.startswith(REPORT_TEXT) and doc.text.count("\ufffd") == 1
    assert any("1 invalid byte sequence(s) replaced" in w.message for w in doc.warnings)


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + b"\xff\xfe\xfd" * 20,  # a UTF-8 mark over bytes that are not UTF-8
    codecs.BOM_UTF16_LE + b"\x00\xd8" * 20,  # a UTF-16 mark over lone surrogates
    bytes(range(0x80, 0x100)) * 4,  # neither UTF-8 nor Big5
    REPORT_TEXT.encode("utf-8") + b"\xc0" * 40,  # too much damage to be only damage
])
def test_invalid_bytes_in_every_encoding_give_a_clear_encoding_error(data):
    with pytest.raises(IngestError) as caught:
        ingest("t", Path("t.txt"), data)
    assert caught.value.kind == "encoding" and "not valid" in caught.value.message


@pytest.mark.parametrize("data", [b"\x00\x01\x02 binary", REPORT_TEXT.encode("utf-32")])
def test_binary_files_are_not_text(data):
    with pytest.raises(IngestError) as caught:
        ingest("t", Path("t.txt"), data)
    assert caught.value.kind == "not_text"


@pytest.mark.parametrize("start", ["BMW and ", "FWS ", "ID3 ", "MZ "])  # a bitmap's, Flash's, MP3's, an .exe's magic
def test_a_text_that_starts_like_a_magic_number_is_text(start):
    doc = ingest("t", Path("t.txt"), (start + REPORT_TEXT).encode("utf-8"))
    assert doc.text.startswith(start)


def test_a_stream_that_inflates_past_the_budget_is_too_large_before_pdfium_reads_it():
    bomb = hostile("deflate_bomb")  # 256 MB inflated
    with pytest.raises(IngestError) as caught:
        ingest("bomb", Path("bomb.pdf"), bomb, PdfOptions(max_stream_bytes=64 << 20))
    assert caught.value.kind == "too_large" and "inflates past 64 MB" in caught.value.message
    for path in sorted(CORPUS_PDF.glob("*.pdf")):  # ordinary streams pass a budget far below their total
        ingest(path.stem, path, path.read_bytes(), PdfOptions(max_stream_bytes=1 << 20))


@pytest.mark.parametrize(("data", "named"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a .png file (image/png, named .txt)"),
    (b"\x1f\x8b\x08\x00" + bytes(16), "a .gz file (application/gzip, named .txt)"),
])
def test_a_file_whose_magic_bytes_name_another_type_is_unsupported(data, named):
    with pytest.raises(IngestError) as caught:
        ingest("t", Path("t.txt"), data)
    assert caught.value.kind == "unsupported" and caught.value.message.startswith(named), caught.value.message


# ---------------------------------------------------------------- output-side failures, signals, concurrent runs

def test_a_failed_final_write_is_an_output_error_that_leaves_only_what_was_there(tmp_path, monkeypatch):
    from govreport.batch import OutputError

    monkeypatch.setattr("govreport.pipeline.compiled_stages", lambda rules=None, gazetteer=None: [NormaliseStage()])
    text, out = tmp_path / "report.txt", tmp_path / "out" / "out.jsonl"
    text.write_text(REPORT_TEXT, encoding="utf-8")
    out.parent.mkdir()
    out.write_text("previous run\n", encoding="utf-8")

    def disk_full(source, target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OutputError, match=f"cannot write {out}: No space left on device"):
        run_batch([text], out)
    assert [p.name for p in out.parent.iterdir()] == ["out.jsonl"] and out.read_text("utf-8") == "previous run\n"


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs (root only), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_ends_with_one_line_exit_74_and_resume_works_once_there_is_room(tmp_path, small_disk):
    inputs, out = tmp_path / "inputs", small_disk / "out.jsonl"
    inputs.mkdir()
    for copy in range(4):  # 4 × 450 KB of records: more than the disk holds
        (inputs / f"report_{copy}.txt").write_text(f"{copy} {REPORT_TEXT}\n" * 3000, encoding="utf-8")
    out.write_text("previous run\n", encoding="utf-8")
    result = extract(inputs, "-o", out)
    assert result.returncode == 74, result.stderr
    [line] = result.stderr.splitlines()  # the output, or its journal, whichever filled the disk
    assert line in (f"govreport: cannot write {path}: No space left on device; the previous output is untouched"
                    for path in (out, journal_path(out)))
    assert [p.name for p in small_disk.iterdir()] == ["out.jsonl"] and out.read_text("utf-8") == "previous run\n"
    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
    result = extract(inputs, "-o", out, "--resume")
    assert result.returncode == 0, result.stderr
    assert len(records(out)) == 4 and [p.name for p in small_disk.iterdir()] == ["out.jsonl"]


def test_a_second_run_on_the_same_output_fails_fast_and_the_first_finishes(tmp_path):
    inputs, out = tmp_path / "inputs", tmp_path / "out.jsonl"
    distinct_copies(inputs, 6)
    first = subprocess.Popen(extract_command(inputs, "-o", out), cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not (journal_path(out).exists() and journal_path(out).read_text("utf-8")):
        time.sleep(0.02)
    second = extract(inputs, "-o", out, timeout=30)
    assert second.returncode == 75 and "another govreport run is writing" in second.stderr, second.stderr
    assert first.wait(timeout=60) == 0, first.stderr.read()
    assert len(records(out)) == 6 and not journal_path(out).exists()


def test_temporary_outputs_of_killed_runs_are_swept_by_the_next_run(tmp_path):
    text, out = tmp_path / "report.txt", tmp_path / "out.jsonl"
    text.write_text(REPORT_TEXT, encoding="utf-8")
    (tmp_path / ".out.jsonl.4242.tmp").write_text("half a record", encoding="utf-8")
    (tmp_path / ".other.jsonl.4242.tmp").write_text("another output's", encoding="utf-8")
    assert extract(text, "-o", out).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.jsonl.4242.tmp", "out.jsonl", "report.txt"]


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_at_any_moment_stops_the_run_cleanly(tmp_path, signum, status):
    inputs, out = tmp_path / "inputs", tmp_path / "out.jsonl"
    distinct_copies(inputs, 4)
    out.write_text("previous run\n", encoding="utf-8")
    for delay in (0.2, 0.3, 0.45, 0.6, 0.9, 1.2, 1.8):  # imports (from the end of Python's own), start-up, forks, documents
        process = subprocess.Popen(extract_command(inputs, "-o", out, "--workers", "2"), cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=15)  # never a hang
        assert "Traceback" not in stderr, (delay, stderr)
        if process.returncode in (0, -signum):  # finished first (Python's exit restores the default handlers)
            assert len(records(out)) == 4
            out.write_text("previous run\n", encoding="utf-8")
        else:
            assert process.returncode == status and out.read_text("utf-8") == "previous run\n", (delay, stderr)
        leftovers = {p.name for p in tmp_path.iterdir()} - {"inputs", "out.jsonl", "out.jsonl.journal"}
        assert not leftovers, (delay, leftovers)


def test_the_parent_keeps_no_records_in_memory(tmp_path, monkeypatch):
    import tracemalloc

    import govreport.batch as batch

    monkeypatch.setattr("govreport.pipeline.compiled_stages", lambda rules=None, gazetteer=None: [NormaliseStage()])
    inputs, out = tmp_path / "inputs", tmp_path / "out.jsonl"
    inputs.mkdir()
    for copy in range(60):
        (inputs / f"report_{copy:03d}.txt").write_text(f"{copy} {REPORT_TEXT}\n" * 3000, encoding="utf-8")
    init_worker = batch.init_worker
    monkeypatch.setattr(batch, "init_worker", lambda *args: tracemalloc.stop() or init_worker(*args))  # the parent only
    tracemalloc.start()
    try:
        run_batch([inputs], out, workers=2, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 60 records of 300 KB; the parent holds a few at a time (and the pipeline it built, about 8 MB)
    assert out.stat().st_size > 17 * 2**20 and peak < 12 * 2**20, peak
    assert [r["doc_id"] for r in records(out)] == [f"report_{copy:03d}" for copy in range(60)]


_SWALLOWED_ALARM = """
import json, time
from govreport import batch

class Swallowing:
    seconds = {}
    def run(self, doc_id, path, data):
        try:
            time.sleep(2)
        except BaseException:  # as an OCR engine's config library does: the alarm becomes its own error
            pass
        raise ValueError("a library's own error")

batch._pipeline, batch._limits = Swallowing(), batch.Limits(seconds_per_document=0.2)
outcome = batch.process_task(batch.Task("doc", __file__, __file__))
print(json.loads(outcome.line)["error"]["kind"])
"""


def test_an_alarm_a_library_swallows_is_still_a_timeout(tmp_path):
    # in a process of its own: process_task caps the process's CPU time
    script = tmp_path / "swallow.py"
    script.write_text(_SWALLOWED_ALARM, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "timeout", result.stderr
