"""The editorial groups. Editors write and send to review; reviewers also approve (publish).
The operator console maps its roles onto these groups."""

from __future__ import annotations

from typing import Any

EDITORS = "Content editors"
REVIEWERS = "Content reviewers"

EDITOR_PERMISSIONS = [
    "view_contentitem", "add_contentitem", "change_contentitem", "submit_contentitem",
    "view_contenttranslation", "add_contenttranslation", "change_contenttranslation",
    "delete_contenttranslation",
    "view_course", "add_course", "change_course", "view_lesson", "add_lesson", "change_lesson",
    "delete_lesson", "view_lessonitem", "add_lessonitem", "change_lessonitem", "delete_lessonitem",
    "view_announcement", "add_announcement", "change_announcement",
    "view_faqcategory", "add_faqcategory", "change_faqcategory",
    "view_faqentry", "add_faqentry", "change_faqentry", "view_faqsearchmiss",
    "view_event", "add_event", "change_event", "view_eventreward", "add_eventreward",
    "change_eventreward", "view_attendance",
]  # fmt: skip
REVIEWER_PERMISSIONS = [*EDITOR_PERMISSIONS, "publish_contentitem", "delete_contentitem"]


def ensure_groups(sender: Any = None, **kwargs: Any) -> None:
    """post_migrate: create the groups and give them their permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    permissions = {
        p.codename: p for p in Permission.objects.filter(content_type__app_label="content")
    }
    if not permissions:
        return
    for name, codenames in ((EDITORS, EDITOR_PERMISSIONS), (REVIEWERS, REVIEWER_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permissions[c] for c in codenames if c in permissions])
