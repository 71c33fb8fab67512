"""The configuration drawer's pure parts: edits by path, value coercion, new rows,
condition reshaping, durations, copies of steps and triggers, and the variables and
lists its menus offer (the forms are tested in ``test_drawer_forms``)."""

from __future__ import annotations

from typing import Any

import pytest

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.services.workspace import (
    ChannelChoice,
    FieldView,
    Option,
    WorkflowChoice,
    WorkspaceChoices,
)
from wfstudio.ui.components import drawer_docs as docs
from wfstudio.ui.components import drawer_edits as edits
from wfstudio.ui.components import drawer_variables as dv

ASK = STEPS["ask_question"]
ASK_FIELDS = edits.root_fields(ASK, trigger=False)
BRANCH_FIELDS = edits.root_fields(STEPS["branch"], trigger=False)
TAG_TRIGGER_FIELDS = edits.root_fields(TRIGGERS["contact_tag_updated"], trigger=True)


def _ask_doc(**config: Any) -> dict[str, Any]:
    return {"name": "Ask", "config": {**ASK.default_config(), **config}}


# --- paths ---------------------------------------------------------------------------


def test_paths_split_read_and_write_without_touching_the_original() -> None:
    assert edits.split_path("config.options.2.text") == ["config", "options", 2, "text"]
    doc = _ask_doc(options=[{"text": "Yes", "tag": ""}, {"text": "No", "tag": ""}])
    assert edits.get_at(doc, "config.options.1.text") == "No"
    assert edits.get_at(doc, "config.options.5.text") is None
    assert edits.get_at(doc, "config.text.nope") is None
    changed = edits.set_at(doc, "config.options.1.text", "Maybe")
    assert changed["config"]["options"][1]["text"] == "Maybe"
    assert doc["config"]["options"][1]["text"] == "No"
    assert edits.set_at({}, "config.text", "Hi") == {"config": {"text": "Hi"}}
    with pytest.raises(KeyError):
        edits.set_at(doc, "config.options.9.text", "x")


def test_annotations_follow_models_lists_and_optionals() -> None:
    along = edits.annotations_along(ASK_FIELDS, "config.options.0.text")
    assert along[-1] is str
    assert edits.annotations_along(ASK_FIELDS, "config.unknown")[-1] is Any


# --- coercion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "raw", "expected"),
    [
        ("config.retries", "3", 3),
        ("config.retries", " 4 ", 4),
        ("config.retries", "2.5", "2.5"),  # kept as typed: validation reports it
        ("config.retries", "abc", "abc"),
        ("config.min_value", "", None),
        ("config.min_value", "1.5", 1.5),
        ("config.min_value", "2", 2.0),
        ("config.save_to_field", True, True),
        ("config.save_to_field", "false", False),
        ("config.question_type", "number", "number"),
        ("config.text", None, ""),
        ("config.field", edits.NONE, ""),
        ("name", "Ask email", "Ask email"),
    ],
)
def test_values_are_coerced_to_the_declared_type(path: str, raw: Any, expected: Any) -> None:
    value = edits.get_at(edits.edit(_ask_doc(), ASK_FIELDS, path, raw), path)
    assert value == expected
    assert type(value) is type(expected)


def test_a_text_area_of_lines_becomes_a_list() -> None:
    fields = edits.root_fields(TRIGGERS["shortcut"], trigger=True)
    doc = {"kind": "shortcut", "config": {"fields": [{"options": []}]}}
    changed = edits.edit(doc, fields, "config.fields.0.options", "Red\n\n  Blue \n")
    assert changed["config"]["fields"][0]["options"] == ["Red", "Blue"]


def test_new_rows_start_from_the_item_model() -> None:
    def new(fields: dict[str, Any], path: str) -> Any:
        return edits.new_item(edits.annotations_along(fields, path)[-1])

    assert new(ASK_FIELDS, "config.options") == {"text": "", "tag": ""}
    assert new(BRANCH_FIELDS, "config.branches") == {"join": "and", "rules": []}
    assert new(BRANCH_FIELDS, "config.branches.0.rules")["operator"] == "equals"
    hours = edits.root_fields(STEPS["date_time"], trigger=False)
    assert new(hours, "config.business_hours.saturday") == {"start": "09:00", "end": "17:00"}
    assert new(hours, "config.holidays") == ""
    headers = edits.root_fields(STEPS["http_request"], trigger=False)
    assert new(headers, "config.headers") == {"name": "", "value": ""}


