"""Running the pipeline over many files: workers, limits, error records, atomic output, resume.

A document's failure is a record, never a crashed batch. Documents are read in worker
processes (one at least), each under a wall-clock alarm, a CPU-time backstop and an
address-space limit, so a hostile PDF that hangs or crashes a C library costs only
itself. Finished records go to a journal beside the output as they complete, so an
interrupted run loses nothing that `--resume` cannot pick up; from there they are copied,
in the input order, to a temporary file that replaces the output in one rename.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import gc
import hashlib
import json
import math
import os
import re
import resource
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import closing, contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from .document import ErrorInfo, error_record
from .export import to_json_line
from .ingest import SUPPORTED_SUFFIXES, IngestError, PdfOptions, source_of, unsupported
from .pipeline import Pipeline


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


class OutputError(Exception):
    """The output or its journal could not be written during the run: a full disk, a permission taken
    away, a folder gone (exit status 74, EX_IOERR). The previous output is untouched."""

    def __init__(self, path: Path, exc: OSError):
        super().__init__(f"cannot write {path}: {exc.strerror or exc}")


class Busy(Exception):
    """Another run is writing the same output (exit status 75, EX_TEMPFAIL: try again when it ends)."""


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """An OSError while writing `path` becomes an OutputError naming it."""
    try:
        yield
    except OSError as exc:
        raise OutputError(path, exc) from exc


@dataclass(frozen=True)
class Limits:
    seconds_per_document: float = 300.0
    max_pages: int = 2000
    memory_mb: int = 2048  # address space per worker process; 0 for no limit
    ocr: bool = True  # pages without a text layer read by OCR, within the time per document (--no-ocr: not)


@dataclass(frozen=True)
class DataFolders:
    """The rules and gazetteer folders the pipeline is built from (None: the bundled ones)."""

    rules: str | None = None
    gazetteer: str | None = None


@dataclass(frozen=True)
class Task:
    doc_id: str
    path: str  # to open the file
    shown: str  # the path as records show it: valid Unicode even when the file name is not valid UTF-8
    in_folder: bool = False  # found in a folder given, not named: read only if its extension is supported


@dataclass
class Outcome:
    line: str
    doc_id: str
    pages: int = 0
    labels: Counter = field(default_factory=Counter)
    error_kind: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    shown: str = ""  # the input's path, for the summary's list of failed files


def collect_inputs(inputs: list[Path], leave_out: tuple[Path, ...] = ()) -> list[Path]:
    """Files named, and every file under folders named (recursively; hidden ones and `leave_out`,
    the run's own output and journal, apart), each once, sorted. A file found in a folder whose type
    is not supported gets an error record (assign_doc_ids marks which were found).

    Symlinked folders are followed, but a folder already seen (by real path) is not
    entered again, so a symlink loop cannot hang the walk.
    """
    found: dict[str, Path] = {}
    seen_dirs: set[str] = set()
    own = {os.path.realpath(path) for path in leave_out}
    for given in inputs:
        if given.is_dir():
            for path in _walk(given, seen_dirs):
                if os.path.realpath(path) not in own:
                    found.setdefault(os.path.realpath(path), path)
        elif given.exists() or given.is_symlink():
            found.setdefault(os.path.realpath(given), given)
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
        elif not entry.name.startswith("."):
            yield entry  # of any type, a dangling link or a FIFO too: it gets an error record, not silence


def shown(name: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (a Big5 name from a zip) are shown as \\xNN."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def assign_doc_ids(paths: list[Path], inputs: list[Path]) -> list[Task]:
    """The file stem, unless two inputs share it; then the path keeps them apart. A path that is not
    one of the inputs named was found in a folder."""
    stems = Counter(path.stem for path in paths)
    named = {os.path.realpath(given) for given in inputs}
    return [Task(shown(path.stem if stems[path.stem] == 1 else path.as_posix()), str(path), shown(str(path)),
                 in_folder=os.path.realpath(path) not in named)
            for path in paths]


def read_input(path: Path) -> bytes:
    """The file's bytes, or IngestError("unreadable"). A FIFO or device is never opened: reading one can block forever."""
    if not path.is_file():
        raise IngestError("unreadable", f"cannot read the file: {_why_not_a_file(path)}")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:  # deleted between the look and the read
        raise IngestError("unreadable", f"cannot read the file: {_MISSING}") from exc
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read the file: {exc.strerror or exc}") from exc


_MISSING = "it is missing (deleted or moved since the run began)"


def _why_not_a_file(path: Path) -> str:
    if path.is_symlink():
        return "a symbolic link to a missing file"
    if not path.exists():
        return _MISSING
    return "not a regular file (a FIFO, socket or device)"


class _Timeout(BaseException):
    """A BaseException, so that no library's `except Exception` can swallow the alarm."""


_alarms: list[int] = []  # the alarms of the document in hand (a library may swallow the exception it raises)


def _on_alarm(signum, frame):
    _alarms.append(signum)
    raise _Timeout()


_pipeline: Pipeline | None = None
_limits = Limits()


def build_pipeline(limits: Limits, data: DataFolders = DataFolders()) -> None:
    """In the parent, before any worker starts: a bad data file stops the run here (exit status 2), and
    forked workers inherit the built pipeline instead of each loading the data again."""
    global _pipeline
    # pdfium holds an inflated stream and more beside it: half the memory limit is the most one may take
    pdf_options = PdfOptions(max_pages=limits.max_pages, ocr=limits.ocr, max_stream_bytes=limits.memory_mb * 2**20 // 2)
    _pipeline = Pipeline(pdf_options, rules=data.rules, gazetteer=data.gazetteer)
    _pipeline.warm_up()
    # The dictionaries and gazetteer stay in place for the whole run: out of the collector's sight, its
    # passes in a forked worker do not write to (and so copy) every page of them.
    gc.freeze()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """A worker outlives a parent killed by SIGKILL otherwise, blocked for good on its task queue
    (it holds that pipe's write end itself, so it never sees end-of-file). Linux only; elsewhere
    the orphan waits, as it did before."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def init_worker(limits: Limits, parent: int, data: DataFolders) -> None:
    """In each worker process: end with the parent, cap its memory; Ctrl-C is the parent's to handle."""
    global _limits
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler would turn its ending it into an exception
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)  # held by the parent while it forked this worker
    if limits.memory_mb:
        # Python code then meets a MemoryError (recorded as too_large); C code that aborts kills only this worker.
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (_capped(limits.memory_mb * 2**20, hard), hard))
    _limits = limits
    if _pipeline is None:  # a start method other than fork: nothing was inherited
        build_pipeline(limits, data)


