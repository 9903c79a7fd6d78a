"""Product analytics: take events from ``core.analytics``, store them in batches, roll them up.

Path of an event: an app calls ``core.analytics.track`` (usually in ``on_commit``) ->
``event_received`` (this module, connected in ``OpsAdminConfig.ready``) drops it if the user
switched usage analytics off (answer cached per user, refreshed when the user row is saved)
and RPUSHes it to a Redis list -> ``events_flush`` (beat, every 15 s) drains the list and
COPYs the batch into the monthly-partitioned ``ops_admin_analytics_event``, checking the
opt-out once more against the database for the whole batch.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from ops_admin import buffer

logger = logging.getLogger(__name__)

OPT_OUT_TTL = 10 * 60
FLUSH_BATCH = 5_000
MAX_NAME = 64
MAX_QUERY = 100


def _opt_out_key(user_id: Any) -> str:
    return f"ops:analytics-off:{user_id}"


def remember_opt_out(user_id: Any, allowed: bool) -> None:
    cache.set(_opt_out_key(user_id), "0" if allowed else "1", OPT_OUT_TTL)


def user_opted_out(user_id: Any) -> bool:
    """Whether the user switched usage analytics off (cache first, then one small query)."""
    cached = cache.get(_opt_out_key(user_id))
    if cached is not None:
        return cached == "1"
    allowed = (
        get_user_model()
        .objects.filter(pk=user_id)
        .values_list("allow_usage_analytics", flat=True)
        .first()
    )
    allowed = True if allowed is None else bool(allowed)
    remember_opt_out(user_id, allowed)
    return not allowed


def event_received(
    sender: Any = None,
    *,
    name: str,
    user_id: Any = None,
    occurred_at: dt.datetime | None = None,
    properties: dict[str, Any] | None = None,
    session_id: str = "",
    **_: Any,
) -> bool:
    """Receiver of ``core.analytics.event_recorded``: buffer the event unless opted out."""
    if user_id is not None and user_opted_out(user_id):
        return False
    properties = dict(properties or {})
    if "query" in properties:  # search text: normalised and short, never a whole paste
        properties["query"] = " ".join(str(properties["query"]).split()).lower()[:MAX_QUERY]
    return buffer.push(
        buffer.ANALYTICS,
        [
            {
                "name": str(name)[:MAX_NAME],
                "user_id": str(user_id) if user_id else None,
                "occurred_at": (occurred_at or timezone.now()).isoformat(),
                "properties": properties,
                "session_id": str(session_id or "")[:64],
            }
        ],
    )


def user_saved(sender: Any, instance: Any, **_: Any) -> None:
    """Keep the cached opt-out in step the moment a user changes the setting."""
    remember_opt_out(instance.pk, bool(instance.allow_usage_analytics))


def _opted_out_among(user_ids: set[str]) -> set[str]:
    if not user_ids:
        return set()
    return {
        str(pk)
        for pk in get_user_model()
        .objects.filter(pk__in=user_ids, allow_usage_analytics=False)
        .values_list("pk", flat=True)
    }


def events_write(records: list[dict[str, Any]]) -> int:
    """COPY a batch of buffered events into the partitioned table; returns rows written."""
    import json

    opted_out = _opted_out_among({r["user_id"] for r in records if r.get("user_id")})
    rows = [r for r in records if not r.get("user_id") or r["user_id"] not in opted_out]
    if not rows:
        return 0
    now = timezone.now()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy(
            "COPY ops_admin_analytics_event "
            "(name, user_id, session_id, properties, occurred_at, received_at) FROM STDIN"
        ) as copy,
    ):
        for r in rows:
            copy.write_row(
                (
                    r["name"],
                    r.get("user_id"),
                    r.get("session_id", ""),
                    json.dumps(r.get("properties") or {}, ensure_ascii=False),
                    r["occurred_at"],
                    now,
                )
            )
    return len(rows)


def events_flush(*, batch: int = FLUSH_BATCH, max_batches: int = 200) -> int:
    """Drain the Redis buffer into the database (beat, every 15 s). Safe to run twice."""
    written = 0
    for _ in range(max_batches):
        records = buffer.drain(buffer.ANALYTICS, batch)
        if not records:
            break
        try:
            written += events_write(records)
        except Exception:
            buffer.requeue(buffer.ANALYTICS, records)
            raise
    return written


# --- rollups -----------------------------------------------------------------------------------

PLATFORM_TZ = "Asia/Seoul"


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a platform day (Asia/Seoul) as aware datetimes."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(PLATFORM_TZ)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, start + dt.timedelta(days=1)


def platform_today() -> dt.date:
    from zoneinfo import ZoneInfo

    return timezone.now().astimezone(ZoneInfo(PLATFORM_TZ)).date()


def user_daily_rollup(*, day: dt.date) -> int:
    """Write one ``UserDailyAnalytics`` row per user active on ``day`` (idempotent upsert)."""
    from core.analytics import APP_OPEN, DIARY_WRITTEN, HABIT_CHECK, SEARCH
    from habits.models import Habit
    from ops_admin.models import AnalyticsEvent, UserDailyAnalytics

    start, end = day_bounds(day)
    counts = (
        AnalyticsEvent.objects.filter(
            occurred_at__gte=start, occurred_at__lt=end, user_id__isnull=False
        )
        .values("user_id")
        .annotate(
            events=Count("id"),
            app_opens=Count("id", filter=Q(name=APP_OPEN)),
            habit_checks=Count("id", filter=Q(name=HABIT_CHECK)),
            diaries_written=Count("id", filter=Q(name=DIARY_WRITTEN)),
            searches=Count("id", filter=Q(name=SEARCH)),
        )
    )
    by_user = {row["user_id"]: row for row in counts}
    existing = set(
        get_user_model()
        .objects.filter(pk__in=[pk for pk in by_user if pk])
        .values_list("pk", flat=True)
    )
    streaks: dict[uuid.UUID, int] = {}
    for user_id, best in Habit.objects.filter(user_id__in=existing).values_list(
        "user_id", "best_streak"
    ):
        streaks[user_id] = max(streaks.get(user_id, 0), best)
    now = timezone.now()
    rows = [
        UserDailyAnalytics(
            user_id=user_id,
            date=day,
            events=row["events"],
            app_opens=row["app_opens"],
            habit_checks=row["habit_checks"],
            diaries_written=row["diaries_written"],
            searches=row["searches"],
            longest_streak=streaks.get(user_id, 0),
            computed_at=now,
        )
        for user_id, row in by_user.items()
        if user_id in existing
    ]
    UserDailyAnalytics.objects.bulk_create(
        rows,
        batch_size=2_000,
        update_conflicts=True,
        unique_fields=["user", "date"],
        update_fields=[
            "events",
            "app_opens",
            "habit_checks",
            "diaries_written",
            "searches",
            "longest_streak",
            "computed_at",
        ],
    )
    return len(rows)


# --- cohorts -----------------------------------------------------------------------------------

COHORT_RULES = ("signup_month", "plan", "language", "min_streak")


def cohort_users(rules: dict[str, Any]):
    """Users matching every rule (unknown rules are refused by ``cohort_rules_clean``)."""
    from billing.enums import LIVE_SUBSCRIPTION_STATUSES
    from billing.models import Subscription
    from habits.models import Habit

    users = get_user_model().objects.filter(is_staff=False, allow_usage_analytics=True)
    if month := rules.get("signup_month"):
        year, number = (int(part) for part in str(month).split("-"))
        users = users.filter(date_joined__year=year, date_joined__month=number)
    if "plan" in rules:
        live = Subscription.objects.filter(
            user=OuterRef("pk"), status__in=[str(s) for s in LIVE_SUBSCRIPTION_STATUSES]
        )
        if rules["plan"] == "free":
            users = users.exclude(Exists(live))
        else:
            users = users.filter(Exists(live.filter(plan__code=rules["plan"])))
    if language := rules.get("language"):
        users = users.filter(language=language)
    if (streak := rules.get("min_streak")) is not None:
        users = users.filter(
            Exists(Habit.objects.filter(user=OuterRef("pk"), best_streak__gte=int(streak)))
        )
    return users


def cohort_rules_clean(rules: Any) -> dict[str, Any]:
    """The rules if valid; raises ValueError naming the problem."""
    if not isinstance(rules, dict):
        raise ValueError("rules must be an object")
    unknown = set(rules) - set(COHORT_RULES)
    if unknown:
        raise ValueError(f"unknown rules: {', '.join(sorted(unknown))}")
    if "signup_month" in rules:
        year, _sep, month = str(rules["signup_month"]).partition("-")
        dt.date(int(year), int(month), 1)  # raises ValueError unless "YYYY-MM"
    if "min_streak" in rules and int(rules["min_streak"]) < 1:
        raise ValueError("min_streak must be at least 1")
    return rules


def cohort_refresh(*, cohort_id: int) -> int:
    """Replace a cohort's members with the users its rules match now (one INSERT … SELECT)."""
    from ops_admin.models import Cohort, CohortMembership

    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
        CohortMembership.objects.filter(cohort=cohort).delete()
        members = cohort_users(cohort.rules).values_list("pk", flat=True)
        now = timezone.now()
        sql, params = members.query.sql_with_params()
        with connection.cursor() as cursor:
            insert = (
                "INSERT INTO ops_admin_cohortmembership (cohort_id, user_id, added_at) "  # noqa: S608
                f"SELECT %s, matched.user_pk, %s FROM ({sql}) AS matched (user_pk)"
            )
            cursor.execute(insert, [cohort.pk, now, *params])  # the ORM's SQL and parameters
            count = cursor.rowcount
        cohort.member_count = count
        cohort.refreshed_at = now
        cohort.save(update_fields=["member_count", "refreshed_at"])
    return count


