"""The Gregorian calendar: numeric dates checked by datetime, English dates read by dateparser.

dateparser fills the parts a string lacks (a missing day becomes today's); its ``period`` says
which parts the string gave, so every value is cut to that granularity here. Numeric dates do not
go through it: its first parse in a process builds its time-zone and locale patterns (about 0.25 s,
in every worker), and datetime alone says whether 2021-02-30 exists.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

# Granularity of a value by the number of parts given: year, year-month, year-month-day.
_PERIOD_PARTS = {"year": 1, "month": 2, "day": 3}


def iso(date: datetime, period: str) -> str:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' for a date known to the given period."""
    return date.strftime("%Y-%m-%d")[: {1: 4, 2: 7, 3: 10}[_PERIOD_PARTS[period]]]


@lru_cache(maxsize=1)
def _english_parser():
    from dateparser.date import DateDataParser  # at first use: importing it costs 0.05 s, and many reports write no English date

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


def parts_given(year: int, month: int | None, day: int | None) -> int:
    return 1 if month is None else 2 if day is None else 3


@lru_cache(maxsize=4096)
def to_iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """The ISO value of a Gregorian date given to year, month or day; None if no such date (2021-02-30)."""
    try:
        date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None
    return "-".join([f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None])


@lru_cache(maxsize=1024)
def english_to_iso(text: str) -> str | None:
    """'September 17, 2021' → '2021-09-17', 'Sep 2021' → '2021-09'; None when dateparser cannot read it."""
    data = _english_parser().get_date_data(" ".join(text.split()))
    return iso(data.date_obj, data.period) if data.date_obj is not None and data.period in _PERIOD_PARTS else None
