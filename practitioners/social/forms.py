"""Forms of the social pages: they check the shape; the services check the rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exceptions import HaruError
from practitioners.social.enums import (
    PRACTITIONER_RECORD_KINDS,
    REVIEW_ASPECTS,
    HealthRecordKind,
    SharePermission,
)

RATING_CHOICES = [(n, "★" * n) for n in range(5, 0, -1)]
ASPECT_CHOICES = [("", _("Skip")), *[(n, str(n)) for n in range(5, 0, -1)]]


def apply_error(form: forms.Form, error: HaruError) -> None:
    """Put a service error on the fields it names, else at the top of the form."""
    placed = False
    for field, messages in (error.fields or {}).items():
        if field in form.fields and isinstance(messages, list):
            for message in messages:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, error.message)


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=120, required=False)
    content = forms.CharField(
        label=_("Your review (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    anonymous = forms.BooleanField(label=_("Post without my name"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in REVIEW_ASPECTS.items():
            self.fields[f"aspect_{name}"] = forms.TypedChoiceField(
                label=label, choices=ASPECT_CHOICES, coerce=int, required=False, empty_value=None
            )

    def aspects(self) -> dict[str, int]:
        return {
            name: self.cleaned_data[f"aspect_{name}"]
            for name in REVIEW_ASPECTS
            if self.cleaned_data.get(f"aspect_{name}")
        }

    def aspect_fields(self):
        return [self[f"aspect_{name}"] for name in REVIEW_ASPECTS]


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write a message")}),
    )
    file = forms.FileField(label=_("Attach a file"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Write a message or attach a file."))
        return data


class HealthProfileForm(forms.Form):
    blood_type = forms.CharField(label=_("Blood type"), max_length=10, required=False)
    allergies = forms.CharField(
        label=_("Allergies"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    conditions = forms.CharField(
        label=_("Ongoing conditions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )
    medications = forms.CharField(
        label=_("Current medication"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )
    goals = forms.CharField(
        label=_("What I would like help with"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )
    emergency_info = forms.CharField(label=_("In an emergency"), required=False, max_length=2000)
    physician = forms.CharField(label=_("My doctor"), required=False, max_length=200)


class OwnNoteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Notes"), max_length=20000, required=False, widget=forms.Textarea({"rows": 4})
    )


class ShareForm(forms.Form):
    practitioner = forms.ChoiceField(label=_("Practitioner"))
    permission = forms.ChoiceField(
        label=_("They may"), choices=SharePermission.choices, widget=forms.RadioSelect
    )
    expires_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    include_profile = forms.BooleanField(
        label=_("Include my health profile"), required=False, initial=True
    )

    def __init__(self, *args, practitioners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = [(str(p.pk), p.display_name) for p in practitioners]
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
        self.fields["permission"].initial = SharePermission.READ


class PractitionerNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, HealthRecordKind(k).label) for k in PRACTITIONER_RECORD_KINDS],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Notes"), max_length=20000, required=False, widget=forms.Textarea({"rows": 8})
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown to the writer)"), max_length=300)