def _capped(soft: int, hard: int) -> int:
    return soft if hard == resource.RLIM_INFINITY else min(soft, hard)


def _cap_cpu_seconds(seconds: float) -> None:
    """Backstop for the alarm, which fires only when control returns to Python: a parser stuck in C
    code past twice the time limit gets SIGXCPU from the kernel, which ends this worker."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + 2 * seconds + 1)
    resource.setrlimit(resource.RLIMIT_CPU, (_capped(soft, hard), hard))


def _failure(task: Task, data: bytes, kind: str, message: str) -> Outcome:
    record = error_record(task.doc_id, source_of(Path(task.shown), data), ErrorInfo(kind, message))
    return Outcome(to_json_line(record), task.doc_id, error_kind=kind, shown=task.shown)


def process_task(task: Task) -> Outcome:
    """One document to one JSON line, in a worker process; every failure becomes an error record."""
    assert _pipeline is not None, "build_pipeline() or init_worker() first"
    data = b""
    _pipeline.seconds.clear()
    _cap_cpu_seconds(_limits.seconds_per_document)
    _alarms.clear()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, _limits.seconds_per_document)
    try:
        data = read_input(Path(task.path))
        if task.in_folder and Path(task.path).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise unsupported(Path(task.shown), data)  # named on the command line, it would be read as text
        doc = _pipeline.run(task.doc_id, Path(task.shown), data)
        if _alarms:  # the alarm went off inside a library that caught it (an OCR engine's broad except)
            raise _Timeout()
        return Outcome(to_json_line(doc.to_dict()), doc.doc_id, pages=doc.source.pages,
                       labels=Counter(span.label for span in doc.spans), stage_seconds=dict(_pipeline.seconds))
    except _Timeout:
        return _timed_out(task, data)
    except IngestError as exc:
        return _timed_out(task, data) if _alarms else _failure(task, data, exc.kind, exc.message)
    except MemoryError:
        limit = f"the {_limits.memory_mb} MB limit per worker" if _limits.memory_mb else "the machine has"
        return _failure(task, data, "too_large", f"needs more memory than {limit}")
    except Exception as exc:  # a bug must cost one document, not the batch
        return _timed_out(task, data) if _alarms else _failure(task, data, "internal", f"{type(exc).__name__}: {exc}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed_out(task: Task, data: bytes) -> Outcome:
    """The alarm went off, whatever a library caught it as (an OCR engine's broad except, its own error)."""
    return _failure(task, data, "timeout", f"took longer than the {_limits.seconds_per_document:g} s limit per document")


def _worker_processes(pool: ProcessPoolExecutor) -> list:
    # No public API lists them before Python 3.14 (terminate_workers); with fork, all start on the first submit.
    return list((pool._processes or {}).values())


@dataclass(frozen=True)
class _WorkerDied:
    """What a broken pool tells: how its processes ended (negative: killed by that signal)."""

    exit_codes: tuple[int, ...]


def _death(task: Task, died: _WorkerDied, limits: Limits) -> Outcome:
    """The error record of a document whose worker died, saying how, as far as the exit status tells."""
    signals = sorted({-code for code in died.exit_codes if code < 0})
    if signal.SIGXCPU in signals:
        return _failure(task, _read_or_empty(task), "timeout", "stuck in native code past the CPU-time backstop "
                        f"(twice the {limits.seconds_per_document:g} s limit); the worker was ended")
    how = ", ".join(signal.Signals(number).name for number in signals) or \
        "exit status " + (", ".join(str(code) for code in died.exit_codes if code) or "unknown")
    memory = f" or went over the {limits.memory_mb} MB memory limit" if limits.memory_mb else ""
    return _failure(task, _read_or_empty(task), "internal",
                    f"the worker process died ({how}) reading this document: a PDF library crashed{memory}")


def _exit_code(process) -> int:
    """How a worker ended. The pool's own thread ends and reaps the workers at the same moment, and
    whichever thread reaps one first is the one that learns its status: wait for the other's result."""
    deadline = time.monotonic() + 5
    while process.exitcode is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return process.exitcode or 0


_STOPPING = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _stopping_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while workers are forked: a worker forked with the parent's handlers
    would, until init_worker replaces them, raise in itself (a traceback) or break the pool. A signal
    that came meanwhile is raised here, on the way out."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _pool_run(tasks: list[Task], workers: int, limits: Limits, data: DataFolders) -> Iterator[Outcome | _WorkerDied]:
    """Outcomes in task order; if a worker dies, a _WorkerDied instead, and the run stops there."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=init_worker, initargs=(limits, os.getpid(), data))
    try:
        with _stopping_held():
            futures = deque(pool.submit(process_task, task) for task in tasks)  # the workers fork on the first
        processes = _worker_processes(pool)
        while futures:
            future = futures.popleft()  # a future holds its outcome: let go of each once it is taken
            try:
                outcome = future.result()
            except BrokenProcessPool:
                yield _WorkerDied(tuple(_exit_code(process) for process in processes))
                break
            yield outcome
    except BaseException:
        # Ctrl-C, SIGTERM (or a bug): end the workers now, not after their documents. The pool is not
        # waited for: its thread may be blocked on a worker just ended, and the command exits at once.
        for process in _worker_processes(pool):
            process.kill()
        raise
    pool.shutdown(wait=True)


def _run_in_pool(tasks: list[Task], workers: int, limits: Limits, data: DataFolders) -> Iterator[Outcome]:
    """Outcomes in task order. A worker that dies takes only its own document with it."""
    remaining = list(tasks)
    while remaining:
        done = 0
        for result in _pool_run(remaining, workers, limits, data):
            if isinstance(result, Outcome):
                done += 1
                yield result
                continue
            suspect = remaining[done]
            # With several workers the pool breaks for every document in flight: run the first alone to know.
            if workers > 1:
                [result] = _pool_run([suspect], 1, limits, data)
            yield result if isinstance(result, Outcome) else _death(suspect, result, limits)
            done += 1
            break
        remaining = remaining[done:]


def _read_or_empty(task: Task) -> bytes:
    try:
        return read_input(Path(task.path))
    except IngestError:
        return b""


def run_tasks(tasks: list[Task], workers: int, limits: Limits, data: DataFolders = DataFolders()) -> Iterator[Outcome]:
    """Even one worker is a separate process, so that a crash in a C library cannot end the batch."""
    build_pipeline(limits, data)
    return _run_in_pool(tasks, workers, limits, data)


def _finished_digest(line: str) -> str | None:
    """The source sha256 of a successful record; None for anything else (an error record, a file that is not our output)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    ours = (isinstance(record, dict) and "error" not in record
            and isinstance(record.get("spans"), list) and isinstance(record.get("source"), dict)
            and isinstance(record["source"].get("pages"), int) and isinstance(record["source"].get("sha256"), str))
    return record["source"]["sha256"] if ours else None


def load_finished(out: Path) -> dict[str, str]:
    """Successful records of an earlier run (its output and its journal), by source sha256."""
    finished: dict[str, str] = {}
    for path in (out, journal_path(out)):
        if not path.is_file():
            continue
        # Only "\n" ends a record (str.splitlines would also split at a U+2028 inside one), and what
        # follows the last "\n" is a line an interruption cut short.
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n")[:-1]:
            if (digest := _finished_digest(line)) is not None:
                finished[digest] = line + "\n"
    return finished


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".journal")


