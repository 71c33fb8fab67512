"""A workspace's configuration as bursts read it (name, timezone, settings, channels,
custom fields), cached per database and workspace.

Every burst still reads the rows (three narrow queries), but the channel rows and field
maps are rebuilt only when what was read differs from the cached copy: an edit is seen by
the next burst, in this process or any other.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from wfstudio.domain.refs import STANDARD_FIELD_LABELS, STANDARD_FIELDS, FieldType
from wfstudio.store import repo
from wfstudio.store.db import Session
from wfstudio.store.repo_runtime import ConfigRows
from wfstudio.store.tables import Channel


@dataclass(frozen=True)
class WorkspaceConfig:
    """Read-only: bursts share it."""

    name: str
    timezone: str
    settings: dict[str, Any]
    channels: dict[str, Channel]
    field_types: dict[str, FieldType]
    field_labels: dict[str, str]


_cache: dict[tuple[str, int], tuple[ConfigRows, WorkspaceConfig]] = {}
_lock = threading.Lock()


def workspace_config(session: Session, workspace_id: int) -> WorkspaceConfig | None:
    """The workspace's configuration as stored now, or None when it does not exist
    (read once per session: a transaction sees its own writes only)."""
    memo: dict[int, WorkspaceConfig | None] = session.info.setdefault("workspace_config", {})
    if workspace_id not in memo:
        memo[workspace_id] = _read(session, workspace_id)
    return memo[workspace_id]


def _read(session: Session, workspace_id: int) -> WorkspaceConfig | None:
    rows = repo.workspace_config_rows(session=session, workspace_id=workspace_id)
    key = (str(session.get_bind().engine.url), workspace_id)
    cached = _cache.get(key)
    if cached is not None and cached[0] == rows:
        return cached[1]
    workspace, channel_rows, field_rows = rows
    if workspace is None:
        return None
    name, timezone, settings = workspace
    types: dict[str, FieldType] = dict(STANDARD_FIELDS)
    types.update({key_: type_ for key_, type_, _label in field_rows})
    config = WorkspaceConfig(
        name=name,
        timezone=timezone,
        settings=dict(settings or {}),
        channels={
            key_: Channel(
                id=id_,
                workspace_id=workspace_id,
                key=key_,
                kind=kind,
                name=name_,
                config=dict(config_ or {}),
                secret_token="",
            )
            for id_, key_, kind, name_, config_ in channel_rows
        },
        field_types=types,
        field_labels={**STANDARD_FIELD_LABELS, **{k: label for k, _t, label in field_rows}},
    )
    with _lock:
        _cache[key] = (rows, config)
    return config
