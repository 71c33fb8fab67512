"""The workflow document on disk (SPEC §1, §7): JSON Schema, ``dump`` and ``load``.

One format serves export and import files, templates and stored drafts and versions.
Following Airflow's serialization habits, its JSON Schema is generated from the pydantic
models (``python -m wfstudio.domain.codec`` rewrites ``schema/workflow.schema.json``),
ships as package data, and every load goes through the shipped file. Output is
deterministic, so export → import → export gives identical bytes.

Decisions:

* The schema checks types and structure only. Limits (text length, option counts, …)
  are configuration errors that validation reports with the step and the field, so a
  config's length and range keywords are dropped from the schema. The document-level
  rules of SPEC §7 stay: a non-empty name and at most ``MAX_STEPS_PER_WORKFLOW`` steps.
* ``format``, ``format_version`` and ``name`` are required; every other key is optional
  with a default, so the format grows by optional fields. A file from a newer format
  version is refused; older ones go through :data:`MIGRATIONS` first.
* "More than one trigger" in a file is a list under ``trigger``, an extra ``triggers``
  key, or a repeated ``trigger`` key; any of these gives one specific problem line
  instead of the generic schema errors about those keys.
* Repeated keys anywhere are refused (a JSON parser would silently keep the last one);
  ``NaN``, ``Infinity`` and numbers too large for a float are not JSON and are refused;
  a UTF-8 byte order mark is tolerated.
* Configs are normalised through their kind's config model (defaults filled in) when
  they parse; a config that does not parse is kept as it is for validation to report.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from wfstudio.domain import limits
from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import (
    FORMAT,
    FORMAT_VERSION,
    STEP_ID_PATTERN,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.domain.kinds import KindSpec

HEADLINE: Final = "Invalid JSON schema, please submit a valid JSON file"
SCHEMA_FILE: Final = "workflow.schema.json"
SCHEMA_ID: Final = "urn:wfstudio:schema:workflow"
REGENERATE: Final = ".venv/bin/python -m wfstudio.domain.codec"

Path_ = tuple[str | int, ...]

MIGRATIONS: Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Upgrades of a document from format version ``n`` to ``n + 1`` (none yet)."""


class ImportRefused(ValueError):
    """A document that cannot be loaded; ``problems`` holds one line per problem.

    Each line starts with the JSON path of the problem (``$.steps[3].config.text: …``);
    ``str()`` is :data:`HEADLINE` followed by those lines.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems) or ["$: the document could not be read"]
        super().__init__("\n".join([HEADLINE, *self.problems]))

    def __reduce__(self) -> tuple[type[ImportRefused], tuple[list[str]]]:
        return (ImportRefused, (self.problems,))


# --- JSON Schema -------------------------------------------------------------------------

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


def _schema_text(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_text() -> str:
    """The text the shipped schema file must have (what :func:`write_schema` writes)."""
    return _schema_text(build_schema())


def write_schema(path: Path | None = None) -> Path:
    """Regenerate the shipped schema file (run ``python -m wfstudio.domain.codec``)."""
    target = path or Path(__file__).with_name("schema") / SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    return target


def load_schema() -> dict[str, Any]:
    """The JSON Schema shipped inside the package."""
    text = resources.files("wfstudio.domain").joinpath("schema", SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema())


# --- dump --------------------------------------------------------------------------------


def _normalised(node: Any, specs: Mapping[str, KindSpec[Any]]) -> Any:
    """A copy of a trigger or step dict whose config has its model's defaults filled in."""
    if not isinstance(node, dict) or not isinstance(node.get("config"), dict):
        return node
    spec = specs.get(node.get("kind"))  # type: ignore[arg-type]
    if spec is None:
        return node
    try:
        config = spec.parse(node["config"]).model_dump(mode="json")
    except ValidationError:
        return node  # validation reports it, naming the step and the field
    return {**node, "config": config}


def _with_normalised_configs(doc: dict[str, Any]) -> dict[str, Any]:
    doc = {**doc, "trigger": _normalised(doc.get("trigger"), TRIGGERS)}
    if isinstance(doc.get("steps"), list):
        doc["steps"] = [_normalised(step, STEPS) for step in doc["steps"]]
    return doc


def definition_to_dict(defn: WorkflowDefinition) -> dict[str, Any]:
    """The document of ``defn`` as JSON-ready data, configs normalised, layout sorted."""
    doc = _with_normalised_configs(defn.model_dump(mode="json"))
    doc["format"] = FORMAT
    doc["format_version"] = FORMAT_VERSION
    doc["layout"] = dict(sorted(doc["layout"].items()))
    return doc


def dump(defn: WorkflowDefinition) -> str:
    """The document as deterministic JSON: sorted keys, 2-space indent, final newline.

    Raises:
        ValueError: ``defn`` holds a number that is not finite (not representable in JSON).
    """
    doc = definition_to_dict(defn)
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