class OrderedOutput:
    """The records, in the input order whatever order they finish in, written to a temporary file as
    soon as their turn comes, and put in place of the output in one rename at the end. Every record goes
    to the journal first; one that finishes before its turn waits there, not in memory, so the memory a
    run takes does not grow with the number of documents."""

    def __init__(self, out: Path, journal_file: BinaryIO, order: list[str]):
        self.out = out
        self.journal_file = journal_file
        self.order = order
        self.turn = 0
        self.waiting: dict[str, tuple[int, int]] = {}  # doc_id: (offset, length) in the journal
        self.temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        with writing(out):
            self.handle = open(self.temporary, "wb")
        self.journal_reader = open(journal_path(out), "rb")

    def add(self, doc_id: str, line: str) -> None:
        data = line.encode("utf-8")
        with writing(journal_path(self.out)):
            offset = self.journal_file.seek(0, os.SEEK_END)
            self.journal_file.write(data)
            self.journal_file.flush()
        self.waiting[doc_id] = (offset, len(data))
        with writing(self.out):
            while self.turn < len(self.order) and self.order[self.turn] in self.waiting:
                offset, length = self.waiting.pop(self.order[self.turn])
                self.journal_reader.seek(offset)
                self.handle.write(self.journal_reader.read(length))
                self.turn += 1

    def finish(self) -> None:
        with writing(self.out):
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.temporary, self.out)
        self.journal_reader.close()

    def discard(self) -> None:
        """Ctrl-C or a full disk leaves no stray temporary file."""
        for handle in (self.handle, self.journal_reader):
            try:
                handle.close()
            except OSError:
                pass  # closed all the same; the error that matters is on its way
        self.temporary.unlink(missing_ok=True)


