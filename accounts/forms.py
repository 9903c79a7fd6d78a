"""Forms for the pages. They check the request's shape; services do the rest."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from accounts.models import NotificationPreference, User

COMMON_TIMEZONES = [
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Ho_Chi_Minh",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Pacific/Honolulu",
    "UTC",
]


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    rest = sorted(zoneinfo.available_timezones() - set(COMMON_TIMEZONES))
    rest = [name for name in rest if "/" in name and not name.startswith(("Etc/", "SystemV/"))]
    return [(name, name.replace("_", " ")) for name in [*COMMON_TIMEZONES, *rest]]


def valid_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)


class SignupForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS), on the page, in the
    headless app API and in the social sign-up step alike."""

    field_order = [
        "email",
        "password1",
        "password2",
        "nickname",
        "timezone",
        "agree_terms",
        "agree_privacy",
        "agree_marketing",
    ]

    nickname = forms.CharField(
        label=_("Nickname"),
        min_length=2,
        max_length=20,
        help_text=_("How Haru greets you. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    timezone = forms.CharField(required=False, widget=forms.HiddenInput)
    agree_terms = forms.BooleanField(label=_("I agree to the Terms of Service (required)"))
    agree_privacy = forms.BooleanField(
        label=_("I agree to the collection and use of personal information (required)")
    )
    agree_marketing = forms.BooleanField(
        label=_("Send me news and offers (optional)"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sociallogin = getattr(self, "sociallogin", None)
        if sociallogin is not None and getattr(sociallogin.user, "nickname", ""):
            self.fields["nickname"].initial = sociallogin.user.nickname[:20]

    def clean_nickname(self) -> str:
        return self.cleaned_data["nickname"].strip()

    def clean_timezone(self) -> str:
        value = (self.cleaned_data.get("timezone") or "").strip()
        return value if valid_timezone(value) else "Asia/Seoul"

    def signup(self, request, user: User) -> None:
        from accounts.services import user_record_consents, user_update_profile

        language = translation.get_language() or "ko"
        user_update_profile(
            user=user,
            nickname=self.cleaned_data["nickname"],
            timezone=self.cleaned_data.get("timezone") or "Asia/Seoul",
            language=language[:2] if language[:2] in Language.values else "ko",
        )
        user_record_consents(
            user=user,
            terms=True,
            privacy=True,
            marketing=bool(self.cleaned_data.get("agree_marketing")),
        )


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = [
            "nickname",
            "name",
            "birth_date",
            "gender",
            "phone",
            "bio",
            "timezone",
            "language",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "nickname": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }
        help_texts = {
            "name": _("Only shown to practitioners you book, if you allow it."),
            "phone": _("Digits only, for example 01012345678."),
            "timezone": _("Your days, streaks and reminders follow this time zone."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        nickname = self.fields["nickname"]
        nickname.required = True
        nickname.max_length = 20
        nickname.validators += [MinLengthValidator(2), MaxLengthValidator(20)]
        nickname.widget.attrs.update({"minlength": "2", "maxlength": "20"})

    def clean_phone(self) -> str:
        return "".join(ch for ch in self.cleaned_data.get("phone", "") if ch.isdigit() or ch == "+")

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and (value > timezone.localdate() or value.year < 1900):
            raise forms.ValidationError(_("Enter a real date of birth."))
        return value


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("Profile picture"),
        help_text=_("JPEG, PNG or WebP, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = [
            "email_enabled",
            "push_enabled",
            "quiet_hours_enabled",
            "quiet_start",
            "quiet_end",
        ]
        labels = {
            "email_enabled": _("Email me"),
            "push_enabled": _("Send push notifications to my phone"),
            "quiet_hours_enabled": _("Hold email and push during quiet hours"),
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class PrivacyForm(forms.ModelForm):
    marketing = forms.BooleanField(label=_("Send me news and offers"), required=False)

    class Meta:
        model = User
        fields = ["share_profile_with_practitioners", "allow_usage_analytics"]
        labels = {
            "share_profile_with_practitioners": _(
                "Let practitioners I book see my name, age and gender"
            ),
            "allow_usage_analytics": _("Use my activity, without my name, to improve Haru"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marketing"].initial = self.instance.marketing_consent


class ResignForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why are you leaving? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account closes now and my personal data is erased after 30 days."
        )
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"].required = True
        else:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password
