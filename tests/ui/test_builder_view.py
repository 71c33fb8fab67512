"""What the canvas and the ⚠ list show for a definition."""

from __future__ import annotations

from wfstudio.domain.definition import Position, Step, Trigger, WorkflowDefinition
from wfstudio.domain.validation import validate
from wfstudio.ui.pages.builder_view import (
    IssueRow,
    canvas_edges,
    canvas_nodes,
    errors_by_step,
    issue_rows,
)


def _workflow() -> WorkflowDefinition:
    return WorkflowDefinition(
        name="Router",
        trigger=Trigger(kind="conversation_opened", next="route"),
        steps=(
            Step(
                id="route",
                kind="branch",
                name="Route",
                config={
                    "branches": [
                        {
                            "rules": [
                                {"category": "tags", "operator": "has_any_of", "value": ["vip"]}
                            ]
                        }
                    ]
                },
                next={"branch_1": "hi", "else": "jump"},
            ),
            Step(id="hi", kind="send_message", name="Hi", config={"text": ""}),
            Step(id="jump", kind="jump_to", name="Again", config={"target": "route"}),
        ),
        layout={"hi": Position(x=500, y=40)},
    )


def _by_id(nodes: list[dict]) -> dict[str, dict]:
    return {node["id"]: node for node in nodes}


def test_nodes_show_kind_name_summary_ports_and_errors() -> None:
    defn = _workflow()
    nodes = _by_id(canvas_nodes(defn, errors_by_step(validate(defn))))
    assert list(nodes) == ["trigger", "route", "hi", "jump"]
    trigger = nodes["trigger"]["data"]
    assert (trigger["caption"], trigger["name"], trigger["icon"]) == (
        "Trigger",
        "Conversation Opened",
        "message-square-plus",
    )
    assert trigger["ports"] == [{"name": "next", "label": "", "open": False}]
    route = nodes["route"]["data"]
    assert (route["caption"], route["name"], route["summary"]) == (
        "Branch",
        "Route",
        "1 branch + else",
    )
    assert route["ports"] == [
        {"name": "branch_1", "label": "Branch 1", "open": False},
        {"name": "else", "label": "Else", "open": False},
    ]
    hi = nodes["hi"]["data"]
    assert hi["error"] and "required" in hi["errors"]
    assert hi["ports"] == [{"name": "success", "label": "Success", "open": True}]
    assert "error" not in route and "counters" not in hi
    # A node placed by hand stays there; the others are laid out as a tree.
    assert nodes["hi"]["position"] == {"x": 500, "y": 40}
    assert nodes["trigger"]["position"] == {"x": 0.0, "y": 0.0}
    assert nodes["route"]["position"]["y"] > 0


def test_a_workflow_without_a_trigger_shows_the_choose_a_trigger_node() -> None:
    nodes = canvas_nodes(WorkflowDefinition(name="New"), {})
    assert nodes == [
        {
            "id": "trigger",
            "type": "wfstep",
            "position": {"x": 0.0, "y": 0.0},
            "data": {"trigger": True, "empty": True, "caption": "Trigger", "ports": []},
        }
    ]


def test_counters_are_shown_for_every_step() -> None:
    nodes = _by_id(canvas_nodes(_workflow(), {}, {"hi": (5, 1, 4)}))
    assert nodes["hi"]["data"]["counters"] == [5, 1, 4]
    assert nodes["route"]["data"]["counters"] == [0, 0, 0]
    assert "counters" not in nodes["trigger"]["data"]


def test_edges_are_labelled_with_their_ports_and_jumps_are_dashed() -> None:
    edges = {edge["id"]: edge for edge in canvas_edges(_workflow())}
    assert set(edges) == {"trigger:next", "route:branch_1", "route:else", "jump:jump"}
    assert edges["route:branch_1"] == {
        "id": "route:branch_1",
        "source": "route",
        "sourceHandle": "branch_1",
        "target": "hi",
        "targetHandle": "in",
        "label": "Branch 1",
        "type": "smoothstep",
    }
    assert edges["trigger:next"]["label"] == ""
    assert edges["jump:jump"]["jump"] and edges["jump:jump"]["target"] == "route"


def test_the_issue_list_has_one_row_per_place_in_order() -> None:
    defn = _workflow().replace(trigger=None)
    defn = defn.replace(steps=(*defn.steps, Step(id="dup", kind="send_message", name="Hi")))
    rows = issue_rows(defn, validate(defn))
    assert [row.step_id for row in rows] == ["hi", "dup", ""]
    assert rows[0] == IssueRow("hi", "Hi", "The message text is required.")
    assert rows[-1].title == "Workflow"


def test_assign_to_nodes_name_the_user_and_team_not_their_keys() -> None:
    defn = WorkflowDefinition(
        name="Assign",
        trigger=Trigger(kind="conversation_opened", next="a"),
        steps=(
            Step(
                id="a",
                kind="assign_to",
                name="To Dana",
                config={"action": "specific_user", "user": "u_dana"},
                next={"success": "b"},
            ),
            Step(id="b", kind="assign_to", name="Sales", config={"action": "team", "team": "t1"}),
            Step(id="c", kind="assign_to", name="Gone", config={"action": "team", "team": "old"}),
        ),
    )
    names = {"user": {"u_dana": "Dana Lee"}, "team": {"t1": "Sales team"}}
    summaries = {n["id"]: n["data"]["summary"] for n in canvas_nodes(defn, {}, None, names)}
    assert summaries["a"] == "Assign to Dana Lee"
    assert summaries["b"] == "Round robin in team Sales team"
    assert summaries["c"] == "Round robin in team old"  # a key with no name shows as is
    # without names (a template preview) the keys show, and the definition is unchanged
    assert canvas_nodes(defn, {})[1]["data"]["summary"] == "Assign to u_dana"
    assert defn.steps[0].config["user"] == "u_dana"
