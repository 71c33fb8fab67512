"""Add Google Sheets Row: appends a row to a sheet of a Google Sheets spreadsheet.

*success* when the row was appended; otherwise *failure* when its toggle is on, and the
enrollment ends when it is off or not connected.

Decisions SPEC leaves open:

* The Google account is a workspace credential referenced by key.
* ``spreadsheet`` takes the spreadsheet id or its full ``docs.google.com`` URL (users
  paste URLs); :func:`spreadsheet_id` extracts the id.
* Columns are named by their letter (``A``, ``B`` … ``ZZZ``, any case), so a row can be
  built without reading the sheet's header row; each column at most once, at least one.
  Values may contain ``$variables``; an empty value leaves the cell empty.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.refs import Ref
from wfstudio.domain.steps._shared import duplicates

SPREADSHEET_ID: Final = re.compile(r"^[A-Za-z0-9_-]{10,}$")
SPREADSHEET_URL: Final = re.compile(
    r"^https://docs\.google\.com/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]{10,})(?:[/?#].*)?$"
)
COLUMN_LETTERS: Final = re.compile(r"^[A-Za-z]{1,3}$")


def spreadsheet_id(text: str) -> str | None:
    """The spreadsheet id in ``text`` (an id or a Google Sheets URL), or None."""
    text = text.strip()
    if SPREADSHEET_ID.match(text):
        return text
    match = SPREADSHEET_URL.match(text)
    return match.group(1) if match else None


def column_index(letters: str) -> int | None:
    """``A`` → 0, ``Z`` → 25, ``AA`` → 26 …; None when ``letters`` is not a column."""
    letters = letters.strip().upper()
    if not COLUMN_LETTERS.match(letters):
        return None
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - ord("A") + 1)
    return number - 1


class SheetColumn(Config):
    column: str = ""  # column letter
    value: str = ""


class AddSheetRowConfig(Config):
    credential: Annotated[str, Ref("sheet_credential")] = ""
    spreadsheet: str = ""
    sheet: str = ""
    columns: tuple[SheetColumn, ...] = (SheetColumn(column="A"),)
    failure_branch: bool = False


class AddSheetRow(StepSpec[AddSheetRowConfig]):
    kind = "add_sheet_row"
    label = "Add Google Sheets Row"
    icon = "sheet"
    description = "Append a row to a Google Sheets spreadsheet."
    group = "Integrations"
    config_model = AddSheetRowConfig

    def ports(self, config: AddSheetRowConfig) -> list[Port]:
        ports = [Port("success", "Success")]
        if config.failure_branch:
            ports.append(Port("failure", "Failure", always=False))
        return ports

    def check(self, config: AddSheetRowConfig, ctx: CheckContext) -> None:
        ctx.require_ref(config.credential, "sheet_credential", "credential", "a Google account")
        if ctx.require(config.spreadsheet, "spreadsheet", "The spreadsheet") and (
            spreadsheet_id(config.spreadsheet) is None
        ):
            ctx.error(
                Code.INVALID_VALUE,
                "spreadsheet",
                "Give the spreadsheet id or its docs.google.com/spreadsheets URL.",
            )
        ctx.require(config.sheet, "sheet", "The sheet name")
        if not ctx.require(config.columns, "columns", "At least one column"):
            return
        for index, column in enumerate(config.columns):
            path = f"columns.{index}.column"
            if ctx.require(column.column, path, f"The column of row {index + 1}") and (
                column_index(column.column) is None
            ):
                ctx.error(
                    Code.INVALID_VALUE,
                    path,
                    f"“{column.column}” is not a column letter (A, B, … ZZZ).",
                )
        for index in duplicates([c.column.upper() for c in config.columns]):
            ctx.error(
                Code.DUPLICATE,
                f"columns.{index}.column",
                f"The column {config.columns[index].column.upper()} is given twice.",
            )

    def summary(self, config: AddSheetRowConfig) -> str:
        if not config.sheet:
            return "No sheet chosen yet"
        count = len(config.columns)
        return f"Add a row to {config.sheet} ({count} column{'s' if count != 1 else ''})"
