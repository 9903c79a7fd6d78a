from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import HaruError
from core.http import back, or_404
from habits import selectors, services
from habits.enums import Difficulty, Equipment, ExerciseCategory, MuscleGroup, SessionStatus
from habits.forms import (
    ExerciseChoiceForm,
    FinishForm,
    PlanForm,
    PlanItemForm,
    SetForm,
    apply_error,
)
from habits.models import (
    WorkoutPlan,
)


@login_required
def workouts(request: HttpRequest) -> HttpResponse:
    sessions = selectors.session_list_recent(user=request.user, limit=30)
    current = next((s for s in sessions if s.status == SessionStatus.IN_PROGRESS), None)
    return render(
        request,
        "habits/workouts.html",
        {
            "sessions": [s for s in sessions if s is not current],
            "current": current,
            "plans": selectors.plan_list_published_for_user(user=request.user, limit=6),
            "is_trainer": services.user_is_trainer(user=request.user),
        },
    )


@login_required
@require_POST
def workout_start(request: HttpRequest) -> HttpResponse:
    version = None
    if version_id := request.POST.get("plan_version"):
        version = or_404(selectors.plan_version_get_for_user, user=request.user, pk=version_id)
    try:
        session = services.session_start(
            user=request.user, plan_version=version, name=request.POST.get("name", "")[:200]
        )
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("habits:workouts")
    return redirect("habits:workout_session", pk=session.pk)


@login_required
def workout_session(request: HttpRequest, pk) -> HttpResponse:
    session = or_404(selectors.session_get_for_user, user=request.user, pk=pk)
    entries = selectors.session_entries(session=session)
    records = selectors.personal_records(
        user=request.user, exercise_ids=[entry.exercise_id for entry in entries]
    )
    for entry in entries:
        entry.record = records.get(entry.exercise_id)
    return render(
        request,
        "habits/workout_session.html",
        {
            "session": session,
            "entries": entries,
            "add_form": ExerciseChoiceForm(),
            "set_form": SetForm(),
            "finish_form": FinishForm(),
            "in_progress": session.status == SessionStatus.IN_PROGRESS,
        },
    )


@login_required
@require_POST
def workout_add_exercise(request: HttpRequest, pk) -> HttpResponse:
    session = or_404(selectors.session_get_for_user, user=request.user, pk=pk)
    form = ExerciseChoiceForm(request.POST)
    if form.is_valid():
        try:
            services.session_add_exercise(session=session, exercise=form.cleaned_data["exercise"])
        except HaruError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose an exercise."))
    return redirect("habits:workout_session", pk=session.pk)


@login_required
@require_POST
def workout_log_set(request: HttpRequest, pk, entry_id: int) -> HttpResponse:
    session = or_404(selectors.session_get_for_user, user=request.user, pk=pk)
    entry = or_404(selectors.session_entry_get, session=session, pk=entry_id)
    form = SetForm(request.POST)
    if form.is_valid():
        try:
            result = services.set_log(session_exercise=entry, **form.cleaned_data)
        except HaruError as error:
            messages.error(request, error.message)
        else:
            if result.personal_record:
                messages.success(request, _("New personal record!"))
    else:
        messages.error(request, _("Check the numbers for that set."))
    return redirect(reverse("habits:workout_session", args=[session.pk]) + f"#entry-{entry.pk}")


@login_required
@require_POST
def workout_delete_set(request: HttpRequest, pk, set_id) -> HttpResponse:
    session = or_404(selectors.session_get_for_user, user=request.user, pk=pk)
    workout_set = or_404(selectors.session_set_get, session=session, pk=set_id)
    try:
        services.set_delete(workout_set=workout_set)
    except HaruError as error:
        messages.error(request, error.message)
    return redirect("habits:workout_session", pk=session.pk)


@login_required
@require_POST
def workout_finish(request: HttpRequest, pk) -> HttpResponse:
    session = or_404(selectors.session_get_for_user, user=request.user, pk=pk)
    if request.POST.get("action") == "abandon":
        try:
            services.session_abandon(session=session)
        except HaruError as error:
            messages.error(request, error.message)
        return redirect("habits:workouts")
    form = FinishForm(request.POST)
    if form.is_valid():
        try:
            services.session_finish(session=session, **form.cleaned_data)
        except HaruError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Workout saved. Well done!"))
    return redirect("habits:workout_session", pk=session.pk)


