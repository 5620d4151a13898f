"""Front-matter dates: formats Hugo accepts, time zones, impossible calendar dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from polyblog.config import load_config
from polyblog.content import load_content
from polyblog.content.dates import DateValueError, parse_date
from polyblog.errors import ContentError
from sitekit import write_files

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize("value", [None, ""])
def test_empty(value: object) -> None:
    assert parse_date(value, PARIS) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=PARIS)),
        ("2024-03-05T14:30:00", datetime(2024, 3, 5, 14, 30, tzinfo=PARIS)),
        ("2024-03-05 14:30:00", datetime(2024, 3, 5, 14, 30, tzinfo=PARIS)),
        ("2024-03-05T14:30", datetime(2024, 3, 5, 14, 30, tzinfo=PARIS)),
        (
            "2024-03-05T14:30:00+01:00",
            datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "2024-03-05T14:30:00+0200",
            datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2024-03-05T14:30:00Z", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        (
            "2024-03-05T14:30:00.123-05:00",
            datetime(2024, 3, 5, 14, 30, 0, 123000, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("  2024-03-05  ", datetime(2024, 3, 5, tzinfo=PARIS)),
        (date(2022, 10, 25), datetime(2022, 10, 25, tzinfo=PARIS)),
        (datetime(2022, 10, 25, 8, 0), datetime(2022, 10, 25, 8, 0, tzinfo=PARIS)),  # noqa: DTZ001
        (datetime(2022, 10, 25, 8, 0, tzinfo=UTC), datetime(2022, 10, 25, 8, 0, tzinfo=UTC)),
    ],
)
def test_accepted_forms(value: object, expected: datetime) -> None:
    parsed = parse_date(value, PARIS)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed.utcoffset() == expected.utcoffset()


def test_zone_applies_daylight_saving() -> None:
    winter = parse_date("2024-01-15T12:00:00", PARIS)
    summer = parse_date("2024-07-15T12:00:00", PARIS)
    assert winter is not None and summer is not None
    assert winter.utcoffset() == timedelta(hours=1)
    assert summer.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-30",
        "2023-02-29",
        "2024-13-01",
        "2024-04-31",
        "2023-02-30T10:00:00",
        "2023-02-30T10:00:00+01:00",
        "2023-02-30 10:00",
    ],
)
def test_impossible_calendar_dates(value: str) -> None:
    with pytest.raises(DateValueError) as info:
        parse_date(value, PARIS)
    assert "not a real calendar date" in str(info.value)
    assert value.strip() in str(info.value)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "05/03/2024",
        "2024",
        "March 5, 2024",
        "2024-03-05T25:00:00",
        20240305,
        3.5,
        True,
        ["2024-03-05"],
        {"y": 2024},
    ],
)
def test_unreadable_values(value: object) -> None:
    with pytest.raises(DateValueError):
        parse_date(value, PARIS)


def test_date_value_error_is_a_value_error() -> None:
    assert issubclass(DateValueError, ValueError)


# -- through content loading: the error names file, key and line ------------------------------


def _load(root: Path, files: dict[str, str | bytes]):
    write_files(root, {"blog.yaml": "base_url: https://example.org/\n", **files})
    return load_content(load_config(root))


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Bad\ndate: 2023-02-30\n---\nBody\n",  # a YAML timestamp PyYAML cannot build
        "---\ntitle: Bad\ndate: '2023-02-30'\n---\nBody\n",
        "---\ntitle: Bad\ndate: 2023-02-30T10:00:00+01:00\n---\nBody\n",
        '+++\ntitle = "Bad"\ndate = 2023-02-30\n+++\nBody\n',
        '{\n  "title": "Bad",\n  "date": "2023-02-30"\n}\nBody\n',
    ],
    ids=["yaml-timestamp", "yaml-string", "yaml-datetime", "toml", "json"],
)
def test_bad_date_in_front_matter_names_file_and_line(tmp_path: Path, text: str) -> None:
    result = _load(tmp_path, {"content/posts/bad.md": text})
    assert len(result.errors) == 1
    exc = result.errors[0]
    assert isinstance(exc, ContentError)
    assert exc.pos is not None
    assert exc.pos.path == "content/posts/bad.md"
    assert exc.pos.line == 3, str(exc)
    # the value itself, or (TOML's own parser) at least that it is the date that is wrong
    assert "2023-02-30" in exc.message or "date" in exc.message.lower()


@pytest.mark.parametrize("key", ["lastmod", "expiryDate", "publishDate"])
def test_other_date_keys_are_checked(tmp_path: Path, key: str) -> None:
    text = f"---\ntitle: X\n{key}: 'not a date'\n---\n"
    result = _load(tmp_path, {"content/x.md": text})
    assert len(result.errors) == 1
    exc = result.errors[0]
    assert exc.pos is not None and exc.pos.line == 3
    assert key.lower() in exc.message.lower()


def test_dates_without_zone_use_site_timezone(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "blog.yaml": "base_url: https://example.org/\ntimezone: Asia/Tokyo\n",
            "content/x.md": "---\ntitle: X\ndate: 2024-03-05T09:00:00\n---\n",
        },
    )
    (page,) = load_content(load_config(tmp_path)).pages
    assert page.date == datetime(2024, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert page.lastmod == page.date  # lastmod defaults to date
