"""The JSON Schema of the workflow document: built from the pydantic models, shipped, read.

The schema checks types and structure only; limits are left to validation, which names
the step and the field (see :mod:`wfstudio.domain.codec`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel

from wfstudio.domain import limits
from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import STEP_ID_PATTERN, Step, Trigger, WorkflowDefinition
from wfstudio.domain.kinds import KindSpec

if TYPE_CHECKING:  # jsonschema is imported when a document is first validated
    from jsonschema import Draft202012Validator

SCHEMA_FILE: Final = "workflow.schema.json"
SCHEMA_ID: Final = "urn:wfstudio:schema:workflow"
REGENERATE: Final = ".venv/bin/python -m wfstudio.domain.codec"

_LIMIT_KEYWORDS = frozenset(
    {
        "maxLength",
        "minLength",
        "pattern",
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "multipleOf",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
    }
)
_SUBSCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SUBSCHEMAS = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"}
)


def _structure_only(schema: Any) -> Any:
    """``schema`` without limit keywords (a fixed-length tuple keeps its length)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        fixed_length = key in ("minItems", "maxItems") and "prefixItems" in schema
        if key in _LIMIT_KEYWORDS and not fixed_length:
            continue
        if key in _SUBSCHEMA_MAPS:
            out[key] = {name: _structure_only(sub) for name, sub in value.items()}
        elif key in _SUBSCHEMA_LISTS:
            out[key] = [_structure_only(sub) for sub in value]
        elif key in _SUBSCHEMAS:
            out[key] = _structure_only(value)
        else:
            out[key] = value
    return out


def _kind_rules(
    definition: dict[str, Any], specs: Mapping[str, KindSpec[Any]], refs: Mapping[Any, str]
) -> None:
    """Restrict ``kind`` to the catalogue and, per kind, ``config`` to its config model."""
    definition["properties"]["kind"]["enum"] = sorted(specs)
    definition["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"properties": {"config": {"$ref": refs[specs[kind].config_model]}}},
        }
        for kind in sorted(specs)
    ]


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the workflow document, from the pydantic models."""
    from pydantic.json_schema import models_json_schema

    models: list[type[BaseModel]] = [WorkflowDefinition, Step, Trigger]
    for spec in [*STEPS.values(), *TRIGGERS.values()]:
        if spec.config_model not in models:
            models.append(spec.config_model)
    keys, generated = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/$defs/{model}"
    )
    refs = {model: keys[(model, "validation")]["$ref"] for model in models}
    defs = {name: _structure_only(sub) for name, sub in generated.get("$defs", {}).items()}

    def definition(model: type[BaseModel]) -> dict[str, Any]:
        found: dict[str, Any] = defs[refs[model].rsplit("/", 1)[1]]
        return found

    step, trigger = definition(Step), definition(Trigger)
    step["properties"]["id"]["pattern"] = STEP_ID_PATTERN
    _kind_rules(step, STEPS, refs)
    _kind_rules(trigger, TRIGGERS, refs)

    root = defs.pop(refs[WorkflowDefinition].rsplit("/", 1)[1])
    properties = root["properties"]
    properties["format_version"]["minimum"] = 1
    properties["name"]["minLength"] = 1
    properties["steps"]["maxItems"] = limits.MAX_STEPS_PER_WORKFLOW
    root["required"] = sorted({"format", "format_version", "name", *root.get("required", ())})
    root["title"] = "wfstudio workflow"
    root["description"] = (
        "A wfstudio workflow: one trigger and its steps (export, import, templates, storage)."
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The text the shipped schema file must have (what :func:`write_schema` writes)."""
    return json.dumps(build_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path | None = None) -> Path:
    """Regenerate the shipped schema file (run ``python -m wfstudio.domain.codec``)."""
    target = path or Path(__file__).parents[1] / "schema" / SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    return target


def load_schema() -> dict[str, Any]:
    """The JSON Schema shipped inside the package."""
    text = resources.files("wfstudio.domain").joinpath("schema", SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator() -> Draft202012Validator:
    """A validator for the shipped schema (built once; jsonschema is imported here, not when
    the app starts)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())
