"""Workspace administration: the workspace's settings, users, teams, channels, contact
fields, tags, lifecycle stages and closing categories, and what the builder's dropdowns
offer (:func:`workspace_choices`).

Everything is addressed by ``workspace_id`` and the item's ``key``. Each operation is one
transaction; a refused one raises :class:`Refused` with a message for the person who
asked and changes nothing.

Decisions the product page leaves open:

* A key is made once from the name or label and never changes on a rename: workflows refer
  to it. Keys are lowercase ASCII slugs joined by ``-`` (``needs-follow-up``); contact
  field keys use ``_`` (``order_count``) because they appear in ``$contact.<key>``. A taken
  key gets ``-2``, ``-3`` … (``_2`` for fields). A custom field may not take a standard
  field's key or label, nor ``id`` or ``name`` (``$contact.name`` is first + last name).
* Names and labels are unique per workspace, ignoring case (a dropdown with two "Sales"
  is useless); people may share a name. A user's email is unique across workspaces (it is the login) and is stored
  lowercased. A workspace keeps at least one owner.
* **Removing something a workflow refers to is allowed.** Workflows are not rewritten:
  their validation then reports the missing reference as a configuration error on the
  step, and the builder shows it under ⚠. Contacts are cleaned up: a removed tag leaves
  every contact, a removed custom field's values are dropped, a removed lifecycle stage is
  cleared. Closed conversations keep a removed closing category (they are history).
* A contact field's type is fixed once created (remove it and add it again to change it):
  existing values and workflow steps were written for that type.
* The default business hours have the shape of the Date & Time step's ``business_hours``
  (:class:`~wfstudio.domain.steps.date_time.WeekHours`) and pass the same checks.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from wfstudio.domain.kinds import CheckContext
from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.domain.refs import FIELD_TYPES, STANDARD_FIELDS, WorkspaceRefs
from wfstudio.domain.steps.date_time import (
    WEEKDAYS,
    DateAndTime,
    DateTimeConfig,
    WeekHours,
    known_timezones,
)
from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.services.errors import NotFound, Refused
from wfstudio.store import repo, repo_admin
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.repo_workspace import Keyed
from wfstudio.store.tables import (
    CHANNEL_KINDS,
    ROLES,
    Channel,
    ChannelKind,
    ContactField,
    Role,
    SheetCredential,
    Tag,
    Team,
    User,
    Workspace,
)

STANDARD_FIELD_LABELS: Mapping[str, str] = {
    "firstname": "First Name",
    "lastname": "Last Name",
    "email": "Email",
    "phone": "Phone Number",
    "country": "Country",
    "language": "Language",
    "bot_status": "Bot Status",
}
RESERVED_FIELD_KEYS = frozenset({"id", "name"})
"""Contact values that are not fields but that ``$contact.<key>`` already means."""
ListName = Literal["lifecycle_stages", "closing_categories"]
_T = TypeVar("_T")

# --- read models ----------------------------------------------------------------------


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


# --- shared rules -----------------------------------------------------------------------


def slug(text: str, sep: str = "-") -> str:
    """``text`` as a key: lowercase ASCII letters and digits joined by ``sep``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.casefold()).strip(sep)[:40].strip(sep)


def unique_key(base: str, taken: Iterable[str], sep: str = "-") -> str:
    """``base``, or ``base-2``, ``base-3`` … the first one not in ``taken``."""
    used, key, number = set(taken), base, 1
    while key in used:
        number += 1
        key = f"{base}{sep}{number}"
    return key


def clean_name(text: str, what: str) -> str:
    """``text`` stripped, or :class:`Refused` when it is empty or too long."""
    text = text.strip()
    if not text:
        raise Refused(f"Give the {what} a name.")
    if len(text) > MAX_NAME_CHARS:
        raise Refused(f"The {what} name has {len(text)} characters; the limit is {MAX_NAME_CHARS}.")
    return text


def _new_name(
    text: str, what: str, existing: Iterable[tuple[str, str]], exclude: str | None = None
) -> str:
    """:func:`clean_name`, refused when another item (key, name) has it, ignoring case."""
    text = clean_name(text, what)
    for key, other in existing:
        if key != exclude and other.casefold() == text.casefold():
            raise Refused(f'A {what} named "{other}" already exists: choose another name.')
    return text


