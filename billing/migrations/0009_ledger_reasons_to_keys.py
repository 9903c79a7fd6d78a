"""Existing ledger rows: turn the stored English/slug reason into a message key + parameters.

The mapping is copied here (not imported) so this migration keeps working when
``billing.messages`` changes.
"""

import re

from django.db import migrations

LEGACY_PREFIXES = {
    "attendance": "billing.attendance",
    "achievement": "billing.achievement",
    "event": "billing.event",
    "coupon": "billing.coupon",
    "discount": "billing.discount",
    "ai_service": "billing.ai_service",
    "refund": "billing.purchase_reversal",
    "expired": "billing.points_expired",
    "Welcome bonus": "billing.welcome_bonus",
}


def to_key(reason):
    prefix, _sep, rest = (reason or "").partition(":")
    if prefix == "credit_pack":
        return "billing.credit_pack", {"pack": rest}
    key = LEGACY_PREFIXES.get(prefix)
    if key is None:
        return "billing.adjustment", {"note": reason}
    detail = re.sub(r"[^a-z0-9_\-]", "", rest.lower())[:60]
    if detail and key in ("billing.ai_service", "billing.achievement", "billing.event"):
        return f"{key}.{detail}", {"detail": rest}
    return key, ({"detail": rest} if rest else {})


def forwards(apps, schema_editor):
    LedgerEntry = apps.get_model("billing", "LedgerEntry")
    CreditPack = apps.get_model("billing", "CreditPack")
    credits = {p.code: p.credits + p.bonus_credits for p in CreditPack.objects.all()}
    batch = []
    for entry in LedgerEntry.objects.filter(reason_key="").iterator(chunk_size=2000):
        key, params = to_key(entry.reason)
        if key == "billing.credit_pack" and params.get("pack") in credits:
            params["credits"] = credits[params["pack"]]
        entry.reason_key, entry.reason_params = key, params
        batch.append(entry)
        if len(batch) >= 2000:
            LedgerEntry.objects.bulk_update(batch, ["reason_key", "reason_params"])
            batch = []
    if batch:
        LedgerEntry.objects.bulk_update(batch, ["reason_key", "reason_params"])


class Migration(migrations.Migration):
    dependencies = [("billing", "0008_ledger_reason_keys")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
