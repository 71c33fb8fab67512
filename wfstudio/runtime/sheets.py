"""Appending a row to Google Sheets through its REST API (the Add Google Sheets Row step).

One request: ``POST {base_url}/v4/spreadsheets/{id}/values/{range}:append`` with
``valueInputOption=USER_ENTERED`` (values are read as if typed: ``42`` is a number,
``2024-05-01`` a date) and ``insertDataOption=INSERT_ROWS`` (the row is inserted after the
sheet's table, never overwriting cells), body ``{"values": [[A, B, …]]}``.

Decisions:

* The credential is the workspace's stored dict. It must hold an OAuth ``access_token``
  (sent as ``Authorization: Bearer …``). Exchanging a service-account key for a token
  (the signed JWT grant) is **not** done here: the workspace stores a token, and keeping
  it fresh is the credential owner's job. ``base_url`` (default
  ``https://sheets.googleapis.com``) may be overridden in the credential, which tests
  use to point at a local server.
* The spreadsheet may be given as its id or its ``docs.google.com`` URL
  (:func:`wfstudio.domain.steps.add_sheet_row.spreadsheet_id`).
* ``values`` maps column letters (any case) to text; the row runs from A to the last
  given column, with empty strings for the gaps.
* The range is ``<sheet>!A1``; the sheet name is quoted (``'My sheet'!A1``, ``'`` doubled)
  unless it is letters, digits and underscores only, then percent-encoded in the path.
* Errors carry Google's own message (``{"error": {"message": …}}``) when it gives one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlencode

from wfstudio.domain.steps.add_sheet_row import AddSheetRowConfig, column_index, spreadsheet_id
from wfstudio.domain.variables import Scope, render
from wfstudio.runtime.http import HttpClient

GOOGLE_SHEETS_URL: Final = "https://sheets.googleapis.com"
DEFAULT_SHEETS_TIMEOUT_SECONDS: Final = 15.0
_PLAIN_SHEET_NAME: Final = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class SheetResult:
    """The outcome of :func:`append_row`.

    Attributes:
        ok: the row was appended.
        error: why not, for the step log; None when ``ok``.
        updated_range: where the row landed, e.g. ``Sheet1!A7:D7`` (when Google says).
    """

    ok: bool
    error: str | None = None
    updated_range: str | None = None


def sheet_values(config: AddSheetRowConfig, scope: Scope) -> dict[str, str]:
    """The step's column letter → value, values rendered from ``scope``."""
    return {column.column: render(column.value, scope) for column in config.columns}


def row_cells(values: Mapping[str, str]) -> list[str] | None:
    """The row in column order from A to the last given column, ``""`` in the gaps; None
    when a key is not a column letter."""
    placed: dict[int, str] = {}
    for letters, value in values.items():
        index = column_index(letters)
        if index is None:
            return None
        placed[index] = value
    if not placed:
        return []
    return [placed.get(index, "") for index in range(max(placed) + 1)]


def append_url(base_url: str, spreadsheet: str, sheet: str) -> str:
    """The append endpoint for ``sheet`` in the spreadsheet with id ``spreadsheet``."""
    quoted = sheet if _PLAIN_SHEET_NAME.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    a1 = f"{quoted}!A1"
    query = urlencode({"valueInputOption": "USER_ENTERED", "insertDataOption": "INSERT_ROWS"})
    return (
        f"{base_url.rstrip('/')}/v4/spreadsheets/{quote(spreadsheet, safe='')}"
        f"/values/{quote(a1, safe='!')}:append?{query}"
    )


async def append_row(
    client: HttpClient,
    credential: Mapping[str, Any],
    spreadsheet: str,
    sheet: str,
    values: Mapping[str, str],
    *,
    timeout_s: float = DEFAULT_SHEETS_TIMEOUT_SECONDS,
) -> SheetResult:
    """Append one row; never raises for network or API trouble.

    Args:
        client: the runtime's shared HTTP client.
        credential: the stored credential: ``access_token``, optional ``base_url``.
        spreadsheet: the spreadsheet id or its Google Sheets URL.
        sheet: the sheet (tab) name.
        values: column letter → cell text.
        timeout_s: total time allowed for the request.
    """
    token = credential.get("access_token")
    if not isinstance(token, str) or not token.strip():
        return SheetResult(
            ok=False,
            error="The Google credential has no access token "
            "(service-account keys are not exchanged for tokens here).",
        )
    found_id = spreadsheet_id(spreadsheet)
    if found_id is None:
        return SheetResult(ok=False, error=f"“{spreadsheet}” is not a spreadsheet id or URL.")
    if not sheet.strip():
        return SheetResult(ok=False, error="No sheet name was given.")
    row = row_cells(values)
    if row is None:
        bad = ", ".join(key for key in values if column_index(key) is None)
        return SheetResult(ok=False, error=f"Not a column letter: {bad}.")
    base_url = credential.get("base_url")
    url = append_url(
        base_url if isinstance(base_url, str) and base_url else GOOGLE_SHEETS_URL,
        found_id,
        sheet.strip(),
    )
    reply = await client.request(
        "POST",
        url,
        headers={"Authorization": f"Bearer {token.strip()}"},
        json_body={"values": [row]},
        timeout_s=timeout_s,
    )
    if reply.error is not None:
        return SheetResult(ok=False, error=f"Google Sheets could not be reached: {reply.error}")
    if not reply.ok:
        return SheetResult(ok=False, error=_api_error(reply.status, reply.json, reply.text))
    updates = reply.json.get("updates") if isinstance(reply.json, dict) else None
    updated = updates.get("updatedRange") if isinstance(updates, dict) else None
    return SheetResult(ok=True, updated_range=updated if isinstance(updated, str) else None)


def _api_error(status: int, document: Any, text: str) -> str:
    """Google's ``{"error": {"code", "message", "status"}}`` as one sentence."""
    detail = ""
    error = document.get("error") if isinstance(document, dict) else None
    if isinstance(error, dict):
        message = error.get("message")
        code = error.get("status")
        detail = str(message) if message else ""
        if isinstance(code, str) and code:
            detail = f"{code}: {detail}" if detail else code
    elif text.strip():
        detail = " ".join(text.split())[:200]
    hint = " (the access token is invalid or expired)" if status == 401 else ""
    suffix = f" — {detail}" if detail else ""
    return f"Google Sheets refused the row: HTTP {status}{hint}{suffix}"
