"""Coercing loosely typed YAML values to what a record field holds: text, whole numbers, flags, times.

Each function returns None for a value whose meaning is not clear; the record builder reports it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

MAX_SCALAR_NUMBER_CHARS = 64  # longer "numbers" stay text: int() of a huge one is slow or refused
# SQLite stores 64-bit integers: a larger number in the index would stop every record from loading.
MIN_NUMBER, MAX_NUMBER = -(2**63), 2**63 - 1


def yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (dt.datetime, dt.date)):
        return "date"
    return type(value).__name__


def as_text(value: Any) -> str | None:
    """Coerce a scalar whose meaning as text is clear; None when it is not text at all."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return None


def as_int64(value: Any) -> int | None:
    """Coerce a whole number that fits in 64 bits, given as a number or as text; None otherwise."""
    number = as_whole(value)
    return number if number is not None and MIN_NUMBER <= number <= MAX_NUMBER else None


def as_whole(value: Any) -> int | None:
    """Coerce a whole number of any size given as a number or as text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and len(value) <= MAX_SCALAR_NUMBER_CHARS:
        raw = value.strip()
        try:
            return int(raw)
        except ValueError:
            pass
        try:
            number = float(raw)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    return None


FLAGS = {"true": True, "yes": True, "false": False, "no": False}


def parse_time(value: Any) -> dt.datetime | None:
    """Read a publication time as an aware UTC datetime; times without a zone are taken as UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        raw = value.strip()
        if not raw or len(raw) > 64:
            return None
        if raw.endswith(("Z", "z")):
            raw = raw[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(raw)
        except ValueError:
            moment = _parse_other_time(raw)
            if moment is None:
                return None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            moment = dt.datetime.fromtimestamp(float(value), dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        return None
    try:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        else:
            moment = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # year 1 or 9999 pushed past the range by the offset
        return None
    return moment if _formattable(moment) else None


# The index keeps a time as float seconds, and the app shows it in the reader's zone (up to a day
# away from UTC): a time that cannot make that round trip would fail wherever it is shown.
_LATEST = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
_EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def _formattable(moment: dt.datetime) -> bool:
    if 1971 <= moment.year <= 2999:
        return True  # every platform makes the round trip for these: no need to try it
    if not _EARLIEST <= moment < _LATEST:
        return False
    try:
        dt.datetime.fromtimestamp(moment.timestamp(), dt.UTC)
    except (OverflowError, OSError, ValueError):
        return False
    return True


def _parse_other_time(raw: str) -> dt.datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in (
        "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d",
        "%d.%m.%Y",
        "%Y-%m-%d %H:%M",
        "%Y%m%dT%H%M%S%z",
    ):
        try:
            return dt.datetime.strptime(raw, fmt)
        except ValueError:
            continue
    return None
