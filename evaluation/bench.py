"""The benchmark: where the time goes, stage by stage, against the PDF libraries' own speed.

Everything is measured in this one run, on this machine: start-up, end-to-end
pages/s and characters/s, time per stage, the NLP stages' characters/s, the
pdfplumber-only and pypdfium2-only reference extractions of the same PDFs, the
speed-up from a second worker, and peak memory, plus memory over a long batch.
Medians over repeated runs, with the spread (min–max), and for throughput the best run too:
this shared virtual machine slows down by up to half for minutes at a time.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("ingest", "normalise", "dates", "segment", "recognise", "link", "export")


class BenchInputError(ValueError):
    """The inputs cannot be benchmarked: no PDF among them, or one that cannot be read (a usage error, exit 2)."""


def _median_spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _pdfs(paths: list[Path]) -> list[Path]:
    from govreport.batch import collect_inputs

    return [p for p in collect_inputs(paths) if p.suffix.lower() == ".pdf"]


# Each timed in a fresh interpreter, from its first line: spaCy itself, govreport.load() (which reads the
# compiled stages, spaCy included), the same and a first sentence (libraries loaded at first use), and the
# batch's start-up (the pipeline, warmed up for its workers to inherit).
_STARTUP_CODE = {
    "spacy_blank_zh": "import spacy; spacy.blank('zh')",
    "load": "import govreport; govreport.load()",
    "load_and_first_sentence": "import govreport; govreport.load()('高雄市與京都市於110年9月10日簽署合作備忘錄，共30人。')",
    "batch": "from govreport.pipeline import Pipeline; Pipeline().warm_up()",
}


def _fresh_process_seconds(code: str) -> float:
    timed = f"import time; started = time.perf_counter(); {code}; print(time.perf_counter() - started)"
    result = subprocess.run([sys.executable, "-c", timed], capture_output=True, text=True, check=True)
    return float(result.stdout.split()[-1])


def _startup_seconds(repeats: int) -> dict[str, Any]:
    """Start-up in fresh interpreters, each kind alternated with the others (a slow spell of the machine
    falls on all alike); the compiled stages are cached first, as after any first run."""
    _fresh_process_seconds(_STARTUP_CODE["load"])
    runs: dict[str, list[float]] = {name: [] for name in _STARTUP_CODE}
    for _ in range(repeats):
        for name, code in _STARTUP_CODE.items():
            runs[name].append(_fresh_process_seconds(code))
    figures: dict[str, Any] = {name: _median_spread(values) for name, values in runs.items()}
    figures["load_vs_spacy"] = statistics.median(load / spacy for load, spacy in zip(runs["load"], runs["spacy_blank_zh"]))
    return figures


def _reference_pdfplumber(pdfs: list[Path]) -> float:
    import pdfplumber

    started = time.perf_counter()
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
    return time.perf_counter() - started


def _reference_pypdfium2(pdfs: list[Path]) -> float:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    for path in pdfs:
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    return time.perf_counter() - started


def _end_to_end(pipeline, pdfs: list[Path]) -> tuple[float, Counter, int, int]:
    """One pass over the PDFs: wall seconds, seconds per stage, pages, characters."""
    from govreport.export import to_json_line
    from govreport.ingest import IngestError

    pipeline.seconds.clear()
    pages = chars = 0
    started = time.perf_counter()
    for path in pdfs:
        try:
            doc = pipeline.run(path.stem, path, path.read_bytes())
        except (IngestError, OSError) as exc:
            raise BenchInputError(f"cannot benchmark {path}: {exc}") from exc
        export_started = time.perf_counter()
        to_json_line(doc.to_dict())
        pipeline.seconds["export"] += time.perf_counter() - export_started
        pages += doc.source.pages
        chars += len(doc.text)
    return time.perf_counter() - started, Counter(pipeline.seconds), pages, chars


def _copies(pdfs: list[Path], count: int, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for index in range(count):
        source = pdfs[index % len(pdfs)]
        shutil.copy(source, folder / f"{index:04d}_{source.name}")
    return folder


def _batch_seconds(folder: Path, workers: int) -> tuple[float, float]:
    """A batch run as a fresh process: seconds for the whole command (interpreter, imports and
    start-up included) and for its documents alone (after the start-up the workers share)."""
    out = folder.parent / f"bench-{workers}.jsonl"
    code = ("import json, sys; from pathlib import Path; from govreport.batch import run_batch; "
            f"s = run_batch([Path({str(folder)!r})], Path({str(out)!r}), workers={workers}, progress=False); "
            "print(json.dumps([s.seconds, s.startup_seconds]))")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    whole = time.perf_counter() - started
    seconds, startup = json.loads(result.stdout)
    return whole, seconds - startup


def _spin(iterations: int) -> int:
    total = 0
    for i in range(iterations):
        total += i * i
    return total


def _machine_parallel_speedup(iterations: int = 10_000_000) -> float:
    """What two processes gain over one on this machine for pure CPU work that shares nothing: the
    reference for the workers' speed-up (two virtual cores are often less than two whole cores)."""
    import multiprocessing

    started = time.perf_counter()
    _spin(iterations)
    _spin(iterations)
    serial = time.perf_counter() - started
    # the pool ends its processes with SIGTERM: in them it is no stopping of the command (a traceback otherwise)
    with multiprocessing.get_context("fork").Pool(2, initializer=signal.signal, initargs=(signal.SIGTERM, signal.SIG_DFL)) as pool:
        started = time.perf_counter()
        pool.map(_spin, [iterations, iterations])
        parallel = time.perf_counter() - started
    return serial / parallel


