"""Diary data. Every text a person wrote, and every text derived from it, is a ciphertext
column (``*_ct``) sealed with the writer's own data key (``diaries.vault``); only numbers,
dates and labels are plain. Operators, queries and dumps see ciphertext."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField

from .enums import (
    AnalysisStatus,
    ModerationAction,
    ModerationStatus,
    Mood,
    PeriodType,
    ReviewStatus,
    SafetyLevel,
    SlipStatus,
)

USER = settings.AUTH_USER_MODEL


class DataKey(models.Model):
    """A user's diary data key, wrapped by the platform keys (envelope encryption).

    ``wrapped`` is an ``EncryptedTextField``: ``rotate_field_keys`` re-wraps it under the new
    platform key without touching a single entry. ``shredded_at`` set and ``wrapped`` NULL
    means the key was destroyed: every ciphertext of this user is unreadable for good.
    """

    user = models.OneToOneField(
        USER, on_delete=models.CASCADE, primary_key=True, related_name="diary_key"
    )
    wrapped = EncryptedTextField(_("wrapped data key"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    shredded_at = models.DateTimeField(_("shredded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("diary data key")
        verbose_name_plural = _("diary data keys")

    def __str__(self) -> str:
        return f"diary key of {self.user_id}"


class EntryQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)


class Entry(models.Model):
    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="diary_entries")
    written_on = models.DateField(_("written on"), help_text=_("The writer's local day."))
    mood = models.PositiveSmallIntegerField(_("mood"), null=True, blank=True)
    title_ct = models.TextField(blank=True, default="")
    body_ct = models.TextField()
    tags_ct = models.TextField(blank=True, default="")
    tag_count = models.PositiveSmallIntegerField(default=0)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    char_count = models.PositiveIntegerField(_("characters"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    sealed = models.BooleanField(
        _("sealed"), default=False, help_text=_("A sealed entry is never sent to any AI.")
    )
    safety_level = models.CharField(
        _("safety level"), max_length=8, choices=SafetyLevel.choices, default=SafetyLevel.NONE
    )
    moderation_status = models.CharField(
        _("moderation"),
        max_length=8,
        choices=ModerationStatus.choices,
        default=ModerationStatus.VISIBLE,
    )
    # Keyed blind index (HMAC-SHA256 with the user's search key, first 8 bytes as bigint).
    search_tokens = ArrayField(models.BigIntegerField(), default=list, blank=True)
    deleted_at = models.DateTimeField(_("in trash since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")
        ordering = ["-written_on", "-created_at"]
        indexes = [
            models.Index(fields=["user", "-written_on", "-created_at"], name="diary_user_day"),
            GinIndex(fields=["search_tokens"], name="diary_search_tokens"),
            models.Index(
                fields=["deleted_at"],
                name="diary_in_trash",
                condition=models.Q(deleted_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mood__isnull=True) | models.Q(mood__gte=1, mood__lte=5),
                name="diary_mood_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="diary_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"diary entry #{self.pk} v{self.version}"

    @property
    def mood_label(self) -> str:
        return str(Mood(self.mood).label) if self.mood else ""


class EntryVersion(models.Model):
    """Each saved version of an entry (the current one too), sealed like the entry."""

    id = models.BigAutoField(primary_key=True)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    title_ct = models.TextField(blank=True, default="")
    body_ct = models.TextField()
    word_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("diary entry version")
        verbose_name_plural = _("diary entry versions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="diary_version_once")
        ]

    def __str__(self) -> str:
        return f"entry #{self.entry_id} v{self.version}"


class Draft(models.Model):
    """The editor's autosaved text (one per user and entry; ``entry`` NULL = a new entry)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="diary_drafts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, null=True, blank=True)
    title_ct = models.TextField(blank=True, default="")
    body_ct = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("diary draft")
        verbose_name_plural = _("diary drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "entry"], name="diary_one_draft", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"draft #{self.pk}"


class Attachment(models.Model):
    id = models.BigAutoField(primary_key=True)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    upload = models.ForeignKey("accounts.UploadedFile", on_delete=models.CASCADE, related_name="+")
    caption_ct = models.TextField(blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("diary attachment")
        verbose_name_plural = _("diary attachments")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"attachment #{self.pk} of entry #{self.entry_id}"


class Analysis(models.Model):
    """What the AI read back for one version of an entry (one row per version and run).

    Texts are sealed with the writer's key. The private metadata (tiers, slip flag, ethics
    tags, model, prompt and policy versions, tokens, latency) is for the slip policy and
    operators: never shown to the writer, never returned by the API.
    """

    id = models.BigAutoField(primary_key=True)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="analyses")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="diary_analyses")
    entry_version = models.PositiveIntegerField(_("entry version"))
    run = models.PositiveSmallIntegerField(_("run"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=AnalysisStatus.choices, default=AnalysisStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    summary_ct = models.TextField(blank=True, default="")
    emotion_flow_ct = models.TextField(blank=True, default="")
    keywords_ct = models.TextField(blank=True, default="")
    representative_ct = models.TextField(blank=True, default="")
    reflection_ct = models.TextField(blank=True, default="")
    interpretation_ct = models.TextField(blank=True, default="")
    # Labels and numbers (plain).
    primary_emotion = models.CharField(_("primary emotion"), max_length=32, blank=True)
    emotions = models.JSONField(_("emotion scores"), default=dict, blank=True)
    offline = models.BooleanField(_("offline analyzer"), default=False)
    # Private metadata.
    tier_a = models.FloatField(null=True, blank=True)
    tier_m = models.FloatField(null=True, blank=True)
    slip_flag = models.BooleanField(default=False)
    ethics_tags = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    model_name = models.CharField(max_length=64, blank=True)
    prompt_name = models.CharField(max_length=64, blank=True)
    prompt_version = models.PositiveIntegerField(null=True, blank=True)
    policy_versions = models.JSONField(default=dict, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("diary analysis")
        verbose_name_plural = _("diary analyses")
        ordering = ["-entry_version", "-run"]
        indexes = [
            models.Index(fields=["user", "status", "-completed_at"], name="diary_analysis_user"),
            models.Index(
                fields=["created_at"],
                name="diary_analysis_pending",
                condition=models.Q(status="pending"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "entry_version", "run"], name="diary_analysis_once_per_run"
            ),
            models.CheckConstraint(
                condition=models.Q(tier_a__isnull=True)
                | models.Q(tier_a__gte=0.1, tier_a__lte=4.0),
                name="diary_tier_a_range",
            ),
            models.CheckConstraint(
                condition=models.Q(tier_m__isnull=True)
                | models.Q(tier_m__gte=0.1, tier_m__lte=4.0),
                name="diary_tier_m_range",
            ),
        ]

    def __str__(self) -> str:
        return f"analysis #{self.pk} (entry #{self.entry_id} v{self.entry_version})"


class SafetyEvent(models.Model):
    """A concern or crisis the detector found while saving: labels only, never the text."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="diary_safety_events")
    entry = models.ForeignKey(Entry, on_delete=models.SET_NULL, null=True, blank=True)
    level = models.CharField(max_length=8, choices=SafetyLevel.choices)
    categories = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("safety event")
        verbose_name_plural = _("safety events")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="diary_safety_user")]

    def __str__(self) -> str:
        return f"{self.level} #{self.pk}"


class SlipState(models.Model):
    """The user's current place in the slip policy (the log is ``SlipCondition``)."""

    user = models.OneToOneField(
        USER, on_delete=models.CASCADE, primary_key=True, related_name="slip_state"
    )
    status = models.CharField(max_length=8, choices=SlipStatus.choices, default=SlipStatus.NORMAL)
    until = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("slip state")
        verbose_name_plural = _("slip states")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status}"


class SlipCondition(models.Model):
    """One transition of the slip policy, with the metrics that caused it (seed 002)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="slip_conditions")
    status = models.CharField(_("status"), max_length=8, choices=SlipStatus.choices)
    previous_status = models.CharField(
        _("previous status"), max_length=8, choices=SlipStatus.choices
    )
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    rule = models.CharField(_("rule"), max_length=32, blank=True)
    policy_version = models.PositiveIntegerField(_("policy version"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    triggered_at = models.DateTimeField(_("triggered at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    override_by = models.ForeignKey(
        USER,
        verbose_name=_("overridden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    override_reason = models.TextField(_("override reason"), blank=True)
    review_status = models.CharField(
        _("review"),
        max_length=8,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NONE,
        blank=True,
    )

    class Meta:
        verbose_name = _("slip condition")
        verbose_name_plural = _("slip conditions")
        ordering = ["-triggered_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-triggered_at"], name="slip_user_time"),
            models.Index(
                fields=["triggered_at"],
                name="slip_open_review",
                condition=models.Q(review_status="open"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.previous_status} -> {self.status} ({self.rule})"


class Report(models.Model):
    """A period report ``[period_start, period_end)`` in the user's local time.

    ``stats`` holds numbers and labels; ``texts_ct`` (keywords, representative sentence) is
    sealed with the user's key. ``is_final`` is set once, by the run after the period closed;
    an on-demand report of the running period is refreshed until then.
    """

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="diary_reports")
    period_type = models.CharField(_("period"), max_length=8, choices=PeriodType.choices)
    period_start = models.DateTimeField(_("starts (inclusive)"))
    period_end = models.DateTimeField(_("ends (exclusive)"))
    local_start = models.DateField(_("first local day"))
    zone_name = models.CharField(_("time zone"), max_length=64)
    stats = models.JSONField(default=dict, blank=True)
    texts_ct = models.TextField(blank=True, default="")
    entry_count = models.PositiveIntegerField(default=0)
    is_final = models.BooleanField(default=False)
    generated_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("diary report")
        verbose_name_plural = _("diary reports")
        ordering = ["-period_start", "period_type"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lt=models.F("period_end")),
                name="report_start_before_end",
            ),
            models.UniqueConstraint(
                fields=["user", "period_type", "period_start"], name="report_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_type} report {self.local_start}"


class ReportRun(models.Model):
    """One beat run of the report generator (operators see these in the admin)."""

    id = models.BigAutoField(primary_key=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    users_seen = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    already_done = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"report run {self.started_at:%Y-%m-%d %H:%M}"


class ModerationLog(models.Model):
    """An operator's action on an entry (seed 002 ``content_moderation_logs``)."""

    id = models.BigAutoField(primary_key=True)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="moderation_logs")
    action = models.CharField(_("action"), max_length=8, choices=ModerationAction.choices)
    reason = models.CharField(_("reason"), max_length=200)
    admin = models.ForeignKey(
        USER, verbose_name=_("operator"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation log")
        verbose_name_plural = _("moderation logs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} entry #{self.entry_id}"
