"""Running the pipeline over many files: workers, limits, error records, atomic output, resume.

A document's failure is a record, never a crashed batch. Finished records go to a
journal beside the output as they complete, so an interrupted run loses nothing
that `--resume` cannot pick up; the output itself is replaced in one rename.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .document import ErrorInfo
from .export import error_record, to_json_line, to_record
from .ingest import SUPPORTED_SUFFIXES, IngestError, PdfOptions, source_of
from .pipeline import Pipeline


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


@dataclass(frozen=True)
class Limits:
    seconds_per_document: float = 300.0
    max_pages: int = 2000


@dataclass(frozen=True)
class Task:
    doc_id: str
    path: str


@dataclass
class Outcome:
    line: str
    doc_id: str
    pages: int = 0
    labels: Counter = field(default_factory=Counter)
    error_kind: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)


def collect_inputs(inputs: list[Path]) -> list[Path]:
    """Files named, and supported files under folders named (recursively), each once, sorted.

    Symlinked folders are followed, but a folder already seen (by real path) is not
    entered again, so a symlink loop cannot hang the walk.
    """
    found: dict[str, Path] = {}
    seen_dirs: set[str] = set()
    for given in inputs:
        if given.is_file():
            found.setdefault(os.path.realpath(given), given)
        elif given.is_dir():
            for path in _walk(given, seen_dirs):
                found.setdefault(os.path.realpath(path), path)
        else:
            raise UsageError(f"no such file or folder: {given}")
    return sorted(found.values(), key=lambda p: str(p))


def _walk(folder: Path, seen_dirs: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            yield from _walk(entry, seen_dirs)
        elif entry.is_file() and entry.suffix.lower() in SUPPORTED_SUFFIXES:
            yield entry


def assign_doc_ids(paths: list[Path]) -> list[Task]:
    """The file stem, unless two inputs share it; then the path keeps them apart."""
    stems = Counter(path.stem for path in paths)
    return [Task(path.stem if stems[path.stem] == 1 else path.as_posix(), str(path)) for path in paths]


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


_pipeline: Pipeline | None = None
_limits = Limits()


def init_worker(limits: Limits, in_child: bool = False) -> None:
    """Build the pipeline once per process; the parent handles Ctrl-C, child workers ignore it."""
    global _pipeline, _limits
    if in_child:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limits = limits
    _pipeline = Pipeline(PdfOptions(max_pages=limits.max_pages))


def _failure(task: Task, data: bytes, kind: str, message: str) -> Outcome:
    record = error_record(task.doc_id, source_of(Path(task.path), data), ErrorInfo(kind, message))
    return Outcome(to_json_line(record), task.doc_id, error_kind=kind)


def process_task(task: Task) -> Outcome:
    """One document to one JSON line; every failure becomes an error record."""
    assert _pipeline is not None, "init_worker() first"
    try:
        data = Path(task.path).read_bytes()
    except OSError as exc:
        return _failure(task, b"", "unreadable", f"cannot read the file: {exc.strerror or exc}")
    _pipeline.seconds.clear()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, _limits.seconds_per_document)
    try:
        doc = _pipeline.run(task.doc_id, Path(task.path), data)
    except IngestError as exc:
        return _failure(task, data, exc.kind, exc.message)
    except _Timeout:
        return _failure(task, data, "timeout", f"took longer than the {_limits.seconds_per_document:g} s limit per document")
    except MemoryError:
        return _failure(task, data, "internal", "ran out of memory")
    except Exception as exc:  # a bug must cost one document, not the batch
        return _failure(task, data, "internal", f"{type(exc).__name__}: {exc}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Outcome(to_json_line(to_record(doc)), doc.doc_id, pages=doc.source.pages,
                   labels=Counter(span.label for span in doc.spans), stage_seconds=dict(_pipeline.seconds))


def _run_in_pool(tasks: list[Task], workers: int, limits: Limits) -> Iterator[Outcome]:
    """Outcomes in task order. A worker that dies takes only its own document with it."""
    remaining = list(tasks)
    while remaining:
        with ProcessPoolExecutor(max_workers=workers, initializer=init_worker, initargs=(limits, True)) as pool:
            futures = [pool.submit(process_task, task) for task in remaining]
            for index, (task, future) in enumerate(zip(remaining, futures)):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    # The first unfinished document is the one that broke the pool; the rest are retried.
                    yield _failure(task, _read_or_empty(task), "internal", "the worker process died while reading this document")
                    remaining = remaining[index + 1:]
                    break
                yield outcome
            else:
                remaining = []


def _read_or_empty(task: Task) -> bytes:
    try:
        return Path(task.path).read_bytes()
    except OSError:
        return b""


def run_tasks(tasks: list[Task], workers: int, limits: Limits) -> Iterator[Outcome]:
    if workers <= 1:
        init_worker(limits)
        return (process_task(task) for task in tasks)
    return _run_in_pool(tasks, workers, limits)


def load_finished(out: Path) -> dict[str, str]:
    """Successful records of an earlier run (its output and its journal), by source sha256."""
    finished: dict[str, str] = {}
    for path in (out, journal_path(out)):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by the interruption
            if "error" not in record and line.endswith("\n"):
                finished[record["source"]["sha256"]] = line
    return finished


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".journal")


def write_atomically(out: Path, lines: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, out)


@dataclass
class BatchSummary:
    documents: int = 0
    pages: int = 0
    reused: int = 0
    labels: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    stage_seconds: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        self.pages += outcome.pages
        self.labels.update(outcome.labels)
        self.stage_seconds.update(outcome.stage_seconds)
        if outcome.error_kind:
            self.errors[outcome.error_kind] += 1


def _reused_outcome(task: Task, line: str) -> Outcome:
    record = json.loads(line)
    record["doc_id"], record["source"]["path"] = task.doc_id, task.path
    return Outcome(to_json_line(record), task.doc_id, pages=record["source"]["pages"],
                   labels=Counter(span["label"] for span in record["spans"]))


def _sha256(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def run_batch(inputs: list[Path], out: Path, workers: int = 1, limits: Limits = Limits(),
              resume: bool = False, progress: bool | None = None) -> BatchSummary:
    started = time.perf_counter()
    tasks = assign_doc_ids(collect_inputs(inputs))
    finished = load_finished(out) if resume else {}
    reused = {task.doc_id: finished[digest] for task in tasks
              if (digest := _sha256(task.path)) is not None and digest in finished}
    todo = [task for task in tasks if task.doc_id not in reused]
    summary = BatchSummary(reused=len(reused))
    lines: dict[str, str] = {}
    show = sys.stderr.isatty() if progress is None else progress
    from tqdm import tqdm

    journal = journal_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(journal, "a", encoding="utf-8", newline="\n") as journal_file, \
            tqdm(total=len(tasks), disable=not show, unit="doc", file=sys.stderr) as bar:
        for task in tasks:
            if task.doc_id in reused:
                outcome = _reused_outcome(task, reused[task.doc_id])
                lines[task.doc_id] = outcome.line
                summary.add(outcome)
                bar.update()
        for outcome in run_tasks(todo, workers, limits):
            lines[outcome.doc_id] = outcome.line
            summary.add(outcome)
            if outcome.error_kind is None:
                journal_file.write(outcome.line)
                journal_file.flush()
            bar.update()
    write_atomically(out, [lines[task.doc_id] for task in tasks])
    journal.unlink(missing_ok=True)
    summary.seconds = time.perf_counter() - started
    return summary
