"""Users flag AI answers; operators resolve or dismiss the flags, or disable the prompt version.

Every kind of AI output a user can flag is registered here with a resolver that finds the
output *for its owner* (anyone else gets ``OutputNotFound``, a 404) and says what to copy
into the flag. Coaching registers its own kinds; an app above coaching registers its own
(``register_flaggable_output("diary_reading", resolver)`` in its ``AppConfig.ready``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import notify
from coaching.enums import ChatRole, FlagReason, FlagStatus, ResultStatus
from coaching.exceptions import FlagInvalid, OutputNotFound
from coaching.models import AIOutputFlag, ChatMessage, CoachingMessage, ServiceResult

if TYPE_CHECKING:
    from accounts.models import User

MAX_NOTE_CHARS = 1000


@dataclass(frozen=True)
class FlaggableOutput:
    """What a flag copies from the output the user saw, and where the user sees it."""

    text: str
    url: str
    model: str = ""
    prompt_name: str = ""
    prompt_version: int | None = None


# resolver(user, output_id) -> the output as its owner sees it; raises OutputNotFound otherwise
OutputResolver = Callable[[Any, str], FlaggableOutput]
_KINDS: dict[str, OutputResolver] = {}
_LABELS: dict[str, Any] = {}


def register_flaggable_output(kind: str, resolver: OutputResolver, *, label: Any = None) -> None:
    """Let users flag outputs of ``kind`` (a short slug, unique across apps); ``label`` is
    what operators read for the kind (a lazy translation; the slug when none is given)."""
    if not kind or len(kind) > 40:
        raise ValueError("an output kind is 1 to 40 characters")
    _KINDS[kind] = resolver
    _LABELS[kind] = label or kind


def flaggable_kinds() -> list[str]:
    return sorted(_KINDS)


def flaggable_kind_label(kind: str) -> str:
    """The operators' name of a kind of output (the slug itself for an unknown kind)."""
    return str(_LABELS.get(kind, kind))


def flaggable_output_get(*, user: User, output_kind: str, output_id: Any) -> FlaggableOutput:
    """The output ``user`` may flag, or ``OutputNotFound`` (unknown kind, not theirs, gone)."""
    resolver = _KINDS.get(str(output_kind))
    if resolver is None or not str(output_id) or len(str(output_id)) > 64:
        raise OutputNotFound(_("This answer does not exist."))
    return resolver(user, str(output_id))


