"""FAQ writes: entries (answers rendered and sanitised), votes, searches that found nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from content.exceptions import ContentError
from content.markup import plain_text, render_markdown
from content.models import FaqCategory, FaqEntry, FaqSearchMiss, FaqVote
from content.search import normalise_for_index

if TYPE_CHECKING:
    from accounts.models import User


def faq_entry_render(*, entry: FaqEntry) -> FaqEntry:
    entry.answer_html_ko = render_markdown(entry.answer_markdown_ko)
    entry.answer_html_en = render_markdown(entry.answer_markdown_en)
    entry.search_text = normalise_for_index(
        entry.question_ko,
        entry.question_en,
        plain_text(entry.answer_html_ko),
        plain_text(entry.answer_html_en),
    )
    return entry


def faq_draft_create(
    *,
    question_ko: str = "",
    answer_ko: str = "",
    question_en: str = "",
    answer_en: str = "",
    category: FaqCategory | None = None,
    source: str = "",
) -> FaqEntry:
    """A hidden FAQ entry for an operator to review and show (the support desk's "promote to
    FAQ"). At least one language needs both a question and an answer."""
    if not (
        (question_ko.strip() and answer_ko.strip()) or (question_en.strip() and answer_en.strip())
    ):
        raise ContentError(
            _("Write a question and its answer in at least one language."),
            fields={"question_ko": [_("Required.")], "answer_ko": [_("Required.")]},
        )
    last = FaqEntry.objects.filter(category=category).order_by("-position").first()
    entry = FaqEntry(
        category=category,
        question_ko=question_ko.strip()[:300],
        question_en=question_en.strip()[:300],
        answer_markdown_ko=answer_ko,
        answer_markdown_en=answer_en,
        position=(last.position + 1) if last else 0,
        is_active=False,
        source=source[:100],
    )
    faq_entry_render(entry=entry)
    entry.save()
    return entry


def faq_vote(*, user: User, entry: FaqEntry, helpful: bool) -> FaqEntry:
    """One vote per user and entry; voting again changes the vote."""
    with transaction.atomic():
        previous = FaqVote.objects.select_for_update().filter(entry=entry, user=user).first()
        if previous is not None and previous.helpful == helpful:
            return entry
        if previous is None:
            try:
                with transaction.atomic():
                    FaqVote.objects.create(entry=entry, user=user, helpful=helpful)
            except IntegrityError:  # a concurrent double click already voted
                return entry
        else:
            previous.helpful = helpful
            previous.save(update_fields=["helpful"])
        up = "helpful_count" if helpful else "not_helpful_count"
        down = "not_helpful_count" if helpful else "helpful_count"
        changes = {up: F(up) + 1}
        if previous is not None:
            changes[down] = F(down) - 1
        FaqEntry.objects.filter(pk=entry.pk).update(**changes)
    entry.refresh_from_db(fields=["helpful_count", "not_helpful_count"])
    return entry


def faq_search_miss_record(*, query: str, language: str) -> None:
    """Count a search that found nothing (one row per normalised query and language)."""
    normalised = normalise_for_index(query)[:200]
    if not normalised:
        return
    rows = FaqSearchMiss.objects.filter(query=normalised, language=language).update(
        count=F("count") + 1, last_searched_at=timezone.now()
    )
    if not rows:
        try:
            with transaction.atomic():
                FaqSearchMiss.objects.create(query=normalised, language=language)
        except IntegrityError:
            FaqSearchMiss.objects.filter(query=normalised, language=language).update(
                count=F("count") + 1
            )
