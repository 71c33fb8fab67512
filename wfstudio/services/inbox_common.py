"""What every inbox service does first: find the acting user and the contact, and check
they belong to one workspace (a user only ever works on their own workspace's contacts)."""

from __future__ import annotations

from wfstudio.services.access import can_see_workflows_icon
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.runs import contact_name
from wfstudio.store.db import Session
from wfstudio.store.tables import Channel, Contact, Team, User, Workflow

NOT_SIGNED_IN = "Sign in again: your user was not found."


def load_actor(session: Session, user_id: int | None) -> User:
    """The acting user, or :class:`Refused` when there is none (signed out, removed)."""
    user = session.get(User, user_id) if user_id else None
    if user is None:
        raise Refused(NOT_SIGNED_IN)
    return user


def load_contact(session: Session, actor: User, contact_id: int) -> Contact:
    """The contact, when it is in the actor's workspace; :class:`NotFound` otherwise."""
    contact = session.get(Contact, contact_id)
    if contact is None or contact.workspace_id != actor.workspace_id:
        raise NotFound("This contact does not exist (any more).")
    return contact


def sees_workflows_icon(user: User) -> bool:
    """The product page's rule, for this user's role and restrictions."""
    return can_see_workflows_icon(
        user.role, restricted=user.restricted, restrictions=user.restrictions
    )


def require_workflows_icon(user: User) -> None:
    if not sees_workflows_icon(user):
        raise Refused("You do not have access to the workflows of contacts: ask an Owner.")


def display_name(contact: Contact) -> str:
    """First + last name, else email, else phone, else "Contact N"."""
    return contact_name(contact, contact.id or 0)


def one_line(text: str, limit: int = 90) -> str:
    """``text`` on one line, shortened with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class Names:
    """Names of users, teams, channels and workflows, each read once per call."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[type, int], str] = {}

    def _name(self, table: type[User | Team | Channel | Workflow], row_id: int | None) -> str:
        if row_id is None:
            return ""
        key = (table, row_id)
        if key not in self._cache:
            row = self.session.get(table, row_id)
            self._cache[key] = str(getattr(row, "name", "") or "")
        return self._cache[key]

    def user(self, user_id: int | None) -> str:
        return self._name(User, user_id)

    def team(self, team_id: int | None) -> str:
        return self._name(Team, team_id)

    def channel(self, channel_id: int | None) -> str:
        return self._name(Channel, channel_id)

    def workflow(self, workflow_id: int | None) -> str:
        return self._name(Workflow, workflow_id)

    def assignee(self, contact: Contact) -> str:
        """The assigned user's name, else the assigned team's, else ""."""
        return self.user(contact.assignee_user_id) or self.team(contact.assignee_team_id)

    def bot_author(self, kind: str, workflow_id: int | None) -> str:
        """Who a message a workflow sent (``kind`` "workflow") or its AI agent ("ai") is
        from, as the thread and the conversation list label it: the workflow's name."""
        workflow = self.workflow(workflow_id)
        if kind == "ai":
            return f"AI agent · {workflow}" if workflow else "AI agent"
        return workflow or "Workflow"
