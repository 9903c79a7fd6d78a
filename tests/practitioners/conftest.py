from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from practitioners.models import AvailabilityRule

from .factories import PractitionerFactory, ServiceFactory

SEOUL = ZoneInfo("Asia/Seoul")


def open_every_day(practitioner, start=time(0), end=time(23, 59)):
    for weekday in range(7):
        AvailabilityRule.objects.create(
            practitioner=practitioner, weekday=weekday, start_time=start, end_time=end
        )


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    """A slot-aligned time tomorrow in Seoul (the factories' practitioners live there)."""
    day = timezone.now().astimezone(SEOUL).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL).astimezone(ZoneInfo("UTC"))


@pytest.fixture
def open_service(db):
    practitioner = PractitionerFactory()
    open_every_day(practitioner)
    return ServiceFactory(practitioner=practitioner, duration_minutes=50, price=50000)


@pytest.fixture
def group_service(db):
    practitioner = PractitionerFactory()
    open_every_day(practitioner)
    return ServiceFactory(
        practitioner=practitioner,
        duration_minutes=60,
        price=20000,
        seats=5,
        name_ko="그룹 명상",
        name_en="Group meditation",
    )
