from django.utils.translation import gettext_lazy as _

from core.exceptions import ConflictError, HaruError, NotFoundError


class DiaryError(HaruError):
    default_code = "diary_invalid"


class EntryNotFoundError(NotFoundError):
    default_code = "diary_entry_not_found"

    def __init__(self, message: str | None = None, **kwargs) -> None:
        super().__init__(message or str(_("That diary entry does not exist.")), **kwargs)


class EntryLockedError(ConflictError):
    default_code = "diary_entry_locked"


class DiaryUnreadableError(ConflictError):
    """The user's data key is gone (withdrawal): nothing can be decrypted."""

    default_code = "diary_unreadable"
