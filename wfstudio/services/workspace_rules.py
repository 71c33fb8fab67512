"""The rules every workspace item shares: how keys are made, what a name may be, and how
an item is found (or :class:`NotFound`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.services import access
from wfstudio.services.errors import NotFound, Refused
from wfstudio.store import repo, repo_admin
from wfstudio.store.db import Session
from wfstudio.store.repo_workspace import Keyed
from wfstudio.store.tables import User, Workspace

_T = TypeVar("_T")
_Allowed = TypeVar("_Allowed", bound=str)


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


def new_key(text: str, taken: Iterable[str], fallback: str) -> str:
    """The key of a new item named ``text``: its slug (``fallback`` when the name has no
    letters or digits), made unique among ``taken``."""
    return unique_key(slug(text) or fallback, taken)


def clean_name(text: str, what: str) -> str:
    """``text`` stripped, or :class:`Refused` when it is empty or too long."""
    text = text.strip()
    if not text:
        raise Refused(f"Give the {what} a name.")
    if len(text) > MAX_NAME_CHARS:
        raise Refused(f"The {what} name has {len(text)} characters; the limit is {MAX_NAME_CHARS}.")
    return text


def new_name(
    text: str, what: str, items: Iterable[Any], *, attr: str = "name", exclude: str | None = None
) -> str:
    """:func:`clean_name`, refused when another of ``items`` (but the one keyed
    ``exclude``) has it as its ``attr``, ignoring case."""
    text = clean_name(text, what)
    for item in items:
        other = getattr(item, attr)
        if item.key != exclude and other.casefold() == text.casefold():
            raise Refused(f'A {what} named "{other}" already exists: choose another name.')
    return text


def one_of(value: str, allowed: tuple[_Allowed, ...], what: str) -> _Allowed:
    """``value`` as one of ``allowed`` (a role, a channel kind), or :class:`Refused`."""
    for option in allowed:
        if value == option:
            return option
    raise Refused(f'"{value}" is not a {what}: choose {", ".join(allowed)}.')


def load_workspace(session: Session, workspace_id: int) -> Workspace:
    workspace = repo.get_workspace(session=session, workspace_id=workspace_id)
    if workspace is None:
        raise NotFound("This workspace does not exist.")
    return workspace


def load_row(session: Session, table: type[Keyed], workspace_id: int, key: str, what: str) -> Keyed:
    row = repo.get_by_key(session=session, table=table, workspace_id=workspace_id, key=key)
    if row is None:
        raise NotFound(f'The {what} "{key}" does not exist (any more).')
    return row


def rows(session: Session, table: type[Keyed], workspace_id: int) -> list[Keyed]:
    return repo_admin.list_rows(session=session, table=table, workspace_id=workspace_id)


def rename_row(
    session: Session, table: type[Keyed], workspace_id: int, key: str, text: str, what: str
) -> Keyed:
    """Give row ``key`` a new name (``label`` for tags and fields); its key stays."""
    row = load_row(session, table, workspace_id, key, what)
    attr = "name" if hasattr(row, "name") else "label"
    others = rows(session, table, workspace_id)
    setattr(row, attr, new_name(text, what, others, attr=attr, exclude=key))
    session.add(row)
    session.flush()
    return row


def sorted_by(items: Iterable[_T], attr: str = "name") -> tuple[_T, ...]:
    """``items`` sorted by their ``attr`` ignoring case (stable for equal names)."""
    return tuple(sorted(items, key=lambda item: str(getattr(item, attr)).casefold()))


# --- who may change what (the rules themselves live in services/access.py) ---------------

USERS_REFUSAL = "Only Owners can add, change or remove users."
SETTINGS_REFUSAL = "Only Owners and Managers can change the workspace settings."


def acting_user(session: Session, workspace_id: int, actor_id: int) -> User:
    """The signed-in user acting on ``workspace_id``, or :class:`Refused`."""
    user = session.get(User, actor_id)
    if user is None or user.workspace_id != workspace_id:
        raise Refused("You are not a user of this workspace (any more): sign in again.")
    return user


def require_allowed(
    session: Session,
    workspace_id: int,
    actor_id: int | None,
    rule: Callable[[str], bool],
    refusal: str,
) -> None:
    """Refuses unless the acting user's role passes ``rule``. ``actor_id`` None is the
    system itself (the CLI, the demo loader, imports), which nobody reaches from a page."""
    if actor_id is not None and not rule(acting_user(session, workspace_id, actor_id).role):
        raise Refused(refusal)


def require_user_manager(session: Session, workspace_id: int, actor_id: int | None) -> None:
    require_allowed(session, workspace_id, actor_id, access.can_manage_users, USERS_REFUSAL)


def require_settings_editor(session: Session, workspace_id: int, actor_id: int | None) -> None:
    require_allowed(session, workspace_id, actor_id, access.can_edit_workspace, SETTINGS_REFUSAL)
