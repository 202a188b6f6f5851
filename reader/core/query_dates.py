"""What the value of a `since:` or `until:` search term means: the moment it bounds publication times by.

A value is a day, a month or a year (`2020-01-05`, `2020-01`, `2020`), a span back from now (`12h`,
`7d`, `2w`), `today` or `yesterday`. Days are days in the reader's time zone, the one its dates are
shown in, so that `since:2020-01-05` keeps exactly the rows whose date reads 2020-01-05 or later.
`until:` includes the whole day it names; a span is a moment, so `until:7d` means "older than a week".
"""

from __future__ import annotations

import datetime as dt
import re

from reader.core.dates import local_zone

EXPECTS = "a date like 2020-01-05, 7d, 2w, 12h, today or yesterday"
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Minutes and months are left out on purpose: `m` would mean either, and neither is asked for.
_SPAN = re.compile(r"(\d{1,7})([hdw])", re.IGNORECASE)
_SPAN_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
_DAYS_BACK = {"today": 0, "yesterday": 1}
# What a value still being typed can look like on its way to one of the forms above.
_UNFINISHED = re.compile(r"\d{1,7}|\d{4}-|\d{4}-\d{1,2}-")


def date_bound(name: str, value: str, zone: dt.tzinfo | None = None, now: dt.datetime | None = None) -> float:
    """The epoch second `since:` (published >= it) or `until:` (published < it) stands for.

    `zone` is the reader's time zone (the local one when None), `now` the moment spans and `today`
    count from (the clock when None). ValueError when `value` is none of the forms above.
    """
    text = value.strip().lower()
    try:
        span = _SPAN.fullmatch(text)
        if span:
            moment = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(
                **{_SPAN_UNITS[span.group(2)]: int(span.group(1))}
            )
            return moment.timestamp()
        zone = zone or local_zone()
        if text in _DAYS_BACK:
            today = (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
            first = today - dt.timedelta(days=_DAYS_BACK[text])
            after = first + dt.timedelta(days=1)
        else:
            first, after = _period(text)
        bound = first if name == "since" else after
        return dt.datetime(bound.year, bound.month, bound.day, tzinfo=zone).timestamp()
    except OverflowError:
        raise ValueError(value) from None


def could_become_a_date(value: str) -> bool:
    """True when typing on could make `value` a date: `yest`, `12` (before the `h`), `2020-01-`."""
    text = value.strip().lower()
    return bool(_UNFINISHED.fullmatch(text)) or any(word.startswith(text) for word in _DAYS_BACK)


def _period(text: str) -> tuple[dt.date, dt.date]:
    """The first day of a written year, month or day, and the day after it ends."""
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(text)
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if day is not None:
        first = dt.date(year, int(month), int(day))
        return first, first + dt.timedelta(days=1)
    if month is not None:
        first = dt.date(year, int(month), 1)
        return first, dt.date(year + int(month) // 12, int(month) % 12 + 1, 1)
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
