"""The Minguo (ROC) calendar: year 1 is 1912. Conversion is dateparser's MinguoCalendar; this module
closes its one gap, numbers written in Chinese numerals (中華民國一一〇年八月), with cn2an."""
from __future__ import annotations

import re
from functools import lru_cache

from .gregorian import iso, parts_given

_ARABIC = re.compile(r"\d+")
OFFSET = 1911  # ROC year + 1911 = Gregorian year


@lru_cache(maxsize=4096)  # the grammar reads the same few numbers again at each position it tries
def read_number(text: str) -> int | None:
    """An Arabic or Chinese-numeral number (17, 十七, 一一〇, 一百一十) as an int; None if it is neither."""
    digits = "".join(text.split()).replace("○", "〇")  # ○ typed for 〇 (二○二一)
    if _ARABIC.fullmatch(digits):
        return int(digits)
    import cn2an  # at first use: it compiles its patterns on import (0.2 s)

    try:
        value = cn2an.cn2an(digits, "normal")  # "normal" also reads positional digits (一一〇 = 110)
    except (ValueError, KeyError):
        return None
    return int(value) if value == int(value) and value > 0 else None


@lru_cache(maxsize=4096)
def to_iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """The Gregorian ISO value of an ROC date given to year, month or day; None if no such date (110年2月30日)."""
    from dateparser.calendars.minguo import MinguoCalendar  # at first use, with the libraries it needs

    text = f"{year}年" + (f"{month}月" if month is not None else "") + (f"{day}日" if day is not None else "")
    data = MinguoCalendar(text).get_date()
    if data is None or {"year": 1, "month": 2, "day": 3}.get(data.period) != parts_given(year, month, day):
        return None
    got = data.date_obj
    # dateparser reads some impossible strings as something else (110年13月 as the 13th): check it read ours.
    if (got.year - OFFSET, got.month if month else None, got.day if day else None) != (year, month, day):
        return None
    return iso(got, data.period)
