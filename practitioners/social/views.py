"""Pages of the social half: messages, reviews, health records and sharing (clients), and
clients, notes, payout statements and review answers (practitioners). Thin: parse, call a
service or selector, render."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exceptions import HaruError
from core.files import private_file_response
from core.http import or_404
from practitioners.models import Practitioner
from practitioners.services import health_records as health
from practitioners.services import messaging, payouts, reviews
from practitioners.social import selectors
from practitioners.social.enums import REACTIONS, REVIEW_ASPECTS, SafetyLevel
from practitioners.social.forms import (
    HealthProfileForm,
    MessageForm,
    OwnNoteForm,
    PractitionerNoteForm,
    ResponseForm,
    ReviewForm,
    ShareForm,
    apply_error,
)

PAGE_SIZE = 20
THREAD_SIZE = 50


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    """Render a page with the tabs for a practitioner or for a client."""
    if "practice" not in context:
        context["practice"] = selectors.practitioner_of(user=request.user) is not None
    return render(request, template, context, status=status)


def _my_practice(request: HttpRequest) -> Practitioner:
    practitioner = selectors.practitioner_of(user=request.user)
    if practitioner is None:
        raise Http404(_("We could not find that."))
    return practitioner


def _safety_context(assessment) -> dict:
    if assessment is None or assessment.level == SafetyLevel.NONE:
        return {}
    from coaching.safety import resources_for

    resources = tuple(assessment.resources) or resources_for(get_language() or "ko")
    return {"safety_level": assessment.level, "safety_resources": resources}


# --- messages -----------------------------------------------------------------------------------


@login_required
@require_GET
def conversation_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.conversation_list_for_user(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request, "practitioners/social/messages.html", {"page": page, "section": "messages"}
    )


@login_required
@require_POST
def conversation_start(request: HttpRequest, practitioner_id) -> HttpResponse:
    practitioner = Practitioner.objects.filter(pk=practitioner_id, status="approved").first()
    if practitioner is None:
        raise Http404
    try:
        conversation = messaging.conversation_start(client=request.user, practitioner=practitioner)
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("practitioners:messages")
    return redirect("practitioners:message_thread", conversation_id=conversation.pk)


@login_required
@require_POST
def conversation_support(request: HttpRequest) -> HttpResponse:
    conversation = messaging.conversation_start_support(
        client=request.user, subject=request.POST.get("subject", "")
    )
    return redirect("practitioners:message_thread", conversation_id=conversation.pk)


def _thread_context(request: HttpRequest, conversation, **extra) -> dict:
    items = selectors.message_list(conversation=conversation, limit=THREAD_SIZE)
    return {
        "conversation": conversation,
        "items": items,
        "last_id": items[-1].pk if items else 0,
        "reactions": REACTIONS,
        "form": MessageForm(),
        "section": "messages",
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def conversation_thread(request: HttpRequest, conversation_id) -> HttpResponse:
    conversation = or_404(
        selectors.conversation_get_for_user, user=request.user, conversation_id=conversation_id
    )
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            files = [form.cleaned_data["file"]] if form.cleaned_data.get("file") else []
            try:
                sent = messaging.message_send(
                    conversation=conversation,
                    sender=request.user,
                    body=form.cleaned_data["body"],
                    files=files,
                )
            except HaruError as error:
                apply_error(form, error)
            else:
                safety = _safety_context(sent.assessment)
                if safety:  # show the crisis lines now, with the thread
                    messaging.conversation_mark_read(conversation=conversation, user=request.user)
                    return _render(
                        request,
                        "practitioners/social/thread.html",
                        _thread_context(request, conversation, **safety),
                    )
                return redirect("practitioners:message_thread", conversation_id=conversation.pk)
        context = _thread_context(request, conversation)
        context["form"] = form
        return _render(request, "practitioners/social/thread.html", context, status=400)
    messaging.conversation_mark_read(conversation=conversation, user=request.user)
    return _render(
        request, "practitioners/social/thread.html", _thread_context(request, conversation)
    )


@login_required
@require_GET
def conversation_poll(request: HttpRequest, conversation_id) -> HttpResponse:
    """htmx: the messages after ``after`` (polled every few seconds); marks them read."""
    conversation = or_404(
        selectors.conversation_get_for_user, user=request.user, conversation_id=conversation_id
    )
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        after = 0
    items = selectors.message_list(conversation=conversation, after_id=after, limit=THREAD_SIZE)
    if items:
        messaging.conversation_mark_read(conversation=conversation, user=request.user)
    return render(
        request,
        "practitioners/social/_poll.html",
        {
            "conversation": conversation,
            "items": items,
            "last_id": items[-1].pk if items else after,
            "reactions": REACTIONS,
        },
    )


@login_required
@require_POST
def message_react(request: HttpRequest, message_id: int) -> HttpResponse:
    message = or_404(selectors.message_get_for_user, user=request.user, message_id=message_id)
    try:
        messaging.reaction_toggle(
            message=message, user=request.user, emoji=request.POST.get("emoji", "")
        )
    except HaruError as error:
        messages.error(request, error.message)
    return redirect("practitioners:message_thread", conversation_id=message.conversation_id)


@login_required
@require_GET
def message_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = or_404(
        selectors.attachment_get_for_user, user=request.user, attachment_id=attachment_id
    )
    upload = attachment.upload
    if not upload.file:
        raise Http404
    return private_file_response(
        upload.file,
        content_type=upload.mime_type,
        filename=None if upload.is_image else str(upload.pk),
        as_attachment=not upload.is_image,
    )


@login_required
@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    count = selectors.unread_message_count(user=request.user)
    return render(request, "practitioners/social/_unread.html", {"unread_count": count})


# --- reviews ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_write(request: HttpRequest, booking_id) -> HttpResponse:
    booking = or_404(selectors.booking_get_reviewable, user=request.user, booking_id=booking_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = reviews.review_create(
                user=request.user,
                booking=booking,
                rating=form.cleaned_data["rating"],
                aspects=form.aspects(),
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except HaruError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your review is published.")
                if review.status == "published"
                else _("Thank you. Your review will appear once we have checked it."),
            )
            return redirect("practitioners:my_reviews")
    return _render(
        request,
        "practitioners/social/review_form.html",
        {"form": form, "booking": booking, "section": "reviews"},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "practitioners/social/my_reviews.html",
        {
            "awaiting": selectors.bookings_awaiting_review(user=request.user),
            "written": list(selectors.review_list_for_reviewer(user=request.user)[:50]),
            "section": "reviews",
        },
    )


@require_GET
def review_list(request: HttpRequest, practitioner_id) -> HttpResponse:
    """A practitioner's published reviews, paginated (also included on the profile)."""
    practitioner = Practitioner.objects.filter(pk=practitioner_id).first()
    if practitioner is None:
        raise Http404
    qs = selectors.review_list_published(practitioner=practitioner)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "practitioners/social/reviews.html",
        {"practitioner": practitioner, "page": page, "aspects": REVIEW_ASPECTS},
    )


