"""Open Conversation: opens a conversation with the contact if none is open.

It has no configuration. When a conversation is already open nothing happens and the
contact goes on to *success*; a new conversation's source is "workflow", which can fire
a Conversation Opened trigger.
"""

from __future__ import annotations

from wfstudio.domain.kinds import Config, FiredEvent, Port, StepSpec


class OpenConversationConfig(Config):
    """No settings."""


class OpenConversation(StepSpec[OpenConversationConfig]):
    kind = "open_conversation"
    label = "Open Conversation"
    icon = "message-square-plus"
    description = "Open a conversation with the contact if none is open."
    group = "Conversation"
    config_model = OpenConversationConfig

    def ports(self, config: OpenConversationConfig) -> list[Port]:
        return [Port("success", "Success")]

    def fires(self, config: OpenConversationConfig) -> list[FiredEvent]:
        return [FiredEvent("conversation_opened", {"source": "workflow"})]

    def summary(self, config: OpenConversationConfig) -> str:
        return "Open a conversation"
