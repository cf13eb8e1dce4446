"""The command line's manners: help, version, standard input and output, damaged inputs, progress."""
from __future__ import annotations

import io
import json
import sys

import pytest

from govreport import __version__
from govreport.cli import main, progress_printer

REPORT = "高雄市與日本京都市於110年9月10日簽署合作備忘錄，陳其邁市長出席，共30人。\n"


def test_bare_command_prints_the_help_and_succeeds(capsys):
    assert main([]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith("usage: govreport") and "extract" in printed.out and "evaluate" in printed.out
    assert printed.err == ""


def test_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"govreport {__version__}"


@pytest.mark.parametrize("command, stated", [
    ("evaluate", ["--pred PRED govreport extract output (default: out/extractions.jsonl)",
                  "corpus/gold/gold.jsonl)", "corpus/gold/events.jsonl)"]),
    ("extract", ["(default: 1)", "(default: 300)"]),
    ("bench", ["runs per measurement (default: 3)"]),
])
def test_help_states_the_defaults(capsys, monkeypatch, command, stated):
    monkeypatch.setenv("COLUMNS", "400")  # one line per option
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in stated:
        assert words in text


def test_help_says_nothing_of_defaults_an_option_lacks(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    text = capsys.readouterr().out
    assert "default: None" not in text and "default: False" not in text


def test_dates_reads_standard_input_given_a_dash(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("於110年9月10日簽署"))
    assert main(["dates", "-"]) == 0
    [span] = json.loads(capsys.readouterr().out)
    assert span["text"] == "110年9月10日" and span["norm"]["start"] == "2021-09-10"


DAMAGED = {
    "not JSON": b'{"doc_id": "a", "events": []}\n{"doc_id": "b", "ev\n',
    "not UTF-8": b'{"doc_id": "a", "events": []}\n\xff\xfe\x00garbage\n',
    "not an object": b'[1, 2]\n',
    "events of another shape": b'{"doc_id": "a", "events": [{"type": "mou"}]}\n',
}


READERS = [["events", "{path}"], ["evaluate", "--pred", "{path}"], ["evaluate", "--gold", "{path}"],
           ["export", "{path}", "--format", "prodigy"]]
# A record without spans is a document with none to the scorer and the exporters: only `events` needs events.
CASES = [(damage, command) for damage in DAMAGED for command in READERS
         if damage != "events of another shape" or command[0] == "events"]


@pytest.mark.parametrize("damage, command", CASES)
def test_a_damaged_input_is_one_line_and_exit_2(tmp_path, capsys, damage, command):
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(DAMAGED[damage])
    status = main([part.format(path=path) for part in command])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("govreport: ") and str(path) in err
    assert "Traceback" not in err


def test_extract_to_standard_output_writes_the_records_there_and_the_summary_to_standard_error(tmp_path, capsys,
                                                                                                monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(3):
        (folder / f"r{n}.txt").write_text(REPORT * (n + 1), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(folder), "-o", "-", "--workers", "2"]) == 1  # the empty file fails
    streamed = capsys.readouterr()
    assert not (tmp_path / "-").exists()
    assert "documents  4 (3 extracted, 1 failed)" in streamed.err and "output     standard output" in streamed.err
    assert main(["extract", str(folder), "-o", str(tmp_path / "file.jsonl")]) == 1
    assert streamed.out == (tmp_path / "file.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line)["doc_id"] for line in streamed.out.splitlines()] == ["empty", "r0", "r1", "r2"]


def test_resume_needs_an_output_file(tmp_path, capsys):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    assert main(["extract", str(tmp_path), "-o", "-", "--resume"]) == 2
    assert "--resume needs an output file" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress_printer() is None
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    progress_printer()("bench: start-up")
    assert terminal.getvalue() == "govreport: bench: start-up\n"


def test_evaluate_says_what_it_is_doing_on_a_terminal(tmp_path, capsys, monkeypatch):
    gold = tmp_path / "gold.jsonl"
    record = {"doc_id": "d", "text": REPORT, "spans": [{"start": 0, "end": 3, "label": "CITY"}]}
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    arguments = ["evaluate", "--gold", str(gold), "--pred", str(gold), "--gold-events", str(tmp_path / "none")]
    assert main(arguments) == 0
    assert capsys.readouterr().err == ""  # not a terminal: the table alone
    monkeypatch.setattr("govreport.cli.progress_printer", lambda: lambda message: print(message, file=sys.stderr))
    assert main(arguments) == 0
    assert capsys.readouterr().err.startswith("evaluate: 1 gold documents")


def test_bench_on_a_damaged_pdf_is_one_line_and_exit_2(tmp_path, capsys):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert main(["bench", str(damaged), "--repeats", "1", "--memory-documents", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"govreport: cannot benchmark {damaged}: ") and err.count("\n") == 1