@login_required
@require_POST
def review_vote(request: HttpRequest, review_id) -> HttpResponse:
    review = or_404(selectors.review_get_for_user, user=request.user, review_id=review_id)
    try:
        reviews.review_vote(
            review=review, user=request.user, helpful=request.POST.get("helpful") != "0"
        )
    except HaruError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect("practitioners:review_list", practitioner_id=review.practitioner_id)


# --- my health records --------------------------------------------------------------------------


def _records_context(request: HttpRequest, **forms) -> dict:
    profile = getattr(request.user, "health_profile", None)
    if profile is None:
        from practitioners.models import HealthProfile

        profile = HealthProfile.objects.filter(user=request.user).first()
    initial = {name: getattr(profile, name) for name in health.PROFILE_FIELDS} if profile else {}
    candidates = list(selectors.practitioners_for_sharing(user=request.user))
    return {
        "profile_form": forms.get("profile_form") or HealthProfileForm(initial=initial),
        "note_form": forms.get("note_form") or OwnNoteForm(),
        "share_form": forms.get("share_form") or ShareForm(practitioners=candidates),
        "records": list(selectors.health_record_list_own(user=request.user)[:100]),
        "shares": list(selectors.health_share_list_own(user=request.user)),
        "now": timezone.now(),
        "section": "records",
    }


