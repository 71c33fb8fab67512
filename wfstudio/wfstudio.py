"""The Reflex app: pages, and (later) the REST API mount and the wake worker."""

import reflex as rx

from wfstudio.api.routes import api_app
from wfstudio.services import live
from wfstudio.ui import routes
from wfstudio.ui.pages import builder
from wfstudio.ui.pages.templates import templates_page
from wfstudio.ui.pages.templates_state import GalleryState
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
    builder.builder_page,
    route=routes.BUILDER,
    title="Builder · wfstudio",
    image=FAVICON,
    on_load=builder.ON_LOAD,
)

app.add_page(
    templates_page,
    route=routes.TEMPLATES,
    title="Templates · wfstudio",
    image=FAVICON,
    on_load=GalleryState.load,
)

# --- the REST API and the wake worker (wfstudio/api, wfstudio/services/live.py) ---------
# Reflex mounts itself under the API's Starlette app, so /api/... routes match first.
app.api_transformer = api_app()
app.register_lifespan_task(live.background_worker)

# --- the test chat and the public web chat pages (no sign-in, no sidebar) --------------
from wfstudio.ui.pages.test_chat import testing_chat_page  # noqa: E402
from wfstudio.ui.pages.test_chat_state import TestChatState  # noqa: E402
from wfstudio.ui.pages.web_chat import WebChatState, web_chat_page  # noqa: E402

app.add_page(
    testing_chat_page,
    route=routes.TEST_CHAT,
    title="Test chat · wfstudio",
    image=FAVICON,
    on_load=TestChatState.load,
)
app.add_page(
    web_chat_page,
    route=routes.WEB_CHAT,
    title="Chat",
    image=FAVICON,
    on_load=WebChatState.load,
)