def test_conditions_reshape_their_value_with_the_operator() -> None:
    rule = {"category": "contact_field", "field": "email", "operator": "equals", "value": "a"}
    doc = {
        "kind": "contact_tag_updated",
        "config": {},
        "conditions": {"join": "and", "rules": [rule]},
    }
    path = "conditions.rules.0"
    between = edits.edit(doc, TAG_TRIGGER_FIELDS, f"{path}.operator", "between")
    assert edits.get_at(between, f"{path}.value") == ["a", ""]
    bound = edits.edit(between, TAG_TRIGGER_FIELDS, f"{path}.value.1", "z")
    assert edits.get_at(bound, f"{path}.value") == ["a", "z"]
    listed = edits.edit(doc, TAG_TRIGGER_FIELDS, f"{path}.operator", "has_any_of")
    assert edits.get_at(listed, f"{path}.value") == ["a"]
    typed = edits.edit(listed, TAG_TRIGGER_FIELDS, f"{path}.value", "x, y ,,z")
    assert edits.get_at(typed, f"{path}.value") == ["x", "y", "z"]
    gone = edits.edit(doc, TAG_TRIGGER_FIELDS, f"{path}.operator", "exists")
    assert edits.get_at(gone, f"{path}.value") is None
    back = edits.edit(typed, TAG_TRIGGER_FIELDS, f"{path}.operator", "equals")
    assert edits.get_at(back, f"{path}.value") == "x"
    tags = edits.edit(doc, TAG_TRIGGER_FIELDS, f"{path}.category", "tags")
    assert edits.get_at(tags, path) == {
        "category": "tags",
        "field": "",
        "operator": "has_any_of",
        "value": [],
    }
    branch = {"name": "B", "config": {"branches": [{"join": "and", "rules": [rule]}]}}
    changed = edits.edit(branch, BRANCH_FIELDS, "config.branches.0.rules.0.field", "phone")
    assert changed["config"]["branches"][0]["rules"][0]["field"] == "phone"


def test_changing_the_field_resets_an_operator_that_no_longer_fits() -> None:
    types = WorkspaceRefs(
        fields={"birthday": "date", "visits": "number", "interests": "list"}
    ).field_type
    rule = {
        "category": "contact_field",
        "field": "visits",
        "operator": "between",
        "value": ["1", "5"],
    }
    doc = {"name": "B", "config": {"branches": [{"join": "and", "rules": [rule]}]}}
    path = "config.branches.0.rules.0"
    dated = edits.edit(doc, BRANCH_FIELDS, f"{path}.field", "birthday", types)
    assert edits.get_at(dated, path)["operator"] == "between"  # fits dates too: kept
    text = edits.edit(dated, BRANCH_FIELDS, f"{path}.field", "firstname", types)
    assert edits.get_at(text, path) == {
        "category": "contact_field",
        "field": "firstname",
        "operator": "equals",
        "value": "1",
    }
    listed = edits.edit(text, BRANCH_FIELDS, f"{path}.field", "interests", types)
    assert edits.get_at(listed, path)["operator"] == "equals"  # a list field may equal
    before = edits.edit(dated, BRANCH_FIELDS, f"{path}.operator", "before")
    numbered = edits.edit(before, BRANCH_FIELDS, f"{path}.field", "visits", types)
    assert edits.get_at(numbered, path)["operator"] == "equals"


def test_list_helpers() -> None:
    assert edits.toggled(["a", "b"], "a") == ["b"]
    assert edits.toggled(["a"], "b") == ["a", "b"]
    assert edits.toggled(None, "a") == ["a"]
    assert edits.appended_variable("Hi", "$contact.name") == "Hi $contact.name"
    assert edits.appended_variable("Hi ", "$contact.name") == "Hi $contact.name"
    assert edits.appended_variable("", "$contact.name") == "$contact.name"


def test_durations_show_in_the_largest_exact_unit() -> None:
    assert docs.best_unit(7 * 86_400) == "days"
    assert docs.best_unit(5_400) == "minutes"
    assert docs.best_unit(90) == "seconds"
    assert docs.best_unit("x") == "minutes"
    assert docs.amount_text(7 * 86_400, "days") == "7"
    assert docs.amount_text(90, "minutes") == "1.5"
    assert docs.seconds_of("2", "hours") == 7_200
    assert docs.seconds_of("1.5", "minutes") == 90
    assert docs.seconds_of("soon", "hours") == "soon"


# --- copies of steps and triggers ----------------------------------------------------


