"""Add Comment: adds an internal note to the contact; contacts never see it.

Decisions SPEC leaves open: mentions are chosen as users (by key) next to the text and
notified when the comment is added; the text is required, at most 1,000 characters, and
may contain ``$variables``. A user may be mentioned only once.
"""

from __future__ import annotations

from typing import Annotated

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.limits import MAX_COMMENT_CHARS
from wfstudio.domain.refs import Ref
from wfstudio.domain.steps._shared import duplicates, shorten


class AddCommentConfig(Config):
    text: str = ""
    mentions: Annotated[tuple[str, ...], Ref("user")] = ()


class AddComment(StepSpec[AddCommentConfig]):
    kind = "add_comment"
    label = "Add Comment"
    icon = "sticky-note"
    description = "Add an internal comment for your team; the contact never sees it."
    group = "Conversation"
    config_model = AddCommentConfig

    def ports(self, config: AddCommentConfig) -> list[Port]:
        return [Port("success", "Success")]

    def check(self, config: AddCommentConfig, ctx: CheckContext) -> None:
        if ctx.require(config.text, "text", "The comment text"):
            ctx.max_chars(config.text, MAX_COMMENT_CHARS, "text", "The comment")
        for index in duplicates(list(config.mentions)):
            ctx.error(
                Code.DUPLICATE,
                f"mentions.{index}",
                f"The user “{config.mentions[index]}” is mentioned twice.",
            )

    def summary(self, config: AddCommentConfig) -> str:
        return shorten(config.text, 60) if config.text.strip() else "No comment yet"
