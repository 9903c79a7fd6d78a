"""Applying to practise on Haru, and the operator's decision (approve / reject / ask for more).

A decision checks the transition, writes its log row and notifies the applicant in one
transaction. Approving a trainer grants the accounts-level trainer role (habits' workout-plan
authoring asks ``accounts.roles``); rejecting an approved trainer takes it away.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.services import notify
from practitioners.enums import APPLICATION_TRANSITIONS, ApplicationStatus, PractitionerType
from practitioners.exceptions import ApplicationExists, InvalidApplicationTransition
from practitioners.models import (
    ApplicationDocument,
    Practitioner,
    PractitionerSpecialization,
    PractitionerStatusLog,
    Specialization,
)

if TYPE_CHECKING:
    from accounts.models import UploadedFile, User

PROFILE_FIELDS = (
    "display_name",
    "display_name_en",
    "type",
    "license_number",
    "license_issuer",
    "license_expiry",
    "headline_ko",
    "headline_en",
    "bio_ko",
    "bio_en",
    "languages",
    "years_experience",
    "education",
    "certifications",
    "session_types",
    "fee_min",
    "fee_max",
    "currency",
    "timezone",
    "video_link",
    "address",
)


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:40] or "practitioner"
    return f"{base}-{uuid.uuid4().hex[:6]}"


def practitioner_refresh_search(*, practitioner_id) -> None:
    """Rebuild the search columns from names, headlines, bios and specialization names."""
    practitioner = Practitioner.objects.get(pk=practitioner_id)
    specs = list(
        Specialization.objects.filter(
            practitioner_links__practitioner_id=practitioner_id
        ).values_list("name_ko", "name_en")
    )
    ko_text = " ".join(
        [
            practitioner.display_name,
            practitioner.display_name_en,
            practitioner.headline_ko,
            practitioner.headline_en,
            " ".join(ko for ko, _en in specs),
            " ".join(en for _ko, en in specs),
            practitioner.bio_ko[:2000],
        ]
    )
    Practitioner.objects.filter(pk=practitioner_id).update(
        search_text=ko_text.lower(),
        search_vector=(
            SearchVector(Value(practitioner.display_name_en), weight="A", config="english")
            + SearchVector(Value(" ".join(en for _ko, en in specs)), weight="A", config="english")
            + SearchVector(Value(practitioner.headline_en), weight="B", config="english")
            + SearchVector(Value(practitioner.bio_en), weight="C", config="english")
        ),
    )


def practitioner_apply(
    *,
    user: User,
    profile: dict[str, Any],
    documents: Sequence[tuple[UploadedFile, str]] = (),
    specializations: Iterable[tuple[Specialization, str]] = (),
) -> Practitioner:
    """Apply (or re-apply after a rejection / a request for more) with profile and documents."""
    profile = {key: value for key, value in profile.items() if key in PROFILE_FIELDS}
    if profile.get("type") and profile["type"] not in PractitionerType.values:
        raise InvalidApplicationTransition(_("Choose a practitioner type."))
    with transaction.atomic():
        existing = Practitioner.objects.select_for_update().filter(user=user).first()
        if existing is None:
            try:
                with transaction.atomic():
                    practitioner = Practitioner.objects.create(
                        user=user,
                        slug=_unique_slug(profile.get("display_name_en") or ""),
                        **profile,
                    )
            except IntegrityError as exc:
                raise ApplicationExists(_("You have applied already.")) from exc
            PractitionerStatusLog.objects.create(
                practitioner=practitioner, to_status=ApplicationStatus.APPLIED, actor=user
            )
        else:
            practitioner = existing
            if practitioner.status == ApplicationStatus.APPROVED:
                raise ApplicationExists(_("You are approved already. Edit your profile instead."))
            if practitioner.status == ApplicationStatus.APPLIED:
                pass  # still waiting: update what was sent
            else:
                _move(practitioner, ApplicationStatus.APPLIED, actor=user, reason="re-applied")
            for key, value in profile.items():
                setattr(practitioner, key, value)
            practitioner.save()
        for upload, kind in documents:
            ApplicationDocument.objects.create(practitioner=practitioner, upload=upload, kind=kind)
        for specialization, proficiency in specializations:
            PractitionerSpecialization.objects.update_or_create(
                practitioner=practitioner,
                specialization=specialization,
                defaults={"proficiency": proficiency},
            )
        practitioner_refresh_search(practitioner_id=practitioner.pk)
    practitioner.refresh_from_db()
    return practitioner


def practitioner_update_profile(
    *, practitioner: Practitioner, profile: dict[str, Any]
) -> Practitioner:
    for key, value in profile.items():
        if key in PROFILE_FIELDS or key in (
            "is_listed",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "minimum_notice_minutes",
            "slot_interval_minutes",
            "booking_horizon_days",
            "daily_limit",
            "weekly_limit",
        ):
            setattr(practitioner, key, value)
    with transaction.atomic():
        practitioner.save()
        practitioner_refresh_search(practitioner_id=practitioner.pk)
    return practitioner


def _move(practitioner: Practitioner, to_status: str, *, actor: User | None, reason: str) -> None:
    from_status = practitioner.status
    if to_status not in APPLICATION_TRANSITIONS.get(from_status, frozenset()):
        raise InvalidApplicationTransition(
            _("An application that is %(from)s cannot become %(to)s.")
            % {
                "from": ApplicationStatus(from_status).label,
                "to": ApplicationStatus(to_status).label,
            }
        )
    practitioner.status = to_status
    PractitionerStatusLog.objects.create(
        practitioner=practitioner,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason,
    )


DECISION_TEXT = {
    ApplicationStatus.APPROVED: (
        gettext_lazy("Your practitioner application is approved"),
        gettext_lazy("Welcome to Haru. Add your services and hours so clients can book you."),
    ),
    ApplicationStatus.REJECTED: (
        gettext_lazy("About your practitioner application"),
        gettext_lazy("We could not approve your application. Reason: %(reason)s"),
    ),
    ApplicationStatus.MORE_INFO_REQUESTED: (
        gettext_lazy("We need a little more for your application"),
        gettext_lazy("Please add the following and send it again: %(reason)s"),
    ),
}


def practitioner_decide(
    *, practitioner: Practitioner, decision: str, operator: User | None, reason: str = ""
) -> Practitioner:
    """The operator's decision. Rejecting and asking for more need a reason for the applicant."""
    if decision not in DECISION_TEXT:
        raise InvalidApplicationTransition(_("Choose approve, reject or request more information."))
    if decision != ApplicationStatus.APPROVED and not reason.strip():
        raise InvalidApplicationTransition(
            _("Tell the applicant why."), fields={"reason": [_("This field is required.")]}
        )
    with transaction.atomic():
        practitioner = (
            Practitioner.objects.select_for_update().select_related("user").get(pk=practitioner.pk)
        )
        was_approved = practitioner.status == ApplicationStatus.APPROVED
        _move(practitioner, decision, actor=operator, reason=reason)
        now = timezone.now()
        practitioner.decision_reason = reason
        practitioner.decided_at = now
        practitioner.decided_by = operator
        if decision == ApplicationStatus.APPROVED:
            practitioner.is_verified = True
            practitioner.verified_at = now
        else:
            practitioner.is_verified = False
        practitioner.save()
        user = practitioner.user
        if practitioner.type == PractitionerType.TRAINER:
            if decision == ApplicationStatus.APPROVED:
                roles.trainer_role_grant(user=user)
            elif was_approved:
                roles.trainer_role_revoke(user=user)
        title, body = DECISION_TEXT[ApplicationStatus(decision)]
        key = f"practitioners.decision.{practitioner.pk}.{practitioner.status_logs.count()}"
        url = reverse("practitioners:apply")

        def send() -> None:
            from django.utils.translation import override

            with override(user.language or "ko"):
                notify(
                    user=user,
                    type="practitioners.application",
                    title=title,
                    body=str(body) % {"reason": reason},
                    data={"url": url},
                    channels=("in_app", "email"),
                    dedupe_key=key,
                )

        transaction.on_commit(send)
    return practitioner
