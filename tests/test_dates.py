"""Tests of the one date formatting of the reader: zones, list widths, the detail line and odd values."""

from __future__ import annotations

import datetime as dt
import sys
from zoneinfo import ZoneInfo

import pytest

from reader.core import dates
from reader.core.dates import (
    ZoneError,
    day_date,
    detail_date,
    list_date,
    list_date_width,
    resolve_zone,
    utc_iso,
    utc_list_date,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
# 2020-01-27 15:20 UTC: 16:20 in Berlin (CET, winter).
MOMENT = dt.datetime(2020, 1, 27, 15, 20, tzinfo=UTC).timestamp()
NOW = dt.datetime(2020, 1, 27, 20, 0, tzinfo=UTC)


def test_full_list_date_is_in_the_zone() -> None:
    assert list_date(MOMENT, UTC) == "2020-01-27 15:20"
    assert list_date(MOMENT, BERLIN) == "2020-01-27 16:20"
    assert list_date(MOMENT, ZoneInfo("America/New_York")) == "2020-01-27 10:20"


def test_a_datetime_and_a_timestamp_give_the_same_text() -> None:
    moment = dt.datetime(2020, 1, 27, 15, 20, tzinfo=UTC)
    assert list_date(moment, BERLIN) == list_date(MOMENT, BERLIN)
    # A time without a zone is UTC, as the records' own rule says.
    assert list_date(moment.replace(tzinfo=None), BERLIN) == "2020-01-27 16:20"


@pytest.mark.parametrize(
    ("width", "columns"), [(200, 16), (16, 16), (15, 10), (10, 10), (9, 7), (7, 7), (3, 7), (0, 7)]
)
def test_list_date_width_tiers(width: int, columns: int) -> None:
    assert list_date_width(width) == columns
    assert len(list_date(MOMENT, BERLIN, width, now=NOW)) == columns
    assert len(list_date(None, BERLIN, width, now=NOW)) == columns


def test_short_list_dates_are_relative_to_now_in_the_zone() -> None:
    assert list_date(MOMENT, BERLIN, 10, now=NOW) == "16:20     "
    assert list_date(MOMENT, BERLIN, 10, now=NOW + dt.timedelta(days=1)) == "Jan 27    "
    assert list_date(MOMENT, BERLIN, 7, now=NOW + dt.timedelta(days=1)) == "Jan 27 "
    next_year = NOW.replace(year=2021)
    assert list_date(MOMENT, BERLIN, 10, now=next_year) == "2020-01-27"
    assert list_date(MOMENT, BERLIN, 7, now=next_year) == "2020-01"
    assert list_date(dt.datetime(2020, 3, 5, tzinfo=UTC), UTC, 10, now=NOW) == "Mar  5    "


def test_today_is_the_day_in_the_zone_not_in_utc() -> None:
    # 23:30 UTC on the 27th is already the 28th in Berlin: "now" (the 28th at 00:10 there) is the same day.
    late = dt.datetime(2020, 1, 27, 23, 30, tzinfo=UTC).timestamp()
    now = dt.datetime(2020, 1, 27, 23, 10, tzinfo=UTC)
    assert list_date(late, BERLIN, 10, now=now) == "00:30     "
    assert list_date(late, UTC, 10, now=now) == "23:30     "


def test_detail_date_names_the_zone() -> None:
    assert detail_date(MOMENT, BERLIN) == "2020-01-27 16:20 CET"
    summer = dt.datetime(2020, 7, 1, 12, 0, tzinfo=UTC)
    assert detail_date(summer, BERLIN) == "2020-07-01 14:00 CEST"
    assert detail_date(MOMENT, UTC) == "2020-01-27 15:20 UTC"
    assert detail_date(MOMENT, ZoneInfo("UTC")) == "2020-01-27 15:20 UTC"
    # tzdata gives some zones only a number ("+04"): the full offset is clearer.
    assert detail_date(MOMENT, ZoneInfo("Asia/Dubai")) == "2020-01-27 19:20 +04:00"
    assert detail_date(MOMENT, ZoneInfo("Asia/Kolkata")) == "2020-01-27 20:50 IST"
    assert detail_date(MOMENT, dt.timezone(dt.timedelta(hours=-3, minutes=-30))) == "2020-01-27 11:50 -03:30"
    assert detail_date(None, BERLIN) == "no date"


def test_day_date() -> None:
    assert day_date(MOMENT, BERLIN) == "2020-01-27"
    assert day_date(dt.datetime(2020, 1, 27, 23, 30, tzinfo=UTC), BERLIN) == "2020-01-28"
    assert day_date(None, BERLIN) == "no date"


def test_reader_list_dates_stay_utc() -> None:
    assert utc_list_date(MOMENT) == "2020-01-27 15:20"
    assert utc_list_date(None) == ""
    assert utc_iso(MOMENT) == "2020-01-27T15:20:00Z"
    assert utc_iso(dt.datetime(2020, 1, 27, 16, 20, tzinfo=BERLIN)) == "2020-01-27T15:20:00Z"
    assert utc_iso(None) is None


def test_the_epoch_is_a_date_not_nothing() -> None:
    assert list_date(0, UTC) == "1970-01-01 00:00"
    assert list_date(0.0, BERLIN) == "1970-01-01 01:00"
    assert utc_list_date(0) == "1970-01-01 00:00"
    assert utc_iso(0) == "1970-01-01T00:00:00Z"
    assert detail_date(0, UTC) == "1970-01-01 00:00 UTC"


def test_before_the_epoch() -> None:
    assert list_date(-86_400, UTC) == "1969-12-31 00:00"
    assert day_date(-1, UTC) == "1969-12-31"


YEAR_1 = dt.datetime(1, 1, 1, tzinfo=UTC)
YEAR_9999 = dt.datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_the_ends_of_the_calendar_fall_back_to_utc() -> None:
    # Year 1 in New York would be year 0, year 9999 in Tokyo year 10000: neither exists.
    assert list_date(YEAR_1, NEW_YORK) == "0001-01-01 00:00"
    assert list_date(YEAR_1.timestamp(), NEW_YORK) == "0001-01-01 00:00"
    assert list_date(YEAR_9999, TOKYO) == "9999-12-31 23:59"
    assert detail_date(YEAR_1, NEW_YORK) == "0001-01-01 00:00 UTC"
    assert day_date(YEAR_9999.timestamp(), TOKYO) == "9999-12-31"
    assert list_date(YEAR_9999, TOKYO, 10, now=NOW) == "9999-12-31"
    assert utc_iso(YEAR_1) == "0001-01-01T00:00:00Z"


ODD_VALUES = [
    None,
    0,
    -1,
    -1e12,
    1e12,
    1e300,
    -1e300,
    float("inf"),
    float("-inf"),
    float("nan"),
    sys.maxsize,
    -sys.maxsize,
    10**30,
    True,
    "2020-01-27",
    YEAR_1,
    YEAR_9999,
    dt.datetime.min,
    dt.datetime.max,
    dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=5))),
    dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5))),
]
ZONES = [UTC, BERLIN, NEW_YORK, TOKYO, ZoneInfo("Pacific/Kiritimati"), dt.timezone(dt.timedelta(hours=-12))]


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_no_value_makes_any_function_raise(value, zone: dt.tzinfo) -> None:
    for width in (16, 10, 7):
        for now in (NOW, YEAR_1, YEAR_9999):
            text = list_date(value, zone, width, now=now)
            assert len(text) == list_date_width(width)
            assert text.strip()
    assert detail_date(value, zone)
    assert day_date(value, zone)
    assert isinstance(utc_list_date(value), str)
    assert utc_iso(value) is None or utc_iso(value).endswith("Z")


