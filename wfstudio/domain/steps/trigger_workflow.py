"""Trigger Another Workflow: enrolls the contact in a workflow whose trigger is Manual.

Decisions SPEC leaves open:

* The target starts from its first step; the contact also goes on in this workflow
  (*success*) and no variables are passed across.
* The target must have the ``manual`` trigger. With a known workspace a target with
  another trigger is an error; a target the workspace lacks is reported by the generic
  reference check, not here. Loops between workflows are found by loop detection from
  :meth:`TriggerWorkflow.fires`.
"""

from __future__ import annotations

from typing import Annotated

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, Port, StepSpec
from wfstudio.domain.refs import Ref


class TriggerWorkflowConfig(Config):
    workflow: Annotated[str, Ref("workflow")] = ""


class TriggerWorkflow(StepSpec[TriggerWorkflowConfig]):
    kind = "trigger_workflow"
    label = "Trigger Another Workflow"
    icon = "workflow"
    description = "Enroll the contact in another workflow that has a Manual trigger."
    group = "Flow"
    config_model = TriggerWorkflowConfig

    def ports(self, config: TriggerWorkflowConfig) -> list[Port]:
        return [Port("success", "Success")]

    def check(self, config: TriggerWorkflowConfig, ctx: CheckContext) -> None:
        if not ctx.require_ref(config.workflow, "workflow", "workflow", "the workflow to trigger"):
            return
        trigger_kind = ctx.refs.workflows.get(config.workflow)
        if ctx.refs.known and trigger_kind is not None and trigger_kind != "manual":
            ctx.error(
                Code.INVALID_VALUE,
                "workflow",
                f"The workflow “{config.workflow}” does not have a Manual trigger "
                + (f"(its trigger is {trigger_kind})." if trigger_kind else "(it has none)."),
            )

    def fires(self, config: TriggerWorkflowConfig) -> list[FiredEvent]:
        if not config.workflow:
            return []
        return [FiredEvent("manual", {"workflow": config.workflow})]

    def summary(self, config: TriggerWorkflowConfig) -> str:
        return f"Start {config.workflow}" if config.workflow else "No workflow chosen yet"
