"""The outputs behind one interface (linter/outputs/): the registry the command line is built from, each
format's module imported only when it is used, and JUnit XML, the format added through it."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run
from hypothesis import given, settings
from hypothesis import strategies as st

from disclint import outputs
from disclint.cli import main
from disclint.engine import FileResult, failed
from disclint.findings import ERROR, INFO, WARNING, Finding
from disclint.outputs.junit import junit
from disclint.rules.registry import RULES
from disclint.synth import generate

#: What acts on a screen (controls but a tab, bidi overrides, zero-width characters) or XML cannot hold.
ACTING = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff\ufffe\uffff]")
#: B301 and B303 fail (errors), S104 warns, B302 finds nothing.
SELECTED = "B301,B302,B303,S104"




def findings_of(capsys, *args) -> dict:
    """code → the findings of the one file checked, from the JSON document of the same run."""
    _, out, _ = run(capsys, "check", "--format", "json", *args)
    found: dict = {}
    for finding in json.loads(out)["files"][0]["findings"]:
        found.setdefault(finding["code"], []).append(finding)
    return found


# the registry ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("registry", [outputs.CHECK, outputs.EXTRACT, {"codebook": outputs.CODEBOOK}])
def test_every_registered_format_has_its_writer_and_asks_only_for_what_a_result_can_keep(registry):
    for name, output in registry.items():
        assert output.name == name and callable(outputs.writer(output))
        assert set(output.keep) <= {"lines", "cells", "sha256", "rules"}


def test_the_command_offers_exactly_the_registered_formats(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "{" + ",".join([*outputs.CHECK, "auto"]) + "}" in out
    compact = "".join(out.split())  # as argparse wraps it
    assert all("".join(f"{output.name}：{output.about}".split()) in compact for output in outputs.CHECK.values())


def test_a_format_is_one_registry_line(capsys, monkeypatch, broken):
    """A new entry is a choice of --format, planned with what it keeps, written by its module's writer."""
    monkeypatch.setitem(outputs.CHECK, "lines", outputs.Output("lines", "concise", about="测试"))
    code, out, _ = run(capsys, "check", broken, "--format", "lines", "--select", "B301")
    assert code == 1 and out.splitlines()[0].startswith(f"{broken}:105:1: B301 [error] ")


def test_a_format_that_writes_a_file_needs_one(capsys, broken):
    code, _, err = run(capsys, "check", broken, "--format", "xlsx")
    assert code == 2 and err == "disclint: 用法错误: --format xlsx 需要 --output-file 文件名\n"


@pytest.mark.parametrize("fmt, absent", [
    ("json", ("rich", "openpyxl", "xml.etree.ElementTree", "disclint.outputs.human", "disclint.outputs.csv",
              "disclint.outputs.sarif", "disclint.outputs.junit", "csv")),
    ("junit", ("rich", "openpyxl", "disclint.outputs.human", "disclint.outputs.json", "json")),
    ("concise", ("rich", "openpyxl", "xml.etree.ElementTree", "disclint.outputs.json")),
])
def test_only_the_format_used_is_imported(broken, fmt, absent):
    script = ("import sys\nfrom disclint.cli import main\nmain(['check', '--format', sys.argv[1], sys.argv[2]])\n"
              "sys.stderr.write('\\n' + ' '.join(sys.modules))")
    done = subprocess.run([sys.executable, "-c", script, fmt, str(broken)], capture_output=True, text=True)
    loaded = set(done.stderr.rsplit("\n", 1)[-1].split())
    assert f"disclint.outputs.{fmt}" in loaded
    assert not loaded & set(absent)


# JUnit XML --------------------------------------------------------------------------------------------

