"""Diary AI readings can be reported ("Report this answer") like coaching's own answers.

Coaching keeps the flags and the console's queue; diaries only says how to find a reading for
its owner. The reading's texts are opened with the writer's key and copied into the flag
(coaching encrypts them): reporting is the writer's choice to show that reading to operators.
The diary entry itself is never copied.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from coaching.exceptions import OutputNotFound
from coaching.services.flags import FlaggableOutput
from core.crypto import DecryptionError

from .enums import AnalysisStatus
from .models import Analysis
from .selectors import analysis_open
from .vault import vault_for

DIARY_READING = "diary_reading"


def diary_reading_for_owner(user: Any, output_id: str) -> FlaggableOutput:
    """The finished reading ``output_id`` of one of ``user``'s entries (not sealed, not in the
    trash), or ``OutputNotFound`` for anyone else's, a missing one or one still pending."""
    try:
        pk = int(output_id)
        if not 0 < pk < 2**63:
            raise ValueError(output_id)
        analysis = Analysis.objects.select_related("entry").get(
            pk=pk,
            user_id=user.pk,
            status=AnalysisStatus.DONE,
            entry__user_id=user.pk,
            entry__deleted_at__isnull=True,
            entry__sealed=False,
        )
        opened = analysis_open(analysis=analysis, vault=vault_for(user))
    except (Analysis.DoesNotExist, ValueError, TypeError, DecryptionError) as exc:
        raise OutputNotFound(_("This answer does not exist.")) from exc
    parts = [
        opened.summary,  # type: ignore[attr-defined]
        opened.interpretation,  # type: ignore[attr-defined]
        opened.reflection_question,  # type: ignore[attr-defined]
    ]
    return FlaggableOutput(
        text="\n\n".join(p for p in parts if p),
        url=reverse("diaries:detail", args=[analysis.entry_id]) + "#analysis",
        model=analysis.model_name,
        prompt_name=analysis.prompt_name,
        prompt_version=analysis.prompt_version,
    )
