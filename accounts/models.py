import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _

from .managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses Haru: end user, practitioner or operator.

    Email is the login identifier but may be empty for social-only accounts, so it is
    unique (case-insensitively) only when present.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email"), max_length=255, unique=True, null=True, blank=True)
    nickname = models.CharField(_("nickname"), max_length=50, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul")
    language = models.CharField(
        _("language"), max_length=8, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=django_timezone.now)

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
            )
        ]

    def __str__(self) -> str:
        return self.nickname or self.email or str(self.id)

    def get_short_name(self) -> str:
        return self.nickname or (self.email or "").split("@")[0]