def _names(rows: Iterable[Any], attr: str = "name") -> list[tuple[str, str]]:
    return [(row.key, getattr(row, attr)) for row in rows]


def _rename_row(
    session: Session, table: type[Keyed], workspace_id: int, key: str, text: str, what: str
) -> Keyed:
    """Give row ``key`` a new name (``label`` for tags and fields); its key stays."""
    row = _load(session, table, workspace_id, key, what)
    attr = "name" if hasattr(row, "name") else "label"
    rows = _rows(session, table, workspace_id)
    setattr(row, attr, _new_name(text, what, _names(rows, attr), exclude=key))
    session.add(row)
    session.flush()
    return row


def load_workspace(session: Session, workspace_id: int) -> Workspace:
    workspace = repo.get_workspace(session=session, workspace_id=workspace_id)
    if workspace is None:
        raise NotFound("This workspace does not exist.")
    return workspace


def _load(session: Session, table: type[Keyed], workspace_id: int, key: str, what: str) -> Keyed:
    row = repo.get_by_key(session=session, table=table, workspace_id=workspace_id, key=key)
    if row is None:
        raise NotFound(f'The {what} "{key}" does not exist (any more).')
    return row


def _rows(session: Session, table: type[Keyed], workspace_id: int) -> list[Keyed]:
    return repo_admin.list_rows(session=session, table=table, workspace_id=workspace_id)


def _options(items: Iterable[Any]) -> tuple[Option, ...]:
    """The ``{"key", "label"}`` items of a workspace list (a bare string is its own label)."""
    found = []
    for item in items:
        key, label = (
            (item.get("key"), item.get("label")) if isinstance(item, dict) else (item, item)
        )
        if isinstance(key, str) and key:
            label = label if isinstance(label, str) and label else key
            found.append(Option(key, str(label)))
    return tuple(found)


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
        lifecycle_stages=_options(workspace.lifecycle_stages),
        closing_categories=_options(workspace.closing_categories),
        settings=dict(workspace.settings),
    )


def default_workspace_id(engine: Engine) -> int | None:
    """The first workspace (the one the studio, the API and the CLI use), or None."""
    with session_scope(engine) as session:
        return repo_admin.first_workspace_id(session=session)


def acting_user_id(engine: Engine, *, workspace_id: int) -> int | None:
    """The user changes are recorded under until sign-in lands: the first owner."""
    with session_scope(engine) as session:
        return repo_admin.first_owner_id(session=session, workspace_id=workspace_id)


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


def _change_workspace(engine: Engine, workspace_id: int, **changes: Any) -> WorkspaceView:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        for name, value in changes.items():
            setattr(workspace, name, value)
        session.add(workspace)
        session.flush()
        return workspace_view(workspace)


def rename_workspace(engine: Engine, *, workspace_id: int, name: str) -> WorkspaceView:
    return _change_workspace(engine, workspace_id, name=clean_name(name, "workspace"))


def set_timezone(engine: Engine, *, workspace_id: int, timezone: str) -> WorkspaceView:
    """The workspace timezone (``$system.current_datetime``, new Date & Time steps)."""
    return _change_workspace(engine, workspace_id, timezone=_valid_timezone(timezone))


def set_business_hours(
    engine: Engine, *, workspace_id: int, hours: WeekHours | Mapping[str, Any]
) -> WorkspaceView:
    """The default business hours: per weekday (``monday`` … ``sunday``) a list of
    ``{"start": "HH:MM", "end": "HH:MM"}`` ranges; a day without ranges is closed."""
    valid = _valid_hours(hours)
    return _change_workspace(engine, workspace_id, business_hours=valid.model_dump(mode="json"))


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
        users = _rows(session, User, workspace_id)
        channels = _rows(session, Channel, workspace_id)
        fields = _rows(session, ContactField, workspace_id)
        workflows = repo.list_workflows(session=session, workspace_id=workspace_id)
        return WorkspaceChoices(
            channels=_sorted(ChannelChoice(c.key, c.name, c.kind) for c in channels),
            users=_sorted(user_view(user) for user in users),
            teams=_sorted(_team_views(session, workspace_id, users)),
            fields=(
                *(
                    FieldView(k, STANDARD_FIELD_LABELS[k], t, True)
                    for k, t in STANDARD_FIELDS.items()
                ),
                *_sorted(
                    (FieldView(f.key, f.label, f.type) for f in fields if f.type in FIELD_TYPES),
                    "label",
                ),
            ),
            tags=_sorted(
                (Option(t.key, t.label) for t in _rows(session, Tag, workspace_id)), "label"
            ),
            lifecycle_stages=_options(workspace.lifecycle_stages),
            closing_categories=_options(workspace.closing_categories),
            workflows=_sorted(
                WorkflowChoice(w.key, w.name, _trigger_kind(w.draft)) for w in workflows
            ),
            sheet_credentials=_sorted(
                (Option(c.key, c.name) for c in _rows(session, SheetCredential, workspace_id)),
                "label",
            ),
        )


