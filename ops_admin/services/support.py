"""Support desk: inquiries from members and guests, threaded replies, statuses and times.

Each write is one transaction with its row lock; notifications go out on commit through
``accounts.services.notify`` (members: inbox + e-mail) or, for guests who have no account,
one e-mail with the signed link to their thread.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import UploadedFile, User
from accounts.selectors import upload_list_for_user
from accounts.services import UploadError, notify, upload_create
from content.services.faq import faq_draft_create
from ops_admin.exceptions import InquiryClosedError, InquiryNotFoundError, SupportError
from ops_admin.models import CannedAnswer, SupportCategory, SupportInquiry, SupportMessage
from ops_admin.models.support import InquiryStatus

GUEST_LINK_SALT = "ops_admin.support.guest"
GUEST_LINK_MAX_AGE = 60 * 60 * 24 * 180  # the guest link reads the thread for 180 days
MAX_MESSAGE_CHARS = 5000


def _clean_text(value: str, *, field: str, max_chars: int) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise SupportError(
            _("Please fill this in."),
            code="support_field_required",
            fields={field: [_("This field is required.")]},
        )
    if len(value) > max_chars:
        raise SupportError(
            _("Please keep it under %(n)d characters.") % {"n": max_chars},
            code="support_field_too_long",
            fields={field: [_("Please keep it under %(n)d characters.") % {"n": max_chars}]},
        )
    return value


def guest_token(inquiry: SupportInquiry) -> str:
    return signing.dumps(str(inquiry.pk), salt=GUEST_LINK_SALT)


def guest_inquiry_from_token(token: str) -> SupportInquiry:
    """The guest inquiry a link token opens (404 for anything else, expired or forged)."""
    try:
        inquiry_id = signing.loads(token, salt=GUEST_LINK_SALT, max_age=GUEST_LINK_MAX_AGE)
    except signing.BadSignature as error:
        raise InquiryNotFoundError(_("This link is not valid any more.")) from error
    inquiry = SupportInquiry.objects.filter(pk=inquiry_id, user__isnull=True).first()
    if inquiry is None:
        raise InquiryNotFoundError(_("This link is not valid any more."))
    return inquiry


def guest_link(inquiry: SupportInquiry) -> str:
    path = reverse("support:guest_thread", args=[guest_token(inquiry)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _mail_guest(inquiry: SupportInquiry, *, subject: str | Promise, template: str) -> None:
    with translation.override(inquiry.language):
        context = {"inquiry": inquiry, "link": guest_link(inquiry)}
        text = render_to_string(f"ops_admin/support/email/{template}.txt", context)
        message = EmailMultiAlternatives(
            str(subject), text, settings.DEFAULT_FROM_EMAIL, [inquiry.guest_email]
        )
    message.send()


GUEST_UPLOADS_EMAIL = "support-guest-uploads@haru.invalid"


def guest_uploads_owner() -> User:
    """The account that owns guests' attachments: uploads need an owner, guests have no
    account. It cannot sign in (inactive, no password) and never counts as a sign-up (it
    "joined" in 2000); staff open its files from the console like any other upload."""
    owner = User.objects.filter(email=GUEST_UPLOADS_EMAIL).first()
    if owner is not None:
        return owner
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=GUEST_UPLOADS_EMAIL,
                password=None,
                nickname="support guests",
                is_active=False,
                date_joined=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
            )
    except IntegrityError:  # created a moment ago by another guest's request
        return User.objects.get(email=GUEST_UPLOADS_EMAIL)


def _attachments(
    *, owner: User | None, attachment_ids: Sequence[Any], files: Sequence[Any]
) -> list[UploadedFile]:
    """The uploads an inquiry or reply carries: a member's own earlier uploads by id (API),
    and files sent with the form, stored with accounts' upload rules (type sniffed, images
    re-encoded without metadata, size limits, virus scan after commit). Guests' files are
    owned by ``guest_uploads_owner``; guests cannot name earlier uploads."""
    ids = list(dict.fromkeys(str(i) for i in attachment_ids))
    found = upload_list_for_user(user=owner, upload_ids=ids) if owner and ids else []
    if len(found) != len(ids):
        raise SupportError(
            _("That attachment cannot be used."),
            code="support_attachment_invalid",
            fields={"attachment_ids": [_("That attachment cannot be used.")]},
        )
    stored = []
    for file in files:
        try:
            stored.append(
                upload_create(
                    owner=owner or guest_uploads_owner(),
                    file=file,
                    context="support",
                    allowed="image",
                )
            )
        except UploadError as error:
            raise SupportError(
                error.message, code=error.code, fields={"attachment": [error.message]}
            ) from error
    return [*found, *stored]


def inquiry_create(
    *,
    category: SupportCategory,
    subject: str,
    message: str,
    user: User | None = None,
    guest_email: str = "",
    attachment_ids: Sequence[Any] = (),
    files: Sequence[Any] = (),
    language: str | None = None,
) -> SupportInquiry:
    """Open an inquiry (member, or guest with an e-mail), routed to the category's team.

    Attachments: ``attachment_ids`` of the member's earlier uploads, ``files`` sent with the
    form (members and guests alike). A bad file raises before anything is saved. A guest gets
    a confirmation e-mail with the link to read the replies."""
    if user is None and not guest_email:
        raise SupportError(
            _("Enter the e-mail address we should answer to."),
            code="support_email_required",
            fields={"email": [_("This field is required.")]},
        )
    if not category.is_active:
        raise SupportError(
            _("Choose a category."),
            code="support_category_invalid",
            fields={"category": [_("Choose a category.")]},
        )
    subject = _clean_text(subject, field="subject", max_chars=200)
    message = _clean_text(message, field="message", max_chars=MAX_MESSAGE_CHARS)
    language = language or (user.language if user else None) or translation.get_language() or "ko"
    now = timezone.now()
    with transaction.atomic():
        attachments = _attachments(owner=user, attachment_ids=attachment_ids, files=files)
        inquiry = SupportInquiry.objects.create(
            user=user,
            guest_email="" if user else guest_email.strip().lower(),
            category=category,
            team=category.team,
            subject=subject,
            language=language[:8],
            status=InquiryStatus.OPEN,
            waiting_since=now,
            created_at=now,
            updated_at=now,
        )
        first = SupportMessage.objects.create(
            inquiry=inquiry, author=user, from_staff=False, body=message, created_at=now
        )
        if attachments:
            first.attachments.set(attachments)
        if user is None:
            transaction.on_commit(
                lambda: _mail_guest(
                    inquiry,
                    subject=gettext_lazy("We received your inquiry"),
                    template="received",
                )
            )
    return inquiry


def _locked(inquiry: SupportInquiry) -> SupportInquiry:
    return SupportInquiry.objects.select_for_update().get(pk=inquiry.pk)


def inquiry_reply(
    *,
    inquiry: SupportInquiry,
    staff: User,
    body: str,
    status: str = InquiryStatus.ANSWERED,
    attachment_ids: Sequence[Any] = (),
    canned_answer: CannedAnswer | None = None,
) -> SupportMessage:
    """An operator answers: the thread grows, the status moves (answered, or waiting on the
    user when the operator asks something back, or closed), the member is notified. An empty
    ``body`` sends ``canned_answer`` as it is, in the inquiry's language."""
    if not staff.is_staff:
        raise SupportError(_("Only the support team can answer here."), code="support_not_staff")
    if status not in (InquiryStatus.ANSWERED, InquiryStatus.WAITING_ON_USER, InquiryStatus.CLOSED):
        raise SupportError(
            _("Choose the status after this answer."),
            code="support_status_invalid",
            fields={"status": [_("Choose the status after this answer.")]},
        )
    if not (body or "").strip() and canned_answer is not None:
        body = canned_answer.body_for(inquiry.language)
    body = _clean_text(body, field="body", max_chars=MAX_MESSAGE_CHARS)
    now = timezone.now()
    with transaction.atomic():
        attachments = _attachments(owner=staff, attachment_ids=attachment_ids, files=())
        locked = _locked(inquiry)
        reply = SupportMessage.objects.create(
            inquiry=locked, author=staff, from_staff=True, body=body, created_at=now
        )
        if attachments:
            reply.attachments.set(attachments)
        locked.status = status
        locked.first_response_at = locked.first_response_at or now
        locked.waiting_since = None
        locked.resolved_at = now if status == InquiryStatus.CLOSED else None
        locked.assigned_to = locked.assigned_to or staff
        locked.updated_at = now
        locked.save()
        if locked.user_id is not None:
            member = locked.user
            transaction.on_commit(
                lambda: notify(
                    user=member,
                    type="support_reply",
                    title=gettext_lazy("Your inquiry has an answer"),
                    body=locked.subject,
                    channels=("in_app", "email"),
                    data={"url": reverse("support:thread", args=[locked.pk])},
                    dedupe_key=f"support-reply:{reply.pk}",
                )
            )
        else:
            transaction.on_commit(
                lambda: _mail_guest(
                    locked, subject=gettext_lazy("Your inquiry has an answer"), template="reply"
                )
            )
    inquiry.refresh_from_db()
    return reply


