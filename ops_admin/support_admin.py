"""The support desk in the console: the inquiry queue, threads, replies and canned answers."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_actions import admin_form_action, permission_check
from core.exceptions import HaruError
from ops_admin.models import CannedAnswer, SupportCategory, SupportInquiry, SupportMessage
from ops_admin.models.support import InquiryStatus
from ops_admin.services import support as support_services


def _duration(value) -> str:
    if value is None:
        return "-"
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return _("%(m)d min") % {"m": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(d)d days") % {"d": hours // 24}


class ReplyForm(forms.Form):
    canned = forms.ModelChoiceField(
        label=_("Start from a canned answer"),
        queryset=CannedAnswer.objects.filter(is_active=True),
        required=False,
    )
    body = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=support_services.MAX_MESSAGE_CHARS,
        help_text=_("Leave empty to send the canned answer as it is."),
    )
    status = forms.ChoiceField(
        label=_("Status after this answer"),
        choices=[
            (InquiryStatus.ANSWERED, InquiryStatus.ANSWERED.label),
            (InquiryStatus.WAITING_ON_USER, InquiryStatus.WAITING_ON_USER.label),
            (InquiryStatus.CLOSED, InquiryStatus.CLOSED.label),
        ],
        initial=InquiryStatus.ANSWERED,
    )

    def clean(self):
        data = super().clean()
        if not data.get("body") and not data.get("canned"):
            self.add_error("body", _("Write an answer or choose a canned answer."))
        return data


class PromoteForm(forms.Form):
    question = forms.CharField(label=_("FAQ question"), max_length=200)
    answer = forms.CharField(label=_("FAQ answer"), widget=forms.Textarea(attrs={"rows": 8}))


class SupportMessageInline(admin.StackedInline):
    """The thread, oldest first; written only through replies."""

    model = SupportMessage
    extra = 0
    can_delete = False
    fields = ["created_at", "from_staff", "author", "body", "attachments"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class WaitingFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return (("waiting", _("Waiting for us")), ("mine", _("Assigned to me")))

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=InquiryStatus.OPEN)
        if self.value() == "mine":
            return queryset.filter(assigned_to=request.user).exclude(status=InquiryStatus.CLOSED)
        return queryset


@admin.register(SupportInquiry)
class SupportInquiryAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "requester",
        "category",
        "team",
        "status",
        "waiting_for",
        "first_response",
        "resolution",
        "assigned_to",
        "created_at",
    ]
    list_filter = [WaitingFilter, "status", "team", "category", "language"]
    list_select_related = ["user", "category", "assigned_to"]
    search_fields = ["subject", "guest_email", "user__email", "=id"]
    ordering = ["status", "waiting_since", "-created_at"]
    date_hierarchy = "created_at"
    fields = [
        "subject",
        "user",
        "guest_email",
        "category",
        "team",
        "status",
        "language",
        "assigned_to",
        "created_at",
        "waiting_since",
        "first_response_at",
        "resolved_at",
        "faq_promoted_at",
    ]
    readonly_fields = [f for f in fields if f not in ("team", "assigned_to")]
    inlines = [SupportMessageInline]
    actions = ["reply", "assign_to_me", "close", "promote_to_faq"]

    has_reply_permission = permission_check("reply_supportinquiry")
    has_promote_permission = permission_check("promote_supportinquiry")

    def has_add_permission(self, request) -> bool:
        return False  # inquiries come from members and guests

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("from"))
    def requester(self, obj: SupportInquiry) -> str:
        return obj.user.email if obj.user_id and obj.user.email else (obj.guest_email or "-")

    @admin.display(description=_("waiting for"), ordering="waiting_since")
    def waiting_for(self, obj: SupportInquiry) -> str:
        if obj.waiting_since is None:
            return "-"
        return _duration(timezone.now() - obj.waiting_since)

    @admin.display(description=_("first response"))
    def first_response(self, obj: SupportInquiry) -> str:
        return _duration(obj.first_response_time)

    @admin.display(description=_("resolution"))
    def resolution(self, obj: SupportInquiry) -> str:
        return _duration(obj.resolution_time)

    @admin.action(description=_("Answer (canned answers available)"), permissions=["reply"])
    def reply(self, request, queryset: QuerySet):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReplyForm,
            title=_("Answer the inquiry"),
            run=lambda inquiry, data: support_services.inquiry_reply(
                inquiry=inquiry,
                staff=request.user,
                body=data["body"],
                canned_answer=data["canned"],
                status=data["status"],
            ),
        )

    @admin.action(description=_("Assign to me"), permissions=["reply"])
    def assign_to_me(self, request, queryset: QuerySet):
        for inquiry in queryset:
            support_services.inquiry_assign(inquiry=inquiry, staff=request.user)
        self.message_user(request, _("Assigned to you."), messages.SUCCESS)

    @admin.action(description=_("Close"), permissions=["reply"])
    def close(self, request, queryset: QuerySet):
        done = 0
        for inquiry in queryset:
            try:
                support_services.inquiry_close(inquiry=inquiry, actor=request.user)
            except HaruError as error:
                self.message_user(request, f"{inquiry}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _("Closed %(n)d inquiries.") % {"n": done})

    @admin.action(description=_("Promote to an FAQ draft"), permissions=["promote"])
    def promote_to_faq(self, request, queryset: QuerySet):
        first = queryset.first()
        return admin_form_action(
            self,
            request,
            queryset[:1],
            form_class=PromoteForm,
            title=_("Promote to an FAQ draft"),
            initial={"question": first.subject if first else ""},
            run=lambda inquiry, data: support_services.inquiry_promote_to_faq(
                inquiry=inquiry,
                actor=request.user,
                question=data["question"],
                answer=data["answer"],
            ),
        )


@admin.register(SupportCategory)
class SupportCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "team", "sort_order", "is_active"]
    list_editable = ["team", "sort_order", "is_active"]
    list_filter = ["team", "is_active"]


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "is_active"]
    list_filter = ["is_active", "category"]
    search_fields = ["title", "body_ko", "body_en"]
