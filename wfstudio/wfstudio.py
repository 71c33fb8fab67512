"""The Reflex app: pages, and (later) the REST API mount and the wake worker."""

import reflex as rx

from wfstudio.ui.pages.home import home

app = rx.App()
app.add_page(home, route="/", title="wfstudio")
