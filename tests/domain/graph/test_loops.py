"""Loop detection inside one workflow and across workflows (fake kinds)."""

from __future__ import annotations

from tests.domain.graph.fakes import STEPS, TRIGGERS, S, codes, wf
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.domain.graph import loops_across, loops_inside
from wfstudio.domain.issues import Code

# ---------------------------------------------------------------------------
# loops_inside


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
