"""The Reflex app: pages, and (later) the REST API mount and the wake worker."""

import reflex as rx

from wfstudio.ui import routes
from wfstudio.ui.pages.builder import BuilderState, builder_page
from wfstudio.ui.pages.workflows import workflows_page
from wfstudio.ui.pages.workflows_listing import ListingState


def index() -> rx.Component:
    """``/`` only sends people on to the workflows."""
    return rx.center(rx.spinner(), height="100vh")


FAVICON = "/favicon.svg"

app = rx.App()
app.add_page(
    index,
    route=routes.HOME,
    title="wfstudio",
    image=FAVICON,
    on_load=rx.redirect(routes.WORKFLOWS),
)
app.add_page(
    workflows_page,
    route=routes.WORKFLOWS,
    title="Workflows · wfstudio",
    image=FAVICON,
    on_load=ListingState.load,
)
app.add_page(
    builder_page,
    route=routes.BUILDER,
    title="Builder · wfstudio",
    image=FAVICON,
    on_load=BuilderState.load,
)
