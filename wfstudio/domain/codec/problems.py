"""What is wrong with a document, as ``$.path: message`` lines, and the refusal carrying them.

Schema errors, pydantic errors and the codec's own checks all end here, so a file gets
one short line per problem whatever found it (the libraries' default messages repeat
the offending value, which may be large).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, NoReturn

from pydantic import ValidationError

if TYPE_CHECKING:  # jsonschema is imported when a document is first validated (schema.py)
    from jsonschema.exceptions import ValidationError as SchemaError

HEADLINE: Final = "Invalid JSON schema, please submit a valid JSON file"

JsonPath = tuple[str | int, ...]
"""Where a problem is: keys and list indexes from the document root."""

Problem = tuple[JsonPath, str]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


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


def refuse(problems: Iterable[Problem]) -> NoReturn:
    """Raise :class:`ImportRefused` with one line per distinct problem, in order."""
    lines: list[str] = []
    for path, message in problems:
        line = f"{json_path(path)}: {message}"
        if line not in lines:
            lines.append(line)
    raise ImportRefused(lines)


def json_path(path: JsonPath) -> str:
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


def sort_key(path: JsonPath) -> tuple[tuple[int, int, str], ...]:
    """Orders paths as a reader expects: list indexes numerically, keys alphabetically."""
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in path)


def too_many_steps(count: int, limit: int) -> str:
    """The message for a document with more steps than the limit."""
    return f"the file has {count} steps; the limit is {limit}"


def pydantic_problems(error: ValidationError) -> Iterable[Problem]:
    """The problems of a pydantic error, a bad step id worded as the schema's would be."""
    for found in error.errors(include_url=False):
        path: JsonPath = tuple(found["loc"])
        if found["type"] == "string_pattern_mismatch" and path[-1:] == ("id",):
            yield path, _message(path, "pattern", None, None, found["msg"])
        else:
            yield path, found["msg"]


def describe(error: SchemaError) -> list[Problem]:
    """Short problem lines for one schema error (the default messages repeat the value)."""
    path: JsonPath = tuple(error.absolute_path)
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


def _describe_alternatives(path: JsonPath, error: SchemaError) -> list[Problem]:
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
        return [line for sub in best for line in describe(sub)]
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


def _message(path: JsonPath, keyword: Any, expected: Any, value: Any, default: str) -> str:
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
        return too_many_steps(len(value), expected)
    if keyword == "pattern" and path[-1:] == ("id",):
        return "a step id is 1 to 64 letters, digits, '_' or '-'"
    if keyword == "pattern":
        return f"does not match {expected}"
    return default if len(default) <= 200 else default[:199] + "…"
