"""The OpenAPI 3.1 document of the REST API (served at ``GET /api/openapi.json``).

Written by hand: Starlette's schema generator needs YAML docstrings and PyYAML, and the API
is a handful of endpoints. ``tests/api`` checks that every route is described here.
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
            "description": (
                "Enrollments the call started, resumed (a reply) or ended, those its "
                "workflows' steps caused down the chain (a tag that started another "
                "workflow) included."
            ),
            "properties": {
                name: {"type": "array", "items": {"type": "integer"}}
                for name in ("started", "resumed", "exited")
            },
        },
    },
}


def _refusals(*codes: int) -> dict[str, Any]:
    why = {
        400: "Malformed body (the message names the field); nothing was stored.",
        415: "The body was not sent with Content-Type: application/json; nothing was stored.",
        401: "Unknown token or secret; nothing was stored.",
        403: "Signed in as an Agent: the Workflows module is for Owners and Managers.",
        429: "Too many failed sign-ins for this email: wait Retry-After seconds.",
        404: "The contact id in the body does not exist; nothing was stored.",
        409: "The workflow is not published; nothing was stored.",
        500: (
            "A server failure (logged), never bad input: the request may or may not have "
            "taken effect; retry later, a few times at most, and report it if it persists."
        ),
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

_SESSION_401 = {
    "401": {
        "description": "No session token, or one that is unknown, signed out or expired.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}
_WORKFLOWS = {
    "/api/sessions": {
        "post": {
            "summary": "Sign in: a session token for the other endpoints",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/SignIn"}}
                },
            },
            "responses": {
                "200": {
                    "description": "Signed in; send the token as Authorization: Bearer <token>.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Session"}}
                    },
                },
                **_refusals(400, 415),
                "401": {
                    "description": "Wrong email or password.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
                **_refusals(429),
            },
        },
        "delete": {
            "summary": "Sign out: end the bearer token's session",
            "security": [{"session": []}],
            "responses": {"200": {"description": "Signed out."}, **_SESSION_401},
        },
    },
    "/api/workflows": {
        "get": {
            "summary": "The workspace's workflows (Owners and Managers)",
            "security": [{"session": []}],
            "responses": {
                "200": {
                    "description": "Every workflow of the signed-in user's workspace.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/WorkflowList"}
                        }
                    },
                },
                **_SESSION_401,
                **_refusals(403),
            },
        }
    },
    "/api/workflows/{workflow_id}/export": {
        "get": {
            "summary": "A workflow's export file (the listing's Export; Owners and Managers)",
            "security": [{"session": []}],
            "parameters": [
                {
                    "name": "workflow_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            "responses": {
                "200": {
                    "description": "The workflow's export file (see the workflow JSON Schema).",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                **_SESSION_401,
                **_refusals(403),
                "404": {
                    "description": "No such workflow in the signed-in user's workspace.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        }
    },
}
_SCHEMAS: dict[str, Any] = {
    "SignIn": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {"email": {"type": "string"}, "password": {"type": "string"}},
    },
    "User": {
        "type": "object",
        "required": ["id", "name", "email", "role", "workspace_id"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "email": {"type": "string"},
            "role": {"enum": ["owner", "manager", "agent"]},
            "workspace_id": {"type": "integer"},
        },
    },
    "Session": {
        "type": "object",
        "required": ["ok", "token", "user"],
        "properties": {
            "ok": {"const": True},
            "token": {"type": "string"},
            "user": {"$ref": "#/components/schemas/User"},
        },
    },
    "WorkflowList": {
        "type": "object",
        "required": ["ok", "workflows"],
        "properties": {
            "ok": {"const": True},
            "workflows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "key": {"type": "string"},
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "status": {"enum": ["draft", "published", "stopped"]},
                        "current_version": {"type": ["integer", "null"]},
                        "created_by": {"type": "string"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "last_published_by": {"type": ["string", "null"]},
                        "last_published_at": {"type": ["string", "null"], "format": "date-time"},
                    },
                },
            },
        },
    },
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
                "responses": {**_ACCEPTED, **_refusals(400, 401, 415, 500)},
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
                "responses": {**_ACCEPTED, **_refusals(400, 401, 404, 409, 415, 500)},
            }
        },
        **_WORKFLOWS,
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
            "session": {"type": "http", "scheme": "bearer", "description": "POST /api/sessions"},
        },
        "schemas": {
            **_SCHEMAS,
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
                    "referral": {
                        "type": "object",
                        "additionalProperties": False,
                        "description": (
                            "The ad the contact clicked to write. On the message that opens "
                            "a conversation it fires Click-to-Chat Ad triggers (its values "
                            "become $trigger.ad_id … $trigger.ref); on any other message it "
                            "is accepted and fires nothing."
                        ),
                        "properties": {
                            "source": {"enum": ["ad", "post"], "default": "ad"},
                            "ad_id": {"type": ["string", "integer"], "maxLength": 100},
                            "ad_source": {"enum": ["facebook", "instagram", "tiktok"]},
                            "headline": {"type": "string", "maxLength": 300},
                            "source_url": {"type": "string", "format": "uri", "maxLength": 2000},
                            "ref": {"type": "string", "maxLength": 250},
                        },
                    },
                },
            },
        },
    },
}
