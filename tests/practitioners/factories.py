from __future__ import annotations

import uuid
from datetime import time

import factory

from practitioners.enums import ApplicationStatus, PractitionerType, SessionType
from practitioners.models import (
    AvailabilityRule,
    Practitioner,
    Service,
    Specialization,
    SpecializationCategory,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"

    email = factory.Sequence(lambda n: f"prac-user{n}@example.com")
    nickname = factory.Sequence(lambda n: f"user{n}")


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    user = factory.SubFactory(UserFactory)
    slug = factory.LazyFunction(lambda: f"p-{uuid.uuid4().hex[:10]}")
    display_name = factory.Sequence(lambda n: f"상담사{n}")
    display_name_en = factory.Sequence(lambda n: f"Counsellor {n}")
    type = PractitionerType.COUNSELLOR
    status = ApplicationStatus.APPROVED
    is_verified = True
    languages = factory.LazyFunction(lambda: ["ko"])
    session_types = factory.LazyFunction(lambda: [SessionType.VIDEO])
    timezone = "Asia/Seoul"
    buffer_before_minutes = 0
    buffer_after_minutes = 0
    minimum_notice_minutes = 0
    slot_interval_minutes = 30
    booking_horizon_days = 60
    fee_min = 50000
    fee_max = 50000


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    practitioner = factory.SubFactory(PractitionerFactory)
    name_ko = "개인 상담 50분"
    name_en = "Counselling, 50 minutes"
    duration_minutes = 50
    price = 50000
    currency = "KRW"
    session_types = factory.LazyFunction(lambda: [SessionType.VIDEO])
    seats = 1


class AvailabilityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AvailabilityRule

    practitioner = factory.SubFactory(PractitionerFactory)
    weekday = 0
    start_time = time(9, 0)
    end_time = time(17, 0)


class SpecializationCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecializationCategory
        django_get_or_create = ("slug",)

    slug = "mind"
    name_ko = "마음 건강"
    name_en = "Mind & mental health"


class SpecializationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialization
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"spec-{n}")
    category = factory.SubFactory(SpecializationCategoryFactory)
    name_ko = factory.Sequence(lambda n: f"전문분야{n}")
    name_en = factory.Sequence(lambda n: f"Specialty {n}")