def _sorted(items: Iterable[_T], attr: str = "name") -> tuple[_T, ...]:
    """``items`` sorted by their ``attr`` ignoring case (stable for equal names)."""
    return tuple(sorted(items, key=lambda item: str(getattr(item, attr)).casefold()))


def _trigger_kind(draft: Mapping[str, Any]) -> str:
    trigger = draft.get("trigger")
    return str(trigger.get("kind") or "") if isinstance(trigger, dict) else ""


# --- users and teams --------------------------------------------------------------------


def user_view(user: User) -> UserView:
    return UserView(user.key, user.name, user.email, user.role, user.restricted, user.online)


def _valid_email(session: Session, email: str, exclude_user_id: int | None = None) -> str:
    email = email.strip().lower()
    if not email or not fits_field_type("email", email):
        raise Refused(f'"{email}" is not an email address.')
    if repo_admin.email_taken(session=session, email=email, exclude_user_id=exclude_user_id):
        raise Refused(f"A user with the email {email} already exists: each email signs in once.")
    return email


def _valid_role(role: str) -> Role:
    for allowed in ROLES:
        if role == allowed:
            return allowed
    raise Refused(f'"{role}" is not a role: choose {", ".join(ROLES)}.')


def _valid_kind(kind: str) -> ChannelKind:
    for allowed in CHANNEL_KINDS:
        if kind == allowed:
            return allowed
    raise Refused(f'"{kind}" is not a channel kind: choose {", ".join(CHANNEL_KINDS)}.')


def _require_another_owner(session: Session, user: User) -> None:
    owners = [u for u in _rows(session, User, user.workspace_id) if u.role == "owner"]
    if user.role == "owner" and len(owners) == 1:
        raise Refused(f"{user.name} is the only owner: make someone else an owner first.")


def insert_user(
    session: Session,
    workspace_id: int,
    *,
    name: str,
    email: str,
    role: str = "agent",
    restricted: bool = False,
    online: bool = False,
) -> User:
    """Add a user (no password: signing in is set up separately)."""
    name = clean_name(name, "user")
    user = User(
        workspace_id=workspace_id,
        key=unique_key(slug(name) or "user", (u.key for u in _rows(session, User, workspace_id))),
        name=name,
        email=_valid_email(session, email),
        role=_valid_role(role),
        restricted=restricted,
        online=online,
    )
    session.add(user)
    session.flush()
    return user


