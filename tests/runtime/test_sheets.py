"""Appending a Google Sheets row against a loopback stand-in for the Sheets API."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.runtime.servers import RecordingServer, Reply, async_test
from wfstudio.domain.steps.add_sheet_row import AddSheetRowConfig, SheetColumn
from wfstudio.domain.variables import Scope
from wfstudio.runtime.http import HttpClient
from wfstudio.runtime.sheets import append_row, append_url, row_cells, sheet_values

SHEET_ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789"
APPENDED = {
    "spreadsheetId": SHEET_ID,
    "updates": {"updatedRange": "Leads!A5:D5", "updatedRows": 1},
}


@async_test
async def test_append_request_shape() -> None:
    async with RecordingServer([Reply(json=APPENDED)]) as server, HttpClient() as client:
        credential = {"access_token": "tok-123", "base_url": server.base_url + "/"}
        result = await append_row(
            client,
            credential,
            f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit#gid=0",
            "Leads",
            {"d": "last", "A": "Ada", "B": "ada@example.com"},
        )
    assert result.ok and result.error is None and result.updated_range == "Leads!A5:D5"
    sent = server.requests[0]
    assert sent.method == "POST"
    assert sent.path == f"/v4/spreadsheets/{SHEET_ID}/values/Leads!A1:append"
    assert sent.query == {"valueInputOption": "USER_ENTERED", "insertDataOption": "INSERT_ROWS"}
    assert sent.headers["authorization"] == "Bearer tok-123"
    assert sent.json == {"values": [["Ada", "ada@example.com", "", "last"]]}


@async_test
async def test_sheet_names_with_spaces_are_quoted() -> None:
    async with RecordingServer([Reply(json=APPENDED)]) as server, HttpClient() as client:
        credential = {"access_token": "t", "base_url": server.base_url}
        assert (await append_row(client, credential, SHEET_ID, "Q2 Leads", {"A": "x"})).ok
    assert server.requests[0].path == f"/v4/spreadsheets/{SHEET_ID}/values/'Q2 Leads'!A1:append"


@async_test
async def test_403_fails_with_the_api_message() -> None:
    denied = {
        "error": {
            "code": 403,
            "message": "The caller does not have permission",
            "status": "PERMISSION_DENIED",
        }
    }
    async with RecordingServer([Reply(403, json=denied)]) as server, HttpClient() as client:
        credential = {"access_token": "t", "base_url": server.base_url}
        result = await append_row(client, credential, SHEET_ID, "Leads", {"A": "x"})
    assert not result.ok and result.updated_range is None
    assert result.error == (
        "Google Sheets refused the row: HTTP 403 — "
        "PERMISSION_DENIED: The caller does not have permission"
    )


@async_test
async def test_problems_found_before_any_request() -> None:
    async with HttpClient() as client:
        no_token = await append_row(client, {}, SHEET_ID, "Leads", {"A": "x"})
        bad_id = await append_row(client, {"access_token": "t"}, "nope", "Leads", {"A": "x"})
        bad_column = await append_row(client, {"access_token": "t"}, SHEET_ID, "S", {"A1": "x"})
    assert no_token.error and "access token" in no_token.error
    assert bad_id.error and "nope" in bad_id.error
    assert bad_column.error == "Not a column letter: A1."


def test_row_cells_and_url() -> None:
    assert row_cells({"C": "c", "a": "a"}) == ["a", "", "c"]
    assert row_cells({"AA": "z"}) == [""] * 26 + ["z"]
    assert row_cells({}) == []
    assert "/values/%27it%27%27s%27!A1:append?" in append_url("https://x", SHEET_ID, "it's")


def test_sheet_values_render_variables() -> None:
    config = AddSheetRowConfig(
        columns=(SheetColumn(column="A", value="$contact.email"), SheetColumn(column="C"))
    )
    scope = Scope(now=datetime(2024, 1, 1, tzinfo=UTC), contact={"email": "a@b.c"})
    assert sheet_values(config, scope) == {"A": "a@b.c", "C": ""}
