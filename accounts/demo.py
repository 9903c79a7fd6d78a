"""Demo data for accounts (idempotent): a verified demo user with a profile, preferences,
a few notifications, a device and some sign-in history."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.enums import LoginClient, LoginMethod, LoginOutcome
from accounts.models import LoginLog, NotificationPreference, User
from accounts.services import device_register, notify, user_record_consents, user_update_profile


def _verified(user: User) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def seed(*, demo_user: User, operator: User, stdout) -> None:
    for user in (demo_user, operator):
        _verified(user)
    user_update_profile(
        user=demo_user,
        name="김하루",
        birth_date=datetime.date(1994, 5, 17),
        gender="female",
        bio="아침 산책과 저녁 일기로 하루를 정리해요.",
        timezone="Asia/Seoul",
        language="ko",
    )
    if not demo_user.terms_accepted_at:
        user_record_consents(user=demo_user, terms=True, privacy=True, marketing=True)
    NotificationPreference.objects.get_or_create(user=demo_user)
    device_register(
        user=demo_user,
        token="demo-device-token-do-not-send",  # noqa: S106 - a push token, not a secret
        platform="ios",
        app_version="1.0.0",
        device_model="iPhone 15",
        os_version="iOS 18.2",
    )
    notes = [
        ("welcome", "하루에 오신 것을 환영해요", "작은 습관 하나부터 시작해 보세요.", "/"),
        (
            "weekly_report",
            "이번 주 리포트가 준비됐어요",
            "지난주보다 기분 점수가 조금 올랐어요.",
            "/",
        ),
    ]
    for key, title, body, url in notes:
        notify(
            user=demo_user,
            type=key,
            title=title,
            body=body,
            data={"url": url},
            dedupe_key=f"demo:{key}",
        )
    notify(
        user=None,
        type="announcement",
        title="하루 1.0 업데이트 안내",
        body="알림 설정에서 방해 금지 시간을 정할 수 있어요.",
        dedupe_key="demo:announcement-1.0",
    )
    if not LoginLog.objects.filter(user=demo_user).exists():
        now = timezone.now()
        rows = [
            (
                now - datetime.timedelta(days=2),
                True,
                LoginOutcome.SUCCESS,
                LoginClient.WEB,
                "Mac · Safari",
            ),
            (
                now - datetime.timedelta(days=1, hours=3),
                False,
                LoginOutcome.WRONG_PASSWORD,
                LoginClient.APP,
                "iPhone · App",
            ),
            (
                now - datetime.timedelta(days=1),
                True,
                LoginOutcome.SUCCESS,
                LoginClient.APP,
                "iPhone · App",
            ),
        ]
        LoginLog.objects.bulk_create(
            LoginLog(
                user=demo_user,
                identifier=demo_user.email,
                method=LoginMethod.PASSWORD,
                client=client,
                success=success,
                reason=reason,
                ip="203.0.113.7",
                device=device,
                created_at=at,
            )
            for at, success, reason, client, device in rows
        )
    stdout.write("  accounts: verified emails, profile, preferences, notifications, device")
