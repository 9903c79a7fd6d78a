"""Practitioner pages: apply, dashboard, calendar, services and the availability editor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services import UploadError, upload_create
from core.exceptions import HaruError, NotFoundError
from core.http import date_param, or_404
from practitioners import selectors, services
from practitioners.enums import ApplicationStatus, BookingStatus
from practitioners.forms import ApplyForm, BlockedTimeForm, OverrideForm, RuleForm, ServiceForm
from practitioners.models import AvailabilityRule, BlockedTime, DateOverride, Practitioner, Service


def practitioner_required(view):
    """Only a user with a practitioner profile; others are sent to apply."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            practitioner = selectors.practitioner_get_for_user(user=request.user)
        except NotFoundError:
            return redirect("practitioners:apply")
        return view(request, practitioner, *args, **kwargs)

    return wrapper


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    existing = Practitioner.objects.filter(user=request.user).first()
    if existing is not None and existing.status == ApplicationStatus.APPROVED:
        return redirect("practitioners:dashboard")
    initial = {}
    if existing is not None:
        initial = {
            "display_name": existing.display_name,
            "display_name_en": existing.display_name_en,
            "type": existing.type,
            "headline_ko": existing.headline_ko,
            "headline_en": existing.headline_en,
            "bio_ko": existing.bio_ko,
            "bio_en": existing.bio_en,
            "languages": existing.languages,
            "session_types": existing.session_types,
            "years_experience": existing.years_experience,
            "license_number": existing.license_number,
            "license_issuer": existing.license_issuer,
            "timezone": existing.timezone,
        }
    form = ApplyForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        documents = []
        upload = form.cleaned_data.get("document")
        try:
            if upload:
                stored = upload_create(
                    owner=request.user, file=upload, context="practitioner-document", allowed="any"
                )
                documents.append((stored, form.cleaned_data.get("document_kind") or "other"))
            services.practitioner_apply(
                user=request.user,
                profile=form.profile(),
                documents=documents,
                specializations=[(s, "intermediate") for s in form.cleaned_data["specializations"]],
            )
        except UploadError as error:
            form.add_error("document", error.message)
        except HaruError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. We will review your application soon."))
            return redirect("practitioners:apply")
    return render(
        request,
        "practitioners/apply.html",
        {"form": form, "existing": existing},
        status=400 if request.method == "POST" else 200,
    )


@practitioner_required
def dashboard(request: HttpRequest, practitioner: Practitioner) -> HttpResponse:
    now = timezone.now()
    upcoming = list(
        selectors.booking_list_for_practitioner(
            practitioner=practitioner,
            start=now - timedelta(hours=3),
            statuses=[BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS, BookingStatus.PENDING],
        )[:30]
    )
    return render(
        request,
        "practitioners/dashboard.html",
        {
            "practitioner": practitioner,
            "upcoming": upcoming,
            "services": list(Service.objects.filter(practitioner=practitioner)),
            "tz_name": practitioner.timezone,
            "now": now,
        },
    )


@practitioner_required
def calendar(request: HttpRequest, practitioner: Practitioner) -> HttpResponse:
    tz = ZoneInfo(practitioner.timezone)
    today = timezone.now().astimezone(tz).date()
    start_day = date_param(request.GET.get("from")) or today - timedelta(days=today.weekday())
    start = datetime.combine(start_day, datetime.min.time(), tzinfo=tz)
    end = start + timedelta(days=7)
    bookings = list(
        selectors.booking_list_for_practitioner(
            practitioner=practitioner, start=start.astimezone(UTC), end=end.astimezone(UTC)
        ).exclude(status=BookingStatus.CANCELLED)
    )
    days = []
    for offset in range(7):
        day = start_day + timedelta(days=offset)
        days.append((day, [b for b in bookings if b.starts_at.astimezone(tz).date() == day]))
    return render(
        request,
        "practitioners/calendar.html",
        {
            "practitioner": practitioner,
            "days": days,
            "tz_name": practitioner.timezone,
            "prev_week": start_day - timedelta(days=7),
            "next_week": start_day + timedelta(days=7),
        },
    )


@practitioner_required
@require_POST
def booking_action(
    request: HttpRequest, practitioner: Practitioner, pk, action: str
) -> HttpResponse:
    booking = or_404(selectors.booking_get_for_practitioner, user=request.user, booking_id=pk)
    actions = {
        "start": services.booking_start,
        "complete": services.booking_complete,
        "no_show": services.booking_mark_no_show,
    }
    if action not in actions:
        return redirect("practitioners:dashboard")
    try:
        actions[action](booking=booking, actor=request.user)
        messages.success(request, _("Saved."))
    except HaruError as error:
        messages.error(request, error.message)
    return redirect(request.POST.get("next") or "practitioners:dashboard")


@practitioner_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, practitioner: Practitioner, pk=None) -> HttpResponse:
    instance = None
    if pk is not None:
        instance = Service.objects.filter(practitioner=practitioner, pk=pk).first()
        if instance is None:
            raise Http404
    form = ServiceForm(
        request.POST or None, instance=instance or Service(practitioner=practitioner)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Service saved."))
        return redirect("practitioners:dashboard")
    return render(
        request,
        "practitioners/service_form.html",
        {"form": form, "practitioner": practitioner},
        status=400 if request.method == "POST" else 200,
    )


@practitioner_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest, practitioner: Practitioner) -> HttpResponse:
    """The availability editor: weekly hours, date overrides, blocked times (one form each)."""
    kind = request.POST.get("kind") if request.method == "POST" else None
    rule_form = RuleForm(request.POST if kind == "rule" else None, prefix="rule")
    override_form = OverrideForm(request.POST if kind == "override" else None, prefix="override")
    blocked_form = BlockedTimeForm(
        request.POST if kind == "blocked" else None, prefix="blocked", practitioner=practitioner
    )
    if kind == "delete":
        model = {"rule": AvailabilityRule, "override": DateOverride, "blocked": BlockedTime}.get(
            request.POST.get("what", "")
        )
        if model is not None:
            model.objects.filter(practitioner=practitioner, pk=request.POST.get("id")).delete()
            messages.success(request, _("Removed."))
        return redirect("practitioners:availability")
    saved = False
    if kind == "rule" and rule_form.is_valid():
        rule_form.instance.practitioner = practitioner
        rule_form.save()
        saved = True
    elif kind == "override" and override_form.is_valid():
        override_form.instance.practitioner = practitioner
        override_form.save()
        saved = True
    elif kind == "blocked" and blocked_form.is_valid():
        blocked_form.instance().save()
        saved = True
    if saved:
        messages.success(request, _("Saved."))
        return redirect("practitioners:availability")
    return render(
        request,
        "practitioners/availability.html",
        {
            "practitioner": practitioner,
            "rule_form": rule_form,
            "override_form": override_form,
            "blocked_form": blocked_form,
            "current": selectors.availability_for(practitioner=practitioner),
            "tz_name": practitioner.timezone,
        },
        status=400 if kind else 200,
    )
