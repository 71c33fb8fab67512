"""Delivering an outbound message on a channel (Send a Message, Ask a Question, AI replies).

The runner stores every outbound message in the conversation first (that is what the
inbox and the live chat show), then calls :func:`deliver` to hand it to the channel's
connector. What each channel kind does:

* ``custom_channel`` — POSTs JSON to the channel's ``config["outbound_url"]``::

      {"channel": "<channel key>",
       "contact": {"id", "name", "phone", "email", "external_id"},
       "message": {"type": "message"|"question", "text", "buttons", "attachments",
                   "options" (questions only), "id" (when the runner gives one)}}

  Any 2xx is success. Network errors, timeouts and 5xx are retried (3 attempts in all,
  with a short doubling backoff); 4xx is not retried (the receiver refused this message
  and will refuse it again). The timeout per attempt is ``config["timeout_s"]`` (default
  10 s, at most 60). A missing or non-http(s) ``outbound_url`` fails without a request.
  A URL the outbound rules refuse (a non-public address, also after resolving the host
  or following a redirect; see :mod:`wfstudio.runtime.http`) fails after one attempt.
  A retried POST may reach the receiver twice (the first attempt can time out after it
  arrived): receivers should de-duplicate on ``message.id``.
* ``web_chat`` — nothing to send: the live chat widget reads the stored message, so the
  delivery succeeds at once (``attempts`` 0).
* ``whatsapp``, ``messenger``, ``instagram``, ``telegram``, ``viber``, ``line``,
  ``wechat``, ``email``, ``sms`` — this product has no connector for them yet: the
  delivery succeeds with ``inbox_only=True``, meaning the message is in the inbox only
  and did not leave wfstudio.
* Any other kind fails with a clear error (unknown data, not a user mistake).

Pure of database access; the runner resolves the channel and contact and records the
:class:`Delivery` in the step log.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import JsonValue

from wfstudio.domain.steps.send_message import SendMessageConfig
from wfstudio.domain.variables import Scope, render
from wfstudio.runtime.http import HttpClient

DEFAULT_CHANNEL_TIMEOUT_SECONDS: Final = 10.0
MAX_CHANNEL_TIMEOUT_SECONDS: Final = 60.0
DELIVERY_ATTEMPTS: Final = 3
RETRY_BACKOFF_SECONDS: Final = 0.5
INBOX_ONLY_KINDS: Final = frozenset(
    {"whatsapp", "messenger", "instagram", "telegram", "viber", "line", "wechat", "email", "sms"}
)


@dataclass(frozen=True)
class OutboundMessage:
    """One message to send, already rendered (no ``$variables`` left to fill).

    Attributes:
        text: the message text.
        buttons: quick-reply button labels.
        attachments: URLs of files sent along.
        kind: ``message`` (Send a Message, AI replies) or ``question`` (Ask a Question).
        options: the choices of a multiple-choice question (empty otherwise).
        message_id: the stored message's id, sent so receivers can de-duplicate retries.
    """

    text: str
    buttons: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    kind: Literal["message", "question"] = "message"
    options: tuple[str, ...] = ()
    message_id: int | str | None = None


@dataclass(frozen=True)
class ChannelTarget:
    """The channel a message goes out on: its key, kind (``custom_channel``, ``web_chat``
    …), display name and connector config (e.g. ``outbound_url``, ``timeout_s``)."""

    key: str
    kind: str
    name: str = ""
    config: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ContactAddress:
    """Who receives the message; ``external_id`` is the contact's id on that channel."""

    contact_id: int | str | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class Delivery:
    """The outcome of :func:`deliver`.

    Attributes:
        ok: the channel accepted the message (or has no connector; see ``inbox_only``).
        error: why it failed, for the step log; None when ``ok``.
        attempts: requests made (0 when nothing was sent over the network).
        status: the HTTP status of the last attempt, None when it got no response.
        inbox_only: the message stays in the inbox: the channel kind has no connector yet.
    """

    ok: bool
    error: str | None = None
    attempts: int = 0
    status: int | None = None
    inbox_only: bool = False


def pick_channel_message(config: SendMessageConfig, channel_key: str) -> str:
    """The text to send on ``channel_key``: its per-channel version, else the default text.

    A per-channel version with blank text does not count (validation refuses it anyway).
    The text is returned as written; render its ``$variables`` afterwards.
    """
    for version in config.channel_messages:
        if version.channel == channel_key and version.text.strip():
            return version.text
    return config.text


