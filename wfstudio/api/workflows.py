"""The Workflows module's REST endpoints, for Owners and Managers, and the sessions that
authenticate them (``Authorization: Bearer <session token>``).

* ``POST /api/sessions`` with ``{"email": …, "password": …}`` signs in: 200 with
  ``{"ok": true, "token": …, "user": {…}}``; 401 for a wrong email or password; 400 for a
  malformed body, email or password (the message names it; it counts as a failure); 429
  (with ``Retry-After``) after repeated failures for that email or from that client
  address, as on the sign-in page (:mod:`wfstudio.services.sign_in_guard`). The client
  address is the connection's, or ``X-Forwarded-For``'s behind
  ``$WFSTUDIO_TRUSTED_PROXY_HOPS`` trusted proxies.
* ``DELETE /api/sessions`` signs the bearer token's session out.
* ``GET /api/workflows`` lists the workspace's workflows; ``GET /api/workflows/{id}/export``
  answers the export file (the same bytes as the listing's Export).

Both workflow endpoints answer 401 without a valid session and 403 for an Agent.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from wfstudio.domain.text import parse_id
from wfstudio.services import access, auth, transfer, workflows
from wfstudio.services.database import Engine
from wfstudio.services.errors import NotFound
from wfstudio.services.inbound import BadRequest, decode_json
from wfstudio.services.views import WorkflowView

WORKFLOWS_ONLY = "The Workflows module is for Owners and Managers."
MAX_SIGN_IN_BYTES = 4096


def bearer_token(request: Request) -> str:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _credentials(body: bytes) -> dict[str, object]:
    """The body's JSON object; its fields are checked by :func:`auth.sign_in_async`."""
    data = decode_json(body)
    if not isinstance(data, dict):
        raise BadRequest('The body must be {"email": "…", "password": "…"}.')
    return data


def _email_in(body: bytes) -> object:
    """The email of a body :func:`_credentials` refused (e.g. for a lone surrogate in the
    password), so that the failure counts for that email too; None when there is none."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data.get("email") if isinstance(data, dict) else None


def client_of(request: Request) -> str | None:
    """The address sign-in failures of ``request`` count under."""
    peer = request.client.host if request.client else None
    return auth.client_address(peer, request.headers.get("x-forwarded-for", ""))


def _user_json(user: auth.SignedInUser) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "role": user.role,
        "workspace_id": user.workspace_id,
    }


def _workflow_json(view: WorkflowView) -> dict[str, Any]:
    published = view.last_published_at.isoformat() if view.last_published_at else None
    return {
        "id": view.id,
        "key": view.key,
        "name": view.name,
        "description": view.description,
        "status": view.status,
        "current_version": view.current_version,
        "created_by": view.created_by,
        "created_at": view.created_at.isoformat(),
        "last_published_by": view.last_published_by or None,
        "last_published_at": published,
    }


class WorkflowEndpoints:
    """The handlers, on the engine ``engine()`` gives (the live runtime's)."""

    def __init__(
        self, engine: Callable[[], Engine], read_body: Callable[..., Awaitable[bytes]]
    ) -> None:
        self._engine = engine
        self._read_body = read_body

    def _manager(self, request: Request) -> auth.SignedInUser:
        return auth.require_user(
            self._engine(),
            token=bearer_token(request),
            allow=access.can_use_workflows,
            why_not=WORKFLOWS_ONLY,
        )

    async def sign_in(self, request: Request) -> Mapping[str, object]:
        engine, client, body = self._engine(), client_of(request), b""
        try:
            body = await self._read_body(request, MAX_SIGN_IN_BYTES)
            data = _credentials(body)
        except BadRequest as refused:
            await auth.refuse_malformed_async(
                engine, email=_email_in(body), client=client, message=refused.message
            )
        signed = await auth.sign_in_async(
            engine, email=data.get("email"), password=data.get("password"), client=client
        )
        return {"ok": True, "token": signed.token, "user": _user_json(signed.user)}

    async def sign_out(self, request: Request) -> Mapping[str, object]:
        auth.require_user(self._engine(), token=bearer_token(request))
        auth.sign_out(self._engine(), token=bearer_token(request))
        return {"ok": True}

    async def list(self, request: Request) -> Mapping[str, object]:
        user = self._manager(request)
        views = workflows.list_workflows(self._engine(), workspace_id=user.workspace_id)
        return {"ok": True, "workflows": [_workflow_json(view) for view in views]}

    async def export(self, request: Request) -> Response:
        user = self._manager(request)
        raw = request.path_params["workflow_id"]
        engine = self._engine()
        ids = {view.id for view in workflows.list_workflows(engine, workspace_id=user.workspace_id)}
        workflow_id = parse_id(raw)
        if workflow_id is None or workflow_id not in ids:
            raise NotFound("There is no such workflow in your workspace.")
        file_name, text = transfer.export_workflow(engine, workflow_id=workflow_id)
        return Response(
            text.encode(),
            media_type="application/json",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(file_name)}"},
        )
