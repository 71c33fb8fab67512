"""What the server does at start: heavy libraries only where they are used, no page to
evaluate in the backend worker, and the garbage collector left as it was found.

The restarted server must answer within 2 s of its start (bench/README.md, "Durability");
importing the app module is most of that, so libraries that only some actions need are
imported when those actions run. Reflex's backend worker evaluates again, before it
answers, every page whose evaluation created a state class (the "stateful pages" the last
frontend compile listed in ``.web/backend/stateful_pages.json``): every state is defined
when the app module is imported, so that list is empty.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _output(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def _modules_after_import(module: str) -> set[str]:
    return set(_output(f"import sys, {module}; print('\\n'.join(sys.modules))").split())


def test_the_graph_package_imports_networkx_only_when_a_graph_is_built() -> None:
    assert "networkx" not in _modules_after_import("wfstudio.domain.graph")


def test_importing_the_app_does_not_import_networkx() -> None:
    assert "networkx" not in _modules_after_import("wfstudio.wfstudio")


def test_importing_the_app_leaves_out_what_only_some_actions_need() -> None:
    loaded = _modules_after_import("wfstudio.wfstudio")
    # jsonschema: importing a workflow file; segno: the QR code of the test dialog.
    assert not {"jsonschema", "segno"} & loaded


def test_evaluating_the_pages_defines_no_state_so_the_worker_evaluates_none() -> None:
    code = (
        "from wfstudio.wfstudio import app\n"
        "for route in list(app._unevaluated_pages):\n"
        "    app._compile_page(route, save_page=False)\n"
        "print(len(app._evaluated_pages), sorted(app._stateful_pages))"
    )
    evaluated, stateful = _output(code).split(" ", 1)
    assert int(evaluated) >= 9
    assert stateful.strip() == "[]"


def test_the_app_module_leaves_the_garbage_collector_as_it_found_it() -> None:
    code = (
        "import gc, sys\n"
        "if sys.argv[1] == 'off':\n"
        "    gc.disable()\n"
        "import wfstudio.wfstudio\n"
        "print(gc.isenabled())"
    )
    for before, after in (("on", "True"), ("off", "False")):
        done = subprocess.run(
            [sys.executable, "-c", code, before], cwd=ROOT, capture_output=True, text=True
        )
        assert done.stdout.split() == [after], done.stderr[-2000:]
