"""HTTP Request: calls an external HTTP API and maps the JSON response to variables.

*success* is taken on a 2xx status; anything else (other status, network error, timeout)
takes *failure* when the toggle is on and ends the enrollment otherwise.

Decisions SPEC leaves open:

* The URL must start with ``http://`` or ``https://``, or with a ``$variable`` that holds
  the whole URL (then it is checked at run time); it may contain ``$variables``. It may
  not carry a user name or password, nor name a non-public address as an IP literal
  (:mod:`wfstudio.domain.outbound`; the runtime checks resolved names and redirects).
* Header names must be valid HTTP tokens and distinct (ignoring case); values may
  contain ``$variables``. When the body is not empty and no ``Content-Type`` header is
  given, ``application/json`` is sent.
* The body is JSON text with ``$variables`` (``$$`` is a literal ``$``, as in
  :mod:`wfstudio.domain.variables`; see :func:`render_body`): inside a JSON
  string a variable is inserted JSON-escaped (an unknown variable stays as written); a
  variable standing alone as a value is inserted as JSON when its text is valid JSON
  (``42``, ``true``, ``{"a": 1}``) and as a JSON string otherwise (``null`` when it is
  unknown). The check therefore renders every bare variable as ``null`` and requires
  the result to parse. A body on a GET request is only warned about.
* Response mappings take JSON paths: ``$`` (the whole body), ``.key`` and ``[n]``
  segments, and ``['key']`` for keys with dots or spaces, e.g. ``$.data.contacts[1].name``
  (see :func:`json_path_steps`). Each maps to a distinct variable name.
* The request timeout is 1–60 seconds (default 10); "save status as variable" stores the
  numeric status (empty when no response arrived).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.limits import MAX_HTTP_HEADERS, MAX_RESPONSE_MAPPINGS
from wfstudio.domain.outbound import url_problem
from wfstudio.domain.steps._shared import check_variable_name, duplicates, is_web_url, shorten
from wfstudio.domain.variables import VARIABLE_IN_TEXT

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]

DEFAULT_HTTP_TIMEOUT_SECONDS: Final = 10
MAX_HTTP_TIMEOUT_SECONDS: Final = 60
HEADER_NAME: Final = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_PATH_SEGMENT: Final = re.compile(r"""\.([^.\[\]\s'"]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]""")


@dataclass(frozen=True)
class BodyVariable:
    """A ``$variable`` found in a body: its name (without ``$``) and where it stands."""

    name: str
    in_string: bool


def split_body(body: str) -> list[str | BodyVariable]:
    """``body`` cut into literal text and the variables inside it, in order."""
    parts: list[str | BodyVariable] = []
    literal_start = 0
    in_string = False
    index = 0
    while index < len(body):
        char = body[index]
        if in_string and char == "\\":
            index += 2
            continue
        if char == '"':
            in_string = not in_string
        elif char == "$":
            match = VARIABLE_IN_TEXT.match(body, index)
            if match:
                if literal_start < index:
                    parts.append(body[literal_start:index])
                token = match.group()
                parts.append("$" if token == "$$" else BodyVariable(token[1:], in_string))
                index = literal_start = match.end()
                continue
        index += 1
    if literal_start < len(body):
        parts.append(body[literal_start:])
    return parts


def render_body(body: str, lookup: Callable[[str], str | None]) -> str:
    """The body with its variables replaced; ``lookup`` gives a variable's text or None."""
    out: list[str] = []
    for part in split_body(body):
        if isinstance(part, str):
            out.append(part)
            continue
        value = lookup(part.name)
        if part.in_string:
            out.append(f"${part.name}" if value is None else json.dumps(value)[1:-1])
        elif value is None:
            out.append("null")
        else:
            try:
                json.loads(value)
            except ValueError:
                out.append(json.dumps(value))
            else:
                out.append(value.strip())
    return "".join(out)


def body_problem(body: str) -> str | None:
    """Why ``body`` is not valid JSON once its variables are filled in, or None."""
    if not body.strip():
        return None
    try:
        json.loads(render_body(body, lambda _name: None))
    except json.JSONDecodeError as error:
        return f"line {error.lineno}, column {error.colno}: {error.msg}"
    return None


def json_path_steps(path: str) -> list[str | int] | None:
    """The keys and indexes of a response-mapping path, or None when it is not valid."""
    path = path.strip()
    if not path.startswith("$"):
        return None
    steps: list[str | int] = []
    position = 1
    while position < len(path):
        match = _PATH_SEGMENT.match(path, position)
        if match is None:
            return None
        key, number, single, double = match.groups()
        if number is not None:
            steps.append(int(number))
        else:
            steps.append(next(v for v in (key, single, double) if v is not None))
        position = match.end()
    return steps


class Header(Config):
    name: str = ""
    value: str = ""


class ResponseMapping(Config):
    """JSON path in the response → variable name (used as ``$var.<name>``)."""

    path: str = ""
    variable: str = ""


class HttpRequestConfig(Config):
    method: HttpMethod = "GET"
    url: str = ""
    headers: tuple[Header, ...] = ()
    body: str = ""
    timeout_seconds: int = DEFAULT_HTTP_TIMEOUT_SECONDS
    response_mappings: tuple[ResponseMapping, ...] = ()
    save_status: bool = False
    status_variable: str = ""
    failure_branch: bool = False


class HttpRequest(StepSpec[HttpRequestConfig]):
    kind = "http_request"
    label = "HTTP Request"
    icon = "globe"
    description = "Call an external API and save parts of its JSON response as variables."
    group = "Integrations"
    config_model = HttpRequestConfig

    def ports(self, config: HttpRequestConfig) -> list[Port]:
        ports = [Port("success", "Success")]
        if config.failure_branch:
            ports.append(Port("failure", "Failure", always=False))
        return ports

    def check(self, config: HttpRequestConfig, ctx: CheckContext) -> None:
        url = config.url.strip()
        leading = VARIABLE_IN_TEXT.match(url)
        literal = leading is None or leading.group() == "$$"  # "$var.site/…" is known at run time
        if ctx.require(url, "url", "The URL") and literal:
            if not is_web_url(url):
                ctx.error(
                    Code.INVALID_VALUE,
                    "url",
                    "The URL must start with http:// or https:// and contain no spaces.",
                )
            elif refused := url_problem(url, ctx.refs.outbound_allow):
                ctx.error(Code.OUTBOUND_NOT_ALLOWED, "url", refused)
        self._check_headers(config, ctx)
        problem = body_problem(config.body)
        if problem:
            ctx.error(Code.INVALID_VALUE, "body", f"The body is not valid JSON ({problem}).")
        elif config.body.strip() and config.method == "GET":
            ctx.warning(Code.INVALID_VALUE, "body", "A GET request usually has no body.")
        ctx.in_range(
            config.timeout_seconds,
            1,
            MAX_HTTP_TIMEOUT_SECONDS,
            "timeout_seconds",
            "The timeout",
            "seconds",
        )
        self._check_mappings(config, ctx)

    def _check_headers(self, config: HttpRequestConfig, ctx: CheckContext) -> None:
        ctx.max_items(config.headers, MAX_HTTP_HEADERS, "headers", "Headers")
        for index, header in enumerate(config.headers):
            path = f"headers.{index}.name"
            if ctx.require(header.name, path, f"The name of header {index + 1}") and (
                not HEADER_NAME.match(header.name)
            ):
                ctx.error(
                    Code.INVALID_VALUE,
                    path,
                    f"Header {index + 1} “{header.name}” is not a valid header name.",
                )
        for index in duplicates([header.name for header in config.headers], fold_case=True):
            ctx.error(
                Code.DUPLICATE,
                f"headers.{index}.name",
                f"The header “{config.headers[index].name}” is given twice.",
            )

    def _check_mappings(self, config: HttpRequestConfig, ctx: CheckContext) -> None:
        ctx.max_items(
            config.response_mappings, MAX_RESPONSE_MAPPINGS, "response_mappings", "Mappings"
        )
        for index, mapping in enumerate(config.response_mappings):
            path = f"response_mappings.{index}"
            if ctx.require(
                mapping.path, f"{path}.path", f"The JSON path of mapping {index + 1}"
            ) and (json_path_steps(mapping.path) is None):
                ctx.error(
                    Code.INVALID_VALUE,
                    f"{path}.path",
                    f"Mapping {index + 1}: “{mapping.path}” is not a JSON path such as "
                    "$.data.items[0].name.",
                )
            check_variable_name(
                ctx, mapping.variable, f"{path}.variable", f"The variable of mapping {index + 1}"
            )
        names = [mapping.variable for mapping in config.response_mappings]
        for index in duplicates(names):
            ctx.error(
                Code.DUPLICATE,
                f"response_mappings.{index}.variable",
                f"The variable “{names[index]}” is used by an earlier mapping.",
            )
        if (
            config.save_status
            and check_variable_name(
                ctx, config.status_variable, "status_variable", "The status variable name"
            )
            and config.status_variable in names
        ):
            ctx.error(
                Code.DUPLICATE,
                "status_variable",
                f"The variable “{config.status_variable}” is also used by a mapping.",
            )

    def summary(self, config: HttpRequestConfig) -> str:
        if not config.url.strip():
            return f"{config.method} (no URL yet)"
        return f"{config.method} {shorten(config.url, 52)}"
