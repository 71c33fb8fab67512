"""The ``wfstudio`` command on a real SQLite file: demo, list, import, export, validate."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from wfstudio.cli import main
from wfstudio.domain.codec import dump
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services.demo_data import DEMO_USERS


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WFSTUDIO_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def welcome_file(folder: Path) -> Path:
    definition = WorkflowDefinition(
        name="Welcome",
        description="Says hello",
        trigger=Trigger(kind="conversation_opened", next="hi"),
        steps=(Step(id="hi", kind="send_message", name="Hi", config={"text": "Hello!"}),),
    )
    path = folder / "welcome.json"
    path.write_text(dump(definition), encoding="utf-8")
    return path


def test_export_import_export_gives_the_same_bytes_but_the_name(data_dir: Path) -> None:
    assert run("demo")[0] == 0
    code, said = run("import", str(welcome_file(data_dir)))
    assert code == 0 and 'Imported "Welcome"' in said
    first = data_dir / "first.json"
    assert run("export", "Welcome", "-o", str(first))[0] == 0
    code, said = run("import", str(first))
    assert code == 0 and 'Imported "Welcome (2)"' in said
    second = data_dir / "second.json"
    assert run("export", "Welcome (2)", "-o", str(second))[0] == 0
    one, two = json.loads(first.read_text()), json.loads(second.read_text())
    assert two.pop("name") == "Welcome (2)" and one.pop("name") == "Welcome"
    assert one == two
    assert first.read_text().replace('"Welcome"', '"Welcome (2)"') == second.read_text()
    code, listing = run("list", "--search", "welcome")
    assert code == 0 and "Welcome (2)" in listing and "draft" in listing


def test_validate_refuses_an_invalid_file_with_its_paths(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = data_dir / "bad.json"
    bad.write_text(
        '{"format": "wfstudio.workflow", "format_version": 1, "name": "X", "trigger": {"kind": "manual"}}'
    )
    code, _ = run("validate", str(bad))
    assert code == 1
    error = capsys.readouterr().err
    assert error.startswith("Invalid JSON schema, please submit a valid JSON file\n")
    assert "$" in error.splitlines()[1]


def test_validate_reports_configuration_errors(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = welcome_file(data_dir)
    document = json.loads(path.read_text())
    document["steps"][0]["config"]["text"] = ""
    path.write_text(json.dumps(document))
    code, said = run("validate", str(path))
    assert code == 1 and "required" in said
    assert "configuration error" in capsys.readouterr().err
    assert run("validate", str(welcome_file(data_dir)))[0] == 0


def test_refusals_exit_with_1_and_usage_errors_with_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("list")[0] == 1  # no workspace yet
    assert "wfstudio demo" in capsys.readouterr().err
    assert run("demo")[0] == 0
    assert run("export", "Nope")[0] == 1
    assert "No workflow is named" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["frobnicate"])
    assert usage.value.code == 2


def test_demo_prints_who_can_sign_in_with_which_password(data_dir: Path) -> None:
    for _ in range(2):  # the first start loads the demo; every later one says so again
        code, said = run("demo")
        assert code == 0 and "Sign in as (email / password, role):" in said
        for user in DEMO_USERS:
            line = next(line for line in said.splitlines() if user.email in line)
            assert line.split() == [user.email, user.password, user.role]
