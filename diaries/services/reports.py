"""Period reports: built from the period's entries and analyses, generated exactly once.

Exactly once: the report row is inserted with ``ON CONFLICT DO NOTHING`` and locked in the
same transaction; a concurrent run waits on the unique index, then finds it final and stops.
The beat run makes the final report of each period that closed (in the user's local time);
``report_generate_current`` refreshes a not-yet-final report of the running period on demand.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import user_local_today, user_zone
from accounts.services import notify

from ..enums import AnalysisStatus, PeriodType
from ..models import Analysis, Entry, Report, ReportRun
from ..periods import Period, period_before, period_containing
from ..vault import vault_for

logger = logging.getLogger(__name__)

TOP_KEYWORDS = 8
READY_TITLES = {
    PeriodType.DAILY: gettext_lazy("Your diary report for the day is ready"),
    PeriodType.WEEKLY: gettext_lazy("Your weekly diary report is ready"),
    PeriodType.MONTHLY: gettext_lazy("Your monthly diary report is ready"),
    PeriodType.YEARLY: gettext_lazy("Your diary report for the year is ready"),
}


def _stat(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"avg": None, "max": None, "min": None}
    return {
        "avg": round(sum(values) / len(values), 2),
        "max": round(max(values), 2),
        "min": round(min(values), 2),
    }


def _habits_context(user: Any, period: Period) -> dict:
    try:
        from coaching.context import collect

        return dict(collect(user, period.start, period.end).get("habits") or {})
    except Exception:  # a provider failing must not lose the report
        logger.exception("context providers failed for report of %s", user.pk)
        return {}


def report_build(*, user: Any, period: Period) -> tuple[dict, dict, int]:
    """The report's numbers (plain) and texts (to be sealed) for ``period``."""
    entries = list(
        Entry.objects.live()
        .filter(user_id=user.pk, written_on__gte=period.first_day, written_on__lt=period.end_day)
        .values_list("pk", "written_on", "mood", "word_count")
    )
    entry_day = {pk: day for pk, day, _m, _w in entries}
    latest: dict[int, Analysis] = {}
    for analysis in Analysis.objects.filter(
        entry_id__in=list(entry_day), status=AnalysisStatus.DONE
    ).order_by("entry_id", "-entry_version", "-run"):
        latest.setdefault(analysis.entry_id, analysis)
    vault = vault_for(user)
    tiers = [a.tier_a for a in latest.values() if a.tier_a is not None]
    moods = [m for _pk, _d, m, _w in entries if m]
    emotions: Counter[str] = Counter()
    keywords: Counter[str] = Counter()
    for a in latest.values():
        for name, value in (a.emotions or {}).items():
            emotions[name] += float(value)  # type: ignore[assignment]  # weights are floats
        for word in vault.open_json(a.keywords_ct, purpose="analysis-keywords", default=[]):
            keywords[str(word)] += 1
    total = sum(emotions.values()) or 1.0
    distribution = {k: round(v / total, 3) for k, v in emotions.most_common()}
    representative = ""
    if tiers:
        mean = sum(tiers) / len(tiers)
        chosen = min(
            (a for a in latest.values() if a.tier_a is not None),
            key=lambda a: (abs((a.tier_a or 0.0) - mean), -a.pk),  # None filtered out above
        )
        representative = vault.open(chosen.representative_ct, purpose="analysis-sentence")

    # Waveform: one point per day (per month for a yearly report).
    buckets: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"tier": [], "mood": []})
    yearly = period.period_type == PeriodType.YEARLY

    def key_of(day: datetime.date) -> str:
        return day.strftime("%Y-%m") if yearly else day.isoformat()

    for pk, day, mood, _w in entries:
        if mood:
            buckets[key_of(day)]["mood"].append(mood)
        tier = latest[pk].tier_a if pk in latest else None
        if tier is not None:
            buckets[key_of(day)]["tier"].append(tier)
    keys = sorted({key_of(day) for day in period.days})
    waveform = [
        {
            "t": key,
            "tier_a": round(sum(b["tier"]) / len(b["tier"]), 2)
            if (b := buckets.get(key)) and b["tier"]
            else None,
            "mood": round(sum(b["mood"]) / len(b["mood"]), 2)
            if (b := buckets.get(key)) and b["mood"]
            else None,
        }
        for key in keys
    ]
    days_written = len({day for _pk, day, _m, _w in entries})

    habits = _habits_context(user, period)
    check_ins = {str(k): int(v) for k, v in (habits.get("check_ins_by_day") or {}).items()}
    workouts = {str(k): int(v) for k, v in (habits.get("workouts_by_day") or {}).items()}
    mood_by_day: dict[str, list[int]] = defaultdict(list)
    for _pk, day, mood, _w in entries:
        if mood:
            mood_by_day[day.isoformat()].append(mood)
    with_habit = [sum(v) / len(v) for d, v in mood_by_day.items() if check_ins.get(d, 0) > 0]
    without_habit = [sum(v) / len(v) for d, v in mood_by_day.items() if check_ins.get(d, 0) == 0]
    with_workout = [sum(v) / len(v) for d, v in mood_by_day.items() if workouts.get(d, 0) > 0]

    stats = {
        "tier_a": _stat(tiers),
        "mood": _stat([float(m) for m in moods]),
        "emotions": distribution,
        "waveform": waveform,
        "frequency": {
            "entries": len(entries),
            "days_written": days_written,
            "days": len(period.days),
            "words": sum(w for _pk, _d, _m, w in entries),
        },
        "habits": {
            "check_ins": sum(check_ins.values()),
            "workouts": sum(workouts.values()),
            "mood_with_check_ins": _stat(with_habit)["avg"],
            "mood_without_check_ins": _stat(without_habit)["avg"],
            "mood_with_workouts": _stat(with_workout)["avg"],
            "by_day": [
                {
                    "t": day.isoformat(),
                    "check_ins": check_ins.get(day.isoformat(), 0),
                    "workouts": workouts.get(day.isoformat(), 0),
                }
                for day in period.days
            ]
            if not yearly
            else [],
        },
        "analysed": len(latest),
    }
    texts = {
        "keywords": [word for word, _n in keywords.most_common(TOP_KEYWORDS)],
        "representative_sentence": representative,
    }
    return stats, texts, len(entries)


