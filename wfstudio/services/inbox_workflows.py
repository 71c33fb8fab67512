"""The workflows of one contact in the Messages module: the Ongoing Workflows tab, Stop for
a contact, and the shortcuts an agent runs on the contact.

The product page's rules, enforced here (not only by hiding buttons):

* "Agents with restricted access cannot view the Workflows icon" unless an Owner gave them
  that permission (:func:`~wfstudio.services.access.can_see_workflows_icon`): such a user
  can neither list a contact's workflows nor stop one.
* Stop is offered, and accepted, only on an ongoing workflow whose "Allow users to stop
  this Workflow for a Contact" setting is on; it ends that one enrollment
  (``stopped_for_contact``), nothing else.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from pydantic import JsonValue

from wfstudio.domain.catalogue import TRIGGERS
from wfstudio.domain.checkbox import parse_checkbox
from wfstudio.domain.definition import Settings
from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.domain.triggers.shortcut import FormField, ShortcutConfig
from wfstudio.runtime.burst import definition_of
from wfstudio.runtime.events import ShortcutRun
from wfstudio.runtime.runner import Handled, Runtime
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbox_common import load_actor, load_contact, require_workflows_icon
from wfstudio.services.inbox_views import OngoingWorkflow, ShortcutView
from wfstudio.store import repo
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import Workflow

TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def ongoing_workflows(
    engine: Engine, *, user_id: int | None, contact_id: int
) -> list[OngoingWorkflow]:
    """Every published workflow, ongoing ones (the contact is enrolled) first, by name."""
    with session_scope(engine) as session:
        actor = load_actor(session, user_id)
        require_workflows_icon(actor)
        load_contact(session, actor, contact_id)
        active = {
            e.workflow_id: e
            for e in repo.contact_active_enrollments(session=session, contact_id=contact_id)
            if not e.is_test
        }
        rows = []
        for workflow, _version in repo.published_versions(
            session=session, workspace_id=actor.workspace_id
        ):
            enrollment = active.get(workflow.id or 0)
            step = ""
            if enrollment is not None and enrollment.current_step_id:
                found = definition_of(session, enrollment.version_id).step(
                    enrollment.current_step_id
                )
                step = found.name if found is not None else enrollment.current_step_id
            rows.append(
                OngoingWorkflow(
                    workflow_id=workflow.id or 0,
                    name=workflow.name,
                    ongoing=enrollment is not None,
                    enrollment_id=enrollment.id or 0 if enrollment is not None else 0,
                    step=step,
                    since=enrollment.started_at if enrollment is not None else None,
                    can_stop=enrollment is not None and _allows_stop(workflow),
                )
            )
        rows.sort(key=lambda row: (not row.ongoing, row.name.casefold()))
        return rows


def stop_for_contact(
    engine: Engine,
    *,
    user_id: int | None,
    contact_id: int,
    workflow_id: int,
    now: datetime | None = None,
) -> None:
    """End the contact's ongoing enrollment in the workflow (Stop in Ongoing Workflows)."""
    with session_scope(engine) as session:
        actor = load_actor(session, user_id)
        require_workflows_icon(actor)
        load_contact(session, actor, contact_id)
        workflow = session.get(Workflow, workflow_id)
        if workflow is None or workflow.workspace_id != actor.workspace_id:
            raise NotFound("This workflow does not exist (any more).")
        if not _allows_stop(workflow):
            raise Refused(f"“{workflow.name}” does not allow users to stop it for a contact.")
        enrollment = repo.active_enrollment(
            session=session, workflow_id=workflow_id, contact_id=contact_id
        )
        if enrollment is None:
            raise Refused(f"The contact is not in “{workflow.name}” any more.")
        repo.end_enrollments(
            session=session,
            enrollment_ids=[enrollment.id or 0],
            status="stopped_for_contact",
            reason=f"by {actor.name}",
            now=now or datetime.now(UTC),
        )


def _allows_stop(workflow: Workflow) -> bool:
    return Settings.model_validate(workflow.settings).allow_stop_for_contact


# --- shortcuts ---------------------------------------------------------------------------


def list_shortcuts(engine: Engine, *, user_id: int | None) -> list[ShortcutView]:
    """The published workflows with a Shortcut trigger, by shortcut name."""
    with session_scope(engine) as session:
        actor = load_actor(session, user_id)
        shortcuts = []
        for workflow, version in repo.published_versions(
            session=session, workspace_id=actor.workspace_id
        ):
            trigger = definition_of(session, version.id or 0).trigger
            config = _shortcut_config(trigger.config) if trigger is not None else None
            if trigger is None or trigger.kind != "shortcut" or config is None:
                continue
            shortcuts.append(
                ShortcutView(
                    workflow_id=workflow.id or 0,
                    workflow_key=workflow.key,
                    name=config.name or workflow.name,
                    icon=config.icon or "zap",
                    description=config.description,
                    fields=config.fields,
                )
            )
        return sorted(shortcuts, key=lambda s: s.name.casefold())


def _shortcut_config(raw: dict[str, JsonValue]) -> ShortcutConfig | None:
    config = TRIGGERS["shortcut"].parse_or_none(raw)
    return config if isinstance(config, ShortcutConfig) else None


async def run_shortcut(
    runtime: Runtime,
    *,
    user_id: int | None,
    contact_id: int,
    workflow_id: int,
    answers: dict[str, str],
) -> Handled:
    """Run the shortcut on the contact with the form's ``answers`` (variable → text).

    Refused, with nothing started, when a required answer is missing or one does not fit
    its field's type. The returned :class:`Handled` has no enrollment started when the
    trigger's conditions or "once per contact" kept the contact out."""
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        load_contact(session, actor, contact_id)
    shortcut = next(
        (
            s
            for s in list_shortcuts(runtime.engine, user_id=user_id)
            if s.workflow_id == workflow_id
        ),
        None,
    )
    if shortcut is None:
        raise NotFound("This shortcut is not available any more (its workflow is not published).")
    values = {
        field.variable: _answer(field, answers.get(field.variable, ""))
        for field in shortcut.fields
        if field.variable
    }
    return await runtime.dispatch(
        ShortcutRun(
            contact_id=contact_id,
            workflow_key=shortcut.workflow_key,
            values=values,
            by_user_id=actor.id,
        )
    )


def _answer(field: FormField, text: str) -> JsonValue:
    """The form answer as a trigger variable, or :class:`Refused` naming the field."""
    text = text.strip()
    if not text:
        if field.required:
            raise Refused(f"{field.label}: this answer is required.")
        return False if field.type == "checkbox" else None
    problem = f"{field.label}: “{text}” is not a valid {field.type}."
    if field.type == "list":
        if text not in field.options:
            raise Refused(f"{field.label}: choose one of the options.")
        return text
    if field.type == "checkbox":
        checked = parse_checkbox(text)
        if checked is None:
            raise Refused(problem)
        return checked
    if field.type == "time":
        if not TIME.match(text):
            raise Refused(f"{field.label}: write the time as HH:MM.")
        return text
    if field.type in ("number", "date", "email", "url") and not fits_field_type(field.type, text):
        raise Refused(problem)
    if field.type == "number":
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() else number
    if field.type == "date":
        return date.fromisoformat(text).isoformat()
    return text
