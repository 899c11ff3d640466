"""What several formats say alike: the run's counts, a finding's place, the count per rule, a file's
record. Each format's own module holds the rest."""
from __future__ import annotations

import sys

from ..findings import ERROR, INFO, WARNING
from ..version import __version__

TOOL = {"name": "disclint", "version": __version__}


def summary(results, run=None) -> dict:
    """The counts of a run; ``unreadable`` (added to the contract) counts the files that could not be read
    (a scan, an old .doc, a damaged file: parse.unreadable), which were not checked, and ``failed`` (added)
    those on which disclint itself failed (parse.internal-error); ``not_reports`` (added) the files that
    are no annual report, ``not_assessable`` (added) the reports whose tables could not be read (status
    ``not-assessable``: linter/coverage.py), ``excluded`` (added) those the configuration excluded (not read,
    not in ``files``)."""
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for result in results:
        for finding in result.findings:
            counts[finding.severity] += 1
    unreadable = sum(any(f.code == "P001" for f in r.findings) for r in results)
    return {"files": len(results), "errors": counts[ERROR], "warnings": counts[WARNING], "infos": counts[INFO],
            "unreadable": unreadable, "failed": sum(r.failed for r in results),
            "not_reports": sum(r.status == "not-a-report" for r in results),
            "not_assessable": sum(r.status == "not-assessable" for r in results),
            "excluded": len(run.excluded) if run is not None else 0}


def about(r) -> dict:
    """What a file entry says of the file besides its findings (contract §3, added): its status, the
    agency and title as the report names them, its publication date and where it was read, its sha256, and
    its coverage (what was checked and what could not be: linter/coverage.py; null for a file not read)."""
    return {"status": r.status, "agency": r.agency, "title": r.title, "published": r.published,
            "published_source": r.published_source, "sha256": r.sha256, "coverage": r.coverage}


def extract_record(result) -> dict:
    """A file's record of extracted tables (contract §4): what it is, and its cells."""
    return {"path": result.path, "edition": result.edition, "report_year": result.report_year,
            "title": result.title, "published": result.published, **about(result), "cells": result.cells}


def not_assessable(results) -> list[tuple[str, str]]:
    """(path, what could not be checked) of each report whose tables could not be read (status
    ``not-assessable``): the formats that list findings only (concise, github, SARIF, JUnit) say these too,
    since a report without findings is not a sound one when its tables were never checked."""
    from ..coverage import summary as said

    return [(r.path, said(r.coverage)) for r in results if r.status == "not-assessable"]


def where(finding) -> str:
    """A finding's place as every output names it: ``line:column`` in a text or HTML file, the place in a
    file without lines (a Word draft's 表3 第5行 第2列, a PDF's 第3页)."""
    return finding.place or f"{finding.line}:{finding.column}"


def rule_summary(code: str, rules) -> str:
    """How the outputs for editors name a rule beside its code: its Chinese summary (表三某行总计不等于各申请
    人类别之和), never its English name (balance.row-total), which stays in the machine formats. ``rules``:
    the rule classes the caller runs with (Options.rules)."""
    rule = next((rule for rule in rules if rule.code == code), None)
    return rule.summary if rule is not None else ""


def rule_counts(results) -> list[dict]:
    """Count per rule, most frequent first: [{code, rule, count}] (JSON ``statistics``, SARIF run properties)."""
    from collections import Counter

    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    return [{"code": code, "rule": rule, "count": n} for (code, rule), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def statistics(results) -> str:
    """Count per rule, most frequent first: ``  12  B301  balance.carry-over``."""
    return "".join(f"{c['count']:>6}  {c['code']}  {c['rule']}\n" for c in rule_counts(results))


def statistics_beside(results, options) -> None:
    """With --statistics, the count per rule on standard error: beside a document others parse line by
    line (concise, GitHub, CSV), never inside it."""
    if options.statistics:
        sys.stderr.write(statistics(results))
