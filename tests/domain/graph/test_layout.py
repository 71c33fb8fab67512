"""Canvas layout: tree shape, fragments, stored positions, no overlaps."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.graph.fakes import STEPS, S, wf
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.graph import layout

X, Y = 300.0, 180.0


def overlapping(pos: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    return [
        (m, n)
        for (m, (mx, my)), (n, (nx, ny)) in itertools.combinations(pos.items(), 2)
        if abs(mx - nx) < X and abs(my - ny) < Y
    ]


def test_layout_tree_shape() -> None:
    defn = wf(
        S("a", ports=["branch_1", "branch_2", "else"], next={"else": "d", "branch_1": "b"}),
        S("b", ports=["success", "failure"], next={"success": "e", "failure": "f"}),
        S("d"),
        S("e"),
        S("f"),
        S("lost"),
    )
    pos = layout(defn, x_gap=X, y_gap=Y, steps=STEPS)
    assert set(pos) == {"trigger", "a", "b", "d", "e", "f", "lost"}
    assert pos["trigger"] == (0.0, 0.0)
    assert pos["a"][1] == Y and pos["b"][1] == pos["d"][1] == 2 * Y
    assert pos["b"][0] < pos["d"][0]  # branch_1 left of else
    assert pos["e"][0] < pos["f"][0]
    assert pos["b"][0] == (pos["e"][0] + pos["f"][0]) / 2  # centred over its children
    assert pos["a"][0] == (pos["b"][0] + pos["d"][0]) / 2
    assert pos["lost"][1] > max(y for n, (_, y) in pos.items() if n != "lost")
    assert overlapping(pos) == []


def test_layout_unreachable_fragments_in_a_row_beneath() -> None:
    defn = wf(
        S("a"),
        S("q"),  # child of p: listed first, but p is the fragment's root
        S("p", next={"success": "q"}),
        S("r"),
    )
    pos = layout(defn, x_gap=X, y_gap=Y, steps=STEPS)
    assert pos["p"][1] == pos["r"][1] > pos["a"][1]
    assert pos["q"][1] == pos["p"][1] + Y
    assert pos["p"][0] < pos["r"][0]


def test_layout_keeps_stored_positions_and_children_follow() -> None:
    defn = wf(
        S("a", next={"success": "b"}),
        S("b", next={"success": "c"}),
        S("c"),
        positions={"b": (1000.0, 50.0)},
    )
    pos = layout(defn, x_gap=X, y_gap=Y, steps=STEPS)
    assert pos["b"] == (1000.0, 50.0)
    assert pos["c"] == (1000.0, 50.0 + Y)
    assert pos["trigger"] == (0.0, 0.0)


def test_layout_moves_an_automatic_node_off_a_stored_one() -> None:
    defn = wf(S("a", next={"success": "b"}), S("b"), positions={"a": (0.0, 2 * Y)})
    pos = layout(defn, x_gap=X, y_gap=Y, steps=STEPS)
    assert pos["a"] == (0.0, 2 * Y)
    assert overlapping(pos) == []


@st.composite
def random_trees(draw: st.DrawFn) -> WorkflowDefinition:
    size = 100
    parents = [draw(st.integers(0, i - 1)) for i in range(1, size)]
    extra = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1))))
    lost = draw(st.sets(st.integers(1, size - 1), max_size=5))
    pinned = draw(
        st.dictionaries(
            st.integers(0, size - 1), st.tuples(st.integers(-5, 5), st.integers(0, 9)), max_size=3
        )
    )
    nexts: list[dict[str, str]] = [{} for _ in range(size)]
    for child, parent in enumerate(parents, start=1):
        if child not in lost:
            nexts[parent][f"p{len(nexts[parent])}"] = f"s{child}"
    for u, v in extra:  # cross links, merges and cycles
        nexts[u][f"p{len(nexts[u])}"] = f"s{v}"
    steps = [S(f"s{i}", ports=list(nexts[i]), next=nexts[i]) for i in range(size)]
    positions = {f"s{i}": (x * X, y * Y) for i, (x, y) in pinned.items()}
    return wf(*steps, first="s0", positions=positions)


@settings(max_examples=40, deadline=None)
@given(random_trees())
def test_layout_random_trees_no_overlap_and_deterministic(defn: WorkflowDefinition) -> None:
    pos = layout(defn, x_gap=X, y_gap=Y, steps=STEPS)
    assert set(pos) == {"trigger", *defn.step_ids}
    pinned = set(defn.layout)
    assert [pair for pair in overlapping(pos) if not set(pair) <= pinned] == []
    assert layout(defn, x_gap=X, y_gap=Y, steps=STEPS) == pos
    for sid, p in defn.layout.items():
        assert pos[sid] == (p.x, p.y)
