"""Coaching messages (seed 000): built from the user's recent activity (context providers),
in the user's tone, within the plan's daily limit, delivered with ``accounts.services.notify``."""

from __future__ import annotations

import datetime
import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coaching import context, offline
from coaching.enums import MessageType, Reaction, Tone
from coaching.exceptions import (
    AIBudgetExceeded,
    AIQuotaExceeded,
    PromptNotFound,
    ProviderError,
    ServiceInputInvalid,
)
from coaching.llm import gateway
from coaching.llm.schemas import CoachingMessageOut
from coaching.models import CoachingMessage, CoachingPreference
from coaching.policies import policy_get
from coaching.services.prompts import prompt_resolve

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    MessageType.CELEBRATION: {
        "ko": ("{days}일 연속으로 해내고 있어요! 스스로를 칭찬해 주세요.",
               "벌써 {days}일째 이어 가고 있어요. 꾸준함이 정말 멋져요."),
        "en": ("{days} days in a row! Take a moment to be proud of yourself.",
               "That is {days} days running. Your steadiness is wonderful."),
    },
    MessageType.REMINDER: {
        "ko": ("어제는 쉬어 갔네요. 오늘 작은 것 하나만 해 볼까요?",
               "잠시 쉬었다 가도 괜찮아요. 오늘 한 번만 다시 시작해 봐요."),
        "en": ("Yesterday was a rest day. How about one small thing today?",
               "Pausing is fine. Let's start again with just one today."),
    },
    MessageType.CHALLENGE: {
        "ko": ("이번 주 {active}일이나 움직였어요. 오늘은 평소보다 5분만 더 해 볼까요?",
               "흐름이 좋아요. 오늘은 새로운 습관 하나를 살짝 더해 보는 건 어때요?"),
        "en": ("You were active {active} days this week. Try five more minutes today?",
               "You are on a roll. Why not add one small new habit today?"),
    },
    MessageType.ADVICE: {
        "ko": ("요즘 마음이 무거웠다면, 오늘은 물 한 잔과 짧은 산책으로 나를 돌봐 주세요.",
               "잠들기 전 오늘 고마웠던 일 하나를 떠올려 보세요."),
        "en": ("If things have felt heavy, care for yourself today with water and a short walk.",
               "Before sleep, think of one thing you were grateful for today."),
    },
    MessageType.MOTIVATION: {
        "ko": ("오늘의 작은 한 걸음이 내일의 나를 만들어요.",
               "완벽하지 않아도 괜찮아요. 시작한 것만으로 충분해요."),
        "en": ("Today's small step shapes tomorrow's you.",
               "It does not have to be perfect. Starting is enough."),
    },
}  # fmt: skip
TONE_CLOSERS = {
    Tone.GENTLE: ("천천히 해도 괜찮아요.", "Take it at your own pace."),
    Tone.ENCOURAGING: ("하루가 응원할게요!", "Haru is cheering for you!"),
    Tone.ENERGETIC: ("자, 가 볼까요!", "Let's go!"),
    Tone.THOUGHTFUL: ("오늘 나에게 필요한 게 무엇인지 잠깐 생각해 봐요.",
                      "Take a moment to ask what you need today."),
}  # fmt: skip
TITLES = {
    MessageType.CELEBRATION: ("축하해요 🎉", "Well done 🎉"),
    MessageType.REMINDER: ("오늘도 함께해요", "Let's go again today"),
    MessageType.CHALLENGE: ("오늘의 도전", "Today's challenge"),
    MessageType.ADVICE: ("하루의 한마디", "A word from Haru"),
    MessageType.MOTIVATION: ("하루의 응원", "A cheer from Haru"),
}


def user_tone(*, user: User) -> str:
    preference = CoachingPreference.objects.filter(user=user).first()
    if preference is not None and preference.tone:
        return preference.tone
    policy = policy_get("tone", user)
    tone = (policy.rules.get("tone") if policy else None) or Tone.GENTLE
    return tone if tone in Tone.values else Tone.GENTLE


def activity_summary(*, facts: dict[str, dict], today: datetime.date) -> dict[str, Any]:
    """Days with activity, the current run of active days, and whether yesterday was empty."""
    active: set[str] = set()
    for name in ("habits",):
        for key in ("check_ins_by_day", "workouts_by_day"):
            for day, count in (facts.get(name, {}).get(key) or {}).items():
                if count:
                    active.add(day)
    for provider, data in facts.items():
        if provider != "habits":
            for day, count in (data.get("entries_by_day") or {}).items():
                if count:
                    active.add(day)
    streak = 0
    day = today if today.isoformat() in active else today - datetime.timedelta(days=1)
    while day.isoformat() in active:
        streak += 1
        day -= datetime.timedelta(days=1)
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    low_mood = any((data.get("mood") or {}).get("trend") == "down" for data in facts.values())
    week = {(today - datetime.timedelta(days=n)).isoformat() for n in range(7)}
    return {
        "active_days_7": len(active & week),
        "streak": streak,
        "yesterday_empty": yesterday not in active,
        "had_activity_before": bool(active - {today.isoformat(), yesterday}),
        "low_mood": low_mood,
    }


def choose_type(summary: dict[str, Any]) -> MessageType:
    if summary["low_mood"]:
        return MessageType.ADVICE
    if summary["streak"] >= 3:
        return MessageType.CELEBRATION
    if summary["yesterday_empty"] and summary["had_activity_before"]:
        return MessageType.REMINDER
    if summary["active_days_7"] >= 5:
        return MessageType.CHALLENGE
    return MessageType.MOTIVATION


