"""The workspace itself (name, timezone, default business hours) and what the builder
reads from it: the references validation checks (:func:`workspace_refs`) and what the
drawer's dropdowns offer (:func:`workspace_choices`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from wfstudio.domain.kinds import CheckContext
from wfstudio.domain.refs import FIELD_TYPES, STANDARD_FIELDS, WorkspaceRefs
from wfstudio.domain.steps.date_time import (
    WEEKDAYS,
    DateAndTime,
    DateTimeConfig,
    WeekHours,
    known_timezones,
)
from wfstudio.services.errors import Refused
from wfstudio.services.workspace_field_options import field_view
from wfstudio.services.workspace_lists import STANDARD_FIELD_LABELS, list_options
from wfstudio.services.workspace_people import team_views, user_view
from wfstudio.services.workspace_rules import (
    clean_name,
    load_workspace,
    require_settings_editor,
    rows,
    sorted_by,
)
from wfstudio.services.workspace_views import (
    ChannelChoice,
    FieldView,
    Option,
    WorkflowChoice,
    WorkspaceChoices,
    WorkspaceView,
)
from wfstudio.store import repo, repo_admin
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import Channel, ContactField, SheetCredential, Tag, User, Workspace

# --- the workspace ----------------------------------------------------------------------


def workspace_view(workspace: Workspace) -> WorkspaceView:
    assert workspace.id is not None
    try:
        hours = WeekHours.model_validate(workspace.business_hours)
    except ValueError:
        hours = WeekHours()
    return WorkspaceView(
        id=workspace.id,
        name=workspace.name,
        timezone=workspace.timezone,
        business_hours=hours,
        lifecycle_stages=list_options(workspace.lifecycle_stages),
        closing_categories=list_options(workspace.closing_categories),
        settings=dict(workspace.settings),
    )


def _valid_timezone(name: str) -> str:
    name = name.strip()
    if name not in known_timezones():
        raise Refused(f'"{name}" is not a known timezone: use a name like Europe/London.')
    return name


def _valid_hours(hours: WeekHours | Mapping[str, Any]) -> WeekHours:
    """The business hours, checked by the Date & Time step's rules, or :class:`Refused`.

    In a mapping, a weekday left out is closed (not given the step's 09:00–17:00 default).
    """
    if isinstance(hours, Mapping):
        hours = {**dict.fromkeys(WEEKDAYS, ()), **hours}
    try:
        config = DateTimeConfig.model_validate({"business_hours": hours})
    except ValueError as error:  # pydantic.ValidationError
        raise Refused(
            "The business hours must list HH:MM start/end ranges for the days monday … sunday."
        ) from error
    ctx = CheckContext(step_id="", step_label="", step_name="", refs=WorkspaceRefs.unknown())
    DateAndTime().check(config, ctx)
    problems = [issue for issue in ctx.issues if issue.severity == "error"]
    if problems:
        details = " ".join(issue.detail for issue in problems)
        raise Refused(f"The business hours were not saved: {details}", problems)
    return config.business_hours


def default_workspace_id(engine: Engine) -> int | None:
    """The first workspace (the one the studio, the API and the CLI use), or None."""
    with session_scope(engine) as session:
        return repo_admin.first_workspace_id(session=session)


def insert_workspace(session: Session, *, name: str, timezone: str, now: datetime) -> Workspace:
    workspace = Workspace(
        name=clean_name(name, "workspace"),
        timezone=_valid_timezone(timezone),
        business_hours=WeekHours().model_dump(mode="json"),
        created_at=now,
    )
    session.add(workspace)
    session.flush()
    return workspace


def create_workspace(
    engine: Engine, *, name: str, timezone: str = "UTC", now: datetime | None = None
) -> WorkspaceView:
    """A new empty workspace (business hours Monday–Friday 09:00–17:00)."""
    with session_scope(engine) as session:
        now = now if now is not None else datetime.now(UTC)
        return workspace_view(insert_workspace(session, name=name, timezone=timezone, now=now))


def get_workspace(engine: Engine, *, workspace_id: int) -> WorkspaceView:
    with session_scope(engine) as session:
        return workspace_view(load_workspace(session, workspace_id))


def _change_workspace(
    engine: Engine, workspace_id: int, actor_id: int | None, **changes: Any
) -> WorkspaceView:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        for name, value in changes.items():
            setattr(workspace, name, value)
        session.add(workspace)
        session.flush()
        return workspace_view(workspace)


def rename_workspace(
    engine: Engine, *, workspace_id: int, name: str, actor_id: int | None = None
) -> WorkspaceView:
    return _change_workspace(engine, workspace_id, actor_id, name=clean_name(name, "workspace"))


def update_workspace(
    engine: Engine,
    *,
    workspace_id: int,
    name: str | None = None,
    timezone: str | None = None,
    actor_id: int | None = None,
) -> WorkspaceView:
    """Rename and/or move to another timezone in one go (both or neither change)."""
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = clean_name(name, "workspace")
    if timezone is not None:
        changes["timezone"] = _valid_timezone(timezone)
    return _change_workspace(engine, workspace_id, actor_id, **changes)


def set_timezone(
    engine: Engine, *, workspace_id: int, timezone: str, actor_id: int | None = None
) -> WorkspaceView:
    """The workspace timezone (``$system.current_datetime``, new Date & Time steps)."""
    return _change_workspace(engine, workspace_id, actor_id, timezone=_valid_timezone(timezone))


def set_business_hours(
    engine: Engine,
    *,
    workspace_id: int,
    hours: WeekHours | Mapping[str, Any],
    actor_id: int | None = None,
) -> WorkspaceView:
    """The default business hours: per weekday (``monday`` … ``sunday``) a list of
    ``{"start": "HH:MM", "end": "HH:MM"}`` ranges; a day without ranges is closed."""
    valid = _valid_hours(hours)
    return _change_workspace(
        engine, workspace_id, actor_id, business_hours=valid.model_dump(mode="json")
    )


# --- what the builder reads ---------------------------------------------------------------


def workspace_refs(engine: Engine, *, workspace_id: int) -> WorkspaceRefs:
    """What workflow validation checks references against."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        return repo.workspace_refs(session=session, workspace_id=workspace_id)


def workspace_choices(engine: Engine, *, workspace_id: int) -> WorkspaceChoices:
    """Everything the builder's dropdowns need, in one transaction.

    Keys match :func:`workspace_refs` (a custom field of an unknown type is left out of
    both). Names sort ignoring case; stages and categories keep the workspace's order.
    """
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        users = rows(session, User, workspace_id)
        channels = rows(session, Channel, workspace_id)
        fields = rows(session, ContactField, workspace_id)
        workflows = repo.list_workflows(session=session, workspace_id=workspace_id)
        return WorkspaceChoices(
            channels=sorted_by(ChannelChoice(c.key, c.name, c.kind) for c in channels),
            users=sorted_by(user_view(user) for user in users),
            teams=sorted_by(team_views(session, workspace_id, users)),
            fields=(
                *(
                    FieldView(k, STANDARD_FIELD_LABELS[k], t, True)
                    for k, t in STANDARD_FIELDS.items()
                ),
                *sorted_by(
                    (field_view(f) for f in fields if f.type in FIELD_TYPES),
                    "label",
                ),
            ),
            tags=sorted_by(
                (Option(t.key, t.label) for t in rows(session, Tag, workspace_id)), "label"
            ),
            lifecycle_stages=list_options(workspace.lifecycle_stages),
            closing_categories=list_options(workspace.closing_categories),
            workflows=sorted_by(
                WorkflowChoice(w.key, w.name, _trigger_kind(w.draft)) for w in workflows
            ),
            sheet_credentials=sorted_by(
                (Option(c.key, c.name) for c in rows(session, SheetCredential, workspace_id)),
                "label",
            ),
        )


def _trigger_kind(draft: Mapping[str, Any]) -> str:
    trigger = draft.get("trigger")
    return str(trigger.get("kind") or "") if isinstance(trigger, dict) else ""
