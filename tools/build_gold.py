"""Builds corpus/gold/gold.jsonl and events.jsonl from the labelling passes and the adjudication.

Run from the repository root: python tools/build_gold.py
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"
PASSES = GOLD / "passes"


def _key(span: dict) -> tuple[int, int, str]:
    return span["start"], span["end"], span["label"]


def _load(stem: str, labelling_pass: str) -> dict:
    return json.loads((PASSES / f"{stem}.{labelling_pass}.jsonl").read_text(encoding="utf-8"))


def adjudicate(stem: str, decisions: dict) -> dict:
    record = _load(stem, decisions.get("base", "A"))
    spans = {_key(s): s for s in record["spans"]}
    for start, end, label in decisions.get("drop", []):
        del spans[(start, end, label)]
    if decisions.get("take_from_B") or decisions.get("norms_from_B"):
        other = {_key(s): s for s in _load(stem, "B")["spans"]}
        for key in map(tuple, decisions.get("take_from_B", [])):
            spans[key] = other[key]
        for key in map(tuple, decisions.get("norms_from_B", [])):
            spans[key] = {**spans[key], "norm": other[key]["norm"]}
    for start, end, label, norm in decisions.get("set_norm", []):
        spans[(start, end, label)] = {**spans[(start, end, label)], "norm": norm}
    for start, end, label, norm in decisions.get("add", []):
        spans[(start, end, label)] = {"start": start, "end": end, "label": label, "norm": norm}
    record["spans"] = sorted(spans.values(), key=_key)
    record["meta"] = {"source": f"corpus/text/{stem}.txt",
                      "passes": sorted(p.name.split(".")[1] for p in PASSES.glob(f"{stem}.?.jsonl")),
                      "adjudicated": any(key != "base" for key in decisions)}
    return record


def check_spans(record: dict) -> None:
    """Inside the text, not starting or ending on whitespace, and not overlapping (but ORG/OFFICIAL sharing one character)."""
    text, spans = record["text"], record["spans"]
    for span in spans:
        surface = text[span["start"]:span["end"]]
        assert 0 <= span["start"] < span["end"] <= len(text) and surface == surface.strip(), (record["doc_id"], span)
    for before, after in zip(spans, spans[1:]):
        shared = before["end"] - after["start"]
        allowed = shared == 1 and {before["label"], after["label"]} == {"ORG", "OFFICIAL"}
        assert shared <= 0 or allowed, (record["doc_id"], before, after)


def main() -> None:
    adjudication = yaml.safe_load((GOLD / "adjudication.yaml").read_text(encoding="utf-8"))
    stems = sorted({p.name.split(".")[0] for p in PASSES.glob("*.A.jsonl")})
    records = [adjudicate(stem, adjudication.get(stem) or {}) for stem in stems]
    for record in records:
        check_spans(record)
    (GOLD / "gold.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    events = [line for stem in stems for line in (PASSES / f"{stem}.A.events.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    (GOLD / "events.jsonl").write_text("\n".join(events) + "\n", encoding="utf-8")
    print(f"{len(records)} documents, {sum(len(r['spans']) for r in records)} spans, {len(events)} events")


if __name__ == "__main__":
    main()
