"""The audit trail in the console: read-only, filtered by operator, role, action and type."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import AdminAuditLog


@admin.register(AdminAuditLog)
class AdminAuditLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor",
        "actor_role",
        "action",
        "content_type",
        "object_repr",
        "changes",
        "request_id",
    ]
    list_filter = [
        "actor_role",
        "action",
        "content_type",
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["=object_pk", "object_repr", "=request_id", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]
    fields = [
        "created_at",
        "actor",
        "actor_role",
        "action",
        "content_type",
        "object_pk",
        "object_repr",
        "before_shown",
        "after_shown",
        "detail",
        "request_id",
        "ip",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("changes"))
    def changes(self, obj: AdminAuditLog) -> str:
        names = sorted(set(obj.before) | set(obj.after))
        return ", ".join(names) or "-"

    @admin.display(description=_("before"))
    def before_shown(self, obj: AdminAuditLog):
        return format_html("<pre>{}</pre>", json.dumps(obj.before, ensure_ascii=False, indent=2))

    @admin.display(description=_("after"))
    def after_shown(self, obj: AdminAuditLog):
        return format_html("<pre>{}</pre>", json.dumps(obj.after, ensure_ascii=False, indent=2))
