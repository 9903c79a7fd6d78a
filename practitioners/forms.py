from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import rrulestr
from django import forms
from django.utils.translation import gettext_lazy as _

from practitioners.enums import DocumentKind, PractitionerType, SessionType
from practitioners.models import (
    AvailabilityRule,
    BlockedTime,
    DateOverride,
    Practitioner,
    Service,
    Specialization,
)

LANGUAGE_CHOICES = [("ko", "한국어"), ("en", "English"), ("ja", "日本語"), ("zh", "中文")]


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    specialization = forms.ChoiceField(label=_("Specialization"), required=False)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any")), *PractitionerType.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *LANGUAGE_CHOICES]
    )
    session_type = forms.ChoiceField(
        label=_("Session type"), required=False, choices=[("", _("Any")), *SessionType.choices]
    )
    price_max = forms.IntegerField(label=_("Price up to"), required=False, min_value=0)
    rating_min = forms.DecimalField(
        label=_("Rating at least"), required=False, min_value=0, max_value=5, decimal_places=1
    )
    available_within_days = forms.IntegerField(
        label=_("Available within (days)"), required=False, min_value=1, max_value=60
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Best match")),
            ("rating", _("Rating")),
            ("price", _("Price")),
            ("experience", _("Experience")),
        ],
    )

    def __init__(self, *args, specializations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialization"].choices = [("", _("Any"))] + [
            (s.slug, s.name) for s in specializations
        ]


class ApplyForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown to clients (Korean)"), max_length=100)
    display_name_en = forms.CharField(label=_("Name in English"), max_length=100, required=False)
    type = forms.ChoiceField(label=_("What you do"), choices=PractitionerType.choices)
    headline_ko = forms.CharField(label=_("Headline (Korean)"), max_length=150, required=False)
    headline_en = forms.CharField(label=_("Headline (English)"), max_length=150, required=False)
    bio_ko = forms.CharField(
        label=_("About you (Korean)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    bio_en = forms.CharField(
        label=_("About you (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    session_types = forms.MultipleChoiceField(
        label=_("Session types"), choices=SessionType.choices, widget=forms.CheckboxSelectMultiple
    )
    years_experience = forms.IntegerField(label=_("Years of experience"), min_value=0, max_value=70)
    license_number = forms.CharField(label=_("Licence number"), max_length=100, required=False)
    license_issuer = forms.CharField(label=_("Licence issued by"), max_length=100, required=False)
    education = forms.CharField(
        label=_("Education (one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    certifications = forms.CharField(
        label=_("Certifications (one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    specializations = forms.ModelMultipleChoiceField(
        label=_("Specializations"),
        queryset=Specialization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    timezone = forms.ChoiceField(label=_("Time zone"), initial="Asia/Seoul")
    document = forms.FileField(label=_("Licence or certificate (PDF or picture)"), required=False)
    document_kind = forms.ChoiceField(
        label=_("The document is a"), choices=DocumentKind.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specializations"].queryset = Specialization.objects.filter(is_active=True)
        self.fields["timezone"].choices = [(z, z) for z in sorted(available_timezones())]

    def profile(self) -> dict:
        data = self.cleaned_data
        lines = lambda text: [  # noqa: E731
            {"name": line.strip()} for line in (text or "").splitlines() if line.strip()
        ]
        return {
            "display_name": data["display_name"],
            "display_name_en": data["display_name_en"],
            "type": data["type"],
            "headline_ko": data["headline_ko"],
            "headline_en": data["headline_en"],
            "bio_ko": data["bio_ko"],
            "bio_en": data["bio_en"],
            "languages": list(data["languages"]),
            "session_types": list(data["session_types"]),
            "years_experience": data["years_experience"],
            "license_number": data["license_number"],
            "license_issuer": data["license_issuer"],
            "education": lines(data["education"]),
            "certifications": lines(data["certifications"]),
            "timezone": data["timezone"],
        }


class ServiceForm(forms.ModelForm):
    session_types = forms.MultipleChoiceField(
        label=_("Session types"), choices=SessionType.choices, widget=forms.CheckboxSelectMultiple
    )
    refund_24h = forms.IntegerField(
        label=_("Refund when cancelled 24 h or more before (%)"),
        min_value=0,
        max_value=100,
        initial=100,
    )
    refund_2h = forms.IntegerField(
        label=_("Refund when cancelled 2 h or more before (%)"),
        min_value=0,
        max_value=100,
        initial=50,
    )

    class Meta:
        model = Service
        fields = (
            "name_ko",
            "name_en",
            "description_ko",
            "duration_minutes",
            "price",
            "session_types",
            "seats",
            "preparation_text",
            "follow_up_text",
            "is_active",
        )
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 3}),
            "preparation_text": forms.Textarea(attrs={"rows": 2}),
            "follow_up_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tiers = {
            int(t["min_notice_hours"]): t["refund_percent"]
            for t in self.instance.cancellation_tiers or []
        }
        if self.instance.pk:
            self.fields["refund_24h"].initial = tiers.get(24, 0)
            self.fields["refund_2h"].initial = tiers.get(2, 0)

    def clean(self):
        cleaned = super().clean()
        late, early = cleaned.get("refund_2h"), cleaned.get("refund_24h")
        if late is not None and early is not None and late > early:
            self.add_error("refund_2h", _("A later cancellation cannot refund more."))
        return cleaned

    def save(self, commit=True):
        self.instance.cancellation_tiers = [
            {"min_notice_hours": 24, "refund_percent": self.cleaned_data["refund_24h"]},
            {"min_notice_hours": 2, "refund_percent": self.cleaned_data["refund_2h"]},
        ]
        return super().save(commit)


class RuleForm(forms.ModelForm):
    class Meta:
        model = AvailabilityRule
        fields = ("weekday", "start_time", "end_time")
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("The end must come after the start."))
        return cleaned


class OverrideForm(forms.ModelForm):
    class Meta:
        model = DateOverride
        fields = ("date", "is_unavailable", "start_time", "end_time", "note")
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_unavailable"):
            cleaned["start_time"] = cleaned["end_time"] = None
            self.instance.start_time = self.instance.end_time = None
        elif not (cleaned.get("start_time") and cleaned.get("end_time")):
            self.add_error("start_time", _("Give the hours, or mark the day closed."))
        elif cleaned["start_time"] >= cleaned["end_time"]:
            self.add_error("end_time", _("The end must come after the start."))
        return cleaned


REPEAT_CHOICES = [
    ("", _("Does not repeat")),
    ("FREQ=DAILY", _("Every day")),
    ("FREQ=WEEKLY", _("Every week")),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", _("Every weekday")),
    ("FREQ=MONTHLY", _("Every month")),
]


class BlockedTimeForm(forms.Form):
    """Times are the practitioner's wall clock; stored as instants in UTC."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    repeat = forms.ChoiceField(label=_("Repeats"), choices=REPEAT_CHOICES, required=False)
    until = forms.DateField(
        label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args, practitioner: Practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.practitioner = practitioner

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("The end must come after the start."))
        return cleaned

    def rrule(self) -> str:
        rule = self.cleaned_data.get("repeat") or ""
        until = self.cleaned_data.get("until")
        if rule and until:
            rule += f";UNTIL={until:%Y%m%d}T235959Z"
        if rule:
            rrulestr(rule, dtstart=datetime.now(UTC))  # the choices are valid; keep it so
        return rule

    def instance(self) -> BlockedTime:
        tz = ZoneInfo(self.practitioner.timezone)
        data = self.cleaned_data
        starts = datetime.combine(data["date"], data["start_time"], tzinfo=tz)
        ends = datetime.combine(data["date"], data["end_time"], tzinfo=tz)
        return BlockedTime(
            practitioner=self.practitioner,
            starts_at=starts,
            ends_at=ends,
            reason=data["reason"],
            rrule=self.rrule(),
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RescheduleForm(forms.Form):
    new_starts_at = forms.DateTimeField(label=_("New time"))
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class WaitlistForm(forms.Form):
    days = forms.IntegerField(
        label=_("Tell me about a free time within (days)"), min_value=1, max_value=60, initial=14
    )

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        return now, now + timedelta(days=self.cleaned_data["days"])
