"""Export: records (Document.to_dict) as JSONL lines, and the JSON Schema of the contract
(pipeline/schema/extraction.schema.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


def to_json_line(record: dict[str, Any]) -> str:
    """One line, the same bytes for the same record: no ASCII escaping, no whitespace padding.

    U+2028, U+2029 and NEL stay escaped: readers that split lines on them would cut a record in two."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return _LINE_BREAKING.sub(lambda match: f"\\u{ord(match.group()):04x}", line) + "\n"


# A regular expression, not str.translate: translate looks up every character of a long line.
_LINE_BREAKING = re.compile("[\u2028\u2029\u0085]")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("pipeline").joinpath("schema/extraction.schema.json").read_text("utf-8"))
