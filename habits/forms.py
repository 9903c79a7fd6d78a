"""Page forms: they check the shape of input; services check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.exceptions import HaruError
from habits.enums import (
    Difficulty,
    GoalDirection,
    HabitKind,
    Intensity,
    ScheduleType,
)
from habits.metric_types import METRIC_CHOICES, METRICS
from habits.models import Exercise, HabitCategory

WEEKDAY_CHOICES = [
    (0, _("Mon")),
    (1, _("Tue")),
    (2, _("Wed")),
    (3, _("Thu")),
    (4, _("Fri")),
    (5, _("Sat")),
    (6, _("Sun")),
]
SCORE_CHOICES = [("", "-")] + [(n, str(n)) for n in range(1, 11)]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class Form(forms.Form):
    """Labels without a trailing colon (reads better in Korean and English alike)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def apply_error(form: forms.Form, error: HaruError) -> None:
    """Show a service's refusal on the form: per field where it names fields, else on top."""
    placed = False
    for field, messages in (error.fields or {}).items():
        if field in form.fields and isinstance(messages, list):
            for message in messages:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        if error.action_url:  # e.g. "Your plan allows 3 habits at a time. … See plans" as a link
            form.add_error(
                None,
                format_html(
                    '{} <a href="{}">{}</a>', error.message, error.action_url, error.action_label
                ),
            )
        else:
            form.add_error(None, error.message)


