"""What a caller of practitioners can catch. Every error is a core HaruError with a stable code."""

from __future__ import annotations

from core.exceptions import ConflictError, HaruError, NotFoundError


class PractitionerError(HaruError):
    default_code = "practitioner_error"


class SlotUnavailable(ConflictError):  # noqa: N818 - the contract's name
    """The time is taken, held, blocked, too soon or outside the practitioner's hours."""

    default_code = "slot_unavailable"


class SessionFull(ConflictError):  # noqa: N818
    default_code = "session_full"


class AlreadyBooked(ConflictError):  # noqa: N818
    default_code = "already_booked"


class InvalidBookingTransition(ConflictError):  # noqa: N818
    default_code = "invalid_transition"


class InvalidApplicationTransition(ConflictError):  # noqa: N818
    default_code = "invalid_transition"


class NotBookable(PractitionerError):  # noqa: N818
    default_code = "not_bookable"


class ApplicationExists(ConflictError):  # noqa: N818
    default_code = "application_exists"


class RescheduleNotAllowed(ConflictError):  # noqa: N818
    default_code = "reschedule_not_allowed"


class LinkInvalid(NotFoundError):  # noqa: N818
    """A signed e-mail link that is forged, expired or used up."""

    default_code = "link_invalid"


class InvalidSchedule(PractitionerError):  # noqa: N818
    default_code = "invalid_schedule"
