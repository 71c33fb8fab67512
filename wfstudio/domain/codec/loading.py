"""Reading the workflow document: migrate, check against the shipped schema, build.

Every way in (an import file, a template, a stored draft, already-parsed JSON data)
ends in :class:`~wfstudio.domain.codec.problems.ImportRefused` or a definition.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from wfstudio.domain import limits
from wfstudio.domain.codec.dumping import with_normalised_configs
from wfstudio.domain.codec.json_text import decode, parse_json
from wfstudio.domain.codec.problems import (
    JsonPath,
    Problem,
    describe,
    json_path,
    pydantic_problems,
    refuse,
    sort_key,
    too_many_steps,
)
from wfstudio.domain.codec.schema import validator
from wfstudio.domain.definition import FORMAT_VERSION, WorkflowDefinition

MIGRATIONS: Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Upgrades of a document from format version ``n`` to ``n + 1`` (none yet)."""


def load(data: str | bytes) -> WorkflowDefinition:
    """Read a document (an import file, a template, a stored draft).

    Raises:
        ImportRefused: for anything that is not a valid document; never another error.
    """
    doc, repeated = parse_json(decode(data))
    return _from_document(doc, repeated)


def definition_from_dict(data: object) -> WorkflowDefinition:
    """Validate JSON data (as ``json.loads`` gives) into a definition, like :func:`load`.

    Raises:
        ImportRefused: when ``data`` is not a valid document.
    """
    return _from_document(data, [])


def _from_document(doc: Any, repeated: list[tuple[JsonPath, str]]) -> WorkflowDefinition:
    doc = _migrated(doc)
    problems = _schema_problems(doc, repeated)
    problems.extend(_document_problems(doc))
    if problems:
        refuse(problems)
    try:
        return WorkflowDefinition.model_validate(with_normalised_configs(doc))
    except ValidationError as error:
        refuse(pydantic_problems(error))
    except RecursionError:
        refuse([((), "the document is nested too deeply")])


def _migrated(doc: Any) -> Any:
    version = doc.get("format_version") if isinstance(doc, dict) else None
    if type(version) is not int:
        return doc  # the schema reports it
    if version > FORMAT_VERSION:
        message = f"format version {version} is newer than this wfstudio reads ({FORMAT_VERSION})"
        refuse([(("format_version",), message)])
    for step in range(max(version, 1), FORMAT_VERSION):
        try:
            doc = {**MIGRATIONS[step](doc), "format_version": step + 1}
        except (KeyError, TypeError, ValueError, AttributeError):
            # A migration trusts the shape of its version; a malformed file may break that.
            refuse([((), f"the file cannot be upgraded from format version {step}")])
    return doc


def _trigger_count(doc: dict[str, Any], repeated: list[tuple[JsonPath, str]]) -> int:
    def count(value: Any) -> int:
        return len(value) if isinstance(value, list) else int(value is not None)

    extra = count(doc.get("triggers"))
    return count(doc.get("trigger")) + extra + repeated.count(((), "trigger"))


def _schema_problems(doc: Any, repeated: list[tuple[JsonPath, str]]) -> list[Problem]:
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
    for error in validator().iter_errors(doc):
        for path, message in describe(error):
            # The specific line above replaces the generic errors about these keys.
            if count > 1 and (path == ("triggers",) or (listed and path[:1] == ("trigger",))):
                continue
            problems.append((path, message))
    return sorted(problems, key=lambda problem: (sort_key(problem[0]), problem[1]))


def _document_problems(doc: Any) -> list[Problem]:
    """The rules of SPEC §7 the schema cannot say: trigger without steps, step count, ids."""
    if not isinstance(doc, dict):
        return []
    steps = doc.get("steps")
    problems: list[Problem] = []
    if isinstance(doc.get("trigger"), dict) and steps in (None, []):
        problems.append((("steps",), "the workflow has a trigger but no step"))
    if not isinstance(steps, list):
        return problems
    if len(steps) > limits.MAX_STEPS_PER_WORKFLOW:
        problems.append((("steps",), too_many_steps(len(steps), limits.MAX_STEPS_PER_WORKFLOW)))
    first: dict[str, int] = {}
    for index, step in enumerate(steps):
        step_id = step.get("id") if isinstance(step, dict) else None
        if not isinstance(step_id, str):
            continue
        if step_id in first:
            earlier = json_path(("steps", first[step_id], "id"))
            message = f"duplicate step id {json.dumps(step_id)} (first used at {earlier})"
            problems.append((("steps", index, "id"), message))
        else:
            first[step_id] = index
    return problems
