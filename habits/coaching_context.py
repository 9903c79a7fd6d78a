"""What coaching may know about a user's habits: check-ins and workouts per local day."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count

from habits.enums import LogStatus, SessionStatus
from habits.models import HabitLog, WorkoutSession


def habits_context(user, start: datetime, end: datetime) -> dict:
    """``{"check_ins_by_day": {"YYYY-MM-DD": n}, "workouts_by_day": {...}}`` in ``[start, end)``,
    days being the user's local days (as the rows store them)."""
    from accounts.selectors import user_zone

    zone = user_zone(user=user)
    first_day = start.astimezone(zone).date()
    # end is exclusive: a day is in range when its local midnight is before end
    last_moment = end.astimezone(zone)
    last_day = last_moment.date()
    if last_moment.time() == datetime.min.time():
        last_day = last_day.fromordinal(last_day.toordinal() - 1)
    check_ins = (
        HabitLog.objects.filter(
            user=user,
            status=LogStatus.DONE,
            local_date__gte=first_day,
            local_date__lte=last_day,
        )
        .values("local_date")
        .annotate(n=Count("id"))
    )
    workouts = (
        WorkoutSession.objects.filter(
            user=user,
            status=SessionStatus.COMPLETED,
            local_date__gte=first_day,
            local_date__lte=last_day,
        )
        .values("local_date")
        .annotate(n=Count("id"))
    )
    return {
        "check_ins_by_day": {row["local_date"].isoformat(): row["n"] for row in check_ins},
        "workouts_by_day": {row["local_date"].isoformat(): row["n"] for row in workouts},
    }
