from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.enums import RefundReason
from billing.models import PractitionerPayout


class TestCardForm(forms.Form):
    """The test-mode checkout's card form (no real card is ever charged)."""

    card_number = forms.CharField(
        label=_("Card number"),
        max_length=23,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-number"}),
    )
    expiry = forms.RegexField(
        label=_("Expiry (MM/YY)"),
        regex=r"^\s*(0[1-9]|1[0-2])\s*/\s*(\d{2})\s*$",
        error_messages={"invalid": _("Use the form MM/YY, for example 12/29.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "cc-exp", "placeholder": "MM/YY"}
        ),
    )
    amount = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_card_number(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["card_number"] if ch.isdigit())
        if not 12 <= len(digits) <= 19:
            raise forms.ValidationError(_("Enter the 16 digits on the card."))
        return digits

    def expiry_parts(self) -> tuple[int, int]:
        month, year = self.cleaned_data["expiry"].replace(" ", "").split("/")
        return int(month), 2000 + int(year)

    def clean(self):
        cleaned = super().clean()
        if "expiry" in cleaned:
            month, year = self.expiry_parts()
            today = date.today()  # noqa: DTZ011 - card expiry is a calendar month anywhere
            if (year, month) < (today.year, today.month):
                self.add_error("expiry", _("This card has expired."))
        return cleaned


class CancelForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you leaving? (optional)"),
        required=False,
        choices=[
            ("", _("Prefer not to say")),
            ("too_expensive", _("It costs too much")),
            ("not_using", _("I don't use it enough")),
            ("missing_feature", _("Something I need is missing")),
            ("temporary", _("Just taking a break")),
            ("other", _("Something else")),
        ],
    )


class RefundForm(forms.Form):
    # one key per rendered form: sending the form twice refunds once (bound to the payment)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    amount = forms.IntegerField(label=_("Amount"), min_value=1)
    reason = forms.ChoiceField(label=_("Reason"), choices=RefundReason.choices)
    description = forms.CharField(label=_("Details"), max_length=255, required=False)


class RefundRequestForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount"), min_value=1)
    reason = forms.ChoiceField(label=_("Reason"), choices=RefundReason.choices)
    description = forms.CharField(label=_("Details"), max_length=255, required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=366)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class AdjustForm(forms.Form):
    delta = forms.IntegerField(label=_("Change (negative takes away)"))
    reason = forms.CharField(label=_("Reason"), max_length=120)

    def clean_delta(self) -> int:
        if self.cleaned_data["delta"] == 0:
            raise forms.ValidationError(_("The change cannot be zero."))
        return self.cleaned_data["delta"]


class EndNowForm(forms.Form):
    """Ending now: the refund amount the page showed, and the form's own idempotency key."""

    expected_amount = forms.IntegerField(min_value=0, max_value=100_000_000)
    idempotency_key = forms.CharField(min_length=1, max_length=255)


class TestMethodForm(forms.Form):
    """The test-mode KakaoPay / NaverPay / TossPay / bank-account window: pick how the
    payment ends (no real money moves)."""

    outcome = forms.ChoiceField(
        label=_("Test outcome"),
        choices=[
            ("ok", _("approved")),
            ("no_funds", _("registers, then every charge fails")),
            ("declined", _("declined")),
            ("timeout", _("approved, but the answer is lost (timeout)")),
            ("pending", _("in progress for a minute (pending)")),
            ("duplicate", _("answers 'duplicate order' after going through")),
        ],
        initial="ok",
    )
    amount = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class CheckoutMethodForm(forms.Form):
    method = forms.CharField(max_length=12)


class CouponForm(forms.Form):
    code = forms.CharField(
        label=_("Promotion code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PayoutCreateForm(forms.ModelForm):
    """What an operator fills in to create a payout; ``payout_create`` collects the payments."""

    class Meta:
        model = PractitionerPayout
        fields = ("practitioner_id", "payee", "period_start", "period_end", "method")


class PayoutPaidForm(forms.Form):
    provider_payout_id = forms.CharField(
        label=_("Transfer reference"), max_length=200, required=False
    )


class PayoutFailedForm(forms.Form):
    reason = forms.CharField(label=_("What went wrong"), max_length=500)


class CashReceiptSettingForm(forms.Form):
    """Where cash receipts (현금영수증) go: a mobile number (personal) or a business number."""

    kind = forms.ChoiceField(
        label=_("Receipt type"),
        choices=[
            ("personal", _("Income deduction (personal): mobile number")),
            ("business", _("Expense proof (business): business registration number")),
        ],
        initial="personal",
    )
    identity_number = forms.CharField(
        label=_("Mobile or business registration number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
