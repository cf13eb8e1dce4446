"""The benchmark reports every figure issue 7 asks for; what it measures is checked for sense, not speed
(speed targets are measured by `govreport bench`, never asserted in a unit test)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from govreport.evaluation.bench import STAGES, format_results
from govreport.cli import main

ONE_PDF = sorted(Path(__file__).parents[1].glob("corpus/pdf/*.pdf"))[:1]


def test_bench_command_reports_every_figure_from_one_run(tmp_path, capsys, monkeypatch):
    out = tmp_path / "bench.json"
    monkeypatch.setattr("govreport.cli.progress_printer", lambda: lambda message: print(message, file=sys.stderr))
    assert main(["bench", str(ONE_PDF[0]), "--repeats", "1", "--batch-documents", "2",
                 "--memory-documents", "2", "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert results["documents"] == 1 and results["pages"] > 0 and results["characters"] > 0
    startup = results["startup_seconds"]
    assert set(startup) == {"spacy_blank_zh", "load", "load_and_first_sentence", "batch", "load_vs_spacy"}
    assert startup["load_and_first_sentence"]["median"] > 0 and startup["load_vs_spacy"] > 0
    assert set(results["stage_seconds"]) == set(STAGES)
    assert all(s["median"] >= 0 for s in results["stage_seconds"].values())
    assert results["end_to_end"]["pages_per_second_best"] >= results["end_to_end"]["pages_per_second"] > 0
    assert results["nlp_characters_per_second_best"] >= results["nlp_characters_per_second"] > 0
    assert results["reference"]["pdfplumber_extract_text"]["pages_per_second"] > 0
    assert results["reference"]["pypdfium2_get_text_range"]["pages_per_second"] > 0
    for phase in ("whole_command", "documents_only"):
        workers = results["workers"][phase]
        assert workers["one_worker_seconds"]["median"] > 0 and workers["speedup"] > 0
    # The documents-only phase is part of the whole command.
    assert results["workers"]["documents"] == 2 and results["workers"]["machine_ceiling_speedup"] > 0
    assert results["workers"]["documents_only"]["one_worker_seconds"]["median"] < \
        results["workers"]["whole_command"]["one_worker_seconds"]["median"]
    assert [n for n, _ in results["memory_over_batch"]["samples"]] == [1, 2]
    captured = capsys.readouterr()
    printed = captured.out
    assert printed.strip() == format_results(results).strip()
    # on a terminal, each step is announced on standard error as it starts
    assert [line.split(",")[0] for line in captured.err.splitlines()] == [
        "bench: start-up", "bench: end to end and the PDF libraries", "bench: one worker against two",
        "bench: this machine's two-process speed-up for a CPU loop", "bench: memory over 2 documents"]
    assert "pdfplumber only" in printed and "2 workers" in printed and "start-up" in printed
