"""The workspace's people: users (owners, managers, agents) and teams of users."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.services import access
from wfstudio.services.auth import hash_password
from wfstudio.services.errors import Refused
from wfstudio.services.workspace_rules import (
    acting_user,
    clean_name,
    load_row,
    load_workspace,
    new_key,
    new_name,
    one_of,
    rename_row,
    require_settings_editor,
    require_user_manager,
    rows,
)
from wfstudio.services.workspace_views import TeamView, UserView
from wfstudio.store import repo_admin
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import ROLES, Team, User

# --- users ------------------------------------------------------------------------------


def user_view(user: User) -> UserView:
    given = tuple(key for key in access.RESTRICTIONS if user.restrictions.get(key) is True)
    return UserView(user.key, user.name, user.email, user.role, user.restricted, user.online, given)


def _valid_restrictions(restrictions: Mapping[str, bool]) -> dict[str, bool]:
    unknown = sorted(set(restrictions) - set(access.RESTRICTIONS))
    if unknown:
        raise Refused(f"These are not restrictions: {', '.join(unknown)}.")
    return {key: bool(restrictions.get(key, False)) for key in access.RESTRICTIONS}


def actor_view(engine: Engine, *, workspace_id: int, actor_id: int) -> UserView:
    """The signed-in user as the workspace knows them now (their role may have changed
    since they signed in), or :class:`Refused`."""
    with session_scope(engine) as session:
        return user_view(acting_user(session, workspace_id, actor_id))


def _valid_email(session: Session, email: str, exclude_user_id: int | None = None) -> str:
    email = email.strip().lower()
    if not email or not fits_field_type("email", email):
        raise Refused(f'"{email}" is not an email address.')
    if repo_admin.email_taken(session=session, email=email, exclude_user_id=exclude_user_id):
        raise Refused(f"A user with the email {email} already exists: each email signs in once.")
    return email


def _require_another_owner(session: Session, user: User) -> None:
    owners = [u for u in rows(session, User, user.workspace_id) if u.role == "owner"]
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
    password_hash: str | None = None,
) -> User:
    """Add a user (without ``password_hash`` they cannot sign in until given one)."""
    name = clean_name(name, "user")
    user = User(
        workspace_id=workspace_id,
        key=new_key(name, (u.key for u in rows(session, User, workspace_id)), "user"),
        name=name,
        email=_valid_email(session, email),
        role=one_of(role, ROLES, "role"),
        restricted=restricted,
        online=online,
        password_hash=password_hash,
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
    password: str | None = None,
    actor_id: int | None = None,
) -> UserView:
    """Add an owner, manager or agent who signs in with ``email`` and ``password`` (none:
    not until given one); refused when the email is taken by anyone, the password is too
    short, or the acting user is not an Owner."""
    # Hashing takes a while: before the transaction, not inside it.
    password_hash = hash_password(password) if password is not None else None
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        require_user_manager(session, workspace_id, actor_id)
        user = insert_user(
            session,
            workspace_id,
            name=name,
            email=email,
            role=role,
            restricted=restricted,
            online=online,
            password_hash=password_hash,
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
    restrictions: Mapping[str, bool] | None = None,
    online: bool | None = None,
    actor_id: int | None = None,
) -> UserView:
    """Change what is given (None leaves it); the last owner keeps the owner role.

    ``restrictions`` maps keys of :data:`access.RESTRICTIONS` to given or not (a key left
    out is not given). Only Owners change users.
    """
    with session_scope(engine) as session:
        user = load_row(session, User, workspace_id, key, "user")
        require_user_manager(session, workspace_id, actor_id)
        if name is not None:
            user.name = clean_name(name, "user")
        if email is not None:
            user.email = _valid_email(session, email, exclude_user_id=user.id)
        if role is not None and role != user.role:
            new_role = one_of(role, ROLES, "role")
            _require_another_owner(session, user)
            user.role = new_role
        if restricted is not None:
            user.restricted = restricted
        if restrictions is not None:
            user.restrictions = _valid_restrictions(restrictions)
        if online is not None:
            user.online = online
        session.add(user)
        session.flush()
        return user_view(user)


def remove_user(
    engine: Engine, *, workspace_id: int, key: str, actor_id: int | None = None
) -> None:
    """Remove a user: their contacts and conversations become unassigned, they leave
    their teams, their sessions end (signed out everywhere). Workflows that name them show
    a configuration error. Nobody removes themselves (another user manager does)."""
    with session_scope(engine) as session:
        user = load_row(session, User, workspace_id, key, "user")
        require_user_manager(session, workspace_id, actor_id)
        if actor_id is not None and user.id == actor_id:
            raise Refused("You cannot remove yourself: ask another Owner.")
        _require_another_owner(session, user)
        session.delete(user)


# --- teams ------------------------------------------------------------------------------


def team_views(session: Session, workspace_id: int, users: list[User]) -> list[TeamView]:
    """The workspace's teams, their members as keys of ``users`` (the workspace's)."""
    keys = {user.id: user.key for user in users}
    members = repo_admin.team_members(session=session, workspace_id=workspace_id)
    return [
        TeamView(team.key, team.name, tuple(keys[i] for i in members.get(team.id or 0, [])))
        for team in rows(session, Team, workspace_id)
    ]


def _team_view(session: Session, team: Team) -> TeamView:
    users = rows(session, User, team.workspace_id)
    return next(
        view for view in team_views(session, team.workspace_id, users) if view.key == team.key
    )


def _member_ids(session: Session, workspace_id: int, member_keys: Iterable[str]) -> list[int]:
    ids = {user.key: user.id for user in rows(session, User, workspace_id)}
    unknown = [key for key in member_keys if key not in ids]
    if unknown:
        raise Refused(f"These users do not exist (any more): {', '.join(unknown)}.")
    return [ids[key] or 0 for key in member_keys]


def insert_team(
    session: Session, workspace_id: int, *, name: str, members: Sequence[str] = ()
) -> Team:
    """Add a team with ``members`` (user keys)."""
    teams = rows(session, Team, workspace_id)
    name = new_name(name, "team", teams)
    member_ids = _member_ids(session, workspace_id, members)
    team = Team(
        workspace_id=workspace_id, key=new_key(name, (t.key for t in teams), "team"), name=name
    )
    session.add(team)
    session.flush()
    assert team.id is not None
    repo_admin.set_team_members(session=session, team_id=team.id, user_ids=member_ids)
    return team


def add_team(
    engine: Engine,
    *,
    workspace_id: int,
    name: str,
    members: Sequence[str] = (),
    actor_id: int | None = None,
) -> TeamView:
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        return _team_view(session, insert_team(session, workspace_id, name=name, members=members))


def update_team(
    engine: Engine,
    *,
    workspace_id: int,
    key: str,
    name: str | None = None,
    members: Sequence[str] | None = None,
    actor_id: int | None = None,
) -> TeamView:
    """Rename the team and/or replace its members (user keys)."""
    with session_scope(engine) as session:
        team = load_row(session, Team, workspace_id, key, "team")
        require_settings_editor(session, workspace_id, actor_id)
        assert team.id is not None
        if name is not None:
            rename_row(session, Team, workspace_id, key, name, "team")
        if members is not None:
            member_ids = _member_ids(session, workspace_id, members)
            repo_admin.set_team_members(session=session, team_id=team.id, user_ids=member_ids)
        session.add(team)
        session.flush()
        return _team_view(session, team)


def remove_team(
    engine: Engine, *, workspace_id: int, key: str, actor_id: int | None = None
) -> None:
    """Remove a team (its members stay users); workflows naming it show an error."""
    with session_scope(engine) as session:
        require_settings_editor(session, workspace_id, actor_id)
        session.delete(load_row(session, Team, workspace_id, key, "team"))
