"""The code base itself: lint-clean (ruff, configured in pyproject.toml)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    if shutil.which("ruff") is None and subprocess.run([sys.executable, "-m", "ruff", "--version"],
                                                       capture_output=True).returncode != 0:
        pytest.skip("ruff is not installed (it is in the test extras)")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _installed_tree() -> Path:
    """A folder holding ``disclint/`` as it is installed, made of links to the source: linter/ is the package,
    rules/ its ``rules``, grammar/ its ``grammar`` ([tool.setuptools.package-dir]). One fixed place per
    checkout, so that mypy's cache beside it serves the next run."""
    import hashlib
    import tempfile

    tree = Path(tempfile.gettempdir()) / f"disclint-mypy-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"
    package = tree / "disclint"
    shutil.rmtree(package, ignore_errors=True)
    package.mkdir(parents=True)
    entries = [(package / e.name, e) for e in (ROOT / "linter").iterdir() if e.name != "__pycache__"]
    entries += [(package / name, ROOT / name) for name in ("rules", "grammar")]
    for link, entry in entries:
        try:
            link.symlink_to(entry, target_is_directory=entry.is_dir())
        except OSError:  # Windows without the right to make links: a copy (mypy's messages name it the same)
            if entry.is_dir():
                shutil.copytree(entry, link, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(entry, link)
    return tree


def test_mypy_finds_nothing():
    """linter/ and rules/ type-check clean ([tool.mypy] in pyproject.toml). About 8 s the first time, 2 s
    with the cache."""
    if subprocess.run([sys.executable, "-m", "mypy", "--version"], capture_output=True).returncode != 0:
        pytest.skip("mypy is not installed (it is in the test extras)")
    tree = _installed_tree()
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                           "--cache-dir", str(tree / ".mypy_cache"), "-p", "disclint"],
                          cwd=tree, capture_output=True, text=True)
    # the messages name the files as the source names them
    shown = done.stdout.replace("disclint/rules/", "rules/").replace("disclint/", "linter/")
    assert done.returncode == 0, shown + done.stderr
