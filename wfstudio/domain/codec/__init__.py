"""The workflow document on disk (SPEC §1, §7): JSON Schema, ``dump`` and ``load``.

One format serves export and import files, templates and stored drafts and versions.
Following Airflow's serialization habits, its JSON Schema is generated from the pydantic
models (``python -m wfstudio.domain.codec`` rewrites ``schema/workflow.schema.json``),
ships as package data, and every load goes through the shipped file. Output is
deterministic, so export → import → export gives identical bytes.

Decisions:

* The schema checks types and structure only. Limits (text length, option counts, …)
  are configuration errors that validation reports with the step and the field, so a
  config's length and range keywords are dropped from the schema. The document-level
  rules of SPEC §7 stay: a non-empty name and at most ``MAX_STEPS_PER_WORKFLOW`` steps.
* ``format``, ``format_version`` and ``name`` are required; every other key is optional
  with a default, so the format grows by optional fields. A file from a newer format
  version is refused; older ones go through :data:`MIGRATIONS` first.
* "More than one trigger" in a file is a list under ``trigger``, an extra ``triggers``
  key, or a repeated ``trigger`` key; any of these gives one specific problem line
  instead of the generic schema errors about those keys.
* Repeated keys anywhere are refused (a JSON parser would silently keep the last one);
  ``NaN``, ``Infinity`` and numbers too large for a float are not JSON and are refused;
  a UTF-8 byte order mark is tolerated.
* Configs are normalised through their kind's config model (defaults filled in) when
  they parse; a config that does not parse is kept as it is for validation to report.

Modules: :mod:`.schema` builds, writes and reads the JSON Schema; :mod:`.dumping` writes
documents; :mod:`.json_text` parses JSON text strictly; :mod:`.loading` reads documents;
:mod:`.problems` turns what is wrong into ``$.path: message`` lines.
"""

from __future__ import annotations

from wfstudio.domain.codec.dumping import definition_to_dict, dump
from wfstudio.domain.codec.loading import MIGRATIONS, definition_from_dict, load
from wfstudio.domain.codec.problems import HEADLINE, ImportRefused
from wfstudio.domain.codec.schema import (
    REGENERATE,
    SCHEMA_FILE,
    SCHEMA_ID,
    build_schema,
    load_schema,
    schema_text,
    write_schema,
)

__all__ = [
    "HEADLINE",
    "MIGRATIONS",
    "REGENERATE",
    "SCHEMA_FILE",
    "SCHEMA_ID",
    "ImportRefused",
    "build_schema",
    "definition_from_dict",
    "definition_to_dict",
    "dump",
    "load",
    "load_schema",
    "schema_text",
    "write_schema",
]