def cohorts_refresh_all() -> int:
    from ops_admin.models import Cohort

    return sum(cohort_refresh(cohort_id=pk) for pk in Cohort.objects.values_list("pk", flat=True))


# --- funnel ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    users: int
    of_previous: float | None  # share of the previous step, 0..1
    of_first: float | None


def funnel(*, since: dt.datetime, until: dt.datetime) -> list[FunnelStep]:
    """Sign-up -> first habit -> 7-day streak -> subscription, for users who signed up in
    [since, until) and allow usage analytics. One query."""
    from django.utils.translation import gettext as _

    from billing.models import Subscription
    from habits.models import Habit

    users = get_user_model().objects.filter(
        is_staff=False, allow_usage_analytics=True, date_joined__gte=since, date_joined__lt=until
    )
    habit = Habit.objects.filter(user=OuterRef("pk"))
    streak = habit.filter(best_streak__gte=7)
    paid = Subscription.objects.filter(user=OuterRef("pk"), plan__price__gt=0)
    counts = users.annotate(h=Exists(habit), s=Exists(streak), p=Exists(paid)).aggregate(
        signed_up=Count("pk"),
        first_habit=Count("pk", filter=Q(h=True)),
        streak=Count("pk", filter=Q(h=True, s=True)),
        subscribed=Count("pk", filter=Q(h=True, s=True, p=True)),
    )
    labels = [
        ("signed_up", _("Signed up")),
        ("first_habit", _("Created a first habit")),
        ("streak", _("Reached a 7-day streak")),
        ("subscribed", _("Subscribed")),
    ]
    steps: list[FunnelStep] = []
    first = counts["signed_up"]
    previous: int | None = None
    for key, label in labels:
        value = counts[key]
        steps.append(
            FunnelStep(
                key=key,
                label=label,
                users=value,
                of_previous=(value / previous if previous else None)
                if previous is not None
                else None,
                of_first=value / first if first else None,
            )
        )
        previous = value
    return steps


