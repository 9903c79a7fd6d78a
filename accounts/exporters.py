"""What accounts itself puts in a user's export."""

from __future__ import annotations

from accounts.exports import register_exporter


def account_data(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    from accounts.models import NotificationPreference

    preference = NotificationPreference.objects.filter(user=user).first()
    return {
        "id": str(user.pk),
        "email": user.email,
        "nickname": user.nickname,
        "name": user.name,
        "birth_date": user.birth_date,
        "birth_year": user.birth_year,
        "gender": user.gender,
        "phone": user.phone,
        "phone_verified": user.phone_verified,
        "bio": user.bio,
        "timezone": user.timezone,
        "language": user.language,
        "state": user.state,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "login_count": user.login_count,
        "consents": {
            "terms": {"version": user.terms_version, "accepted_at": user.terms_accepted_at},
            "privacy": {"version": user.privacy_version, "accepted_at": user.privacy_accepted_at},
            "marketing": {
                "version": user.marketing_version,
                "accepted_at": user.marketing_accepted_at,
            },
        },
        "privacy_settings": {
            "share_profile_with_practitioners": user.share_profile_with_practitioners,
            "allow_usage_analytics": user.allow_usage_analytics,
        },
        "notification_preferences": None
        if preference is None
        else {
            "email_enabled": preference.email_enabled,
            "push_enabled": preference.push_enabled,
            "quiet_hours_enabled": preference.quiet_hours_enabled,
            "quiet_start": preference.quiet_start,
            "quiet_end": preference.quiet_end,
            "muted_types": preference.muted_types,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "social_accounts": list(
            SocialAccount.objects.filter(user=user).values("provider", "date_joined", "last_login")
        ),
        "two_factor_methods": list(
            Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
        ),
    }


def notifications_data(user) -> list[dict]:
    from accounts.models import Notification

    return list(
        Notification.objects.filter(user=user)
        .order_by("created_at")
        .values(
            "id",
            "type",
            "title",
            "body",
            "data",
            "channels",
            "priority",
            "created_at",
            "sent_at",
            "read_at",
            "clicked_at",
        )
    )


def login_history_data(user) -> list[dict]:
    from accounts.models import LoginLog

    return list(
        LoginLog.objects.filter(user=user)
        .order_by("created_at")
        .values("created_at", "method", "provider", "client", "success", "reason", "ip", "device")
    )


def devices_data(user) -> list[dict]:
    from accounts.models import NotificationDevice

    return list(
        NotificationDevice.objects.filter(user=user).values(
            "platform",
            "app_version",
            "device_model",
            "os_version",
            "is_active",
            "created_at",
            "last_used_at",
        )
    )


def uploads_data(user) -> list[dict]:
    from accounts.models import UploadedFile

    return list(
        UploadedFile.objects.filter(owner=user, deleted_at__isnull=True).values(
            "id", "context", "original_name", "size", "mime_type", "checksum", "created_at"
        )
    )


def status_history_data(user) -> list[dict]:
    from accounts.models import UserStatusLog

    return list(
        UserStatusLog.objects.filter(user=user)
        .order_by("created_at")
        .values("created_at", "old_state", "new_state", "source", "reason")
    )


def register_accounts_exporters() -> None:
    register_exporter("account", account_data)
    register_exporter("notifications", notifications_data)
    register_exporter("login_history", login_history_data)
    register_exporter("devices", devices_data)
    register_exporter("uploads", uploads_data)
    register_exporter("account_status_history", status_history_data)
