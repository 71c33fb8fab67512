"""The shipped JSON Schema: current, valid, covering the catalogue, structure only."""

from __future__ import annotations

import json
from importlib import resources

from jsonschema import Draft202012Validator

from tests.domain.codec.support import document, send
from wfstudio.domain import codec, limits
from wfstudio.domain.catalogue import STEP_KINDS, STEPS, TRIGGER_KINDS, TRIGGERS
from wfstudio.domain.codec import build_schema, load, load_schema


def test_shipped_schema_is_current() -> None:
    shipped = (resources.files("wfstudio.domain") / "schema" / codec.SCHEMA_FILE).read_text("utf-8")
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
    stripped = codec.schema._structure_only(
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
