"""The bundled workflow templates: the gallery behind "+ Add Workflow → Use Template".

Where they live: one JSON file per template in the repository's ``templates/`` folder
(DESIGN §2), found relative to this package (``<repo>/templates``) or in the folder the
environment variable :data:`TEMPLATES_DIR_ENV` (``WFSTUDIO_TEMPLATES_DIR``) names.
Shipping them inside the wheel as package data is not done yet; an installed package
needs the variable.

Decisions:

* **Each template file is exactly** ``codec.dump(definition)`` — the export format of
  SPEC §1, nothing added — so it loads through the shipped schema like an import file
  and round-trips to identical bytes. Its ``layout`` holds canvas positions made with
  :func:`wfstudio.domain.graph.layout`, so the canvas opens tidy.
* **Gallery metadata lives beside the files**, in ``templates/index.json``, because the
  document format has no place for it (and must not grow one for the gallery)::

      {"categories": ["Assignment", ...],
       "templates": [{"file": "assignment-round-robin.json", "category": "Assignment"}, ...]}

  ``categories`` is the gallery's category order; ``templates`` lists every template in
  gallery order (the product page's order) with its category. A template's key is its
  file name without ``.json``; its name and description are the document's own. Files
  the index does not list are ignored.
* **Workspace data.** References to things every workspace names differently —
  channels, users, teams, the target of Trigger Another Workflow, the Google account —
  are left empty, so those steps show as configuration errors (``missing_reference``,
  in red) until the user chooses. Tags, closing categories and contact fields that a
  template needs by meaning are pre-filled with a suggested key (``spam``, ``vip``,
  ``returning``, ``resolved``, ``email`` …): kept when the workspace has them, removed
  by "Use Template" like an import (SPEC §7) when it does not, and then shown in red.
  Against an empty workspace a template has *only* reference issues
  (:data:`~wfstudio.domain.issues.REFERENCE_CODES`); nothing else is ever wrong with it.
* Text a business must adapt but that is not a reference is written as a working
  example: ``example.com`` URLs (calendar, data warehouse, web pages), the header
  ``Bearer YOUR_WAREHOUSE_API_KEY``, the spreadsheet id ``PASTE_YOUR_SPREADSHEET_ID``,
  ``UTC`` business hours, sample FAQ answers and AI "business information (replace with
  your own)". It is valid configuration, so it is not red: the wording itself says what
  to replace. (An empty spreadsheet id or URL would be a ``required`` error, which a
  template must not have.)
* **The two chat-menu templates.** The Main Menu (Conversation Opened) starts the Sub
  Menu (Manual trigger) with Trigger Another Workflow. The Sub Menu cannot start the Main
  Menu in return: Trigger Another Workflow only targets Manual-trigger workflows, and two
  workflows that start each other are a loop publish refuses (SPEC §5). So the Sub
  Menu's "Main menu" option shows the main menu itself — a copy of its question inside
  the Sub Menu, whose "Orders & FAQs" option jumps back to the sub menu (Jump To). Both
  publish side by side; keep the two main-menu questions alike when editing.
* "Use Template" creates a Draft named after the template, made unique like an import
  (``Welcome Message (2)``), refused at the workspace's workflow limit.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from wfstudio.domain.codec import ImportRefused, load
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.issues import REFERENCE_CODES, TRIGGER_ID
from wfstudio.domain.portability import strip_unknown_references
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.validation import validate
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.naming import MAX_DESCRIPTION_CHARS, unique_name
from wfstudio.services.views import WorkflowView
from wfstudio.services.workflows import insert_workflow, view
from wfstudio.services.workspace_limits import require_room_for_workflow
from wfstudio.store import repo
from wfstudio.store.db import Engine, session_scope

TEMPLATES_DIR_ENV: Final = "WFSTUDIO_TEMPLATES_DIR"
INDEX_FILE: Final = "index.json"
_FILE_NAME: Final = re.compile(r"^[a-z0-9][a-z0-9-]*\.json$")


@dataclass(frozen=True)
class TemplateView:
    """One card of the template gallery.

    Attributes:
        key: the file name without ``.json`` (stable; used to pick the template).
        name: the workflow name the template creates.
        category: its gallery category (one of :func:`template_categories`).
        description: what it does (the product page's sentence).
        trigger_kind: the kind of its trigger.
        step_kinds: the step kinds it uses, each once, in the order of its steps.
        step_count: how many steps it has.
        setup_steps: names of the steps (``Trigger`` for the trigger) that refer to
            workspace data; after "Use Template" those the workspace cannot satisfy
            show in red.
    """

    key: str
    name: str
    category: str
    description: str
    trigger_kind: str
    step_kinds: tuple[str, ...]
    step_count: int
    setup_steps: tuple[str, ...]


@dataclass(frozen=True)
class _Gallery:
    categories: tuple[str, ...]
    templates: tuple[tuple[TemplateView, WorkflowDefinition], ...]


def templates_dir() -> Path:
    """The folder the templates are read from (the env variable wins)."""
    override = os.environ.get(TEMPLATES_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parents[2] / "templates"


def list_templates() -> list[TemplateView]:
    """Every template, in gallery order.

    Raises:
        Refused: the templates folder or one of its files is missing or broken.
    """
    return [card for card, _ in _gallery(templates_dir()).templates]


def template_categories() -> tuple[str, ...]:
    """The gallery's categories, in display order."""
    return _gallery(templates_dir()).categories


def get_template(key: str) -> tuple[TemplateView, WorkflowDefinition]:
    """The card and the definition of template ``key``, or :class:`NotFound`."""
    for card, definition in _gallery(templates_dir()).templates:
        if card.key == key:
            return card, definition
    raise NotFound("This template does not exist.")


def use_template(
    engine: Engine,
    *,
    workspace_id: int,
    actor_id: int | None,
    key: str,
    now: datetime | None = None,
) -> WorkflowView:
    """Create a Draft from template ``key`` ("Use Template").

    References the workspace lacks are removed as on import, so those steps show as
    configuration errors; the name is made unique with " (2)", " (3)" …; refused at the
    workspace's workflow limit.
    """
    _, definition = get_template(key)
    now = now if now is not None else datetime.now(UTC)
    with session_scope(engine) as session:
        require_room_for_workflow(session, workspace_id)
        refs = repo.workspace_refs(session=session, workspace_id=workspace_id)
        definition, _removed = strip_unknown_references(definition, refs)
        definition = definition.replace(
            name=unique_name(session, workspace_id, definition.name),
            description=definition.description.strip()[:MAX_DESCRIPTION_CHARS],
        )
        return view(session, insert_workflow(session, workspace_id, actor_id, definition, now))


# --- reading the folder ------------------------------------------------------------------


@lru_cache(maxsize=8)
def _gallery(directory: Path) -> _Gallery:
    """The parsed folder (cached per path: bundled templates do not change while running)."""
    index = _read_index(directory)
    categories = _strings(index.get("categories"), "categories")
    entries = index.get("templates")
    if not isinstance(entries, list):
        raise _broken(directory / INDEX_FILE, '"templates" must be a list')
    templates: list[tuple[TemplateView, WorkflowDefinition]] = []
    for entry in entries:
        file_name, category = _entry(directory, entry, categories)
        if any(card.key == file_name.removesuffix(".json") for card, _ in templates):
            raise _broken(directory / INDEX_FILE, f"{file_name} is listed twice")
        templates.append(_read_template(directory / file_name, category))
    return _Gallery(categories=categories, templates=tuple(templates))


def _read_index(directory: Path) -> dict[str, Any]:
    path = directory / INDEX_FILE
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise Refused(
            f"The workflow templates are missing: {path} cannot be read. Set "
            f"{TEMPLATES_DIR_ENV} to the folder that holds the templates."
        ) from None
    except ValueError as error:
        raise _broken(path, f"not valid JSON ({error})") from None
    if not isinstance(index, dict):
        raise _broken(path, "it must be a JSON object")
    return index


def _strings(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Refused(f'The template index is broken: "{what}" must be a list of names.')
    return tuple(value)


def _entry(directory: Path, entry: object, categories: tuple[str, ...]) -> tuple[str, str]:
    """The file name and category of one index entry, checked."""
    index = directory / INDEX_FILE
    if not isinstance(entry, dict):
        raise _broken(index, "each template entry must be an object")
    file_name, category = entry.get("file"), entry.get("category")
    if not isinstance(file_name, str) or not _FILE_NAME.match(file_name):
        raise _broken(index, f"{file_name!r} is not a template file name like away-message.json")
    if category not in categories:
        raise _broken(index, f"{file_name} has the unknown category {category!r}")
    assert isinstance(category, str)
    return file_name, category


def _read_template(path: Path, category: str) -> tuple[TemplateView, WorkflowDefinition]:
    try:
        definition = load(path.read_bytes())
    except OSError:
        raise _broken(path, "the file cannot be read") from None
    except ImportRefused as refusal:
        raise _broken(path, str(refusal)) from None
    card = TemplateView(
        key=path.stem,
        name=definition.name,
        category=category,
        description=definition.description,
        trigger_kind=definition.trigger.kind if definition.trigger is not None else "",
        step_kinds=tuple(dict.fromkeys(step.kind for step in definition.steps)),
        step_count=len(definition.steps),
        setup_steps=_setup_steps(definition),
    )
    return card, definition


def _setup_steps(definition: WorkflowDefinition) -> tuple[str, ...]:
    """Names of the trigger/steps with reference issues in a workspace that has nothing."""
    flagged = {
        issue.step_id
        for issue in validate(definition, WorkspaceRefs())
        if issue.code in REFERENCE_CODES
    }
    names = ["Trigger"] if TRIGGER_ID in flagged else []
    names += [step.name for step in definition.steps if step.id in flagged]
    return tuple(names)


def _broken(path: Path, problem: str) -> Refused:
    return Refused(f"The workflow template {path.name} is broken: {problem}")