# --- load --------------------------------------------------------------------------------


def load(data: str | bytes) -> WorkflowDefinition:
    """Read a document (an import file, a template, a stored draft).

    Raises:
        ImportRefused: for anything that is not a valid document; never another error.
    """
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError:
            _refuse([((), "the file is not UTF-8 text")])
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        _refuse([((), f"expected JSON text, got {type(data).__name__}")])
    if len(raw) > limits.MAX_IMPORT_BYTES:
        size, limit = math.ceil(len(raw) / 1024), limits.MAX_IMPORT_BYTES // 1024
        _refuse([((), f"the file is {size} KB; the limit is {limit} KB")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse([((), "the file is not UTF-8 text")])
    doc, duplicates = _parse_json(text)
    return _from_document(doc, duplicates)


def definition_from_dict(data: object) -> WorkflowDefinition:
    """Validate JSON data (as ``json.loads`` gives) into a definition, like :func:`load`.

    Raises:
        ImportRefused: when ``data`` is not a valid document.
    """
    return _from_document(data, [])


def _refuse(problems: Iterable[tuple[Path_, str]]) -> Any:
    lines: list[str] = []
    for path, message in problems:
        line = f"{_json_path(path)}: {message}"
        if line not in lines:
            lines.append(line)
    raise ImportRefused(lines)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _parse_json(text: str) -> tuple[Any, list[tuple[Path_, str]]]:
    """The parsed JSON and, for each repeated key, its object's path and the key."""
    if not text.strip():
        _refuse([((), "the file is empty")])
    repeated: dict[int, list[str]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                repeated.setdefault(id(obj), []).append(key)
            obj[key] = value
        return obj

    try:
        doc = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        _refuse([((), f"not valid JSON: {error.msg} ({where})")])
    except RecursionError:
        _refuse([((), "not valid JSON: nested too deeply")])
    except ValueError as error:
        _refuse([((), f"not valid JSON: {str(error)[:120]}")])
    return doc, _repeated_keys(doc, repeated) if repeated else []


def _repeated_keys(doc: Any, repeated: dict[int, list[str]]) -> list[tuple[Path_, str]]:
    found: list[tuple[Path_, str]] = []
    stack: list[tuple[Path_, Any]] = [((), doc)]
    while stack:  # iterative: the document may be nested deeper than Python recursion
        path, node = stack.pop()
        if isinstance(node, dict):
            found.extend((path, key) for key in repeated.get(id(node), ()))
            stack.extend(((*path, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))
    return found


def _from_document(doc: Any, repeated: list[tuple[Path_, str]]) -> WorkflowDefinition:
    doc = _migrated(doc)
    problems = _schema_problems(doc, repeated)
    problems.extend(_document_problems(doc))
    if problems:
        _refuse(problems)
    try:
        return WorkflowDefinition.model_validate(_with_normalised_configs(doc))
    except ValidationError as error:
        _refuse(_pydantic_problems(error))
    except RecursionError:
        _refuse([((), "the document is nested too deeply")])
    raise AssertionError("unreachable")


def _pydantic_problems(error: ValidationError) -> Iterable[tuple[Path_, str]]:
    for found in error.errors(include_url=False):
        path: Path_ = tuple(found["loc"])
        if found["type"] == "string_pattern_mismatch" and path[-1:] == ("id",):
            yield path, _message(path, "pattern", None, None, found["msg"])
        else:
            yield path, found["msg"]


def _migrated(doc: Any) -> Any:
    version = doc.get("format_version") if isinstance(doc, dict) else None
    if type(version) is not int:
        return doc  # the schema reports it
    if version > FORMAT_VERSION:
        message = f"format version {version} is newer than this wfstudio reads ({FORMAT_VERSION})"
        _refuse([(("format_version",), message)])
    for step in range(max(version, 1), FORMAT_VERSION):
        try:
            doc = {**MIGRATIONS[step](doc), "format_version": step + 1}
        except (KeyError, TypeError, ValueError, AttributeError):
            # A migration trusts the shape of its version; a malformed file may break that.
            _refuse([((), f"the file cannot be upgraded from format version {step}")])
    return doc


def _trigger_count(doc: dict[str, Any], repeated: list[tuple[Path_, str]]) -> int:
    def count(value: Any) -> int:
        return len(value) if isinstance(value, list) else int(value is not None)

    extra = count(doc.get("triggers"))
    return count(doc.get("trigger")) + extra + repeated.count(((), "trigger"))


def _schema_problems(doc: Any, repeated: list[tuple[Path_, str]]) -> list[tuple[Path_, str]]:
    """Schema errors, repeated keys and the "more than one trigger" line, sorted by path."""
    count = _trigger_count(doc, repeated) if isinstance(doc, dict) else 0
    listed = count > 1 and isinstance(doc.get("trigger"), list)
    if count > 1:
        repeated = [found for found in repeated if found != ((), "trigger")]
    problems = [
        (path, f"the key {json.dumps(key)} appears more than once") for path, key in repeated
    ]
    if count > 1:
        where = "trigger" if listed or "triggers" not in doc else "triggers"
        problems.append(((where,), f"the file has {count} triggers; a workflow has exactly one"))
    for error in _validator().iter_errors(doc):
        for path, message in _describe(error):
            # The specific line above replaces the generic errors about these keys.
            if count > 1 and (path == ("triggers",) or (listed and path[:1] == ("trigger",))):
                continue
            problems.append((path, message))
    return sorted(problems, key=lambda problem: (_sort_key(problem[0]), problem[1]))


def _document_problems(doc: Any) -> list[tuple[Path_, str]]:
    """The rules of SPEC §7 the schema cannot say: trigger without steps, step count, ids."""
    if not isinstance(doc, dict):
        return []
    steps = doc.get("steps")
    problems: list[tuple[Path_, str]] = []
    if isinstance(doc.get("trigger"), dict) and steps in (None, []):
        problems.append((("steps",), "the workflow has a trigger but no step"))
    if not isinstance(steps, list):
        return problems
    if len(steps) > limits.MAX_STEPS_PER_WORKFLOW:
        problems.append((("steps",), _too_many_steps(len(steps), limits.MAX_STEPS_PER_WORKFLOW)))
    first: dict[str, int] = {}
    for index, step in enumerate(steps):
        step_id = step.get("id") if isinstance(step, dict) else None
        if not isinstance(step_id, str):
            continue
        if step_id in first:
            earlier = _json_path(("steps", first[step_id], "id"))
            message = f"duplicate step id {json.dumps(step_id)} (first used at {earlier})"
            problems.append((("steps", index, "id"), message))
        else:
            first[step_id] = index
    return problems


def _too_many_steps(count: int, limit: int) -> str:
    return f"the file has {count} steps; the limit is {limit}"


# --- problem lines -----------------------------------------------------------------------

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _json_path(path: Path_) -> str:
    """``("steps", 3, "config")`` → ``$.steps[3].config``; odd keys in ``["…"]``."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            out += f".{part}"
        else:
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
    return out


def _sort_key(path: Path_) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in path)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    for kind, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string")):
        if isinstance(value, kind):
            return name
    if isinstance(value, list | dict):
        return "array" if isinstance(value, list) else "object"
    return type(value).__name__


def _short(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _describe(error: SchemaError) -> list[tuple[Path_, str]]:
    """Short problem lines for one schema error (the default messages repeat the value)."""
    path: Path_ = tuple(error.absolute_path)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword in ("anyOf", "oneOf") and error.context:
        return _describe_alternatives(path, error)
    if keyword == "required":
        return [
            ((*path, key), "this required key is missing") for key in expected if key not in value
        ]
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = error.schema.get("properties", {})
        return [((*path, key), "unknown key") for key in value if key not in known]
    return [(path, _message(path, keyword, expected, value, error.message))]


def _describe_alternatives(path: Path_, error: SchemaError) -> list[tuple[Path_, str]]:
    """For ``anyOf``: the errors of the best alternative whose type fits the value."""
    branches: dict[Any, list[SchemaError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and tuple(e.absolute_path) == path for e in errors)
    ]
    if fitting:
        best = min(fitting, key=len)
        return [line for sub in best for line in _describe(sub)]
    types = [
        e.validator_value for errors in branches.values() for e in errors if e.validator == "type"
    ]
    return [(path, _message(path, "type", _flat(types), error.instance, error.message))]


def _flat(types: list[Any]) -> list[str]:
    out: list[str] = []
    for item in types:
        for name in [item] if isinstance(item, str) else item:
            if name not in out:
                out.append(name)
    return out


def _message(path: Path_, keyword: Any, expected: Any, value: Any, default: str) -> str:
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        return f"expected {' or '.join(names)}, got {_json_type(value)}"
    if keyword == "const":
        return f"expected {_short(expected)}"
    if keyword == "enum" and path[-1:] == ("kind",):
        where = "step" if path[:1] == ("steps",) else "trigger"
        return f"unknown {where} kind {_short(value)}"
    if keyword == "enum":
        return f"must be one of {', '.join(_short(choice) for choice in expected)}"
    if keyword == "minimum":
        return f"must be at least {expected}"
    if keyword == "minLength":
        return "must not be empty" if expected == 1 else f"needs at least {expected} characters"
    if keyword == "maxItems" and path == ("steps",):
        return _too_many_steps(len(value), expected)
    if keyword == "pattern" and path[-1:] == ("id",):
        return "a step id is 1 to 64 letters, digits, '_' or '-'"
    if keyword == "pattern":
        return f"does not match {expected}"
    return default if len(default) <= 200 else default[:199] + "…"


if __name__ == "__main__":
    print(f"wrote {write_schema()}")
