"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning reads it."""
from __future__ import annotations

import json
import os

from ..findings import ERROR, INFO, WARNING, Span
from ..fixes import FIXABLE
from ..paths import uri
from ..version import __version__
from . import emit
from .common import not_assessable, rule_counts

_SARIF_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}


def _help(rule) -> tuple[str, str]:
    """(full description, help as Markdown) of a rule for GitHub's panel: the Chinese summary first, then
    the rule's documentation (docs/rules.md's section) and how to see it."""
    import inspect

    doc = inspect.cleandoc(rule.__doc__ or "")
    first = doc.split("\n\n")[0]
    full = f"{rule.summary}。{first}" if first else rule.summary
    markdown = (f"**{rule.code} {rule.name}**：{rule.summary}\n\n{doc}\n\n"
                f"本机查看：`disclint rule {rule.code}`；全部规则：disclint 的 docs/rules.md。")
    return full, markdown


def sarif(results, rules, statistics: bool = False, base: str | None = None) -> str:
    """SARIF 2.1.0 with what GitHub code scanning reads: rules with Chinese descriptions and their
    documentation as help, one physical location per result (and the other year's as related locations),
    partial fingerprints that survive lines being inserted above. Paths under ``base`` (the folder disclint
    ran in) are relative to ``%SRCROOT%`` (``originalUriBaseIds``), so that GitHub maps them onto the
    repository; no ``helpUri`` or ``informationUri``, since disclint has no public page to point to.
    ``rules``: the rule classes of the registry, in its order (the driver's list)."""
    described = []
    for rule in rules:
        full, markdown = _help(rule)
        described.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": full},
            "help": {"text": markdown, "markdown": markdown},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity], "enabled": rule.enabled_by_default},
            "properties": {"tags": [rule.name.split(".")[0]]},
        })
    index = {rule.code: i for i, rule in enumerate(rules)}
    run_results = []
    for result in results:
        for f in result.findings:
            run_results.append({
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f"{f.place}：{f.message}" if f.place else f.message},
                **({"properties": {k: v for k, v in (("place", f.place), ("page", f.page)) if v is not None}}
                   if f.place else {}),
                "locations": [{"physicalLocation": (where := _physical(result.path, f.span, base))}],
                **({"fixes": [{"description": {"text": f"改为“{f.fix}”"}, "artifactChanges": [{
                    "artifactLocation": where["artifactLocation"],
                    "replacements": [{"deletedRegion": where["region"], "insertedContent": {"text": f.fix}}]}]}]}
                   if f.fix is not None and result.kind in FIXABLE else {}),
                **({"relatedLocations": [{"id": k, "physicalLocation": _physical(r.path, r.span, base),
                                          "message": {"text": r.message}} for k, r in enumerate(f.related)]}
                   if f.related else {}),
                "partialFingerprints": {"disclint/v1": f.fingerprint()},
            })
    run = {"tool": {"driver": {"name": "disclint", "version": __version__, "rules": described}},
           "columnKind": "unicodeCodePoints", "results": run_results}
    unassessed = not_assessable(results)
    if unassessed:  # SARIF's way to say the analysis of a file is incomplete: a tool notification on it
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [{
            "level": "warning", "descriptor": {"id": "not-assessable"},
            "message": {"text": f"表格未能读取，不可评估：{why}"},
            "locations": [{"physicalLocation": {"artifactLocation": _physical(path, Span(1, 1, 1, 1), base)["artifactLocation"]}}],
        } for path, why in unassessed]}]
    if base is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": _file_uri(base) + "/"}}
    if statistics:
        run["properties"] = {"statistics": rule_counts(results)}
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _file_uri(path: str) -> str:
    """An absolute path as a file: URI (``file:///home/a/reports``)."""
    absolute = uri(os.path.abspath(path))
    return "file://" + ("" if absolute.startswith("/") else "/") + absolute


def _physical(path: str, at: Span, base: str | None = None) -> dict:
    """A SARIF physical location of a finding or a related place: relative to ``%SRCROOT%`` when the file
    is under ``base``, else as given (``-``, a path outside)."""
    location = {"uri": uri(path)}
    if base is not None and path != "-":
        relative = os.path.relpath(os.path.abspath(path), base)
        if not relative.startswith(".."):
            location = {"uri": uri(relative), "uriBaseId": "%SRCROOT%"}
    return {"artifactLocation": location,
            "region": {"startLine": at.line, "startColumn": at.column, "endLine": at.end_line,
                       "endColumn": max(at.end_column, at.column)}}


def write(run, options) -> None:
    emit(sarif(run.files, options.rules, options.statistics, options.base), options.output_file)
