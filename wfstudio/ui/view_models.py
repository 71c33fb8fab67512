"""Small, serializable view models the pages' states hold (no live service objects)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, tzinfo

from wfstudio.services.views import WorkflowView

STATUS_LABELS = {"draft": "Draft", "published": "Published", "stopped": "Stopped"}


@dataclasses.dataclass(frozen=True)
class WorkflowRow:
    """One row of the workflows listing."""

    id: int = 0
    name: str = ""
    description: str = ""
    status: str = "draft"
    status_label: str = "Draft"
    last_published_by: str = "—"
    last_published: str = "—"
    created_by: str = "—"
    created: str = "—"


def human_date(moment: datetime | None, now: datetime, zone: tzinfo = UTC) -> str:
    """ "Today, 14:05", "Yesterday, 09:12", "3 Mar, 10:00" or "3 Mar 2024" in ``zone``."""
    if moment is None:
        return "—"
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
    now = now.astimezone(zone)
    days = (now.date() - moment.date()).days
    clock = moment.strftime("%H:%M")
    if days == 0:
        return f"Today, {clock}"
    if days == 1:
        return f"Yesterday, {clock}"
    if moment.year == now.year:
        return f"{moment.day} {moment:%b}, {clock}"
    return f"{moment.day} {moment:%b %Y}"


def workflow_row(view: WorkflowView, now: datetime, zone: tzinfo = UTC) -> WorkflowRow:
    """The listing row of a workflow, its dates in the workspace's ``zone``."""
    return WorkflowRow(
        id=view.id,
        name=view.name,
        description=view.description,
        status=view.status,
        status_label=STATUS_LABELS.get(view.status, view.status.title()),
        last_published_by=view.last_published_by or "—",
        last_published=human_date(view.last_published_at, now, zone),
        created_by=view.created_by or "—",
        created=human_date(view.created_at, now, zone),
    )
