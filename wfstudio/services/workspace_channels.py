"""The workspace's channels (web chat, SMS, a custom channel reached through its
``outbound_url``, …), each with a secret token for its inbound webhook.

An outbound URL must be one outbound requests may go to (:mod:`wfstudio.domain.outbound`:
http(s), no user name or password, no non-public IP address unless the deployment's
``WFSTUDIO_OUTBOUND_ALLOW`` lists it); a host name is checked again when sending."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from wfstudio.domain.outbound import allow_list_from, url_problem
from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.services import access
from wfstudio.services.errors import Refused
from wfstudio.services.workspace_rules import (
    acting_user,
    load_row,
    load_workspace,
    new_key,
    new_name,
    one_of,
    rename_row,
    require_settings_editor,
    rows,
    slug,
    sorted_by,
)
from wfstudio.services.workspace_views import ChannelView
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import CHANNEL_KINDS, Channel

CHANNEL_KIND_LABELS: Mapping[str, str] = {
    "web_chat": "Web Chat",
    "custom_channel": "Custom Channel",
    "whatsapp": "WhatsApp",
    "messenger": "Facebook Messenger",
    "instagram": "Instagram",
    "telegram": "Telegram",
    "viber": "Viber",
    "line": "LINE",
    "wechat": "WeChat",
    "email": "Email",
    "sms": "SMS",
}
"""How each of the store's ``CHANNEL_KINDS`` is named, in the order a picker offers them."""
assert tuple(CHANNEL_KIND_LABELS) == CHANNEL_KINDS


def channel_view(channel: Channel) -> ChannelView:
    return ChannelView(
        channel.key, channel.name, channel.kind, dict(channel.config), channel.secret_token
    )


def new_channel_token() -> str:
    """A random token that authenticates a channel's inbound webhook."""
    return secrets.token_urlsafe(24)


def _valid_config(kind: str, config: Mapping[str, Any] | None) -> dict[str, Any]:
    """The config as plain JSON; a custom channel always has an ``outbound_url``."""
    try:
        clean: dict[str, Any] = json.loads(json.dumps(dict(config or {})))
    except (TypeError, ValueError) as error:
        raise Refused("The channel settings must be plain text, numbers and lists.") from error
    if kind == "custom_channel":
        clean.setdefault("outbound_url", "")
    url = clean.get("outbound_url", "")
    if not isinstance(url, str) or not fits_field_type("url", url):
        raise Refused(f'The outbound URL "{url}" must start with http:// or https://.')
    if url.strip():
        try:
            refused = url_problem(url, allow_list_from(os.environ))
        except ValueError as error:  # WFSTUDIO_OUTBOUND_ALLOW itself is wrong
            raise Refused(str(error)) from error
        if refused is not None:
            raise Refused(f"The outbound URL was not saved: {refused}")
    return clean


def insert_channel(
    session: Session,
    workspace_id: int,
    *,
    kind: str,
    name: str,
    config: Mapping[str, Any] | None = None,
    key: str | None = None,
) -> Channel:
    """Add a channel with a new secret token; ``key`` defaults to a slug of the name."""
    channel_kind = one_of(kind, CHANNEL_KINDS, "channel kind")
    channels = rows(session, Channel, workspace_id)
    name = new_name(name, "channel", channels)
    taken = [c.key for c in channels]
    if key is not None and (key in taken or key != slug(key)):
        raise Refused(f'The channel key "{key}" is taken or not a lowercase slug.')
    channel = Channel(
        workspace_id=workspace_id,
        key=key or new_key(name, taken, "channel"),
        kind=channel_kind,
        name=name,
        config=_valid_config(channel_kind, config),
        secret_token=new_channel_token(),
    )
    session.add(channel)
    session.flush()
    return channel


def list_channels(
    engine: Engine, *, workspace_id: int, actor_id: int | None = None
) -> list[ChannelView]:
    """The channels with their settings and tokens, by name (the channels page). A user
    who may not change the settings gets each ``secret_token`` as ""."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        views = sorted_by(channel_view(c) for c in rows(session, Channel, workspace_id))
        if actor_id is None or access.can_edit_workspace(
            acting_user(session, workspace_id, actor_id).role
        ):
            return list(views)
        return [replace(view, secret_token="") for view in views]


def add_channel(
    engine: Engine,
    *,
    workspace_id: int,
    kind: str,
    name: str,
    config: Mapping[str, Any] | None = None,
    actor_id: int | None = None,
) -> ChannelView:
    """Add a channel of one of the store's ``CHANNEL_KINDS`` (e.g. ``custom_channel``
    with ``{"outbound_url": "https://…"}``)."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        return channel_view(
            insert_channel(session, workspace_id, kind=kind, name=name, config=config)
        )


def update_channel(
    engine: Engine,
    *,
    workspace_id: int,
    key: str,
    name: str | None = None,
    config: Mapping[str, Any] | None = None,
    outbound_url: str | None = None,
    renew_token: bool = False,
    actor_id: int | None = None,
) -> ChannelView:
    """Rename, replace the config or only its ``outbound_url``, and/or issue a new secret
    token (the old one stops working at once). The kind never changes."""
    with session_scope(engine) as session:
        channel = load_row(session, Channel, workspace_id, key, "channel")
        require_settings_editor(session, workspace_id, actor_id)
        if name is not None:
            rename_row(session, Channel, workspace_id, key, name, "channel")
        if config is not None:
            channel.config = _valid_config(channel.kind, config)
        if outbound_url is not None:
            channel.config = _valid_config(
                channel.kind, {**channel.config, "outbound_url": outbound_url.strip()}
            )
        if renew_token:
            channel.secret_token = new_channel_token()
        session.add(channel)
        session.flush()
        return channel_view(channel)


def remove_channel(
    engine: Engine, *, workspace_id: int, key: str, actor_id: int | None = None
) -> None:
    """Remove a channel; its conversations and messages stay (without a channel), and
    workflows that name it show a configuration error."""
    with session_scope(engine) as session:
        require_settings_editor(session, workspace_id, actor_id)
        session.delete(load_row(session, Channel, workspace_id, key, "channel"))
