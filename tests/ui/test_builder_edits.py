"""The builder's edits: add, connect, disconnect, move, delete, paste, apply."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wfstudio.domain import graph
from wfstudio.domain.catalogue import STEPS
from wfstudio.domain.definition import Position, Step, Trigger, WorkflowDefinition
from wfstudio.ui.pages import builder_edits as edits
from wfstudio.ui.pages.builder_view import positions


def _workflow() -> WorkflowDefinition:
    """trigger → hi → ask (answered → thanks, timeout → bye)."""
    return WorkflowDefinition(
        name="Greeter",
        trigger=Trigger(kind="conversation_opened", next="hi"),
        steps=(
            Step(
                id="hi",
                kind="send_message",
                name="Hi",
                config={"text": "Hi"},
                next={"success": "ask"},
            ),
            Step(
                id="ask",
                kind="ask_question",
                name="Ask",
                config={"text": "Email?", "question_type": "email", "timeout_branch": True},
                next={"answered": "thanks", "timeout": "bye"},
            ),
            Step(id="thanks", kind="send_message", name="Thanks", config={"text": "Thanks"}),
            Step(id="bye", kind="close_conversation", name="Bye"),
        ),
        layout={"hi": Position(x=10, y=20)},
    )


def test_a_new_step_gets_a_readable_id_a_unique_name_and_the_port() -> None:
    empty = WorkflowDefinition(name="New", trigger=Trigger(kind="manual"))
    first, first_id = edits.add_step(empty, "trigger", "next", "send_message")
    second, second_id = edits.add_step(first, first_id, "success", "send_message")
    assert (first_id, second_id) == ("send_message_1", "send_message_2")
    assert first.trigger is not None and first.trigger.next == "send_message_1"
    assert [s.name for s in second.steps] == ["Send a Message", "Send a Message 2"]
    step = second.step("send_message_1")
    assert step is not None and step.next == {"success": "send_message_2"}
    added = second.step("send_message_2")
    assert added is not None and added.next == {} and added.config["text"] == ""


def test_the_trigger_is_chosen_and_changed_without_losing_the_first_step() -> None:
    chosen = edits.set_trigger(WorkflowDefinition(name="New"), "contact_tag_updated")
    assert chosen.trigger is not None and chosen.trigger.kind == "contact_tag_updated"
    changed = edits.set_trigger(_workflow(), "manual")
    assert changed.trigger is not None and changed.trigger.next == "hi"


def test_connect_and_disconnect_ports() -> None:
    defn = edits.disconnect(_workflow(), "ask", "timeout")
    assert defn.step("ask").next == {"answered": "thanks"}  # type: ignore[union-attr]
    defn = edits.connect(defn, "ask", "timeout", "thanks")
    assert defn.step("ask").next == {"answered": "thanks", "timeout": "thanks"}  # type: ignore[union-attr]
    defn = edits.connect(defn, "trigger", "next", "ask")
    assert defn.trigger is not None and defn.trigger.next == "ask"
    assert edits.disconnect(defn, "trigger", "next").trigger.next is None  # type: ignore[union-attr]
    # Nothing leads to the trigger, to itself or to a step that does not exist.
    for target in ("trigger", "ask", "nope"):
        assert edits.connect(defn, "ask", "answered", target) == defn


def test_moved_nodes_keep_their_positions_in_the_layout() -> None:
    defn = edits.move(_workflow(), {"ask": (100.4, 200.6), "trigger": (0, -10), "nope": (1, 1)})
    assert defn.layout == {
        "hi": Position(x=10, y=20),
        "ask": Position(x=100, y=201),
        "trigger": Position(x=0, y=-10),
    }


def test_deleting_steps_cuts_every_connection_to_them() -> None:
    defn = _workflow()
    gone = graph.descendants_to_delete(defn, "hi")
    assert gone == ["hi", "ask", "thanks", "bye"]
    left = edits.delete_steps(defn, ["ask", "bye"])
    assert left.step_ids == ["hi", "thanks"]
    assert left.step("hi").next == {}  # type: ignore[union-attr]
    assert "ask" not in left.layout
    assert edits.delete_steps(defn, ["hi"]).trigger.next is None  # type: ignore[union-attr]


def test_a_pasted_step_is_an_unconnected_copy_beside_the_original() -> None:
    defn = _workflow()
    copied = defn.step("ask")
    assert copied is not None
    pasted, step_id = edits.paste(defn, copied.model_dump_json())
    copy = pasted.step(step_id)
    assert step_id == "ask_question_1" and copy is not None
    assert (copy.name, copy.config, copy.next) == ("Ask (copy)", copied.config, {})
    where = positions(defn)
    assert pasted.layout[step_id].y == where["ask"][1]
    assert pasted.layout[step_id].x > where["ask"][0]
    again, second = edits.paste(pasted, copied.model_dump_json())
    assert again.step(second).name == "Ask (copy) 2"  # type: ignore[union-attr]
    assert again.layout[second] != pasted.layout[step_id]


def test_applying_a_config_without_a_port_disconnects_that_port() -> None:
    defn = edits.replace_step(
        _workflow(), "ask", "Ask again", {"text": "Email?", "question_type": "email"}
    )
    step = defn.step("ask")
    assert step is not None
    assert (step.name, step.next) == ("Ask again", {"answered": "thanks"})


def test_applying_the_trigger_keeps_its_first_step() -> None:
    defn = edits.replace_trigger(
        _workflow(),
        "contact_tag_updated",
        {"action": "added", "tags": ["vip"]},
        {"join": "or", "rules": []},
        True,
    )
    assert defn.trigger is not None
    assert (defn.trigger.kind, defn.trigger.next, defn.trigger.once_per_contact) == (
        "contact_tag_updated",
        "hi",
        True,
    )
    with pytest.raises(ValidationError):
        edits.replace_trigger(_workflow(), "manual", {}, {"rules": [{"x": 1}]}, False)


def _branches(*names: str) -> dict[str, object]:
    rules = [{"category": "tags", "operator": "has_any_of", "value": [name]} for name in names]
    return {"branches": [{"join": "and", "rules": [rule]} for rule in rules]}


def _branch_flow() -> WorkflowDefinition:
    hub = Step(
        id="hub",
        kind="branch",
        name="Hub",
        config=_branches("a", "b", "c"),
        next={"branch_1": "a", "branch_2": "b", "branch_3": "c", "else": "e"},
    )
    leaves = [Step(id=x, kind="send_message", name=x, config={"text": x}) for x in "abce"]
    return WorkflowDefinition(
        name="W", trigger=Trigger(kind="conversation_opened", next="hub"), steps=(hub, *leaves)
    )


def test_connections_follow_moved_removed_and_cloned_branches() -> None:
    defn = _branch_flow()
    moved = edits.replace_step(
        defn, "hub", "Hub", _branches("b", "a", "c"), reordered=("branches", [1, 0, 2])
    )
    assert moved.step("hub").next == {  # type: ignore[union-attr]
        "branch_1": "b",
        "branch_2": "a",
        "branch_3": "c",
        "else": "e",
    }
    removed = edits.replace_step(
        defn, "hub", "Hub", _branches("a", "c"), reordered=("branches", [0, 2])
    )
    assert removed.step("hub").next == {"branch_1": "a", "branch_2": "c", "else": "e"}  # type: ignore[union-attr]
    cloned = edits.replace_step(
        defn, "hub", "Hub", _branches("a", "a", "b", "c"), reordered=("branches", [0, None, 1, 2])
    )
    assert cloned.step("hub").next == {  # type: ignore[union-attr]
        "branch_1": "a",
        "branch_3": "b",
        "branch_4": "c",
        "else": "e",
    }
    # A list without ports (a condition's rules, headers) leaves the connections alone.
    same = edits.replace_step(defn, "hub", "Hub", _branches("a", "b", "c"), reordered=("x", [1]))
    assert same.step("hub").next == defn.step("hub").next  # type: ignore[union-attr]


@pytest.mark.parametrize(("kind", "key"), list(edits.LIST_PORTS))
def test_list_ports_name_the_ports_of_their_items(kind: str, key: str) -> None:
    spec = STEPS[kind]
    item = {"text": "x", "tag": ""} if key == "options" else {"join": "and", "rules": []}
    extra = {"question_type": "multiple_choice"} if kind == "ask_question" else {}
    config = spec.parse_or_none({**spec.default_config(), **extra, key: [item, item]})
    assert config is not None
    names = {port.name for port in spec.ports(config)}
    prefix = edits.LIST_PORTS[(kind, key)]
    assert {f"{prefix}1", f"{prefix}2"} <= names
