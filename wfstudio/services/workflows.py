"""The workflow lifecycle: list, create, rename, save, publish, stop, clone, delete,
settings, version history and restore (SPEC §1, §4 and the product page's listing).

Decisions SPEC leaves open:
- Names are unique per workspace, ignoring case and surrounding spaces; import and clone
  make a name unique with " (2)", " (3)" … instead of refusing.
- The workflow row owns name, description and settings; the stored draft mirrors them, and
  a save never changes them (settings change through :func:`update_settings`, even while
  published, as the product page allows).
- Deleting removes the workflow with its versions, enrollments and step logs.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from wfstudio.domain.codec import definition_to_dict
from wfstudio.domain.definition import Settings, WorkflowDefinition
from wfstudio.domain.issues import Code, Issue, errors
from wfstudio.domain.validation import publish_issues, validate
from wfstudio.services.checked_text import storable_definition
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.naming import new_key, unique_name, valid_name
from wfstudio.services.views import VersionView, WorkflowView
from wfstudio.services.workspace_limits import max_steps, require_room_for_workflow
from wfstudio.store import repo
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import User, Workflow, WorkflowVersion

LOOP_CODES = frozenset({Code.LOOP_SELF_TRIGGER, Code.LOOP_NO_PAUSE, Code.LOOP_ACROSS_WORKFLOWS})
STALE_SAVE = (
    "Someone saved this workflow after you opened it, so your changes were not saved. "
    "Reload the workflow to see the latest version, then make your changes again."
)


DELETE_PUBLISHED = "A published workflow cannot be deleted: stop it first, then delete it."
STOP_NOT_PUBLISHED = "Only a published workflow can be stopped."


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.name if user is not None else ""


def view(session: Session, workflow: Workflow) -> WorkflowView:
    """The read model of ``workflow``."""
    assert workflow.id is not None
    version = (
        session.get(WorkflowVersion, workflow.current_version_id)
        if workflow.current_version_id is not None
        else None
    )
    return WorkflowView(
        id=workflow.id,
        key=workflow.key,
        name=workflow.name,
        description=workflow.description,
        status=workflow.status,
        revision=workflow.revision,
        settings=Settings.model_validate(workflow.settings),
        created_by=_user_name(session, workflow.created_by_id),
        created_at=workflow.created_at,
        last_published_by=_user_name(session, workflow.last_published_by_id),
        last_published_at=workflow.last_published_at,
        current_version=version.number if version is not None else None,
    )


def load(session: Session, workflow_id: int) -> Workflow:
    """The workflow row, or :class:`NotFound`."""
    workflow = repo.get_workflow(session=session, workflow_id=workflow_id)
    if workflow is None:
        raise NotFound("This workflow does not exist any more.")
    return workflow


def draft_of(workflow: Workflow) -> WorkflowDefinition:
    """The stored draft, with the row's name, description and settings."""
    draft = WorkflowDefinition.model_validate({**workflow.draft, "name": workflow.name})
    return draft.replace(
        description=workflow.description, settings=Settings.model_validate(workflow.settings)
    )


def list_workflows(
    engine: Engine, *, workspace_id: int, search: str = "", status: str | None = None
) -> list[WorkflowView]:
    """The listing: workflows whose name contains ``search``, optionally of one status."""
    with session_scope(engine) as session:
        rows = repo.list_workflows(
            session=session,
            workspace_id=workspace_id,
            search=search,
            status=status,  # type: ignore[arg-type]
        )
        return [view(session, row) for row in rows]


def require_in_workspace(engine: Engine, *, workflow_id: int, workspace_id: int) -> None:
    """Refuses (as :class:`NotFound`) a workflow of another workspace than ``workspace_id``,
    so a page never reveals or changes another workspace's workflow by its id."""
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        if workflow.workspace_id != workspace_id:
            raise NotFound("This workflow does not exist any more.")


def get_workflow(engine: Engine, *, workflow_id: int) -> WorkflowView:
    with session_scope(engine) as session:
        return view(session, load(session, workflow_id))


def get_draft(engine: Engine, *, workflow_id: int) -> tuple[WorkflowView, WorkflowDefinition]:
    """What the builder opens: the workflow and its draft (its revision is in the view)."""
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        return view(session, workflow), draft_of(workflow)


