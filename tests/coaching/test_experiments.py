"""Prompt registry and A/B experiments: split within tolerance, sticky per user, winner."""

from __future__ import annotations

import pytest

from coaching.enums import Arm, ExperimentStatus
from coaching.exceptions import ExperimentInvalid, PromptLocked, PromptVariablesInvalid
from coaching.models import ExperimentAssignment, PromptTemplate
from coaching.selectors import experiment_results
from coaching.services.prompts import (
    experiment_declare_winner,
    experiment_start,
    prompt_create_version,
    prompt_render,
    prompt_resolve,
    prompt_update,
)

from .llm_server import Answer

pytestmark = pytest.mark.django_db


def new_version(name="chat"):
    current = PromptTemplate.objects.get(name=name, version=1)
    return prompt_create_version(
        name=name,
        model="gpt-4o-mini",
        user_template=current.user_template + "\nBe brief.",
        variables=current.variables,
        system_prompt=current.system_prompt,
    )


def test_versions_number_themselves_and_start_inactive():
    v2 = new_version()

    assert v2.version == 2
    assert v2.is_active is False


def test_placeholders_must_be_declared():
    with pytest.raises(PromptVariablesInvalid):
        prompt_create_version(name="x", model="m", user_template="Hi {{ who }}", variables=[])


def test_render_fills_declared_variables_only():
    template = PromptTemplate.objects.get(name="chat", version=1)

    text = prompt_render(template=template, variables={"language": "en", "message": "{{ x }}"})

    assert text.endswith("{{ x }}")  # values are not re-rendered


def test_a_used_version_is_immutable(alice, llm_server):
    llm_server.queue(Answer({"reply": "hi"}))
    from coaching.llm.gateway import llm_call

    template = PromptTemplate.objects.get(name="chat", version=1)
    llm_call(template=template, variables={"language": "en", "message": "hi"}, user=alice,
             purpose="chat")  # fmt: skip
    template.refresh_from_db()

    with pytest.raises(PromptLocked):
        prompt_update(template=template, user_template="changed {{ language }} {{ message }}")
    prompt_update(template=template, description="notes may change")  # not content


def test_experiment_splits_traffic_as_configured_within_tolerance(make_user):
    v1 = PromptTemplate.objects.get(name="chat", version=1)
    experiment = experiment_start(template_a=v1, template_b=new_version(), traffic_split=30)
    users = [make_user() for _ in range(400)]

    arms = [prompt_resolve(name="chat", user=user).arm for user in users]

    share_a = arms.count(Arm.A) / len(arms)
    # binomial(400, 0.3): sd = 2.3 percentage points; 4 sd tolerance
    assert abs(share_a - 0.30) < 0.092
    assert ExperimentAssignment.objects.filter(experiment=experiment).count() == 400


def test_assignment_is_sticky_even_when_the_split_changes(make_user):
    v1 = PromptTemplate.objects.get(name="chat", version=1)
    experiment = experiment_start(template_a=v1, template_b=new_version(), traffic_split=50)
    users = [make_user() for _ in range(40)]
    first = {u.pk: prompt_resolve(name="chat", user=u).template.pk for u in users}

    experiment.traffic_split = 0
    experiment.save(update_fields=["traffic_split"])

    again = {u.pk: prompt_resolve(name="chat", user=u).template.pk for u in users}
    assert again == first
    assert len(set(first.values())) == 2


def test_only_one_experiment_per_prompt_runs_at_a_time():
    v1 = PromptTemplate.objects.get(name="chat", version=1)
    v2 = new_version()
    experiment_start(template_a=v1, template_b=v2)

    with pytest.raises(ExperimentInvalid):
        experiment_start(template_a=v1, template_b=v2)


def test_declaring_the_winner_ends_the_experiment_and_activates_it(operator, make_user, llm_server):
    from billing.services import credits_grant
    from coaching.services.chat import chat_send

    v1 = PromptTemplate.objects.get(name="chat", version=1)
    v2 = new_version()
    experiment = experiment_start(template_a=v1, template_b=v2, traffic_split=50)
    llm_server.default = Answer({"reply": "ok"})
    for n in range(6):
        user = make_user()
        credits_grant(user=user, amount=50, reason="t", idempotency_key="t")
        chat_send(user=user, conversation=None, text="안녕", idempotency_key=f"k{n}")

    rows = experiment_results(experiment=experiment)
    assert sum(r["uses"] for r in rows) == 6
    assert sum(r["users"] for r in rows) == 6

    done = experiment_declare_winner(experiment=experiment, winner="b", actor=operator,
                                     reason="fewer failures")  # fmt: skip

    assert done.status == ExperimentStatus.COMPLETED
    assert done.decided_by == operator
    assert PromptTemplate.objects.get(name="chat", is_active=True) == v2
    assert prompt_resolve(name="chat", user=make_user()).template == v2
