"""Loading everything shown about the open contact: the thread, the contact panel with the
dialogs' choices, and (for who may see it) the Ongoing Workflows tab."""

from __future__ import annotations

from datetime import UTC, datetime

from wfstudio.services import inbox_thread, inbox_workflows
from wfstudio.services import workspace as ws
from wfstudio.services.errors import NotFound, Refused
from wfstudio.ui import context
from wfstudio.ui.pages.messages_actions import ActionsState
from wfstudio.ui.pages.messages_contact import ContactState
from wfstudio.ui.pages.messages_models import Choice, field_rows, line, workflow_item
from wfstudio.ui.pages.messages_state import InboxState, zone_of
from wfstudio.ui.pages.messages_thread import ThreadState
from wfstudio.ui.pages.messages_workflows import WorkflowsState


async def reload_open_contact(inbox: InboxState) -> None:
    """Fill the states of the open contact from the services (called by InboxState)."""
    engine, now, zone = context.engine(), datetime.now(UTC), zone_of(inbox._timezone)
    user_id, contact_id = inbox._user_id, inbox.selected
    thread = await inbox.get_state(ThreadState)
    contact = await inbox.get_state(ContactState)
    try:
        lines = inbox_thread.contact_thread(engine, user_id=user_id, contact_id=contact_id)
        panel = inbox_thread.contact_panel(engine, user_id=user_id, contact_id=contact_id)
    except NotFound:
        inbox.selected = 0
        return
    thread.lines = [line(item, now, zone) for item in lines]
    contact.show(panel, field_rows(panel))
    choices = ws.workspace_choices(engine, workspace_id=inbox._workspace_id)
    contact.tag_choices = [Choice(t.key, t.label) for t in choices.tags]
    contact.stage_choices = [Choice(s.key, s.label) for s in choices.lifecycle_stages]
    actions = await inbox.get_state(ActionsState)
    actions.user_choices = [Choice(u.key, u.name) for u in choices.users]
    actions.team_choices = [Choice(t.key, t.name) for t in choices.teams]
    actions.category_choices = [Choice(c.key, c.label) for c in choices.closing_categories]
    if inbox.sees_workflows:
        workflows = await inbox.get_state(WorkflowsState)
        try:
            items = inbox_workflows.ongoing_workflows(
                engine, user_id=user_id, contact_id=contact_id
            )
        except Refused as refusal:
            workflows.items, workflows.problem = [], refusal.message
        else:
            workflows.items = [workflow_item(item, now, zone) for item in items]
            workflows.problem = ""
