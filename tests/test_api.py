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


def test_results_are_immutable_carry_what_is_kept_and_cross_processes(tmp_path):
    """A result is made light once (what the output keeps) and never changed after: a step that adds to it
    makes a new one. Both the per-file and the batch result pickle, as a batch worker sends them back."""
    import dataclasses
    import pickle

    for year in (2023, 2024):
        (tmp_path / f"x-{year}.txt").write_text(generate(seed=1, year=year, agency="某某县民政局").text, encoding="utf-8")
    results = disclint.lint([str(tmp_path)], keep=["sha256"], jobs=1)
    later = results.files[1]
    assert (later.report, later.lines, later.cells, later.rules) == (None, (), {}, ())
    assert len(later.sha256) == 64 and later.previous == (str(tmp_path / "x-2023.txt"), 2023)
    assert "Y104" in [f.code for f in later.findings] and later.side is not None
    kept = disclint.lint([str(tmp_path / "x-2024.txt")], keep=["cells", "lines", "rules"], jobs=1).files[0]
    assert kept.cells["s3.new.total"]["value"] is not None and kept.lines and "B301" in kept.rules
    for immutable in (later, results):
        with pytest.raises(AttributeError):
            immutable.findings = []
    with pytest.raises(AttributeError):
        results.notes = ["x"]
    assert results._replace(notes=["x"]).notes == ["x"] and results.notes == [] and results._replace().files == results.files
    assert not dataclasses.is_dataclass(later)  # a named tuple: dataclasses would cost every start its import
    again = pickle.loads(pickle.dumps(results))
    assert again == results and (again.series, again.notes, again.excluded) == (results.series, results.notes, [])
    assert again.files[1].findings == later.findings and again.files[1].status == later.status


def test_the_in_process_result_makes_its_cells_when_asked(tmp_path):
    result = disclint.api.lint_bytes("r.txt", generate(seed=2).text.encode("utf-8"))
    assert result.report is not None and result.kept_cells is None
    assert result.cells["s3.new.total"]["value"] == result.report.cells["s3.new.total"].value
