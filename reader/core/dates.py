"""How the reader writes a date: the one place that turns a publication time into text.

The app shows times in the reader's time zone (config `timezone`, else `TZ`, else the system's);
`reader list` writes UTC so that scripts get the same output everywhere. Every function here takes
any value a record can give (None, 0, negative, year 1, year 9999, NaN, a number past any calendar)
and never raises: a time that cannot be shown in the zone is shown in UTC, one that cannot be shown
at all as "?".
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
FULL_WIDTH = 16  # 2020-01-27 16:20
SHORT_WIDTH = 10  # 2020-01-27, or Jan 27 / 16:20 for this year / today
TINY_WIDTH = 7  # 2020-01, or Jan 27 / 16:20
NO_DATE = "no date"
# English month names whatever the locale: the list must look the same for every user and test.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ZONEINFO_DIRS = ("/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/")


class ZoneError(ValueError):
    """A time zone name that is not an IANA zone; the message says so in the user's words."""


def resolve_zone(name: str | None = None) -> dt.tzinfo:
    """The zone called `name` (an IANA name like "Europe/Berlin"), or the local zone when None.

    A bad name raises ZoneError. The local zone honours `TZ`, then the system's /etc/localtime, and is
    UTC when neither can be read: finding the local zone never fails.
    """
    if name is not None:
        return _named_zone(name)
    return local_zone()


def display_zone(name: str | None) -> dt.tzinfo:
    """The zone to show dates in: the config's `timezone` when it is a zone, else the local one.

    A bad name was reported when the config was read; here it only falls back.
    """
    try:
        return resolve_zone(name)
    except ZoneError:
        return local_zone()


def local_zone() -> dt.tzinfo:
    """The zone of this process: `TZ` when set, else the system's, else UTC."""
    tz = os.environ.get("TZ")
    if tz is not None:
        tz = tz.removeprefix(":").strip()
        if not tz:
            return UTC  # POSIX: an empty TZ is UTC
        try:
            return _named_zone(tz)
        except ZoneError:
            pass  # a POSIX rule like "CET-1CEST": let the C library, which understands it, answer
        return _offset_now()
    return _system_zone()


def _named_zone(name: str) -> dt.tzinfo:
    text = name.strip() if isinstance(name, str) else ""
    if text.upper() in ("UTC", "Z", "ETC/UTC"):
        return UTC
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: a path-like name ("../x", "/etc/passwd"); OSError: an unreadable zone file.
        pass
    raise ZoneError(f'unknown time zone {name!r}: use an IANA name like "Europe/Berlin" or "UTC"')


def _system_zone() -> dt.tzinfo:
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        for folder in _ZONEINFO_DIRS:
            if target.startswith(folder):
                return ZoneInfo(target[len(folder) :])
        with localtime.open("rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError, ZoneInfoNotFoundError):
        return _offset_now()


def _offset_now() -> dt.tzinfo:
    # Only today's offset: right for most dates, and the best the C library can tell without a name.
    return dt.datetime.now().astimezone().tzinfo or UTC


def _moment(value: float | dt.datetime | None) -> dt.datetime | None:
    """`value` as an aware UTC datetime, or None when it is no time at all."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # the records' own rule: a time without a zone is UTC
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError):
            return None
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        if not math.isfinite(value):
            return None
        # Adding to the epoch works for every year datetime has, unlike fromtimestamp on some systems.
        return EPOCH + dt.timedelta(seconds=value)
    except (OverflowError, ValueError):
        return None


def _in_zone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return moment  # year 1 or 9999 pushed past the calendar by the offset: UTC is still true


def list_date_width(width: int) -> int:
    """How many columns a list date takes when `width` columns are free for it."""
    if width >= FULL_WIDTH:
        return FULL_WIDTH
    return SHORT_WIDTH if width >= SHORT_WIDTH else TINY_WIDTH


def list_date(
    value: float | dt.datetime | None,
    zone: dt.tzinfo,
    width: int = FULL_WIDTH,
    now: dt.datetime | None = None,
) -> str:
    """A list row's date, exactly `list_date_width(width)` columns wide so that the rows line up.

    Wide: `2020-01-27 16:20`. Narrower, as mail readers do: `16:20` today, `Jan 27` this year, and
    `2020-01-27` (or `2020-01` in the narrowest lists) for other years. "Today" is in `zone`.
    """
    columns = list_date_width(width)
    moment = _moment(value)
    if moment is None:
        return ("—" if value is None else "?").ljust(columns)
    local = _in_zone(moment, zone)
    if columns == FULL_WIDTH:
        return _full(local).ljust(columns)
    today = _in_zone(now.astimezone(UTC) if now else dt.datetime.now(UTC), zone).date()
    if local.date() == today:
        text = f"{local:%H:%M}"
    elif local.year == today.year:
        text = f"{_MONTHS[local.month - 1]} {local.day:2d}"
    elif columns == SHORT_WIDTH:
        text = _day(local)
    else:
        text = f"{local.year:04d}-{local.month:02d}"
    return text.ljust(columns)


def detail_date(value: float | dt.datetime | None, zone: dt.tzinfo) -> str:
    """The date of the shown story, naming its zone: `2020-01-27 16:20 CET` or `... +05:30`."""
    moment = _moment(value)
    if moment is None:
        return NO_DATE if value is None else "?"
    local = _in_zone(moment, zone)
    return f"{_full(local)} {zone_name(local)}"


def day_date(value: float | dt.datetime | None, zone: dt.tzinfo) -> str:
    """Just the day, for a related story's line: `2020-01-27`."""
    moment = _moment(value)
    if moment is None:
        return NO_DATE if value is None else "?"
    return _day(_in_zone(moment, zone))


def zone_name(moment: dt.datetime) -> str:
    """What to call the zone of an aware datetime: its abbreviation if it has a real one, else the offset."""
    if moment.tzinfo is UTC:
        return "UTC"
    try:
        abbreviation = moment.tzname() or ""
        offset = moment.utcoffset()
    except (OverflowError, ValueError):
        return "UTC"
    # tzdata writes numbers ("+04", "-03") for zones without a customary name: show the full offset.
    if abbreviation.isalpha():
        return abbreviation
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def utc_list_date(value: float | dt.datetime | None) -> str:
    """`reader list`'s date column: `2020-01-27 16:20` in UTC, empty for a record without a date."""
    moment = _moment(value)
    if moment is None:
        return "" if value is None else "?"
    return _full(moment)


def utc_iso(value: float | dt.datetime | None) -> str | None:
    """`reader list --json`'s date: ISO 8601 in UTC with a `Z`, or None for a record without one."""
    moment = _moment(value)
    if moment is None:
        return None
    return f"{_day(moment)}T{moment:%H:%M:%S}Z"


def _full(moment: dt.datetime) -> str:
    return f"{_day(moment)} {moment:%H:%M}"


def _day(moment: dt.datetime) -> str:
    # strftime("%Y") writes year 1 as "1" on glibc: always four digits here.
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
