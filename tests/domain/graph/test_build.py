"""Graph building: to_graph, reachability and deletion."""

from __future__ import annotations

import pytest

from tests.domain.graph.fakes import STEPS, S, wf
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.graph import descendants_to_delete, to_graph, unreachable_steps

# ---------------------------------------------------------------------------
# to_graph


def test_to_graph_nodes_edges_and_attributes() -> None:
    defn = wf(
        S("a", name="Greet", ports=["success", "failure"], next={"success": "b", "failure": "c"}),
        S("b", jump="a"),
        S("c", next={"success": "ghost"}),
    )
    graph = to_graph(defn, steps=STEPS)
    assert list(graph.nodes) == ["trigger", "a", "b", "c"]
    assert graph.nodes["trigger"] == {"kind": "tag", "name": "Trigger"}
    assert graph.nodes["a"] == {"kind": "act", "name": "Greet"}
    edges = [(u, v, d["port"], d["label"], d["jump"]) for u, v, d in graph.edges(data=True)]
    assert edges == [
        ("trigger", "a", "next", "", False),
        ("a", "b", "success", "Success", False),
        ("a", "c", "failure", "Failure", False),
        ("b", "a", "jump", "Jump", True),
    ]  # c → ghost is dangling and skipped


def test_to_graph_orders_ports_like_the_kind_not_like_the_json() -> None:
    # ask_question with options: option_1, option_2, timeout, failure; JSON keys are sorted.
    ports = ["option_1", "option_2", "timeout", "failure"]
    next_ = {"failure": "f", "option_1": "o1", "option_2": "o2", "timeout": "t"}
    defn = wf(S("a", ports=ports, next=next_), S("o1"), S("o2"), S("t"), S("f"))
    graph = to_graph(defn, steps=STEPS)
    assert [d["port"] for _, _, d in graph.out_edges("a", data=True)] == ports
    assert [v for _, v in graph.out_edges("a")] == ["o1", "o2", "t", "f"]


def test_to_graph_branch_ports_and_unknown_ports_follow() -> None:
    ports = ["branch_1", "branch_2", "else"]
    next_ = {"branch_1": "x", "else": "z", "branch_2": "y", "legacy": "x"}
    defn = wf(S("a", ports=ports, next=next_), S("x"), S("y"), S("z"))
    graph = to_graph(defn, steps=STEPS)
    keys = [k for _, _, k in graph.out_edges("a", keys=True)]
    # MultiDiGraph groups by target: x (branch_1, legacy), y, z.
    assert keys == ["branch_1", "legacy", "branch_2", "else"]
    assert graph.edges["a", "x", "legacy"]["label"] == "legacy"


def test_to_graph_unknown_kind_or_bad_config_keeps_next_edges() -> None:
    defn = wf(S("a", kind="mystery", next={"go": "b"}), S("b", ports=7, next={"success": "a"}))
    graph = to_graph(defn, steps=STEPS)
    assert sorted((u, v) for u, v in graph.edges()) == [("a", "b"), ("b", "a"), ("trigger", "a")]


def test_to_graph_without_trigger() -> None:
    defn = WorkflowDefinition(name="x", steps=(S("a"),))
    graph = to_graph(defn, steps=STEPS)
    assert graph.nodes["trigger"]["kind"] == ""
    assert list(graph.edges) == []


# ---------------------------------------------------------------------------
# unreachable_steps


def test_unreachable_steps_in_definition_order() -> None:
    defn = wf(
        S("z", next={"success": "y"}),
        S("a", next={"success": "b"}),
        S("y"),
        S("b", jump="j"),
        S("j"),
        first="a",
    )
    assert unreachable_steps(defn, steps=STEPS) == ["z", "y"]  # j is reached by the jump


def test_everything_is_unreachable_without_trigger_next() -> None:
    defn = wf(S("a", next={"success": "b"}), S("b"), first=None)
    assert unreachable_steps(defn, steps=STEPS) == ["a", "b"]
    assert unreachable_steps(WorkflowDefinition(name="x", steps=(S("a"),)), steps=STEPS) == ["a"]


# ---------------------------------------------------------------------------
# descendants_to_delete


def test_delete_branch_deletes_its_subtree() -> None:
    defn = wf(
        S("a", ports=["branch_1", "else"], next={"branch_1": "b", "else": "c"}),
        S("b", next={"success": "d"}),
        S("c"),
        S("d"),
    )
    assert descendants_to_delete(defn, "a", steps=STEPS) == ["a", "b", "c", "d"]
    assert descendants_to_delete(defn, "b", steps=STEPS) == ["b", "d"]
    assert descendants_to_delete(defn, "c", steps=STEPS) == ["c"]


def test_delete_keeps_a_shared_child() -> None:
    defn = wf(
        S("a", ports=["branch_1", "else"], next={"branch_1": "b", "else": "c"}),
        S("b", next={"success": "d"}),
        S("c", next={"success": "d"}),
        S("d", next={"success": "e"}),
        S("e"),
    )
    assert descendants_to_delete(defn, "b", steps=STEPS) == ["b"]
    assert descendants_to_delete(defn, "a", steps=STEPS) == ["a", "b", "c", "d", "e"]


def test_delete_keeps_what_a_cycle_leads_back_to_and_what_a_jump_or_fragment_reaches() -> None:
    defn = wf(
        S("a", next={"success": "b"}),
        S("b", ports=["success", "failure"], next={"success": "c", "failure": "x"}),
        S("c", next={"success": "a"}),  # loops back above the deleted step
        S("x", next={"success": "y"}),
        S("y"),
        S("j", jump="y"),  # a disconnected fragment jumping into the subtree
    )
    assert descendants_to_delete(defn, "b", steps=STEPS) == ["b", "c", "x"]


def test_delete_ignores_jump_targets_as_descendants() -> None:
    defn = wf(S("a", next={"success": "b"}), S("b", jump="c"), S("c"))
    assert descendants_to_delete(defn, "b", steps=STEPS) == ["b"]


def test_delete_unknown_step_raises() -> None:
    with pytest.raises(KeyError):
        descendants_to_delete(wf(S("a")), "nope", steps=STEPS)
