"""The sign-in page (``/sign-in?next=<page>``): email and password, Enter submits."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import auth
from wfstudio.services.errors import Refused
from wfstudio.ui import context, routes, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.auth import AuthState, home_of, sender
from wfstudio.ui.events import event


def _local_path(raw: str) -> str:
    """``raw`` when it is a path of this site (never another site: ``//evil``), else ""."""
    if raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return ""


@may_send(Audience.ANYONE)
class SignInState(rx.State):
    """The form's answer: the error to show, and whether a sign-in is under way."""

    error: str = ""
    busy: bool = False

    def _next_page(self, role: str) -> str:
        wanted = _local_path(self.router.url.query_parameters.get("next", ""))
        return wanted if wanted and wanted != routes.SIGN_IN else home_of(role)

    @event
    async def load(self):
        """on_load: someone already signed in goes on to where they were heading."""
        self.error, self.busy = "", False
        found = await sender(self)  # the guard looked the tab's session up for this event
        if found is not None:
            return rx.redirect(self._next_page(found.role))
        return None

    @event
    async def submit(self, form: dict[str, str]):
        # The form is the browser's to send: anything but text is refused by the service.
        email, password = form.get("email", ""), form.get("password", "")
        email = email.strip() if isinstance(email, str) else email
        if not email or not password:
            self.error = "Enter your email and your password."
            return
        self.error, self.busy = "", True
        yield
        try:
            # Argon2 runs off the event loop; the failure limits count this tab's address
            # (Reflex's client_ip already applied its trusted_proxy_hops: hops=0 here).
            signed = await auth.sign_in_async(
                context.engine(),
                email=email,
                password=password,
                client=auth.client_address(self.router.session.client_ip or None, hops=0),
            )
        except Refused as refusal:
            self.error, self.busy = refusal.message, False
            return
        signed_in = await self.get_state(AuthState)
        signed_in._signed_in(signed)
        self.error, self.busy = "", False
        yield rx.redirect(self._next_page(signed.user.role))


def _field(label: str, name: str, kind: str, placeholder: str, autocomplete: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=name),
        rx.input(
            id=name,
            name=name,
            type=kind,
            placeholder=placeholder,
            auto_complete=autocomplete,
            required=True,
            size="3",
            width="100%",
            data_testid=f"sign-in-{name}",
        ),
        spacing="1",
        width="100%",
    )


def _error() -> rx.Component:
    return rx.cond(
        SignInState.error != "",
        rx.callout(
            SignInState.error,
            icon="triangle-alert",
            color_scheme="red",
            role="alert",
            width="100%",
            data_testid="sign-in-error",
        ),
    )


def sign_in_page() -> rx.Component:
    """A centred card: the logo, the form, and the error under it."""
    return rx.center(
        rx.vstack(
            rx.hstack(
                rx.center(
                    rx.icon("workflow", size=22, color="white"),
                    width="40px",
                    height="40px",
                    border_radius="var(--radius-3)",
                    background="var(--accent-9)",
                ),
                rx.text("wfstudio", size="6", weight="bold"),
                align="center",
                spacing="3",
            ),
            rx.vstack(
                rx.heading("Sign in", size="6", weight="bold", data_testid="page-title"),
                rx.text(
                    "Use the email and password of your workspace account.",
                    size="2",
                    color=styles.MUTED,
                ),
                spacing="1",
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    _field("Email", "email", "email", "you@company.com", "username"),
                    _field("Password", "password", "password", "Your password", "current-password"),
                    _error(),
                    rx.button(
                        rx.icon("log-in", size=16),
                        "Sign in",
                        type="submit",
                        size="3",
                        width="100%",
                        loading=SignInState.busy,
                        data_testid="sign-in-submit",
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=SignInState.submit,
                reset_on_submit=False,
                width="100%",
            ),
            spacing="5",
            width="400px",
            padding="36px",
            border=styles.BORDER,
            border_radius="var(--radius-4)",
            background="var(--color-panel-solid)",
            box_shadow="var(--shadow-3)",
        ),
        min_height="100vh",
        width="100%",
        background="var(--gray-2)",
    )
