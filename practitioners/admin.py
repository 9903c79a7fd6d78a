"""Operator console: the verification queue, practitioners, services and bookings.

Decisions and cancellations go through the services (transition checks, log rows,
notifications, refunds); status fields are read-only here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.admin_actions import admin_form_action
from practitioners import services
from practitioners.enums import ApplicationStatus
from practitioners.models import (
    ApplicationDocument,
    AvailabilityRule,
    BlockedTime,
    Booking,
    BookingParticipant,
    BookingStatusLog,
    DateOverride,
    Practitioner,
    PractitionerSpecialization,
    PractitionerStatusLog,
    Service,
    Specialization,
    SpecializationCategory,
    VerificationQueue,
    WaitlistEntry,
)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason shown to the applicant"), widget=forms.Textarea)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    readonly_fields = ("upload", "kind", "note", "created_at")
    can_delete = False


class SpecializationInline(admin.TabularInline):
    model = PractitionerSpecialization
    extra = 0
    autocomplete_fields = ("specialization",)


class StatusLogInline(admin.TabularInline):
    model = PractitionerStatusLog
    extra = 0
    readonly_fields = ("from_status", "to_status", "reason", "actor", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ("name_ko", "duration_minutes", "price", "currency", "seats", "is_active")


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = (
        "display_name",
        "type",
        "status",
        "is_verified",
        "is_listed",
        "rating_average",
        "review_count",
        "created_at",
    )
    list_filter = ("status", "type", "is_verified", "is_listed")
    search_fields = ("display_name", "display_name_en", "user__email", "slug")
    readonly_fields = (
        "status",
        "decision_reason",
        "decided_at",
        "decided_by",
        "is_verified",
        "verified_at",
        "rating_average",
        "rating_count",
        "review_count",
        "completed_sessions",
        "created_at",
        "updated_at",
    )
    raw_id_fields = ("user", "photo")
    inlines = [DocumentInline, SpecializationInline, ServiceInline, StatusLogInline]
    actions = ["approve", "reject", "request_more_info"]

    @admin.action(description=_("Approve (verified badge; trainers get the trainer role)"))
    def approve(self, request, queryset: QuerySet[Practitioner]):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=OptionalReasonForm,
            title=str(_("Approve applications")),
            run=lambda p, data: services.practitioner_decide(
                practitioner=p,
                decision=ApplicationStatus.APPROVED,
                operator=request.user,
                reason=data["reason"],
            ),
        )

    @admin.action(description=_("Reject with a reason"))
    def reject(self, request, queryset: QuerySet[Practitioner]):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=str(_("Reject applications")),
            run=lambda p, data: services.practitioner_decide(
                practitioner=p,
                decision=ApplicationStatus.REJECTED,
                operator=request.user,
                reason=data["reason"],
            ),
        )

    @admin.action(description=_("Ask for more information"))
    def request_more_info(self, request, queryset: QuerySet[Practitioner]):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=str(_("Ask applicants for more")),
            run=lambda p, data: services.practitioner_decide(
                practitioner=p,
                decision=ApplicationStatus.MORE_INFO_REQUESTED,
                operator=request.user,
                reason=data["reason"],
            ),
        )


@admin.register(VerificationQueue)
class VerificationQueueAdmin(PractitionerAdmin):
    list_display = ("display_name", "type", "status", "license_number", "created_at")
    ordering = ("created_at",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status__in=[ApplicationStatus.APPLIED, ApplicationStatus.MORE_INFO_REQUESTED])
        )

    def has_add_permission(self, request):
        return False


@admin.register(SpecializationCategory)
class SpecializationCategoryAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "sort_order")


@admin.register(Specialization)
class SpecializationAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "category", "is_active", "sort_order")
    list_filter = ("category", "is_active")
    search_fields = ("slug", "name_ko", "name_en")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name_ko", "practitioner", "duration_minutes", "price", "seats", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_ko", "name_en", "practitioner__display_name")
    raw_id_fields = ("practitioner",)


class SeatInline(admin.TabularInline):
    model = BookingParticipant
    extra = 0
    readonly_fields = (
        "user",
        "status",
        "payment_id",
        "price",
        "refunded_amount",
        "hold_expires_at",
        "cancelled_at",
    )
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class BookingLogInline(admin.TabularInline):
    model = BookingStatusLog
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "reason", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "practitioner", "service", "status", "seats_taken", "seats")
    list_filter = ("status", "session_type")
    date_hierarchy = "starts_at"
    search_fields = ("practitioner__display_name", "participants__user__email")
    list_select_related = ("practitioner", "service")
    readonly_fields = [f.name for f in Booking._meta.fields]
    inlines = [SeatInline, BookingLogInline]
    actions = ["cancel_with_full_refund"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cancel and refund every seat in full"))
    def cancel_with_full_refund(self, request, queryset):
        return admin_form_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=str(_("Cancel bookings")),
            run=lambda b, data: services.booking_cancel_by_practitioner(
                booking=b, actor=request.user, reason=data["reason"]
            ),
        )


@admin.register(AvailabilityRule)
class AvailabilityRuleAdmin(admin.ModelAdmin):
    list_display = ("practitioner", "weekday", "start_time", "end_time", "is_active")
    raw_id_fields = ("practitioner",)


@admin.register(DateOverride)
class DateOverrideAdmin(admin.ModelAdmin):
    list_display = ("practitioner", "date", "is_unavailable", "start_time", "end_time")
    raw_id_fields = ("practitioner",)


@admin.register(BlockedTime)
class BlockedTimeAdmin(admin.ModelAdmin):
    list_display = ("practitioner", "starts_at", "ends_at", "rrule", "reason")
    raw_id_fields = ("practitioner",)


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ("service", "user", "status", "earliest", "latest", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("practitioner", "service", "user")
