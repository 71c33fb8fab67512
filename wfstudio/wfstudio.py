"""The Reflex app: pages, and (later) the REST API mount and the wake worker."""

import reflex as rx

from wfstudio.api.routes import api_app
from wfstudio.services import access, live
from wfstudio.ui import routes
from wfstudio.ui.auth import AuthState
from wfstudio.ui.guard import EventGuard, any_role, guarded, protect_modules
from wfstudio.ui.pages import builder
from wfstudio.ui.pages import settings as settings_pages
from wfstudio.ui.pages.messages import messages_page
from wfstudio.ui.pages.messages_state import InboxState
from wfstudio.ui.pages.sign_in import SignInState, sign_in_page
from wfstudio.ui.pages.templates import templates_page
from wfstudio.ui.pages.templates_state import GalleryState
from wfstudio.ui.pages.test_chat import testing_chat_page
from wfstudio.ui.pages.test_chat_state import TestChatState
from wfstudio.ui.pages.web_chat import WebChatState, web_chat_page
from wfstudio.ui.pages.workflows import workflows_page
from wfstudio.ui.pages.workflows_listing import ListingState


def index() -> rx.Component:
    """``/`` only sends people on: to the workflows, or Messages for an agent."""
    return rx.center(rx.spinner(), height="100vh")


FAVICON = "/favicon.svg"
WORKFLOWS_ONLY = "The Workflows module is for Owners and Managers."

app = rx.App()
# Every page but the public chat pages is guarded (wfstudio/ui/guard.py says how), and so
# are the events of the Workflows module's states.
app.add_middleware(EventGuard())
protect_modules(
    "wfstudio.ui.pages.workflows",
    "wfstudio.ui.pages.builder",
    "wfstudio.ui.pages.templates",
    "wfstudio.ui.components.drawer",
    allow=access.can_use_workflows,
)
# Messages is every role's: its events need a signed-in user whose session still holds.
protect_modules("wfstudio.ui.pages.messages", allow=any_role)
app.add_page(
    sign_in_page,
    route=routes.SIGN_IN,
    title="Sign in · wfstudio",
    image=FAVICON,
    on_load=SignInState.load,
)
app.add_page(
    **guarded(index, on_load=AuthState.go_home),
    route=routes.HOME,
    title="wfstudio",
    image=FAVICON,
)
app.add_page(
    **guarded(
        workflows_page,
        allow=access.can_use_workflows,
        why_not=WORKFLOWS_ONLY,
        on_load=ListingState.load,
    ),
    route=routes.WORKFLOWS,
    title="Workflows · wfstudio",
    image=FAVICON,
)
app.add_page(
    **guarded(
        builder.builder_page,
        allow=access.can_use_workflows,
        why_not=WORKFLOWS_ONLY,
        on_load=builder.ON_LOAD,
    ),
    route=routes.BUILDER,
    title="Builder · wfstudio",
    image=FAVICON,
)

app.add_page(
    **guarded(
        templates_page,
        allow=access.can_use_workflows,
        why_not=WORKFLOWS_ONLY,
        on_load=GalleryState.load,
    ),
    route=routes.TEMPLATES,
    title="Templates · wfstudio",
    image=FAVICON,
)

app.add_page(
    **guarded(messages_page, on_load=InboxState.load),
    route=routes.MESSAGES,
    title="Messages · wfstudio",
    image=FAVICON,
)

app.add_page(
    **guarded(settings_pages.settings_page, on_load=settings_pages.ON_LOAD),
    route=routes.SETTINGS,
    title="Settings · wfstudio",
    image=FAVICON,
)

# --- the REST API and the wake worker (wfstudio/api, wfstudio/services/live.py) ---------
# Reflex mounts itself under the API's Starlette app, so /api/... routes match first.
app.api_transformer = api_app()
app.register_lifespan_task(live.background_worker)

# --- the test chat and the public web chat pages (no sign-in, no sidebar) --------------
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
