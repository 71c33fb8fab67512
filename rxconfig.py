"""Reflex configuration: the app module is wfstudio/wfstudio.py; no calls to the internet."""

import reflex as rx

config = rx.Config(
    app_name="wfstudio",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
