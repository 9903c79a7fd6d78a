"""The layers of ARCHITECTURE.md, enforced by import-linter (``[tool.importlinter]`` in
pyproject.toml): the real tree keeps them, and an upward or sibling import breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = [
    "config",
    "core",
    "accounts",
    "billing",
    "coaching",
    "habits",
    "diaries",
    "practitioners",
    "content",
    "ops_admin",
]

pytestmark = pytest.mark.slow


def _copy_tree(target: Path) -> Path:
    """A copy of the project's Python packages and its import-linter configuration."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=shutil.ignore_patterns(
                "__pycache__", "locale", "templates", "static", "*.mo", "*.po"
            ),
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_project_keeps_its_layers():
    result = _lint(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "importer", "imported"),
    [
        ("core/upward.py", "import habits.models\n", "core", "habits"),
        ("accounts/upward.py", "from billing import selectors\n", "accounts", "billing"),
        (
            "billing/upward.py",
            "def later():\n    from coaching import models  # noqa\n",
            "billing",
            "coaching",
        ),
        ("habits/sibling.py", "import diaries.models\n", "habits", "diaries"),
        ("content/upward.py", "import ops_admin\n", "content", "ops_admin"),
    ],
)
def test_an_upward_or_sibling_import_breaks_the_contract(
    tmp_path, module, source, importer, imported
):
    # given a copy of the project with one module importing a higher layer or a sibling
    tree = _copy_tree(tmp_path)
    (tree / module).write_text(source)

    # when import-linter checks it
    result = _lint(tree)

    # then the contract is broken, naming the offending import
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert f"{importer} is not allowed to import {imported}" in result.stdout
