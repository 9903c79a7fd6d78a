"""Prompt registry and A/B experiments."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coaching.enums import Arm, ExperimentStatus, Winner
from coaching.exceptions import (
    ExperimentInvalid,
    PromptLocked,
    PromptNotFound,
    PromptVariablesInvalid,
)
from coaching.models import ExperimentAssignment, PromptExperiment, PromptTemplate

if TYPE_CHECKING:
    from accounts.models import User

PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")
CONTENT_FIELDS = (
    "name",
    "model",
    "system_prompt",
    "user_template",
    "variables",
    "parameters",
    "output_format",
    "json_schema",
)


def template_placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def prompt_check_variables(*, user_template: str, variables: list[str]) -> None:
    """Every placeholder must be declared (and every declared variable used)."""
    used = template_placeholders(user_template)
    declared = set(variables or [])
    if used - declared:
        raise PromptVariablesInvalid(
            _("Declare every placeholder: %(names)s.")
            % {"names": ", ".join(sorted(used - declared))},
            fields={"variables": [", ".join(sorted(used - declared))]},
        )
    if declared - used:
        raise PromptVariablesInvalid(
            _("These declared variables are not used: %(names)s.")
            % {"names": ", ".join(sorted(declared - used))},
            fields={"variables": [", ".join(sorted(declared - used))]},
        )


def prompt_render(*, template: PromptTemplate, variables: dict[str, Any]) -> str:
    declared = set(template.variables or [])
    missing = declared - set(variables)
    if missing:
        raise PromptVariablesInvalid(
            _("Missing prompt variables: %(names)s.") % {"names": ", ".join(sorted(missing))}
        )

    def repl(match: re.Match) -> str:
        name = match.group(1)
        if name not in declared:
            raise PromptVariablesInvalid(_("Undeclared placeholder: %(name)s.") % {"name": name})
        return str(variables[name])

    return PLACEHOLDER.sub(repl, template.user_template)


def prompt_create_version(
    *,
    name: str,
    model: str,
    user_template: str,
    variables: list[str],
    system_prompt: str = "",
    parameters: dict | None = None,
    output_format: str = "json",
    json_schema: dict | None = None,
    description: str = "",
    author: str = "",
) -> PromptTemplate:
    """Add the next version of ``name`` (inactive until activated)."""
    prompt_check_variables(user_template=user_template, variables=variables)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                current = PromptTemplate.objects.filter(name=name).aggregate(v=Max("version"))["v"]
                return PromptTemplate.objects.create(
                    name=name,
                    version=(current or 0) + 1,
                    model=model,
                    system_prompt=system_prompt,
                    user_template=user_template,
                    variables=list(variables),
                    parameters=parameters or {},
                    output_format=output_format,
                    json_schema=json_schema,
                    description=description,
                    author=author,
                )
        except IntegrityError:
            continue
    raise ExperimentInvalid(_("Another version was added at the same moment; try again."))


def prompt_update(*, template: PromptTemplate, **fields: Any) -> PromptTemplate:
    """Change an unused version. A version that has been used is immutable."""
    with transaction.atomic():
        locked = PromptTemplate.objects.select_for_update().get(pk=template.pk)
        changing = [k for k, v in fields.items() if k in CONTENT_FIELDS and getattr(locked, k) != v]
        if changing and locked.usage_count > 0:
            raise PromptLocked(
                _("Version %(v)s has been used and cannot change; create a new version.")
                % {"v": locked.version}
            )
        for key, value in fields.items():
            setattr(locked, key, value)
        prompt_check_variables(user_template=locked.user_template, variables=locked.variables)
        locked.save()
        return locked


def prompt_activate(*, template: PromptTemplate) -> PromptTemplate:
    """Make ``template`` the active version of its name (atomically)."""
    with transaction.atomic():
        locked = list(PromptTemplate.objects.select_for_update().filter(name=template.name))
        if any(t.pk == template.pk and t.disabled_at for t in locked):
            raise PromptLocked(
                _("Version %(v)s of %(name)s was taken out of service; add a new version.")
                % {"v": template.version, "name": template.name}
            )
        PromptTemplate.objects.filter(name=template.name, is_active=True).exclude(
            pk=template.pk
        ).update(is_active=False)
        PromptTemplate.objects.filter(pk=template.pk).update(is_active=True)
    template.refresh_from_db()
    return template


@dataclass(frozen=True)
class PromptChoice:
    template: PromptTemplate
    experiment: PromptExperiment | None = None
    arm: str = ""


def _bucket(experiment_id: int, user_id: Any) -> int:
    digest = hashlib.sha256(f"{experiment_id}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def experiment_assign(*, experiment: PromptExperiment, user: User) -> str:
    """The user's arm: stored on first exposure, so it stays even if the split changes."""
    existing = (
        ExperimentAssignment.objects.filter(experiment=experiment, user=user)
        .values_list("arm", flat=True)
        .first()
    )
    if existing:
        return existing
    arm = Arm.A if _bucket(experiment.pk, user.pk) < experiment.traffic_split else Arm.B
    try:
        with transaction.atomic():
            ExperimentAssignment.objects.create(experiment=experiment, user=user, arm=arm)
    except IntegrityError:
        return ExperimentAssignment.objects.get(experiment=experiment, user=user).arm
    return str(arm)


