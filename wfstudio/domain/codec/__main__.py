"""``python -m wfstudio.domain.codec`` regenerates the shipped JSON Schema file."""

from __future__ import annotations

from wfstudio.domain.codec.schema import write_schema

if __name__ == "__main__":
    print(f"wrote {write_schema()}")
