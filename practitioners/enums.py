"""Every status and kind in practitioners, as TextChoices (stable values, translated labels)."""

from django.db import models
from django.utils.translation import pgettext_lazy

# Labels carry the "practitioners" context so other catalogues' generic words do not win.


class PractitionerType(models.TextChoices):
    COUNSELLOR = "counsellor", pgettext_lazy("practitioners", "Counsellor")
    PSYCHOLOGIST = "psychologist", pgettext_lazy("practitioners", "Psychologist")
    THERAPIST = "therapist", pgettext_lazy("practitioners", "Therapist")
    COACH = "coach", pgettext_lazy("practitioners", "Coach")
    TRAINER = "trainer", pgettext_lazy("practitioners", "Trainer")
    NUTRITIONIST = "nutritionist", pgettext_lazy("practitioners", "Nutritionist")
    PHYSIOTHERAPIST = "physiotherapist", pgettext_lazy("practitioners", "Physiotherapist")
    YOGA_MEDITATION = "yoga_meditation", pgettext_lazy("practitioners", "Yoga & meditation teacher")
    ALTERNATIVE = "alternative", pgettext_lazy("practitioners", "Traditional & alternative care")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("practitioners", "Applied")
    MORE_INFO_REQUESTED = (
        "more_info_requested",
        pgettext_lazy("practitioners", "More information requested"),
    )
    APPROVED = "approved", pgettext_lazy("practitioners", "Approved")
    REJECTED = "rejected", pgettext_lazy("practitioners", "Rejected")


# Which operator decision may follow which application status.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.APPLIED: frozenset(
        {
            ApplicationStatus.APPROVED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.MORE_INFO_REQUESTED,
        }
    ),
    ApplicationStatus.MORE_INFO_REQUESTED: frozenset(
        {ApplicationStatus.APPLIED, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED}
    ),
    ApplicationStatus.REJECTED: frozenset({ApplicationStatus.APPLIED}),
    ApplicationStatus.APPROVED: frozenset({ApplicationStatus.REJECTED}),
}


class DocumentKind(models.TextChoices):
    LICENSE = "license", pgettext_lazy("practitioners", "Licence")
    CERTIFICATE = "certificate", pgettext_lazy("practitioners", "Certificate")
    EDUCATION = "education", pgettext_lazy("practitioners", "Degree or diploma")
    IDENTITY = "identity", pgettext_lazy("practitioners", "Identity document")
    OTHER = "other", pgettext_lazy("practitioners", "Other")


class SessionType(models.TextChoices):
    VIDEO = "video", pgettext_lazy("practitioners", "Video")
    PHONE = "phone", pgettext_lazy("practitioners", "Phone")
    IN_PERSON = "in_person", pgettext_lazy("practitioners", "In person")
    CHAT = "chat", pgettext_lazy("practitioners", "Chat")


class Proficiency(models.TextChoices):
    BEGINNER = "beginner", pgettext_lazy("practitioners", "Beginner")
    INTERMEDIATE = "intermediate", pgettext_lazy("practitioners", "Intermediate")
    ADVANCED = "advanced", pgettext_lazy("practitioners", "Advanced")
    EXPERT = "expert", pgettext_lazy("practitioners", "Expert")


class BookingStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("practitioners", "Awaiting payment")
    CONFIRMED = "confirmed", pgettext_lazy("practitioners", "Confirmed")
    IN_PROGRESS = "in_progress", pgettext_lazy("practitioners", "In progress")
    COMPLETED = "completed", pgettext_lazy("practitioners", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("practitioners", "Cancelled")
    NO_SHOW = "no_show", pgettext_lazy("practitioners", "No-show")
    RESCHEDULED = "rescheduled", pgettext_lazy("practitioners", "Rescheduled")


# A booking in one of these statuses occupies the practitioner's time (the exclusion
# constraint and the slot engine both read this list).
OCCUPYING_STATUSES: tuple[str, ...] = (BookingStatus.PENDING, BookingStatus.CONFIRMED)

BOOKING_TRANSITIONS: dict[str, frozenset[str]] = {
    BookingStatus.PENDING: frozenset({BookingStatus.CONFIRMED, BookingStatus.CANCELLED}),
    BookingStatus.CONFIRMED: frozenset(
        {
            BookingStatus.IN_PROGRESS,
            BookingStatus.COMPLETED,
            BookingStatus.CANCELLED,
            BookingStatus.NO_SHOW,
            BookingStatus.RESCHEDULED,
        }
    ),
    BookingStatus.IN_PROGRESS: frozenset({BookingStatus.COMPLETED}),
    BookingStatus.COMPLETED: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
    BookingStatus.NO_SHOW: frozenset(),
    BookingStatus.RESCHEDULED: frozenset(),
}


class SeatStatus(models.TextChoices):
    HELD = "held", pgettext_lazy("practitioners", "Held for checkout")
    CONFIRMED = "confirmed", pgettext_lazy("practitioners", "Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("practitioners", "Cancelled")


ACTIVE_SEAT_STATUSES: tuple[str, ...] = (SeatStatus.HELD, SeatStatus.CONFIRMED)


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", pgettext_lazy("practitioners", "Participant")
    OBSERVER = "observer", pgettext_lazy("practitioners", "Observer")


class RescheduleStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("practitioners", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("practitioners", "Accepted")
    DECLINED = "declined", pgettext_lazy("practitioners", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("practitioners", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("practitioners", "Expired")


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("practitioners", "Waiting")
    OFFERED = "offered", pgettext_lazy("practitioners", "Slot offered")
    BOOKED = "booked", pgettext_lazy("practitioners", "Booked")
    EXPIRED = "expired", pgettext_lazy("practitioners", "Expired")
    CANCELLED = "cancelled", pgettext_lazy("practitioners", "Cancelled")


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day_before", pgettext_lazy("practitioners", "24 hours before")
    HOUR_BEFORE = "hour_before", pgettext_lazy("practitioners", "1 hour before")
    FOLLOW_UP = "follow_up", pgettext_lazy("practitioners", "Follow-up")
