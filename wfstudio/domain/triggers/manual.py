"""Manual: another workflow's Trigger Workflow step enrolls the contact (SPEC §2).

No config and no trigger variables, and no "trigger once per contact" toggle.

Which workflow a ``trigger_workflow`` step targets is part of its event,
``FiredEvent("manual", {"workflow": key})``, but a trigger does not know the key of its
own workflow. :meth:`Manual.is_fired_by` therefore answers True for every ``manual``
event; the graph module (cross-workflow loop detection) compares ``detail["workflow"]``
with the key of the workflow owning the trigger.
"""

from __future__ import annotations

from wfstudio.domain.definition import Trigger
from wfstudio.domain.kinds import Config, FiredEvent, TriggerSpec


class ManualConfig(Config):
    pass


class Manual(TriggerSpec[ManualConfig]):
    kind = "manual"
    label = "Manual Trigger"
    icon = "workflow"
    description = "When a Trigger Workflow step of another workflow starts this one."
    config_model = ManualConfig
    once_per_contact_allowed = False

    def summary(self, config: ManualConfig) -> str:
        return "Started by another workflow"

    def is_fired_by(self, trigger: Trigger, config: ManualConfig, event: FiredEvent) -> bool:
        """True for any ``manual`` event; the caller matches ``detail["workflow"]``."""
        return event.trigger_kind == self.kind