FAILED_SHOWN = 5  # the summary names this many failed files, then counts the rest


@dataclass
class BatchSummary:
    documents: int = 0
    pages: int = 0
    reused: int = 0
    labels: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    stage_seconds: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    startup_seconds: float = 0.0  # loading rules, gazetteer and dictionaries, once, before the workers fork

    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (position, path, kind): the first failures

    def add(self, outcome: Outcome, position: int) -> None:
        """An outcome, at its position in the output (outcomes come in another order)."""
        self.documents += 1
        self.pages += outcome.pages
        self.labels.update(outcome.labels)
        self.stage_seconds.update(outcome.stage_seconds)
        if outcome.error_kind:
            self.errors[outcome.error_kind] += 1
            self.failed = sorted(self.failed + [(position, outcome.shown, outcome.error_kind)])[:FAILED_SHOWN]


def _reused_outcome(task: Task, line: str) -> Outcome:
    record = json.loads(line)
    record["doc_id"], record["source"]["path"] = task.doc_id, task.shown
    return Outcome(to_json_line(record), task.doc_id, pages=record["source"]["pages"],
                   labels=Counter(span["label"] for span in record["spans"]))


def _sha256(path: str) -> str | None:
    try:
        return hashlib.sha256(read_input(Path(path))).hexdigest()
    except IngestError:
        return None


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _open_journal(out: Path) -> BinaryIO:
    """The journal, open for appending; an output that cannot be written is a usage error before any work."""
    try:
        if out.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        out.parent.mkdir(parents=True, exist_ok=True)
        return open(journal_path(out), "ab")
    except OSError as exc:
        raise UsageError(f"cannot write the output {out}: {exc.strerror or exc}") from exc


