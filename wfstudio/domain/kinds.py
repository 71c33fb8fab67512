"""The shape every trigger kind and step kind has in the catalogue.

A kind is a small class: its label, icon and one-line description for the UI, a typed
config model (defaults; limits are checked in :meth:`StepSpec.check`), its ports, whether
it pauses, and the events it can fire (for loop detection). Each kind lives in its own
module under ``steps/`` or ``triggers/``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from wfstudio.domain.definition import Trigger
from wfstudio.domain.issues import Code, Issue
from wfstudio.domain.refs import RefKind, WorkspaceRefs


class Config(BaseModel):
    """Base of every config model: immutable, unknown keys refused, all fields defaulted.

    Every field has a default so a new step starts from ``Config()``; what is required is
    decided by the kind's ``check``, which reports it as a configuration error.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


C = TypeVar("C", bound=Config)


@dataclass(frozen=True)
class Port:
    """An exit of a step. ``always`` ports exist whatever the config."""

    name: str
    label: str
    always: bool = True


@dataclass(frozen=True)
class FiredEvent:
    """Something a step does that a trigger could react to (for loop detection).

    ``trigger_kind`` is the kind of trigger it may fire; ``detail`` narrows it, e.g.
    ``{"action": "added", "tag": "vip"}``, ``{"field": "email"}``, ``{"stage": "lead"}``,
    ``{"source": "workflow"}`` or ``{"workflow": "<key of the target workflow>"}``.
    """

    trigger_kind: str
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass
class CheckContext:
    """Collects the issues of one step (or of the trigger) with consistent wording.

    Messages name the step and the field: ``Send a Message "Welcome": the message text is
    required.`` The short ``detail`` (without the step) is what the drawer shows beside
    the field.
    """

    step_id: str
    step_label: str
    step_name: str
    refs: WorkspaceRefs
    issues: list[Issue] = field(default_factory=list)
    prefix: str = "config"  # where ``path`` arguments sit inside the step or trigger

    def error(self, code: Code, path: str, detail: str) -> None:
        self._add(code, path, detail, "error")

    def warning(self, code: Code, path: str, detail: str) -> None:
        self._add(code, path, detail, "warning")

    def _add(self, code: Code, path: str, detail: str, severity: str) -> None:
        where = f'{self.step_label} "{self.step_name}"' if self.step_name else self.step_label
        self.issues.append(
            Issue(
                code=code,
                message=f"{where}: {detail}",
                step_id=self.step_id,
                field=".".join(part for part in (self.prefix, path) if part),
                detail=detail,
                severity="error" if severity == "error" else "warning",
            )
        )

    # Helpers for the common rules; each returns True when the value passed.

    def require(self, value: object, path: str, label: str) -> bool:
        """``value`` must be non-empty (after stripping text)."""
        empty = value is None or (isinstance(value, str) and not value.strip())
        empty = empty or (
            isinstance(value, Collection) and not isinstance(value, str) and not value
        )
        if empty:
            self.error(Code.REQUIRED, path, f"{label} is required.")
        return not empty

    def require_ref(self, value: str, kind: RefKind, path: str, label: str) -> bool:
        """A workspace reference that must be chosen (existence is checked elsewhere)."""
        if not value:
            self.error(Code.MISSING_REFERENCE, path, f"Choose {label}.")
            return False
        return True

    def max_chars(self, value: str, limit: int, path: str, label: str) -> bool:
        if len(value) > limit:
            self.error(
                Code.TOO_LONG,
                path,
                f"{label} has {len(value):,} characters; the limit is {limit:,}.",
            )
            return False
        return True

    def max_items(self, items: Collection[Any], limit: int, path: str, label: str) -> bool:
        if len(items) > limit:
            self.error(
                Code.TOO_MANY, path, f"{label}: {len(items)} given, at most {limit} allowed."
            )
            return False
        return True

    def in_range(
        self, value: float, low: float, high: float, path: str, label: str, unit: str = ""
    ) -> bool:
        if not low <= value <= high:
            suffix = f" {unit}" if unit else ""
            self.error(
                Code.OUT_OF_RANGE, path, f"{label} must be between {low:g} and {high:g}{suffix}."
            )
            return False
        return True


class KindSpec(Generic[C]):
    """What step kinds and trigger kinds share."""

    kind: ClassVar[str]
    label: ClassVar[str]
    icon: ClassVar[str]  # a lucide icon name, e.g. "message-square"
    description: ClassVar[str]
    config_model: type[C]

    def parse(self, raw: Mapping[str, Any]) -> C:
        """The typed config; raises ``pydantic.ValidationError`` on wrong types."""
        return self.config_model.model_validate(raw)

    def parse_or_none(self, raw: Mapping[str, Any]) -> C | None:
        """The typed config, or None when it does not parse (validation reports why)."""
        try:
            return self.parse(raw)
        except (ValueError, TypeError):  # pydantic.ValidationError is a ValueError
            return None

    def default_config(self) -> dict[str, Any]:
        """The config a new step of this kind starts with, as JSON."""
        return self.config_model().model_dump(mode="json")

    def check(self, config: C, ctx: CheckContext) -> None:
        """Report required fields, limits and type rules into ``ctx``."""

    def summary(self, config: C) -> str:
        """One line for the canvas node, e.g. ``Round robin in team Sales``."""
        return ""


class StepSpec(KindSpec[C]):
    """A step kind: ports, pausing, and what it may fire."""

    group: ClassVar[
        str
    ]  # step-picker section: Messaging, Contact, Conversation, Flow, Integrations, AI
    pauses: ClassVar[bool] = False

    def ports(self, config: C) -> list[Port]:
        """The exits of a step with this config, in the order the canvas shows them."""
        raise NotImplementedError

    def fires(self, config: C) -> list[FiredEvent]:
        """Events this step causes that a trigger could react to."""
        return []

    def jump_targets(self, config: C) -> list[str]:
        """Steps this step may continue at besides its ports (Jump To only)."""
        return []


class TriggerSpec(KindSpec[C]):
    """A trigger kind: its variables and which fired events it reacts to."""

    once_per_contact_allowed: ClassVar[bool] = True

    def variables(self, config: C) -> list[str]:
        """Names of the trigger variables (used as ``$trigger.<name>``)."""
        return []

    def is_fired_by(self, trigger: Trigger, config: C, event: FiredEvent) -> bool:
        """Whether ``event`` (caused by a step) would fire this trigger.

        Conservative: when the trigger's conditions cannot rule the event out, answer True.
        """
        return False
