"""Lifecycle Updated: fires when the contact's lifecycle stage changes (SPEC §2).

``stage_mode`` is ``any`` or ``chosen``; with ``chosen``, the trigger fires when the
contact *enters* one of ``stages`` (a workspace reference list). Clearing the stage (no
stage any more) fires only when ``fire_when_cleared`` is on, whatever ``stage_mode`` says.

Trigger variables: ``old_stage`` and ``new_stage`` (stage keys; empty when none).
"""

from __future__ import annotations

from typing import Annotated, Literal

from wfstudio.domain.definition import Trigger
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, TriggerSpec
from wfstudio.domain.refs import Ref
from wfstudio.domain.triggers._common import (
    Facts,
    check_ref_list,
    conditions_allow,
    join_keys,
    trigger_facts,
)


class LifecycleUpdatedConfig(Config):
    stage_mode: Literal["any", "chosen"] = "any"
    stages: Annotated[tuple[str, ...], Ref("lifecycle_stage")] = ()
    fire_when_cleared: bool = False


class LifecycleUpdated(TriggerSpec[LifecycleUpdatedConfig]):
    kind = "lifecycle_updated"
    label = "Lifecycle Updated"
    icon = "milestone"
    description = "When the contact's lifecycle stage changes."
    config_model = LifecycleUpdatedConfig

    def variables(self, config: LifecycleUpdatedConfig) -> list[str]:
        return ["old_stage", "new_stage"]

    def check(self, config: LifecycleUpdatedConfig, ctx: CheckContext) -> None:
        check_ref_list(
            ctx,
            config.stages,
            "lifecycle_stage",
            "stages",
            "lifecycle stage",
            required=config.stage_mode == "chosen",
        )

    def summary(self, config: LifecycleUpdatedConfig) -> str:
        if config.stage_mode == "any":
            text = "Any stage"
        elif config.stages:
            text = f"Stage {join_keys(config.stages)}"
        else:
            text = "Choose stages"
        return text + (" or cleared" if config.fire_when_cleared else "")

    def is_fired_by(
        self, trigger: Trigger, config: LifecycleUpdatedConfig, event: FiredEvent
    ) -> bool:
        """Fired by ``{"stage": key}`` (set) or ``{"stage": ""}`` (cleared)."""
        if event.trigger_kind != self.kind:
            return False
        stage = event.detail.get("stage")
        if stage == "":
            if not config.fire_when_cleared:
                return False
        elif (
            stage is not None
            and config.stage_mode == "chosen"
            and config.stages
            and stage not in config.stages
        ):
            return False
        facts = Facts(values=trigger_facts({"new_stage": stage}))
        return conditions_allow(trigger.conditions, facts)
