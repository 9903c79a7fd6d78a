"""The benchmark data set: N users with three habits each and M habit logs, loaded with COPY.

Loading is skipped when the database already holds exactly this data set (recorded in the
``bench_dataset`` table), so the second ``make bench`` starts measuring at once.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

HABITS_PER_USER = 3
HISTORY_DAYS = 60
EMAIL = "bench-{n:06d}@bench.haru.local"
PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throwaway benchmark account


@dataclass(frozen=True)
class Spec:
    users: int
    logs: int
    seed: int = 20261122

    @property
    def key(self) -> str:
        return f"users={self.users};logs={self.logs};seed={self.seed};v=1"


def _meta_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, loaded_at timestamptz)"
        )


def loaded(spec: Spec) -> bool:
    _meta_table()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM bench_dataset WHERE key = %s", [spec.key])
        return cursor.fetchone() is not None


def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def _wipe() -> None:
    """Remove an older bench data set (benchmark users and everything hanging off them)."""
    user_table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute("TRUNCATE habits_habitlog, habits_habitstatuslog CASCADE")
        cursor.execute(
            f"DELETE FROM habits_habit WHERE user_id IN "  # noqa: S608
            f"(SELECT id FROM {user_table} WHERE email LIKE %s)",
            ["bench-%@bench.haru.local"],
        )
    get_user_model().objects.filter(email__endswith="@bench.haru.local").delete()


def load(spec: Spec, *, log=print) -> dict:
    """Load the data set (idempotent by ``spec``); returns timings in seconds."""
    from habits.enums import LogSource, LogStatus, ScheduleType
    from habits.models import Habit, HabitCategory, HabitLog

    _meta_table()
    if loaded(spec):
        return {"reused": True}
    started = time.perf_counter()
    rng = random.Random(spec.seed)  # noqa: S311 - not for security
    _wipe()
    User = get_user_model()  # noqa: N806
    password = make_password(PASSWORD)
    now = timezone.now()
    today = timezone.localdate()
    log(f"  loading {spec.users:,} users …")
    users = [
        User(
            email=EMAIL.format(n=n),
            nickname=f"bench{n}",
            password=password,
            timezone="Asia/Seoul",
            date_joined=now,
        )
        for n in range(spec.users)
    ]
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=2000)
    users_done = time.perf_counter()

    categories = list(HabitCategory.objects.all())
    schedules = [
        {"schedule_type": ScheduleType.DAILY},
        {"schedule_type": ScheduleType.WEEKDAYS, "weekdays": [0, 1, 2, 3, 4]},
        {"schedule_type": ScheduleType.TIMES_PER_WEEK, "times_per_week": 3},
    ]
    habits = []
    for user in users:
        for index in range(HABITS_PER_USER):
            habits.append(
                Habit(
                    user=user,
                    name=f"Habit {index + 1}",
                    category=rng.choice(categories),
                    started_on=today - dt.timedelta(days=HISTORY_DAYS),
                    sort_order=index,
                    reminder_times=[dt.time(rng.randint(6, 21), rng.choice([0, 30]))],
                    **schedules[index % len(schedules)],
                )
            )
    log(f"  loading {len(habits):,} habits …")
    with transaction.atomic():
        Habit.objects.bulk_create(habits, batch_size=5000)
    habits_done = time.perf_counter()

    # Spread exactly spec.logs logs over the habits, each on distinct past days.
    per_habit, extra = divmod(spec.logs, len(habits))
    if per_habit + 1 > HISTORY_DAYS:
        raise ValueError(f"at most {HISTORY_DAYS} logs per habit; use more users")
    columns = [
        "id",
        "habit_id",
        "user_id",
        "local_date",
        "status",
        "count",
        "target_count",
        "mood",
        "energy",
        "location",
        "weather",
        "streak_count",
        "source",
        "completed_at",
        "created_at",
        "updated_at",
    ]
    table = HabitLog._meta.db_table
    log(f"  loading {spec.logs:,} habit logs with COPY …")
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for position, habit in enumerate(habits):
                count = per_habit + (1 if position < extra else 0)
                for offset in sorted(rng.sample(range(1, HISTORY_DAYS + 1), count)):
                    day = today - dt.timedelta(days=offset)
                    at = dt.datetime.combine(day, dt.time(rng.randint(6, 22)), tzinfo=dt.UTC)
                    copy.write_row(
                        (
                            uuid.uuid4(),
                            habit.pk,
                            habit.user_id,
                            day,
                            LogStatus.DONE,
                            1,
                            1,
                            rng.randint(3, 10),
                            rng.randint(3, 10),
                            "",
                            "",
                            0,
                            LogSource.IMPORT,
                            at,
                            at,
                            at,
                        )
                    )
    logs_done = time.perf_counter()
    with connection.cursor() as cursor:
        Habit.objects.filter(user__email__endswith="@bench.haru.local").update(
            total_completions=per_habit
        )
        cursor.execute(f"ANALYZE {table}")
        cursor.execute("ANALYZE habits_habit")
        cursor.execute("INSERT INTO bench_dataset (key, loaded_at) VALUES (%s, now())", [spec.key])
    return {
        "reused": False,
        "users_seconds": round(users_done - started, 2),
        "habits_seconds": round(habits_done - users_done, 2),
        "logs_seconds": round(logs_done - habits_done, 2),
        "total_seconds": round(time.perf_counter() - started, 2),
    }


def warm_stats(sessions: list[dict]) -> int:
    """Fold the statistics (and store the checkpoint) of the measured habits that have none,
    as their first check-in would: the benchmark measures the steady state."""
    from habits.models import Habit
    from habits.services import habit_stats_rebuild

    wanted = [habit for session in sessions for habit in session["habits"]]
    cold = Habit.objects.filter(pk__in=wanted, stats_checkpoint__isnull=True).values_list(
        "pk", flat=True
    )
    return habit_stats_rebuild(habit_ids=list(cold))


def step_done(name: str) -> bool:
    """True once ``mark_step_done(name)`` ran on this database (a one-off preparation)."""
    _meta_table()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM bench_dataset WHERE key = %s", [f"step:{name}"])
        return cursor.fetchone() is not None


def mark_step_done(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_dataset (key, loaded_at) VALUES (%s, now()) ON CONFLICT DO NOTHING",
            [f"step:{name}"],
        )


def warm_achievements(sessions: list[dict]) -> int:
    """Record the achievements the measured users have earned by their loaded history (COPY
    bypasses the check-ins that would have unlocked them one by one), so a measured check-in
    unlocks only what it newly earns, as in the steady state, instead of a backlog of five at
    once. Rows only: no points or notifications (no scenario reads them). Returns how many."""
    from habits.models import Habit, UserAchievement
    from habits.services.achievements import TRIGGERS, _earned, _locked_achievements_read

    wanted = [habit for session in sessions for habit in session["habits"]]
    user_ids = set(Habit.objects.filter(pk__in=wanted).values_list("user_id", flat=True))
    kinds = TRIGGERS["check_in"] | TRIGGERS["habit_created"]
    rows = []
    for user in get_user_model().objects.filter(pk__in=user_ids):
        candidates = [
            achievement
            for achievement in _locked_achievements_read(user)
            if achievement.criteria.get("type") in kinds
        ]
        rows.extend(
            UserAchievement(
                user=user,
                achievement=achievement,
                context={"trigger": "bench-history"},
                points_earned=achievement.points,
            )
            for achievement in _earned(user, candidates, {})
        )
    UserAchievement.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


def sessions_for(count: int, *, seed: int = 7) -> list[dict]:
    """Signed-in sessions for ``count`` benchmark users, with their habit ids."""
    from habits.models import Habit

    User = get_user_model()  # noqa: N806
    rng = random.Random(seed)  # noqa: S311 - not for security
    # The habit users only (the diary writer shares the domain but has no habits).
    users = list(
        User.objects.filter(email__regex=r"^bench-[0-9]+@bench\.haru\.local$").order_by("email")
    )
    chosen = rng.sample(users, min(count, len(users)))
    habits: dict = {}
    for habit_id, user_id in Habit.objects.filter(user__in=chosen).values_list("pk", "user_id"):
        habits.setdefault(user_id, []).append(str(habit_id))
    backend = "allauth.account.auth_backends.AuthenticationBackend"
    result = []
    for user in chosen:
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = backend
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        result.append({"session": store.session_key, "habits": habits.get(user.pk, [])})
    return result
