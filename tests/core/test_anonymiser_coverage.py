"""Every model that points at a user is erased by a registered anonymiser, or is on this list
with the reason it must survive. The apps added later are checked by the same test."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model

from accounts.exports import anonymised_models

# Rows that stay after erasure, each for a reason. They point at the anonymised user row
# (no e-mail, name, phone or password left), so they identify nobody.
SURVIVES_ERASURE = {
    # Payment records: the Electronic Commerce Act (전자상거래법) keeps payment, refund and
    # settlement records for five years, and tax law keeps payouts; amounts and dates only.
    "billing.Payment": "legal payment record (5 years), de-identified through the user row",
    "billing.PaymentEvent": "audit trail of a kept payment (actor is an operator or nobody)",
    "billing.Refund": "legal refund record, kept with its payment",
    "billing.PractitionerPayout": "tax record of money paid out to a practitioner",
    "billing.Checkout": "payment attempt: order id and amount the gateway also holds",
    "billing.SubscriptionEvent": "audit trail of a subscription's state (kept with payments)",
    "billing.Wallet": "credit/point balance backing the ledger, a financial record",
    "billing.LedgerEntry": "credit/point ledger: a financial record, amounts and keys only",
    # Accountability of the account's own erasure and of operators.
    "accounts.UserStatusLog": "proves when the account resigned and was anonymised",
    "admin.LogEntry": "operators' action log in the console (staff accounts, not members)",
    "accounts.AdminAuditLog": "operators' audit trail (actor is staff; personal fields masked)",
    "pghistory.MiddlewareEvents": "audit context (who changed what) for kept audit rows",
    # Authorisation rows of Django's own user model tables, no personal data.
    "accounts.User_groups": "operator role membership (Groups), no personal data",
    "accounts.User_user_permissions": "operator permissions, no personal data",
}


def models_pointing_at_users() -> set[str]:
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not (getattr(field, "concrete", False) and field.is_relation):
                continue
            if (field.many_to_one or field.one_to_one) and field.related_model is user_model:
                found.add(model._meta.label)
    return found


def test_every_model_with_a_user_foreign_key_has_an_anonymiser():
    uncovered = models_pointing_at_users() - anonymised_models() - set(SURVIVES_ERASURE)
    assert not uncovered, (
        "These models hold a user's data but no anonymiser declares it erases them: "
        f"{sorted(uncovered)}. Register one with accounts.exports.register_anonymiser("
        "name, func, models=[...]) in the app's ready(), or add a reasoned entry to "
        "SURVIVES_ERASURE if the law requires the rows to stay."
    )


def test_the_allow_list_names_only_real_models_that_point_at_users():
    # a stale entry would hide nothing today but silently excuse a model tomorrow
    assert set(SURVIVES_ERASURE) <= models_pointing_at_users()
    assert not set(SURVIVES_ERASURE) & anonymised_models()


def test_declared_models_exist():
    for label in anonymised_models():
        assert apps.get_model(label) is not None, label
