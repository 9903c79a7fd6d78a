"""The practitioners part of the benchmark: N approved practitioners (default 1,000) with a
service, round-the-clock weekly hours, specializations and searchable Korean/English text;
loaded once (bulk inserts, search columns built in SQL) and reused.

Scenarios: the directory search (API and page), one practitioner's 60-day slot view, and
booking creation (hold + checkout) on slots that nobody else asks for, so every request is
a real booking, not a 409.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import uuid
from datetime import time as dtime

EMAIL_DOMAIN = "prac.bench.haru.local"
SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
GIVEN = ["서연", "지훈", "수민", "유나", "도윤", "하은", "민준", "지아", "현우", "예린"]
ROMAN_S = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"]
ROMAN_G = [
    "Seoyeon",
    "Jihoon",
    "Sumin",
    "Yuna",
    "Doyun",
    "Haeun",
    "Minjun",
    "Jia",
    "Hyunwoo",
    "Yerin",
]
TYPES = ["counsellor", "coach", "therapist", "nutritionist", "trainer", "psychologist"]
HEADLINES = [
    ("불안과 번아웃 상담", "Anxiety and burnout counselling"),
    ("관계와 가족 고민 상담", "Relationships and family"),
    ("수면과 스트레스 관리", "Sleep and stress"),
    ("커리어 전환 코칭", "Career change coaching"),
    ("체중 관리 식단", "Weight management nutrition"),
    ("근력 운동 트레이닝", "Strength training"),
]
SLOT_PRACTITIONER = "bench-prac-0000"


def load(*, count: int, log=print) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from practitioners.catalogue import catalogue_ensure
    from practitioners.models import (
        AvailabilityRule,
        Practitioner,
        PractitionerSpecialization,
        Service,
        Specialization,
    )

    have = Practitioner.objects.filter(slug__startswith="bench-prac-").count()
    if have >= count:
        return {"reused": True, "practitioners": have}
    started = time.perf_counter()
    catalogue_ensure()
    specs = list(Specialization.objects.all())
    rng = random.Random(20261130)  # noqa: S311 - not for security
    User = get_user_model()  # noqa: N806
    password = make_password(None)
    log(f"  loading {count - have:,} practitioners …")
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    email=f"p{n}@{EMAIL_DOMAIN}",
                    nickname=f"prac{n}",
                    password=password,
                    timezone="Asia/Seoul",
                )
                for n in range(have, count)
            ],
            batch_size=1000,
        )
        practitioners = []
        for n, user in zip(range(have, count), users, strict=True):
            s, g = rng.randrange(10), rng.randrange(10)
            headline = rng.choice(HEADLINES)
            practitioners.append(
                Practitioner(
                    user=user,
                    slug=f"bench-prac-{n:04d}",
                    display_name=SURNAMES[s] + GIVEN[g],
                    display_name_en=f"{ROMAN_G[g]} {ROMAN_S[s]}",
                    type=rng.choice(TYPES),
                    status="approved",
                    is_verified=True,
                    headline_ko=headline[0],
                    headline_en=headline[1],
                    bio_ko=f"{headline[0]}을 {rng.randint(2, 20)}년 동안 해 왔어요.",
                    bio_en=f"I have worked on {headline[1].lower()} for years.",
                    languages=["ko", "en"] if rng.random() < 0.4 else ["ko"],
                    session_types=["video", "phone"],
                    years_experience=rng.randint(1, 25),
                    fee_min=30000,
                    fee_max=90000,
                    rating_average=round(rng.uniform(3.5, 5.0), 2),
                    rating_count=rng.randint(0, 200),
                    review_count=rng.randint(0, 200),
                    minimum_notice_minutes=60,
                    buffer_after_minutes=10,
                    slot_interval_minutes=60,
                    booking_horizon_days=365,
                )
            )
        practitioners = Practitioner.objects.bulk_create(practitioners, batch_size=1000)
        Service.objects.bulk_create(
            [
                Service(
                    practitioner=p,
                    name_ko="개인 상담 50분",
                    name_en="Session, 50 minutes",
                    duration_minutes=50,
                    price=rng.choice([30000, 50000, 70000, 90000]),
                    session_types=["video", "phone"],
                )
                for p in practitioners
            ],
            batch_size=1000,
        )
        AvailabilityRule.objects.bulk_create(
            [
                AvailabilityRule(
                    practitioner=p, weekday=d, start_time=dtime(0), end_time=dtime(23, 59)
                )
                for p in practitioners
                for d in range(7)
            ],
            batch_size=2000,
        )
        PractitionerSpecialization.objects.bulk_create(
            [
                PractitionerSpecialization(practitioner=p, specialization=spec)
                for p in practitioners
                for spec in rng.sample(specs, 3)
            ],
            batch_size=2000,
        )
        # the search columns, as practitioner_refresh_search builds them, in one statement
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE practitioners_practitioner p SET
                  search_text = lower(concat_ws(' ', p.display_name, p.display_name_en,
                      p.headline_ko, p.headline_en, s.names_ko, s.names_en, left(p.bio_ko, 2000))),
                  search_vector =
                      setweight(to_tsvector('english', p.display_name_en), 'A')
                   || setweight(to_tsvector('english', coalesce(s.names_en, '')), 'A')
                   || setweight(to_tsvector('english', p.headline_en), 'B')
                   || setweight(to_tsvector('english', p.bio_en), 'C')
                FROM (
                  SELECT ps.practitioner_id,
                         string_agg(sp.name_ko, ' ') AS names_ko,
                         string_agg(sp.name_en, ' ') AS names_en
                  FROM practitioners_practitionerspecialization ps
                  JOIN practitioners_specialization sp ON sp.id = ps.specialization_id
                  GROUP BY ps.practitioner_id
                ) s
                WHERE s.practitioner_id = p.id AND p.slug LIKE 'bench-prac-%%'
                """
            )
            cursor.execute("ANALYZE practitioners_practitioner")
    return {
        "reused": False,
        "practitioners": count,
        "seconds": round(time.perf_counter() - started, 2),
    }


