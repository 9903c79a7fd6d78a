"""Operator console for the social half: review moderation, conversation metadata (never a
message's text), consents and the access log (read-only). Actions call services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin_actions import admin_form_action
from core.admin_base import ReadOnlyAdmin
from core.exceptions import HaruError
from practitioners.models import Conversation, HealthAccessLog, HealthShare, Review
from practitioners.services import messaging, reviews
from practitioners.social.enums import ReviewStatus
from practitioners.social.forms import ModerationForm


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The moderation queue: filter by "waiting for review", publish or hide with a reason."""

    list_display = (
        "created_at",
        "practitioner",
        "rating",
        "status",
        "anonymous",
        "helpful_count",
        "has_text",
    )
    list_filter = ("status", "rating", "anonymous")
    list_select_related = ("practitioner", "reviewer")
    search_fields = ("practitioner__display_name", "reviewer__email")
    actions = ["publish", "hide"]
    readonly_fields = (
        "booking",
        "practitioner",
        "reviewer",
        "rating",
        "aspects",
        "title",
        "content",
        "anonymous",
        "status",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
        "helpful_count",
        "response",
        "response_at",
        "created_at",
    )
    exclude = ()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description=_("text"))
    def has_text(self, obj):
        return bool(obj.content or obj.title)

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        for review in queryset:
            try:
                reviews.review_moderate(
                    review=review, to_status=ReviewStatus.PUBLISHED, actor=request.user
                )
            except HaruError as error:
                self.message_user(request, f"{review}: {error.message}", messages.ERROR)

    @admin.action(description=_("Hide with a reason"))
    def hide(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ModerationForm,
            title=_("Hide reviews"),
            run=lambda review, data: reviews.review_moderate(
                review=review,
                to_status=ReviewStatus.HIDDEN,
                actor=request.user,
                reason=data["reason"],
            ),
        )


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    """Metadata only: who, when, how many messages. Message text is never shown here."""

    list_display = ("created_at", "kind", "status", "client", "practitioner", "last_message_at")
    list_filter = ("kind", "status")
    list_select_related = ("client", "practitioner")
    search_fields = ("client__email", "practitioner__display_name")
    fields = (
        "kind",
        "status",
        "client",
        "practitioner",
        "subject",
        "message_count",
        "last_message_at",
        "created_at",
    )
    readonly_fields = fields
    actions = ["join_support"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_messages=Count("messages"))

    @admin.display(description=_("messages"))
    def message_count(self, obj):
        return obj.n_messages

    @admin.action(description=_("Join to answer (support threads)"))
    def join_support(self, request, queryset):
        for conversation in queryset:
            try:
                messaging.support_join(conversation=conversation, operator=request.user)
            except HaruError as error:
                self.message_user(request, f"{conversation}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, messaging.thread_url(conversation), messages.SUCCESS)


@admin.register(HealthShare)
class HealthShareAdmin(ReadOnlyAdmin):
    """Consents (read-only; only the client grants or ends one). No health data is shown."""

    list_display = (
        "created_at",
        "client",
        "practitioner",
        "permission",
        "expires_at",
        "revoked_at",
        "access_count",
    )
    list_filter = ("permission",)
    list_select_related = ("client", "practitioner")
    search_fields = ("client__email", "practitioner__display_name")


@admin.register(HealthAccessLog)
class HealthAccessLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "client", "actor_name", "action", "target")
    list_filter = ("action", "target")
    list_select_related = ("client",)
    search_fields = ("client__email", "actor_name")
