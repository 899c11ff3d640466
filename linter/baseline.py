"""Baselines: known findings recorded once and hidden afterwards (a published report cannot carry
suppression comments). Entries match by path, code and fingerprint, which survive lines inserted above."""
from __future__ import annotations

import json
from collections import Counter

from .version import __version__


def _key(path: str, finding) -> tuple[str, str, str]:
    return (path.replace("\\", "/"), finding.code, finding.fingerprint())


def write(path: str, results) -> int:
    entries = [{"path": r.path.replace("\\", "/"), "code": f.code, "fingerprint": f.fingerprint(), "message": f.message}
               for r in results for f in r.findings]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"tool": "disclint", "version": __version__, "findings": entries}, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return len(entries)


def apply(path: str, results) -> int:
    """Drop baseline findings from ``results`` (in place); returns how many entries are stale."""
    from .errors import ConfigError

    try:
        with open(path, encoding="utf-8") as handle:
            entries = json.load(handle)["findings"]
        known = Counter((e["path"], e["code"], e["fingerprint"]) for e in entries)
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取基线文件（{exc.strerror}）") from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # not JSON, or not shaped as one
        raise ConfigError(f"{path}: 不是 disclint 基线文件（应由 --write-baseline 生成）") from None
    for result in results:
        kept = []
        for finding in result.findings:
            key = _key(result.path, finding)
            if known[key] > 0:
                known[key] -= 1
            else:
                kept.append(finding)
        result.findings = kept
    checked = {r.path.replace("\\", "/") for r in results}
    return sum(n for (p, _, _), n in known.items() if p in checked)
