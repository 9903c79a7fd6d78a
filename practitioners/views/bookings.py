"""My sessions, one booking, cancelling and moving it, calendar files and e-mail links."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exceptions import HaruError
from core.http import or_404
from core.idempotency import idempotent_view
from practitioners import selectors, services
from practitioners.enums import RescheduleStatus, SeatStatus
from practitioners.exceptions import LinkInvalid
from practitioners.forms import CancelForm, RescheduleForm
from practitioners.models import RescheduleRequest
from practitioners.services import calendar as calendar_service
from practitioners.services import links
from practitioners.services import slots as slot_engine
from practitioners.views.directory import viewer_tz


@login_required
@require_GET
def my_sessions(request: HttpRequest) -> HttpResponse:
    upcoming = list(selectors.booking_list_for_client(user=request.user, upcoming=True)[:50])
    past = list(selectors.booking_list_for_client(user=request.user, upcoming=False)[:50])
    return render(
        request,
        "practitioners/my_sessions.html",
        {
            "upcoming": upcoming,
            "past": past,
            "feed_url": request.build_absolute_uri(
                calendar_service.calendar_feed_url(user=request.user)
            ),
        },
    )


def _booking_context(request: HttpRequest, booking, *, cancel_form=None, reschedule_form=None):
    user = request.user
    is_practitioner = booking.practitioner.user_id == user.pk
    seat = None
    quote = None
    if not is_practitioner:
        seat = or_404(selectors.seat_get_for_client, user=user, booking_id=booking.pk)
        if seat.status != SeatStatus.CANCELLED:
            quote = services.cancellation_quote(seat=seat)
    requests = list(selectors.reschedule_list_for_booking(booking=booking)[:10])
    open_request = next((r for r in requests if r.status == RescheduleStatus.PENDING), None)
    alternatives = []
    if booking.status == "confirmed" and not booking.is_group and open_request is None:
        alternatives = slot_engine.service_slots(service=booking.service, days=14)[:12]
    return {
        "booking": booking,
        "seat": seat,
        "quote": quote,
        "is_practitioner": is_practitioner,
        "requests": requests,
        "open_request": open_request,
        "alternatives": alternatives,
        "tz_name": viewer_tz(request),
        "cancel_form": cancel_form or CancelForm(),
        "reschedule_form": reschedule_form or RescheduleForm(),
        "can_see_location": (seat is not None and seat.status == SeatStatus.CONFIRMED)
        or is_practitioner,
    }


@login_required
@require_GET
def booking_detail(request: HttpRequest, pk) -> HttpResponse:
    booking = or_404(
        selectors.booking_get_for_participant_or_practitioner, user=request.user, booking_id=pk
    )
    return render(request, "practitioners/booking_detail.html", _booking_context(request, booking))


@login_required
@require_POST
@idempotent_view("practitioners.booking.cancel", fallback="practitioners:my_sessions")
def booking_cancel(request: HttpRequest, pk) -> HttpResponse:
    booking = or_404(
        selectors.booking_get_for_participant_or_practitioner, user=request.user, booking_id=pk
    )
    form = CancelForm(request.POST)
    if not form.is_valid():
        context = _booking_context(request, booking, cancel_form=form)
        return render(request, "practitioners/booking_detail.html", context, status=400)
    reason = form.cleaned_data["reason"]
    try:
        if booking.practitioner.user_id == request.user.pk:
            services.booking_cancel_by_practitioner(
                booking=booking, actor=request.user, reason=reason
            )
            messages.success(request, _("The session is cancelled and every client refunded."))
        else:
            seat = or_404(selectors.seat_get_for_client, user=request.user, booking_id=pk)
            quote = services.booking_cancel_seat(seat=seat, actor=request.user, reason=reason)
            messages.success(request, _cancelled_message(quote))
    except HaruError as error:
        messages.error(request, error.message)
    return redirect("practitioners:booking_detail", pk=pk)


def _cancelled_message(quote) -> str:
    from core.money import format_money

    if quote.amount:
        return _("Cancelled. %(amount)s will be refunded.") % {
            "amount": format_money(quote.amount, quote.currency)
        }
    return _("Cancelled.")


@login_required
@require_POST
def booking_reschedule(request: HttpRequest, pk) -> HttpResponse:
    booking = or_404(
        selectors.booking_get_for_participant_or_practitioner, user=request.user, booking_id=pk
    )
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        context = _booking_context(request, booking, reschedule_form=form)
        return render(request, "practitioners/booking_detail.html", context, status=400)
    new_start = form.cleaned_data["new_starts_at"]
    if timezone.is_naive(new_start):
        new_start = new_start.replace(tzinfo=ZoneInfo(viewer_tz(request)))
    try:
        services.reschedule_propose(
            booking=booking,
            by=request.user,
            new_starts_at=new_start.astimezone(UTC),
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Your proposal was sent. The other side will answer."))
    except HaruError as error:
        messages.error(request, error.message)
    return redirect("practitioners:booking_detail", pk=pk)


@login_required
@require_POST
def reschedule_respond(request: HttpRequest, pk) -> HttpResponse:
    reschedule = RescheduleRequest.objects.filter(pk=pk).select_related("booking").first()
    if reschedule is None:
        raise Http404
    # 404 unless the user is a side of the booking
    booking = or_404(
        selectors.booking_get_for_participant_or_practitioner,
        user=request.user,
        booking_id=reschedule.booking_id,
    )
    accept = request.POST.get("answer") == "accept"
    try:
        reschedule = services.reschedule_respond(
            request=reschedule, by=request.user, accept=accept, note=request.POST.get("note", "")
        )
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("practitioners:booking_detail", pk=booking.pk)
    if reschedule.status == RescheduleStatus.ACCEPTED:
        messages.success(request, _("The session has moved to the new time."))
        moved = type(booking).objects.get(pk=booking.pk).rescheduled_to_id
        return redirect("practitioners:booking_detail", pk=moved or booking.pk)
    messages.info(request, _("Answer saved."))
    return redirect("practitioners:booking_detail", pk=booking.pk)


@login_required
@require_GET
def booking_ics(request: HttpRequest, pk) -> HttpResponse:
    booking = or_404(
        selectors.booking_get_for_participant_or_practitioner, user=request.user, booking_id=pk
    )
    response = HttpResponse(
        calendar_service.booking_ics(booking=booking), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="haru-{booking.pk}.ics"'
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed calendar apps subscribe to: no session, the signed token is the key."""
    user = calendar_service.calendar_feed_user(token=token)
    if user is None:
        raise Http404
    as_client = selectors.booking_list_for_client(user=user).exclude(status="pending")[:500]
    bookings = list(as_client)
    practitioner = getattr(user, "practitioner", None)
    if practitioner is not None:
        bookings += list(
            selectors.booking_list_for_practitioner(
                practitioner=practitioner, statuses=["confirmed", "in_progress", "completed"]
            )[:500]
        )
    response = HttpResponse(
        calendar_service.bookings_ics(bookings=bookings, name="Haru"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def calendar_feed_rotate(request: HttpRequest) -> HttpResponse:
    calendar_service.calendar_feed_rotate(user=request.user)
    messages.success(request, _("A new calendar address was made. The old one no longer works."))
    return redirect("practitioners:my_sessions")


@require_http_methods(["GET", "POST"])
def booking_link(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel or move a session from an e-mail link without signing in."""
    try:
        action = links.token_action(token)
        seat = links.seat_for_token(token=token, action=action)
    except LinkInvalid:
        return render(request, "practitioners/link_invalid.html", status=404)
    quote = services.cancellation_quote(seat=seat)
    if request.method == "POST" and action == "cancel":
        try:
            quote = services.booking_cancel_seat(
                seat=seat, actor=seat.user, reason=_("Cancelled from the e-mail link")
            )
        except HaruError as error:
            messages.error(request, error.message)
            return redirect("practitioners:booking_link", token=token)
        return render(request, "practitioners/link_done.html", {"quote": quote, "seat": seat})
    if request.method == "POST" and action == "reschedule":
        raw = request.POST.get("new_starts_at", "")
        try:
            new_start = datetime.fromisoformat(raw)
            services.reschedule_propose(
                booking=seat.booking,
                by=seat.user,
                new_starts_at=new_start if new_start.tzinfo else new_start.replace(tzinfo=UTC),
            )
        except ValueError:
            messages.error(request, _("Choose a time from the list."))
            return redirect("practitioners:booking_link", token=token)
        except HaruError as error:
            messages.error(request, error.message)
            return redirect("practitioners:booking_link", token=token)
        return render(request, "practitioners/link_done.html", {"proposed": True, "seat": seat})
    alternatives = (
        slot_engine.service_slots(service=seat.booking.service, days=14)[:12]
        if action == "reschedule"
        else []
    )
    return render(
        request,
        "practitioners/link.html",
        {
            "seat": seat,
            "booking": seat.booking,
            "action": action,
            "quote": quote,
            "alternatives": alternatives,
            "tz_name": getattr(seat.user, "timezone", "") or "Asia/Seoul",
        },
    )
