"""Operator console for accounts. Actions call services; nothing here changes state itself."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.enums import NotificationChannel, UserState
from accounts.models import (
    DataExport,
    LoginLog,
    Notification,
    NotificationDevice,
    SafetyPause,
    UploadedFile,
    User,
    UserStatusLog,
)
from core.admin_actions import admin_form_action, permission_check

# The console signs in through allauth: lockout, login logs and MFA apply to operators too.
admin.site.login = secure_admin_login(admin.site.login)


class StateChangeForm(forms.Form):
    new_state = forms.ChoiceField(label=_("New state"), choices=UserState.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class TestNotificationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Test notification"))
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        initial=_("This is a test from the Haru operator console."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=NotificationChannel.choices,
        initial=["in_app"],
        widget=forms.CheckboxSelectMultiple,
    )


class StatusLogInline(admin.TabularInline):
    model = UserStatusLog
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["created_at", "old_state", "new_state", "source", "changed_by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SafetyPauseInline(admin.TabularInline):
    """Every safety pause as a period; read-only (the slip policy's service writes them)."""

    model = SafetyPause
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["starts_at", "ends_at", "reason", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "email",
        "nickname",
        "state",
        "is_staff",
        "date_joined",
        "last_login",
        "login_count",
    ]
    list_filter = ["state", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "nickname", "name", "phone"]
    readonly_fields = [
        "id",
        "state",
        "safety_paused_until",
        "safety_pause_reason",
        "is_active",
        "deleted_at",
        "anonymised_at",
        "date_joined",
        "last_login",
        "login_count",
        "terms_version",
        "terms_accepted_at",
        "privacy_version",
        "privacy_accepted_at",
        "marketing_version",
        "marketing_accepted_at",
        "updated_at",
    ]
    fieldsets = (
        (None, {"fields": ("id", "email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "nickname",
                    "name",
                    "birth_date",
                    "birth_year",
                    "gender",
                    "phone",
                    "phone_verified_at",
                    "bio",
                    "timezone",
                    "language",
                )
            },
        ),
        (
            _("State"),
            {
                "fields": (
                    "state",
                    "is_active",
                    "deleted_at",
                    "anonymised_at",
                    "safety_paused_until",
                    "safety_pause_reason",
                ),
                "description": _(
                    "Safety pauses are set by the slip policy and lifted by an operator "
                    "override on the slip conditions screen, never edited here."
                ),
            },
        ),
        (
            _("Consents and privacy"),
            {
                "fields": (
                    "terms_version",
                    "terms_accepted_at",
                    "privacy_version",
                    "privacy_accepted_at",
                    "marketing_version",
                    "marketing_accepted_at",
                    "share_profile_with_practitioners",
                    "allow_usage_analytics",
                )
            },
        ),
        (_("Permissions"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Activity"), {"fields": ("date_joined", "last_login", "login_count", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "nickname", "password1", "password2")}),
    )
    inlines = [StatusLogInline, SafetyPauseInline]
    actions = ["change_state", "send_test_notification"]
    # roles (ops_admin.roles): managers change states, admins send test notifications
    has_change_state_permission = permission_check("change_user_state")
    has_send_test_permission = permission_check("send_test_notification")

    @admin.action(
        description=_("Change account state (reason required)"), permissions=["change_state"]
    )
    def change_state(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=StateChangeForm,
            title=_("Change account state"),
            run=lambda user, data: services.user_change_state(
                user=user, new_state=data["new_state"], actor=request.user, reason=data["reason"]
            ),
        )

    @admin.action(description=_("Send a test notification"), permissions=["send_test"])
    def send_test_notification(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=TestNotificationForm,
            title=_("Send a test notification"),
            run=lambda user, data: services.notify(
                user=user,
                type="test",
                title=data["title"],
                body=data["body"],
                channels=data["channels"],
                priority="urgent",
                data={"url": "/accounts/notifications/"},
            ),
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LoginLog)
class LoginLogAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "identifier",
        "user",
        "success",
        "reason",
        "method",
        "client",
        "ip",
        "device",
    ]
    list_filter = ["success", "reason", "method", "client"]
    search_fields = ["identifier", "ip", "user__email"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]


@admin.register(UserStatusLog)
class UserStatusLogAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "user",
        "old_state",
        "new_state",
        "source",
        "changed_by",
        "reason",
    ]
    list_filter = ["new_state", "source"]
    search_fields = ["user__email", "reason"]
    list_select_related = ["user", "changed_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "type", "title", "priority", "status", "read_at"]
    list_filter = ["status", "priority", "type"]
    search_fields = ["title", "user__email", "type"]
    list_select_related = ["user"]
    readonly_fields = [
        "id",
        "status",
        "delivery",
        "attempts",
        "sent_at",
        "delivered_at",
        "read_at",
        "clicked_at",
        "deliver_after",
        "dedupe_key",
        "created_at",
    ]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False  # create through "Send a test notification" on users, or notify()

    @admin.action(description=_("Try delivery again now"), permissions=["change"])
    def resend(self, request, queryset):
        for notification in queryset.filter(status="pending"):
            services.notification_deliver(notification_id=notification.pk)
        self.message_user(request, _("Delivery attempted for pending notifications."))


@admin.register(NotificationDevice)
class NotificationDeviceAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "platform",
        "device_model",
        "app_version",
        "is_active",
        "last_used_at",
        "failure_count",
    ]
    list_filter = ["platform", "is_active"]
    search_fields = ["user__email", "device_model"]
    list_select_related = ["user"]
    readonly_fields = ["token", "created_at", "updated_at", "last_used_at"]


@admin.register(UploadedFile)
class UploadedFileAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "owner",
        "context",
        "original_name",
        "mime_type",
        "size",
        "scan_status",
        "deleted_at",
    ]
    list_filter = ["scan_status", "context", "mime_type"]
    search_fields = ["original_name", "checksum", "owner__email"]
    list_select_related = ["owner"]
    actions = ["rescan"]
    has_rescan_permission = permission_check("rescan_uploadedfile")

    @admin.action(description=_("Scan again"), permissions=["rescan"])
    def rescan(self, request, queryset):
        queued = services.uploads_rescan(upload_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)d files queued for scanning.") % {"count": queued})


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "status", "size", "expires_at", "download_count"]
    list_filter = ["status"]
    list_select_related = ["user"]
    exclude = ["file"]
