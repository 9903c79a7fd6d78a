"""Bounds every date and datetime an API client can send, in every app.

Year 1 or 9999 parse as valid dates, but shifted by a time zone they overflow Python's
datetime (500s), and old datetimes come back with local-mean-time offsets such as
``+08:27:52`` that no client can parse. Nothing Haru stores lies outside these bounds, so
``CoreConfig.ready()`` adds these validators to DRF's DateField and DateTimeField by default:
every serializer of every app (including the ones not written yet) gets them without asking.
"""

from __future__ import annotations

import datetime

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


def install_default_validators() -> None:
    """Idempotent: DRF fields without explicit ``validators=`` get the bounds above."""
    for field_class, validator in (
        (serializers.DateField, validate_date_in_range),
        (serializers.DateTimeField, validate_datetime_in_range),
    ):
        if validator not in field_class.default_validators:
            field_class.default_validators = [*field_class.default_validators, validator]