@login_required
@require_GET
def records(request: HttpRequest) -> HttpResponse:
    return _render(request, "practitioners/social/records.html", _records_context(request))


@login_required
@require_POST
def records_profile(request: HttpRequest) -> HttpResponse:
    form = HealthProfileForm(request.POST)
    if form.is_valid():
        health.health_profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your health profile is saved."))
        return redirect("practitioners:records")
    return _render(
        request,
        "practitioners/social/records.html",
        _records_context(request, profile_form=form),
        status=400,
    )


@login_required
@require_POST
def records_note(request: HttpRequest) -> HttpResponse:
    form = OwnNoteForm(request.POST)
    if form.is_valid():
        health.health_record_add_own(client=request.user, **form.cleaned_data)
        messages.success(request, _("Your note is saved."))
        return redirect("practitioners:records")
    return _render(
        request,
        "practitioners/social/records.html",
        _records_context(request, note_form=form),
        status=400,
    )


@login_required
@require_GET
def record_detail(request: HttpRequest, record_id) -> HttpResponse:
    record = or_404(selectors.health_record_get_own, user=request.user, record_id=record_id)
    return _render(
        request, "practitioners/social/record.html", {"record": record, "section": "records"}
    )


@login_required
@require_POST
def records_share(request: HttpRequest) -> HttpResponse:
    candidates = list(selectors.practitioners_for_sharing(user=request.user))
    form = ShareForm(request.POST, practitioners=candidates)
    if form.is_valid():
        practitioner = next(p for p in candidates if str(p.pk) == form.cleaned_data["practitioner"])
        expires_on: datetime.date = form.cleaned_data["expires_on"]
        expires_at = timezone.make_aware(
            datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time.min)
        )
        try:
            health.health_share_grant(
                client=request.user,
                practitioner=practitioner,
                permission=form.cleaned_data["permission"],
                expires_at=expires_at,
                include_profile=form.cleaned_data["include_profile"],
            )
        except HaruError as error:
            if "expires_at" in error.fields:
                form.add_error("expires_on", error.message)
            else:
                apply_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s can now see your health records.")
                % {"name": practitioner.display_name},
            )
            return redirect("practitioners:records")
    return _render(
        request,
        "practitioners/social/records.html",
        _records_context(request, share_form=form),
        status=400,
    )


@login_required
@require_POST
def records_revoke(request: HttpRequest, share_id) -> HttpResponse:
    share = or_404(selectors.health_share_get_own, user=request.user, share_id=share_id)
    health.health_share_revoke(client=request.user, share=share)
    messages.success(request, _("Sharing has ended. They can no longer see your records."))
    return redirect("practitioners:records")


@login_required
@require_GET
def records_access_log(request: HttpRequest) -> HttpResponse:
    qs = selectors.health_access_log_own(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request, "practitioners/social/access_log.html", {"page": page, "section": "records"}
    )


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def records_export(request: HttpRequest) -> HttpResponse:
    return _json_download(health.health_export_own(client=request.user), "haru-health.json")


# --- the practitioner's side --------------------------------------------------------------------