def _same_file(handle: BinaryIO, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


def _locked_journal(out: Path) -> BinaryIO:
    """The journal, open for appending and locked: one run at a time per output. The kernel drops the
    lock of a run that dies, however it dies, so none is left stuck."""
    while True:
        journal_file = _open_journal(out)
        try:
            fcntl.flock(journal_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            journal_file.close()
            raise Busy(f"another govreport run is writing {out} (it holds {journal_path(out)}); "
                       "wait for it to end, or write elsewhere") from None
        if _same_file(journal_file, journal_path(out)):
            return journal_file
        journal_file.close()  # the run before removed the journal as we opened it: lock the new one


def _end_cut_line(journal_file: BinaryIO, journal: Path) -> None:
    """End a line an interruption cut short, so that the next record stands alone."""
    if journal_file.tell() and not _ends_with_newline(journal):
        with writing(journal):
            journal_file.write(b"\n")
            journal_file.flush()


def sweep_temporaries(out: Path) -> None:
    """Remove the temporary outputs of runs killed while writing (SIGKILL leaves them). Under the lock
    no other run on this output is writing one."""
    stale = re.compile(rf"\.{re.escape(out.name)}\.\d+\.tmp")
    for entry in out.parent.iterdir():
        if stale.fullmatch(entry.name):
            entry.unlink(missing_ok=True)


def _size(task: Task) -> int:
    """The work a document will take, roughly: the largest go first, so that no worker is left with a
    long document while the others have finished (the output keeps the input order all the same)."""
    try:
        return os.path.getsize(task.path)
    except OSError:
        return 0  # unreadable: it fails fast, in its turn


def run_batch(inputs: list[Path], out: Path, workers: int = 1, limits: Limits = Limits(),
              resume: bool = False, progress: bool | None = None, data: DataFolders = DataFolders()) -> BatchSummary:
    """The records of the inputs to `out`, replaced in one rename. An OutputError leaves the previous
    output, and no journal this run created; an interruption leaves the journal for --resume."""
    journal = journal_path(out)
    tasks = assign_doc_ids(collect_inputs(inputs, leave_out=(out, journal)), inputs)
    created = not journal.exists()
    journal_file = _locked_journal(out)
    try:
        _end_cut_line(journal_file, journal)
        with writing(out.parent):
            sweep_temporaries(out)
        summary = _run_locked(tasks, out, journal_file, workers, limits, resume, progress, data)
    except OutputError:
        if created:
            journal.unlink(missing_ok=True)
        raise
    else:
        journal.unlink(missing_ok=True)  # while locked: a run that starts now finds none to append to
    finally:
        _close_quietly(journal_file)
    return summary


def _close_quietly(journal_file: BinaryIO) -> None:
    """Close the journal, and with it its lock. What a failed write left in the buffer is dropped:
    the error that matters has been raised already, and a cut line is ended by the next run."""
    try:
        journal_file.close()
    except OSError:
        pass  # the file is closed all the same


def _run_locked(tasks: list[Task], out: Path, journal_file: BinaryIO, workers: int, limits: Limits, resume: bool,
                progress: bool | None, data: DataFolders) -> BatchSummary:
    started = time.perf_counter()
    finished = load_finished(out) if resume else {}
    reused = {task.doc_id: finished[digest] for task in tasks
              if (digest := _sha256(task.path)) is not None and digest in finished}
    todo = [task for task in tasks if task.doc_id not in reused]
    summary = BatchSummary(reused=len(reused))
    show = sys.stderr.isatty() if progress is None else progress
    from tqdm import tqdm

    output = OrderedOutput(out, journal_file, [task.doc_id for task in tasks])
    position = {task.doc_id: index for index, task in enumerate(tasks)}
    try:
        with tqdm(total=len(tasks), disable=not show, unit="doc", file=sys.stderr) as bar:
            for task in tasks:
                if task.doc_id in reused:
                    outcome = _reused_outcome(task, reused.pop(task.doc_id))
                    output.add(outcome.doc_id, outcome.line)
                    summary.add(outcome, position[outcome.doc_id])
                    bar.update()
            building = time.perf_counter()
            with closing(run_tasks(sorted(todo, key=_size, reverse=True), workers, limits, data)) as outcomes:
                summary.startup_seconds = time.perf_counter() - building
                for outcome in outcomes:
                    output.add(outcome.doc_id, outcome.line)
                    summary.add(outcome, position[outcome.doc_id])
                    bar.update()
        output.finish()
    except BaseException:
        output.discard()
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def stream_batch(inputs: list[Path], handle: TextIO, workers: int = 1, limits: Limits = Limits(),
                 progress: bool | None = None, data: DataFolders = DataFolders()) -> BatchSummary:
    """The records of the inputs written to `handle` (standard output, `-o -`) in the input order, each
    flushed as its turn comes so that a reader downstream starts at once. No journal and no --resume:
    what a reader has taken cannot be taken back, and a pipe has nothing to rename."""
    tasks = assign_doc_ids(collect_inputs(inputs), inputs)
    position = {task.doc_id: index for index, task in enumerate(tasks)}
    started = time.perf_counter()
    summary = BatchSummary()
    show = sys.stderr.isatty() if progress is None else progress
    from tqdm import tqdm

    with tqdm(total=len(tasks), disable=not show, unit="doc", file=sys.stderr) as bar:
        building = time.perf_counter()
        with closing(run_tasks(tasks, workers, limits, data)) as outcomes:
            summary.startup_seconds = time.perf_counter() - building
            for outcome in outcomes:
                _write_flushed(handle, outcome.line)
                summary.add(outcome, position[outcome.doc_id])
                bar.update()
    summary.seconds = time.perf_counter() - started
    return summary


def _write_flushed(handle: TextIO, line: str) -> None:
    """A closed pipe (`| head`) is the reader's choice and stays a BrokenPipeError; any other failure to write
    is an OutputError."""
    try:
        handle.write(line)
        handle.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(Path(getattr(handle, "name", "standard output")), exc) from exc
