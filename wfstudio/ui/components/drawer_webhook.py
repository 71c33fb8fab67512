"""The Incoming Webhook trigger's URL, read-only, with a copy button.

The URL comes from :class:`DrawerState` (``webhook_url``), which asks the services for it
(``services.webhooks``): the secret never travels through the store from the UI.
"""

from __future__ import annotations

import reflex as rx

from wfstudio.ui.components import drawer_fields as f
from wfstudio.ui.components import drawer_widgets as w
from wfstudio.ui.components.drawer_state import DrawerState

FIELD = f.Field(
    key="webhook_url",
    label="Webhook URL",
    help="POST a JSON object here; the workflow starts once it is published.",
)


def webhook_url() -> rx.Component:
    """The URL (shown above the Incoming Webhook trigger's form)."""
    url, field = DrawerState.webhook_url, FIELD
    control = rx.hstack(
        rx.input(
            value=url,
            read_only=True,
            placeholder="Loading…",
            width="100%",
            font_family="var(--code-font-family)",
            aria_label=field.label,
            data_testid="drawer-webhook-url",
        ),
        rx.tooltip(
            rx.icon_button(
                rx.icon("copy", size=14),
                on_click=[
                    rx.set_clipboard(url),
                    rx.toast.success("Webhook URL copied.", duration=2000),
                ],
                disabled=url == "",
                variant="soft",
                aria_label="Copy the webhook URL",
                data_testid="drawer-webhook-copy",
            ),
            content="Copy",
        ),
        align="center",
        width="100%",
    )
    return w.labelled(field, control, "webhook_url")