def send_message_outbound(
    config: SendMessageConfig, channel_key: str, scope: Scope
) -> OutboundMessage:
    """The :class:`OutboundMessage` a Send a Message step sends on ``channel_key``.

    The chosen text, the buttons and the attachment URLs have their ``$variables``
    rendered from ``scope``.
    """
    return OutboundMessage(
        text=render(pick_channel_message(config, channel_key), scope),
        buttons=tuple(render(button, scope) for button in config.buttons),
        attachments=tuple(render(url, scope) for url in config.attachments),
    )


def message_payload(
    target: ChannelTarget, contact: ContactAddress, message: OutboundMessage
) -> dict[str, JsonValue]:
    """The JSON body a custom channel receives (see the module docstring)."""
    body: dict[str, JsonValue] = {
        "type": message.kind,
        "text": message.text,
        "buttons": list(message.buttons),
        "attachments": list(message.attachments),
    }
    if message.kind == "question":
        body["options"] = list(message.options)
    if message.message_id is not None:
        body["id"] = message.message_id
    return {
        "channel": target.key,
        "contact": {
            "id": contact.contact_id,
            "name": contact.name,
            "phone": contact.phone,
            "email": contact.email,
            "external_id": contact.external_id,
        },
        "message": body,
    }


async def deliver(
    client: HttpClient,
    target: ChannelTarget,
    contact: ContactAddress,
    message: OutboundMessage,
    *,
    attempts: int = DELIVERY_ATTEMPTS,
    backoff_s: float = RETRY_BACKOFF_SECONDS,
) -> Delivery:
    """Hand ``message`` to ``target``'s connector; never raises for delivery trouble.

    Args:
        client: the runtime's shared HTTP client.
        target: the channel.
        contact: the recipient.
        message: the rendered message.
        attempts: requests at most for a custom channel (network errors and 5xx retry).
        backoff_s: wait before the 2nd attempt; doubled before each later one.
    """
    if target.kind == "web_chat":
        return Delivery(ok=True)
    if target.kind in INBOX_ONLY_KINDS:
        return Delivery(ok=True, inbox_only=True)
    if target.kind != "custom_channel":
        return Delivery(
            ok=False,
            error=f"Channel “{target.name or target.key}” has unknown "
            f"kind “{target.kind}”; the message was not sent.",
        )
    return await _post_custom(client, target, contact, message, attempts, backoff_s)


async def _post_custom(
    client: HttpClient,
    target: ChannelTarget,
    contact: ContactAddress,
    message: OutboundMessage,
    attempts: int,
    backoff_s: float,
) -> Delivery:
    config = target.config or {}
    label = target.name or target.key
    url = config.get("outbound_url")
    if not isinstance(url, str) or not url.strip():
        return Delivery(ok=False, error=f"Custom channel “{label}” has no outbound URL.")
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return Delivery(
            ok=False, error=f"The outbound URL of custom channel “{label}” is not http(s)."
        )
    timeout_s = _timeout(config.get("timeout_s"))
    payload = message_payload(target, contact, message)
    error = "not sent"
    status: int | None = None
    made = 0
    for attempt in range(1, max(attempts, 1) + 1):
        if attempt > 1:
            await asyncio.sleep(backoff_s * 2 ** (attempt - 2))
        made = attempt
        reply = await client.request("POST", url, json_body=payload, timeout_s=timeout_s)
        status = reply.status or None
        if 200 <= reply.status < 300:  # accepted, even if reading the reply body failed
            return Delivery(ok=True, attempts=made, status=status)
        if reply.error is not None:
            error = reply.error
            if reply.refused:
                break  # the outbound rules will refuse it again
            continue
        error = f"The channel answered HTTP {reply.status}{_snippet(reply.text)}."
        if reply.status < 500:
            break  # the receiver refused this message; repeating it will not help
    return Delivery(
        ok=False,
        error=f"{error.rstrip('.')} ({made} attempt{'s' if made != 1 else ''}).",
        attempts=made,
        status=status,
    )


def _timeout(value: Any) -> float:
    """``config["timeout_s"]`` as seconds in (0, 60]; the default when missing or invalid."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return DEFAULT_CHANNEL_TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_CHANNEL_TIMEOUT_SECONDS
    if not math.isfinite(seconds) or seconds <= 0:
        return DEFAULT_CHANNEL_TIMEOUT_SECONDS
    return min(seconds, MAX_CHANNEL_TIMEOUT_SECONDS)


def _snippet(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    return f": {text if len(text) <= limit else text[: limit - 1] + '…'}"
