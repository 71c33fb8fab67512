"""Conversation Opened: fires when a conversation with the contact opens (SPEC §2).

A conversation opens when the contact writes while none is open (source ``contact``),
a user opens one in the inbox (``user``), an Open Conversation step runs (``workflow``)
or a program opens one through the API (``api``). ``sources`` narrows the trigger to
some of these; empty means any source.

Trigger variables: ``channel`` (key of the conversation's channel) and ``source``.
"""

from __future__ import annotations

from typing import Literal, get_args

from wfstudio.domain.definition import Trigger
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, TriggerSpec
from wfstudio.domain.triggers._common import (
    Facts,
    check_unique,
    conditions_allow,
    trigger_facts,
)

OpenSource = Literal["user", "workflow", "contact", "api"]
OPEN_SOURCES: tuple[OpenSource, ...] = get_args(OpenSource)
SOURCE_LABELS = {"user": "User", "workflow": "Workflow", "contact": "Contact", "api": "API"}


class ConversationOpenedConfig(Config):
    sources: tuple[OpenSource, ...] = ()  # empty = any source


class ConversationOpened(TriggerSpec[ConversationOpenedConfig]):
    kind = "conversation_opened"
    label = "Conversation Opened"
    icon = "message-square-plus"
    description = "When a conversation with the contact is opened."
    config_model = ConversationOpenedConfig

    def variables(self, config: ConversationOpenedConfig) -> list[str]:
        return ["channel", "source"]

    def check(self, config: ConversationOpenedConfig, ctx: CheckContext) -> None:
        # The Literal type already restricts the values; a repeated source is harmless
        # but only a hand-edited file has one, so it is reported.
        check_unique(ctx, config.sources, "sources", "source", SOURCE_LABELS)

    def summary(self, config: ConversationOpenedConfig) -> str:
        if not config.sources or set(config.sources) == set(OPEN_SOURCES):
            return "Opened from any source"
        chosen = [SOURCE_LABELS[s] for s in OPEN_SOURCES if s in config.sources]
        return "Opened by " + " or ".join(chosen)

    def is_fired_by(
        self, trigger: Trigger, config: ConversationOpenedConfig, event: FiredEvent
    ) -> bool:
        if event.trigger_kind != self.kind:
            return False
        source = event.detail.get("source")
        if source is not None and config.sources and source not in config.sources:
            return False
        values = trigger_facts({"source": source})
        if source is not None:
            values[("conversation", "source")] = source
        return conditions_allow(trigger.conditions, Facts(values=values))