def test_values_that_are_no_time_show_as_unknown() -> None:
    assert list_date(float("nan"), UTC) == "?".ljust(16)
    assert list_date(1e300, UTC) == "?".ljust(16)
    assert list_date(None, UTC) == "—".ljust(16)
    assert utc_list_date(float("inf")) == "?"
    assert detail_date(float("nan"), UTC) == "?"


# -- zones -----------------------------------------------------------------------------------------


def test_resolve_zone_by_name() -> None:
    assert resolve_zone("Europe/Berlin") == BERLIN
    assert resolve_zone(" Europe/Berlin ") == BERLIN
    assert resolve_zone("UTC") is UTC
    assert resolve_zone("utc") is UTC


NOT_ZONES = ["Mars/Olympus", "", "   ", "../../etc/passwd", "/etc/localtime", "CET\x00", "a" * 300]


@pytest.mark.parametrize("name", NOT_ZONES)
def test_resolve_zone_rejects_what_is_not_a_zone(name: str) -> None:
    with pytest.raises(ZoneError, match=r"unknown time zone .*IANA name"):
        resolve_zone(name)


def test_zone_error_is_a_value_error() -> None:
    assert issubclass(ZoneError, ValueError)


def test_local_zone_honours_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert resolve_zone(None) == TOKYO
    monkeypatch.setenv("TZ", ":Europe/Berlin")
    assert resolve_zone(None) == BERLIN
    monkeypatch.setenv("TZ", "")
    assert resolve_zone(None) is UTC


def test_a_tz_the_zone_database_does_not_know_still_gives_a_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "XYZ-3")
    assert isinstance(resolve_zone(None), dt.tzinfo)


def test_without_tz_the_system_zone_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(dates, "_system_zone", lambda: TOKYO)
    assert resolve_zone(None) == TOKYO
    monkeypatch.undo()
    monkeypatch.delenv("TZ", raising=False)
    assert isinstance(resolve_zone(None), dt.tzinfo)