def messages_allowed_today(*, user: User) -> int:
    from billing import entitlements

    plan_limit = entitlements.limit(user, "ai_messages_per_day")
    cap = int(settings.COACHING_MESSAGES_PER_DAY)
    return cap if plan_limit is None else min(cap, plan_limit)


def message_compose(*, user: User, now: datetime.datetime | None = None) -> CoachingMessage | None:
    """Write, store and deliver the next coaching message for ``user`` today, if allowed.

    Safe to run twice: the (user, day, sequence) slot is unique and ``notify`` is deduplicated.
    """
    from accounts.selectors import user_is_safety_paused, user_local_today
    from accounts.services import notify
    from coaching.safety import filter_output

    now = now or timezone.now()
    preference = CoachingPreference.objects.filter(user=user).first()
    if preference is not None and not preference.messages_enabled:
        return None
    if user.deleted_at is not None or user_is_safety_paused(user=user, at=now):
        return None
    today = user_local_today(user=user, at=now)
    sent_today = CoachingMessage.objects.filter(user=user, local_date=today).count()
    if sent_today >= messages_allowed_today(user=user):
        return None

    facts = context.collect(user, now - datetime.timedelta(days=14), now)
    summary = activity_summary(facts=facts, today=today)
    message_type = choose_type(summary)
    tone = user_tone(user=user)
    language = "en" if (user.language or "ko").startswith("en") else "ko"
    index = 1 if language == "en" else 0

    content = ""
    model = offline.OFFLINE_MODEL
    prompt_name, prompt_version = "coaching_message", None
    personalization = 0.3 if any(facts.values()) else 0.1
    if gateway.llm_configured():
        try:
            choice = prompt_resolve(name="coaching_message", user=user)
            answer = gateway.llm_call(
                template=choice.template,
                variables={
                    "language": language,
                    "message_type": message_type,
                    "tone": tone,
                    "activity": str(summary),
                },
                user=user,
                purpose="coaching_message",
                counts_toward_limit=True,
                experiment=choice.experiment,
                arm=choice.arm,
                schema=CoachingMessageOut,
            )
        except (ProviderError, AIBudgetExceeded, AIQuotaExceeded, PromptNotFound) as exc:
            logger.info("coaching: message falls back offline (%s)", exc.code)
        else:
            assert isinstance(answer.parsed, CoachingMessageOut)
            content = answer.parsed.message
            personalization = answer.parsed.personalization_score
            model = answer.model
            prompt_version = choice.template.version
    if not content:
        options = TEMPLATES[message_type][language]
        digest = hashlib.sha256(f"{user.pk}:{today}".encode()).digest()
        content = options[digest[0] % len(options)].format(
            days=summary["streak"], active=summary["active_days_7"]
        )
        content = f"{content} {TONE_CLOSERS[Tone(tone)][index]}"
        gateway.record_offline(
            prompt_name="coaching_message",
            user=user,
            purpose="coaching_message",
            model=model,
            tokens_in=0,
            tokens_out=offline.estimate_tokens(content),
            latency_ms=0,
            counts=True,
        )
    content = filter_output(content, language=language).text

    try:
        with transaction.atomic():
            message = CoachingMessage.objects.create(
                user=user,
                content=content[:1000],
                message_type=message_type,
                tone=tone,
                context={"activity": summary, "sources": sorted(facts)},
                personalization_score=round(float(personalization), 2),
                model=model,
                prompt_name=prompt_name,
                prompt_version=prompt_version,
                local_date=today,
                sequence=sent_today + 1,
                scheduled_for=now,
                sent_at=now,
            )
            with override(language):
                notify(
                    user=user,
                    type="coaching_message",
                    title=TITLES[message_type][index],
                    body=content,
                    data={"url": reverse("coaching:inbox")},
                    channels=("in_app", "push"),
                    dedupe_key=f"coaching:{today.isoformat()}:{sent_today + 1}",
                )
    except IntegrityError:
        return None  # another worker wrote this slot a moment ago
    return message


def messages_send_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Beat (hourly): user ids whose local hour is ``COACHING_MESSAGE_HOUR`` right now."""
    from accounts.models import User
    from accounts.selectors import user_zone

    now = now or timezone.now()
    due = []
    users = User.objects.filter(is_active=True, deleted_at__isnull=True).only("pk", "timezone")
    for user in users.iterator(chunk_size=500):
        if now.astimezone(user_zone(user=user)).hour == settings.COACHING_MESSAGE_HOUR:
            due.append(str(user.pk))
    return due


def message_react(*, message: CoachingMessage, reaction: str) -> CoachingMessage:
    if reaction not in Reaction.values and reaction != "":
        raise ServiceInputInvalid(
            _("Choose one of the reactions."), fields={"reaction": [reaction]}
        )
    message.reaction = reaction
    if message.read_at is None:
        message.read_at = timezone.now()
    message.save(update_fields=["reaction", "read_at"])
    return message


def message_feedback(*, message: CoachingMessage, feedback: str) -> CoachingMessage:
    feedback = (feedback or "").strip()
    if len(feedback) > 1000 or "\x00" in feedback:
        raise ServiceInputInvalid(
            _("Keep feedback to 1000 characters."), fields={"feedback": [_("Too long")]}
        )
    message.feedback = feedback or None
    message.save(update_fields=["feedback"])
    return message


def message_mark_read(*, message: CoachingMessage) -> CoachingMessage:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def preference_update(*, user: User, tone: str, messages_enabled: bool) -> CoachingPreference:
    if tone and tone not in Tone.values:
        raise ServiceInputInvalid(_("Choose one of the tones."), fields={"tone": [tone]})
    preference, _created = CoachingPreference.objects.update_or_create(
        user=user, defaults={"tone": tone, "messages_enabled": messages_enabled}
    )
    return preference
