"""The layers of DESIGN.md point one way, and heavy libraries stay in their module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "wfstudio"

# Which wfstudio layers each layer may import (DESIGN.md §1).
ALLOWED_LAYERS = {
    "domain": {"domain"},
    "store": {"domain", "store"},
    "runtime": {"domain", "store", "runtime"},
    "services": {"domain", "store", "runtime", "services"},
    "api": {"services", "api", "domain"},
    "ui": {"services", "domain", "ui"},
    "cli": {"services", "domain"},
    "wfstudio": {"ui", "api", "services", "domain"},
}
# Third-party modules confined to some modules (prefixes of dotted module paths).
CONFINED = {
    "reflex": ("wfstudio.ui", "wfstudio.wfstudio"),
    "networkx": ("wfstudio.domain.graph",),
    "jsonschema": ("wfstudio.domain.codec",),
    "sqlmodel": ("wfstudio.store",),
    "sqlalchemy": ("wfstudio.store",),
    "aiohttp": ("wfstudio.runtime",),
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "wfstudio"
    return {"cli": "cli", "wfstudio": "wfstudio"}.get(parts[1], parts[1])


def test_layers_point_one_way() -> None:
    problems = []
    for module, path in _modules():
        layer = _layer(module)
        for name in _imports(path):
            if name.startswith("wfstudio."):
                target = _layer(name)
                if target not in ALLOWED_LAYERS[layer]:
                    problems.append(f"{module} imports {name} ({layer} may not use {target})")
    assert not problems, "\n".join(problems)


def test_heavy_libraries_stay_in_their_module() -> None:
    problems = []
    for module, path in _modules():
        for name in _imports(path):
            top = name.split(".")[0]
            owners = CONFINED.get(top)
            if owners and not module.startswith(owners):
                problems.append(f"{module} imports {name}; only {', '.join(owners)} may")
    assert not problems, "\n".join(problems)


def test_importing_the_domain_loads_neither_reflex_nor_a_database() -> None:
    code = (
        "import sys, pkgutil, importlib, wfstudio.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'wfstudio.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "{'reflex', 'sqlmodel', 'sqlalchemy', 'aiohttp', 'httpx'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