class HabitForm(Form):
    name = forms.CharField(label=pgettext_lazy("habit or plan", "Name"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=HabitCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("No category"),
    )
    kind = forms.ChoiceField(
        label=_("How do you track it?"),
        choices=HabitKind.choices,
        widget=forms.RadioSelect,
        initial=HabitKind.BOOLEAN,
    )
    target_count = forms.IntegerField(
        label=_("Daily target"), min_value=1, max_value=100_000, initial=1, required=False
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=30, required=False, help_text=_("e.g. glasses, minutes, pages")
    )
    schedule_type = forms.ChoiceField(
        label=_("How often?"),
        choices=ScheduleType.choices,
        widget=forms.RadioSelect,
        initial=ScheduleType.DAILY,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    times_per_week = forms.IntegerField(
        label=_("Times per week"), min_value=1, max_value=7, initial=3, required=False
    )
    reminder_1 = forms.TimeField(label=_("Reminder"), required=False, widget=TimeInput())
    reminder_2 = forms.TimeField(label=_("Second reminder"), required=False, widget=TimeInput())
    reminder_3 = forms.TimeField(label=_("Third reminder"), required=False, widget=TimeInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == HabitKind.NUMERIC and not data.get("target_count"):
            self.add_error("target_count", _("Set a daily target for a counted habit."))
        if data.get("schedule_type") == ScheduleType.WEEKDAYS and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one weekday."))
        if data.get("schedule_type") == ScheduleType.TIMES_PER_WEEK and not data.get(
            "times_per_week"
        ):
            self.add_error("times_per_week", _("How many times a week?"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        numeric = data["kind"] == HabitKind.NUMERIC
        return {
            "name": data["name"],
            "category": data.get("category"),
            "kind": data["kind"],
            "target_count": data.get("target_count") or 1 if numeric else 1,
            "unit": data.get("unit", "") if numeric else "",
            "schedule_type": data["schedule_type"],
            "weekdays": data.get("weekdays") or [],
            "times_per_week": data.get("times_per_week") or 3,
            "reminder_times": [
                data[key] for key in ("reminder_1", "reminder_2", "reminder_3") if data.get(key)
            ],
            "notes": data.get("notes", ""),
        }

    @classmethod
    def initial_from(cls, source) -> dict:
        """Initial values from a habit or a template."""
        reminders = list(
            getattr(source, "reminder_times", None) or getattr(source, "default_reminder_times", [])
        )
        initial = {
            "name": source.name,
            "category": source.category_id,
            "kind": source.kind,
            "target_count": getattr(source, "target_count", None)
            or getattr(source, "default_target_count", 1),
            "unit": source.unit,
            "schedule_type": getattr(source, "schedule_type", None)
            or getattr(source, "default_schedule", ScheduleType.DAILY),
            "weekdays": getattr(source, "weekdays", None)
            or getattr(source, "default_weekdays", []),
            "times_per_week": getattr(source, "times_per_week", None)
            or getattr(source, "default_times_per_week", 3),
            "notes": getattr(source, "notes", None) or getattr(source, "description", ""),
        }
        for index, value in enumerate(reminders[:3], start=1):
            initial[f"reminder_{index}"] = value
        return initial


class CheckInForm(Form):
    on_date = forms.DateField(label=_("Day"), required=False, widget=DateInput())
    count = forms.IntegerField(label=_("How many?"), min_value=0, max_value=100_000, required=False)
    increment = forms.IntegerField(
        min_value=-1000, max_value=1000, required=False, widget=forms.HiddenInput
    )
    mood = forms.TypedChoiceField(
        label=_("Mood"), choices=SCORE_CHOICES, coerce=int, required=False, empty_value=None
    )
    energy = forms.TypedChoiceField(
        label=_("Energy"), choices=SCORE_CHOICES, coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("Photo"), required=False)


class VacationForm(Form):
    start_date = forms.DateField(label=_("First day off"), widget=DateInput())
    end_date = forms.DateField(label=_("Day you are back"), widget=DateInput())
    reason = forms.CharField(label=_("Reason (optional)"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] <= data["start_date"]
        ):
            self.add_error("end_date", _("The day you are back must be after the first day off."))
        return data


class PreferencesForm(Form):
    gamification_enabled = forms.BooleanField(
        label=_("Achievements and points"),
        required=False,
        help_text=_("Unlock achievements and earn points for check-ins."),
    )
    reminders_enabled = forms.BooleanField(
        label=_("Habit reminders"),
        required=False,
        help_text=_("Send the reminders set on each habit."),
    )


class MetricForm(Form):
    metric_type = forms.ChoiceField(label=_("What did you measure?"), choices=METRIC_CHOICES)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=3)
    recorded_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def clean_recorded_at(self):
        return self.cleaned_data.get("recorded_at") or timezone.now()


class GoalForm(Form):
    metric_type = forms.ChoiceField(label=_("Metric"), choices=METRIC_CHOICES)
    direction = forms.ChoiceField(label=_("Aim"), choices=GoalDirection.choices)
    target_value = forms.DecimalField(
        label=_("Target"), max_digits=12, decimal_places=3, min_value=0
    )

    def unit_hint(self) -> dict:
        return {key: spec.unit for key, spec in METRICS.items()}


class PlanForm(Form):
    name = forms.CharField(label=pgettext_lazy("habit or plan", "Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    difficulty = forms.ChoiceField(label=_("Level"), choices=Difficulty.choices)
    duration_weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=52, initial=4)
    target_audience = forms.CharField(label=_("For whom"), max_length=200, required=False)


class ExerciseChoiceForm(Form):
    exercise = forms.ModelChoiceField(
        label=_("Exercise"), queryset=Exercise.objects.filter(is_active=True)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercise"].label_from_instance = lambda exercise: exercise.name


class PlanItemForm(ExerciseChoiceForm):
    sets = forms.IntegerField(label=_("Sets"), min_value=1, max_value=20, initial=3)
    reps = forms.IntegerField(label=_("Reps"), min_value=1, max_value=200, required=False)
    weight_kg = forms.DecimalField(
        label=_("Weight (kg)"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    duration_seconds = forms.IntegerField(label=_("Time (s)"), min_value=1, required=False)
    rest_seconds = forms.IntegerField(label=_("Rest (s)"), min_value=0, max_value=900, initial=90)
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)


class SetForm(Form):
    reps = forms.IntegerField(label=_("Reps"), min_value=0, max_value=1000, required=False)
    weight_kg = forms.DecimalField(
        label=_("kg"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    duration_seconds = forms.IntegerField(label=_("Seconds"), min_value=0, required=False)
    distance_m = forms.IntegerField(label=_("Metres"), min_value=0, required=False)
    rpe = forms.TypedChoiceField(
        label=_("Effort"), choices=SCORE_CHOICES, coerce=int, required=False, empty_value=None
    )
    is_warmup = forms.BooleanField(label=_("Warm-up"), required=False)


class FinishForm(Form):
    intensity = forms.ChoiceField(
        label=_("How hard was it?"), choices=Intensity.choices, initial=Intensity.MODERATE
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