@login_required
def exercises(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    equipment = request.GET.get("equipment", "")
    muscle = request.GET.get("muscle", "")
    query = request.GET.get("q", "").strip()
    items = list(
        selectors.exercise_list(
            category=category if category in ExerciseCategory.values else None,
            equipment=equipment if equipment in Equipment.values else None,
            muscle=muscle if muscle in MuscleGroup.values else None,
            query=query or None,
        )
    )
    records = selectors.personal_records(user=request.user, exercise_ids=[e.pk for e in items])
    for item in items:
        item.record = records.get(item.pk)
    return render(
        request,
        "habits/exercises.html",
        {
            "exercises": items,
            "categories": ExerciseCategory.choices,
            "equipment_choices": Equipment.choices,
            "muscles": MuscleGroup.choices,
            "selected": {
                "category": category,
                "equipment": equipment,
                "muscle": muscle,
                "q": query,
            },
            "equipment_labels": dict(Equipment.choices),
            "muscle_labels": dict(MuscleGroup.choices),
        },
    )


@login_required
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = or_404(selectors.exercise_get, slug=slug)
    return render(
        request,
        "habits/exercise_detail.html",
        {
            "exercise": exercise,
            "history": selectors.exercise_history(user=request.user, exercise=exercise),
            "record": selectors.personal_records(user=request.user, exercise_ids=[exercise.pk]).get(
                exercise.pk
            ),
            "equipment_labels": dict(Equipment.choices),
            "muscle_labels": dict(MuscleGroup.choices),
        },
    )


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    difficulty = request.GET.get("difficulty", "")
    visible = selectors.plan_list_with_counts(
        user=request.user, difficulty=difficulty if difficulty in Difficulty.values else None
    )
    return render(
        request,
        "habits/plans.html",
        {
            "plans": visible[:100],
            "is_trainer": services.user_is_trainer(user=request.user),
            "difficulties": Difficulty.choices,
            "difficulty": difficulty,
        },
    )


def _visible_plan(request: HttpRequest, pk) -> WorkoutPlan:
    return or_404(selectors.plan_get_for_user, user=request.user, pk=pk)


@login_required
def plan_detail(request: HttpRequest, pk) -> HttpResponse:
    plan = _visible_plan(request, pk)
    version = selectors.plan_latest_version(plan=plan)
    exercise_ids = [item["exercise"] for item in (version.items if version else [])]
    names = selectors.exercise_names(ids=exercise_ids)
    items = [
        {**item, "exercise_obj": names.get(item["exercise"])}
        for item in (version.items if version else [])
    ]
    return render(
        request,
        "habits/plan_detail.html",
        {
            "plan": plan,
            "version": version,
            "items": items,
            "is_owner": plan.trainer_id == request.user.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    if not services.user_is_trainer(user=request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(trainer=request.user, **form.cleaned_data)
        except HaruError as error:
            apply_error(form, error)
        else:
            return redirect("habits:plan_edit", pk=plan.pk)
    return render(request, "habits/plan_form.html", {"form": form})


def _own_plan(request: HttpRequest, pk) -> WorkoutPlan:
    return or_404(selectors.plan_get_for_trainer, user=request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk) -> HttpResponse:
    plan = _own_plan(request, pk)
    form = PlanForm(
        request.POST or None,
        initial={
            "name": plan.name,
            "description": plan.description,
            "difficulty": plan.difficulty,
            "duration_weeks": plan.duration_weeks,
            "target_audience": plan.target_audience,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. Publish to share the changes."))
        return redirect("habits:plan_edit", pk=plan.pk)
    return render(
        request,
        "habits/plan_edit.html",
        {
            "plan": plan,
            "form": form,
            "items": selectors.plan_items(plan=plan),
            "item_form": PlanItemForm(),
        },
    )


@login_required
@require_POST
def plan_item_add(request: HttpRequest, pk) -> HttpResponse:
    plan = _own_plan(request, pk)
    form = PlanItemForm(request.POST)
    if form.is_valid():
        services.plan_item_add(plan=plan, actor=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Check the exercise details."))
    return redirect("habits:plan_edit", pk=plan.pk)


@login_required
@require_POST
def plan_item_change(request: HttpRequest, pk, item_id: int) -> HttpResponse:
    plan = _own_plan(request, pk)
    item = or_404(selectors.plan_item_get, plan=plan, pk=item_id)
    action = request.POST.get("action")
    if action == "remove":
        services.plan_item_remove(item=item, actor=request.user)
    elif action in ("up", "down"):
        services.plan_item_move(
            item=item, actor=request.user, position=item.position + (-1 if action == "up" else 1)
        )
    return redirect("habits:plan_edit", pk=plan.pk)


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk) -> HttpResponse:
    plan = _own_plan(request, pk)
    try:
        version = services.plan_publish(plan=plan, actor=request.user)
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("habits:plan_edit", pk=plan.pk)
    messages.success(request, _("Published as version %(number)d.") % {"number": version.number})
    return back(request, reverse("habits:plan", args=[plan.pk]))
