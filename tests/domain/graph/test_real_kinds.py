"""Graph checks with real kinds from the catalogue."""

from __future__ import annotations

from typing import Any

import pytest

from tests.domain.graph.fakes import codes, wf
from wfstudio.domain import catalogue
from wfstudio.domain.definition import Condition, ConditionGroup, Step, Trigger
from wfstudio.domain.graph import descendants_to_delete, loops_across, loops_inside, to_graph
from wfstudio.domain.issues import Code


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
