"""The codec: JSON Schema, deterministic dump, and load that refuses with JSON paths."""

from __future__ import annotations

import contextlib
import copy
import json
import pickle
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from wfstudio.domain import codec, limits
from wfstudio.domain.catalogue import STEP_KINDS, STEPS, TRIGGER_KINDS, TRIGGERS
from wfstudio.domain.codec import (
    HEADLINE,
    ImportRefused,
    build_schema,
    definition_from_dict,
    definition_to_dict,
    dump,
    load,
    load_schema,
)
from wfstudio.domain.definition import (
    CONDITION_CATEGORIES,
    EXIT_ON_CHOICES,
    OPERATORS,
    Condition,
    ConditionGroup,
    Position,
    Settings,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.domain.kinds import KindSpec

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def document(**changes: Any) -> dict[str, Any]:
    """A small valid document: a manual trigger and one Send a Message step."""
    doc: dict[str, Any] = {
        "format": "wfstudio.workflow",
        "format_version": 1,
        "name": "Welcome",
        "trigger": {"kind": "manual", "next": "a"},
        "steps": [{"id": "a", "kind": "send_message", "name": "Hi", "config": {"text": "Hi!"}}],
    }
    doc.update(changes)
    return doc


def send(step_id: str, **config: Any) -> dict[str, Any]:
    return {"id": step_id, "kind": "send_message", "name": step_id, "config": config}


def refusal(data: str | bytes | dict[str, Any]) -> list[str]:
    """The problem lines of a refused load (fails the test when it loads)."""
    text = json.dumps(data) if isinstance(data, dict) else data
    with pytest.raises(ImportRefused) as caught:
        load(text)
    assert str(caught.value) == "\n".join([HEADLINE, *caught.value.problems])
    return caught.value.problems


# --- schema ------------------------------------------------------------------------------


def test_shipped_schema_is_current() -> None:
    shipped = (codec.resources.files("wfstudio.domain") / "schema" / codec.SCHEMA_FILE).read_text(
        "utf-8"
    )
    assert shipped == codec.schema_text(), (
        f"wfstudio/domain/schema/{codec.SCHEMA_FILE} is stale; regenerate it with "
        f"`{codec.REGENERATE}` and commit it"
    )
    assert load_schema() == json.loads(codec.schema_text())


def test_schema_is_valid_draft_2020_12_and_deterministic() -> None:
    schema = build_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert codec.schema_text() == codec.schema_text()


def test_schema_covers_the_catalogue() -> None:
    schema = build_schema()
    step, trigger = schema["$defs"]["Step"], schema["$defs"]["Trigger"]
    assert step["properties"]["kind"]["enum"] == sorted(STEP_KINDS)
    assert trigger["properties"]["kind"]["enum"] == sorted(TRIGGER_KINDS)
    assert [rule["if"]["properties"]["kind"]["const"] for rule in step["allOf"]] == sorted(
        STEP_KINDS
    )
    assert schema["properties"]["steps"]["maxItems"] == limits.MAX_STEPS_PER_WORKFLOW
    assert schema["required"] == ["format", "format_version", "name"]


def test_limits_are_left_to_validation() -> None:
    stripped = codec._structure_only(
        {
            "properties": {
                "pattern": {"type": "string", "maxLength": 3, "pattern": "x"},
                "pair": {"type": "array", "prefixItems": [{}, {}], "minItems": 2, "maxItems": 2},
                "count": {"type": "integer", "minimum": 1, "maximum": 9},
            }
        }
    )
    assert stripped == {
        "properties": {
            "pattern": {"type": "string"},
            "pair": {"type": "array", "prefixItems": [{}, {}], "minItems": 2, "maxItems": 2},
            "count": {"type": "integer"},
        }
    }
    # A message over 2,000 characters is a configuration error, not an import refusal.
    defn = load(json.dumps(document(steps=[send("a", text="x" * 3000)])))
    assert defn.steps[0].config["text"] == "x" * 3000


def test_every_kind_default_config_loads() -> None:
    steps = [
        {"id": f"s{i}", "kind": kind, "name": kind, "config": STEPS[kind].default_config()}
        for i, kind in enumerate(STEP_KINDS)
    ]
    for kind in TRIGGER_KINDS:
        trigger = {"kind": kind, "config": TRIGGERS[kind].default_config(), "next": "s0"}
        defn = load(json.dumps(document(trigger=trigger, steps=steps)))
        assert defn.trigger is not None and defn.trigger.kind == kind
        assert len(defn.steps) == len(STEP_KINDS)


# --- dump --------------------------------------------------------------------------------


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


# --- refusals ----------------------------------------------------------------------------


def test_size_limit() -> None:
    assert refusal(b" " * (limits.MAX_IMPORT_BYTES + 1)) == [
        "$: the file is 401 KB; the limit is 400 KB"
    ]
    text = json.dumps(document())
    assert load(text + " " * (limits.MAX_IMPORT_BYTES - len(text))).name == "Welcome"


def test_not_utf8_and_not_json() -> None:
    assert refusal(b'{"name": "\xff"}') == ["$: the file is not UTF-8 text"]
    assert refusal('{"name": "\ud800"}') == ["$: the file is not UTF-8 text"]
    assert refusal("") == ["$: the file is empty"]
    assert refusal(b" \n ") == ["$: the file is empty"]
    assert refusal('{"name": ') == ["$: not valid JSON: Expecting value (line 1, column 10)"]
    assert refusal('{"x": NaN}') == ["$: not valid JSON: NaN is not allowed in JSON"]
    assert refusal('{"x": 1e999}') == ["$: not valid JSON: the number 1e999 is too large"]
    assert refusal("[" * 100_000) == ["$: not valid JSON: nested too deeply"]
    assert refusal("[1, 2]") == ["$: expected object, got array"]
    assert refusal(123) == ["$: expected JSON text, got int"]  # type: ignore[arg-type]


def test_schema_errors_are_all_reported_sorted_by_path() -> None:
    steps = [send(f"s{i}", text="hi") for i in range(12)]
    steps[3]["config"]["text"] = 5
    steps[10]["kind"] = "send_fax"
    steps[2]["colour"] = "red"
    del steps[11]["name"]
    doc = document(
        steps=steps, format="other", format_version=0, layout={"my step": {"x": "1", "y": 0}}
    )
    del doc["name"]
    assert refusal(doc) == [
        '$.format: expected "wfstudio.workflow"',
        "$.format_version: must be at least 1",
        '$.layout["my step"].x: expected number, got string',
        "$.name: this required key is missing",
        "$.steps[2].colour: unknown key",
        "$.steps[3].config.text: expected string, got integer",
        '$.steps[10].kind: unknown step kind "send_fax"',
        "$.steps[11].name: this required key is missing",
    ]


def test_more_schema_errors() -> None:
    assert refusal(document(name="", trigger={"kind": "manual", "next": 5}, extra=1)) == [
        "$.extra: unknown key",
        "$.name: must not be empty",
        "$.trigger.next: expected string or null, got integer",
    ]
    assert refusal(document(trigger={"kind": "on_sunday"})) == [
        '$.trigger.kind: unknown trigger kind "on_sunday"'
    ]
    assert refusal(document(steps=[send("a b")])) == [
        "$.steps[0].id: a step id is 1 to 64 letters, digits, '_' or '-'"
    ]
    # Python's "$" also matches before a final newline; the model's check catches that.
    assert refusal(document(steps=[send("a\n")])) == [
        "$.steps[0].id: a step id is 1 to 64 letters, digits, '_' or '-'"
    ]
    assert refusal(document(format_version="1")) == [
        "$.format_version: expected integer, got string"
    ]
    assert refusal(document(format_version=2)) == [
        "$.format_version: format version 2 is newer than this wfstudio reads (1)"
    ]


def test_more_than_one_trigger() -> None:
    manual = {"kind": "manual", "next": "a"}
    expected = ["$.trigger: the file has 2 triggers; a workflow has exactly one"]
    assert refusal(document(trigger=[manual, manual])) == expected
    assert refusal(document(triggers=[manual, manual])) == [
        "$.triggers: the file has 3 triggers; a workflow has exactly one"
    ]
    assert refusal(document(trigger=None, triggers=[manual, manual])) == [
        "$.triggers: the file has 2 triggers; a workflow has exactly one"
    ]
    text = json.dumps(document())
    repeated = text.replace('"trigger":', '"trigger": {"kind": "manual"}, "trigger":')
    assert refusal(repeated) == expected
    # A list holding one trigger is not "more than one": it is the wrong type.
    assert refusal(document(trigger=[manual])) == ["$.trigger: expected object or null, got array"]


def test_repeated_keys_are_refused() -> None:
    text = json.dumps(document()).replace('"name": "Hi"', '"name": "Hi", "name": "Ho"')
    assert refusal(text) == ['$.steps[0]: the key "name" appears more than once']


def test_trigger_without_step() -> None:
    expected = ["$.steps: the workflow has a trigger but no step"]
    assert refusal(document(steps=[])) == expected
    doc = document()
    del doc["steps"]
    assert refusal(doc) == expected
    assert load(json.dumps(document(trigger=None, steps=[]))).steps == ()


def test_too_many_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    steps = [send(f"s{i}", text="hi") for i in range(limits.MAX_STEPS_PER_WORKFLOW + 1)]
    assert refusal(document(steps=steps)) == ["$.steps: the file has 101 steps; the limit is 100"]
    assert len(load(json.dumps(document(steps=steps[:-1]))).steps) == 100
    # A limit configured below the schema's is still enforced.
    monkeypatch.setattr(limits, "MAX_STEPS_PER_WORKFLOW", 2)
    assert refusal(document(steps=steps[:3])) == ["$.steps: the file has 3 steps; the limit is 2"]


def test_duplicate_step_ids() -> None:
    doc = document(steps=[send("a", text="1"), send("b", text="2"), send("a", text="3")])
    assert refusal(doc) == ['$.steps[2].id: duplicate step id "a" (first used at $.steps[0].id)']


def test_refusal_is_a_value_error_that_pickles() -> None:
    refused = ImportRefused(["$.name: this required key is missing"])
    assert isinstance(refused, ValueError)
    again = pickle.loads(pickle.dumps(refused))
    assert again.problems == refused.problems and str(again) == str(refused)


def test_migrations_run_before_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(doc: dict[str, Any]) -> dict[str, Any]:
        doc = dict(doc)
        doc["name"] = doc.pop("title")
        return doc

    monkeypatch.setattr(codec, "FORMAT_VERSION", 2)
    monkeypatch.setattr(codec, "MIGRATIONS", {1: rename})
    old = document(title="Old name")
    del old["name"]
    defn = load(json.dumps(old))
    assert defn.name == "Old name" and defn.format_version == 2


# --- properties --------------------------------------------------------------------------

step_ids = st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True)
texts = st.text(max_size=20)
finite = st.floats(allow_nan=False, allow_infinity=False)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**15), 10**15) | finite | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
ports = st.sampled_from(["success", "failure", "timeout", "else", "branch_1", "option_2"]) | texts


