"""A user's practitioner data in their export, and what erasure leaves of it.

Bookings are kept after erasure (their payments are legal records that name them), pointing at
the anonymised user row, with every free text the user wrote cleared. Profile text, documents,
the calendar feed, reminders and the waitlist go. History rows (pghistory) that copied the
user's profile or bookings are deleted.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction

ANONYMISED_MODELS = [
    "practitioners.Practitioner",
    "practitioners.PractitionerHistory",
    "practitioners.VerificationQueue",  # a proxy of Practitioner: the same rows
    "practitioners.PractitionerStatusLog",
    "practitioners.Booking",
    "practitioners.BookingHistory",
    "practitioners.BookingParticipant",
    "practitioners.BookingStatusLog",
    "practitioners.BookingReminder",
    "practitioners.RescheduleRequest",
    "practitioners.WaitlistEntry",
    "practitioners.CalendarFeed",
]


def practitioner_data_for_user(user: Any) -> dict:
    from practitioners.models import (
        BookingParticipant,
        Practitioner,
        RescheduleRequest,
        WaitlistEntry,
    )

    profile = Practitioner.objects.filter(user=user).first()
    seats = BookingParticipant.objects.filter(user=user).select_related(
        "booking__service", "booking__practitioner"
    )
    return {
        "practitioner_profile": None
        if profile is None
        else {
            "display_name": profile.display_name,
            "display_name_en": profile.display_name_en,
            "type": profile.type,
            "status": profile.status,
            "headline_ko": profile.headline_ko,
            "headline_en": profile.headline_en,
            "bio_ko": profile.bio_ko,
            "bio_en": profile.bio_en,
            "languages": profile.languages,
            "years_experience": profile.years_experience,
            "education": profile.education,
            "certifications": profile.certifications,
            "timezone": profile.timezone,
            "created_at": profile.created_at.isoformat(),
        },
        "bookings": [
            {
                "id": str(seat.booking_id),
                "practitioner": seat.booking.practitioner.display_name,
                "service": seat.booking.service.name_ko,
                "starts_at": seat.booking.starts_at.isoformat(),
                "ends_at": seat.booking.ends_at.isoformat(),
                "status": seat.booking.status,
                "seat": seat.status,
                "price": seat.price,
                "currency": seat.currency,
                "refunded": seat.refunded_amount,
                "notes": seat.booking.client_notes if seat.booking.client_id == user.pk else "",
            }
            for seat in seats
        ],
        "reschedule_requests": [
            {
                "booking": str(request.booking_id),
                "original_starts_at": request.original_starts_at.isoformat(),
                "new_starts_at": request.new_starts_at.isoformat(),
                "reason": request.reason,
                "status": request.status,
                "created_at": request.created_at.isoformat(),
            }
            for request in RescheduleRequest.objects.filter(requested_by=user)
        ],
        "waitlist": [
            {
                "practitioner": entry.practitioner.display_name,
                "service": entry.service.name_ko,
                "earliest": entry.earliest.isoformat(),
                "latest": entry.latest.isoformat(),
                "status": entry.status,
                "created_at": entry.created_at.isoformat(),
            }
            for entry in WaitlistEntry.objects.filter(user=user).select_related(
                "practitioner", "service"
            )
        ],
    }


def practitioner_anonymise_user(user: Any) -> None:
    from practitioners.enums import ApplicationStatus
    from practitioners.models import (
        ApplicationDocument,
        Booking,
        BookingReminder,
        BookingStatusLog,
        CalendarFeed,
        Practitioner,
        PractitionerStatusLog,
        RescheduleRequest,
        WaitlistEntry,
    )

    # pghistory's event models are generated; reach them through the app registry
    BookingHistory = apps.get_model("practitioners", "BookingHistory")
    PractitionerHistory = apps.get_model("practitioners", "PractitionerHistory")

    with transaction.atomic():
        WaitlistEntry.objects.filter(user=user).delete()
        CalendarFeed.objects.filter(user=user).delete()
        BookingReminder.objects.filter(user=user).delete()
        Booking.objects.filter(client=user).update(client_notes="", cancellation_reason="")
        Booking.objects.filter(cancelled_by=user).update(cancelled_by=None)
        BookingStatusLog.objects.filter(actor=user).update(actor=None, reason="")
        RescheduleRequest.objects.filter(requested_by=user).update(reason="")
        RescheduleRequest.objects.filter(responded_by=user).update(
            responded_by=None, response_note=""
        )
        PractitionerStatusLog.objects.filter(actor=user).update(actor=None)
        Practitioner.objects.filter(decided_by=user).update(decided_by=None)
        BookingHistory.objects.filter(client=user).delete()
        profile = Practitioner.objects.filter(user=user).first()
        if profile is not None:
            ApplicationDocument.objects.filter(practitioner=profile).delete()
            PractitionerHistory.objects.filter(pgh_obj_id=profile.pk).delete()
            PractitionerStatusLog.objects.filter(practitioner=profile).update(reason="")
            Practitioner.objects.filter(pk=profile.pk).update(
                display_name="탈퇴한 전문가",
                display_name_en="Former practitioner",
                headline_ko="",
                headline_en="",
                bio_ko="",
                bio_en="",
                license_number="",
                license_issuer="",
                education=[],
                certifications=[],
                video_link="",
                address="",
                photo=None,
                is_listed=False,
                is_verified=False,
                status=ApplicationStatus.REJECTED,
                decision_reason="",
                search_text="",
                search_vector=None,
            )
            # the history trigger above wrote a fresh row of the anonymised profile: drop it too
            PractitionerHistory.objects.filter(pgh_obj_id=profile.pk).delete()
