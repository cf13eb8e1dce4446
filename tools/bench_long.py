"""Speed on long documents: characters/s of the pipeline on 100,000 and 1,000,001 characters, and the
time `govreport evaluate`'s alignment takes on 1,000,001 characters one character off (or with scattered
edits). The texts are the bundled seed texts, joined and repeated to the length.

    python tools/bench_long.py [--runs N]
"""
from __future__ import annotations

import argparse
import gc
import random
import time
from pathlib import Path

from govreport.evaluation.align import Alignment
from govreport.ingest.text import document_from_text
from govreport.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent


def seed_text(length: int) -> str:
    joined = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus" / "text").glob("*.txt")))
    return ((joined + "\n\n") * (length // len(joined) + 1))[:length]


def best_seconds(work, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def with_edits(text: str, count: int) -> str:
    chars, rng = list(text), random.Random(1)
    for _ in range(count):
        chars[rng.randrange(len(chars))] = "＃"
    return "".join(chars)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs of each measure; the best is shown")
    args = parser.parse_args()
    pipeline = Pipeline()
    pipeline.warm_up()
    gc.freeze()  # as a batch does before its workers fork
    for length in (100_000, 1_000_001):
        text = seed_text(length)
        seconds = best_seconds(lambda: pipeline.process(document_from_text(text)), args.runs)
        print(f"pipeline   {length:>9,} characters  {seconds:6.1f} s  {length / seconds:9,.0f} characters/s")
    gold = seed_text(1_000_001)
    for name, pred in (("one character off", gold[:500_000] + "＃" + gold[500_001:]),
                       ("200 scattered edits", with_edits(gold, 200))):
        seconds = best_seconds(lambda: Alignment(pred, gold), args.runs)
        print(f"alignment  {len(gold):>9,} characters  {seconds:6.1f} s  ({name})")


if __name__ == "__main__":
    main()
