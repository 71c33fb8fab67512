"""Import Workflow: a .json file picker, then the refusal or what was imported."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import transfer
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.workflows_listing import ListingState

UPLOAD_ID = "import-file"
MAX_IMPORT_KB = 400


@may_send(Audience.MANAGERS)
class ImportState(rx.State):
    """The Import Workflow dialog."""

    open: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")
    imported: rx.Field[str] = rx.field("")  # the imported workflow's name once done
    removed: rx.Field[list[str]] = rx.field(default_factory=list)

    @event
    def show(self):
        self.open, self.error, self.imported, self.removed = True, "", "", []
        return rx.clear_selected_files(UPLOAD_ID)

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    async def upload(self, files: list[rx.UploadFile]):
        """Import the chosen file as a Draft (or show why it was refused)."""
        if not files:
            self.error = "Choose a .json file first."
            return None
        data = await files[0].read()
        try:
            result = transfer.import_workflow(
                context.engine(),
                workspace_id=await context.signed_in_workspace_id(self),
                actor_id=await context.actor_id(self),
                data=data,
            )
        except Refused as refusal:
            self.error, self.imported, self.removed = refusal.message, "", []
            return rx.clear_selected_files(UPLOAD_ID)
        self.error, self.imported = "", result.workflow.name
        self.removed = [removed.describe() for removed in result.removed]
        return [rx.clear_selected_files(UPLOAD_ID), ListingState.refresh]


def _picker() -> rx.Component:
    chosen = rx.selected_files(UPLOAD_ID)
    return rx.upload.root(
        rx.vstack(
            rx.icon("file-json", size=28, color="var(--accent-11)"),
            rx.cond(
                chosen.length() > 0,
                rx.text(chosen[0], size="2", weight="medium", data_testid="import-chosen"),
                rx.text("Drop a .json file here, or", size="2", color=styles.MUTED),
            ),
            rx.button("Browse file", type="button", variant="soft", size="1"),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        accept={"application/json": [".json"]},
        multiple=False,
        max_files=1,
        padding="24px",
        border="1px dashed var(--gray-a7)",
        border_radius="var(--radius-3)",
        cursor="pointer",
        width="100%",
        data_testid="import-dropzone",
    )


def _success() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle-check", size=16)),
        rx.vstack(
            rx.callout.text("Imported “", ImportState.imported, "” as a Draft."),
            rx.cond(
                ImportState.removed.length() > 0,
                rx.vstack(
                    rx.text(
                        "Removed because this workspace does not have them "
                        "(the steps now show a configuration error):",
                        size="1",
                    ),
                    rx.el.ul(
                        rx.foreach(ImportState.removed, lambda line: rx.el.li(line)),
                        style={"padding_left": "18px", "font_size": "12px", "margin": "0"},
                    ),
                    spacing="1",
                ),
            ),
            spacing="2",
        ),
        color_scheme="green",
        size="1",
        data_testid="import-success",
    )


def dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Import Workflow"),
            rx.dialog.description(
                f"A workflow file exported from wfstudio (.json, at most {MAX_IMPORT_KB} KB "
                "and 100 steps). It is added as a Draft.",
                size="2",
                color=styles.MUTED,
                margin_bottom="16px",
            ),
            rx.vstack(
                _picker(),
                error_callout(ImportState.error, "import-error"),
                rx.cond(ImportState.imported != "", _success()),
                rx.hstack(
                    rx.dialog.close(
                        rx.button("Close", variant="soft", color_scheme="gray"),
                    ),
                    rx.button(
                        rx.icon("upload", size=16),
                        "Import",
                        on_click=ImportState.upload(rx.upload_files(upload_id=UPLOAD_ID)),
                        disabled=rx.selected_files(UPLOAD_ID).length() == 0,
                        data_testid="import-submit",
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
            ),
            max_width="560px",
        ),
        open=ImportState.open,
        on_open_change=ImportState.set_open,
    )
