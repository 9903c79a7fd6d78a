"""What callers of reviews, messaging and health records can catch (stable codes)."""

from __future__ import annotations

from core.exceptions import ConflictError, HaruError, NotFoundError, PermissionDeniedError


class ReviewNotAllowed(PermissionDeniedError):  # noqa: N818 - the contract's name
    """Only a client of a completed booking reviews it."""

    default_code = "review_not_allowed"


class ReviewExists(ConflictError):  # noqa: N818
    default_code = "review_exists"


class InvalidReview(HaruError):  # noqa: N818
    default_code = "invalid_review"


class ConversationNotAllowed(PermissionDeniedError):  # noqa: N818
    default_code = "conversation_not_allowed"


class ConversationClosed(ConflictError):  # noqa: N818
    default_code = "conversation_closed"


class InvalidMessage(HaruError):  # noqa: N818
    default_code = "invalid_message"


class AttachmentUnavailable(NotFoundError):  # noqa: N818
    """Not scanned clean yet (or infected, or deleted): never served."""

    default_code = "attachment_unavailable"


class ShareNotActive(NotFoundError):  # noqa: N818
    """No live consent from this client (none, expired or revoked): to the practitioner the
    records do not exist."""

    default_code = "share_not_active"


class ShareReadOnly(PermissionDeniedError):  # noqa: N818
    default_code = "share_read_only"


class InvalidShare(HaruError):  # noqa: N818
    default_code = "invalid_share"
