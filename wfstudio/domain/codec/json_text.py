"""Strict JSON parsing: size and encoding checks, repeated keys found, the limits of
:mod:`wfstudio.domain.text` (nesting, numbers, no ``NaN``, no NUL or lone surrogates).

A JSON parser silently keeps the last of repeated keys and accepts ``NaN`` and
``Infinity``; a workflow file must do neither, so both are reported as problems.
"""

from __future__ import annotations

import math
from typing import Any

from wfstudio.domain import limits
from wfstudio.domain.codec.problems import JsonPath, refuse
from wfstudio.domain.text import TextRefused
from wfstudio.domain.text import parse_json as strict_json


def decode(data: str | bytes) -> str:
    """The text of an import (UTF-8, a byte order mark tolerated), refused when unreadable.

    Raises:
        ImportRefused: ``data`` is not text or bytes, too large, or not UTF-8.
    """
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError:
            refuse([((), "the file is not UTF-8 text")])
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        refuse([((), f"expected JSON text, got {type(data).__name__}")])
    if len(raw) > limits.MAX_IMPORT_BYTES:
        size, limit = math.ceil(len(raw) / 1024), limits.MAX_IMPORT_BYTES // 1024
        refuse([((), f"the file is {size} KB; the limit is {limit} KB")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse([((), "the file is not UTF-8 text")])


def parse_json(text: str) -> tuple[Any, list[tuple[JsonPath, str]]]:
    """The parsed JSON and, for each repeated key, its object's path and the key.

    Parsed by :func:`wfstudio.domain.text.parse_json`: nesting, number sizes and text that
    cannot be stored (NUL, lone surrogates) are refused there, the latter with their path.

    Raises:
        ImportRefused: ``text`` is empty, not valid JSON or beyond those limits.
    """
    if not text.strip():
        refuse([((), "the file is empty")])
    repeated: dict[int, list[str]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                repeated.setdefault(id(obj), []).append(key)
            obj[key] = value
        return obj

    try:
        doc = strict_json(text, object_pairs_hook=pairs)
    except TextRefused as refusal:
        if refusal.path:
            refuse([(refusal.path, refusal.detail)])
        refuse([((), f"not valid JSON: {refusal.detail}")])
    return doc, _repeated_keys(doc, repeated) if repeated else []


def _repeated_keys(doc: Any, repeated: dict[int, list[str]]) -> list[tuple[JsonPath, str]]:
    found: list[tuple[JsonPath, str]] = []
    stack: list[tuple[JsonPath, Any]] = [((), doc)]
    while stack:  # iterative: the document may be nested deeper than Python recursion
        path, node = stack.pop()
        if isinstance(node, dict):
            found.extend((path, key) for key in repeated.get(id(node), ()))
            stack.extend(((*path, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))
    return found
