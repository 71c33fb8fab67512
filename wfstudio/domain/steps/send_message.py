"""Send a Message: sends text on the last interacted channel or a chosen one."""

from __future__ import annotations

from typing import Annotated, Literal

from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.limits import MAX_MESSAGE_CHARS
from wfstudio.domain.refs import Ref


class ChannelMessage(Config):
    """A per-channel version of the message, used instead of the default on that channel."""

    channel: Annotated[str, Ref("channel")] = ""
    text: str = ""


class SendMessageConfig(Config):
    channel_mode: Literal["last_interacted", "specific"] = "last_interacted"
    channel: Annotated[str, Ref("channel")] = ""
    text: str = ""
    channel_messages: tuple[ChannelMessage, ...] = ()
    attachments: tuple[str, ...] = ()  # URLs of files to send along
    buttons: tuple[str, ...] = ()  # quick-reply buttons
    failure_branch: bool = False


class SendMessage(StepSpec[SendMessageConfig]):
    kind = "send_message"
    label = "Send a Message"
    icon = "message-square"
    description = "Send a message to the contact."
    group = "Messaging"
    config_model = SendMessageConfig

    def ports(self, config: SendMessageConfig) -> list[Port]:
        ports = [Port("success", "Success")]
        if config.failure_branch:
            ports.append(Port("failure", "Failure", always=False))
        return ports

    def check(self, config: SendMessageConfig, ctx: CheckContext) -> None:
        if config.channel_mode == "specific":
            ctx.require_ref(config.channel, "channel", "channel", "a channel")
        if ctx.require(config.text, "text", "The message text"):
            ctx.max_chars(config.text, MAX_MESSAGE_CHARS, "text", "The message")
        for index, version in enumerate(config.channel_messages):
            path = f"channel_messages.{index}"
            ctx.require_ref(
                version.channel, "channel", f"{path}.channel", "the channel of this version"
            )
            if ctx.require(version.text, f"{path}.text", "The message text of this version"):
                ctx.max_chars(version.text, MAX_MESSAGE_CHARS, f"{path}.text", "This version")

    def summary(self, config: SendMessageConfig) -> str:
        text = config.text.strip().splitlines()[0] if config.text.strip() else "No message yet"
        return text if len(text) <= 60 else text[:59] + "…"
