"""Contact Tag Updated: fires when one of the chosen tags is added to, or removed
from, the contact (SPEC §2).

Trigger variables: ``tag`` (the key of the tag that changed) and ``action``
(``added`` or ``removed``).
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

TagAction = Literal["added", "removed"]


class ContactTagUpdatedConfig(Config):
    action: TagAction = "added"
    tags: Annotated[tuple[str, ...], Ref("tag")] = ()


class ContactTagUpdated(TriggerSpec[ContactTagUpdatedConfig]):
    kind = "contact_tag_updated"
    label = "Contact Tag Updated"
    icon = "tag"
    description = "When chosen tags are added to or removed from the contact."
    config_model = ContactTagUpdatedConfig

    def variables(self, config: ContactTagUpdatedConfig) -> list[str]:
        return ["tag", "action"]

    def check(self, config: ContactTagUpdatedConfig, ctx: CheckContext) -> None:
        check_ref_list(ctx, config.tags, "tag", "tags", "tag", required=True)

    def summary(self, config: ContactTagUpdatedConfig) -> str:
        verb = "added" if config.action == "added" else "removed"
        if not config.tags:
            return f"Tag {verb}: choose tags"
        noun = "Tag" if len(config.tags) == 1 else "Tags"
        return f"{noun} {verb}: {join_keys(config.tags)}"

    def is_fired_by(
        self, trigger: Trigger, config: ContactTagUpdatedConfig, event: FiredEvent
    ) -> bool:
        """Fired by ``{"action": ..., "tag": ...}`` when both match the config.

        Trigger conditions are evaluated with the contact's tags *after* the change: a
        condition "tags has none of [vip]" rules out "vip added".
        """
        if event.trigger_kind != self.kind:
            return False
        action = event.detail.get("action")
        tag = event.detail.get("tag")
        if action is not None and action != config.action:
            return False
        if tag is not None and config.tags and tag not in config.tags:
            return False
        tags: dict[str, bool] = {}
        if tag and action in ("added", "removed"):
            tags[tag] = action == "added"
        facts = Facts(values=trigger_facts({"tag": tag, "action": action}), tags=tags)
        return conditions_allow(trigger.conditions, facts)
