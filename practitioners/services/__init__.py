"""Practitioners' write side. Views, the API, admin actions and tasks call these."""

from .applications import (
    practitioner_apply,
    practitioner_decide,
    practitioner_refresh_search,
    practitioner_update_profile,
)
from .bookings import (
    Hold,
    RefundQuote,
    booking_cancel_by_practitioner,
    booking_cancel_seat,
    booking_checkout_start,
    booking_complete,
    booking_hold,
    booking_mark_no_show,
    booking_payment_succeeded,
    booking_refund_late_payment,
    booking_start,
    booking_transition,
    bookings_expire_holds,
    cancellation_quote,
)
from .reminders import reminders_send_due
from .reschedules import reschedule_propose, reschedule_respond
from .waitlist import waitlist_join, waitlist_leave, waitlist_offer_freed

__all__ = [
    "Hold",
    "RefundQuote",
    "booking_cancel_by_practitioner",
    "booking_cancel_seat",
    "booking_checkout_start",
    "booking_complete",
    "booking_hold",
    "booking_mark_no_show",
    "booking_payment_succeeded",
    "booking_refund_late_payment",
    "booking_start",
    "booking_transition",
    "bookings_expire_holds",
    "cancellation_quote",
    "practitioner_apply",
    "practitioner_decide",
    "practitioner_refresh_search",
    "practitioner_update_profile",
    "reminders_send_due",
    "reschedule_propose",
    "reschedule_respond",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_offer_freed",
]
