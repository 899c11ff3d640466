"""Configuration files: discovery, every key, strict validation with file and line, CLI precedence."""
from __future__ import annotations

import json

import pytest

from disclint.cli import main
from disclint.synth import generate


def report(folder, name="r.txt", **overrides):
    path = folder / name
    text = generate(seed=1, busy=False, overrides=overrides).text
    path.write_text(text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施"), encoding="utf-8")
    return path


def codes(capsys, *args):
    code = main([str(a) for a in args] + ["--format", "json"])
    out, err = capsys.readouterr()
    findings = [(f["code"], f["severity"]) for file in json.loads(out)["files"] for f in file["findings"]] if out else []
    return code, findings, err


def test_nearest_config_is_found_upwards(tmp_path, capsys):
    (tmp_path / ".disclint.yaml").write_text("ignore: [S104]\n", encoding="utf-8")
    (tmp_path / "a" / "b").mkdir(parents=True)
    path = report(tmp_path / "a" / "b")
    assert codes(capsys, "check", path) == (0, [], "")


def test_pyproject_section(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.disclint]\nignore = ['structure']\n", encoding="utf-8")
    assert codes(capsys, "check", report(tmp_path)) == (0, [], "")


def test_rule_level_and_off(tmp_path, capsys):
    path = report(tmp_path, **{"s3.new.natural": "1", "s3.r1.total": "3"})
    (tmp_path / ".disclint.yaml").write_text("rules:\n  S104: {level: error}\n  B303: {level: off}\n", encoding="utf-8")
    assert codes(capsys, "check", path) == (1, [("B301", "error"), ("S104", "error")], "")


def test_cli_flags_override_the_file(tmp_path, capsys):
    (tmp_path / ".disclint.yaml").write_text("select: [S104]\n", encoding="utf-8")
    path = report(tmp_path, **{"s3.new.natural": "1", "s3.r1.total": "3"})
    assert codes(capsys, "check", path)[1] == [("S104", "warning")]
    assert [c for c, _ in codes(capsys, "check", path, "--select", "balance")[1]] == ["B301", "B303"]


def test_per_file_ignores_and_exclude(tmp_path, capsys):
    (tmp_path / ".disclint.yaml").write_text(
        "per-file-ignores:\n  'old-*.txt': [S104]\nexclude: ['drafts/*']\n", encoding="utf-8")
    report(tmp_path, "old-2022.txt")
    report(tmp_path, "new-2023.txt")
    (tmp_path / "drafts").mkdir()
    report(tmp_path / "drafts", "draft.txt")
    code = main(["check", str(tmp_path), "--format", "json"])
    files = json.loads(capsys.readouterr()[0])["files"]
    assert code == 0
    assert {f["path"].split("/")[-1]: [x["code"] for x in f["findings"]] for f in files} == \
        {"new-2023.txt": ["S104"], "old-2022.txt": []}


def test_extends_and_rule_options(tmp_path, capsys):
    (tmp_path / "base.yaml").write_text("rules:\n  arith.savings-rate: {tolerance: 0.1}\n", encoding="utf-8")
    (tmp_path / ".disclint.yaml").write_text("extends: base.yaml\nedition: auto\n", encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_text("一、总体情况\n预算金额120.9万元，节约资金4.4099万元，节约率3.7%。\n", encoding="utf-8")
    assert "A402" not in [c for c, _ in codes(capsys, "check", path)[1]]
    path.write_text("一、总体情况\n预算金额120.9万元，节约资金4.4099万元，节约率3.8%。\n", encoding="utf-8")
    assert "A402" in [c for c, _ in codes(capsys, "check", path)[1]]


@pytest.mark.parametrize("text, message", [
    ("selct: [S104]\n", ".disclint.yaml:1: 未知的配置项“selct”；可用的配置项：extends, edition, select"),
    ("edition: auto\nrules:\n  B301: {levle: off}\n", ".disclint.yaml:3: 规则 B301 没有选项“levle”；可用：level"),
    ("rules:\n  B301:\n    level: fatal\n", ".disclint.yaml:3: level 应为 error, warning, info, off 之一，实为“fatal”"),
    ("ignore: [Q999]\n", ".disclint.yaml:1: 未知的规则或类别“Q999”"),
    ("edition: 2020\n", ".disclint.yaml:1: “edition”应为 auto、2019、2021 之一，实为“2020”"),
    ("rules:\n  A402: {tolerance: lots}\n", ".disclint.yaml:2: 选项 tolerance 应为数值，实为“lots”"),
    ("select: [S104\n", ".disclint.yaml:2: 配置文件不是有效的 YAML"),
])
def test_bad_config_is_an_error_naming_file_and_line(tmp_path, capsys, text, message):
    (tmp_path / ".disclint.yaml").write_text(text, encoding="utf-8")
    code, findings, err = codes(capsys, "check", report(tmp_path))
    assert code == 2 and findings == []
    assert err.startswith("disclint: 配置错误: ") and message in err and err.count("\n") == 1


def test_explicit_config_file(tmp_path, capsys):
    (tmp_path / "ci.yaml").write_text("ignore: [S104]\n", encoding="utf-8")
    assert codes(capsys, "check", report(tmp_path), "--config", tmp_path / "ci.yaml") == (0, [], "")
    assert codes(capsys, "check", report(tmp_path), "--config", tmp_path / "none.yaml")[0] == 2


def test_baseline_hides_known_findings_after_lines_are_inserted_and_reports_stale_ones(tmp_path, capsys):
    path = report(tmp_path, **{"s3.new.natural": "1", "s3.r1.total": "3"})
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(path), "--write-baseline", str(baseline)]) == 0
    assert "已把 3 个问题写入基线" in capsys.readouterr()[1]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("一、总体情况\n", "一、总体情况\n新增的一段说明。\n"), encoding="utf-8")
    assert codes(capsys, "check", path, "--baseline", baseline) == (0, [], "")
    path.write_text(text.replace("五、存在的主要问题及整改措施", "五、存在的主要问题及改进情况"), encoding="utf-8")
    code, findings, err = codes(capsys, "check", path, "--baseline", baseline)
    assert (code, findings) == (0, []) and "有 1 条记录已不再出现" in err
    path.write_text(text.replace("主要问题是", "主要问题是问题是"), encoding="utf-8")
    code, findings, _ = codes(capsys, "check", path, "--baseline", baseline)
    assert findings == [("W701", "warning")]


