"""Baselines: known findings recorded once and hidden afterwards (a published report cannot carry
suppression comments). Entries match by path, code and fingerprint, which survive lines inserted above.

Paths are stored relative to the baseline file's folder, with ``/`` between folders, and matched after
the same normalisation: a baseline written by ``disclint check .`` in one folder applies to
``disclint check reports/a.txt`` run from another, or with ``./a.txt``. (Baselines of earlier versions
hold paths as they were typed; those still match where they were written.)
"""
from __future__ import annotations

import json
import os
from collections import Counter
from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from .engine import FileResult


def _relative(path: str, baseline: str) -> str:
    """``path`` relative to the folder of the ``baseline`` file, ``/``-separated; ``-`` stays ``-``."""
    if path == "-":
        return path
    folder = os.path.dirname(os.path.abspath(baseline))
    try:
        path = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:  # another drive (Windows)
        path = os.path.abspath(path)
    return path.replace("\\", "/")


def write(path: str, results) -> int:
    entries = [{"path": _relative(r.path, path), "code": f.code, "fingerprint": f.fingerprint(), "message": f.message}
               for r in results for f in r.findings]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"tool": "disclint", "version": __version__, "paths": "relative to this file",
                   "findings": entries}, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return len(entries)


def apply(path: str, results: list[FileResult]) -> tuple[list[FileResult], list[dict]]:
    """``results`` without the baseline's findings, and the stale entries: those of the files checked that no
    finding matched any more."""
    from .errors import ConfigError
    from .paths import open_regular

    try:
        with open_regular(path) as handle:
            document = json.loads(handle.read().decode("utf-8"))
        entries = document["findings"]
        relative = document.get("paths") == "relative to this file"
        known = Counter((e["path"], e["code"], e["fingerprint"]) for e in entries)
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取基线文件（{exc.strerror}）") from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # not JSON, or not shaped as one
        raise ConfigError(f"{path}: 不是 disclint 基线文件（应由 --write-baseline 生成）") from None

    def named(file: str) -> str:
        return _relative(file, path) if relative else file.replace("\\", "/")

    unlisted = []
    for result in results:
        kept = []
        for finding in result.findings:
            key = (named(result.path), finding.code, finding.fingerprint())
            if known[key] > 0:
                known[key] -= 1
            else:
                kept.append(finding)
        unlisted.append(result._replace(findings=kept))
    checked = {named(r.path) for r in results}
    left = dict(known)
    stale = []
    for entry in entries:
        key = (entry["path"], entry["code"], entry["fingerprint"])
        if entry["path"] in checked and left.get(key, 0) > 0:
            left[key] -= 1
            stale.append(entry)
    return unlisted, stale