@login_required
@require_GET
def practice_clients(request: HttpRequest) -> HttpResponse:
    practitioner = _my_practice(request)
    return _render(
        request,
        "practitioners/social/practice_clients.html",
        {
            "practitioner": practitioner,
            "clients": selectors.practitioner_client_list(practitioner=practitioner),
            "section": "clients",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_client(request: HttpRequest, client_id) -> HttpResponse:
    """A client's shared profile and records (each opening is logged) and the note editor."""
    practitioner = _my_practice(request)
    form = PractitionerNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            health.health_record_write(
                practitioner=practitioner,
                actor=request.user,
                client_id=client_id,
                **form.cleaned_data,
            )
        except HaruError as error:
            if error.status_code == 404:
                raise Http404(error.message) from error
            apply_error(form, error)
        else:
            messages.success(request, _("The note is saved to the client's records."))
            return redirect("practitioners:practice_client", client_id=client_id)
    view = or_404(
        health.health_client_open,
        practitioner=practitioner,
        actor=request.user,
        client_id=client_id,
    )
    return _render(
        request,
        "practitioners/social/practice_client.html",
        {"view": view, "form": form, "practitioner": practitioner, "section": "clients"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_note_edit(request: HttpRequest, record_id) -> HttpResponse:
    practitioner = _my_practice(request)
    record = or_404(
        health.health_record_open,
        practitioner=practitioner,
        actor=request.user,
        record_id=record_id,
    )
    if record.practitioner_id != practitioner.pk:
        raise Http404
    form = PractitionerNoteForm(
        request.POST or None,
        initial={"kind": record.kind, "title": record.title, "body": record.body},
    )
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            health.health_record_update(
                practitioner=practitioner,
                actor=request.user,
                record=record,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except HaruError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("practitioners:practice_client", client_id=record.client_id)
    return _render(
        request,
        "practitioners/social/practice_note.html",
        {"form": form, "record": record, "section": "clients"},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def practice_client_export(request: HttpRequest, client_id) -> HttpResponse:
    practitioner = _my_practice(request)
    data = or_404(
        health.health_export_for_practitioner,
        practitioner=practitioner,
        actor=request.user,
        client_id=client_id,
    )
    return _json_download(data, "client-health.json")


@login_required
@require_GET
def practice_payouts(request: HttpRequest) -> HttpResponse:
    practitioner = _my_practice(request)
    qs = selectors.payout_list_for_practitioner(practitioner=practitioner)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for payout in page.object_list:  # periods are half-open: show the last day inside
        payout.last_day = payout.period_end - datetime.timedelta(days=1)
    return _render(
        request,
        "practitioners/social/payouts.html",
        {"page": page, "practitioner": practitioner, "section": "payouts"},
    )


@login_required
@require_GET
def practice_payout(request: HttpRequest, payout_id) -> HttpResponse:
    practitioner = _my_practice(request)
    payout = or_404(
        selectors.payout_get_for_practitioner, practitioner=practitioner, payout_id=payout_id
    )
    lines = payouts.payout_statement_lines(payout=payout)
    clawbacks = payouts.payout_statement_clawbacks(payout=payout)
    payout.last_day = payout.period_end - datetime.timedelta(days=1)
    return _render(
        request,
        "practitioners/social/payout.html",
        {
            "payout": payout,
            "lines": lines,
            "clawbacks": clawbacks,
            "totals": {
                "paid": sum(line.paid for line in lines),
                "fee": sum(line.platform_fee for line in lines),
                "refunded": sum(line.refunded for line in lines),
                "share": sum(line.share for line in lines),
            },
            "section": "payouts",
        },
    )


@login_required
@require_GET
def practice_reviews(request: HttpRequest) -> HttpResponse:
    practitioner = _my_practice(request)
    qs = selectors.review_list_for_practitioner(practitioner=practitioner)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "practitioners/social/practice_reviews.html",
        {"page": page, "practitioner": practitioner, "section": "reviews"},
    )


@login_required
@require_POST
def practice_review_respond(request: HttpRequest, review_id) -> HttpResponse:
    practitioner = _my_practice(request)
    review = or_404(selectors.review_get_for_user, user=request.user, review_id=review_id)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            reviews.review_respond(
                review=review, practitioner=practitioner, text=form.cleaned_data["response"]
            )
        except HaruError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your answer is saved."))
    return redirect("practitioners:practice_reviews")
