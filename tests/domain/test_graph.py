"""Graph checks: to_graph, reachability, deletion, layout and loop detection.

Most tests use tiny fake kinds passed through the injectable catalogue parameters, so
they do not depend on the details of the real kinds; the last section uses real ones.
"""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfstudio.domain import catalogue
from wfstudio.domain.definition import (
    Condition,
    ConditionGroup,
    Position,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.domain.graph import (
    descendants_to_delete,
    layout,
    loops_across,
    loops_inside,
    to_graph,
    unreachable_steps,
)
from wfstudio.domain.issues import Code, Issue
from wfstudio.domain.kinds import Config, FiredEvent, Port, StepSpec, TriggerSpec

# ---------------------------------------------------------------------------
# Fake kinds


class ActConfig(Config):
    ports: tuple[str, ...] = ("success",)
    add_tags: tuple[str, ...] = ()
    start: str = ""  # key of a workflow to start (like trigger_workflow)
    jump: str = ""  # step to jump to (like jump_to)


class Act(StepSpec[ActConfig]):
    """A step whose ports, fired tags, started workflow and jump target come from config."""

    kind: ClassVar[str] = "act"
    label: ClassVar[str] = "Act"
    icon: ClassVar[str] = "zap"
    description: ClassVar[str] = "Fake step."
    group: ClassVar[str] = "Flow"
    config_model = ActConfig

    def ports(self, config: ActConfig) -> list[Port]:
        return [Port(name, name.replace("_", " ").title()) for name in config.ports]

    def fires(self, config: ActConfig) -> list[FiredEvent]:
        events = [FiredEvent("tag", {"action": "added", "tag": tag}) for tag in config.add_tags]
        if config.start:
            events.append(FiredEvent("manual", {"workflow": config.start}))
        return events

    def jump_targets(self, config: ActConfig) -> list[str]:
        return [config.jump] if config.jump else []


class Pause(Act):
    kind: ClassVar[str] = "pause"
    pauses: ClassVar[bool] = True


class TagConfig(Config):
    tags: tuple[str, ...] = ()


class TagTrigger(TriggerSpec[TagConfig]):
    kind: ClassVar[str] = "tag"
    label: ClassVar[str] = "Tag Added"
    icon: ClassVar[str] = "tag"
    description: ClassVar[str] = "Fake trigger."
    config_model = TagConfig

    def summary(self, config: TagConfig) -> str:
        return ", ".join(config.tags)

    def is_fired_by(self, trigger: Trigger, config: TagConfig, event: FiredEvent) -> bool:
        return event.trigger_kind == self.kind and event.detail.get("tag") in config.tags


class ManualTrigger(TriggerSpec[Config]):
    kind: ClassVar[str] = "manual"
    label: ClassVar[str] = "Manual"
    icon: ClassVar[str] = "workflow"
    description: ClassVar[str] = "Fake manual trigger."
    config_model = Config

    def is_fired_by(self, trigger: Trigger, config: Config, event: FiredEvent) -> bool:
        return event.trigger_kind == self.kind


STEPS: dict[str, StepSpec[Any]] = {"act": Act(), "pause": Pause()}
TRIGGERS: dict[str, TriggerSpec[Any]] = {"tag": TagTrigger(), "manual": ManualTrigger()}


def S(sid: str, kind: str = "act", name: str = "", **config: Any) -> Step:
    """A fake step; ``next`` goes to the step, everything else into its config."""
    next_ = config.pop("next", {})
    return Step(id=sid, kind=kind, name=name or sid.upper(), config=config, next=next_)


def wf(
    *steps: Step,
    first: str | None = "a",
    trigger: Trigger | None = None,
    name: str = "Flow",
    positions: dict[str, tuple[float, float]] | None = None,
) -> WorkflowDefinition:
    trigger = trigger or Trigger(kind="tag", config={"tags": ["vip"]})
    return WorkflowDefinition(
        name=name,
        trigger=trigger.model_copy(update={"next": first}),
        steps=steps,
        layout={k: Position(x=x, y=y) for k, (x, y) in (positions or {}).items()},
    )


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


# ---------------------------------------------------------------------------
# layout

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


# ---------------------------------------------------------------------------
# loops_inside


def codes(issues: list[Issue]) -> list[Code]:
    return [issue.code for issue in issues]


def test_self_trigger_with_tags() -> None:
    defn = wf(
        S("a", name="Add tag VIP", add_tags=["gold", "vip"], next={"success": "b"}),
        S("b", name="Add tag other", add_tags=["other"]),
    )
    issues = loops_inside(defn, steps=STEPS, triggers=TRIGGERS)
    assert codes(issues) == [Code.LOOP_SELF_TRIGGER]
    issue = issues[0]
    assert issue.step_id == "a" and issue.related == ("a",)
    assert issue.message == (
        'Workflow loop detected: step "Add tag VIP" causes "tag", which fires this '
        'workflow\'s own trigger ("Tag Added: vip").'
    )


def test_self_trigger_manual_needs_the_workflow_key() -> None:
    defn = wf(S("a", name="Again", start="me"), trigger=Trigger(kind="manual"))
    assert loops_inside(defn, steps=STEPS, triggers=TRIGGERS) == []
    assert loops_inside(defn, steps=STEPS, triggers=TRIGGERS, workflow_key="other") == []
    issues = loops_inside(defn, steps=STEPS, triggers=TRIGGERS, workflow_key="me")
    assert codes(issues) == [Code.LOOP_SELF_TRIGGER]
    assert issues[0].message == (
        'Workflow loop detected: step "Again" starts this same workflow ("Manual").'
    )


def test_cycle_with_a_pause_is_fine() -> None:
    defn = wf(
        S("a", next={"success": "w"}),
        S("w", kind="pause", next={"success": "b"}),
        S("b", next={"success": "a"}),
    )
    assert loops_inside(defn, steps=STEPS, triggers=TRIGGERS) == []


def test_cycle_without_a_pause_is_a_loop_named_in_order() -> None:
    defn = wf(
        S("a", name="Start", next={"success": "c"}),
        S("b", name="Back", next={"success": "a"}),
        S("c", name="Middle", next={"success": "b"}),
    )
    issues = loops_inside(defn, steps=STEPS, triggers=TRIGGERS)
    assert codes(issues) == [Code.LOOP_NO_PAUSE]
    assert issues[0].related == ("a", "c", "b")
    assert issues[0].step_id == "a"
    assert issues[0].message.startswith(
        'Workflow loop detected: steps "Start" → "Middle" → "Back" → "Start" repeat without'
    )


def test_self_loop_and_several_cycles_are_each_reported() -> None:
    defn = wf(
        S("a", ports=["x", "y"], next={"x": "b", "y": "c"}),
        S("b", next={"success": "a"}),
        S("c", next={"success": "c"}),
    )
    issues = loops_inside(defn, steps=STEPS, triggers=TRIGGERS)
    assert [i.related for i in issues] == [("c",), ("a", "b")]
    assert issues[0].message.startswith('Workflow loop detected: step "C" → "C"')


def test_jump_edges_do_not_make_a_loop() -> None:
    defn = wf(S("a", next={"success": "b"}), S("b", jump="a"))
    assert loops_inside(defn, steps=STEPS, triggers=TRIGGERS) == []


def test_unknown_kinds_and_bad_configs_are_skipped() -> None:
    defn = wf(
        S("a", kind="mystery", next={"go": "b"}),
        S("b", add_tags="not-a-list", next={"success": "a"}),
        trigger=Trigger(kind="tag", config={"tags": 3}),
    )
    assert loops_inside(defn, steps=STEPS, triggers=TRIGGERS) == []
    defn = wf(S("a", add_tags=["vip"]), trigger=Trigger(kind="mystery"))
    assert loops_inside(defn, steps=STEPS, triggers=TRIGGERS) == []


# ---------------------------------------------------------------------------
# loops_across


def manual_wf(name: str, *steps: Step) -> WorkflowDefinition:
    return wf(*steps, trigger=Trigger(kind="manual"), name=name)


def test_two_workflows_starting_each_other() -> None:
    workflows = {
        "b": manual_wf("Follow-up", S("a", name="Back to onboarding", start="a")),
        "a": manual_wf("Onboarding", S("a", name="Start follow-up", start="b")),
    }
    issues = loops_across(workflows, steps=STEPS, triggers=TRIGGERS)
    assert codes(issues) == [Code.LOOP_ACROSS_WORKFLOWS]
    assert issues[0].related == ("a", "b")
    assert issues[0].step_id is None
    assert issues[0].message == (
        'Workflow loop detected: "Onboarding" → "Follow-up" → "Onboarding" trigger one '
        'another: step "Start follow-up" of "Onboarding" starts "Follow-up"; '
        'step "Back to onboarding" of "Follow-up" starts "Onboarding".'
    )


def test_three_workflow_cycle_with_a_tag_edge() -> None:
    workflows = {
        "a": manual_wf("Alpha", S("a", name="Go beta", start="b")),
        "b": manual_wf("Beta", S("a", name="Tag gold", add_tags=["gold"])),
        "c": wf(
            S("a", name="Go alpha", start="a"),
            S("x", name="Go alpha again", start="a"),
            name="Gamma",
            trigger=Trigger(kind="tag", config={"tags": ["gold"]}),
        ),
        "d": manual_wf("Delta", S("a", name="Go alpha", start="a")),  # leads in, no cycle
    }
    issues = loops_across(workflows, steps=STEPS, triggers=TRIGGERS)
    assert [i.related for i in issues] == [("a", "b", "c")]
    message = issues[0].message
    assert message.startswith(
        'Workflow loop detected: "Alpha" → "Beta" → "Gamma" → "Alpha" trigger one another: '
    )
    for part in (
        'step "Go beta" of "Alpha" starts "Beta"',
        'step "Tag gold" of "Beta" causes "tag", which starts "Gamma" ("Tag Added: gold")',
        'step "Go alpha" of "Gamma" starts "Alpha"',
        'step "Go alpha again" of "Gamma" starts "Alpha"',
    ):
        assert part in message


def test_across_ignores_self_edges_and_reports_every_cycle() -> None:
    workflows = {
        "a": manual_wf("A", S("a", start="a"), S("b", start="b"), S("c", start="c")),
        "b": manual_wf("B", S("a", start="a")),
        "c": manual_wf("C", S("a", start="b")),
    }
    issues = loops_across(workflows, steps=STEPS, triggers=TRIGGERS)
    assert [i.related for i in issues] == [("a", "b"), ("a", "c", "b")]
    assert all(i.message.startswith("Workflow loop detected") for i in issues)


def test_across_without_cycle() -> None:
    workflows = {
        "a": manual_wf("A", S("a", start="b")),
        "b": manual_wf("B", S("a", add_tags=["vip"])),
    }
    assert loops_across(workflows, steps=STEPS, triggers=TRIGGERS) == []
    assert loops_across({}, steps=STEPS, triggers=TRIGGERS) == []


# ---------------------------------------------------------------------------
# Real kinds from the catalogue


def needs(*kinds: str) -> pytest.MarkDecorator:
    missing = [k for k in kinds if k not in catalogue.STEPS and k not in catalogue.TRIGGERS]
    return pytest.mark.skipif(
        bool(missing), reason=f"kind(s) not in the catalogue yet: {', '.join(missing)}"
    )


def real_step(sid: str, kind: str, name: str, next_: dict[str, str], **changes: Any) -> Step:
    """A step of a real kind: its default config with ``changes``."""
    config = {**catalogue.STEPS[kind].default_config(), **changes}
    return Step(id=sid, kind=kind, name=name, config=config, next=next_)


@needs("update_contact_tag", "send_message", "contact_tag_updated")
def test_real_self_trigger_with_tags() -> None:
    trigger = Trigger(kind="contact_tag_updated", config={"action": "added", "tags": ["vip"]})
    defn = wf(
        real_step("a", "send_message", "Hello", {"success": "b"}, text="Hi"),
        real_step("b", "update_contact_tag", "Add tag VIP", {}, action="add", tags=["vip"]),
        real_step("c", "update_contact_tag", "Remove tag VIP", {}, action="remove", tags=["vip"]),
        trigger=trigger,
    )
    issues = loops_inside(defn)
    assert codes(issues) == [Code.LOOP_SELF_TRIGGER]
    assert issues[0].related == ("b",)
    summary = catalogue.TRIGGERS["contact_tag_updated"].summary(
        catalogue.TRIGGERS["contact_tag_updated"].parse(trigger.config)
    )
    assert issues[0].message == (
        'Workflow loop detected: step "Add tag VIP" adds the tag this workflow\'s trigger '
        f'watches ("Contact Tag Updated: {summary}").'
    )


@needs("update_contact_tag", "contact_tag_updated")
def test_real_trigger_conditions_can_rule_a_loop_out() -> None:
    no_vip = Condition(category="tags", operator="has_none_of", value=["vip"])
    trigger = Trigger(
        kind="contact_tag_updated",
        config={"action": "added", "tags": ["vip"]},
        conditions=ConditionGroup(rules=(no_vip,)),
    )
    defn = wf(real_step("a", "update_contact_tag", "Tag", {}, tags=["vip"]), trigger=trigger)
    assert loops_inside(defn) == []


@needs("send_message", "wait", "contact_tag_updated")
def test_real_cycle_with_and_without_wait() -> None:
    trigger = Trigger(kind="contact_tag_updated", config={"tags": ["vip"]})
    looping = wf(
        real_step("a", "send_message", "Ping", {"success": "b"}, text="ping"),
        real_step("b", "send_message", "Pong", {"success": "a"}, text="pong"),
        trigger=trigger,
    )
    issues = loops_inside(looping)
    assert codes(issues) == [Code.LOOP_NO_PAUSE]
    assert issues[0].related == ("a", "b")
    waiting = looping.replace(
        steps=[
            *[s.model_dump() for s in looping.steps[:1]],
            real_step("b", "wait", "Wait a day", {"success": "a"}).model_dump(),
        ]
    )
    assert loops_inside(waiting) == []


def trigger_workflow_step(sid: str, name: str, target: str) -> Step:
    return real_step(sid, "trigger_workflow", name, {}, workflow=target)


@needs("trigger_workflow", "manual")
def test_real_manual_workflows_triggering_each_other() -> None:
    manual = Trigger(kind="manual")
    workflows = {
        "wf-a": wf(trigger_workflow_step("a", "Start B", "wf-b"), trigger=manual, name="A"),
        "wf-b": wf(trigger_workflow_step("a", "Start A", "wf-a"), trigger=manual, name="B"),
    }
    issues = loops_across(workflows)
    assert [i.related for i in issues] == [("wf-a", "wf-b")]
    assert issues[0].message == (
        'Workflow loop detected: "A" → "B" → "A" trigger one another: '
        'step "Start B" of "A" starts "B"; step "Start A" of "B" starts "A".'
    )
    itself = wf(trigger_workflow_step("a", "Again", "wf-a"), trigger=manual, name="A")
    assert codes(loops_inside(itself, workflow_key="wf-a")) == [Code.LOOP_SELF_TRIGGER]
    assert loops_across({"wf-a": itself}) == []


@needs("update_contact_tag", "trigger_workflow", "contact_tag_updated", "manual")
def test_real_tag_and_manual_cycle_across() -> None:
    workflows = {
        "tagger": wf(
            real_step("a", "update_contact_tag", "Tag VIP", {}, tags=["vip"]),
            trigger=Trigger(kind="manual"),
            name="Tagger",
        ),
        "watcher": wf(
            trigger_workflow_step("a", "Run tagger", "tagger"),
            trigger=Trigger(kind="contact_tag_updated", config={"tags": ["vip"]}),
            name="Watcher",
        ),
    }
    issues = loops_across(workflows)
    assert codes(issues) == [Code.LOOP_ACROSS_WORKFLOWS]
    assert issues[0].related == ("tagger", "watcher")
    assert 'step "Tag VIP" of "Tagger" adds the tag "vip", which starts "Watcher"' in (
        issues[0].message
    )
    assert 'step "Run tagger" of "Watcher" starts "Tagger"' in issues[0].message


@needs("jump_to", "send_message", "contact_tag_updated")
def test_real_jump_to_is_an_edge_but_not_a_loop() -> None:
    defn = wf(
        real_step("a", "send_message", "Hello", {"success": "j"}, text="Hi"),
        real_step("j", "jump_to", "Again", {}, target="a"),
        trigger=Trigger(kind="contact_tag_updated", config={"tags": ["vip"]}),
    )
    graph = to_graph(defn)
    assert graph.edges["j", "a", "jump"]["jump"] is True
    assert loops_inside(defn) == []
    assert descendants_to_delete(defn, "j") == ["j"]


@needs("ask_question", "branch")
def test_real_ports_of_questions_and_branches_in_port_order() -> None:
    question = real_step(
        "q",
        "ask_question",
        "Pick",
        {"failure": "f", "option_1": "o1", "option_2": "o2", "timeout": "t"},
        question_type="multiple_choice",
        options=[{"text": "Yes"}, {"text": "No"}],
        timeout_branch=True,
        failure_branch=True,
    )
    branch = real_step(
        "b",
        "branch",
        "Route",
        {"branch_1": "o1", "else": "t"},
        branches=[{"rules": []}],
    )
    steps = (question, *(real_step(s, "send_message", s, {}) for s in ("o1", "o2", "t", "f")))
    graph = to_graph(wf(*steps, branch, first="q"))
    assert [(v, d["port"], d["label"]) for _, v, d in graph.out_edges("q", data=True)] == [
        ("o1", "option_1", "Yes"),
        ("o2", "option_2", "No"),
        ("t", "timeout", "Timeout"),
        ("f", "failure", "Failure"),
    ]
    assert [d["port"] for _, _, d in graph.out_edges("b", data=True)] == ["branch_1", "else"]
