"""The `govreport` command and its subcommands."""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .resources import PACKAGE_DIR, DataFileError

# The corpus and gold set live in a checkout of the repository (an editable install runs from one), not
# in the installed package: the commands default to them there, and ask for the files elsewhere.
CHECKOUT = PACKAGE_DIR.parent
DEFAULT_CORPUS = CHECKOUT / "corpus" / "pdf"
DEFAULT_OUT = Path("out") / "extractions.jsonl"
DEFAULT_GOLD = CHECKOUT / "corpus" / "gold" / "gold.jsonl"
DEFAULT_GOLD_EVENTS = CHECKOUT / "corpus" / "gold" / "events.jsonl"
EXIT_OUTPUT_ERROR = 74  # EX_IOERR: the output could not be written during the run
EXIT_BUSY = 75  # EX_TEMPFAIL: another run is writing the same output; try again when it ends


def _default_corpus() -> list[Path]:
    from .batch import UsageError

    if not DEFAULT_CORPUS.is_dir():
        raise UsageError("no input given: name the files or folders to extract "
                         "(the bundled corpus is in a checkout of the repository, corpus/pdf)")
    return [DEFAULT_CORPUS]

# Terminal output never carries a document's control characters (escape sequences).
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    return _TERMINAL_UNSAFE.sub("\ufffd", text)


STDOUT = Path("-")  # `-o -`: the records to standard output, the summary to standard error


class _HelpWithDefaults(argparse.ArgumentDefaultsHelpFormatter):
    """Help that states each option's default, unless it has none (None, False) or its help says it already."""

    def _get_help_string(self, action):
        if action.default in (None, False) or "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def progress_printer() -> Callable[[str], None] | None:
    """A line on standard error per step of a long command, only on a terminal: a pipe or a log gets the result alone."""
    if not sys.stderr.isatty():
        return None
    return lambda message: print(f"govreport: {message}", file=sys.stderr, flush=True)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def _add_extract(commands) -> None:
    extract = commands.add_parser("extract", help="PDF and text reports to JSONL")
    extract.add_argument("inputs", nargs="*", type=Path,
                         help="files and folders (recursive); default: the bundled corpus (corpus/pdf, in a checkout)")
    extract.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT,
                         help=f"output JSONL, - for standard output (default: {DEFAULT_OUT})")
    extract.add_argument("--workers", type=_positive_int, default=1, help="worker processes (default: 1)")
    extract.add_argument("--resume", action="store_true",
                         help="reuse records of inputs whose sha256 is unchanged since the last run into OUT")
    extract.add_argument("--timeout", type=_positive_float, default=300.0, help="seconds allowed per document (default: 300)")
    extract.add_argument("--max-pages", type=_positive_int, default=2000, help="pages allowed per PDF (default: 2000)")
    extract.add_argument("--max-memory-mb", type=int, default=2048,
                         help="address space per worker in MB; 0 for no limit (default: 2048)")
    extract.add_argument("--no-ocr", dest="ocr", action="store_false",
                         help="leave pages without a text layer unread (default: read them by OCR when "
                              "govreport[ocr] is installed)")
    _add_data_folders(extract)
    extract.set_defaults(handler=_extract)


def _add_data_folders(command) -> None:
    command.add_argument("--rules", type=Path, metavar="DIR",
                         help="rules folder to use instead of the bundled one (default: $GOVREPORT_RULES, else the bundled rules)")
    command.add_argument("--gazetteer", type=Path, metavar="DIR",
                         help="gazetteer folder to use instead of the bundled one (default: $GOVREPORT_GAZETTEER, "
                              "else the bundled gazetteer)")


def _extract(args) -> int:
    from .batch import DataFolders, Limits, UsageError, run_batch, stream_batch

    data = DataFolders(args.rules and str(args.rules), args.gazetteer and str(args.gazetteer))
    inputs, limits = args.inputs or _default_corpus(), Limits(args.timeout, args.max_pages, args.max_memory_mb, args.ocr)
    if args.out == STDOUT:
        if args.resume:
            raise UsageError("--resume needs an output file: standard output keeps no journal")
        summary = stream_batch(inputs, sys.stdout, workers=args.workers, limits=limits, data=data)
    else:
        summary = run_batch(inputs, args.out, workers=args.workers, limits=limits, resume=args.resume, data=data)
    failed = sum(summary.errors.values())
    # With the records on standard output, the summary goes where it cannot mix with them.
    print(_summary_text(summary, failed, "standard output" if args.out == STDOUT else str(args.out)),
          file=sys.stderr if args.out == STDOUT else sys.stdout)
    return 1 if failed else 0


