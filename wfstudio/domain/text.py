"""Text and JSON from outside, checked once at the edge: what can be stored is let in.

Two characters cannot be stored: NUL (U+0000; PostgreSQL's text and JSON refuse it) and a
lone surrogate (U+D800–U+DFFF without its pair: not a character, so not UTF-8; JSON's
``"\\ud800"`` escape makes one). Text that holds either is refused, never repaired: the
sender learns which field to fix, and what is stored is what was sent.

JSON documents are parsed by :func:`parse_json`, which refuses, with the field's path:

* nesting deeper than :data:`MAX_JSON_DEPTH`, found by a scan of the text *before* the
  parser runs (Python's parser recurses once per level);
* a number literal longer than :data:`MAX_NUMBER_CHARS` characters (Python converts a
  long integer in quadratic time and refuses more than 4,300 digits), ``NaN``,
  ``Infinity`` and numbers beyond a float's range (not JSON; PostgreSQL refuses them);
* a string (a key or a value) that holds NUL or a lone surrogate.

Refusals quote at most an :func:`excerpt` of what was sent. Pure: no I/O.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

MAX_JSON_DEPTH = 64
"""Levels of ``[`` and ``{``; a workflow file has about 10, a message body 2 or 3."""
MAX_NUMBER_CHARS = 40
"""A number literal's characters: a 64-bit integer has 20, a double 24 at most."""
EXCERPT_CHARS = 40
MAX_ID_DIGITS = 18
"""An id in a URL or a field: at most 18 ASCII digits (fits a 64-bit integer)."""

JsonPath = tuple[str | int, ...]

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A JSON string (the unrolled loop is linear even on an unterminated string).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def flaw(text: str) -> str | None:
    """What makes ``text`` impossible to store ("contains a NUL character (U+0000)", "contains
    a lone surrogate (U+D800)"), or None when it is fine."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return "contains a NUL character (U+0000)"
    return f"contains a lone surrogate (U+{code:04X}), which is not text"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters of ``text`` to quote in a message, "…" when cut; NUL and
    lone surrogates shown as U+FFFD (so the message itself can be sent and stored)."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return _UNSTORABLE.sub("\ufffd", short)


class TextRefused(ValueError):
    """Text or a JSON document that is not let in.

    Attributes:
        detail: what is wrong. With an empty ``path``, why the document is not valid JSON
            ("nested more than 64 levels deep"); else what the value at ``path`` holds
            ("contains a NUL character (U+0000)").
        path: where, as keys and list indexes (empty: the whole document).
    """

    def __init__(self, detail: str, path: JsonPath = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.path = path

    def sentence(self, whole: str = "The body") -> str:
        """The refusal as one sentence naming the field: ``"contact.name" contains …`` or
        ``<whole> is not valid JSON: …``."""
        if self.path:
            return f'"{dotted(self.path)}" {self.detail}.'
        return f"{whole} is not valid JSON: {self.detail}."


def dotted(path: JsonPath) -> str:
    """``("contact", "name")`` as ``contact.name``, ``("items", 0)`` as ``items.0``."""
    return ".".join(excerpt(str(part)) for part in path) or "(the whole value)"


def require_text(text: str, field: str) -> str:
    """``text`` itself when it can be stored.

    Raises:
        TextRefused: it holds NUL or a lone surrogate (``path`` is ``(field,)``).
    """
    problem = flaw(text)
    if problem is not None:
        raise TextRefused(problem, (field,))
    return text


def parse_id(text: str) -> int | None:
    """The id ``text`` spells in ASCII digits (at most :data:`MAX_ID_DIGITS`), else None:
    ``"²"`` and ``"٣"`` are digits to ``str.isdigit`` but not ids."""
    if 0 < len(text) <= MAX_ID_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


def _number_literal(text: str) -> str:
    if len(text) > MAX_NUMBER_CHARS:
        raise TextRefused(
            f"a number has more than {MAX_NUMBER_CHARS} characters ({excerpt(text, 20)})"
        )
    return text


def _int(text: str) -> int:
    return int(_number_literal(text))


def _float(text: str) -> float:
    value = float(_number_literal(text))
    if not math.isfinite(value):
        raise TextRefused(f"the number {excerpt(text, 20)} is too large")
    return value


def _constant(name: str) -> Any:
    raise TextRefused(f"{name} is not allowed in JSON")


def _decoder(
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> json.JSONDecoder:
    return json.JSONDecoder(
        parse_int=_int,
        parse_float=_float,
        parse_constant=_constant,
        object_pairs_hook=object_pairs_hook,
    )


_DECODER = _decoder()  # built once: json.loads with hooks builds a decoder per call


def too_deep(text: str, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``text`` opens more than ``max_depth`` levels of ``[``/``{`` outside its
    strings (a scan, no parsing: the parser would recurse that deep)."""
    if text.count("[") + text.count("{") <= max_depth:
        return False  # cannot nest deeper than the brackets it has (the usual case)
    steps = (1 if b in "[{" else -1 for b in _BRACKET.findall(_STRING.sub("", text)))
    return max(accumulate(steps, initial=0)) > max_depth


def parse_json(
    text: str,
    *,
    max_depth: int = MAX_JSON_DEPTH,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """The JSON value of ``text`` (already decoded), within the limits of this module.

    Args:
        text: the JSON text.
        max_depth: the deepest nesting let in.
        object_pairs_hook: as ``json.loads`` takes it (the codec finds repeated keys).

    Raises:
        TextRefused: ``text`` is not JSON, is nested too deeply, has an oversized or
            non-finite number, or a string with NUL or a lone surrogate (its path given).
    """
    if too_deep(text, max_depth):
        raise TextRefused(f"nested more than {max_depth} levels deep")
    decoder = _DECODER if object_pairs_hook is None else _decoder(object_pairs_hook)
    try:
        value = decoder.decode(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise TextRefused(f"{error.msg} ({where})") from None
    except RecursionError:  # not expected below MAX_JSON_DEPTH; never a 500
        raise TextRefused(f"nested more than {max_depth} levels deep") from None
    # A string can only hold NUL or a surrogate through a \u escape (the parser refuses
    # control characters in strings), or when ``text`` itself holds one.
    if "\\u" in text or _UNSTORABLE.search(text) is not None:
        check_json_value(value)
    return value


def check_json_value(value: object) -> None:
    """Refuse a parsed JSON value with a key or string that cannot be stored.

    Raises:
        TextRefused: naming the first such key or value's path (no recursion: a value
            built in Python may be nested deeper than the parser lets in).
    """
    stack: list[tuple[JsonPath, object]] = [((), value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            problem = flaw(node)
            if problem is not None:
                raise TextRefused(problem, path)
        elif isinstance(node, dict):
            for key, item in reversed(node.items()):
                if isinstance(key, str) and (problem := flaw(key)) is not None:
                    raise TextRefused(f"is a key that {problem}", (*path, key))
                stack.append(((*path, key), item))
        elif isinstance(node, list | tuple):
            stack.extend(((*path, index), item) for index, item in reversed(list(enumerate(node))))
