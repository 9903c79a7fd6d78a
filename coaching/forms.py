"""Page forms. The AI service form is built from the service's input schema."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coaching.enums import FlagReason, Reaction, Tone
from coaching.models import AIService

CHOICE_LABELS = {
    "unknown": (_("I don't know"),),
    "fairy_tale": (_("Fairy tale"),),
    "adventure": (_("Adventure"),),
    "healing": (_("Healing"),),
    "mystery": (_("Mystery"),),
    "round": (_("Round"),),
    "oval": (_("Oval"),),
    "square": (_("Square"),),
    "long": (_("Long"),),
    "heart": (_("Heart-shaped"),),
    "large": (_("Large"),),
    "narrow": (_("Narrow"),),
    "upturned": (_("Upturned"),),
    "downturned": (_("Downturned"),),
    "high": (_("High"),),
    "rounded": (_("Rounded tip"),),
    "straight": (_("Straight"),),
    "small": (_("Small"),),
}


def _label(spec: dict) -> str:
    english = (get_language() or "ko").startswith("en")
    return spec.get("label_en" if english else "label_ko") or spec["name"]


class ServiceForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, service: AIService, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", str(uuid.uuid4()))
        for spec in service.input_schema or []:
            kind = spec.get("type", "text")
            required = bool(spec.get("required"))
            label = _label(spec)
            if kind == "date":
                field: forms.Field = forms.DateField(
                    label=label,
                    required=required,
                    widget=forms.DateInput(attrs={"type": "date"}),
                )
            elif kind == "choice":
                choices = [(c, CHOICE_LABELS.get(c, (c,))[0]) for c in spec.get("choices", [])]
                if not required:
                    choices = [("", "—"), *choices]
                field = forms.ChoiceField(label=label, required=required, choices=choices)
            else:
                widget = (
                    forms.Textarea(attrs={"rows": 4}) if kind == "textarea" else forms.TextInput()
                )
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=int(spec.get("max_length") or 500),
                    widget=widget,
                )
            self.fields[spec["name"]] = field

    def inputs(self) -> dict:
        return {
            name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in self.cleaned_data.items()
            if name != "idempotency_key" and value not in (None, "")
        }


class ChatForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", str(uuid.uuid4()))


class PreferenceForm(forms.Form):
    tone = forms.ChoiceField(
        label=_("Tone"), choices=[("", _("Haru decides")), *Tone.choices], required=False
    )
    messages_enabled = forms.BooleanField(label=_("Send me a daily message"), required=False)


class ReactionForm(forms.Form):
    reaction = forms.ChoiceField(choices=Reaction.choices)


class FeedbackForm(forms.Form):
    feedback = forms.CharField(max_length=1000, required=False, widget=forms.Textarea)


class RatingForm(forms.Form):
    rating = forms.IntegerField(min_value=1, max_value=5)


class FlagForm(forms.Form):
    """ "Report this answer": why, and optionally what went wrong."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this answer?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
