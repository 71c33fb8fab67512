"""Import Workflow: a .json file picker, then the refusal or what was imported.

Decisions:
- The chosen file is read (and checked) at once, so a file that is not a workflow file
  gets its reason right away, not a silently disabled button; choosing a file again,
  even the same one, reads it again.
- Every file reaches the check (no ``accept`` filter, which drops other files silently).
"""

from __future__ import annotations

import reflex as rx

from wfstudio.services import import_checks, transfer
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
    chosen: rx.Field[str] = rx.field("")  # the chosen file's name
    ready: rx.Field[bool] = rx.field(False)  # the chosen file passed the check
    error: rx.Field[str] = rx.field("")
    imported: rx.Field[str] = rx.field("")  # the imported workflow's name once done
    removed: rx.Field[list[str]] = rx.field(default_factory=list)
    _data: bytes = b""

    def _reset(self) -> None:
        self.chosen, self.ready, self.error, self.imported, self.removed = "", False, "", "", []
        self._data = b""

    @event
    def show(self):
        self._reset()
        self.open = True

    @event
    def set_open(self, value: bool):
        self.open = value
        if not value:
            self._reset()

    @event
    async def choose(self, files: list[rx.UploadFile]):
        """A file was chosen or dropped: read it now and say at once if it cannot be imported."""
        self._reset()
        if not files:
            return
        self.chosen = files[0].name or "workflow.json"
        self._data = await files[0].read()
        try:
            import_checks.check_import_file(self._data)
        except Refused as refusal:
            self.error, self._data = refusal.message, b""
            return
        self.ready = True

    @event
    async def upload(self):
        """Import the chosen file as a Draft (or show why it was refused)."""
        if not self.ready:
            self.error = self.error or "Choose a .json file first."
            return None
        try:
            result = transfer.import_workflow(
                context.engine(),
                workspace_id=await context.signed_in_workspace_id(self),
                actor_id=await context.actor_id(self),
                data=self._data,
            )
        except Refused as refusal:
            self.error, self.imported, self.removed = refusal.message, "", []
            return None
        chosen = self.chosen
        self._reset()
        self.chosen, self.imported = chosen, result.workflow.name
        self.removed = [removed.describe() for removed in result.removed]
        return ListingState.refresh


def _picker() -> rx.Component:
    return rx.upload.root(
        rx.vstack(
            rx.icon("file-json", size=28, color="var(--accent-11)"),
            rx.cond(
                ImportState.chosen != "",
                rx.text(
                    ImportState.chosen,
                    size="2",
                    weight="medium",
                    max_width="100%",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    white_space="nowrap",
                    data_testid="import-chosen",
                ),
                rx.text("Drop a .json file here, or", size="2", color=styles.MUTED),
            ),
            rx.button("Browse file", type="button", variant="soft", size="1"),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        multiple=False,
        max_files=1,
        padding="24px",
        border="1px dashed var(--gray-a7)",
        border_radius="var(--radius-3)",
        cursor="pointer",
        width="100%",
        on_drop=ImportState.choose(rx.upload_files(upload_id=UPLOAD_ID)),
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
                        on_click=ImportState.upload,
                        disabled=~ImportState.ready,
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
