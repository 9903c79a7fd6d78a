"""Demo diary for demo@haru.local: three weeks of entries (Korean), read back by the offline
analyzer, with last week's report. Idempotent: does nothing once the demo user has entries."""

from __future__ import annotations

import datetime as dt

from accounts.selectors import user_local_today
from diaries import services
from diaries.models import Analysis, Entry

ENTRIES = [
    (
        "아침 산책",
        "아침에 공원을 산책했다. 바람이 선선해서 머리가 맑아졌다. "
        "오늘은 조금 더 천천히 걸어 보기로 했다.",
        4,
        ["산책"],
    ),
    (
        "",
        "회의가 길어서 지쳤다. 그래도 점심에 동료와 웃으면서 이야기해서 마음이 풀렸다.",
        3,
        ["회사"],
    ),
    ("명상 5분", "자기 전에 명상을 5분 했다. 숨을 세다 보니 걱정이 조금 작아졌다.", 4, ["명상"]),
    ("", "비가 와서 하루 종일 집에 있었다. 책을 읽고 차를 마셨다. 조용해서 좋았다.", 4, ["휴식"]),
    (
        "엄마와 통화",
        "오랜만에 엄마와 오래 통화했다. 목소리를 들으니 마음이 따뜻해졌다.",
        5,
        ["가족"],
    ),
    ("", "잠을 잘 못 자서 피곤했다. 일이 손에 잘 안 잡혀서 조금 속상했다.", 2, []),
    (
        "운동 다시 시작",
        "3주 만에 다시 운동을 했다. 몸은 무거웠지만 끝내고 나니 뿌듯했다.",
        4,
        ["운동"],
    ),
]


def seed(*, demo_user, operator, stdout) -> None:
    if Entry.objects.filter(user=demo_user).exists():
        return
    today = user_local_today(user=demo_user)
    for offset in range(20, -1, -1):
        title, body, mood, tags = ENTRIES[offset % len(ENTRIES)]
        services.entry_create(
            user=demo_user,
            body=body,
            title=title,
            mood=mood,
            tags=tags,
            written_on=today - dt.timedelta(days=offset),
        )
    for pk in Analysis.objects.filter(user=demo_user, status="pending").values_list(
        "pk", flat=True
    ):
        services.analysis_run(analysis_id=pk)
    for period_type in ("daily", "weekly"):
        services.report_generate_closed(user=demo_user, period_type=period_type, today=today)
    services.report_generate_current(user=demo_user, period_type="monthly")
