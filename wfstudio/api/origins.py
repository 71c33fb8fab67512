"""Which other origins may use the app from a browser (stdlib only: ``rxconfig.py`` reads it).

By default none: only the app's own origin (the ``Host`` a request came to), which needs no
CORS. ``$WFSTUDIO_CORS_ORIGINS`` (comma-separated) replaces that list; when set it must name
the app's own public origin too, because Reflex's Socket.IO server, which gets the same
list, then accepts only those. In Reflex's dev mode (``reflex run`` without ``--env
prod``) the pages come from the frontend server on another port, so its origin is the
default there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

ENV = "WFSTUDIO_CORS_ORIGINS"


def cors_origins(environ: Mapping[str, str] | None = None) -> list[str]:
    """The origins besides the app's own that may call it (see the module docstring)."""
    env = os.environ if environ is None else environ
    listed = [o.strip().rstrip("/") for o in env.get(ENV, "").split(",") if o.strip()]
    if listed or env.get("REFLEX_ENV_MODE", "dev") == "prod":
        return listed
    port = env.get("REFLEX_FRONTEND_PORT", "3000")
    return [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
