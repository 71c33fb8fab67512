"""The running app (``reflex run --env prod``) over HTTP on loopback: a session token from
``POST /api/sessions`` opens the Workflows endpoints to the owner, not to an agent, and still
works after the server restarts. Marked e2e: it builds and starts the app twice."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import AGENT, OWNER, load_demo, running_app


def _call(
    url: str, *, token: str | None = None, body: object | None = None, method: str = "GET"
) -> tuple[int, dict[str, object]]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@pytest.mark.e2e
def test_a_session_token_works_over_http_and_survives_a_restart(tmp_path: Path) -> None:
    load_demo(tmp_path)
    with running_app(tmp_path) as base:
        status, signed = _call(
            f"{base}/api/sessions",
            body={"email": OWNER.email, "password": OWNER.password},
            method="POST",
        )
        assert status == 200, signed
        token = str(signed["token"])
        _, agent = _call(
            f"{base}/api/sessions",
            body={"email": AGENT.email, "password": AGENT.password},
            method="POST",
        )
        assert _call(f"{base}/api/workflows", token=token) == (200, {"ok": True, "workflows": []})
        assert _call(f"{base}/api/workflows", token=str(agent["token"]))[0] == 403
        assert _call(f"{base}/api/workflows")[0] == 401
    with running_app(tmp_path) as base:
        assert _call(f"{base}/api/workflows", token=token)[0] == 200
        assert _call(f"{base}/api/sessions", token=token, method="DELETE")[0] == 200
        assert _call(f"{base}/api/workflows", token=token)[0] == 401