def prompt_resolve(*, name: str, user: User | None) -> PromptChoice:
    """The version ``user`` gets for ``name``: their experiment arm, else the active one."""
    if user is not None and getattr(user, "pk", None):
        experiment = (
            PromptExperiment.objects.filter(name=name, status=ExperimentStatus.RUNNING)
            .select_related("template_a", "template_b")
            .first()
        )
        if experiment is not None:
            arm = experiment_assign(experiment=experiment, user=user)
            template = experiment.template_a if arm == Arm.A else experiment.template_b
            return PromptChoice(template=template, experiment=experiment, arm=arm)
    active = PromptTemplate.objects.filter(name=name, is_active=True).first()
    if active is None:
        raise PromptNotFound(_("No active prompt named %(name)s.") % {"name": name})
    return PromptChoice(template=active)


def experiment_start(
    *, template_a: PromptTemplate, template_b: PromptTemplate, traffic_split: int = 50
) -> PromptExperiment:
    if template_a.name != template_b.name or template_a.pk == template_b.pk:
        raise ExperimentInvalid(_("Compare two different versions of the same prompt."))
    if not 0 <= traffic_split <= 100:
        raise ExperimentInvalid(_("The split is a percentage from 0 to 100."))
    if template_a.disabled_at or template_b.disabled_at:
        raise ExperimentInvalid(_("A version taken out of service cannot be tested again."))
    try:
        with transaction.atomic():
            return PromptExperiment.objects.create(
                name=template_a.name,
                template_a=template_a,
                template_b=template_b,
                traffic_split=traffic_split,
            )
    except IntegrityError as exc:
        raise ExperimentInvalid(
            _("An experiment on this prompt is already running; end it first.")
        ) from exc


def experiment_record_rating(*, experiment: PromptExperiment, arm: str, rating: int) -> None:
    if arm not in (Arm.A, Arm.B) or not 1 <= rating <= 5:
        return
    PromptExperiment.objects.filter(pk=experiment.pk).update(
        **{
            f"{arm}_rating_sum": F(f"{arm}_rating_sum") + rating,
            f"{arm}_rating_count": F(f"{arm}_rating_count") + 1,
        }
    )


def experiment_declare_winner(
    *, experiment: PromptExperiment, winner: str, actor: User | None, reason: str
) -> PromptExperiment:
    """End the experiment; the winning version (A or B) becomes the active one."""
    if winner not in Winner.values:
        raise ExperimentInvalid(_("The winner is A, B or a tie."))
    if not reason.strip():
        raise ExperimentInvalid(_("Say why this version wins."))
    with transaction.atomic():
        locked = PromptExperiment.objects.select_for_update().get(pk=experiment.pk)
        if locked.status != ExperimentStatus.RUNNING:
            raise ExperimentInvalid(_("This experiment has already ended."))
        locked.status = ExperimentStatus.COMPLETED
        locked.winner = winner
        locked.decided_by = actor
        locked.decision_reason = reason.strip()[:300]
        locked.ended_at = timezone.now()
        locked.save()
        if winner in (Winner.A, Winner.B):
            template = locked.template_a if winner == Winner.A else locked.template_b
            prompt_activate(template=template)
    return locked


def experiment_cancel(*, experiment: PromptExperiment) -> PromptExperiment:
    with transaction.atomic():
        locked = PromptExperiment.objects.select_for_update().get(pk=experiment.pk)
        if locked.status == ExperimentStatus.RUNNING:
            locked.status = ExperimentStatus.CANCELLED
            locked.ended_at = timezone.now()
            locked.save(update_fields=["status", "ended_at"])
    return locked


def prompt_disable_version(*, name: str, version: int) -> PromptTemplate:
    """Take one prompt version out of service (an operator found its answers harmful).

    If it is the active version, the newest other version becomes active; if it is an arm of a
    running experiment, the experiment is cancelled. A version with nothing to fall back to
    cannot be disabled (every call would fail): add a new version first."""
    with transaction.atomic():
        versions = list(
            PromptTemplate.objects.select_for_update().filter(name=name).order_by("-version")
        )
        target = next((t for t in versions if t.version == version), None)
        if target is None:
            raise PromptNotFound(
                _("There is no version %(v)s of %(name)s.") % {"v": version, "name": name}
            )
        for experiment in PromptExperiment.objects.filter(
            name=name, status=ExperimentStatus.RUNNING
        ).filter(Q(template_a=target) | Q(template_b=target)):
            experiment_cancel(experiment=experiment)
        if target.is_active:
            fallback = next((t for t in versions if t.pk != target.pk and not t.disabled_at), None)
            if fallback is None:
                raise PromptLocked(
                    _("%(name)s has no other version to fall back to; add one first.")
                    % {"name": name}
                )
            prompt_activate(template=fallback)
        if not target.disabled_at:
            PromptTemplate.objects.filter(pk=target.pk).update(disabled_at=timezone.now())
    target.refresh_from_db()
    return target