def create_workflow(
    engine: Engine,
    *,
    workspace_id: int,
    actor_id: int | None,
    name: str,
    description: str = "",
    now: datetime | None = None,
) -> WorkflowView:
    """A new Draft with no trigger yet; refused at the workspace's workflow limit."""
    now = _now(now)
    with session_scope(engine) as session:
        require_room_for_workflow(session, workspace_id)
        name, description = valid_name(session, workspace_id, name, description)
        definition = WorkflowDefinition(name=name, description=description)
        return view(session, insert_workflow(session, workspace_id, actor_id, definition, now))


def insert_workflow(
    session: Session,
    workspace_id: int,
    actor_id: int | None,
    definition: WorkflowDefinition,
    now: datetime,
) -> Workflow:
    workflow = Workflow(
        workspace_id=workspace_id,
        key=new_key(session, workspace_id, definition.name),
        name=definition.name,
        description=definition.description,
        status="draft",
        settings=definition.settings.model_dump(mode="json"),
        draft=definition_to_dict(definition),
        created_by_id=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(workflow)
    session.flush()
    return workflow


def rename_workflow(
    engine: Engine,
    *,
    workflow_id: int,
    name: str,
    description: str,
    now: datetime | None = None,
) -> WorkflowView:
    """Edit Name/Description (allowed in every status: it does not change what runs)."""
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        name, description = valid_name(
            session, workflow.workspace_id, name, description, exclude_id=workflow_id
        )
        workflow.name, workflow.description = name, description
        workflow.draft = {**workflow.draft, "name": name, "description": description}
        workflow.updated_at = _now(now)
        session.add(workflow)
        session.flush()
        return view(session, workflow)


def save_draft(
    engine: Engine,
    *,
    workflow_id: int,
    definition: WorkflowDefinition,
    expected_revision: int,
    now: datetime | None = None,
) -> WorkflowView:
    """Save the builder's definition as the draft.

    Refused while the workflow is published, while it has a trigger but no step or any
    configuration error, and when someone saved since ``expected_revision`` was read.
    """
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        if workflow.status == "published":
            raise Refused("A published workflow cannot be edited: stop it first, then edit it.")
        definition = definition.replace(
            name=workflow.name,
            description=workflow.description,
            settings=Settings.model_validate(workflow.settings),
        )
        storable_definition(definition)
        refs = repo.workspace_refs(session=session, workspace_id=workflow.workspace_id)
        refs = refs.for_draft(workflow.key, definition)
        problems = errors(
            validate(definition, refs, max_steps=max_steps(session, workflow.workspace_id))
        )
        if any(issue.code == Code.NO_STEPS for issue in problems):
            raise Refused(
                "A workflow with a trigger but no step cannot be saved: add a step.", problems
            )
        if problems:
            count = len({issue.step_id for issue in problems})
            where = "1 place" if count == 1 else f"{count} places"
            raise Refused(
                f"The workflow was not saved: fix the configuration errors in {where} first "
                "(they are listed under ⚠).",
                problems,
            )
        saved = repo.update_workflow_if_revision(
            session=session,
            workflow_id=workflow_id,
            expected_revision=expected_revision,
            changes={"draft": definition_to_dict(definition)},
            now=_now(now),
        )
        if not saved:
            raise Refused(STALE_SAVE)
        session.refresh(workflow)
        return view(session, workflow)


def publish_workflow(
    engine: Engine, *, workflow_id: int, actor_id: int | None, now: datetime | None = None
) -> WorkflowView:
    """Publish the draft as version N: refused on configuration errors and on loops."""
    now = _now(now)
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        if workflow.status == "published":
            raise Refused("This workflow is already published.")
        definition = draft_of(workflow)
        refs = repo.workspace_refs(session=session, workspace_id=workflow.workspace_id)
        others = {
            other.key: WorkflowDefinition.model_validate(version.definition)
            for other, version in repo.published_versions(
                session=session, workspace_id=workflow.workspace_id
            )
            if other.id != workflow_id
        }
        problems = publish_issues(
            definition,
            refs,
            workflow_key=workflow.key,
            published=others,
            max_steps=max_steps(session, workflow.workspace_id),
        )
        loops = [issue for issue in problems if issue.code in LOOP_CODES]
        if loops:
            raise Refused("\n".join(issue.message for issue in loops), problems)
        if problems:
            raise Refused(_publish_errors_message(problems), problems)
        version = WorkflowVersion(
            workflow_id=workflow_id,
            # test snapshots are numbered -1, -2 … (services.testing): never below 1
            number=max(1, repo.next_version_number(session=session, workflow_id=workflow_id)),
            definition=definition_to_dict(definition),
            published_by_id=actor_id,
            published_at=now,
        )
        session.add(version)
        session.flush()
        workflow.status = "published"
        workflow.current_version_id = version.id
        workflow.last_published_by_id = actor_id
        workflow.last_published_at = now
        workflow.updated_at = now
        if definition.trigger is not None and definition.trigger.kind == "incoming_webhook":
            workflow.webhook_secret = workflow.webhook_secret or new_secret()
        session.add(workflow)
        session.flush()
        return view(session, workflow)


def _publish_errors_message(problems: list[Issue]) -> str:
    first = problems[0].message
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''}, listed under ⚠)" if more else ""
    return f"This workflow cannot be published yet: {first}{suffix}"


