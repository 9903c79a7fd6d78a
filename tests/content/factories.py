from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from content.enums import ItemStatus, RewardTrigger
from content.models import ContentItem, Course, Event, EventReward, FaqCategory, Lesson
from content.services.library import translation_save


class ContentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentItem

    slug = factory.Sequence(lambda n: f"item-{n}")
    kind = "article"
    category = "mind"
    tags = factory.LazyFunction(lambda: ["calm"])


def published_item(
    *, ko: tuple[str, str] | None = None, en: tuple[str, str] | None = None, **fields
):
    """A published item with a Korean and/or English (title, markdown body)."""
    fields.setdefault("status", ItemStatus.PUBLISHED)
    fields.setdefault("published_at", timezone.now())
    item = ContentItemFactory(**fields)
    if ko:
        translation_save(item=item, language="ko", title=ko[0], body_markdown=ko[1])
    if en:
        translation_save(item=item, language="en", title=en[0], body_markdown=en[1])
    return item


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title_ko = "마음 챙김 7일"
    title_en = "Seven days of mindfulness"
    is_published = True


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n + 1)
    title_ko = factory.Sequence(lambda n: f"{n + 1}일차")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title_ko = "12월 출석 체크"
    title_en = "December check-in"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class EventRewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventReward

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"reward-{n}")
    trigger = RewardTrigger.DAILY_CHECK_IN
    points = 10


class FaqCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqCategory

    slug = factory.Sequence(lambda n: f"cat-{n}")
    name_ko = "결제"
    name_en = "Payments"