def _generate(*, user: Any, period: Period, final: bool, zone_name: str) -> tuple[Report, bool]:
    """Build and store the report; returns (report, True) only for the run that made it final
    (or, for an on-demand report, refreshed it)."""
    with transaction.atomic():
        Report.objects.bulk_create(
            [
                Report(
                    user_id=user.pk,
                    period_type=period.period_type,
                    period_start=period.start,
                    period_end=period.end,
                    local_start=period.first_day,
                    zone_name=zone_name,
                )
            ],
            ignore_conflicts=True,
        )
        report = Report.objects.select_for_update().get(
            user_id=user.pk, period_type=period.period_type, period_start=period.start
        )
        if report.is_final:
            return report, False
        stats, texts, count = report_build(user=user, period=period)
        report.stats = stats
        report.texts_ct = vault_for(user).seal_json(texts, purpose="report-texts")
        report.entry_count = count
        report.generated_at = timezone.now()
        report.is_final = final
        if final and count and report.notified_at is None:
            report.notified_at = timezone.now()
            with translation.override(getattr(user, "language", "") or "ko"):
                notify(
                    user=user,
                    type="diary_report",
                    title=str(READY_TITLES[PeriodType(period.period_type)]),
                    body=_("Take a look at how your days went."),
                    data={"report_id": report.pk},
                    dedupe_key=f"diary-report:{report.pk}",
                )
        report.save()
    report.texts = texts  # type: ignore[attr-defined]
    return report, True


def report_generate_current(*, user: Any, period_type: str) -> Report:
    """On demand: the report of the running period (refreshed until the period closes)."""
    if period_type not in PeriodType.values:
        from core.exceptions import HaruError

        raise HaruError(_("That is not a report period."), code="report_invalid_period")
    zone = user_zone(user=user)
    period = period_containing(period_type=period_type, day=user_local_today(user=user), zone=zone)
    report, _made = _generate(user=user, period=period, final=False, zone_name=str(zone))
    return report


def report_generate_closed(
    *, user: Any, period_type: str, today: datetime.date | None = None
) -> tuple[Report | None, bool]:
    """The final report of the last closed period (None when it had no entry)."""
    zone = user_zone(user=user)
    today = today or user_local_today(user=user)
    period = period_before(period_type=period_type, day=today, zone=zone)
    has_entries = (
        Entry.objects.live()
        .filter(user_id=user.pk, written_on__gte=period.first_day, written_on__lt=period.end_day)
        .exists()
    )
    existing = Report.objects.filter(
        user_id=user.pk, period_type=period_type, period_start=period.start, is_final=True
    ).first()
    if existing is not None:
        return existing, False
    if not has_entries:
        return None, False
    return _generate(user=user, period=period, final=True, zone_name=str(zone))


def reports_generate_due(*, now: datetime.datetime | None = None) -> ReportRun:
    """Beat: make the final reports of every period that has closed for each writer."""
    from accounts.models import User

    now = now or timezone.now()
    run = ReportRun.objects.create(started_at=now)
    recent = now.date() - datetime.timedelta(days=400)
    user_ids = list(
        Entry.objects.filter(written_on__gte=recent, deleted_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    created = already = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        today = user_local_today(user=user, at=now)
        for period_type in PeriodType.values:
            report, made = report_generate_closed(user=user, period_type=period_type, today=today)
            if made:
                created += 1
            elif report is not None:
                already += 1
    run.users_seen = len(user_ids)
    run.created = created
    run.already_done = already
    run.finished_at = timezone.now()
    run.save()
    return run