def _summary_text(summary, failed: int, output: str) -> str:
    return "\n".join([
        f"documents  {summary.documents} ({summary.documents - failed} extracted, {failed} failed"
        + (f", {summary.reused} reused" if summary.reused else "") + ")",
        f"pages      {summary.pages}",
        "spans      " + (", ".join(f"{label} {n}" for label, n in sorted(summary.labels.items())) or "none"),
        "errors     " + (", ".join(f"{kind} {n}" for kind, n in sorted(summary.errors.items())) or "none"),
        *(["failed     " + ", ".join(f"{path} ({kind})" for _, path, kind in summary.failed)
           + (f", and {failed - len(summary.failed)} more" if failed > len(summary.failed) else "")] if failed else []),
        f"time       {summary.seconds:.1f} s (start-up {summary.startup_seconds:.1f} s, "
        f"documents {summary.seconds - summary.startup_seconds:.1f} s)",
        f"output     {output}"])


def _add_dates(commands) -> None:
    dates = commands.add_parser("dates", help="print the date spans found in TEXT as JSON")
    dates.add_argument("text", help="the text to read, or - to read it from standard input")
    dates.set_defaults(handler=_dates)


def _dates(args) -> int:
    from .dates import find_dates

    text = sys.stdin.read() if args.text == "-" else args.text
    spans = [{"start": s.start, "end": s.end, "text": s.text, "norm": s.norm, "rule": s.rule} for s in find_dates(text)]
    print(json.dumps(spans, ensure_ascii=False, indent=2))
    return 0


def _add_evaluate(commands) -> None:
    evaluate = commands.add_parser("evaluate", help="score predictions against gold; write JSON and the HTML report")
    evaluate.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL (any format `export` writes)")
    evaluate.add_argument("--gold-events", type=Path, default=DEFAULT_GOLD_EVENTS, help="gold agreement events JSONL")
    evaluate.add_argument("--pred", type=Path, default=DEFAULT_OUT, help="govreport extract output")
    evaluate.add_argument("--json", type=Path, help="write every figure as JSON here")
    evaluate.add_argument("--report", type=Path, help="write the HTML precision report here")
    evaluate.add_argument("--accept-uncorrected", action="store_true",
                          help="score against a gold file that is predictions nobody corrected (refused otherwise)")
    evaluate.set_defaults(handler=_evaluate)


def _require_file(path: Path) -> Path:
    from .batch import UsageError

    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    return path


