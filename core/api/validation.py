"""Bounds every date, datetime and number an API client can send, in every app.

Year 1 or 9999 parse as valid dates, but shifted by a time zone they overflow Python's
datetime (500s), and old datetimes come back with local-mean-time offsets such as
``+08:27:52`` that no client can parse. Nothing Haru stores lies outside these bounds, so
``CoreConfig.ready()`` adds these validators to DRF's DateField and DateTimeField by default:
every serializer of every app (including the ones not written yet) gets them without asking.

Numbers likewise: DRF's FloatField takes ``1e309`` (JSON for infinity), ``"NaN"`` and ``"inf"``,
which PostgreSQL stores as they are and every sum, average and chart then carries; and an
IntegerField without bounds passes ``2**63`` on to a bigint column that refuses it. Integers are
bounded to PostgreSQL's bigint, floats must be finite.
"""

from __future__ import annotations

import datetime
import math
import zoneinfo

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2199, 12, 31)
# Events (measurements, tokens, schedules) happen after 1970 and have whole-minute offsets.
DATETIME_MIN = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
DATETIME_MAX = datetime.datetime(2199, 12, 31, tzinfo=datetime.UTC)


def validate_date_in_range(value: datetime.date) -> None:
    if isinstance(value, datetime.date) and not DATE_MIN <= value <= DATE_MAX:
        raise serializers.ValidationError(
            _("Use a date between %(min)s and %(max)s.")
            % {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
            code="date_out_of_range",
        )


def validate_datetime_in_range(value: datetime.datetime) -> None:
    if not isinstance(value, datetime.datetime):
        return
    aware = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    if not DATETIME_MIN <= aware <= DATETIME_MAX:
        raise serializers.ValidationError(
            _("Use a time between %(min)s and %(max)s.")
            % {"min": DATETIME_MIN.date().isoformat(), "max": DATETIME_MAX.date().isoformat()},
            code="datetime_out_of_range",
        )


BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def validate_integer_in_range(value: int) -> None:
    if isinstance(value, int) and not BIGINT_MIN <= value <= BIGINT_MAX:
        raise serializers.ValidationError(_("Use a smaller number."), code="integer_out_of_range")


def validate_finite(value: float) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise serializers.ValidationError(_("A valid number is required."), code="not_finite")


def validate_time_zone(value: str) -> None:
    """An IANA time zone name Python knows. Stored unchecked, a bad name (``Mars/Olympus``,
    ``../../etc/passwd``) makes every later page that computes a local time answer 500."""
    try:
        if not isinstance(value, str) or len(value) > 64:  # a file name: OSError past 255
            raise ValueError(value)
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise serializers.ValidationError(
            _("Choose a time zone from the list."), code="invalid_time_zone"
        ) from None


def install_default_validators() -> None:
    """Idempotent: DRF fields without explicit ``validators=`` get the bounds above."""
    for field_class, validator in (
        (serializers.DateField, validate_date_in_range),
        (serializers.DateTimeField, validate_datetime_in_range),
        (serializers.IntegerField, validate_integer_in_range),
        (serializers.FloatField, validate_finite),
    ):
        if validator not in field_class.default_validators:
            field_class.default_validators = [*field_class.default_validators, validator]
