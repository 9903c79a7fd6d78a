"""Coaching pages: inbox, AI services (catalogue, run, result, history, share), chat."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coaching import selectors
from coaching.exceptions import AIPaused
from coaching.forms import (
    ChatForm,
    FeedbackForm,
    FlagForm,
    PreferenceForm,
    RatingForm,
    ReactionForm,
    ServiceForm,
)
from coaching.services import ai_services, chat, flags
from coaching.services import messages as coaching_messages
from coaching.services.credits import credits_balance
from core.exceptions import HaruError
from core.http import or_404

PAGE_SIZE = 20


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.message_list_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    preference = selectors.preference_get_for_user(user=request.user)
    form = PreferenceForm(
        initial={
            "tone": preference.tone if preference else "",
            "messages_enabled": preference.messages_enabled if preference else True,
        }
    )
    return render(
        request,
        "coaching/inbox.html",
        {
            "page": page,
            "preference_form": form,
            "reactions": ReactionForm.base_fields["reaction"].choices,
        },
    )


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if form.is_valid():
        coaching_messages.preference_update(
            user=request.user,
            tone=form.cleaned_data["tone"],
            messages_enabled=form.cleaned_data["messages_enabled"],
        )
        messages.success(request, _("Saved."))
    return redirect("coaching:inbox")


@login_required
@require_POST
def message_react(request: HttpRequest, message_id) -> HttpResponse:
    message = or_404(selectors.message_get_for_user, user=request.user, message_id=message_id)
    form = ReactionForm(request.POST)
    if form.is_valid():
        coaching_messages.message_react(message=message, reaction=form.cleaned_data["reaction"])
    feedback = FeedbackForm(request.POST)
    if "feedback" in request.POST and feedback.is_valid():
        coaching_messages.message_feedback(
            message=message, feedback=feedback.cleaned_data["feedback"]
        )
    if request.htmx:
        return render(request, "coaching/_message.html", {"message": message,
                      "reactions": ReactionForm.base_fields["reaction"].choices})  # fmt: skip
    return redirect("coaching:inbox")


@login_required
def services(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coaching/services.html",
        {
            "services": list(selectors.service_list_active()),
            "balance": credits_balance(user=request.user),
        },
    )


@login_required
def service_run(request: HttpRequest, service_type: str) -> HttpResponse:
    service = or_404(selectors.service_get_active, service_type=service_type)
    if service.service_type == "chat":
        return redirect("coaching:chat")
    form = ServiceForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            result = ai_services.service_run(
                user=request.user,
                service=service,
                inputs=form.inputs(),
                idempotency_key=form.cleaned_data["idempotency_key"],
                language=_language(),
            )
        except AIPaused as exc:
            form.add_error(None, exc.message)
        except HaruError as exc:
            for field, errors in exc.fields.items():
                if field in form.fields:
                    for error in errors:
                        form.add_error(field, error)
            form.add_error(None, exc.message)
        else:
            return redirect("coaching:result", result_id=result.pk)
    return render(
        request,
        "coaching/service_run.html",
        {"service": service, "form": form, "balance": credits_balance(user=request.user)},
    )


@login_required
def history(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.result_list_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "coaching/history.html", {"page": page})


@login_required
def result(request: HttpRequest, result_id) -> HttpResponse:
    item = or_404(selectors.result_get_for_user, user=request.user, result_id=result_id)
    share_url = (
        request.build_absolute_uri(f"/coaching/s/{item.share_token}/") if item.share_token else ""
    )
    return render(
        request,
        "coaching/result.html",
        {"result": item, "share_url": share_url, "rating_form": RatingForm()},
    )


@login_required
@require_POST
def result_share(request: HttpRequest, result_id) -> HttpResponse:
    item = or_404(selectors.result_get_for_user, user=request.user, result_id=result_id)
    try:
        if request.POST.get("action") == "unshare":
            ai_services.result_unshare(result=item)
        else:
            ai_services.result_share(result=item)
    except HaruError as exc:
        messages.error(request, exc.message)
    return redirect("coaching:result", result_id=item.pk)


@login_required
@require_POST
def result_rate(request: HttpRequest, result_id) -> HttpResponse:
    item = or_404(selectors.result_get_for_user, user=request.user, result_id=result_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        ai_services.result_rate(result=item, rating=form.cleaned_data["rating"])
        messages.success(request, _("Thank you for rating."))
    return redirect("coaching:result", result_id=item.pk)


def shared(request: HttpRequest, token: str) -> HttpResponse:
    item = or_404(selectors.shared_result_get, token=token)
    return render(request, "coaching/shared.html", {"result": item})


@login_required
def chat_view(request: HttpRequest, conversation_id=None) -> HttpResponse:
    conversation = None
    if conversation_id is not None:
        conversation = or_404(
            selectors.conversation_get_for_user,
            user=request.user,
            conversation_id=conversation_id,
        )
    form = ChatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            turn = chat.chat_send(
                user=request.user,
                conversation=conversation,
                text=form.cleaned_data["message"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                language=_language(),
            )
        except HaruError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("coaching:chat_conversation", conversation_id=turn.conversation.pk)
    chat_messages = (
        list(selectors.conversation_messages(conversation=conversation)) if conversation else []
    )
    return render(
        request,
        "coaching/chat.html",
        {
            "conversation": conversation,
            "chat_messages": chat_messages,
            "conversations": list(selectors.conversation_list_for_user(user=request.user)[:20]),
            "form": form,
            "balance": credits_balance(user=request.user),
            "cost": selectors.service_get_active(service_type="chat").credit_cost,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_output(request: HttpRequest, output_kind: str, output_id: str) -> HttpResponse:
    """ "Report this answer": a short form; a second report changes the reason."""
    output = or_404(
        flags.flaggable_output_get, user=request.user, output_kind=output_kind, output_id=output_id
    )
    existing = selectors.flag_get_for_output(
        user=request.user, output_kind=output_kind, output_id=output_id
    )
    initial = {"reason": existing.reason, "note": existing.note} if existing else {}
    form = FlagForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            flags.output_flag(
                user=request.user,
                output_kind=output_kind,
                output_id=output_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except HaruError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. Our team will review this answer."))
            return redirect(output.url)
    return render(
        request,
        "coaching/flag.html",
        {"output": output, "form": form, "existing": existing},
        status=400 if form.errors else 200,
    )
