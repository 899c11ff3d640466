"""Machine-readable output: the contract's JSON documents (spec/data-contract.md), concise lines, CSV.

Formatters only format: every figure comes from the engine's results.
"""
from __future__ import annotations

import csv
import io
import json

from . import __version__
from .findings import ERROR, INFO, WARNING

TOOL = {"name": "disclint", "version": __version__}


def summary(results) -> dict:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for result in results:
        for finding in result.findings:
            counts[finding.severity] += 1
    return {"files": len(results), "errors": counts[ERROR], "warnings": counts[WARNING], "infos": counts[INFO]}


def check_json(results) -> str:
    document = {
        "tool": TOOL,
        "files": [{"path": r.path, "edition": r.edition, "report_year": r.report_year,
                   "findings": [f.to_json() for f in r.findings]} for r in results],
        "summary": summary(results),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def concise(results) -> str:
    return "".join(f"{r.path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}\n"
                   for r in results for f in r.findings)


def extracted_cells(result) -> dict:
    """Every cell id of the edition's template with its value, raw text and position (contract §4)."""
    report = result.report
    if report is None or report.template is None:
        return {}
    cells = {}
    for cell_id in report.template.cell_ids:
        cell = report.cells[cell_id]
        placed = cell.piece is not None
        cells[cell_id] = {"value": cell.value, "raw": cell.piece.text if placed else "",
                          "line": cell.piece.line if placed else None, "column": cell.piece.column if placed else None}
    return cells


def extract_record(result) -> dict:
    report = result.report
    return {
        "path": result.path,
        "edition": result.edition,
        "report_year": result.report_year,
        "title": report.title.text if report is not None and report.title else None,
        "published": report.published.isoformat() if report is not None and report.published else None,
        "cells": extracted_cells(result),
    }


def extract_json(results) -> str:
    return json.dumps({"tool": TOOL, "files": [extract_record(r) for r in results]}, ensure_ascii=False, indent=2) + "\n"


def extract_csv(results) -> str:
    """One row per file, one column per cell id (the union over editions, in template order)."""
    from .templates import EDITIONS, load

    ids = []
    for edition in EDITIONS:
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
