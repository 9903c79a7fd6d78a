"""Support pages: "My inquiries", a thread, a new inquiry; guests write and read by link."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import HaruError
from core.http import or_404
from ops_admin import selectors
from ops_admin.models.support import InquiryStatus
from ops_admin.services import support as services
from ops_admin.support_forms import FollowUpForm, GuestInquiryForm, InquiryForm


def _apply_error(form, error: HaruError) -> None:
    if error.fields:
        for field, errors in error.fields.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        form.add_error(None, error.message)


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    inquiries = list(selectors.inquiry_list_for_user(user=request.user)[:100])
    return render(request, "ops_admin/support/list.html", {"inquiries": inquiries})


@require_http_methods(["GET", "POST"])
def inquiry_new(request: HttpRequest) -> HttpResponse:
    member = request.user.is_authenticated
    form_class = InquiryForm if member else GuestInquiryForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not member and not ratelimit.consume(
            request, action="support_guest", key=data["email"].lower()
        ):
            form.add_error(None, _("Too many inquiries in a short time. Please try later."))
            return render(request, "ops_admin/support/new.html", {"form": form}, status=429)
        try:
            inquiry = services.inquiry_create(
                user=request.user if member else None,
                guest_email="" if member else data["email"],
                category=data["category"],
                subject=data["subject"],
                message=data["message"],
                files=[data["attachment"]] if data.get("attachment") else [],
                language=getattr(request, "LANGUAGE_CODE", None),
            )
        except HaruError as error:
            _apply_error(form, error)
        else:
            if member:
                messages.success(request, _("We received your inquiry. We'll answer soon."))
                return redirect("support:thread", inquiry_id=inquiry.pk)
            return redirect("support:guest_sent")
    return render(
        request, "ops_admin/support/new.html", {"form": form}, status=400 if form.errors else 200
    )


def guest_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "ops_admin/support/guest_sent.html", {})


def _thread(request, inquiry, *, post_url: str, template: str = "ops_admin/support/thread.html"):
    form = FollowUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.inquiry_follow_up(
                    inquiry=inquiry,
                    body=form.cleaned_data["body"],
                    author=request.user if request.user.is_authenticated else None,
                )
            except HaruError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Your reply was sent."))
                return redirect(post_url)
        status = 400
    return render(
        request,
        template,
        {
            "inquiry": inquiry,
            "thread": selectors.inquiry_thread(inquiry=inquiry),
            "form": form,
            "post_url": post_url,
            "closed": inquiry.status == InquiryStatus.CLOSED,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_thread(request: HttpRequest, inquiry_id) -> HttpResponse:
    inquiry = or_404(selectors.inquiry_get_for_user, user=request.user, inquiry_id=inquiry_id)
    return _thread(request, inquiry, post_url=request.path)


@require_http_methods(["GET", "POST"])
def guest_thread(request: HttpRequest, token: str) -> HttpResponse:
    inquiry = or_404(services.guest_inquiry_from_token, token=token)
    return _thread(request, inquiry, post_url=request.path)
