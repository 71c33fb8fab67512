"""The builder never loses work: leaving it with unsaved changes through the app's own
links (the back arrow, the side navigation, a link in a toast) asks "Leave without
saving?"; Ctrl+S (Cmd+S) saves; Escape closes the drawer (dialogs close themselves).

Decisions:
- One capture-phase click listener on the document sees every link of the page, wherever
  it is drawn, before React Router follows it; it reads whether there is unsaved work from
  the builder's ``data-builder-dirty`` attribute, so it does nothing on other pages.
- The link's target reaches the server through a hidden button (a script cannot send a
  Reflex event itself); the server accepts only a path of this app.
- Reloading or closing the tab with unsaved work gets the browser's own question.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventSpec

from wfstudio.ui import styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event
from wfstudio.ui.pages.builder_state import BuilderState

ASK_ID = "builder-leave-ask"

# Installed once per tab (the builder's on_mount runs it each time it mounts).
GUARD_JS = """
(() => {
  if (window.__wfBuilderGuard) return;
  window.__wfBuilderGuard = true;
  const dirty = () => document.querySelector('[data-builder-dirty="true"]') !== null;
  document.addEventListener("click", (event) => {
    if (!dirty() || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname === window.location.pathname) return;
    event.preventDefault();
    event.stopPropagation();
    window.__wfLeaveTo = url.pathname + url.search + url.hash;
    document.querySelector('[data-testid="ASK_ID"]')?.click();
  }, true);
  window.addEventListener("beforeunload", (event) => {
    if (dirty()) { event.preventDefault(); event.returnValue = ""; }
  });
  document.addEventListener("keydown", (event) => {
    if (!document.querySelector('[data-testid="builder-topbar"]')) return;
    const open = document.querySelector(
      '[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]'
    );
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      const save = document.querySelector('[data-testid="builder-save"]');
      if (!open && save && !save.disabled) save.click();
    } else if (event.key === "Escape" && !open) {
      document.querySelector('[data-testid="drawer-close"]')?.click();
    }
  });
})();
""".replace("ASK_ID", ASK_ID)


@may_send(Audience.MANAGERS)
class LeaveState(rx.State):
    """The "Leave without saving?" question and where the person wanted to go."""

    open: rx.Field[bool] = rx.field(False)
    _to: str = ""

    @event
    def ask(self, to: str):
        # Only a path of this app: never another site, whatever the browser sends.
        if not isinstance(to, str) or not to.startswith("/") or to.startswith("//"):
            return
        if "\\" in to:
            return
        self._to, self.open = to, True

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    def leave(self):
        self.open = False
        return rx.redirect(self._to or "/")


def install() -> EventSpec:
    """The builder's on_mount: the listeners above."""
    return rx.call_script(GUARD_JS)


def leave_dialog() -> rx.Component:
    return rx.fragment(
        rx.el.button(
            id=ASK_ID,
            type="button",
            tab_index=-1,
            aria_hidden="true",
            on_click=rx.call_script("window.__wfLeaveTo || ''", callback=LeaveState.ask),
            data_testid=ASK_ID,
            style={"display": "none"},
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title("Leave without saving?"),
                rx.alert_dialog.description(
                    rx.text(
                        "Your changes to “",
                        rx.text.strong(BuilderState.name),
                        "” are not saved. If you leave now, they are lost.",
                        size="2",
                        color=styles.MUTED,
                    ),
                ),
                rx.hstack(
                    rx.alert_dialog.cancel(
                        rx.button("Keep editing", variant="soft", color_scheme="gray")
                    ),
                    rx.button(
                        "Leave without saving",
                        color_scheme="red",
                        on_click=LeaveState.leave,
                        data_testid="leave-confirm",
                    ),
                    justify="end",
                    spacing="2",
                    width="100%",
                    margin_top="16px",
                ),
                max_width="460px",
            ),
            open=LeaveState.open,
            on_open_change=LeaveState.set_open,
        ),
    )
