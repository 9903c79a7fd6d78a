from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.exceptions import HaruError

from .enums import Mood


def apply_error(form: forms.Form, error: HaruError) -> None:
    placed = False
    for field, messages in (error.fields or {}).items():
        if field in form.fields and isinstance(messages, list):
            for message in messages:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, error.message)


class EntryForm(forms.Form):
    title = forms.CharField(
        label=_("Title (optional)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("A name for today"), "autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Today"),
        max_length=20_000,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "placeholder": _("What stayed with you today?"),
                "data-word-count": "diary-word-count",
            }
        ),
    )
    mood = forms.TypedChoiceField(
        label=_("Mood"),
        choices=[("", _("Not now")), *Mood.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "mood-picker"}),
    )
    written_on = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Separate with commas, e.g. work, family"),
    )
    sealed = forms.BooleanField(
        label=_("Seal this entry: never send it to the AI"),
        required=False,
    )

    def clean_written_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("written_on")
        if day is not None and day.year < 1900:
            raise forms.ValidationError(_("Choose a real day."))
        return day

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [tag.strip() for tag in raw.replace("#", ",").split(",") if tag.strip()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search your diary"), max_length=100, required=False)


class AttachmentForm(forms.Form):
    file = forms.ImageField(label=_("Picture"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
