"""Writing the workflow document: deterministic JSON with every config normalised."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import FORMAT, FORMAT_VERSION, WorkflowDefinition
from wfstudio.domain.kinds import KindSpec


def _normalised(node: Any, specs: Mapping[str, KindSpec[Any]]) -> Any:
    """A copy of a trigger or step dict whose config has its model's defaults filled in."""
    if not isinstance(node, dict) or not isinstance(node.get("config"), dict):
        return node
    spec = specs.get(node.get("kind"))  # type: ignore[arg-type]
    if spec is None:
        return node
    config = spec.parse_or_none(node["config"])
    if config is None:
        return node  # validation reports it, naming the step and the field
    return {**node, "config": config.model_dump(mode="json")}


def with_normalised_configs(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of a document dict whose trigger and step configs that parse are normalised."""
    doc = {**doc, "trigger": _normalised(doc.get("trigger"), TRIGGERS)}
    if isinstance(doc.get("steps"), list):
        doc["steps"] = [_normalised(step, STEPS) for step in doc["steps"]]
    return doc


def definition_to_dict(defn: WorkflowDefinition) -> dict[str, Any]:
    """The document of ``defn`` as JSON-ready data, configs normalised, layout sorted."""
    doc = with_normalised_configs(defn.model_dump(mode="json"))
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
