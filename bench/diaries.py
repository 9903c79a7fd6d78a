"""The diary part of the benchmark: one writer with N encrypted entries (default 5,000).

Entries are sealed with the writer's own data key and indexed in the keyed blind index
exactly as the service does, then bulk-inserted; loading is skipped when already present.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

EMAIL = "bench-diary@bench.haru.local"
WORDS_KO = [
    "오늘",
    "아침에",
    "명상을",
    "했다",
    "회사에서",
    "회의가",
    "길었다",
    "저녁에는",
    "친구와",
    "산책을",
    "하늘이",
    "맑아서",
    "기분이",
    "좋았다",
    "조금",
    "피곤했지만",
    "감사한",
    "하루였다",
    "운동을",
    "쉬었다",
]
WORDS_EN = ["walk", "river", "coffee", "tired", "happy", "family", "work", "rain", "music", "book"]


def _body(rng: random.Random) -> str:
    words = [rng.choice(WORDS_KO) for _ in range(rng.randint(30, 80))]
    words += [rng.choice(WORDS_EN) for _ in range(rng.randint(0, 5))]
    rng.shuffle(words)
    return " ".join(words)


def load(*, entries: int, log=print) -> dict:
    from diaries import text as textlib
    from diaries.models import Entry, EntryVersion
    from diaries.vault import vault_for

    User = get_user_model()  # noqa: N806
    user, _ = User.objects.get_or_create(
        email=EMAIL,
        defaults={
            "nickname": "bench-diary",
            "password": make_password(None),
            "timezone": "Asia/Seoul",
        },
    )
    have = Entry.objects.filter(user=user).count()
    if have >= entries:
        return {"reused": True, "entries": have}
    started = time.perf_counter()
    rng = random.Random(20261130)  # noqa: S311 - not for security
    vault = vault_for(user)
    today = timezone.localdate()
    rows = []
    for n in range(have, entries):
        body = _body(rng)
        terms = textlib.index_terms(body)
        rows.append(
            Entry(
                user=user,
                written_on=today - dt.timedelta(days=n // 2),
                mood=rng.randint(1, 5),
                body_ct=vault.seal(body, purpose="entry-body"),
                word_count=textlib.word_count(body),
                char_count=textlib.char_count(body),
                search_tokens=sorted({vault.blind(t) for t in terms}),
            )
        )
    log(f"  loading {len(rows):,} encrypted diary entries …")
    with transaction.atomic():
        created = Entry.objects.bulk_create(rows, batch_size=1000)
        EntryVersion.objects.bulk_create(
            [
                EntryVersion(entry=e, version=1, body_ct=e.body_ct, word_count=e.word_count)
                for e in created
            ],
            batch_size=1000,
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE diaries_entry")
    return {"reused": False, "entries": entries, "seconds": round(time.perf_counter() - started, 2)}


def session() -> dict:
    user = get_user_model().objects.get(email=EMAIL)
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "allauth.account.auth_backends.AuthenticationBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return {"session": store.session_key, "habits": []}