def parsed(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_a_suite_per_file_and_a_case_per_rule_that_ran(capsys, broken):
    found = findings_of(capsys, broken, "--select", SELECTED)
    code, out, _ = run(capsys, "check", broken, "--format", "junit", "--select", SELECTED)
    assert code == 1
    root = parsed(out)
    assert root.tag == "testsuites" and root.attrib == {"name": "disclint", "tests": "5", "failures": "2", "errors": "0",
                                                        "skipped": "0"}
    [suite] = root
    assert suite.attrib == {"name": str(broken), "tests": "5", "failures": "2", "errors": "0", "skipped": "0"}
    cases = {case.get("name"): case for case in suite}
    # in the registry's order: structure before balance; then what was checked
    assert list(cases) == ["S104 structure.heading-wording", "B301 balance.carry-over", "B302 balance.outcome-total",
                           "B303 balance.row-total", "coverage 勾稽关系核对"]
    [checked] = cases["coverage 勾稽关系核对"]
    assert checked.tag == "system-out" and checked.text.startswith("已核对 ")
    assert all(case.get("classname") == str(broken) and case.get("file") == str(broken) for case in suite)
    assert len(cases["B302 balance.outcome-total"]) == 0  # passed: no child at all
    for code in ("B301", "B303"):
        [finding] = found[code]
        [failure] = cases[f"{code} {finding['rule']}"]
        where = f"{finding['line']}:{finding['column']}"
        assert failure.tag == "failure" and failure.get("type") == "error"
        assert failure.get("message") == f"{where}：{finding['message']}"
        assert failure.text == f"{where}  错误  {finding['message']}"
    assert found["B301"][0]["line"] == 105 and "应为 0" in found["B301"][0]["message"]
    [warning] = found["S104"]
    [said] = cases["S104 structure.heading-wording"]  # a warning does not fail the run: it is the case's output
    assert said.tag == "system-out" and said.text == f"{warning['line']}:1  警告  {warning['message']}"


def test_junit_with_strict_warnings_fail_as_the_exit_code_does(capsys, broken):
    code, out, _ = run(capsys, "check", broken, "--format", "junit", "--select", "S104", "--strict")
    [suite] = parsed(out)
    case, _coverage = suite
    assert code == 1 and suite.get("failures") == "1"
    assert [(child.tag, child.get("type")) for child in case] == [("failure", "warning")]
    assert case[0].get("message").startswith("583:1：章节标题应为“五、存在的主要问题及改进情况”")


def test_junit_several_findings_of_a_rule_are_one_failure_listing_each():
    result = FileResult("r.txt", findings=[Finding("T201", "text.duplicate-word", ERROR, "“的的”重复", 7, 3, 7, 5),
                                           Finding("T201", "text.duplicate-word", WARNING, "“了了”重复", 8, 1, 8, 3),
                                           Finding("T201", "text.duplicate-word", ERROR, "“在在”重复", 9, 2, 9, 4)],
                        rules=("T201",))
    [suite] = parsed(junit([result], RULES))
    [case] = suite
    failure, said = case
    assert failure.get("message") == "共 2 处；第一处 7:3：“的的”重复"
    assert failure.text == "7:3  错误  “的的”重复\n9:2  错误  “在在”重复"
    assert (said.tag, said.text) == ("system-out", "8:1  警告  “了了”重复")
    assert (suite.get("tests"), suite.get("failures")) == ("1", "1")
    [suite] = parsed(junit([result], RULES, failing=(ERROR, WARNING)))
    assert [len(case) for case in suite] == [1] and suite[0][0].get("message").startswith("共 3 处；第一处 7:3：")


def test_junit_files_not_checked(capsys, tmp_path):
    """An unreadable file and a file skipped as no report are not so many rules passed."""
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 damaged")
    (tmp_path / "README.md").write_text("# 说明\n\n本目录存放报告。\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", tmp_path, "--format", "junit", "--only-reports", "--jobs", "1")
    root = parsed(out)
    suites = {Path(suite.get("name")).name: suite for suite in root}
    assert code == 1 and root.get("tests") == "2" and root.get("failures") == "1" and root.get("skipped") == "1"
    [case] = suites["scan.pdf"]
    assert case.get("name") == "P001 parse.unreadable" and case[0].tag == "failure"
    [case] = suites["README.md"]
    assert case.get("name") == "P002 parse.not-a-report"
    assert [(c.tag, c.get("message")) for c in case] == [("skipped", "不是政府信息公开工作年度报告，已跳过")]


def test_junit_disclint_failing_is_an_error_not_a_failure_of_the_report():
    result = failed("a.txt", "检查此文件", RuntimeError("boom"))
    [suite] = parsed(junit([result], RULES))
    [case] = suite
    assert case.get("name") == "P004 parse.internal-error" and case[0].tag == "error"
    assert (suite.get("errors"), suite.get("failures")) == ("1", "0")


def test_junit_escapes_what_reports_and_file_names_bring():
    hostile = 'a<b>&"\'</failure>]]><!-- \x1b[2J\x00\x0b\u202e\ufffe\ud800 z'
    result = FileResult(f"dir/{hostile}.txt", findings=[
        Finding("B301", "balance.carry-over", ERROR, hostile, 3, 4, 3, 9),
        Finding("S104", "structure.heading-wording", WARNING, hostile + "\nsecond line", 5, 1, 5, 2)],
        rules=("S104", "B301"))
    root = parsed(junit([result], RULES))  # well-formed whatever the text
    [suite] = root
    shown = 'a<b>&"\'</failure>]]><!-- \\x1b[2J\\x00\\x0b\\u202e\ufffd\ufffd z'
    assert suite.get("name") == f"dir/{shown}.txt"
    s104, b301 = suite
    assert b301[0].get("message") == f"3:4：{shown}" and b301[0].text == f"3:4  错误  {shown}"
    assert s104[0].text == f"5:1  警告  {shown}\\x0asecond line"  # one finding, one line


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(min_size=1))
def test_junit_is_well_formed_and_keeps_printable_text_as_it_is(message, path):
    result = FileResult(path, findings=[Finding("B301", "balance.carry-over", ERROR, message, 1, 1, 1, 2),
                                        Finding("T201", "text.x", INFO, message, 2, 1, 2, 2)])
    [suite] = parsed(junit([result], RULES))
    [b301, t201] = suite
    for text in (suite.get("name"), b301[0].get("message"), b301[0].text, t201[0].text):
        assert text is None or not any(ACTING.match(c) for c in text.replace("\n", " "))
    if message.isprintable() and not any("\ud800" <= c <= "\udfff" or c in "\ufffe\uffff" for c in message):
        assert b301[0].get("message") == f"1:1：{message}"