@st.composite
def configs(draw: st.DrawFn, spec: KindSpec[Any]) -> dict[str, Any]:
    """A kind's default config with some of its free-text fields changed."""
    config = spec.default_config()
    fields = spec.config_model.model_json_schema()["properties"]
    for key, value in list(config.items()):
        free_text = fields[key].get("type") == "string" and "enum" not in fields[key]
        if isinstance(value, str) and free_text and draw(st.booleans()):
            config[key] = draw(texts)
    return config


@st.composite
def definitions(draw: st.DrawFn) -> WorkflowDefinition:
    ids = draw(st.lists(step_ids, unique=True, max_size=6))
    targets: st.SearchStrategy[str] = st.sampled_from(ids) | step_ids if ids else step_ids
    steps = []
    for step_id in ids:
        kind = draw(st.sampled_from(STEP_KINDS))
        steps.append(
            Step(
                id=step_id,
                kind=kind,
                name=draw(texts),
                config=draw(configs(STEPS[kind])),
                next=draw(st.dictionaries(ports, targets, max_size=3)),
            )
        )
    trigger = None
    with_trigger = draw(st.booleans())
    if ids and with_trigger:
        kind = draw(st.sampled_from(TRIGGER_KINDS))
        rules = st.builds(
            Condition,
            category=st.sampled_from(CONDITION_CATEGORIES),
            field=texts,
            operator=st.sampled_from(OPERATORS),
            value=json_values,
        )
        trigger = Trigger(
            kind=kind,
            config=draw(configs(TRIGGERS[kind])),
            conditions=ConditionGroup(
                join=draw(st.sampled_from(["and", "or"])),
                rules=tuple(draw(st.lists(rules, max_size=3))),
            ),
            once_per_contact=draw(st.booleans()),
            next=draw(st.none() | targets),
        )
    return WorkflowDefinition(
        name=draw(st.text(min_size=1, max_size=30)),
        description=draw(texts),
        settings=Settings(
            allow_stop_for_contact=draw(st.booleans()),
            exit_on=tuple(draw(st.lists(st.sampled_from(EXIT_ON_CHOICES), max_size=3))),
        ),
        trigger=trigger,
        steps=tuple(steps),
        layout=draw(st.dictionaries(targets, st.builds(Position, x=finite, y=finite), max_size=4)),
    )


