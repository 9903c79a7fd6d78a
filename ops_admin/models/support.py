"""Support desk (seed 002 ``support_inquiries`` / ``support_responses``).

An inquiry comes from a signed-in member or from a guest (e-mail only, no account); its
category routes it to a team. The thread holds the member's first message and every reply
after it, from either side. Texts may hold health details, so they are encrypted at rest.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class SupportTeam(models.TextChoices):
    OPERATIONS = "operations", _("Operations team")
    BILLING = "billing", _("Billing team")
    TECH = "tech", _("Tech team")
    CARE = "care", _("Care team")
    PARTNERS = "partners", _("Practitioner partners team")


class InquiryStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("support", "Open")
    ANSWERED = "answered", pgettext_lazy("support", "Answered")
    WAITING_ON_USER = "waiting", pgettext_lazy("support", "Waiting on user")
    CLOSED = "closed", pgettext_lazy("support", "Closed")


class SupportCategory(models.Model):
    """What an inquiry is about, and which team answers it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    team = models.CharField(_("team"), max_length=16, choices=SupportTeam.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown to users"), default=True)

    class Meta:
        verbose_name = _("support category")
        verbose_name_plural = _("support categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ko if (get_language() or "ko").startswith("ko") else self.name_en


class SupportInquiry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_inquiries",
    )
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    category = models.ForeignKey(
        SupportCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.CharField(_("team"), max_length=16, choices=SupportTeam.choices)
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.OPEN
    )
    language = models.CharField(_("language"), max_length=8, default="ko")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # the member's turn began then: the SLA clock of the queue (reset by each member message)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    faq_promoted_at = models.DateTimeField(_("promoted to FAQ at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("support inquiry")
        verbose_name_plural = _("support inquiries")
        ordering = ["-created_at"]
        permissions = [
            ("reply_supportinquiry", "Can reply to support inquiries"),
            ("promote_supportinquiry", "Can promote an inquiry to an FAQ draft"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="support_inquiry_user_idx"),
            models.Index(
                fields=["waiting_since"],
                name="support_inquiry_waiting_idx",
                condition=Q(status="open"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_email=""),
                name="support_inquiry_has_a_requester",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def first_response_time(self):
        return self.first_response_at - self.created_at if self.first_response_at else None

    @property
    def resolution_time(self):
        return self.resolved_at - self.created_at if self.resolved_at else None


class SupportMessage(models.Model):
    """One message of an inquiry's thread: the first question, a reply from either side."""

    id = models.BigAutoField(primary_key=True)
    inquiry = models.ForeignKey(
        SupportInquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_staff = models.BooleanField(_("from the support team"), default=False)
    body = EncryptedTextField(_("message"))
    attachments = models.ManyToManyField(
        "accounts.UploadedFile", verbose_name=_("attachments"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("support message")
        verbose_name_plural = _("support messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.inquiry_id} #{self.pk}"


class CannedAnswer(models.Model):
    """A ready answer operators start a reply from."""

    title = models.CharField(_("title"), max_length=120)
    category = models.ForeignKey(
        SupportCategory,
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body_ko = models.TextField(_("answer (Korean)"))
    body_en = models.TextField(_("answer (English)"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def body_for(self, language: str) -> str:
        return self.body_en if language.startswith("en") and self.body_en else self.body_ko