def request_makers(quote):
    """The scenarios, given the services to book (read after loading)."""
    import json as _json

    from bench.load import Request
    from practitioners.models import Service

    services = list(
        Service.objects.filter(practitioner__slug__startswith="bench-prac-")
        .order_by("practitioner__slug")
        .values_list("pk", "practitioner__slug")
    )
    slot_service, slot_slug = services[0]
    terms = ["불안", "상담", "김서연", "burnout", "career coaching", "수면", "Park"]
    # every run books its own stretch of days far ahead, so reruns on a reused data set do
    # not ask for times an earlier run took
    counter = itertools.count()
    lock = threading.Lock()
    base_hours = random.Random().randrange(48, 24 * 300)  # noqa: S311 - not for security

    def directory_search_api(client, rng):
        q = quote(rng.choice(terms))
        return Request("GET", f"/api/v1/practitioners/?q={q}", session=rng.choice(client.sessions))

    def directory_search_page(client, rng):
        q = quote(rng.choice(terms))
        return Request("GET", f"/practitioners/?q={q}", session=rng.choice(client.sessions))

    def slots_60_days(client, rng):
        return Request(
            "GET",
            f"/api/v1/practitioners/{slot_slug}/slots/?service={slot_service}&days=60",
            session=rng.choice(client.sessions),
        )

    def booking_create_api(client, rng):
        from datetime import UTC, datetime, timedelta

        with lock:
            n = next(counter)
        service_id, _slug = services[n % len(services)]
        day0 = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        starts_at = day0 + timedelta(hours=base_hours + n // len(services))
        body = _json.dumps(
            {
                "service_id": str(service_id),
                "starts_at": starts_at.isoformat(),
                "session_type": "video",
            }
        ).encode()
        return Request(
            "POST",
            "/api/v1/bookings/",
            session=rng.choice(client.sessions),
            body=body,
            headers={"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex},
        )

    return {
        "directory_search_api": directory_search_api,
        "directory_search_page": directory_search_page,
        "slots_60_days_api": slots_60_days,
        "booking_create_api": booking_create_api,
    }


DESCRIPTIONS = {
    "directory_search_api": "GET  /api/v1/practitioners/?q= (1k experts)",
    "directory_search_page": "GET  /practitioners/?q=  (1k experts)",
    "slots_60_days_api": "GET  /api/v1/practitioners/{slug}/slots/ 60d",
    "booking_create_api": "POST /api/v1/bookings/  (hold+checkout)",
}
