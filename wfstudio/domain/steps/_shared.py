"""Small rules several step kinds share: variable names, durations, short texts.

Decisions written down here:

* ``$variables`` inside text follow :mod:`wfstudio.domain.variables`
  (:data:`~wfstudio.domain.variables.VARIABLE_IN_TEXT`); ``$5`` or a JSON path such as
  ``$.data`` is not a variable.
* A *variable name* the user types (where an answer or a response is saved) is checked
  with :func:`~wfstudio.domain.variables.is_variable_name`.
* Timeouts are whole seconds between one minute and seven days (SPEC §8).
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext
from wfstudio.domain.limits import MAX_WAIT_SECONDS
from wfstudio.domain.variables import is_variable_name

MIN_TIMEOUT_SECONDS: Final = 60
MAX_TIMEOUT_SECONDS: Final = MAX_WAIT_SECONDS


def check_variable_name(ctx: CheckContext, name: str, path: str, label: str) -> bool:
    """``name`` must be given and be a valid variable name."""
    if not ctx.require(name, path, label):
        return False
    if not is_variable_name(name):
        ctx.error(
            Code.INVALID_VALUE,
            path,
            f"{label} “{name}” is not a valid name: use letters, digits and underscores, "
            "not starting with a digit (at most 64), e.g. order_id.",
        )
        return False
    return True


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an ``http://`` or ``https://`` URL with a host and no spaces."""
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket: not a URL, and validation never raises
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


def check_timeout(
    ctx: CheckContext,
    seconds: int,
    path: str,
    label: str,
    low: int = MIN_TIMEOUT_SECONDS,
    high: int = MAX_TIMEOUT_SECONDS,
) -> bool:
    """A duration in seconds between ``low`` and ``high`` (one minute … seven days)."""
    if low <= seconds <= high:
        return True
    ctx.error(
        Code.OUT_OF_RANGE,
        path,
        f"{label} must be between {format_duration(low)} and {format_duration(high)}.",
    )
    return False


def format_duration(seconds: int) -> str:
    """``90`` → ``1 min 30 s``, ``604800`` → ``7 days``: for summaries and messages."""
    if seconds <= 0:
        return f"{seconds} s"
    parts: list[str] = []
    for size, singular, plural in (
        (86_400, "day", "days"),
        (3_600, "h", "h"),
        (60, "min", "min"),
        (1, "s", "s"),
    ):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {singular if count == 1 else plural}")
    return " ".join(parts)


def shorten(text: str, limit: int = 60) -> str:
    """The first line of ``text``, cut to ``limit`` characters with an ellipsis."""
    stripped = text.strip()
    line = stripped.splitlines()[0] if stripped else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def duplicates(values: list[str], fold_case: bool = False) -> list[int]:
    """Indexes of the values that repeat an earlier one (empty values are skipped)."""
    seen: set[str] = set()
    repeated: list[int] = []
    for index, value in enumerate(values):
        key = value.strip().casefold() if fold_case else value.strip()
        if not key:
            continue
        if key in seen:
            repeated.append(index)
        seen.add(key)
    return repeated