def _memory_over_batch(pdfs: list[Path], documents: int) -> dict[str, Any]:
    """Resident memory of one process every 10% of a long batch: it should level off, not climb."""
    code = f"""
import json, resource, sys
from pathlib import Path
from govreport.pipeline import Pipeline
from govreport.export import to_json_line
pdfs = [Path(p) for p in {[str(p) for p in pdfs]!r}]
pipeline = Pipeline()
def rss_mb():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
samples = []
for i in range({documents}):
    path = pdfs[i % len(pdfs)]
    to_json_line(pipeline.run(path.stem, path, path.read_bytes()).to_dict())
    if (i + 1) % max(1, {documents} // 10) == 0:
        samples.append([i + 1, round(rss_mb(), 1)])
print(json.dumps({{"samples": samples, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def run_benchmark(inputs: list[Path], repeats: int = 3, batch_documents: int = 20, memory_documents: int = 200,
                  progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Every figure of `govreport bench`; `progress` is told each step as it starts (the whole takes minutes)."""
    from govreport.pipeline import Pipeline

    say = progress or (lambda message: None)
    pdfs = _pdfs(inputs)
    if not pdfs:
        raise BenchInputError("no PDF among the inputs")
    results: dict[str, Any] = {"documents": len(pdfs), "cpu_count": os.cpu_count(), "repeats": repeats}
    pipeline = Pipeline()
    gc.freeze()  # as run_batch does once its pipeline is built: the collector skips the loaded data
    # Warm-up (caches and lazy imports, as in a long batch) before anything is measured: an unreadable PDF
    # stops the bench now, not after minutes of measurements.
    _end_to_end(pipeline, pdfs)
    say(f"bench: start-up, {repeats} fresh processes of each kind")
    results["startup_seconds"] = _startup_seconds(repeats)
    say(f"bench: end to end and the PDF libraries, {len(pdfs)} PDFs, {repeats} runs")
    walls, stages, plumber, pdfium = [], [], [], []
    for _ in range(repeats):
        wall, per_stage, pages, chars = _end_to_end(pipeline, pdfs)
        walls.append(wall)
        stages.append(per_stage)
        plumber.append(_reference_pdfplumber(pdfs))
        pdfium.append(_reference_pypdfium2(pdfs))
    results.update(pages=pages, characters=chars)
    results["end_to_end"] = {"seconds": _median_spread(walls),
                             "pages_per_second": pages / statistics.median(walls),
                             "pages_per_second_best": pages / min(walls),
                             "characters_per_second": chars / statistics.median(walls)}
    results["stage_seconds"] = {name: _median_spread([s[name] for s in stages]) for name in STAGES}
    nlp = [sum(s[name] for name in STAGES if name != "ingest") for s in stages]
    results["nlp_characters_per_second"] = chars / statistics.median(nlp)
    # The fastest run too: what the code does when this shared virtual machine is not slowed by others.
    results["nlp_characters_per_second_best"] = chars / min(nlp)
    results["reference"] = {
        "pdfplumber_extract_text": {"seconds": _median_spread(plumber), "pages_per_second": pages / statistics.median(plumber),
                                    "pages_per_second_best": pages / min(plumber)},
        "pypdfium2_get_text_range": {"seconds": _median_spread(pdfium), "pages_per_second": pages / statistics.median(pdfium)},
    }
    results["peak_memory_mb_single_process"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"bench: one worker against two, {batch_documents} documents, {repeats} runs each")
    with tempfile.TemporaryDirectory() as scratch:
        folder = _copies(pdfs, batch_documents, Path(scratch) / "batch")
        # Alternated, so that a spell of this virtual machine running slow falls on both alike.
        runs = [(_batch_seconds(folder, 1), _batch_seconds(folder, 2)) for _ in range(repeats)]
        one, two = [run[0] for run in runs], [run[1] for run in runs]
    results["workers"] = {"documents": batch_documents}
    for phase, index in (("whole_command", 0), ("documents_only", 1)):
        one_phase, two_phase = [run[index] for run in one], [run[index] for run in two]
        results["workers"][phase] = {"one_worker_seconds": _median_spread(one_phase),
                                     "two_workers_seconds": _median_spread(two_phase),
                                     "speedup": statistics.median(one_phase) / statistics.median(two_phase)}
    say("bench: this machine's two-process speed-up for a CPU loop")
    results["workers"]["machine_ceiling_speedup"] = statistics.median(_machine_parallel_speedup() for _ in range(repeats))
    results["workers"]["peak_memory_mb_per_worker"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if memory_documents:
        say(f"bench: memory over {memory_documents} documents")
        results["memory_over_batch"] = {"documents": memory_documents, **_memory_over_batch(pdfs, memory_documents)}
    return results


def _startup_line(s: dict[str, Any]) -> str:
    def median(name: str) -> str:
        return f"{s[name]['median']:.2f} s"
    return (f"start-up          govreport.load() {median('load')}, {s['load_vs_spacy']:.2f}× import spacy + "
            f"spacy.blank('zh') ({median('spacy_blank_zh')}); load() and a first sentence {median('load_and_first_sentence')}; "
            f"a batch's warmed-up pipeline {median('batch')} (fresh processes, compiled stages cached)")


def format_results(r: dict[str, Any]) -> str:
    e2e, ref = r["end_to_end"], r["reference"]
    lines = [
        f"corpus: {r['documents']} PDFs, {r['pages']} pages, {r['characters']} characters; {r['cpu_count']} cores; "
        f"median of {r['repeats']} runs (min–max)",
        _startup_line(r["startup_seconds"]),
        f"end to end        {e2e['seconds']['median']:.3f} s ({e2e['seconds']['min']:.3f}–{e2e['seconds']['max']:.3f}): "
        f"{e2e['pages_per_second']:.1f} pages/s (best run {e2e['pages_per_second_best']:.1f}), "
        f"{e2e['characters_per_second']:,.0f} chars/s, one process",
        "per stage:",
    ]
    for name, s in r["stage_seconds"].items():
        lines.append(f"  {name:<10}      {s['median'] * 1000:8.1f} ms ({s['min'] * 1000:.1f}–{s['max'] * 1000:.1f})")
    lines += [
        f"NLP stages        {r['nlp_characters_per_second']:,.0f} chars/s (best run {r['nlp_characters_per_second_best']:,.0f}; "
        "everything after ingest)",
        f"pdfplumber only   {ref['pdfplumber_extract_text']['pages_per_second']:.1f} pages/s "
        f"({ref['pdfplumber_extract_text']['seconds']['median']:.3f} s)",
        f"pypdfium2 only    {ref['pypdfium2_get_text_range']['pages_per_second']:.1f} pages/s "
        f"({ref['pypdfium2_get_text_range']['seconds']['median']:.3f} s)",
        f"end to end vs pdfplumber-only: {e2e['pages_per_second'] / ref['pdfplumber_extract_text']['pages_per_second']:.2f}× "
        f"(best runs: {e2e['pages_per_second_best'] / ref['pdfplumber_extract_text']['pages_per_second_best']:.2f}×)",
    ]
    w = r["workers"]
    for phase, what in (("documents_only", "documents only, after the shared start-up"),
                        ("whole_command", "whole command, interpreter and start-up included")):
        p = w[phase]
        lines.append(f"workers           {w['documents']} documents: 1 worker {p['one_worker_seconds']['median']:.2f} s, "
                     f"2 workers {p['two_workers_seconds']['median']:.2f} s: {p['speedup']:.2f}× ({what})")
    lines.append(f"                  reference: {w['machine_ceiling_speedup']:.2f}× for a pure-Python CPU loop, 2 processes vs 1, "
                 "on this machine")
    lines.append(f"peak memory       {r['peak_memory_mb_single_process']:.0f} MB this process; "
                 f"{w['peak_memory_mb_per_worker']:.0f} MB largest child")
    if "memory_over_batch" in r:
        m = r["memory_over_batch"]
        samples = ", ".join(f"{n}: {mb:.0f}" for n, mb in m["samples"])
        lines.append(f"memory over {m['documents']} documents (RSS MB after n): {samples}; peak {m['peak_mb']:.0f} MB")
    return "\n".join(lines)
