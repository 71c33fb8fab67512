"""A workspace's configuration as bursts read it (name, timezone, settings, channels,
custom fields), cached per database and workspace.

Every transaction that needs it still reads it, as one statement returning text (the
workspace's row and its channels and fields as JSON arrays); the channel rows and field
maps are rebuilt only when that text differs from the cached copy's: an edit is seen by
the next transaction, in this process or any other.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from wfstudio.domain.refs import STANDARD_FIELD_LABELS, STANDARD_FIELDS, FieldType
from wfstudio.store import repo_hot_planning as hot
from wfstudio.store.db import Session


@dataclass(frozen=True)
class ChannelInfo:
    """What bursts read of a channel (no token: they never need it)."""

    id: int
    key: str
    kind: str
    name: str
    config: dict[str, Any]


@dataclass(frozen=True)
class WorkspaceConfig:
    """Read-only: bursts share it."""

    name: str
    timezone: str
    settings: dict[str, Any]
    channels: dict[str, ChannelInfo]
    field_types: dict[str, FieldType]
    field_labels: dict[str, str]


_cache: dict[tuple[str, int], tuple[hot.ConfigSnapshot, WorkspaceConfig]] = {}
_lock = threading.Lock()


def workspace_config(session: Session, workspace_id: int) -> WorkspaceConfig | None:
    """The workspace's configuration as stored now, or None when it does not exist
    (read once per session: a transaction sees its own writes only)."""
    memo: dict[int, WorkspaceConfig | None] = session.info.setdefault("workspace_config", {})
    if workspace_id not in memo:
        memo[workspace_id] = _read(session, workspace_id)
    return memo[workspace_id]


def _read(session: Session, workspace_id: int) -> WorkspaceConfig | None:
    snapshot = hot.workspace_config_snapshot(session=session, workspace_id=workspace_id)
    if snapshot is None:
        return None
    key = (str(session.get_bind().engine.url), workspace_id)
    cached = _cache.get(key)
    if cached is not None and cached[0] == snapshot:
        return cached[1]
    config = _build(workspace_id, snapshot)
    with _lock:
        _cache[key] = (snapshot, config)
    return config


def _build(workspace_id: int, snapshot: hot.ConfigSnapshot) -> WorkspaceConfig:
    name, timezone, settings, channel_rows, field_rows = snapshot
    fields: list[list[str]] = json.loads(field_rows)
    types: dict[str, FieldType] = dict(STANDARD_FIELDS)
    types.update({key: type_ for key, type_, _label in fields})  # type: ignore[misc]
    return WorkspaceConfig(
        name=name,
        timezone=timezone,
        settings=dict(json.loads(settings) or {}) if settings else {},
        channels={
            key: ChannelInfo(
                id=id_, key=key, kind=kind, name=channel_name, config=dict(config or {})
            )
            for id_, key, kind, channel_name, config in json.loads(channel_rows)
        },
        field_types=types,
        field_labels={**STANDARD_FIELD_LABELS, **{k: label for k, _t, label in fields}},
    )
