"""Demo data for the console's home and reports: 60 members who joined over the last 30 days,
their product events (app opens, check-ins, diaries, searches), sampled API calls, two error
groups, three cohorts, and the daily rollups computed from all of it. Idempotent: demo rows
are marked and replaced, rollups are upserts."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from ops_admin import support_demo

DEMO_MARK = "demo"
NICKNAMES = ["민지", "서연", "지호", "하준", "수아", "도윤", "예린", "시우", "유나", "주원"]
QUERIES = [("수면 명상", 12), ("아침 루틴", 8), ("스트레칭", 15), ("불면증", 0), ("감사 일기", 5)]
QUERIES += [("번아웃", 0), ("요가 초보", 9), ("마음챙김", 0)]
ENDPOINTS = [
    ("GET", "/api/v1/habits-dashboard/", 45),
    ("POST", "/api/v1/habits/<pk>/check-in/", 80),
    ("GET", "/api/v1/me/notifications/", 30),
    ("POST", "/api/v1/diaries/entries/", 160),
    ("POST", "/api/v1/coaching/chat/", 900),
]


def seed(*, demo_user: Any, operator: Any, stdout: Any) -> None:
    seed_data(now=timezone.now())
    support_demo.seed(demo_user=demo_user, operator=operator, stdout=stdout)


def _members(now: dt.datetime, rng: random.Random) -> list[Any]:
    user_model = get_user_model()
    members = []
    for i in range(60):
        email = f"member{i:02d}@demo.haru.local"
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = user_model.objects.create_user(
                email=email,
                password=None,
                nickname=f"{NICKNAMES[i % len(NICKNAMES)]}{i:02d}",
                language="ko" if i % 6 else "en",
            )
            user.date_joined = now - dt.timedelta(days=29 - i // 2, hours=rng.randint(0, 20))
            user.save(update_fields=["date_joined"])
        members.append(user)
    return members


def seed_data(*, now: dt.datetime) -> None:
    from ops_admin.kpis import rollup_day
    from ops_admin.models import Cohort, ErrorGroup
    from ops_admin.services.analytics import (
        cohorts_refresh_all,
        events_write,
        platform_today,
        user_daily_rollup,
    )
    from ops_admin.services.logs import api_logs_write, error_logs_write

    rng = random.Random(20261130)  # noqa: S311 - reproducible demo numbers, not secrets
    members = _members(now, rng)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM ops_admin_analytics_event WHERE properties->>'source' = %s", [DEMO_MARK]
        )
        cursor.execute("DELETE FROM ops_admin_api_log WHERE request_id LIKE 'demo-%%'")

    events = []
    for user in members:
        engagement = rng.random()
        day = user.date_joined
        while day < now:
            if rng.random() < 0.35 + engagement * 0.55:
                at = day + dt.timedelta(minutes=rng.randint(0, 600))
                if at < now:
                    base = {"source": DEMO_MARK}
                    events.append(_event("app_open", user, at, base))
                    if rng.random() < 0.7:
                        events.append(_event("habit_check", user, at, base))
                    if rng.random() < 0.3:
                        events.append(_event("diary_written", user, at, base))
                    if rng.random() < 0.15:
                        query, results = rng.choice(QUERIES)
                        props = {**base, "query": query, "results": results, "scope": "content"}
                        events.append(_event("search", user, at, props))
            day += dt.timedelta(days=1)
    events_write(events)

    calls = []
    for n in range(1500):
        method, endpoint, typical = rng.choice(ENDPOINTS)
        status = 500 if rng.random() < 0.01 else 400 if rng.random() < 0.03 else 200
        calls.append(
            {
                "method": method,
                "endpoint": endpoint,
                "status": status,
                "latency_ms": int(rng.lognormvariate(0, 0.5) * typical),
                "user_id": str(rng.choice(members).pk),
                "request_id": f"demo-{n}",
                "weight": 1.0 if status >= 400 else 10.0,
                "at": (now - dt.timedelta(minutes=rng.randint(1, 24 * 60))).timestamp(),
            }
        )
    api_logs_write(calls)

    if not ErrorGroup.objects.filter(fingerprint__startswith="demo").exists():
        error_logs_write(
            [
                _error(
                    "demo-toss-timeout",
                    "billing.gateways.toss",
                    "ReadTimeout",
                    "토스페이먼츠 승인 응답이 30초 안에 오지 않았어요",
                    now,
                    minutes,
                )
                for minutes in (5, 48, 130)
            ]
            + [
                _error(
                    "demo-fcm",
                    "accounts.push",
                    "",
                    "FCM 토큰이 만료되어 푸시를 보내지 못했어요",
                    now,
                    300,
                )
            ]
        )

    for slug, name, rules in [
        ("joined-this-month", f"{now:%Y년 %m월} 가입자", {"signup_month": f"{now:%Y-%m}"}),
        ("korean", "한국어 사용자", {"language": "ko"}),
        ("free-plan", "무료 플랜 사용자", {"plan": "free"}),
    ]:
        Cohort.objects.get_or_create(slug=slug, defaults={"name": name, "rules": rules})
    cohorts_refresh_all()

    today = platform_today()
    for offset in range(30, -1, -1):
        day = today - dt.timedelta(days=offset)
        rollup_day(day)
        user_daily_rollup(day=day)


def _event(name: str, user: Any, at: dt.datetime, properties: dict) -> dict:
    return {
        "name": name,
        "user_id": str(user.pk),
        "occurred_at": at.isoformat(),
        "properties": properties,
        "session_id": "",
    }


def _error(fingerprint, logger, exception_type, message, now, minutes_ago) -> dict:
    return {
        "fingerprint": fingerprint,
        "service": "worker" if logger.startswith("billing") else "web",
        "severity": "error",
        "logger": logger,
        "exception_type": exception_type,
        "message": message,
        "stack": "",
        "request_id": "",
        "at": (now - dt.timedelta(minutes=minutes_ago)).timestamp(),
    }
