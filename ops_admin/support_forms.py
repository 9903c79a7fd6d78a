from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ops_admin.selectors import support_categories
from ops_admin.services.support import MAX_MESSAGE_CHARS


class InquiryForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=support_categories(),
        empty_label=_("Choose a category"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Please don't include card numbers or passwords."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A screenshot helps us a lot (JPEG, PNG or WebP)."),
    )


class GuestInquiryForm(InquiryForm):
    email = forms.EmailField(
        label=_("E-mail for our answer"),
        help_text=_("We send a link to read our answers to this address."),
    )

    field_order = ["email", "category", "subject", "message", "attachment"]


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("Write a reply"),
        max_length=MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
