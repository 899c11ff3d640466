"""The library API (disclint.lint, extract, template): the same plan as the command."""
from __future__ import annotations

import pytest

import disclint
from disclint.errors import UsageError
from disclint.synth import generate


def test_lint_extract_and_template_from_the_library(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(disclint.template(edition="2019", year=2020), encoding="utf-8")
    results = disclint.lint([str(tmp_path)], keep=["cells"])
    [result] = results.files
    assert (results.errors, result.edition, result.report_year) == ([], "2019", 2020)
    assert {f.code for f in result.findings} == {"W707"}  # only the template's 【请填写】 placeholders
    assert result.cells["s3.new.total"]["value"] == 0
    assert disclint.extract([str(report)]).files[0].cells["s2.20-9.procurement.projects"]["value"] == 0
    missing = disclint.lint([str(tmp_path / "nothing.txt")])
    assert missing.files == [] and "文件不存在" in missing.errors[0]


def test_a_configured_level_is_the_level_a_finding_is_made_with(tmp_path):
    # M601 picks its own severity (an error for a department); the configuration's level wins
    text = generate(agency="某某县数据资源局").text.replace("发布时间：2024-01-", "发布时间：2024-03-")
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    [finding] = [f for f in disclint.lint([str(report)]).files[0].findings if f.code == "M601"]
    assert finding.severity == "error"
    (tmp_path / ".disclint.yaml").write_text("rules:\n  M601: {level: info}\n", encoding="utf-8")
    [finding] = [f for f in disclint.lint([str(report)]).files[0].findings if f.code == "M601"]
    assert finding.severity == "info"


def test_a_bad_request_is_a_usage_error():
    with pytest.raises(UsageError, match="未知的规则或类别：Q999"):
        disclint.lint(["x.txt"], select=["Q999"])
    with pytest.raises(UsageError, match="未知的格式版本"):
        disclint.template(edition="1999")
