"""The OpenAPI 3.1 document of the REST API (served at ``GET /api/openapi.json``).

Written by hand: Starlette's schema generator needs YAML docstrings and PyYAML, and the API
is four endpoints. ``tests/api`` checks that every route is described here.
"""

from __future__ import annotations

from typing import Any

_ERROR = {
    "type": "object",
    "required": ["ok", "error"],
    "properties": {"ok": {"const": False}, "error": {"type": "string"}},
}
_ACK = {
    "type": "object",
    "required": ["ok", "contact_id", "contact_created", "enrollments"],
    "properties": {
        "ok": {"const": True},
        "contact_id": {"type": "integer"},
        "contact_created": {"type": "boolean"},
        "enrollments": {
            "type": "object",
            "description": "Enrollments the call started, resumed (a reply) or ended.",
            "properties": {
                name: {"type": "array", "items": {"type": "integer"}}
                for name in ("started", "resumed", "exited")
            },
        },
    },
}


def _refusals(*codes: int) -> dict[str, Any]:
    why = {
        400: "Malformed body; nothing was stored.",
        401: "Unknown token or secret; nothing was stored.",
        404: "The contact id in the body does not exist; nothing was stored.",
        409: "The workflow is not published; nothing was stored.",
        500: "Not handled: send the same request again.",
    }
    return {
        str(code): {
            "description": why[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


_ACCEPTED = {
    "200": {
        "description": "Handled; everything it caused is committed.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ack"}}},
    }
}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "wfstudio API", "version": "1"},
    "paths": {
        "/api/channels/{key}/messages": {
            "post": {
                "summary": "A custom channel's inbound message from a contact",
                "security": [{"bearer": []}, {"token": []}],
                "parameters": [
                    {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ChannelMessage"}
                        }
                    },
                },
                "responses": {**_ACCEPTED, **_refusals(400, 401, 500)},
            }
        },
        "/api/webhooks/{secret}": {
            "post": {
                "summary": "Call a workflow's Incoming Webhook trigger",
                "parameters": [
                    {
                        "name": "secret",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "responses": {**_ACCEPTED, **_refusals(400, 401, 404, 409, 500)},
            }
        },
        "/api/health": {
            "get": {
                "summary": "Whether the server and its database answer",
                "responses": {"200": {"description": "Up."}},
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI document."}},
            }
        },
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "token": {"type": "apiKey", "in": "header", "name": "X-Wfstudio-Token"},
        },
        "schemas": {
            "Ack": _ACK,
            "Error": _ERROR,
            "ChannelMessage": {
                "type": "object",
                "additionalProperties": False,
                "required": ["contact", "text"],
                "properties": {
                    "contact": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["id"],
                        "properties": {
                            "id": {
                                "type": ["string", "integer"],
                                "description": "The contact's id on this channel.",
                            },
                            "name": {"type": "string"},
                            "firstname": {"type": "string"},
                            "lastname": {"type": "string"},
                            "phone": {"type": "string"},
                            "email": {"type": "string", "format": "email"},
                        },
                    },
                    "text": {"type": "string", "minLength": 1, "maxLength": 10000},
                    "payload": {"type": "object"},
                },
            },
        },
    },
}