def inquiry_follow_up(
    *, inquiry: SupportInquiry, body: str, author: User | None = None
) -> SupportMessage:
    """The member (or the guest through their link) writes again: the inquiry is open and
    waits for the team; a closed one is reopened."""
    body = _clean_text(body, field="body", max_chars=MAX_MESSAGE_CHARS)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(inquiry)
        message = SupportMessage.objects.create(
            inquiry=locked, author=author, from_staff=False, body=body, created_at=now
        )
        locked.status = InquiryStatus.OPEN
        locked.waiting_since = now
        locked.resolved_at = None
        locked.updated_at = now
        locked.save()
    inquiry.refresh_from_db()
    return message


def inquiry_close(*, inquiry: SupportInquiry, actor: Any) -> SupportInquiry:
    with transaction.atomic():
        locked = _locked(inquiry)
        if locked.status == InquiryStatus.CLOSED:
            raise InquiryClosedError(_("This inquiry is already closed."))
        now = timezone.now()
        locked.status = InquiryStatus.CLOSED
        locked.resolved_at = now
        locked.waiting_since = None
        locked.updated_at = now
        locked.save()
    return locked


def inquiry_assign(*, inquiry: SupportInquiry, staff: User) -> SupportInquiry:
    SupportInquiry.objects.filter(pk=inquiry.pk).update(assigned_to=staff)
    inquiry.assigned_to = staff
    return inquiry


def inquiry_promote_to_faq(
    *, inquiry: SupportInquiry, actor: User, question: str, answer: str
) -> Any:
    """Turn a frequently asked inquiry into an FAQ draft (content publishes it later).

    The draft is created by content's service; the member's own words never leave the
    thread: the operator writes the question and answer for everyone."""
    question = _clean_text(question, field="question", max_chars=200)
    answer = _clean_text(answer, field="answer", max_chars=MAX_MESSAGE_CHARS)
    source = f"support:{inquiry.pk}"
    if inquiry.language.startswith("en"):
        draft = faq_draft_create(question_en=question, answer_en=answer, source=source)
    else:
        draft = faq_draft_create(question_ko=question, answer_ko=answer, source=source)
    SupportInquiry.objects.filter(pk=inquiry.pk).update(faq_promoted_at=timezone.now())
    return draft
