"""Machine-readable output: the contract's JSON documents (docs/data-contract.md), concise lines, CSV.

Formatters only format: every figure comes from the engine's results.
"""
from __future__ import annotations

import csv
import io
import json

from .findings import ERROR, INFO, WARNING
from .paths import uri
from .version import __version__

TOOL = {"name": "disclint", "version": __version__}


def summary(results) -> dict:
    """The counts of a run; ``unreadable`` (added to the contract) counts the files that could not be read
    (a scan, an old .doc, a damaged file: parse.unreadable), which were not checked, and ``failed`` (added)
    those on which disclint itself failed (parse.internal-error)."""
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for result in results:
        for finding in result.findings:
            counts[finding.severity] += 1
    unreadable = sum(any(f.code == "P001" for f in r.findings) for r in results)
    return {"files": len(results), "errors": counts[ERROR], "warnings": counts[WARNING], "infos": counts[INFO],
            "unreadable": unreadable, "failed": sum(r.failed for r in results)}


def check_json(results, run=None) -> str:
    """The check document (contract §3); with the run (api.Results), its series and notes (added)."""
    def entry(r) -> dict:
        out = {"path": r.path, "edition": r.edition, "report_year": r.report_year,
               "findings": [f.to_json() for f in r.findings]}
        if r.previous is not None:
            out["previous"] = {"path": r.previous[0], "report_year": r.previous[1]}
        return out

    document = {"tool": TOOL, "files": [entry(r) for r in results], "summary": summary(results)}
    if run is not None and (run.series or run.notes):
        document["series"] = [s.to_json() for s in run.series]
        document["notes"] = list(run.notes)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def where(finding) -> str:
    """A finding's place as every output names it: ``line:column`` in a text or HTML file, the place in a
    file without lines (a Word draft's 表3 第5行 第2列, a PDF's 第3页)."""
    return finding.place or f"{finding.line}:{finding.column}"


def concise(results) -> str:
    return "".join(f"{r.path}:{where(f)}: {f.code} [{f.severity}] {f.message}\n"
                   for r in results for f in r.findings)


def extract_record(result) -> dict:
    return {"path": result.path, "edition": result.edition, "report_year": result.report_year,
            "title": result.title, "published": result.published, "cells": result.cells}


def extract_json(results) -> str:
    return json.dumps({"tool": TOOL, "files": [extract_record(r) for r in results]}, ensure_ascii=False, indent=2) + "\n"


def extract_csv(results) -> str:
    """One row per file, one column per cell id (the union over editions, in template order)."""
    from .templates import editions, load

    ids = []
    for edition in editions():
        ids.extend(i for i in load(edition).cell_ids if i not in ids)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", "edition", "report_year", "title", "published", *ids])
    for result in results:
        record = extract_record(result)
        values = [record["cells"].get(i, {}).get("value") for i in ids]
        writer.writerow([record["path"], record["edition"] or "", record["report_year"] or "", record["title"] or "",
                         record["published"] or "", *("" if v is None else v for v in values)])
    return out.getvalue()


def statistics(results) -> str:
    """Count per rule, most frequent first: ``  12  B301  balance.carry-over``."""
    from collections import Counter

    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    return "".join(f"{n:>6}  {code}  {rule}\n" for (code, rule), n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))


_SARIF_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}


def sarif(results) -> str:
    """SARIF 2.1.0 with what GitHub code scanning reads: rules with descriptions and help, one physical
    location per result, and partial fingerprints that survive lines being inserted above."""
    import inspect

    from disclint.rules.registry import RULES

    rules = [{
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": inspect.cleandoc(rule.__doc__ or rule.summary).split("\n\n")[0]},
        "help": {"text": inspect.cleandoc(rule.__doc__ or rule.summary),
                 "markdown": inspect.cleandoc(rule.__doc__ or rule.summary)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"tags": [rule.name.split(".")[0]]},
    } for rule in RULES]
    index = {rule.code: i for i, rule in enumerate(RULES)}
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
                "locations": [{"physicalLocation": _physical(result.path, f)}],
                **({"relatedLocations": [{"id": k, "physicalLocation": _physical(r.path, r),
                                          "message": {"text": r.message}} for k, r in enumerate(f.related)]}
                   if f.related else {}),
                "partialFingerprints": {"disclint/v1": f.fingerprint()},
            })
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "disclint", "version": __version__, "informationUri":
                                      "https://pypi.org/project/disclint/", "rules": rules}},
                  "columnKind": "unicodeCodePoints",
                  "results": run_results}],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _physical(path: str, at) -> dict:
    """A SARIF physical location of a finding or a related place."""
    return {"artifactLocation": {"uri": uri(path)},
            "region": {"startLine": at.line, "startColumn": at.column, "endLine": at.end_line,
                       "endColumn": max(at.end_column, at.column)}}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results) -> str:
    """GitHub Actions workflow commands, grouped per file."""
    out = []
    for result in results:
        if not result.findings:
            continue
        out.append(f"::group::{_escape_data(result.path)}\n")
        for f in result.findings:
            level = {ERROR: "error", WARNING: "warning", INFO: "notice"}[f.severity]
            props = (f"file={_escape_property(result.path)},line={f.line},col={f.column},endLine={f.end_line},"
                     f"endColumn={f.end_column},title={_escape_property(f.code + ' ' + f.rule)}")
            message = f"{f.place}：{f.message}" if f.place else f.message
            out.append(f"::{level} {props}::{_escape_data(message)}\n")
        out.append("::endgroup::\n")
    return "".join(out)
