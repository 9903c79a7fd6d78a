import datetime as dt

import factory

from habits.enums import HabitKind, ScheduleType
from habits.models import Habit, HabitCategory, HabitLog


class HabitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Habit

    name = factory.Sequence(lambda n: f"Habit {n}")
    category = factory.LazyFunction(lambda: HabitCategory.objects.get(slug="health"))
    kind = HabitKind.BOOLEAN
    target_count = 1
    schedule_type = ScheduleType.DAILY
    started_on = factory.LazyFunction(lambda: dt.date(2026, 1, 1))


class HabitLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HabitLog

    habit = factory.SubFactory(HabitFactory)
    user = factory.SelfAttribute("habit.user")
    local_date = dt.date(2026, 1, 1)
    count = 1
    target_count = 1
    completed_at = factory.LazyFunction(lambda: dt.datetime(2026, 1, 1, 3, tzinfo=dt.UTC))
