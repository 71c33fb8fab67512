"""Reflex configuration: the app module is wfstudio/wfstudio.py; no calls to the internet.

CORS: Reflex's default ``cors_allowed_origins`` is ``*`` (any site's script may read the
backend's replies, with credentials, and open its event websocket). Here only the app's own
origin, plus those of ``$WFSTUDIO_CORS_ORIGINS`` (wfstudio/api/origins.py).
"""

import os

import reflex as rx

from wfstudio.api.origins import cors_origins

PROXY_HOPS = "WFSTUDIO_TRUSTED_PROXY_HOPS"  # a number; anything else means no proxy

config = rx.Config(
    app_name="wfstudio",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=cors_origins(),
    # The same setting as the API's client address for the sign-in limits (read here, not
    # imported from wfstudio.services.sign_in_guard: rxconfig must stay light to import).
    trusted_proxy_hops=int(hops)
    if (hops := os.environ.get(PROXY_HOPS, "").strip()).isdigit()
    else 0,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
