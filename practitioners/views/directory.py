"""Client pages: the directory, a practitioner's profile, picking a slot, my sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.exceptions import HaruError
from core.http import date_param, or_404
from core.idempotency import idempotent_view
from practitioners import selectors, services
from practitioners.forms import DirectoryForm, WaitlistForm
from practitioners.services import slots as slot_engine

PAGE_SIZE = 12


def viewer_tz(request: HttpRequest) -> str:
    """The viewer's time zone: the signed-in user's, else Korea's."""
    tz = getattr(request.user, "timezone", "") if request.user.is_authenticated else ""
    return tz or "Asia/Seoul"


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    specializations = list(selectors.specialization_list())
    form = DirectoryForm(request.GET or None, specializations=specializations)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            q=data.get("q") or "",
            specialization=data.get("specialization") or "",
            type=data.get("type") or "",
            language=data.get("language") or "",
            session_type=data.get("session_type") or "",
            price_max=data.get("price_max"),
            rating_min=float(data["rating_min"]) if data.get("rating_min") is not None else None,
            available_within_days=data.get("available_within_days"),
            sort=data.get("sort") or "relevance",
        )
    qs = selectors.directory_page_prefetch(selectors.practitioner_directory(filters=filters))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "practitioners/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_valid() or not request.GET else 400,
    )


@require_GET
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    practitioner = or_404(selectors.practitioner_get_public, slug=slug)
    services_ = list(practitioner.services.all())
    next_slots = slot_engine.practitioner_next_slots(
        practitioner=practitioner, services=services_, limit=6
    )
    return render(
        request,
        "practitioners/profile.html",
        {
            "practitioner": practitioner,
            "services": services_,
            "next_slots": next_slots,
            "viewer_tz": viewer_tz(request),
        },
    )


@require_GET
def book(request: HttpRequest, slug: str, service_id) -> HttpResponse:
    """The slot picker: a week of free times at a time, shown in the viewer's time zone."""
    practitioner = or_404(selectors.practitioner_get_public, slug=slug)
    service = or_404(selectors.service_get_public, service_id=service_id)
    if service.practitioner_id != practitioner.pk:
        return redirect("practitioners:profile", slug=slug)
    tz_name = viewer_tz(request)
    tz = ZoneInfo(tz_name)
    today = timezone.now().astimezone(tz).date()
    start_day = date_param(request.GET.get("from")) or today
    start_day = max(start_day, today)
    start = datetime.combine(start_day, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    session_type = request.GET.get("type") or (service.session_types or [""])[0]
    if session_type not in service.session_types:
        session_type = (service.session_types or [""])[0]
    slots = slot_engine.service_slots(
        service=service, start=start, days=7, session_type=session_type
    )
    days = slot_engine.slots_by_local_day(slots, tz_name)
    return render(
        request,
        "practitioners/book.html",
        {
            "practitioner": practitioner,
            "service": service,
            "days": days,
            "tz_name": tz_name,
            "session_type": session_type,
            "start_day": start_day,
            "next_week": start_day + timedelta(days=7),
            "prev_week": start_day - timedelta(days=7) if start_day > today else None,
            "waitlist_form": WaitlistForm(),
        },
    )


@login_required
@require_POST
@idempotent_view("practitioners.booking.hold", fallback="practitioners:my_sessions")
def hold(request: HttpRequest, slug: str, service_id) -> HttpResponse:
    """Hold the chosen slot and open the checkout for it."""
    service = or_404(selectors.service_get_public, service_id=service_id)
    try:
        starts_at = datetime.fromisoformat(request.POST.get("starts_at", ""))
    except ValueError:
        messages.error(request, _("Choose a time from the list."))
        return redirect("practitioners:book", slug=slug, service_id=service.pk)
    if timezone.is_naive(starts_at):
        starts_at = starts_at.replace(tzinfo=UTC)
    try:
        held = services.booking_hold(
            client=request.user,
            service=service,
            starts_at=starts_at.astimezone(UTC),
            session_type=request.POST.get("session_type", ""),
            notes=request.POST.get("notes", "")[:2000],
        )
        checkout = services.booking_checkout_start(hold=held)
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("practitioners:book", slug=slug, service_id=service.pk)
    return redirect("billing:checkout", pk=checkout.pk)


@login_required
@require_POST
def waitlist_join(request: HttpRequest, slug: str, service_id) -> HttpResponse:
    service = or_404(selectors.service_get_public, service_id=service_id)
    form = WaitlistForm(request.POST)
    if form.is_valid():
        earliest, latest = form.window(timezone.now())
        try:
            services.waitlist_join(
                user=request.user, service=service, earliest=earliest, latest=latest
            )
            messages.success(
                request, _("You are on the waitlist. A freed time will be held for you first.")
            )
        except HaruError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose between 1 and 60 days."))
    return redirect(reverse("practitioners:book", args=[slug, service.pk]))
