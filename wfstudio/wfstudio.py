"""The Reflex app: pages, and (later) the REST API mount and the wake worker."""

import gc

# Start-up (bench/README.md, "Durability"): importing the app creates ~150 000 objects that
# live as long as the process, and the collector's passes over them were a tenth of the
# import's CPU time. It is paused while this module imports the app's modules and set back
# at the end of this module.
if collector_was_on := gc.isenabled():
    gc.disable()

import reflex as rx

from wfstudio.api.routes import api_app
from wfstudio.services import access, live
from wfstudio.ui import routes
from wfstudio.ui.auth import AuthState
from wfstudio.ui.guard import NOT_FOR_YOUR_ROLE, EventGuard, guarded
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
WORKFLOWS = access.can_use_workflows

app = rx.App()
# Every page but the public chat pages is guarded (wfstudio/ui/guard.py says how), and every
# event is refused unless its State declares who may send it (wfstudio/ui/audience.py).
app.add_middleware(EventGuard())
# (page, route, title, rule, on_load); rule None: every signed-in user.
SIGNED_IN_PAGES = [
    (index, routes.HOME, "wfstudio", None, AuthState.go_home),
    (workflows_page, routes.WORKFLOWS, "Workflows · wfstudio", WORKFLOWS, ListingState.load),
    (builder.builder_page, routes.BUILDER, "Builder · wfstudio", WORKFLOWS, builder.ON_LOAD),
    (templates_page, routes.TEMPLATES, "Templates · wfstudio", WORKFLOWS, GalleryState.load),
    (messages_page, routes.MESSAGES, "Messages · wfstudio", None, InboxState.load),
    (
        settings_pages.settings_page,
        routes.SETTINGS,
        "Settings · wfstudio",
        None,
        settings_pages.ON_LOAD,
    ),
]
for page, route, title, rule, on_load in SIGNED_IN_PAGES:
    app.add_page(
        **guarded(
            page,
            allow=rule,
            why_not=NOT_FOR_YOUR_ROLE if rule is None else WORKFLOWS_ONLY,
            on_load=on_load,
        ),
        route=route,
        title=title,
        image=FAVICON,
    )

# --- the REST API and the wake worker (wfstudio/api, wfstudio/services/live.py) ---------
# Reflex mounts itself under the API's Starlette app, so /api/... routes match first.
app.api_transformer = api_app()
app.register_lifespan_task(live.background_worker)

# --- the sign-in, the test chat and the public web chat pages (no sign-in, no sidebar) ---
PUBLIC_PAGES = [
    (sign_in_page, routes.SIGN_IN, "Sign in · wfstudio", SignInState.load),
    (testing_chat_page, routes.TEST_CHAT, "Test chat · wfstudio", TestChatState.load),
    (web_chat_page, routes.WEB_CHAT, "Chat", WebChatState.load),
]
for page, route, title, on_load in PUBLIC_PAGES:
    app.add_page(page, route=route, title=title, image=FAVICON, on_load=on_load)

# Set back what the top of this module changed. The objects made so far live as long as
# the process, so they are frozen first (gc.freeze, Python's advice for a server that forks
# its workers): neither Reflex's collection before it forks the worker nor the worker's own
# collections go through them again (0.15 s at start); the import's own garbage (~2 000
# objects) is kept.
if collector_was_on:
    gc.freeze()
    gc.enable()
