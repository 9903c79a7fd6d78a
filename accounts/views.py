"""Server-rendered pages for the signed-in user: profile, inbox, security, your data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import (
    AvatarForm,
    NotificationPreferenceForm,
    PrivacyForm,
    ProfileForm,
    ResignForm,
)
from core.exceptions import HaruError
from core.files import private_file_response
from core.http import back, or_404

INBOX_PAGE_SIZE = 20


# --- profile ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.user_update_profile(user=user, **data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "avatar_form": AvatarForm(), "section": "profile"},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def avatar(request):
    if request.POST.get("remove"):
        services.user_avatar_remove(user=request.user)
        messages.success(request, _("Your profile picture is removed."))
        return redirect("accounts:profile")
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = services.upload_create(
                owner=request.user, file=form.cleaned_data["avatar"], context="avatar"
            )
        except HaruError as exc:
            form.add_error("avatar", exc.message)
        else:
            services.user_avatar_set(user=request.user, upload=upload)
            messages.success(request, _("Your new profile picture is saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": ProfileForm(instance=request.user), "avatar_form": form, "section": "profile"},
        status=400,
    )


@login_required
@require_GET
def file(request, upload_id):
    upload = or_404(selectors.upload_get_for_user, user=request.user, upload_id=upload_id)
    if not upload.file:
        raise Http404
    return private_file_response(
        upload.file,
        content_type=upload.mime_type,
        filename=None if upload.is_image else str(upload.pk),
        as_attachment=not upload.is_image,
        cache_seconds=3600,
    )


# --- notifications ------------------------------------------------------------------------------


def _inbox_context(request, *, unread_only: bool) -> dict:
    items = selectors.notification_list_for_user(user=request.user, unread_only=unread_only)
    page = Paginator(items, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "unread_only": unread_only,
        "unread_count": selectors.notification_unread_count(user=request.user),
        "section": "notifications",
    }


@login_required
@require_GET
def notifications(request):
    unread_only = request.GET.get("unread") == "1"
    return render(
        request, "accounts/notifications.html", _inbox_context(request, unread_only=unread_only)
    )


@login_required
@require_GET
def unread_badge(request):
    # The header's bell takes just the count; the account pages' badge swaps itself whole.
    template = (
        "accounts/_header_badge.html"
        if request.GET.get("place") == "header"
        else "accounts/_unread_badge.html"
    )
    return render(
        request, template, {"unread_count": selectors.notification_unread_count(user=request.user)}
    )


def _get_notification(request, notification_id):
    return or_404(
        selectors.notification_get_for_user, user=request.user, notification_id=notification_id
    )


@login_required
@require_POST
def notification_read(request, notification_id):
    notification = _get_notification(request, notification_id)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.htmx:
        return render(
            request,
            "accounts/_notification_read.html",
            {
                "item": _get_notification(request, notification_id),
                "unread_count": selectors.notification_unread_count(user=request.user),
            },
        )
    return back(request, reverse("accounts:notifications"))


@login_required
@require_POST
def notification_open(request, notification_id):
    notification = _get_notification(request, notification_id)
    services.notification_mark_clicked(user=request.user, notification=notification)
    return redirect(notification.url or reverse("accounts:notifications"))


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Everything is marked read."))
    return redirect("accounts:notifications")


@login_required
@require_POST
def notification_mute(request, notification_id):
    notification = _get_notification(request, notification_id)
    muted = request.POST.get("muted", "1") == "1"
    services.notification_type_mute(user=request.user, type_=notification.type, muted=muted)
    if muted:
        messages.success(
            request, _("You will no longer get email or push for notifications like this.")
        )
    else:
        messages.success(request, _("Email and push for notifications like this are back on."))
    return back(request, reverse("accounts:notifications"))


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    preference = selectors.notification_preference_for(user=request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if "unmute" in request.POST:
            data["muted_types"] = [
                t for t in preference.muted_types if t not in request.POST.getlist("unmute")
            ]
        services.notification_preference_update(user=request.user, **data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:notification_settings")
    return render(
        request,
        "accounts/notification_settings.html",
        {"form": form, "preference": preference, "section": "notifications"},
        status=400 if form.errors else 200,
    )


# --- security -----------------------------------------------------------------------------------


@login_required
@require_GET
def security(request):
    from allauth.socialaccount.models import SocialAccount

    return render(
        request,
        "accounts/security.html",
        {
            "section": "security",
            "mfa_enabled": selectors.user_has_mfa(user=request.user),
            "session_count": selectors.session_list_for_user(user=request.user).count(),
            "logins": selectors.login_log_list_for_user(user=request.user)[:15],
            "social_accounts": SocialAccount.objects.filter(user=request.user),
        },
    )


# --- your data ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def data(request):
    user = request.user
    form = PrivacyForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=user,
            share_profile_with_practitioners=form.cleaned_data["share_profile_with_practitioners"],
            allow_usage_analytics=form.cleaned_data["allow_usage_analytics"],
        )
        services.user_record_consents(user=user, marketing=form.cleaned_data["marketing"])
        messages.success(request, _("Your privacy settings are saved."))
        return redirect("accounts:data")
    return render(
        request,
        "accounts/data.html",
        {
            "section": "data",
            "privacy_form": form,
            "exports": selectors.export_list_for_user(user=user)[:5],
            "export_in_progress": selectors.export_in_progress(user=user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def export_request(request):
    try:
        services.data_export_request(user=request.user)
    except HaruError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(
            request, _("We are preparing your export. We will notify you when it is ready.")
        )
    return redirect("accounts:data")


@login_required
@require_GET
def export_download(request, export_id):
    export = or_404(selectors.export_get_for_user, user=request.user, export_id=export_id)
    if not export.is_downloadable:
        messages.warning(request, _("This export has expired. Ask for a new one."))
        return redirect("accounts:data")
    services.data_export_record_download(export=export)
    return private_file_response(
        export.file,
        content_type="application/zip",
        filename=f"haru-export-{export.created_at:%Y%m%d}.zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def resign(request):
    form = ResignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_resign(user=request.user, reason=form.cleaned_data["reason"], request=request)
        return redirect("accounts:resigned")
    return render(
        request,
        "accounts/resign.html",
        {"form": form, "section": "data"},
        status=400 if form.errors else 200,
    )


@require_GET
def resigned(request):
    return render(request, "accounts/resigned.html")