def add_user(
    engine: Engine,
    *,
    workspace_id: int,
    name: str,
    email: str,
    role: str = "agent",
    restricted: bool = False,
    online: bool = False,
) -> UserView:
    """Add an owner, manager or agent; refused when the email is taken by anyone."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        user = insert_user(
            session,
            workspace_id,
            name=name,
            email=email,
            role=role,
            restricted=restricted,
            online=online,
        )
        return user_view(user)


def update_user(
    engine: Engine,
    *,
    workspace_id: int,
    key: str,
    name: str | None = None,
    email: str | None = None,
    role: str | None = None,
    restricted: bool | None = None,
    online: bool | None = None,
) -> UserView:
    """Change what is given (None leaves it); the last owner keeps the owner role."""
    with session_scope(engine) as session:
        user = _load(session, User, workspace_id, key, "user")
        if name is not None:
            user.name = clean_name(name, "user")
        if email is not None:
            user.email = _valid_email(session, email, exclude_user_id=user.id)
        if role is not None and role != user.role:
            new_role = _valid_role(role)
            _require_another_owner(session, user)
            user.role = new_role
        if restricted is not None:
            user.restricted = restricted
        if online is not None:
            user.online = online
        session.add(user)
        session.flush()
        return user_view(user)


def remove_user(engine: Engine, *, workspace_id: int, key: str) -> None:
    """Remove a user: their contacts and conversations become unassigned, they leave
    their teams. Workflows that name them show a configuration error."""
    with session_scope(engine) as session:
        user = _load(session, User, workspace_id, key, "user")
        _require_another_owner(session, user)
        session.delete(user)


def _team_views(session: Session, workspace_id: int, users: list[User]) -> list[TeamView]:
    keys = {user.id: user.key for user in users}
    members = repo_admin.team_members(session=session, workspace_id=workspace_id)
    return [
        TeamView(team.key, team.name, tuple(keys[i] for i in members.get(team.id or 0, [])))
        for team in _rows(session, Team, workspace_id)
    ]


def _team_view(session: Session, team: Team) -> TeamView:
    users = _rows(session, User, team.workspace_id)
    return next(
        view for view in _team_views(session, team.workspace_id, users) if view.key == team.key
    )


def _member_ids(session: Session, workspace_id: int, member_keys: Iterable[str]) -> list[int]:
    ids = {user.key: user.id for user in _rows(session, User, workspace_id)}
    unknown = [key for key in member_keys if key not in ids]
    if unknown:
        raise Refused(f"These users do not exist (any more): {', '.join(unknown)}.")
    return [ids[key] or 0 for key in member_keys]


def insert_team(
    session: Session, workspace_id: int, *, name: str, members: Sequence[str] = ()
) -> Team:
    """Add a team with ``members`` (user keys)."""
    teams = _rows(session, Team, workspace_id)
    name = _new_name(name, "team", _names(teams))
    member_ids = _member_ids(session, workspace_id, members)
    team = Team(
        workspace_id=workspace_id,
        key=unique_key(slug(name) or "team", (t.key for t in teams)),
        name=name,
    )
    session.add(team)
    session.flush()
    assert team.id is not None
    repo_admin.set_team_members(session=session, team_id=team.id, user_ids=member_ids)
    return team


def add_team(
    engine: Engine, *, workspace_id: int, name: str, members: Sequence[str] = ()
) -> TeamView:
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        return _team_view(session, insert_team(session, workspace_id, name=name, members=members))


def update_team(
    engine: Engine,
    *,
    workspace_id: int,
    key: str,
    name: str | None = None,
    members: Sequence[str] | None = None,
) -> TeamView:
    """Rename the team and/or replace its members (user keys)."""
    with session_scope(engine) as session:
        team = _load(session, Team, workspace_id, key, "team")
        assert team.id is not None
        if name is not None:
            _rename_row(session, Team, workspace_id, key, name, "team")
        if members is not None:
            member_ids = _member_ids(session, workspace_id, members)
            repo_admin.set_team_members(session=session, team_id=team.id, user_ids=member_ids)
        session.add(team)
        session.flush()
        return _team_view(session, team)


def remove_team(engine: Engine, *, workspace_id: int, key: str) -> None:
    """Remove a team (its members stay users); workflows naming it show an error."""
    with session_scope(engine) as session:
        session.delete(_load(session, Team, workspace_id, key, "team"))


# --- channels ---------------------------------------------------------------------------


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
    channel_kind = _valid_kind(kind)
    channels = _rows(session, Channel, workspace_id)
    name = _new_name(name, "channel", _names(channels))
    taken = [c.key for c in channels]
    if key is not None and (key in taken or key != slug(key)):
        raise Refused(f'The channel key "{key}" is taken or not a lowercase slug.')
    channel = Channel(
        workspace_id=workspace_id,
        key=key or unique_key(slug(name) or "channel", taken),
        kind=channel_kind,
        name=name,
        config=_valid_config(channel_kind, config),
        secret_token=new_channel_token(),
    )
    session.add(channel)
    session.flush()
    return channel


def list_channels(engine: Engine, *, workspace_id: int) -> list[ChannelView]:
    """The channels with their settings and tokens, by name (the channels page)."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        return list(_sorted(channel_view(c) for c in _rows(session, Channel, workspace_id)))


