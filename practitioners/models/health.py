"""A client's health profile, practitioner-authored records, consent to share them, and the
trail of who saw what (seed 003 ``health_profiles``, ``health_records``,
``health_record_sharing``, ``audit_logs``).

Every text a person wrote here is encrypted at rest (``core.fields``). A practitioner reads a
client's profile and records only through a live ``HealthShare`` (not revoked, not expired),
and every such read, export and share writes a ``HealthAccessLog`` row the client can read.
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from practitioners.social.enums import (
    HealthAccessAction,
    HealthRecordKind,
    SharePermission,
)


class HealthProfile(models.Model):
    """What a client chooses to tell practitioners about their health (one per client)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_profile"
    )
    blood_type = EncryptedTextField(_("blood type"), blank=True)
    allergies = EncryptedTextField(_("allergies"), blank=True)
    conditions = EncryptedTextField(_("ongoing conditions"), blank=True)
    medications = EncryptedTextField(_("current medication"), blank=True)
    goals = EncryptedTextField(_("what I would like help with"), blank=True)
    emergency_info = EncryptedTextField(_("in an emergency"), blank=True)
    physician = EncryptedTextField(_("my doctor"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("health profile")
        verbose_name_plural = _("health profiles")

    def __str__(self) -> str:
        return f"health profile {self.pk}"


class HealthRecord(models.Model):
    """A record about a client: a practitioner's session note, assessment or plan, or the
    client's own note. It belongs to the client (``client``), whoever wrote it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_records"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_health_records",
    )
    practitioner = models.ForeignKey(
        "practitioners.Practitioner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="health_records",
    )
    booking = models.ForeignKey(
        "practitioners.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HealthRecordKind.choices)
    title = EncryptedTextField(_("title"))
    body = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("health record")
        verbose_name_plural = _("health records")
        indexes = [models.Index(fields=["client", "-created_at"], name="prac_record_client")]

    def __str__(self) -> str:  # never the title or body
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["access_count", "last_accessed_at"],
    model_name="HealthShareEvent",
)
class HealthShare(models.Model):
    """A client's consent that one practitioner may see their profile and records.

    Live while ``revoked_at`` is empty and ``now < expires_at`` (half-open). ``read_write``
    also lets the practitioner write and change their own notes about the client. One
    unrevoked consent per (client, practitioner); granting again renews it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_shares"
    )
    practitioner = models.ForeignKey(
        "practitioners.Practitioner", on_delete=models.CASCADE, related_name="health_shares"
    )
    permission = models.CharField(
        _("permission"),
        max_length=12,
        choices=SharePermission.choices,
        default=SharePermission.READ,
    )
    include_profile = models.BooleanField(_("include my health profile"), default=True)
    expires_at = models.DateTimeField(_("until"))
    revoked_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    access_count = models.PositiveIntegerField(default=0, editable=False)
    last_accessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("health record sharing")
        verbose_name_plural = _("health record sharing")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "practitioner"],
                condition=Q(revoked_at__isnull=True),
                name="prac_one_open_share",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="prac_share_expires_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} → {self.practitioner_id} ({self.permission})"


class HealthAccessLog(models.Model):
    """Who saw, exported, shared or wrote a client's health data, and when (append-only).

    ``actor_name`` is a snapshot so the client can still read the trail if the actor's
    account goes; ``client`` is whose data it was."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_access_log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("what"), max_length=10, choices=HealthAccessAction.choices)
    record = models.ForeignKey(
        HealthRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    share = models.ForeignKey(
        HealthShare, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target = models.CharField(_("which data"), max_length=30)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("health data access")
        verbose_name_plural = _("health data access log")
        indexes = [models.Index(fields=["client", "-created_at"], name="prac_access_client")]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.target}"
