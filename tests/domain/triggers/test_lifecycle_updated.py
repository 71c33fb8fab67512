from __future__ import annotations

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.lifecycle_updated import LifecycleUpdated

from .helpers import check, fired, trigger, var

SPEC = LifecycleUpdated()


def stage(key: str) -> FiredEvent:
    return FiredEvent("lifecycle_updated", {"stage": key})


CLEARED = stage("")


def test_good_configs_have_no_issues() -> None:
    assert check(SPEC, {}) == []
    assert check(SPEC, {"stage_mode": "chosen", "stages": ["lead", "customer"]}) == []


def test_chosen_stages_need_one() -> None:
    assert check(SPEC, {"stage_mode": "chosen"}) == [(Code.MISSING_REFERENCE, "config.stages")]


def test_blank_and_repeated_stages() -> None:
    assert check(SPEC, {"stage_mode": "chosen", "stages": ["lead", "", "lead"]}) == [
        (Code.MISSING_REFERENCE, "config.stages.1"),
        (Code.DUPLICATE, "config.stages.2"),
    ]


def test_variables() -> None:
    assert SPEC.variables(SPEC.parse({})) == ["old_stage", "new_stage"]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({})) == "Any stage"
    cfg = SPEC.parse({"stage_mode": "chosen", "stages": ["lead"], "fire_when_cleared": True})
    assert SPEC.summary(cfg) == "Stage lead or cleared"


def test_any_stage() -> None:
    trig = trigger(SPEC)
    assert fired(SPEC, trig, stage("lead"))
    assert not fired(SPEC, trig, CLEARED)
    assert fired(SPEC, trig, FiredEvent("lifecycle_updated", {}))


def test_chosen_stages() -> None:
    trig = trigger(SPEC, {"stage_mode": "chosen", "stages": ["lead"]})
    assert fired(SPEC, trig, stage("lead"))
    assert not fired(SPEC, trig, stage("customer"))


def test_fire_when_cleared() -> None:
    trig = trigger(SPEC, {"stage_mode": "chosen", "stages": ["lead"], "fire_when_cleared": True})
    assert fired(SPEC, trig, CLEARED)


def test_conditions_on_new_stage() -> None:
    trig = trigger(SPEC, rules=(var("new_stage", "equals", "customer"),))
    assert not fired(SPEC, trig, stage("lead"))
    assert fired(SPEC, trig, stage("customer"))
    exists = trigger(SPEC, {"fire_when_cleared": True}, rules=(var("new_stage", "exists"),))
    assert not fired(SPEC, exists, CLEARED)
