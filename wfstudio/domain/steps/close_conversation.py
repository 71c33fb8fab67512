"""Close Conversation: closes the open conversation, with optional closing notes.

Decisions SPEC leaves open:

* Both the closing category and the summary are optional here (as in the original). A
  workspace setting that makes closing notes mandatory is not known to the domain, so
  it is not enforced by this check.
* The summary may contain ``$variables`` and is limited to 1,000 characters, like a
  comment.
* With no open conversation nothing happens and the contact goes on to *success*.
"""

from __future__ import annotations

from typing import Annotated

from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, Port, StepSpec
from wfstudio.domain.limits import MAX_COMMENT_CHARS
from wfstudio.domain.refs import Ref
from wfstudio.domain.steps._shared import shorten


class CloseConversationConfig(Config):
    category: Annotated[str, Ref("closing_category")] = ""
    summary: str = ""


class CloseConversation(StepSpec[CloseConversationConfig]):
    kind = "close_conversation"
    label = "Close Conversation"
    icon = "message-square-x"
    description = "Close the open conversation, with a closing category and summary."
    group = "Conversation"
    config_model = CloseConversationConfig

    def ports(self, config: CloseConversationConfig) -> list[Port]:
        return [Port("success", "Success")]

    def check(self, config: CloseConversationConfig, ctx: CheckContext) -> None:
        ctx.max_chars(config.summary, MAX_COMMENT_CHARS, "summary", "The summary")

    def fires(self, config: CloseConversationConfig) -> list[FiredEvent]:
        return [FiredEvent("conversation_closed", {"source": "workflow"})]

    def summary(self, config: CloseConversationConfig) -> str:
        if config.category:
            return f"Close as {config.category}"
        if config.summary.strip():
            return f"Close: {shorten(config.summary, 50)}"
        return "Close the conversation"
