"""Diary services (writes). Views, API, admin and tasks call these and nothing else."""

from .analysis import analyses_requeue_stale, analysis_request, analysis_run
from .entries import (
    EntrySaved,
    attachment_add,
    draft_discard,
    draft_save,
    entries_purge_trash,
    entry_create,
    entry_restore,
    entry_set_sealed,
    entry_trash,
    entry_update,
)
from .moderation import entry_moderate
from .reports import (
    report_build,
    report_generate_closed,
    report_generate_current,
    reports_generate_due,
)
from .slip import slip_evaluate, slip_override, slip_review_done, slip_rules, slips_release_due

__all__ = [
    "EntrySaved",
    "analyses_requeue_stale",
    "analysis_request",
    "analysis_run",
    "attachment_add",
    "draft_discard",
    "draft_save",
    "entries_purge_trash",
    "entry_create",
    "entry_moderate",
    "entry_restore",
    "entry_set_sealed",
    "entry_trash",
    "entry_update",
    "report_build",
    "report_generate_closed",
    "report_generate_current",
    "reports_generate_due",
    "slip_evaluate",
    "slip_override",
    "slip_review_done",
    "slip_rules",
    "slips_release_due",
]