def _flow() -> WorkflowDefinition:
    return WorkflowDefinition(
        name="W",
        trigger=Trigger(
            kind="incoming_webhook",
            config={"identifier_key": "email", "mappings": [{"key": "o.id", "variable": "order"}]},
            next="ask",
        ),
        steps=(
            Step(
                id="ask",
                kind="ask_question",
                name="Ask",
                config={"text": "Email?", "save_to_variable": True, "variable": "answer"},
                next={"answered": "call"},
            ),
            Step(
                id="call",
                kind="http_request",
                name="Call",
                config={
                    "url": "https://x.test",
                    "response_mappings": [{"path": "$.id", "variable": "remote_id"}],
                    "save_status": True,
                    "status_variable": "status",
                },
                next={"success": "send"},
            ),
            Step(id="send", kind="send_message", name="Send", config={"text": "Hi"}),
            Step(id="lost", kind="send_message", name="Lost", config={"text": "?"}),
        ),
    )


def test_copies_are_full_and_go_back_in_place() -> None:
    defn = _flow()
    kind, doc = docs.doc_of(defn, "ask")
    assert kind == "ask_question"
    assert doc["name"] == "Ask" and doc["config"]["retries"] == 2  # defaults filled in
    changed = docs.with_doc(defn, "ask", edits.set_at(doc, "config.text", "Phone?"))
    assert changed.step("ask").config["text"] == "Phone?"  # type: ignore[union-attr]
    kind, trigger = docs.doc_of(defn, "trigger")
    assert kind == "incoming_webhook" and trigger["conditions"] == {"join": "and", "rules": []}
    switched = docs.trigger_doc_for("manual", {**trigger, "once_per_contact": True})
    assert switched["config"] == {} and switched["once_per_contact"] is False
    assert docs.with_doc(defn, "trigger", switched).trigger.kind == "manual"  # type: ignore[union-attr]
    assert docs.doc_of(WorkflowDefinition(name="W"), "trigger") == ("", docs.empty_trigger())


def test_variables_offered_are_those_known_at_the_step() -> None:
    defn = _flow()
    assert [s.id for s in dv.earlier_steps(defn, "send")] == ["ask", "call"]
    assert dv.flow_variables(defn, "send") == [
        "trigger.order",
        "var.answer",
        "var.remote_id",
        "var.status",
    ]
    assert dv.flow_variables(defn, "ask") == ["trigger.order"]
    groups = {g["label"]: g["items"] for g in dv.variable_groups(defn, "lost", choices())}
    assert "$contact.firstname" in groups["Contact"] and "$contact.city" in groups["Contact"]
    assert groups["Assignee"][0] == "$assignee.name"
    assert "$system.current_datetime" in groups["System"]
    assert groups["Trigger"] == ["$trigger.order"]
    assert "Workflow" not in groups  # nothing leads to "lost"


def test_choice_lists_and_labels() -> None:
    lists = dv.choice_lists(choices())
    assert lists["manual_workflows"] == [{"key": "follow-up", "label": "Follow up"}]
    assert lists["channels"] == [{"key": "wa", "label": "WhatsApp (whatsapp)"}]
    assert dv.labels_of(lists)["tags:vip"] == "VIP"
    assert dv.menus(_flow(), "ask", choices())["field_types"] == {
        "firstname": "text",
        "city": "text",
    }
    steps = dv.step_options(_flow(), "ask")
    assert {"key": "call", "label": "Call"} in steps and all(s["key"] != "ask" for s in steps)


def choices() -> WorkspaceChoices:
    return WorkspaceChoices(
        channels=(ChannelChoice("wa", "WhatsApp", "whatsapp"),),
        users=(),
        teams=(),
        fields=(
            FieldView("firstname", "First name", "text", True),
            FieldView("city", "City", "text"),
        ),
        tags=(Option("vip", "VIP"),),
        lifecycle_stages=(Option("lead", "Lead"),),
        closing_categories=(Option("solved", "Solved"),),
        workflows=(
            WorkflowChoice("follow-up", "Follow up", "manual"),
            WorkflowChoice("welcome", "Welcome", "conversation_opened"),
        ),
        sheet_credentials=(),
    )


def test_rows_move_and_clone_with_their_order() -> None:
    doc = {"name": "B", "config": {"options": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}}
    moved, order = edits.with_row_moved(doc, "config.options", 2, 1)
    assert [o["text"] for o in moved["config"]["options"]] == ["a", "c", "b"]
    assert order == [0, 2, 1]
    assert edits.with_row_moved(doc, "config.options", 0, -1) == (doc, [0, 1, 2])
    cloned, order = edits.with_row_cloned(doc, "config.options", 0)
    assert [o["text"] for o in cloned["config"]["options"]] == ["a", "a", "b", "c"]
    assert order == [0, None, 1, 2]
    assert cloned["config"]["options"][1] is not cloned["config"]["options"][0]
    assert edits.removal_order(3, 1) == [0, 2]
