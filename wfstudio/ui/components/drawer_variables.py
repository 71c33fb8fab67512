"""What the drawer offers beside the fields: ``$variables``, dropdown options, issues.

Pure functions of the definition, the workspace choices and the validation issues, so
the drawer state only calls them and stores the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID, Issue
from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.domain.variables import is_variable_name
from wfstudio.services.workspace import WorkspaceChoices

CONTACT_VARIABLES = ("firstname", "lastname", "name", "email", "phone", "country", "language", "id")
ASSIGNEE_VARIABLES = ("name", "email")
SYSTEM_VARIABLES = ("current_datetime", "current_date", "current_time")

Options = list[dict[str, str]]


def earlier_steps(defn: WorkflowDefinition, step_id: str) -> list[Step]:
    """The steps from which ``step_id`` can be reached (by ports or jumps), in order."""
    leads_to: dict[str, set[str]] = {}
    for step in defn.steps:
        targets = set(step.next.values())
        if step.kind == "jump_to" and isinstance(step.config.get("target"), str):
            targets.add(str(step.config["target"]))
        for target in targets:
            leads_to.setdefault(target, set()).add(step.id)
    seen: set[str] = set()
    todo = [step_id]
    while todo:
        for before in leads_to.get(todo.pop(), set()):
            if before not in seen:
                seen.add(before)
                todo.append(before)
    return [step for step in defn.steps if step.id in seen and step.id != step_id]


def step_variables(step: Step) -> list[str]:
    """The ``$var`` names a step sets: a question's answer, an HTTP request's mappings."""
    config = step.config
    names: list[Any] = []
    if step.kind == "ask_question" and config.get("save_to_variable"):
        names.append(config.get("variable"))
    elif step.kind == "http_request":
        mappings = config.get("response_mappings")
        for mapping in mappings if isinstance(mappings, list) else []:
            names.append(mapping.get("variable") if isinstance(mapping, dict) else None)
        if config.get("save_status"):
            names.append(config.get("status_variable"))
    cleaned = [name.strip() for name in names if isinstance(name, str)]
    return list(dict.fromkeys(name for name in cleaned if is_variable_name(name)))


def trigger_variables(defn: WorkflowDefinition) -> list[str]:
    trigger = defn.trigger
    spec = TRIGGERS.get(trigger.kind) if trigger is not None else None
    if trigger is None or spec is None:
        return []
    config = spec.parse_or_none(trigger.config)
    return spec.variables(config) if config is not None else []


def variable_groups(
    defn: WorkflowDefinition, target: str, choices: WorkspaceChoices
) -> list[dict[str, Any]]:
    """The "$ Insert variable" menu: ``[{"label": "Contact", "items": ["$contact.name", …]}]``."""
    custom = [field.key for field in choices.fields if field.key not in STANDARD_FIELDS]
    contact = [*CONTACT_VARIABLES, *(key for key in custom if key not in CONTACT_VARIABLES)]
    groups = [
        ("Contact", [f"$contact.{name}" for name in contact]),
        ("Assignee", [f"$assignee.{name}" for name in ASSIGNEE_VARIABLES]),
        ("System", [f"$system.{name}" for name in SYSTEM_VARIABLES]),
        (
            "Trigger",
            [f"${name}" for name in flow_variables(defn, target) if name.startswith("trigger.")],
        ),
        (
            "Workflow",
            [f"${name}" for name in flow_variables(defn, target) if name.startswith("var.")],
        ),
    ]
    return [{"label": label, "items": items} for label, items in groups if items]


def flow_variables(defn: WorkflowDefinition, target: str) -> list[str]:
    """``trigger.<name>`` and ``var.<name>`` known at ``target`` (as conditions name them)."""
    names = [f"trigger.{name}" for name in trigger_variables(defn)]
    if target != TRIGGER_ID:
        for step in earlier_steps(defn, target):
            names += [f"var.{name}" for name in step_variables(step)]
    return list(dict.fromkeys(names))


def menus(defn: WorkflowDefinition, target: str, choices: WorkspaceChoices) -> dict[str, Any]:
    """Everything the menus of ``target``'s form offer, by :class:`DrawerState` var name."""
    lists = {**choice_lists(choices), "steps": step_options(defn, target)}
    return {
        "lists": lists,
        "labels": labels_of(lists),
        "variables": variable_groups(defn, target, choices),
        "flow_variables": flow_variables(defn, target),
        "field_types": {field.key: field.type for field in choices.fields},
    }


def _options(pairs: Iterable[tuple[str, str]]) -> Options:
    return [{"key": key, "label": label} for key, label in pairs if key]


def choice_lists(choices: WorkspaceChoices) -> dict[str, Options]:
    """Every dropdown source of the forms (``Pick.source``) as ``[{"key", "label"}]``."""
    return {
        "channels": _options((c.key, f"{c.name} ({c.kind})") for c in choices.channels),
        "users": _options((u.key, u.name) for u in choices.users),
        "teams": _options((t.key, t.name) for t in choices.teams),
        "fields": _options((f.key, f.label) for f in choices.fields),
        "tags": _options((t.key, t.label) for t in choices.tags),
        "lifecycle_stages": _options((s.key, s.label) for s in choices.lifecycle_stages),
        "closing_categories": _options((c.key, c.label) for c in choices.closing_categories),
        "manual_workflows": _options((w.key, w.name) for w in choices.manual_workflows),
        "sheet_credentials": _options((c.key, c.label) for c in choices.sheet_credentials),
    }


def step_options(defn: WorkflowDefinition, target: str) -> Options:
    """The steps a Jump To may target: every other step, by name."""
    return _options((step.id, step.name or step.id) for step in defn.steps if step.id != target)


def labels_of(lists: Mapping[str, Options]) -> dict[str, str]:
    """``"<source>:<key>"`` → label, for the badges of multi-choice fields."""
    return {
        f"{source}:{item['key']}": item["label"]
        for source, items in lists.items()
        for item in items
    }


_FRIENDLY = (
    ("valid integer", "Enter a whole number."),
    ("valid number", "Enter a number."),
)


def _detail(issue: Issue) -> str:
    text = issue.detail or issue.message
    for needle, friendly in _FRIENDLY:
        if needle in text:
            return friendly
    return text


def issues_by_field(
    issues: Iterable[Issue], target: str, slot: Callable[[str], str | None]
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The issues of ``target``: ``{issue line path: text}`` for those shown under a
    control (``slot`` tells where), and the others, shown at the top, as
    ``{"text", "tone"}`` (``red`` for errors, ``amber`` for warnings)."""
    placed: dict[str, str] = {}
    general: list[dict[str, str]] = []
    for issue in issues:
        if issue.step_id != target:
            continue
        text = _detail(issue)
        where = slot(issue.field) if issue.field else None
        if where is None:
            general.append({"text": text, "tone": "red" if issue.is_error else "amber"})
        else:
            placed[where] = f"{placed[where]} {text}" if where in placed else text
    return placed, general


def kind_label(kind: str, *, trigger: bool) -> tuple[str, str]:
    """The label and icon of ``kind``."""
    spec = (TRIGGERS if trigger else STEPS).get(kind)
    return (spec.label, spec.icon) if spec is not None else (kind, "circle-help")
