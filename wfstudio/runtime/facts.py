"""The facts conditions look at, built by :func:`condition_facts` for both a trigger's
conditions at enrollment (:mod:`wfstudio.runtime.planning`) and a Branch step
(:meth:`wfstudio.runtime.context.Burst.facts`), so a rule matches the same way in both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import JsonValue

from wfstudio.domain.conditions import Facts
from wfstudio.domain.refs import FieldType


class ConversationLike(Protocol):
    """What conditions read of a conversation (a burst's row or planning's narrow row)."""

    @property
    def status(self) -> str: ...
    @property
    def opened_by_source(self) -> str: ...
    @property
    def closing_category(self) -> str | None: ...
    @property
    def channel_id(self) -> int | None: ...


class ChannelLike(Protocol):
    @property
    def id(self) -> int: ...


def condition_facts(
    *,
    now: datetime,
    timezone: str,
    contact: Mapping[str, JsonValue],
    field_types: Mapping[str, FieldType],
    tags: Iterable[str] | None,
    variables: Mapping[str, Any],
    assignee_online: bool | None,
    conversation: ConversationLike | None,
    last_interacted_channel_id: int | None,
    channels: Mapping[str, ChannelLike],
    last_incoming: str | None,
) -> Facts:
    """The facts of one contact at ``now``.

    Args:
        contact: contact field key → value (standard and custom fields).
        assignee_online: the assignee's presence; None when nobody is assigned.
        conversation: the conversation the conditions are about (None: none).
        last_interacted_channel_id: the contact's last channel, used when the
            conversation has no channel (or there is none).
        channels: the workspace's channels by key (to name the channel).
        last_incoming: the text of the contact's latest message.
    """
    facts: dict[str, JsonValue] = {}
    channel_id = last_interacted_channel_id
    if conversation is not None:
        facts = {
            "status": conversation.status,
            "source": conversation.opened_by_source,
            "closing_category": conversation.closing_category,
        }
        if conversation.channel_id is not None:
            channel_id = conversation.channel_id
    channel_key = next((key for key, c in channels.items() if c.id == channel_id), None)
    status: Literal["online", "offline"] | None = None
    if assignee_online is not None:
        status = "online" if assignee_online else "offline"
    return Facts(
        now=now,
        timezone=timezone,
        contact=contact,
        field_types=field_types,
        tags=frozenset(tags or ()),
        variables=dict(variables),
        assignee_status=status,
        channel=channel_key,
        last_incoming_message=last_incoming,
        conversation=facts,
    )