def output_flag(
    *, user: User, output_kind: str, output_id: Any, reason: str, note: str = ""
) -> tuple[AIOutputFlag, bool]:
    """Flag an output for the operators. One flag per user and output: flagging again updates
    the reason and note (and reopens a closed flag). Returns ``(flag, created)``."""
    if reason not in FlagReason.values:
        raise FlagInvalid(
            _("Choose a reason."), fields={"reason": [_("Choose one of the reasons.")]}
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise FlagInvalid(
            _("The note is too long."),
            fields={"note": [_("Keep it under %(n)d characters.") % {"n": MAX_NOTE_CHARS}]},
        )
    output = flaggable_output_get(user=user, output_kind=output_kind, output_id=output_id)
    snapshot = {
        "output_text": output.text,
        "model": output.model[:60],
        "prompt_name": output.prompt_name[:100],
        "prompt_version": output.prompt_version,
    }
    key = {"user": user, "output_kind": str(output_kind), "output_id": str(output_id)}
    with transaction.atomic():
        flag = AIOutputFlag.objects.select_for_update().filter(**key).first()
        if flag is None:
            try:
                with transaction.atomic():
                    flag = AIOutputFlag.objects.create(**key, reason=reason, note=note, **snapshot)
                return flag, True
            except IntegrityError:  # the same user's second tap a moment earlier
                flag = AIOutputFlag.objects.select_for_update().get(**key)
        flag.reason = reason
        flag.note = note
        if flag.status != FlagStatus.OPEN:
            flag.status = FlagStatus.OPEN
            flag.flagged_at = timezone.now()
            flag.resolved_at = None
            flag.resolved_by = None
            flag.resolution_note = ""
        flag.save()
    return flag, False


def _close(flags: Iterable[AIOutputFlag], *, status: str, actor: User, note: str) -> int:
    ids = [flag.pk for flag in flags]
    now = timezone.now()
    with transaction.atomic():
        closing = list(
            AIOutputFlag.objects.select_for_update()
            .filter(pk__in=ids, status=FlagStatus.OPEN)
            .select_related("user")
        )
        AIOutputFlag.objects.filter(pk__in=[flag.pk for flag in closing]).update(
            status=status,
            resolved_by=actor,
            resolved_at=now,
            resolution_note=note.strip()[:1000],
            updated_at=now,
        )
        if status == FlagStatus.RESOLVED:
            for flag in closing:
                transaction.on_commit(functools.partial(_notify_resolved, flag))
    return len(closing)


def _notify_resolved(flag: AIOutputFlag) -> None:
    notify(
        user=flag.user,
        type="ai_flag_resolved",
        title=gettext_lazy("We reviewed the answer you reported"),
        body=gettext_lazy(
            "Thank you for telling us. We looked into the AI answer you reported and acted on it."
        ),
        data={"url": reverse("coaching:inbox")},
        dedupe_key=f"ai-flag-resolved:{flag.pk}:{flag.flagged_at.isoformat()}",
    )


def flags_resolve(*, flags: Iterable[AIOutputFlag], actor: User, note: str = "") -> int:
    """Close open flags as resolved (the output was a problem and was dealt with); each member
    is told. Returns how many were open."""
    return _close(flags, status=FlagStatus.RESOLVED, actor=actor, note=note)


def flags_dismiss(*, flags: Iterable[AIOutputFlag], actor: User, note: str = "") -> int:
    """Close open flags as dismissed (nothing wrong found); members are not notified."""
    return _close(flags, status=FlagStatus.DISMISSED, actor=actor, note=note)


def flags_disable_prompt_versions(*, flags: Iterable[AIOutputFlag], actor: User) -> list[str]:
    """Take the prompt versions behind these flags out of service (``prompt_disable_version``:
    the newest other version takes over) and resolve the flags. Returns "name v3" labels of
    the versions disabled; raises the prompt service's error when one cannot be."""
    from coaching.services.prompts import prompt_disable_version

    flags = list(flags)
    versions = sorted(
        {(f.prompt_name, f.prompt_version) for f in flags if f.prompt_name and f.prompt_version}
    )
    if not versions:
        raise FlagInvalid(_("These answers name no prompt version."))
    with transaction.atomic():
        for name, version in versions:
            prompt_disable_version(name=name, version=version)
        label = ", ".join(f"{name} v{version}" for name, version in versions)
        flags_resolve(
            flags=[f for f in flags if (f.prompt_name, f.prompt_version) in versions],
            actor=actor,
            note=_("Prompt version disabled: %(versions)s") % {"versions": label},
        )
    return [f"{name} v{version}" for name, version in versions]


# --- coaching's own outputs ---------------------------------------------------------------


def _reading_text(data: Any) -> str:
    if not isinstance(data, dict):
        return ""
    parts = [str(data.get("title") or ""), str(data.get("summary") or "")]
    for section in data.get("sections") or []:
        if isinstance(section, dict):
            parts.append(f"{section.get('heading') or ''}\n{section.get('body') or ''}".strip())
    return "\n\n".join(part for part in parts if part)


def _service_result(user: Any, output_id: str) -> FlaggableOutput:
    try:
        result = ServiceResult.objects.select_related("service", "prompt").get(
            pk=output_id,
            user=user,
            status=ResultStatus.SUCCEEDED,
            expires_at__gt=timezone.now(),
        )
    except (ServiceResult.DoesNotExist, ValueError, TypeError) as exc:
        raise OutputNotFound(_("This answer does not exist.")) from exc
    return FlaggableOutput(
        text=_reading_text(result.result_data),
        url=reverse("coaching:result", args=[result.pk]),
        model=result.model,
        prompt_name=result.prompt.name if result.prompt else "",
        prompt_version=result.prompt_version,
    )


def _chat_message(user: Any, output_id: str) -> FlaggableOutput:
    try:
        message = ChatMessage.objects.select_related("result__prompt").get(
            pk=int(output_id), conversation__user=user, role=ChatRole.ASSISTANT
        )
    except (ChatMessage.DoesNotExist, ValueError, TypeError) as exc:
        raise OutputNotFound(_("This answer does not exist.")) from exc
    result = message.result
    return FlaggableOutput(
        text=message.content,
        url=reverse("coaching:chat_conversation", args=[message.conversation_id]),
        model=message.model,
        prompt_name=result.prompt.name if result and result.prompt else "",
        prompt_version=result.prompt_version if result else None,
    )


def _coaching_message(user: Any, output_id: str) -> FlaggableOutput:
    try:
        message = CoachingMessage.objects.get(pk=output_id, user=user, sent_at__isnull=False)
    except (CoachingMessage.DoesNotExist, ValueError, TypeError) as exc:
        raise OutputNotFound(_("This answer does not exist.")) from exc
    return FlaggableOutput(
        text=message.content,
        url=reverse("coaching:inbox") + f"#message-{message.pk}",
        model=message.model,
        prompt_name=message.prompt_name,
        prompt_version=message.prompt_version,
    )


SERVICE_RESULT = "service_result"
CHAT_MESSAGE = "chat_message"
COACHING_MESSAGE = "coaching_message"


def register_coaching_outputs() -> None:
    """Coaching's own flaggable outputs (called from CoachingConfig.ready)."""
    register_flaggable_output(SERVICE_RESULT, _service_result, label=gettext_lazy("AI reading"))
    register_flaggable_output(CHAT_MESSAGE, _chat_message, label=gettext_lazy("Chat reply"))
    register_flaggable_output(
        COACHING_MESSAGE, _coaching_message, label=gettext_lazy("Coaching message")
    )
