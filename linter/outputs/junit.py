"""``--format junit``: JUnit XML, the test report CI systems read (GitLab's ``artifacts:reports:junit``,
Jenkins' JUnit plugin, Azure Pipelines, CircleCI).

One ``<testsuite>`` per file checked, named by its path; in it one ``<testcase>`` per rule run on the file
(``classname`` the path, ``name`` the rule's code and name: ``B301 balance.carry-over``). A case fails
(``<failure>``) when its rule found what fails the run (an error; with ``--strict`` a warning too), every
such finding a line of the failure's text, the first in its ``message``; the rule's other findings are the
case's ``<system-out>``.

Why a case per rule and not per finding: a CI system knows a test by its classname and name from run to
run. GitLab's merge request widget lists the tests newly failed and those fixed against the target
branch, and Jenkins keeps each test's history and how long it has failed; a rule on a file is the same
test in every run, while a finding's line and wording move with every edit of the report, so that per
finding every edit would read as tests fixed and others newly failed. And a rule that finds nothing is a
passed test: a clean report reads as so many rules passed, not as no tests at all.

A file disclint could not check (unreadable, not a report, disclint failing on it) has a case only for
the rules that reported on it: the others never saw its content; nor has a report compared with no other
year a case for the rules over two years (``pair``). A report has one more case, ``coverage``, saying how many
equations were checked; it fails when the tables could not be read (not assessable) and warnings fail the run
(``--strict``), as the exit code does. disclint's own failure
(parse.internal-error) is an ``<error>``, a fault of the tool and not of the report; a file skipped as no
report (``--only-reports``) is a ``<skipped>`` case. What a report or a file name brings is text in the
XML, escaped, and the characters XML cannot hold or that act on a screen are shown as ``\\x1b`` (or
U+FFFD), so that the document stays well-formed whatever a report holds.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..coverage import summary
from ..findings import SEVERITY_WORDS, WARNING
from ..paths import harmless
from ..rule import InternalError, NotAReport
from . import emit
from .common import where

#: What XML 1.0 cannot hold at all, even escaped, once ``harmless`` has shown the controls.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str:
    return _NOT_XML.sub("\ufffd", harmless(str(value)))


def _line(finding) -> str:
    return _text(f"{where(finding)}  {SEVERITY_WORDS[finding.severity]}  {finding.message}")


def _suite(result, names: dict, pairs: set, failing: tuple[str, ...]) -> ET.Element:
    """The test suite of one file: a case per rule run on it, failed by what fails the run."""
    by_code: dict[str, list] = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)
    ran = result.rules if result.status in ("checked", "not-assessable") else ()
    if result.previous is None:  # compared with no other year: the pair rules saw nothing of it
        ran = [code for code in ran if code not in pairs]
    codes = [*ran, *by_code]
    suite = ET.Element("testsuite", name=_text(result.path))
    counts = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for code in dict.fromkeys(codes):  # each once, in the registry's order, then those only found
        found = by_code.get(code, [])
        name = found[0].rule if found else names.get(code, "")
        case = ET.SubElement(suite, "testcase", classname=_text(result.path), name=f"{code} {name}",
                             file=_text(result.path))
        counts["tests"] += 1
        failed = [f for f in found if f.severity in failing]
        if failed:
            kind = "error" if code == InternalError.code else "failure"
            counts[f"{kind}s"] += 1
            first = f"{where(failed[0])}：{failed[0].message}"
            message = first if len(failed) == 1 else f"共 {len(failed)} 处；第一处 {first}"
            outcome = ET.SubElement(case, kind, message=_text(message), type=failed[0].severity)
            outcome.text = "\n".join(map(_line, failed))
        others = [f for f in found if f.severity not in failing]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(map(_line, others))
    if result.coverage is not None:  # what was checked, as a case: failed by a report not assessable when
        # warnings fail the run (--strict), as the exit code is
        case = ET.SubElement(suite, "testcase", classname=_text(result.path), name="coverage 勾稽关系核对",
                             file=_text(result.path))
        counts["tests"] += 1
        said = _text(summary(result.coverage))
        if result.status == "not-assessable" and WARNING in failing:
            counts["failures"] += 1
            ET.SubElement(case, "failure", message=_text(f"表格未能读取，不可评估：{said}"), type=WARNING).text = said
        else:
            ET.SubElement(case, "system-out").text = said if result.status != "not-assessable" \
                else f"表格未能读取，不可评估：{said}"
    if result.skipped:
        case = ET.SubElement(suite, "testcase", classname=_text(result.path),
                             name=f"{NotAReport.code} {NotAReport.name}", file=_text(result.path))
        ET.SubElement(case, "skipped", message="不是政府信息公开工作年度报告，已跳过")
        counts["tests"] += 1
        counts["skipped"] += 1
    for key, count in counts.items():
        suite.set(key, str(count))
    return suite


def junit(results, rules, failing: tuple[str, ...] = ("error",)) -> str:
    """The JUnit XML document of a check: ``<testsuites>`` of a suite per file, with the totals; ``rules``:
    the rule classes of the registry (a case of a rule that found nothing is named from them)."""
    names = {rule.code: rule.name for rule in rules}
    pairs = {rule.code for rule in rules if rule.needs == ("pair",)}
    root = ET.Element("testsuites", name="disclint")
    suites = [_suite(result, names, pairs, failing) for result in results]
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in suites)))
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(run, options) -> None:
    emit(junit(run.files, options.rules, options.failing), options.output_file)
