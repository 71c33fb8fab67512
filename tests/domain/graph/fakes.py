"""Tiny fake kinds for the graph tests, passed through the injectable catalogue parameters,
so the tests do not depend on the details of the real kinds."""

from __future__ import annotations

from typing import Any, ClassVar

from wfstudio.domain.definition import Position, Step, Trigger, WorkflowDefinition
from wfstudio.domain.issues import Code, Issue
from wfstudio.domain.kinds import Config, FiredEvent, Port, StepSpec, TriggerSpec


class ActConfig(Config):
    ports: tuple[str, ...] = ("success",)
    add_tags: tuple[str, ...] = ()
    start: str = ""  # key of a workflow to start (like trigger_workflow)
    jump: str = ""  # step to jump to (like jump_to)


class Act(StepSpec[ActConfig]):
    """A step whose ports, fired tags, started workflow and jump target come from config."""

    kind: ClassVar[str] = "act"
    label: ClassVar[str] = "Act"
    icon: ClassVar[str] = "zap"
    description: ClassVar[str] = "Fake step."
    group: ClassVar[str] = "Flow"
    config_model = ActConfig

    def ports(self, config: ActConfig) -> list[Port]:
        return [Port(name, name.replace("_", " ").title()) for name in config.ports]

    def fires(self, config: ActConfig) -> list[FiredEvent]:
        events = [FiredEvent("tag", {"action": "added", "tag": tag}) for tag in config.add_tags]
        if config.start:
            events.append(FiredEvent("manual", {"workflow": config.start}))
        return events

    def jump_targets(self, config: ActConfig) -> list[str]:
        return [config.jump] if config.jump else []


class Pause(Act):
    kind: ClassVar[str] = "pause"
    pauses: ClassVar[bool] = True


class TagConfig(Config):
    tags: tuple[str, ...] = ()


class TagTrigger(TriggerSpec[TagConfig]):
    kind: ClassVar[str] = "tag"
    label: ClassVar[str] = "Tag Added"
    icon: ClassVar[str] = "tag"
    description: ClassVar[str] = "Fake trigger."
    config_model = TagConfig

    def summary(self, config: TagConfig) -> str:
        return ", ".join(config.tags)

    def is_fired_by(self, trigger: Trigger, config: TagConfig, event: FiredEvent) -> bool:
        return event.trigger_kind == self.kind and event.detail.get("tag") in config.tags


class ManualTrigger(TriggerSpec[Config]):
    kind: ClassVar[str] = "manual"
    label: ClassVar[str] = "Manual"
    icon: ClassVar[str] = "workflow"
    description: ClassVar[str] = "Fake manual trigger."
    config_model = Config

    def is_fired_by(self, trigger: Trigger, config: Config, event: FiredEvent) -> bool:
        return event.trigger_kind == self.kind


STEPS: dict[str, StepSpec[Any]] = {"act": Act(), "pause": Pause()}
TRIGGERS: dict[str, TriggerSpec[Any]] = {"tag": TagTrigger(), "manual": ManualTrigger()}


def S(sid: str, kind: str = "act", name: str = "", **config: Any) -> Step:
    """A fake step; ``next`` goes to the step, everything else into its config."""
    next_ = config.pop("next", {})
    return Step(id=sid, kind=kind, name=name or sid.upper(), config=config, next=next_)


def wf(
    *steps: Step,
    first: str | None = "a",
    trigger: Trigger | None = None,
    name: str = "Flow",
    positions: dict[str, tuple[float, float]] | None = None,
) -> WorkflowDefinition:
    trigger = trigger or Trigger(kind="tag", config={"tags": ["vip"]})
    return WorkflowDefinition(
        name=name,
        trigger=trigger.model_copy(update={"next": first}),
        steps=steps,
        layout={k: Position(x=x, y=y) for k, (x, y) in (positions or {}).items()},
    )


def codes(issues: list[Issue]) -> list[Code]:
    return [issue.code for issue in issues]
