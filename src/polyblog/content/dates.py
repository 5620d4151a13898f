"""Front-matter dates: YAML/TOML date objects or strings, validated, made timezone-aware."""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACE_T = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d)")
# Hugo also accepts offsets without a colon (+0200) and a space before the zone.
_LOOSE_ZONE = re.compile(r"\s*([+-]\d{2})(\d{2})$")


class DateValueError(ValueError):
    """A date that is not a real calendar date or not in a format we read."""


def parse_date(value: object, zone: tzinfo) -> datetime | None:
    """Turn a front-matter value into an aware datetime; dates without zone are in `zone`."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=zone)
    if not isinstance(value, str):
        raise DateValueError(f"expected a date such as 2024-03-05, got {value!r}")
    text = value.strip()
    if _DATE_ONLY.match(text):
        try:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=zone)
        except ValueError:
            raise DateValueError(f"{text!r} is not a real calendar date") from None
    text = _SPACE_T.sub(r"\1T\2", text)
    text = _LOOSE_ZONE.sub(r"\1:\2", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            try:
                date.fromisoformat(text[:10])
            except ValueError:
                raise DateValueError(f"{value!r} is not a real calendar date") from None
        raise DateValueError(
            f"cannot read date {value!r} (use 2024-03-05 or 2024-03-05T14:30:00+01:00)"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