# --- search ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRow:
    query: str
    scope: str
    searches: int
    zero_results: int
    avg_results: float


def search_report(
    *, since: dt.datetime, until: dt.datetime, zero_only: bool = False, limit: int = 100
) -> list[SearchRow]:
    """Most frequent search queries (normalised) with how often they found nothing."""
    sql = """
        SELECT lower(properties->>'query') AS q, coalesce(properties->>'scope', '') AS scope,
               count(*) AS searches,
               count(*) FILTER (WHERE coalesce((properties->>'results')::int, 0) = 0) AS zero,
               avg(coalesce((properties->>'results')::int, 0)) AS avg_results
        FROM ops_admin_analytics_event
        WHERE name = 'search' AND occurred_at >= %s AND occurred_at < %s
          AND coalesce(properties->>'query', '') <> ''
        GROUP BY 1, 2
        HAVING NOT %s
            OR count(*) FILTER (WHERE coalesce((properties->>'results')::int, 0) = 0) > 0
        ORDER BY zero DESC, searches DESC, q
        LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, until, zero_only, limit])
        return [
            SearchRow(query=q, scope=scope, searches=n, zero_results=z, avg_results=float(a or 0))
            for q, scope, n, z, a in cursor.fetchall()
        ]


def anonymise_user(user) -> None:
    """De-identify the user's events and logs; drop their rollups and cohort memberships."""
    from ops_admin.models import CohortMembership, UserDailyAnalytics

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ops_admin_analytics_event SET user_id = NULL WHERE user_id = %s", [user.pk]
        )
        cursor.execute("UPDATE ops_admin_api_log SET user_id = NULL WHERE user_id = %s", [user.pk])
    UserDailyAnalytics.objects.filter(user=user).delete()
    CohortMembership.objects.filter(user=user).delete()
