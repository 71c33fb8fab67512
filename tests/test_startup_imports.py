"""What the server imports at start: heavy libraries only where they are used.

The restarted server must answer within 2 s of its start (bench/README.md, "Durability");
importing the app module is most of that, so libraries that only some actions need are
imported when those actions run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_the_graph_package_imports_networkx_only_when_a_graph_is_built() -> None:
    assert "networkx" not in _modules_after_import("wfstudio.domain.graph")


def test_importing_the_app_does_not_import_networkx() -> None:
    assert "networkx" not in _modules_after_import("wfstudio.wfstudio")