def new_secret() -> str:
    """A random token for webhook URLs."""
    return secrets.token_urlsafe(24)


def stop_workflow(engine: Engine, *, workflow_id: int, now: datetime | None = None) -> int:
    """Stop a published workflow: every enrolled contact is ejected at once.

    Returns how many contacts were ejected. Re-publishing later does not re-enroll them.
    """
    now = _now(now)
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        if workflow.status != "published":
            raise Refused(STOP_NOT_PUBLISHED)
        workflow.status = "stopped"
        workflow.updated_at = now
        session.add(workflow)
        return _eject_all(session, workflow_id, "workflow_stopped", now)


def _eject_all(session: Session, workflow_id: int, reason: str, now: datetime) -> int:
    active = repo.active_enrollments(session=session, workflow_id=workflow_id)
    return repo.end_enrollments(
        session=session,
        enrollment_ids=[e.id for e in active if e.id is not None],
        status="ejected",
        reason=reason,
        now=now,
    )


def clone_workflow(
    engine: Engine, *, workflow_id: int, actor_id: int | None, now: datetime | None = None
) -> WorkflowView:
    """A Draft copy named "<name> clone" with the same trigger, steps and settings."""
    now = _now(now)
    with session_scope(engine) as session:
        source = load(session, workflow_id)
        require_room_for_workflow(session, source.workspace_id)
        name = unique_name(session, source.workspace_id, f"{source.name} clone")
        definition = draft_of(source).replace(name=name)
        return view(
            session, insert_workflow(session, source.workspace_id, actor_id, definition, now)
        )


def delete_workflow(engine: Engine, *, workflow_id: int, now: datetime | None = None) -> None:
    """Delete a Draft or Stopped workflow (refused while Published); cannot be undone."""
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        if workflow.status == "published":
            raise Refused(DELETE_PUBLISHED)
        _eject_all(session, workflow_id, "workflow_deleted", _now(now))
        workflow.current_version_id = None
        session.add(workflow)
        session.flush()
        session.delete(workflow)


def update_settings(
    engine: Engine, *, workflow_id: int, settings: Settings, now: datetime | None = None
) -> WorkflowView:
    """Workflow Settings: allow stop for a contact, exit conditions (also while published)."""
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        workflow.settings = settings.model_dump(mode="json")
        workflow.draft = {**workflow.draft, "settings": workflow.settings}
        workflow.updated_at = _now(now)
        session.add(workflow)
        session.flush()
        return view(session, workflow)


def list_versions(engine: Engine, *, workflow_id: int) -> list[VersionView]:
    """The version history, newest first."""
    with session_scope(engine) as session:
        load(session, workflow_id)
        return [
            VersionView(
                number=version.number,
                published_by=_user_name(session, version.published_by_id),
                published_at=version.published_at,
            )
            for version in repo.list_versions(session=session, workflow_id=workflow_id)
            if not version.is_test  # the test chat's snapshots are not versions
        ]


def restore_version(
    engine: Engine, *, workflow_id: int, number: int, now: datetime | None = None
) -> WorkflowView:
    """Copy version ``number`` into the draft of a Draft or Stopped workflow."""
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        if workflow.status == "published":
            raise Refused("Stop the workflow before restoring a version into its draft.")
        version = repo.get_version_by_number(
            session=session, workflow_id=workflow_id, number=number
        )
        if version is None or version.is_test:
            raise NotFound(f"Version {number} of this workflow does not exist.")
        restored = WorkflowDefinition.model_validate(version.definition).replace(
            name=workflow.name,
            description=workflow.description,
            settings=Settings.model_validate(workflow.settings),
        )
        saved = repo.update_workflow_if_revision(
            session=session,
            workflow_id=workflow_id,
            expected_revision=workflow.revision,
            changes={"draft": definition_to_dict(restored)},
            now=_now(now),
        )
        if not saved:
            raise Refused(STALE_SAVE)
        session.refresh(workflow)
        return view(session, workflow)