@FAST
@given(definitions())
def test_dump_load_dump_is_identical(defn: WorkflowDefinition) -> None:
    text = dump(defn)
    assert dump(load(text)) == text


def check_load(data: str | bytes) -> None:
    """Either a definition that round-trips, or ImportRefused with path lines."""
    try:
        defn = load(data)
    except ImportRefused as refused:
        assert refused.problems
        assert all(line.startswith("$") and ": " in line for line in refused.problems)
        assert str(refused).startswith(HEADLINE + "\n")
        return
    text = dump(defn)
    assert dump(load(text)) == text


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    check_load(data)


@FAST
@given(json_values | st.dictionaries(st.sampled_from(list(document())) | texts, json_values))
def test_random_json_never_crashes(value: Any) -> None:
    check_load(json.dumps(value))
    check_load(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(paths(value, (*here, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(paths(value, (*here, index)))
    return found


keys = st.sampled_from(["trigger", "triggers", "kind", "id", "config", "next", "text", "x"]) | texts


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc: Any = copy.deepcopy(definition_to_dict(draw(definitions())))
    for _ in range(draw(st.integers(1, 3))):
        found = paths(doc)[1:]  # whole random documents are tested above
        path = draw(st.sampled_from(found) | st.sampled_from(found[::-1]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values | st.sampled_from(STEP_KINDS + TRIGGER_KINDS))
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(keys)] = draw(json_values)
        else:
            parent.insert(path[-1], draw(json_values))
    return doc


@FAST
@given(mutated_documents())
def test_mutated_documents_never_crash(doc: Any) -> None:
    check_load(json.dumps(doc, ensure_ascii=False))
    with contextlib.suppress(ImportRefused):
        definition_from_dict(doc)


def test_a_migration_that_breaks_on_a_malformed_file_is_a_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(codec, "FORMAT_VERSION", 2)
    monkeypatch.setattr(codec, "MIGRATIONS", {1: lambda doc: {**doc, "name": doc["title"]}})
    assert refusal(document()) == ["$: the file cannot be upgraded from format version 1"]
