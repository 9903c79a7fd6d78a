"""Every status and choice the accounts app stores (one TextChoices per concept)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UserState(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Dormant")
    SUSPENDED = "suspended", _("Suspended")
    RESIGNED = "resigned", _("Resigned")


# Which states may follow which. Signing in reactivates a dormant account; a resigned account
# can be restored by an operator only until it has been anonymised (checked by the service).
STATE_TRANSITIONS: dict[str, frozenset[str]] = {
    UserState.ACTIVE: frozenset({UserState.INACTIVE, UserState.SUSPENDED, UserState.RESIGNED}),
    UserState.INACTIVE: frozenset({UserState.ACTIVE, UserState.SUSPENDED, UserState.RESIGNED}),
    UserState.SUSPENDED: frozenset({UserState.ACTIVE, UserState.RESIGNED}),
    UserState.RESIGNED: frozenset({UserState.ACTIVE}),
}
# States whose users may sign in and use the platform.
STATES_WITH_ACCESS = frozenset({UserState.ACTIVE, UserState.INACTIVE})


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Other")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")


class Language(models.TextChoices):
    KO = "ko", "한국어"
    EN = "en", "English"


class ChangeSource(models.TextChoices):
    USER = "user", _("The user")
    OPERATOR = "operator", _("An operator")
    SYSTEM = "system", _("The system")


class LoginMethod(models.TextChoices):
    PASSWORD = "password", _("Email and password")
    SOCIAL = "social", _("Social account")
    CODE = "code", _("Sign-in code")
    MFA = "mfa", _("Two-factor code")


class LoginClient(models.TextChoices):
    WEB = "web", _("Web")
    APP = "app", _("App")
    ADMIN = "admin", _("Operator console")


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", _("Signed in")
    WRONG_PASSWORD = "wrong_password", _("Wrong password")
    UNKNOWN_ACCOUNT = "unknown_account", _("No such account")
    LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
    SUSPENDED = "account_suspended", _("Account suspended")
    RESIGNED = "account_resigned", _("Account resigned")
    MFA_FAILED = "mfa_failed", _("Wrong two-factor code")
    SOCIAL_FAILED = "social_failed", _("Social sign-in failed")


class NotificationChannel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")
    PUSH = "push", _("Push")
    SMS = "sms", _("Text message (SMS / KakaoTalk)")


class NotificationPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Nothing to send")


class DevicePlatform(models.TextChoices):
    IOS = "ios", "iOS"
    ANDROID = "android", "Android"
    WEB = "web", _("Web browser")


class ScanStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for scan")
    CLEAN = "clean", _("Clean")
    INFECTED = "infected", _("Infected")
    ERROR = "error", _("Scan failed")
    SKIPPED = "skipped", _("Not scanned")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
