"""Property tests: the date parser returns an aware datetime or None, or raises DateValueError.

The 100,000-example variant is marked `slow`: `python -m pytest -m slow tests/property`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyblog.content.dates import DateValueError, parse_date

ZONE = ZoneInfo("Europe/Paris")

date_like = st.from_regex(
    r"\A\d{4}-\d{1,2}-\d{1,2}"
    r"([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?"
    r"(Z|[+-]\d{2}:?\d{2}| [+-]\d{4})?\Z"
)
values = st.one_of(
    st.none(),
    st.text(max_size=40),
    date_like,
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers()),
)


def check_parse_date(value: object) -> None:
    try:
        parsed = parse_date(value, ZONE)
    except DateValueError as exc:
        assert str(exc)
        return
    assert parsed is None or (isinstance(parsed, datetime) and parsed.tzinfo is not None)


@settings(max_examples=500, deadline=None)
@given(values)
def test_parse_date_is_total(value: object) -> None:
    check_parse_date(value)


@pytest.mark.slow
def test_parse_date_is_total_slow() -> None:
    settings(max_examples=100_000, deadline=None)(given(values)(check_parse_date))()


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)))  # noqa: DTZ001
def test_iso_strings_round_trip(value: datetime) -> None:
    value = value.replace(microsecond=0)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    parsed = parse_date(text, ZONE)
    assert parsed is not None
    assert parsed.replace(tzinfo=None) == value