def add_channel(
    engine: Engine,
    *,
    workspace_id: int,
    kind: str,
    name: str,
    config: Mapping[str, Any] | None = None,
) -> ChannelView:
    """Add a channel of one of the store's ``CHANNEL_KINDS`` (e.g. ``custom_channel``
    with ``{"outbound_url": "https://…"}``)."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
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
    renew_token: bool = False,
) -> ChannelView:
    """Rename, replace the config, and/or issue a new secret token (the old one stops
    working at once). The kind never changes."""
    with session_scope(engine) as session:
        channel = _load(session, Channel, workspace_id, key, "channel")
        if name is not None:
            _rename_row(session, Channel, workspace_id, key, name, "channel")
        if config is not None:
            channel.config = _valid_config(channel.kind, config)
        if renew_token:
            channel.secret_token = new_channel_token()
        session.add(channel)
        session.flush()
        return channel_view(channel)


def remove_channel(engine: Engine, *, workspace_id: int, key: str) -> None:
    """Remove a channel; its conversations and messages stay (without a channel), and
    workflows that name it show a configuration error."""
    with session_scope(engine) as session:
        session.delete(_load(session, Channel, workspace_id, key, "channel"))


# --- contact fields and tags ------------------------------------------------------------


def _require_custom_label(label: str, key: str = "") -> None:
    """Refuses a label or new key that a standard or built-in contact value has."""
    standard = {text.casefold() for text in STANDARD_FIELD_LABELS.values()}
    if key in STANDARD_FIELDS or label.strip().casefold() in standard:
        raise Refused(f'"{label}" is a standard field: every contact has it already.')
    if key in RESERVED_FIELD_KEYS:
        raise Refused(f'"{label}" would clash with $contact.{key}: choose another label.')


def insert_field(session: Session, workspace_id: int, *, label: str, type: str) -> ContactField:
    """Add a custom contact field; its key is a ``snake_case`` form of the label."""
    if type not in FIELD_TYPES:
        raise Refused(f'"{type}" is not a field type: choose {", ".join(FIELD_TYPES)}.')
    fields = _rows(session, ContactField, workspace_id)
    label = _new_name(label, "field", _names(fields, "label"))
    base = slug(label, "_") or "field"
    _require_custom_label(label, base)
    taken = [*STANDARD_FIELDS, *(f.key for f in fields)]
    row = ContactField(
        workspace_id=workspace_id, key=unique_key(base, taken, "_"), label=label, type=type
    )
    session.add(row)
    session.flush()
    return row


def add_field(engine: Engine, *, workspace_id: int, label: str, type: str = "text") -> FieldView:
    """Add a custom contact field of one of ``FIELD_TYPES`` (text, number, date, …)."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        row = insert_field(session, workspace_id, label=label, type=type)
        return FieldView(row.key, row.label, row.type)


def rename_field(engine: Engine, *, workspace_id: int, key: str, label: str) -> FieldView:
    """Change a custom field's label (its key and type stay)."""
    with session_scope(engine) as session:
        _require_custom_label(label)
        row = _rename_row(session, ContactField, workspace_id, key, label, "field")
        return FieldView(row.key, row.label, row.type)


def remove_field(engine: Engine, *, workspace_id: int, key: str) -> None:
    """Remove a custom field and every contact's value of it (standard fields stay)."""
    with session_scope(engine) as session:
        if key in STANDARD_FIELDS:
            raise Refused(
                f'"{STANDARD_FIELD_LABELS[key]}" is a standard field: it cannot be removed.'
            )
        row = _load(session, ContactField, workspace_id, key, "field")
        for contact in repo_admin.workspace_contacts(session=session, workspace_id=workspace_id):
            if key in contact.custom_fields:
                contact.custom_fields = {k: v for k, v in contact.custom_fields.items() if k != key}
                session.add(contact)
        session.delete(row)


def insert_tag(session: Session, workspace_id: int, *, label: str) -> Tag:
    tags = _rows(session, Tag, workspace_id)
    label = _new_name(label, "tag", _names(tags, "label"))
    tag = Tag(
        workspace_id=workspace_id,
        key=unique_key(slug(label) or "tag", (t.key for t in tags)),
        label=label,
    )
    session.add(tag)
    session.flush()
    return tag


