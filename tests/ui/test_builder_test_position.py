"""BuilderState.show_test_position: the test chat's highlight of the test contact's step."""

from __future__ import annotations

from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.ui.pages import builder_edits as edits
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.builder_view import with_test_position

FLOW = WorkflowDefinition(
    name="W",
    trigger=Trigger(kind="conversation_opened", next="a"),
    steps=(
        Step(id="a", kind="send_message", name="A", config={"text": "a"}, next={"success": "b"}),
        Step(id="b", kind="send_message", name="B", config={"text": "b"}),
    ),
)


def _testing(nodes: list[dict]) -> dict[str, bool]:
    return {node["id"]: node["data"]["testing"] for node in nodes}


def test_one_node_is_marked_and_empty_clears() -> None:
    nodes = [{"id": i, "data": {"name": i}} for i in ("trigger", "a", "b")]
    assert _testing(with_test_position(nodes, "a")) == {"trigger": False, "a": True, "b": False}
    assert not any(_testing(with_test_position(nodes, "")).values())
    assert "testing" not in nodes[0]["data"]  # the input is left alone


def test_the_mark_is_no_edit_and_survives_re_renders() -> None:
    state = BuilderState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state._show(FLOW)
    edits_before = state.edits
    state.show_test_position("b")
    assert _testing(state.nodes) == {"trigger": False, "a": False, "b": True}
    assert state.testing_step_id == "b"
    assert (state.dirty, state.can_undo, state.edits) == (False, False, edits_before)

    # An edit re-renders the nodes: the mark stays where the test contact is.
    state._commit(edits.replace_step(FLOW, "a", "A renamed", {"text": "a"}))
    assert state.dirty and _testing(state.nodes)["b"]
    state.show_test_position("a")
    assert _testing(state.nodes) == {"trigger": False, "a": True, "b": False}
    state.show_test_position("")
    assert not any(_testing(state.nodes).values()) and state.testing_step_id == ""
