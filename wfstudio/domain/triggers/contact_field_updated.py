"""Contact Field Updated: fires when the chosen contact field changes (SPEC §2).

Conditions on ``trigger.old_value`` / ``trigger.new_value`` narrow it to particular
changes (e.g. "new value is equal to Paid").

Trigger variables: ``field`` (the field key), ``old_value`` and ``new_value``.
"""

from __future__ import annotations

from typing import Annotated

from wfstudio.domain.definition import Trigger
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, TriggerSpec
from wfstudio.domain.refs import Ref
from wfstudio.domain.triggers._common import Facts, conditions_allow, trigger_facts


class ContactFieldUpdatedConfig(Config):
    field: Annotated[str, Ref("field")] = ""


class ContactFieldUpdated(TriggerSpec[ContactFieldUpdatedConfig]):
    kind = "contact_field_updated"
    label = "Contact Field Updated"
    icon = "user-pen"
    description = "When a chosen contact field is updated."
    config_model = ContactFieldUpdatedConfig

    def variables(self, config: ContactFieldUpdatedConfig) -> list[str]:
        return ["field", "old_value", "new_value"]

    def check(self, config: ContactFieldUpdatedConfig, ctx: CheckContext) -> None:
        ctx.require_ref(config.field, "field", "field", "the contact field to watch")

    def summary(self, config: ContactFieldUpdatedConfig) -> str:
        return f"Field {config.field} updated" if config.field else "Choose a contact field"

    def is_fired_by(
        self, trigger: Trigger, config: ContactFieldUpdatedConfig, event: FiredEvent
    ) -> bool:
        """Fired by ``{"field": key}`` when ``key`` is the watched field.

        The new value is not part of the event, so conditions on it cannot rule it out.
        """
        if event.trigger_kind != self.kind:
            return False
        field = event.detail.get("field")
        if field is not None and config.field and field != config.field:
            return False
        facts = Facts(values=trigger_facts({"field": field}))
        return conditions_allow(trigger.conditions, facts)
