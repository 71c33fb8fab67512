"""The workflow document (SPEC §1): what the builder edits, export writes and import reads.

A definition is a flat structure in the SpiffWorkflow manner: steps refer to each other
by id through their ``next`` port maps. Step and trigger configs are kept as plain JSON
dicts here; the catalogue parses them into typed config models when it needs to.
"""

from __future__ import annotations

from typing import Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

FORMAT: Final = "wfstudio.workflow"
FORMAT_VERSION = 1

ExitOn = Literal["outgoing_message", "incoming_message", "manual_assignment"]
EXIT_ON_CHOICES: tuple[ExitOn, ...] = get_args(ExitOn)

Operator = Literal[
    "equals",
    "not_equals",
    "contains",
    "not_contains",
    "exists",
    "not_exists",
    "greater_than",
    "less_than",
    "between",
    "has_any_of",
    "has_all_of",
    "has_none_of",
    "before",
    "after",
]
OPERATORS: tuple[Operator, ...] = get_args(Operator)

ConditionCategory = Literal[
    "contact_field",  # field = a contact field key (standard or custom)
    "tags",  # value = list of tag keys
    "variable",  # field = "trigger.<name>" or "var.<name>"
    "assignee_status",  # value = "online" / "offline"
    "channel",  # value = channel key(s) of the conversation
    "last_incoming_message",  # value = text
    "conversation",  # field = "status" / "source" / "closing_category"
]
CONDITION_CATEGORIES: tuple[ConditionCategory, ...] = get_args(ConditionCategory)

STEP_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
RESERVED_STEP_ID = "trigger"  # the trigger's node id in the graph and in issues


class Frozen(BaseModel):
    """Base of every immutable document model: unknown keys are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Condition(Frozen):
    """One test: category, field (when the category has one), operator and value."""

    category: ConditionCategory
    field: str = ""
    operator: Operator
    value: JsonValue = None


class ConditionGroup(Frozen):
    """Up to 10 conditions joined by AND or OR. An empty group always matches."""

    join: Literal["and", "or"] = "and"
    rules: tuple[Condition, ...] = ()


class Settings(Frozen):
    """Workflow settings; these may change while the workflow is published."""

    allow_stop_for_contact: bool = False
    exit_on: tuple[ExitOn, ...] = ()

    @field_validator("exit_on")
    @classmethod
    def _canonical_order(cls, value: tuple[ExitOn, ...]) -> tuple[ExitOn, ...]:
        return tuple(choice for choice in EXIT_ON_CHOICES if choice in value)


class Trigger(Frozen):
    """The single trigger of a workflow."""

    kind: str
    config: dict[str, JsonValue] = Field(default_factory=dict)
    conditions: ConditionGroup = ConditionGroup()
    once_per_contact: bool = False
    next: str | None = None


class Step(Frozen):
    """One step: ``next`` maps each exit port to the id of the step it leads to."""

    id: str = Field(pattern=STEP_ID_PATTERN)
    kind: str
    name: str
    config: dict[str, JsonValue] = Field(default_factory=dict)
    next: dict[str, str] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _not_the_trigger(cls, value: str) -> str:
        if value == RESERVED_STEP_ID:
            raise ValueError(f'"{RESERVED_STEP_ID}" is reserved for the trigger')
        return value


class Position(Frozen):
    """Where a node sits on the canvas."""

    x: float
    y: float


class WorkflowDefinition(Frozen):
    """A whole workflow document: trigger, steps, settings and optional canvas layout."""

    format: Literal["wfstudio.workflow"] = FORMAT
    format_version: int = FORMAT_VERSION
    name: str = Field(min_length=1)
    description: str = ""
    settings: Settings = Settings()
    trigger: Trigger | None = None
    steps: tuple[Step, ...] = ()
    layout: dict[str, Position] = Field(default_factory=dict)

    def step(self, step_id: str) -> Step | None:
        """The step with ``step_id``, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    @property
    def step_ids(self) -> list[str]:
        return [step.id for step in self.steps]

    def replace(self, **changes: Any) -> WorkflowDefinition:
        """A copy with ``changes`` applied and validated."""
        data = self.model_dump()
        data.update(changes)
        return WorkflowDefinition.model_validate(data)