def add_tag(engine: Engine, *, workspace_id: int, label: str) -> Option:
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        tag = insert_tag(session, workspace_id, label=label)
        return Option(tag.key, tag.label)


def rename_tag(engine: Engine, *, workspace_id: int, key: str, label: str) -> Option:
    with session_scope(engine) as session:
        tag = _rename_row(session, Tag, workspace_id, key, label, "tag")
        return Option(tag.key, tag.label)


def remove_tag(engine: Engine, *, workspace_id: int, key: str) -> None:
    """Remove a tag from the workspace and from every contact that has it."""
    with session_scope(engine) as session:
        tag = _load(session, Tag, workspace_id, key, "tag")
        for contact in repo_admin.workspace_contacts(session=session, workspace_id=workspace_id):
            if key in contact.tags:
                contact.tags = [t for t in contact.tags if t != key]
                session.add(contact)
        session.delete(tag)


# --- lifecycle stages and closing categories (lists on the workspace) -------------------

_LIST_WHAT: Mapping[ListName, str] = {
    "lifecycle_stages": "lifecycle stage",
    "closing_categories": "closing category",
}


def add_list_item(workspace: Workspace, name: ListName, label: str) -> Option:
    """Append ``label`` to one of the workspace's keyed lists (the caller flushes)."""
    what = _LIST_WHAT[name]
    items = _options(getattr(workspace, name))
    label = _new_name(label, what, _names(items, "label"))
    option = Option(unique_key(slug(label) or "item", (o.key for o in items)), label)
    setattr(workspace, name, [*getattr(workspace, name), {"key": option.key, "label": label}])
    return option


def _add_item(engine: Engine, workspace_id: int, name: ListName, label: str) -> Option:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        option = add_list_item(workspace, name, label)
        session.add(workspace)
        return option


def _items(workspace: Workspace, name: ListName, key: str) -> tuple[Option, ...]:
    """The items of a workspace list, or :class:`NotFound` when none has ``key``."""
    items = _options(getattr(workspace, name))
    if key not in {o.key for o in items}:
        raise NotFound(f'The {_LIST_WHAT[name]} "{key}" does not exist (any more).')
    return items


def _rename_item(engine: Engine, workspace_id: int, name: ListName, key: str, label: str) -> Option:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        items = _items(workspace, name, key)
        label = _new_name(label, _LIST_WHAT[name], _names(items, "label"), exclude=key)
        renamed = [Option(o.key, label if o.key == key else o.label) for o in items]
        setattr(workspace, name, [{"key": o.key, "label": o.label} for o in renamed])
        session.add(workspace)
        return Option(key, label)


def _remove_item(engine: Engine, workspace_id: int, name: ListName, key: str) -> None:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        items = _items(workspace, name, key)
        setattr(workspace, name, [{"key": o.key, "label": o.label} for o in items if o.key != key])
        session.add(workspace)
        if name == "lifecycle_stages":
            repo_admin.clear_lifecycle_stage(session=session, workspace_id=workspace_id, key=key)


def add_lifecycle_stage(engine: Engine, *, workspace_id: int, label: str) -> Option:
    """Append a lifecycle stage (stages keep the order they were added in)."""
    return _add_item(engine, workspace_id, "lifecycle_stages", label)


def rename_lifecycle_stage(engine: Engine, *, workspace_id: int, key: str, label: str) -> Option:
    return _rename_item(engine, workspace_id, "lifecycle_stages", key, label)


def remove_lifecycle_stage(engine: Engine, *, workspace_id: int, key: str) -> None:
    """Remove a stage; contacts in it are left without a stage."""
    _remove_item(engine, workspace_id, "lifecycle_stages", key)


def add_closing_category(engine: Engine, *, workspace_id: int, label: str) -> Option:
    return _add_item(engine, workspace_id, "closing_categories", label)


def rename_closing_category(engine: Engine, *, workspace_id: int, key: str, label: str) -> Option:
    return _rename_item(engine, workspace_id, "closing_categories", key, label)


def remove_closing_category(engine: Engine, *, workspace_id: int, key: str) -> None:
    """Remove a category; closed conversations keep it (they are history)."""
    _remove_item(engine, workspace_id, "closing_categories", key)
