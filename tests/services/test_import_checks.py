"""The check made when a file is chosen in Import Workflow refuses what the import would
refuse for the file alone, with the same message."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.services.conftest import SeededWorkspace, welcome
from wfstudio.domain.codec import dump
from wfstudio.services import transfer
from wfstudio.services.errors import Refused
from wfstudio.services.import_checks import check_import_file


@pytest.mark.parametrize(
    "data",
    [b"not json at all", b"", b'{"format": "wfstudio.workflow", "name": 3}', b"\xff\xfe"],
)
def test_a_file_the_import_refuses_is_refused_with_the_same_message(
    engine: Engine, workspace: SeededWorkspace, data: bytes
) -> None:
    with pytest.raises(Refused) as checked:
        check_import_file(data)
    with pytest.raises(Refused) as imported:
        transfer.import_workflow(engine, workspace_id=workspace.id, actor_id=None, data=data)
    assert checked.value.message == imported.value.message
    assert checked.value.message.startswith("Invalid JSON schema, please submit a valid JSON file")


def test_a_workflow_file_passes() -> None:
    check_import_file(dump(welcome()).encode())
