"""Small read models services hand to the UI, the API and the CLI (no live table rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from wfstudio.domain.definition import Settings
from wfstudio.domain.refs import Found


@dataclass(frozen=True)
class WorkflowView:
    """One row of the workflows listing, and the header of the builder."""

    id: int
    key: str
    name: str
    description: str
    status: str
    revision: int
    settings: Settings
    created_by: str
    created_at: datetime
    last_published_by: str
    last_published_at: datetime | None
    current_version: int | None


@dataclass(frozen=True)
class VersionView:
    """One published version in the version history."""

    number: int
    published_by: str
    published_at: datetime


@dataclass(frozen=True)
class RemovedReference:
    """A reference import removed because the workspace lacks it."""

    step_id: str
    step_name: str
    found: Found

    def describe(self) -> str:
        kind = self.found.kind.replace("_", " ")
        return f'{self.step_name}: {kind} "{self.found.key}" (not in this workspace)'


@dataclass(frozen=True)
class ImportResult:
    """An imported workflow and what import had to remove from it."""

    workflow: WorkflowView
    removed: list[RemovedReference] = field(default_factory=list)
