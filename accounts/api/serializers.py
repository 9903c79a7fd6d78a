from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts import requestinfo, selectors
from accounts.enums import DevicePlatform, Gender, Language
from accounts.forms import valid_timezone
from accounts.models import (
    DataExport,
    LoginLog,
    Notification,
    NotificationDevice,
    NotificationPreference,
    User,
    phone_validator,
)


class ConsentSerializer(serializers.Serializer):
    version = serializers.CharField()
    accepted_at = serializers.DateTimeField(allow_null=True)


class MeSerializer(serializers.ModelSerializer):
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, read_only=True)
    avatar_url = serializers.SerializerMethodField()
    email_verified = serializers.SerializerMethodField()
    phone_verified = serializers.BooleanField(read_only=True)
    mfa_enabled = serializers.SerializerMethodField()
    consents = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "email_verified",
            "nickname",
            "name",
            "birth_date",
            "birth_year",
            "gender",
            "phone",
            "phone_verified",
            "avatar_url",
            "bio",
            "timezone",
            "language",
            "state",
            "share_profile_with_practitioners",
            "allow_usage_analytics",
            "consents",
            "mfa_enabled",
            "date_joined",
            "last_login",
            "login_count",
        ]
        read_only_fields = fields

    def get_avatar_url(self, user: User) -> str | None:
        if not user.avatar_id:
            return None
        return reverse("accounts:file", args=[user.avatar_id])

    def get_email_verified(self, user: User) -> bool:
        return selectors.user_email_verified(user=user)

    def get_mfa_enabled(self, user: User) -> bool:
        return selectors.user_has_mfa(user=user)

    def get_consents(self, user: User) -> dict[str, dict]:
        return {
            "terms": {"version": user.terms_version, "accepted_at": user.terms_accepted_at},
            "privacy": {"version": user.privacy_version, "accepted_at": user.privacy_accepted_at},
            "marketing": {
                "version": user.marketing_version,
                "accepted_at": user.marketing_accepted_at,
            },
        }


class MeUpdateSerializer(serializers.Serializer):
    nickname = serializers.CharField(min_length=2, max_length=20, required=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True
    )
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, validators=[phone_validator]
    )
    bio = serializers.CharField(max_length=500, required=False, allow_blank=True)
    timezone = serializers.CharField(max_length=64, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    share_profile_with_practitioners = serializers.BooleanField(required=False)
    allow_usage_analytics = serializers.BooleanField(required=False)
    marketing_consent = serializers.BooleanField(
        required=False, help_text="true: accept news and offers; false: withdraw."
    )

    def validate_timezone(self, value: str) -> str:
        if not valid_timezone(value):
            raise serializers.ValidationError(_("Choose a time zone from the list."))
        return value


class ResignSerializer(serializers.Serializer):
    password = serializers.CharField(
        required=False, write_only=True, help_text="Required when the account has a password."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AvatarSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG, PNG or WebP, up to 5 MB.")


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    is_broadcast = serializers.BooleanField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="Deep link path inside Haru, or empty.")
    read_at = serializers.SerializerMethodField()
    clicked_at = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "type",
            "title",
            "body",
            "data",
            "url",
            "priority",
            "is_broadcast",
            "is_read",
            "read_at",
            "clicked_at",
            "delivered_at",
            "visible_from",
            "visible_to",
            "created_at",
        ]
        read_only_fields = fields

    def get_read_at(self, obj: Notification) -> str | None:
        value = obj.read_at if obj.user_id else getattr(obj, "receipt_read_at", None)
        return serializers.DateTimeField().to_representation(value) if value else None

    def get_clicked_at(self, obj: Notification) -> str | None:
        value = obj.clicked_at if obj.user_id else getattr(obj, "receipt_clicked_at", None)
        return serializers.DateTimeField().to_representation(value) if value else None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationPreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationPreference
        fields = [
            "email_enabled",
            "push_enabled",
            "quiet_hours_enabled",
            "quiet_start",
            "quiet_end",
            "muted_types",
        ]


class DeviceSerializer(serializers.ModelSerializer):
    token = serializers.CharField(max_length=500, write_only=True)
    platform = serializers.ChoiceField(choices=DevicePlatform.choices)

    class Meta:
        model = NotificationDevice
        fields = [
            "id",
            "token",
            "platform",
            "app_version",
            "device_model",
            "os_version",
            "is_active",
            "last_used_at",
            "created_at",
        ]
        read_only_fields = ["id", "is_active", "last_used_at", "created_at"]
        extra_kwargs = {
            "app_version": {"required": False},
            "device_model": {"required": False},
            "os_version": {"required": False},
        }
        validators: list = []  # the token is upserted, not rejected as a duplicate


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ip = serializers.IPAddressField()
    user_agent = serializers.CharField()
    device = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
    is_current = serializers.SerializerMethodField()

    def get_device(self, obj) -> str:
        return requestinfo.describe_device(obj.user_agent)

    def get_is_current(self, obj) -> bool:
        return obj.session_key == self.context.get("current_session_key")


class EndedSerializer(serializers.Serializer):
    ended = serializers.IntegerField()


class LoginLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoginLog
        fields = [
            "id",
            "created_at",
            "method",
            "provider",
            "client",
            "success",
            "reason",
            "ip",
            "device",
        ]
        read_only_fields = fields


class DataExportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DataExport
        fields = [
            "id",
            "status",
            "size",
            "sections",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj: DataExport) -> str | None:
        if not obj.is_downloadable:
            return None
        return reverse("me-export-download", args=[obj.pk])
