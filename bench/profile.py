"""Summarise a py-spy ``--format raw`` profile (collapsed stacks): where the samples are,
by library (self time) and by wfstudio function (inclusive time).

    .venv/bin/python -m bench.profile /tmp/prof.txt
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^():]+)(?::\d+)?\)$")
LIBRARIES = [
    ("sqlalchemy", "SQLAlchemy in Python (ORM, statements, pool)"),
    ("sqlmodel", "SQLModel"),
    ("sqlite3", "sqlite3 driver"),
    ("psycopg", "psycopg driver"),
    ("aiohttp", "aiohttp (outbound client)"),
    ("starlette", "Starlette (API routing)"),
    ("granian", "Granian"),
    ("reflex", "Reflex"),
    ("pydantic", "pydantic"),
    ("json", "json"),
    ("asyncio", "asyncio event loop"),
    ("wfstudio/domain", "wfstudio.domain"),
    ("wfstudio/runtime", "wfstudio.runtime"),
    ("wfstudio/store", "wfstudio.store"),
    ("wfstudio/services", "wfstudio.services"),
    ("wfstudio/api", "wfstudio.api"),
]


DRIVER_CALLS = {
    "do_commit": "database driver: COMMIT (fsync on SQLite)",
    "do_execute": "database driver: executing statements",
    "do_executemany": "database driver: executing statements",
    "do_begin": "database driver: BEGIN",
    "exec_driver_sql": "database driver: BEGIN",
    "fetchall": "database driver: fetching rows",
    "fetchone": "database driver: fetching rows",
    "fetchmany": "database driver: fetching rows",
}
"""SQLAlchemy functions whose samples are time spent inside the C driver they call
(py-spy shows the calling Python frame without ``--native``)."""


def _library(path: str, function: str = "") -> str:
    if "sqlalchemy" in path and function.rsplit(".", 1)[-1] in DRIVER_CALLS:
        return DRIVER_CALLS[function.rsplit(".", 1)[-1]]
    for needle, label in LIBRARIES:
        if f"/{needle}/" in path or path.endswith(f"/{needle}.py") or f"{needle}/" in path:
            return label
    return "other (stdlib, C)"


def summarize(path: Path, top: int = 18) -> str:
    """A text report of the profile in ``path``."""
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [FRAME.match(frame) for frame in stack.split(";")]
        parsed = [(m["function"], m["file"]) for m in frames if m is not None]
        if not parsed:
            continue
        total += count
        self_time[_library(parsed[-1][1], parsed[-1][0])] += count
        seen = set()
        for function, file in parsed:
            if "wfstudio/" in file:
                name = f"{file.split('wfstudio/', 1)[1]}:{function}"
                if name not in seen:
                    seen.add(name)
                    inclusive[name] += count
    if not total:
        return "(no samples)"
    lines = [f"{total} samples", "", "self time by library:"]
    lines += [f"  {100 * n / total:5.1f}%  {label}" for label, n in self_time.most_common()]
    lines += ["", "inclusive time by wfstudio function:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in inclusive.most_common(top)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarize(Path(sys.argv[1])))
