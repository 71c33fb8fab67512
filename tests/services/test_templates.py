"""Use Template: a Draft from a bundled template, and every template publishes once its
workspace data is chosen (here: from the demo workspace)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.services.conftest import NOW, SeededWorkspace, same_flow, snapshot
from tests.templates.filling import fill_for_demo, refs_of
from wfstudio.domain.codec import dump
from wfstudio.domain.validation import validate
from wfstudio.services import templates as gallery
from wfstudio.services import workflows as svc
from wfstudio.services.demo import load_demo
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.workspace import workspace_choices
from wfstudio.store.db import session_scope
from wfstudio.store.tables import SheetCredential, Workspace

# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def demo(engine: Engine) -> int:
    """The demo workspace, plus a Google Sheets credential (the demo has none)."""
    summary = load_demo(engine, now=NOW)
    assert summary is not None
    with session_scope(engine) as session:
        session.add(
            SheetCredential(
                workspace_id=summary.workspace_id,
                key="sheets",
                name="Reporting account",
                credentials={"type": "service_account"},
            )
        )
    return summary.workspace_id


def _use(engine: Engine, workspace_id: int, key: str) -> Any:
    return gallery.use_template(engine, workspace_id=workspace_id, actor_id=None, key=key, now=NOW)


# --- publishing ----------------------------------------------------------------------------


def test_every_template_publishes_once_its_workspace_data_is_chosen(
    engine: Engine, demo: int
) -> None:
    cards = gallery.list_templates()
    created = {card.key: _use(engine, demo, card.key) for card in cards}
    assert [view.name for view in created.values()] == [card.name for card in cards]
    choices = workspace_choices(engine, workspace_id=demo)
    assert [w.name for w in choices.manual_workflows] == ["Multi-Level Chat Menu (Sub Menu)"]
    for card in cards:
        view, draft = svc.get_draft(engine, workflow_id=created[card.key].id)
        assert view.status == "draft" and draft.description == card.description
        filled = fill_for_demo(draft, choices)
        svc.save_draft(
            engine, workflow_id=view.id, definition=filled, expected_revision=view.revision
        )
        published = svc.publish_workflow(engine, workflow_id=view.id, actor_id=None, now=NOW)
        assert (published.status, published.current_version) == ("published", 1), card.key
    main_menu = svc.get_draft(engine, workflow_id=created["multi-level-chat-menu-main-menu"].id)[1]
    target = main_menu.step("sub_menu")
    assert target is not None
    assert target.config["workflow"] == created["multi-level-chat-menu-sub-menu"].key


def test_in_the_demo_workspace_suggested_keys_are_kept(engine: Engine, demo: int) -> None:
    view = _use(engine, demo, "mark-contact-as-spam")
    _, draft = svc.get_draft(engine, workflow_id=view.id)
    _, template = gallery.get_template("mark-contact-as-spam")
    assert same_flow(draft, template)
    assert validate(draft, refs_of(workspace_choices(engine, workspace_id=demo))) == []


# --- Use Template --------------------------------------------------------------------------


def test_use_template_creates_a_draft_with_the_templates_flow_and_layout(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    view = gallery.use_template(
        engine, workspace_id=workspace.id, actor_id=workspace.owner_id, key="away-message", now=NOW
    )
    card, template = gallery.get_template("away-message")
    assert (view.name, view.description, view.status) == (card.name, card.description, "draft")
    assert (view.created_by, view.created_at) == (workspace.owner_name, NOW)
    _, draft = svc.get_draft(engine, workflow_id=view.id)
    assert dump(draft) == dump(template)


def test_use_template_removes_what_the_workspace_lacks_and_those_steps_show_errors(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    # The seeded workspace has the tags vip, lead and spam but no closing category.
    view = _use(engine, workspace.id, "mark-contact-as-spam")
    _, draft = svc.get_draft(engine, workflow_id=view.id)
    tag, close = draft.step("tag"), draft.step("close")
    assert tag is not None and close is not None
    assert tag.config["tags"] == ["spam"]
    assert close.config["category"] == ""
    view = _use(engine, workspace.id, "request-consent-privacy")
    _, draft = svc.get_draft(engine, workflow_id=view.id)
    problems = validate(draft, refs_of(workspace_choices(engine, workspace_id=workspace.id)))
    assert {issue.step_id for issue in problems} == {"needed", "consented"}


def test_using_a_template_twice_numbers_the_name(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    names = [_use(engine, workspace.id, "welcome-message").name for _ in range(3)]
    assert names == ["Welcome Message", "Welcome Message (2)", "Welcome Message (3)"]


def test_use_template_respects_the_workflow_limit(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    with session_scope(engine) as session:
        row = session.get(Workspace, workspace.id)
        assert row is not None
        row.settings = {"max_workflows": 1}
        session.add(row)
    _use(engine, workspace.id, "welcome-message")
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="already has 1 workflows"):
        _use(engine, workspace.id, "away-message")
    assert snapshot(engine, workspace.id) == before


def test_an_unknown_template_is_not_found(engine: Engine, workspace: SeededWorkspace) -> None:
    with pytest.raises(NotFound):
        gallery.get_template("../index")
    before = snapshot(engine, workspace.id)
    with pytest.raises(NotFound):
        _use(engine, workspace.id, "no-such-template")
    assert snapshot(engine, workspace.id) == before


# --- where the templates come from ---------------------------------------------------------


def _folder(tmp_path: Path, index: object, files: dict[str, str]) -> Path:
    (tmp_path / gallery.INDEX_FILE).write_text(json.dumps(index), encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_folder_can_be_set_with_an_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, template = gallery.get_template("welcome-message")
    index = {
        "categories": ["Greetings"],
        "templates": [{"file": "hi.json", "category": "Greetings"}],
    }
    folder = _folder(tmp_path, index, {"hi.json": dump(template.replace(name="Hi"))})
    monkeypatch.setenv(gallery.TEMPLATES_DIR_ENV, str(folder))
    assert gallery.templates_dir() == folder
    cards = gallery.list_templates()
    assert [(c.key, c.name, c.category, c.step_kinds) for c in cards] == [
        ("hi", "Hi", "Greetings", ("send_message",))
    ]
    assert gallery.template_categories() == ("Greetings",)


@pytest.mark.parametrize(
    ("index", "files", "problem"),
    [
        (None, {}, "templates are missing"),
        ({"categories": ["A"], "templates": [{"file": "x.json", "category": "B"}]}, {}, "category"),
        ({"categories": ["A"], "templates": [{"file": "../x.json", "category": "A"}]}, {}, "name"),
        ({"categories": ["A"], "templates": [{"file": "x.json", "category": "A"}]}, {}, "read"),
        (
            {"categories": ["A"], "templates": [{"file": "x.json", "category": "A"}]},
            {"x.json": '{"format": "wfstudio.workflow"}'},
            "x.json is broken",
        ),
    ],
)
def test_a_broken_folder_is_refused_with_a_clear_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    index: object,
    files: dict[str, str],
    problem: str,
) -> None:
    if index is not None:
        _folder(tmp_path, index, files)
    monkeypatch.setenv(gallery.TEMPLATES_DIR_ENV, str(tmp_path))
    with pytest.raises(Refused, match=problem):
        gallery.list_templates()
