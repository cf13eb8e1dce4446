"""`python -m govreport` and the `govreport` command."""
from __future__ import annotations

from .interrupt import handle_signals, stop, stopping

INTERRUPTED = "govreport: interrupted; the previous output is untouched (use --resume to keep finished documents)"


def run(argv: list[str] | None = None) -> int:
    """The command, with Ctrl-C and SIGTERM taken over before the heavy imports (see interrupt.py)."""
    handle_signals()
    try:
        from .cli import main

        return main(argv)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt) or stopping():
            stop(INTERRUPTED)
        raise


if __name__ == "__main__":
    raise SystemExit(run())
