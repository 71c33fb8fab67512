"""What the workspace services return: small frozen read models, no database rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wfstudio.domain.steps.date_time import WeekHours


@dataclass(frozen=True)
class Option:
    """A keyed item with a label: a tag, lifecycle stage, closing category, credential."""

    key: str
    label: str


@dataclass(frozen=True)
class WorkspaceView:
    id: int
    name: str
    timezone: str
    business_hours: WeekHours
    lifecycle_stages: tuple[Option, ...]
    closing_categories: tuple[Option, ...]
    settings: Mapping[str, Any]


@dataclass(frozen=True)
class UserView:
    key: str
    name: str
    email: str
    role: str
    restricted: bool
    online: bool
    restrictions: tuple[str, ...] = ()  # the keys of access.RESTRICTIONS this user is given


@dataclass(frozen=True)
class TeamView:
    key: str
    name: str
    members: tuple[str, ...]  # user keys

    @property
    def member_count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class ChannelChoice:
    key: str
    name: str
    kind: str


@dataclass(frozen=True)
class ChannelView(ChannelChoice):
    """A channel as its settings page shows it (with the inbound webhook token)."""

    config: Mapping[str, Any]
    secret_token: str


@dataclass(frozen=True)
class FieldView:
    key: str
    label: str
    type: str
    standard: bool = False
    options: tuple[str, ...] = ()  # the choices of a "list" field


@dataclass(frozen=True)
class WorkflowChoice:
    key: str
    name: str
    trigger_kind: str  # "" while the draft has no trigger


@dataclass(frozen=True)
class WorkspaceChoices:
    """Everything the builder's drawer dropdowns offer, each list in display order."""

    channels: tuple[ChannelChoice, ...]
    users: tuple[UserView, ...]
    teams: tuple[TeamView, ...]
    fields: tuple[FieldView, ...]  # the standard fields first
    tags: tuple[Option, ...]
    lifecycle_stages: tuple[Option, ...]
    closing_categories: tuple[Option, ...]
    workflows: tuple[WorkflowChoice, ...]
    sheet_credentials: tuple[Option, ...]

    @property
    def manual_workflows(self) -> tuple[WorkflowChoice, ...]:
        """The workflows Trigger Another Workflow can target (manual trigger)."""
        return tuple(w for w in self.workflows if w.trigger_kind == "manual")