def test_bad_baseline_file(tmp_path, capsys):
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    code, _, err = codes(capsys, "check", report(tmp_path), "--baseline", tmp_path / "b.json")
    assert code == 2 and "不是 disclint 基线文件" in err


def test_rule_command_shows_the_effective_configuration(tmp_path, capsys, monkeypatch):
    (tmp_path / ".disclint.yaml").write_text("rules:\n  A402: {level: warning, tolerance: 0.05}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["rule", "A402"]) == 0
    out = capsys.readouterr()[0]
    assert f"生效配置（{tmp_path / '.disclint.yaml'}）" in out
    assert "  level: warning" in out and "  tolerance: 0.05" in out
    assert main(["rule", "W704"]) == 0
    assert "  level: off" in capsys.readouterr()[0]


def test_a_fingerprint_follows_what_a_finding_is_not_where_it_stands():
    from disclint.findings import CellRef, Finding

    def finding(line, code="B301", cells=("s3.new.natural",), anchor=""):
        return Finding(code, "balance.carry-over", "error", "…", line, 1, line, 2,
                       cells=tuple(CellRef(c, line) for c in cells), anchor=anchor)

    assert finding(10).fingerprint() == finding(250).fingerprint()  # lines inserted above
    assert finding(10).fingerprint() != finding(10, cells=("s3.new.legal",)).fingerprint()
    assert finding(10).fingerprint() != finding(10, code="B303").fingerprint()
    text = finding(10, cells=(), anchor="米府办发〔202049号")
    assert text.fingerprint() == finding(99, cells=(), anchor="米府办发〔202049号").fingerprint()
    assert text.fingerprint() != finding(10, cells=(), anchor="米府办发〔202050号").fingerprint()


def test_the_schema_types_options_as_the_configuration_checks_them(tmp_path, capsys):
    """Each option is declared once (rule.Option); the configuration and the JSON schema editors validate
    against read the same type from it: a whole number for an int option, any number for a number option."""
    import jsonschema

    from disclint.docs import config_schema

    schema = config_schema()
    for settings, accepted in (({"min_chars": 200}, True), ({"min_chars": 2.5}, False), ({"threshold": 2.5}, True),
                               ({"threshold": "50"}, False)):
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors({"rules": {"Y104": settings}}))
        path = report(tmp_path)
        (tmp_path / ".disclint.yaml").write_text(f"rules:\n  Y104: {json.dumps(settings)}\n", encoding="utf-8")
        code, _, err = codes(capsys, "check", path)
        assert (not errors, code == 0) == (accepted, accepted), (settings, errors, err)
