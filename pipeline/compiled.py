"""The built stages, compiled once and cached on disk, keyed on the content of the data files.

Building the stages (loading every rule and gazetteer file, compiling the lexicons and automata,
reading jieba's tables) takes over a second; reading them back from one pickle takes a twentieth of
that. The key is a hash of every file in the rules and gazetteer folders (name and bytes), govreport's
version and the versions of the libraries whose objects the pickle holds, so an edit to any data file
builds afresh. The file starts with a hash of what follows: a damaged or cut-short file is rebuilt,
never unpickled. A folder that cannot be written costs the cache, not the run.

The cache folder is GOVREPORT_CACHE, else $XDG_CACHE_HOME/govreport, else ~/.cache/govreport.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .document import Document
from .resources import gazetteer_dir, load_resources, rules_dir

Stage = Callable[[Document], Document]
CACHE_ENV = "GOVREPORT_CACHE"
_MAGIC = b"govreport-stages-1\n"
# Libraries whose objects are pickled with the stages (automata, tries, spaCy's vocabulary is not).
_LIBRARIES = ("govreport", "pyahocorasick", "ahocorasick-rs", "jieba", "rjieba", "opencc", "PyYAML")


def cache_dir() -> Path:
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "govreport"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def data_key(*folders: Path) -> str:
    """A hash of the files in the folders (relative names and bytes), of govreport's code and of the
versions of the libraries its pickled objects come from."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)}\n".encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):  # the code whose objects are pickled
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _read(path: Path) -> list[Stage] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 32
    payload = memoryview(data)[header:]
    if not data.startswith(_MAGIC) or hashlib.sha256(payload).digest() != data[len(_MAGIC):header]:
        return None  # damaged, cut short or not ours: never unpickled
    gc.disable()  # the collector would walk the objects again and again while they are being made
    try:
        return pickle.loads(payload)
    except Exception:  # a pickle of code that has since changed: build afresh
        return None
    finally:
        gc.enable()


def _write(path: Path, stages: list[Stage]) -> None:
    payload = pickle.dumps(stages, protocol=pickle.HIGHEST_PROTOCOL)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(partial, path)  # a process reading the cache never sees half of it
    except OSError:
        with contextlib.suppress(OSError):  # the folder may be no folder at all
            partial.unlink(missing_ok=True)


def build_stages(resources) -> list[Stage]:
    """normalise → dates → segment → recognise → link, built from one set of loaded resources. English
    entities come after the Chinese ones, so that a Chinese title's Latin name (代表Mario Ste-Marie) stays theirs."""
    from .dates import DateStage
    from .link import LinkStage
    from .normalise import NormaliseStage
    from .recognise import RecogniseStage
    from .recognise.agreements import AgreementRecogniser
    from .recognise.counts import CountRecogniser
    from .recognise.english import EnglishRecogniser
    from .recognise.entities import EntityRecogniser
    from .segment import SegmentStage

    gazetteer = resources.gazetteer
    return [
        NormaliseStage(gazetteer.rules["name_joiners"]),
        DateStage(resources.dates),
        SegmentStage(gazetteer),
        RecogniseStage([EntityRecogniser(gazetteer), EnglishRecogniser(resources.english, gazetteer), CountRecogniser(resources.counts),
                        AgreementRecogniser(resources.agreements, gazetteer)]),
        LinkStage(resources.agreements, gazetteer),
    ]


def compiled_stages(rules: Path | str | None = None, gazetteer: Path | str | None = None) -> list[Stage]:
    """The stages for these data folders (the bundled ones by default): from the cache when it holds
    them for the folders' present content, else built (a bad data file raises DataFileError) and cached."""
    rules, gazetteer = rules_dir(rules), gazetteer_dir(gazetteer)
    path = cache_dir() / f"stages-{data_key(rules, gazetteer)}.pickle"
    stages = _read(path)
    if stages is None:
        stages = build_stages(load_resources(rules, gazetteer))
        _write(path, stages)
    return stages
