"""The listing's view models: human dates in the workspace's timezone, and row fields."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from wfstudio.domain.definition import Settings
from wfstudio.services.views import WorkflowView
from wfstudio.ui.view_models import human_date, workflow_row

NOW = datetime(2025, 6, 10, 15, 30, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def test_human_dates() -> None:
    assert human_date(None, NOW) == "—"
    assert human_date(datetime(2025, 6, 10, 9, 5, tzinfo=UTC), NOW) == "Today, 09:05"
    assert human_date(datetime(2025, 6, 9, 23, 0, tzinfo=UTC), NOW) == "Yesterday, 23:00"
    assert human_date(datetime(2025, 3, 3, 10, 0, tzinfo=UTC), NOW) == "3 Mar, 10:00"
    assert human_date(datetime(2024, 3, 3, 10, 0, tzinfo=UTC), NOW) == "3 Mar 2024"


def test_human_dates_use_the_workspace_timezone() -> None:
    # 23:30 UTC on the 9th is 00:30 on the 10th in London (summer time): today there.
    late = datetime(2025, 6, 9, 23, 30, tzinfo=UTC)
    assert human_date(late, NOW) == "Yesterday, 23:30"
    assert human_date(late, NOW, LONDON) == "Today, 00:30"
    assert human_date(late.replace(tzinfo=None), NOW) == "Yesterday, 23:30"


def _view(**changes: object) -> WorkflowView:
    fields: dict = {
        "id": 7,
        "key": "welcome",
        "name": "Welcome",
        "description": "Says hi",
        "status": "published",
        "revision": 2,
        "settings": Settings(),
        "created_by": "Olivia Owner",
        "created_at": datetime(2025, 6, 1, 8, 0, tzinfo=UTC),
        "last_published_by": "Max Manager",
        "last_published_at": datetime(2025, 6, 10, 14, 0, tzinfo=UTC),
        "current_version": 1,
    }
    return WorkflowView(**(fields | changes))


def test_a_row_carries_what_the_listing_shows() -> None:
    row = workflow_row(_view(), NOW)
    assert (row.id, row.name, row.description) == (7, "Welcome", "Says hi")
    assert (row.status, row.status_label) == ("published", "Published")
    assert (row.last_published_by, row.last_published) == ("Max Manager", "Today, 14:00")
    assert (row.created_by, row.created) == ("Olivia Owner", "1 Jun, 08:00")


def test_a_draft_never_published_shows_dashes() -> None:
    row = workflow_row(
        _view(status="draft", created_by="", last_published_by="", last_published_at=None), NOW
    )
    assert row.status_label == "Draft"
    assert (row.last_published_by, row.last_published, row.created_by) == ("—", "—", "—")
