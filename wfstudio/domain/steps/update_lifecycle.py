"""Update Lifecycle: sets the contact's lifecycle stage or clears it.

Decision SPEC leaves open: a "set" with no stage chosen fires nothing for loop
detection (it is a configuration error anyway, so it never gets published).
"""

from __future__ import annotations

from typing import Annotated, Literal

from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, Port, StepSpec
from wfstudio.domain.refs import Ref


class UpdateLifecycleConfig(Config):
    action: Literal["set", "clear"] = "set"
    stage: Annotated[str, Ref("lifecycle_stage")] = ""


class UpdateLifecycle(StepSpec[UpdateLifecycleConfig]):
    kind = "update_lifecycle"
    label = "Update Lifecycle"
    icon = "milestone"
    description = "Set the contact's lifecycle stage, or clear it."
    group = "Contact"
    config_model = UpdateLifecycleConfig

    def ports(self, config: UpdateLifecycleConfig) -> list[Port]:
        return [Port("success", "Success")]

    def check(self, config: UpdateLifecycleConfig, ctx: CheckContext) -> None:
        if config.action == "set":
            ctx.require_ref(config.stage, "lifecycle_stage", "stage", "a lifecycle stage")

    def fires(self, config: UpdateLifecycleConfig) -> list[FiredEvent]:
        if config.action == "clear":
            return [FiredEvent("lifecycle_updated", {"stage": ""})]
        if not config.stage:
            return []
        return [FiredEvent("lifecycle_updated", {"stage": config.stage})]

    def summary(self, config: UpdateLifecycleConfig) -> str:
        if config.action == "clear":
            return "Clear the lifecycle stage"
        return f"Set stage {config.stage}" if config.stage else "Set stage (not chosen)"
