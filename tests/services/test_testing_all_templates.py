"""Every template, once "Use Template" and its red steps are filled, runs end to end in the
test chat (issue #6, "done when"). The code starts it; the tester answers its questions
(the first button of a multiple choice or rating, a valid answer otherwise), writes to its
AI agent, and skips its waits; the test run then finishes at an end of the flow.

Remote services are a small server on 127.0.0.1: the HTTP Request's URL and the Google
Sheets credential's ``base_url`` point at it. The Multi-Level Chat Menu's Trigger Another
Workflow is aimed at the sub menu's draft, which runs in the same test."""

from __future__ import annotations

import pytest

from tests.runtime.servers import RecordingServer, Reply
from tests.runtime.world import World, build_world, play
from tests.templates.filling import fill_for_demo
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.services import templates as gallery
from wfstudio.services import testing
from wfstudio.services import workflows as svc
from wfstudio.services.testing_views import chat_of_session
from wfstudio.services.workspace import workspace_choices
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import SheetCredential

KEYS = [template.key for template in gallery.list_templates()]
SUB_MENU = "multi-level-chat-menu-sub-menu"
MAX_MOVES = 30

ANSWERS = {  # a valid answer per question type
    "email": "ana@example.com",
    "phone": "+351912345678",
    "number": "42",
    "date": "2026-12-01",
}
TO_THE_AI = "Sure: ana@example.com, +351912345678. I'd like to know your opening hours."


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def use_filled(world: World, key: str, remote: str, *, target: str = "") -> int:
    """Use template ``key`` and save it with the workspace's data chosen, its HTTP Request
    aimed at ``remote`` and its Trigger Another Workflow at ``target``; the draft's id."""
    now = world.clock.now()
    view = gallery.use_template(
        world.engine, workspace_id=world.workspace_id, actor_id=world.owner_id, key=key, now=now
    )
    _, draft = svc.get_draft(world.engine, workflow_id=view.id)
    filled = fill_for_demo(draft, workspace_choices(world.engine, workspace_id=world.workspace_id))
    svc.save_draft(
        world.engine,
        workflow_id=view.id,
        definition=_aimed(filled, remote, target),
        expected_revision=view.revision,
        now=now,
    )
    return view.id


def _aimed(definition: WorkflowDefinition, remote: str, target: str) -> WorkflowDefinition:
    steps = []
    for step in definition.steps:
        if step.kind == "http_request":
            step = step.model_copy(update={"config": {**step.config, "url": remote}})
        elif step.kind == "trigger_workflow" and target:
            step = step.model_copy(update={"config": {**step.config, "workflow": target}})
        steps.append(step)
    return definition.model_copy(update={"steps": tuple(steps)})


def add_sheets_account(world: World, base_url: str) -> None:
    with session_scope(world.engine) as session:
        session.add(
            SheetCredential(
                workspace_id=world.workspace_id,
                key="sheets",
                name="Reporting account",
                credentials={"access_token": "test-token", "base_url": base_url},
            )
        )


def test_the_gallery_holds_thirty_templates() -> None:
    assert len(KEYS) == 30


@pytest.mark.parametrize("key", KEYS)
def test_a_filled_template_runs_to_its_end_in_the_test_chat(world: World, key: str) -> None:
    moves: list[str] = []
    code = ""
    remote_calls: list[str] = []
    remote_steps: list[str] = []

    async def scenario(w: World) -> None:
        nonlocal code
        async with RecordingServer(replies=(Reply(json={"ok": True}),)) as remote:
            add_sheets_account(w, remote.base_url)
            target = w.key_of(use_filled(w, SUB_MENU, remote.url())) if key != SUB_MENU else ""
            workflow_id = use_filled(w, key, remote.url("/hook"), target=target)
            _, definition = svc.get_draft(w.engine, workflow_id=workflow_id)
            remote_steps.extend(
                s.id for s in definition.steps if s.kind in {"http_request", "add_sheet_row"}
            )
            code = testing.open_session(
                w.engine,
                workflow_id=workflow_id,
                channel_key="web",
                variables={},
                actor_id=w.owner_id,
                now=w.clock.now(),
            ).code
            await testing.send(w.rt, code=code, text=code)
            spoken: set[tuple[str, int]] = set()
            for _ in range(MAX_MOVES):
                view = chat_of_session(w.engine, code=code)
                remote_calls[:] = [received.path for received in remote.requests]
                if not view.status.running:
                    return
                step = definition.step(view.status.step_id) if view.status.step_id else None
                mark = (view.status.step_id, len(view.lines))
                buttons = next((line.buttons for line in reversed(view.lines) if line.buttons), ())
                if (
                    step is not None
                    and step.kind in {"ask_question", "ai_agent"}
                    and (
                        mark not in spoken  # say something once; a re-ask is skipped below
                    )
                ):
                    spoken.add(mark)
                    if step.kind == "ai_agent":
                        reply = TO_THE_AI
                    else:
                        kind = str(step.config.get("question_type", "text"))
                        reply = buttons[0] if buttons else ANSWERS.get(kind, "Hello there")
                    moves.append(f"say {reply!r}")
                    await testing.send(w.rt, code=code, text=reply)
                elif view.status.can_skip:
                    moves.append(f"skip ({view.status.text})")
                    assert await testing.skip_wait(w.rt, code=code)
                else:
                    pytest.fail(f"stuck: {view.status.text} after {moves}")

    play(world, scenario)
    status = chat_of_session(world.engine, code=code).status
    assert status.phase == "finished", (status.text, moves)
    assert status.text.startswith("Finished: completed"), (status.text, moves)
    assert len(remote_calls) == len(remote_steps), (remote_calls, remote_steps)
