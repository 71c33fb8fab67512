"""Every trigger and step kind has a drawer form that covers each field of its config
model, shows each validation issue beside a field, and renders."""

from __future__ import annotations

import inspect
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel
from reflex_components_core.core.foreach import Foreach

from tests.ui.test_drawer import choices
from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.domain.kinds import KindSpec
from wfstudio.domain.validation import validate
from wfstudio.ui.components import drawer_edits as edits
from wfstudio.ui.components import drawer_fields as f
from wfstudio.ui.components import drawer_variables as dv
from wfstudio.ui.components.drawer import drawer
from wfstudio.ui.components.drawer_forms import STEP_FORMS, TRIGGER_FORMS, issue_slot


def _item_model(annotation: Any) -> type[BaseModel]:
    item = edits.item_type(edits.unwrap_optional(annotation)[0])
    assert isinstance(item, type) and issubclass(item, BaseModel)
    return item


def _literal_values(annotation: Any) -> set[str]:
    inner = edits.unwrap_optional(annotation)[0]
    if get_origin(inner) in (tuple, list):
        inner = edits.item_type(inner)
    assert get_origin(inner) is Literal, annotation
    return set(get_args(inner))


ALL_FORMS = [(kind, spec, STEP_FORMS) for kind, spec in STEPS.items()] + [
    (kind, spec, TRIGGER_FORMS) for kind, spec in TRIGGERS.items()
]


def test_every_step_and_trigger_kind_has_a_form() -> None:
    assert set(STEP_FORMS) == set(STEPS)
    assert set(TRIGGER_FORMS) == set(TRIGGERS)


@pytest.mark.parametrize(("kind", "spec", "forms"), ALL_FORMS, ids=[k for k, _, _ in ALL_FORMS])
def test_every_config_field_is_covered_by_the_form(
    kind: str, spec: KindSpec[Any], forms: dict[str, f.Form]
) -> None:
    form = forms[kind]
    model_fields = spec.config_model.model_fields
    keys = [field.key for field in form]
    assert len(keys) == len(set(keys)), f"{kind}: a field is listed twice"
    assert set(keys) == set(model_fields), f"{kind}: form and model differ"
    sources = {*dv.choice_lists(choices()), "steps"}
    for field in form:
        annotation = model_fields[field.key].annotation
        if isinstance(field, f.Rows):
            columns = {column.key for column in field.columns}
            assert columns == set(_item_model(annotation).model_fields), f"{kind}.{field.key}"
        if isinstance(field, f.Choice | f.Checks) and annotation is not str:  # str: the icon
            assert {value for value, _ in field.options} == _literal_values(annotation)
        if isinstance(field, f.Pick | f.PickMany):
            assert field.source in sources
        if field.when is not None and not field.when.row:
            assert field.when.key in model_fields, f"{kind}.{field.key}: unknown when key"


@pytest.mark.parametrize(("kind", "spec", "forms"), ALL_FORMS, ids=[k for k, _, _ in ALL_FORMS])
def test_issues_of_a_new_step_or_trigger_show_under_a_field(
    kind: str, spec: KindSpec[Any], forms: dict[str, f.Form]
) -> None:
    trigger = forms is TRIGGER_FORMS
    if trigger:
        defn = WorkflowDefinition(
            name="W",
            trigger=Trigger(kind=kind, config=spec.default_config(), next="s1"),
            steps=(Step(id="s1", kind="open_conversation", name="Open"),),
        )
        target = "trigger"
    else:
        defn = WorkflowDefinition(
            name="W",
            trigger=Trigger(kind="manual", next="s1"),
            steps=(Step(id="s1", kind=kind, name="", config=spec.default_config()),),
        )
        target = "s1"
    issues = validate(defn)
    placed, general = dv.issues_by_field(
        issues, target, lambda path: issue_slot(path, kind, trigger=trigger)
    )
    assert general == [], f"{kind}: shown only at the top: {general}"
    if not trigger:
        assert "name" in placed


def test_issue_slots() -> None:
    assert issue_slot("config.text", "ask_question", trigger=False) == "config.text"
    assert issue_slot("config.options.2.text", "ask_question", trigger=False) == (
        "config.options.2.text"
    )
    assert issue_slot("config.options.2", "ask_question", trigger=False) == "config.options.2"
    assert issue_slot("config.tags.1", "update_contact_tag", trigger=False) == "config.tags"
    assert issue_slot("next.success", "send_message", trigger=False) is None
    assert issue_slot("conditions.rules.0.value.2", "manual", trigger=True) == (
        "conditions.rules.0.value"
    )
    assert issue_slot("config.branches.0.rules.1.value.0", "branch", trigger=False) == (
        "config.branches.0.rules.1.value"
    )
    assert issue_slot("config.business_hours.monday.0.end", "date_time", trigger=False) == (
        "config.business_hours.monday.0.end"
    )
    assert issue_slot("config.fields.0.options.3", "shortcut", trigger=True) == (
        "config.fields.0.options"
    )


def test_invalid_numbers_read_as_sentences() -> None:
    defn = WorkflowDefinition(
        name="W",
        trigger=Trigger(kind="manual", next="s1"),
        steps=(Step(id="s1", kind="ask_question", name="Q", config={"text": "?", "retries": "x"}),),
    )
    placed, _ = dv.issues_by_field(
        validate(defn), "s1", lambda path: issue_slot(path, "ask_question", trigger=False)
    )
    assert placed == {"config.retries": "Enter a whole number."}


def test_the_drawer_renders() -> None:
    assert drawer().render()


def _children(component: Any) -> list[Any]:
    found = list(getattr(component, "children", []) or [])
    for case in getattr(component, "match_cases", []) or []:
        found += [part for part in case if hasattr(part, "children")]
    default = getattr(component, "default", None)
    if default is not None and hasattr(default, "children"):
        found.append(default)
    return found


def test_nested_lists_name_their_items_apart() -> None:
    """Reflex names a foreach's JS variables after the render function's parameters, so
    a nested foreach reusing a name would shadow the outer one (paths would point at
    the wrong row)."""

    def walk(component: Any, active: frozenset[str]) -> int:
        count = 0
        if isinstance(component, Foreach):
            names = frozenset(inspect.signature(component.render_fn).parameters)
            assert not names & active, f"nested foreach reuses {names & active}"
            active, count = active | names, 1
        return count + sum(walk(child, active) for child in _children(component))

    assert walk(drawer(), frozenset()) > 10
