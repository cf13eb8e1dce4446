"""Ctrl-C and SIGTERM stop a run the same way: the clean-up that Ctrl-C's KeyboardInterrupt runs (workers
ended, the previous output untouched, the journal kept for --resume), then exit status 130 or 143.
A second signal ends the process at once. Nothing heavy is imported here: the command takes the signals
over before it imports anything else, so that even a signal during start-up prints no traceback."""
from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C's KeyboardInterrupt would be, so that the same clean-up runs."""


EXIT_STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}


_received: list[int] = []  # the signal that is stopping the run


def _on_signal(signum, frame) -> NoReturn:
    _received.append(signum)
    for number in EXIT_STATUS:
        signal.signal(number, _at_once)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def stopping() -> bool:
    """Whether a signal is stopping the run: then whatever exception reaches the top is its doing, even
    one a library made of the KeyboardInterrupt (an import that catches it turns it into ImportError)."""
    return bool(_received)


def _at_once(signum, frame) -> NoReturn:
    os._exit(EXIT_STATUS[signum])


def handle_signals() -> None:
    for number in EXIT_STATUS:
        signal.signal(number, _on_signal)


def stop(message: str) -> NoReturn:
    """Say why, and end now. Not a normal exit: the process pool's thread, which the interpreter
    joins on its way out, could wait for ever on a worker that was ended (once in about 50 Ctrl-C);
    there is nothing left to write."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print(message, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed or broken pipe: the exit status still tells
    os._exit(EXIT_STATUS[_received[0] if _received else signal.SIGINT])
