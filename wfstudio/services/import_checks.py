"""The check Import Workflow makes as soon as a file is chosen: what
:func:`wfstudio.services.transfer.import_workflow` would refuse for the file's content
alone (not JSON, not the export format, too large), with the same message."""

from __future__ import annotations

from wfstudio.domain.codec import ImportRefused, load
from wfstudio.services.errors import Refused


def check_import_file(data: bytes) -> None:
    """Refuses a file whose content cannot be imported (the product's sentence first,
    then one line per problem)."""
    try:
        load(data)
    except ImportRefused as refusal:
        raise Refused(str(refusal)) from refusal