def test_junit_of_a_clean_report_lists_every_rule_that_ran_as_passed(capsys, tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(generate(seed=2, busy=True).text, encoding="utf-8")
    code, out, _ = run(capsys, "check", path, "--format", "junit")
    [suite] = parsed(out)
    ran = [rule for rule in RULES if rule.enabled_by_default and rule.needs != ("pair",)]  # no other year
    assert code == 0 and suite.get("tests") == str(len(ran) + 1) and suite.get("failures") == "0"
    assert [case.get("name") for case in suite] == [*(f"{rule.code} {rule.name}" for rule in ran), "coverage 勾稽关系核对"]


# a report whose tables could not be read, in the formats that list findings only ----------------------------

@pytest.fixture
def unassessed(tmp_path):
    """A report cut off before its table 三 (structure only: its tables were never read)."""
    text = generate(seed=3).text
    path = tmp_path / "cut.txt"
    path.write_text(text[:text.index("三、收到和处理政府信息公开申请情况")], encoding="utf-8")
    return path


def test_concise_lists_a_report_not_assessable(capsys, unassessed):
    _, out, _ = run(capsys, "check", unassessed, "--format", "concise")
    lines = out.splitlines()
    assert lines[-2].endswith("；1 个文件的表格未能读取，不可评估")
    assert lines[-1].startswith(f"不可评估：{unassessed}（") and "勾稽关系" in lines[-1]


def test_github_annotates_a_report_not_assessable(capsys, unassessed):
    _, out, _ = run(capsys, "check", unassessed, "--format", "github")
    last = out.splitlines()[-1]
    assert last.startswith(f"::warning file={unassessed},title=不可评估::表格未能读取，不可评估：")


def test_sarif_notifies_a_report_not_assessable(capsys, unassessed, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    _, out, _ = run(capsys, "check", unassessed, "--format", "sarif")
    schema = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
    jsonschema.Draft4Validator(json.loads(schema.read_text(encoding="utf-8"))).validate(json.loads(out))
    [invocation] = json.loads(out)["runs"][0]["invocations"]
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning" and note["message"]["text"].startswith("表格未能读取，不可评估：")
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("cut.txt")


def test_sarif_of_an_assessable_report_has_no_notification(capsys, broken):
    _, out, _ = run(capsys, "check", broken, "--format", "sarif")
    assert "invocations" not in json.loads(out)["runs"][0]


@pytest.mark.parametrize("strict, outcome", [((), "system-out"), (("--strict",), "failure")])
def test_junit_coverage_case_of_a_report_not_assessable(capsys, unassessed, strict, outcome):
    code, out, _ = run(capsys, "check", unassessed, "--format", "junit", *strict)
    [suite] = parsed(out)
    case = next(c for c in suite if c.get("name") == "coverage 勾稽关系核对")
    [said] = case
    assert said.tag == outcome and "不可评估" in (said.get("message") or said.text)
    assert any(c.get("name").startswith("S111 ") for c in suite)  # its rules' cases are there too