def _evaluate(args) -> int:
    from .evaluation.records import read_docs, read_events
    from .evaluation.report import render_report
    from .evaluation.scorer import format_table, score

    say = progress_printer() or (lambda message: None)
    gold_events = read_events(args.gold_events) if args.gold_events.is_file() else None
    gold = read_docs(_require_file(args.gold), refuse_uncorrected=not args.accept_uncorrected)
    predicted = read_docs(_require_file(args.pred))
    say(f"evaluate: {len(gold)} gold documents, with bootstrap intervals for every label")
    scores = score(gold, predicted, gold_events)
    print(terminal_safe(format_table(scores)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(scores, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(render_report(scores), encoding="utf-8")
        print(f"report     {args.report}")
    return 0


def _add_export(commands) -> None:
    from .evaluation.records import FORMATS

    export = commands.add_parser("export", help="predictions to Prodigy or doccano JSONL, or Label Studio JSON, for correction")
    export.add_argument("pred", type=Path, help="govreport extract output (or any labelled JSONL)")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("-o", "--out", type=Path,
                        help="output file, .jsonl (Label Studio: a JSON list, .json) (default: standard output)")
    export.add_argument("--config", type=Path, help="labelstudio: where to write the labelling config "
                                                    "(default: beside OUT, OUT's name ending .label_config.xml)")
    export.set_defaults(handler=_export)


def _export(args) -> int:
    from .evaluation.records import export_docs, labelstudio_config, read_docs
    from .resources import shared_vocabularies

    text = export_docs(read_docs(_require_file(args.pred)), args.format)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.format == "labelstudio" and args.out and args.out.suffix != ".json":
        print(f"govreport: Label Studio imports a .json file and refuses any other name ({args.out})", file=sys.stderr)
    config = args.config or (args.out and args.out.with_name(f"{args.out.stem}.label_config.xml"))
    if args.format == "labelstudio" and config:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(labelstudio_config(shared_vocabularies().labels), encoding="utf-8")
        print(f"govreport: the labelling config to set up the Label Studio project with: {config}", file=sys.stderr)
    elif args.format == "labelstudio":
        print("govreport: no labelling config written (give -o or --config for one)", file=sys.stderr)
    return 0


def _add_bench(commands) -> None:
    bench = commands.add_parser("bench", help="measure speed and memory, stage by stage, against the PDF libraries")
    bench.add_argument("inputs", nargs="*", type=Path, help="PDFs or folders (default: the bundled corpus, corpus/pdf, in a checkout)")
    bench.add_argument("--repeats", type=_positive_int, default=3, help="runs per measurement (default: 3)")
    bench.add_argument("--batch-documents", type=_positive_int, default=20, help="batch size for the worker scaling (default: 20)")
    bench.add_argument("--memory-documents", type=int, default=200, help="documents in the memory-growth run; 0 skips it (default: 200)")
    bench.add_argument("--json", type=Path, help="write the figures as JSON here")
    bench.set_defaults(handler=_bench)


def _bench(args) -> int:
    from .evaluation.bench import BenchInputError, format_results, run_benchmark

    try:
        results = run_benchmark(args.inputs or _default_corpus(), args.repeats, args.batch_documents,
                                args.memory_documents, progress=progress_printer())
    except BenchInputError as exc:  # a damaged input, as in the other commands: one line, exit 2
        print(f"govreport: {exc}", file=sys.stderr)
        return 2
    print(format_results(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _add_events(commands) -> None:
    events = commands.add_parser("events", help="print the agreement events of an extract output as a table")
    events.add_argument("pred", type=Path, nargs="?", default=DEFAULT_OUT, help=f"extract output (default: {DEFAULT_OUT})")
    events.set_defaults(handler=_events)


def _date_text(date: dict | None) -> str:
    if not date or not date.get("start"):
        return "–"
    return date["start"] if date.get("end") in (None, date["start"]) else f"{date['start']}..{date['end']}"


def event_rows(record: dict) -> list[list[str]]:
    rows = []
    for event in record.get("events", []):
        partner = event["partner"]
        pages = [str(page) for page in sorted({e["page"] for e in event["evidence"] if e.get("page")})]
        rows.append([record["doc_id"], event["type"], event["action"],
                     " / ".join(p for p in (partner.get("city"), partner.get("country")) if p) or "–",
                     _date_text(event["date"]), "、".join(s["name"] for s in event["signatories"]) or "–",
                     ",".join(pages) or "–"])
    return rows


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_rows(header: list[str], rows: list[list[str]]) -> str:
    """A plain table whose columns line up for CJK text (wide characters count twice)."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip()
                     for row in [header, *rows])


def _events(args) -> int:
    from .evaluation.records import RecordError, read_records

    rows = []
    for number, record in read_records(_require_file(args.pred)):
        try:
            rows.extend(event_rows(record))
        except (KeyError, TypeError, AttributeError) as exc:
            raise RecordError(args.pred, number, f"not an extract record with events ({type(exc).__name__}: {exc})") from exc
    header = ["document", "type", "action", "partner", "date", "signatories", "pages"]
    print(terminal_safe(format_rows(header, rows)))
    print(f"{len(rows)} events")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="govreport", formatter_class=_HelpWithDefaults,
                                     description="Taiwanese government reports (PDF, text) to JSONL: spans, dates and "
                                                 "agreement events; scores against gold and a precision report.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND",
                                      parser_class=partial(argparse.ArgumentParser, formatter_class=_HelpWithDefaults))
    _add_extract(commands)
    _add_dates(commands)
    _add_evaluate(commands)
    _add_export(commands)
    _add_bench(commands)
    _add_events(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command; Ctrl-C and SIGTERM are `govreport.__main__.run`'s to handle."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # a bare `govreport`: what it can do
        parser.print_help()
        return 0
    from .evaluation.records import RecordError

    from .batch import Busy, OutputError, UsageError

    try:
        return args.handler(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"govreport: error: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"govreport: {exc}; the previous output is untouched", file=sys.stderr)
        return EXIT_OUTPUT_ERROR
    except Busy as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except RecordError as exc:
        print(f"govreport: bad labelled file: {exc}", file=sys.stderr)
        return 2
    except DataFileError as exc:
        print(f"govreport: bad data file: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `govreport events | head`: the reader has what it wanted
        sys.stderr.close()
        return 0
