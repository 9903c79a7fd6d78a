import uuid

import pghistory
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import STATES_WITH_ACCESS, Gender, Language, UserState
from accounts.managers import UserManager

phone_validator = RegexValidator(
    r"^(?:\+[1-9]\d{6,14}|0\d{8,11})$",
    _("Enter a phone number with digits only, for example 01012345678 or +821012345678."),
)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    # Passwords never go into history; login bookkeeping would only add noise.
    exclude=["password", "last_login", "login_count", "updated_at"],
    model_name="UserHistory",
)
class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses Haru: end user, practitioner or operator.

    Email is the login identifier but may be empty for social-only accounts, so it is
    unique (case-insensitively) only when present. ``state`` is the account's lifecycle;
    ``is_active`` mirrors it (True while the state allows signing in) so that Django and
    allauth refuse suspended and resigned users everywhere. Change ``state`` only through
    ``accounts.services.user_change_state``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email"), max_length=255, unique=True, null=True, blank=True)
    nickname = models.CharField(_("nickname"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, validators=[phone_validator]
    )
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    avatar = models.ForeignKey(
        "accounts.UploadedFile",
        verbose_name=_("profile picture"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bio = models.TextField(_("about me"), max_length=500, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul")
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.KO
    )

    state = models.CharField(
        _("account state"), max_length=16, choices=UserState.choices, default=UserState.ACTIVE
    )
    deleted_at = models.DateTimeField(_("resigned at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    # Consents: the version of the document accepted and when (None = not accepted).
    terms_version = models.CharField(_("terms version"), max_length=20, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    privacy_version = models.CharField(_("privacy policy version"), max_length=20, blank=True)
    privacy_accepted_at = models.DateTimeField(
        _("privacy policy accepted at"), null=True, blank=True
    )
    marketing_version = models.CharField(_("marketing consent version"), max_length=20, blank=True)
    marketing_accepted_at = models.DateTimeField(_("marketing accepted at"), null=True, blank=True)

    # Privacy settings.
    share_profile_with_practitioners = models.BooleanField(
        _("share my profile with practitioners I book"), default=True
    )
    allow_usage_analytics = models.BooleanField(
        _("use my activity for anonymous statistics"), default=True
    )

    # Set by the diaries app's slip logic through accounts.services.user_set_safety_pause.
    safety_paused_until = models.DateTimeField(_("safety pause until"), null=True, blank=True)
    safety_pause_reason = models.CharField(_("safety pause reason"), max_length=200, blank=True)

    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=django_timezone.now)
    login_count = models.PositiveIntegerField(_("sign-ins"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                condition=models.Q(email__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in UserState]),
                name="accounts_user_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=UserState.RESIGNED) | models.Q(deleted_at__isnull=False),
                name="accounts_user_resigned_has_deleted_at",
            ),
        ]
        indexes = [
            models.Index(
                fields=["deleted_at"],
                name="accounts_user_resigned_idx",
                condition=models.Q(state="resigned", anonymised_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.nickname or self.email or str(self.id)

    def get_short_name(self) -> str:
        return self.nickname or (self.email or "").split("@")[0] or str(_("Member"))

    def get_full_name(self) -> str:
        return self.name or self.get_short_name()

    @property
    def phone_verified(self) -> bool:
        return self.phone_verified_at is not None

    @property
    def has_access(self) -> bool:
        return self.state in STATES_WITH_ACCESS

    @property
    def marketing_consent(self) -> bool:
        return self.marketing_accepted_at is not None
