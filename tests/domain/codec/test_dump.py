"""dump and definition_to_dict: deterministic bytes, normalised configs, round trips."""

from __future__ import annotations

import copy
import json

import pytest

from tests.domain.codec.support import document, send
from wfstudio.domain.catalogue import STEPS
from wfstudio.domain.codec import definition_from_dict, definition_to_dict, dump, load
from wfstudio.domain.definition import (
    Condition,
    ConditionGroup,
    Position,
    Settings,
    Step,
    Trigger,
    WorkflowDefinition,
)


def test_dump_is_sorted_indented_and_keeps_unicode() -> None:
    defn = load(
        json.dumps(document(name="Café ☕", layout={"b": {"x": 1, "y": 2}, "a": {"x": 0, "y": 0}}))
    )
    text = dump(defn)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '"name": "Café ☕"' in text
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert list(data["layout"]) == ["a", "b"]
    assert list(definition_to_dict(defn)["layout"]) == ["a", "b"]


def test_dump_fills_config_defaults_and_keeps_what_does_not_parse() -> None:
    defn = WorkflowDefinition(
        name="W",
        steps=(
            Step(id="a", kind="send_message", name="A", config={"text": "hi"}),
            Step(id="b", kind="send_message", name="B", config={"text": 5}),
            Step(id="c", kind="no_such_kind", name="C", config={"anything": [1]}),
        ),
    )
    steps = json.loads(dump(defn))["steps"]
    assert steps[0]["config"] == {**STEPS["send_message"].default_config(), "text": "hi"}
    assert steps[1]["config"] == {"text": 5}
    assert steps[2]["config"] == {"anything": [1]}
    loaded = load(json.dumps(document(steps=[send("a", text="hi")])))
    assert loaded.steps[0].config == steps[0]["config"]


def test_round_trip_with_everything_gives_identical_bytes() -> None:
    defn = WorkflowDefinition(
        name="Lead capture",
        description="Ask for an email, then thank them.",
        settings=Settings(
            allow_stop_for_contact=True, exit_on=("manual_assignment", "incoming_message")
        ),
        trigger=Trigger(
            kind="conversation_opened",
            conditions=ConditionGroup(
                join="or",
                rules=(Condition(category="tags", operator="has_any_of", value=["vip", "lead"]),),
            ),
            once_per_contact=True,
            next="ask",
        ),
        steps=(
            Step(id="ask", kind="ask_question", name="Email?", next={"answered": "thanks"}),
            Step(
                id="thanks",
                kind="send_message",
                name="Thanks",
                config={"text": "Merci $contact.firstname"},
            ),
        ),
        layout={"thanks": Position(x=10.5, y=-3), "ask": Position(x=0, y=0)},
    )
    text = dump(defn)
    assert dump(load(text)) == text
    assert load(text) == load(dump(load(text)))
    assert definition_from_dict(json.loads(text)) == load(text)
    assert load(text.encode("utf-8")) == load(text)
    assert load(b"\xef\xbb\xbf" + text.encode("utf-8")) == load(text)  # a byte order mark


def test_definition_from_dict_leaves_its_argument_alone() -> None:
    doc = document()
    before = copy.deepcopy(doc)
    definition_from_dict(doc)
    assert doc == before


def test_numbers_json_cannot_hold_never_enter_a_definition() -> None:
    with pytest.raises(ValueError):
        WorkflowDefinition(name="W", layout={"a": Position(x=float("inf"), y=0)})
    with pytest.raises(ValueError):
        Step(id="a", kind="wait", name="W", config={"amount": float("nan")})
