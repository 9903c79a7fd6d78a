"""The editorial console. Admin actions and saves call services; nothing else happens here.

Editors (group "Content editors") write items and send them to review; only reviewers
("Content reviewers", permission ``content.publish_contentitem``) approve, which publishes now
or at the scheduled time."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from content import selectors
from content.models import (
    Announcement,
    Attendance,
    ContentItem,
    ContentTranslation,
    Course,
    Event,
    EventReward,
    FaqCategory,
    FaqEntry,
    FaqSearchMiss,
    Lesson,
    LessonItem,
)
from content.segments import segment_size
from content.services import events as event_services
from content.services import faq as faq_services
from content.services import library as library_services
from content.services import notices as notice_services
from core.csv import csv_response
from core.exceptions import HaruError


def _each(modeladmin, request, queryset, run) -> None:
    done = 0
    for obj in queryset:
        try:
            run(obj)
        except HaruError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, _("Done for %(n)d item(s).") % {"n": done}, messages.SUCCESS
        )


class ContentTranslationInline(admin.StackedInline):
    model = ContentTranslation
    extra = 1
    max_num = 2
    fields = ("language", "title", "excerpt", "body_markdown", "seo_title", "seo_description")


@admin.register(ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    list_display = (
        "slug",
        "kind",
        "status",
        "publish_at",
        "published_at",
        "is_premium",
        "view_count",
    )
    list_filter = ("status", "kind", "is_premium", "category")
    search_fields = ("slug", "translations__title")
    readonly_fields = (
        "status",
        "published_at",
        "reviewed_by",
        "view_count",
        "like_count",
        "bookmark_count",
        "share_count",
        "created_at",
    )
    inlines = [ContentTranslationInline]
    actions = ["submit_for_review", "approve", "return_to_draft", "archive"]

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(library_services.PUBLISH_PERMISSION)

    def has_submit_permission(self, request) -> bool:
        return request.user.has_perm(library_services.SUBMIT_PERMISSION)

    def save_model(self, request, obj, form, change) -> None:
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        """Translations go through the service, which renders and sanitises the body."""
        if formset.model is not ContentTranslation:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None)
            if not data or data.get("DELETE") or not inline_form.has_changed():
                continue
            library_services.translation_save(
                item=form.instance,
                language=data["language"],
                title=data["title"],
                body_markdown=data["body_markdown"],
                excerpt=data.get("excerpt", ""),
                seo_title=data.get("seo_title", ""),
                seo_description=data.get("seo_description", ""),
            )
        return None

    @admin.action(description=_("Send to review"), permissions=["submit"])
    def submit_for_review(self, request, queryset) -> None:
        _each(
            self,
            request,
            queryset,
            lambda item: library_services.item_submit_for_review(item=item, actor=request.user),
        )

    @admin.action(description=_("Approve and publish (reviewers)"), permissions=["publish"])
    def approve(self, request, queryset) -> None:
        _each(
            self,
            request,
            queryset,
            lambda item: library_services.item_approve(item=item, actor=request.user),
        )

    @admin.action(description=_("Return to draft"), permissions=["change"])
    def return_to_draft(self, request, queryset) -> None:
        _each(
            self,
            request,
            queryset,
            lambda item: library_services.item_return_to_draft(item=item, actor=request.user),
        )

    @admin.action(description=_("Archive"), permissions=["publish"])
    def archive(self, request, queryset) -> None:
        _each(
            self,
            request,
            queryset,
            lambda item: library_services.item_archive(item=item, actor=request.user),
        )


class LessonItemInline(admin.TabularInline):
    model = LessonItem
    extra = 1
    autocomplete_fields = ("item",)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("course", "position", "title_ko", "title_en")
    list_filter = ("course",)
    inlines = [LessonItemInline]


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 1
    fields = ("position", "title_ko", "title_en", "duration_minutes")
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_ko", "access", "price", "is_published", "enrolment_count")
    list_filter = ("access", "is_published")
    readonly_fields = ("enrolment_count", "created_at")
    inlines = [LessonInline]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = (
        "title_ko",
        "segment",
        "segment_value",
        "published_at",
        "expires_at",
        "broadcast_status",
        "broadcast_sent",
        "deleted_at",
    )
    list_filter = ("segment", "broadcast_status", "is_pinned")
    readonly_fields = ("audience_size", "broadcast_status", "broadcast_sent", "deleted_at")
    fields = (
        "title_ko",
        "title_en",
        "body_markdown_ko",
        "body_markdown_en",
        "tags",
        "is_pinned",
        "published_at",
        "expires_at",
        "segment",
        "segment_value",
        "audience_size",
        "broadcast_status",
        "broadcast_sent",
        "deleted_at",
    )
    actions = ["publish_now", "soft_delete"]

    @admin.display(description=_("audience now"))
    def audience_size(self, obj: Announcement) -> str:
        if obj.pk is None:
            return "-"
        try:
            count = segment_size(segment=obj.segment, value=obj.segment_value)
        except ValueError:
            return "-"
        return _("%(count)d users") % {"count": count}

    def save_model(self, request, obj, form, change) -> None:
        try:  # the service also moves the expiry of inbox notifications already sent
            notice_services.announcement_save(announcement=obj)
        except HaruError as error:
            self.message_user(request, error.message, messages.ERROR)
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish now and send to the segment"))
    def publish_now(self, request, queryset) -> None:
        _each(
            self,
            request,
            queryset,
            lambda a: notice_services.announcement_publish(announcement=a, actor=request.user),
        )

    @admin.action(description=_("Delete (hide from users)"))
    def soft_delete(self, request, queryset) -> None:
        _each(
            self, request, queryset, lambda a: notice_services.announcement_delete(announcement=a)
        )


@admin.register(FaqCategory)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ("name_ko", "name_en", "slug", "position")
    list_editable = ("position",)
    ordering = ("position",)


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = (
        "question_ko",
        "category",
        "position",
        "is_active",
        "helpful_count",
        "not_helpful_count",
    )
    list_editable = ("position", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("question_ko", "question_en")
    readonly_fields = ("helpful_count", "not_helpful_count", "source", "created_at")

    def save_model(self, request, obj, form, change) -> None:
        faq_services.faq_entry_render(entry=obj)
        super().save_model(request, obj, form, change)


@admin.register(FaqSearchMiss)
class FaqSearchMissAdmin(admin.ModelAdmin):
    list_display = ("query", "language", "count", "last_searched_at")
    list_filter = ("language",)
    search_fields = ("query",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EventRewardInline(admin.TabularInline):
    model = EventReward
    extra = 1


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_ko", "starts_on", "ends_on", "is_active")
    list_filter = ("is_active",)
    readonly_fields = ("results", "created_at")
    inlines = [EventRewardInline]
    actions = ["download_results"]

    @admin.display(description=_("results"))
    def results(self, obj: Event) -> str:
        if obj.pk is None:
            return "-"
        summary = selectors.event_results(event=obj)
        rewards = format_html_join(
            "",
            "<li>{}: {} / {}P</li>",
            ((r["reward__code"], r["users"], r["points"] or 0) for r in summary["rewards"]),
        )
        return format_html(
            "<p>{}: {} · {}: {} · {}: {}</p><ul>{}</ul>",
            _("participants"),
            summary["participants"],
            _("check-ins"),
            summary["attendances"],
            _("points paid"),
            summary["points_paid"],
            rewards,
        )

    @admin.action(description=_("Download attendance (CSV)"))
    def download_results(self, request, queryset):
        event = queryset.first()
        return csv_response(
            f"event-{event.slug}.csv",
            ["local_date", "user_id", "nickname", "streak", "reward_code"],
            event_services.results_rows(event=event),
        )


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "local_date", "streak", "reward_code")
    list_filter = ("event",)
    list_select_related = ("event", "user")
    raw_id_fields = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
