"""Add Google Sheets Row: credential, spreadsheet, sheet, columns; ports."""

from __future__ import annotations

from typing import Any

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.steps.add_sheet_row import AddSheetRow, column_index, spreadsheet_id

SPEC = AddSheetRow()
SHEET_ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
GOOD: dict[str, Any] = {
    "credential": "google_main",
    "spreadsheet": SHEET_ID,
    "sheet": "Leads",
    "columns": [{"column": "A", "value": "$contact.name"}, {"column": "ab", "value": ""}],
}


def test_good_config_gives_no_issues() -> None:
    assert check(SPEC, GOOD) == []
    url = f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit#gid=0"
    assert check(SPEC, {**GOOD, "spreadsheet": url}) == []


def test_credential_required() -> None:
    issues = check(SPEC, {**GOOD, "credential": ""})
    assert found(issues) == {(Code.MISSING_REFERENCE, "config.credential")}


def test_spreadsheet_required() -> None:
    assert found(check(SPEC, {**GOOD, "spreadsheet": ""})) == {
        (Code.REQUIRED, "config.spreadsheet")
    }


@pytest.mark.parametrize("value", ["short", "https://example.com/spreadsheets/d/abcdefghijkl"])
def test_spreadsheet_must_be_an_id_or_a_sheets_url(value: str) -> None:
    issues = check(SPEC, {**GOOD, "spreadsheet": value})
    assert found(issues) == {(Code.INVALID_VALUE, "config.spreadsheet")}


def test_sheet_required() -> None:
    assert found(check(SPEC, {**GOOD, "sheet": " "})) == {(Code.REQUIRED, "config.sheet")}


def test_at_least_one_column() -> None:
    assert found(check(SPEC, {**GOOD, "columns": []})) == {(Code.REQUIRED, "config.columns")}


def test_column_required() -> None:
    issues = check(SPEC, {**GOOD, "columns": [{"column": "", "value": "x"}]})
    assert found(issues) == {(Code.REQUIRED, "config.columns.0.column")}


@pytest.mark.parametrize("column", ["A1", "ABCD", "Name"])
def test_column_must_be_letters(column: str) -> None:
    issues = check(SPEC, {**GOOD, "columns": [{"column": column, "value": "x"}]})
    assert found(issues) == {(Code.INVALID_VALUE, "config.columns.0.column")}


def test_column_given_once_ignoring_case() -> None:
    columns = [{"column": "b", "value": "1"}, {"column": "B", "value": "2"}]
    assert found(check(SPEC, {**GOOD, "columns": columns})) == {
        (Code.DUPLICATE, "config.columns.1.column")
    }


def test_helpers() -> None:
    assert spreadsheet_id(f"https://docs.google.com/spreadsheets/u/0/d/{SHEET_ID}") == SHEET_ID
    assert [column_index(c) for c in ("A", "z", "AA", "ZZZ")] == [0, 25, 26, 18277]


def test_ports() -> None:
    assert port_names(SPEC, {}) == ["success"]
    assert port_names(SPEC, {"failure_branch": True}) == ["success", "failure"]
