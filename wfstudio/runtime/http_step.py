"""Running an HTTP Request step: render, send, map the reply to variables (SPEC §3).

The step's rules live in :mod:`wfstudio.domain.steps.http_request` (body rendering, JSON
paths); this module only performs the request. Decisions:

* The URL and the header values are rendered with :func:`wfstudio.domain.variables.render`
  (values are inserted as they are; characters not allowed in a URL, such as spaces,
  are percent-encoded on sending). A URL that is not ``http(s)://`` once rendered (e.g. a
  ``$var.site`` that was never set) fails without a request.
* The body is rendered with the step's :func:`~wfstudio.domain.steps.http_request.render_body`
  (variables inside JSON strings are escaped, bare ones inserted as JSON); a non-blank
  body is sent as is, with ``Content-Type: application/json`` unless a header gives one.
* *success* on a 2xx status; *failure* on any other status, a network error or the
  timeout (the step's ``timeout_seconds``).
* Every mapping variable is in the result: the value at its JSON path when the response
  is JSON, None when it is not, when the path is missing or when no response arrived (so
  a value from an earlier pass through the step never lingers). Mappings read JSON bodies
  of non-2xx responses too, so a failure branch can use the API's error details.
* The status variable, when configured, holds the numeric status, or ``""`` (empty) when
  no response arrived.
* Variable names are returned without the ``var.`` prefix; the runner stores them as
  ``var.<name>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import JsonValue

from wfstudio.domain.steps.http_request import HttpRequestConfig, json_path_steps, render_body
from wfstudio.domain.variables import Scope, render
from wfstudio.runtime.http import HttpClient


@dataclass(frozen=True)
class HttpStepResult:
    """What the step did.

    Attributes:
        port: ``success`` (2xx) or ``failure``.
        variables: variable name (no ``var.`` prefix) → value, mappings and status.
        status: the HTTP status, None when no response arrived.
        error: why the step failed, for the step log; None on success.
    """

    port: Literal["success", "failure"]
    variables: dict[str, JsonValue] = field(default_factory=dict)
    status: int | None = None
    error: str | None = None


def body_lookup(scope: Scope) -> Callable[[str], str | None]:
    """The ``lookup`` :func:`render_body` needs: ``namespace.name`` → its text, or None
    when the variable is unknown or unset (the same text as in messages)."""

    def lookup(name: str) -> str | None:
        namespace, _, key = name.partition(".")
        if scope.lookup(namespace, key) is None:
            return None
        return render(f"${name}", scope)

    return lookup


def json_at(document: JsonValue, path: str) -> JsonValue:
    """The value at the JSON ``path`` in ``document``, None when the path is missing or
    not valid."""
    steps = json_path_steps(path)
    if steps is None:
        return None
    value = document
    for step in steps:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return None
            value = value[step]
        else:
            if not isinstance(value, dict) or step not in value:
                return None
            value = value[step]
    return value


async def execute_http_request(
    client: HttpClient, config: HttpRequestConfig, scope: Scope
) -> HttpStepResult:
    """Send the step's request and decide its port; never raises for network trouble.

    Args:
        client: the runtime's shared HTTP client.
        config: the step's configuration (already validated at publish time).
        scope: the values ``$variables`` render from.
    """
    url = render(config.url, scope).strip()
    headers = {header.name: render(header.value, scope) for header in config.headers if header.name}
    body: str | None = None
    if config.body.strip():
        body = render_body(config.body, body_lookup(scope))
        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "application/json"

    if not url.lower().startswith(("http://", "https://")):
        return _result(config, None, f"The URL “{url}” is not an http:// or https:// URL.")
    reply = await client.request(
        config.method,
        url,
        headers=headers,
        data=body,
        timeout_s=float(config.timeout_seconds),
    )
    if reply.error is not None:
        return _result(config, None, reply.error)
    error = None if reply.ok else f"The server answered HTTP {reply.status}."
    return _result(config, reply.status, error, reply.json)


def _result(
    config: HttpRequestConfig,
    status: int | None,
    error: str | None,
    document: JsonValue = None,
) -> HttpStepResult:
    variables: dict[str, JsonValue] = {
        mapping.variable: None if document is None else json_at(document, mapping.path)
        for mapping in config.response_mappings
        if mapping.variable
    }
    if config.save_status and config.status_variable:
        variables[config.status_variable] = "" if status is None else status
    return HttpStepResult(
        port="success" if error is None else "failure",
        variables=variables,
        status=status,
        error=error,
    )
