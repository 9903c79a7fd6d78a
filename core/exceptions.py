"""Domain errors that services raise and every entry point (API, pages, admin) can show."""

from __future__ import annotations


class HaruError(Exception):
    """A rule was broken. ``code`` is stable for clients; ``message`` is for people.

    ``action_url`` / ``action_label`` name the page that helps (e.g. the pricing page when a
    plan limit is reached): pages render them as a link after the message; the message itself
    never contains a URL path, and the API keeps its ``{"code", "message", "fields"}`` shape
    (apps act on ``code``)."""

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: dict | None = None,
        action_url: str = "",
        action_label: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}
        self.action_url = action_url
        self.action_label = action_label


class PermissionDeniedError(HaruError):
    status_code = 403
    default_code = "permission_denied"


class NotFoundError(HaruError):
    status_code = 404
    default_code = "not_found"


class ConflictError(HaruError):
    status_code = 409
    default_code = "conflict"
