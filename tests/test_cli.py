"""The command line: formats, exit codes, errors, extraction, rule listing, generated docs."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import run

from disclint import __version__
from disclint.cli import main
from disclint.docs import config_schema, rules_markdown
from disclint.synth import generate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean(tmp_path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(generate(seed=2, busy=True).text, encoding="utf-8")
    return path




def test_exit_codes(capsys, clean, broken):
    assert run(capsys, clean)[0] == 0
    assert run(capsys, "check", broken)[0] == 1
    assert run(capsys, "check", broken, "--exit-zero")[0] == 0
    assert run(capsys, "check", broken, "--select", "S104")[0] == 0      # a warning only
    assert run(capsys, "check", broken, "--select", "S104", "--strict")[0] == 1


def test_missing_file_and_bad_option_are_one_line_errors(capsys, clean):
    code, _, err = run(capsys, "nowhere.txt")
    assert code == 2 and err.strip() == "disclint: 错误: nowhere.txt: 文件不存在"
    code, _, err = run(capsys, "check", clean, "--format", "xml")
    assert code == 2 and err.count("\n") == 1 and "xml" in err
    code, _, err = run(capsys, "check", clean, "--select", "X999")
    assert code == 2 and "X999" in err


def test_folder_is_searched_recursively(capsys, tmp_path, clean, broken):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.pdf").write_bytes(b"%PDF")  # a PDF is read too (here: a damaged one)
    (tmp_path / "sub" / "logo.png").write_bytes(b"\x89PNG")
    code, out, _ = run(capsys, "check", tmp_path, "--format", "json")
    assert code == 1
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(out)["files"]}
    assert sorted(files) == ["broken.txt", "clean.txt", "notes.pdf"] and files["notes.pdf"] == ["P001"]


def test_json_matches_the_contract(capsys, broken):
    code, out, _ = run(capsys, "check", broken, "--format", "json")
    document = json.loads(out)
    assert set(document) == {"tool", "files", "summary"}
    assert document["tool"] == {"name": "disclint", "version": __version__}
    file = document["files"][0]
    assert set(file) == {"path", "edition", "report_year", "findings", "status", "agency", "title", "published",
                         "published_source", "sha256", "coverage"}  # coverage: added (linter/coverage.py)
    assert (file["edition"], file["report_year"]) == ("2021", 2023)
    import hashlib

    assert file["sha256"] == hashlib.sha256(broken.read_bytes()).hexdigest()
    assert (file["status"], file["agency"], file["title"]) == ("checked", "某某县数据资源局",
                                                             "某某县数据资源局2023年政府信息公开工作年度报告")
    assert (file["published"], file["published_source"])[1] == "发布时间"
    for finding in file["findings"]:
        assert {"code", "rule", "severity", "message", "line", "column", "end_line", "end_column", "cells"} <= set(finding)
        assert finding["rule"].split(".")[0] in {"parse", "structure", "table", "balance", "arith", "consistency", "meta", "text"}
        assert finding["severity"] in {"error", "warning", "info"}
        assert all(set(c) == {"id", "line", "label"} for c in finding["cells"])  # label: added
    b301 = next(f for f in file["findings"] if f["code"] == "B301")
    assert b301["cells"][0] == {"id": "s3.new.natural", "line": b301["line"],
                                "label": "表三“一、本年新收政府信息公开申请数量”行“自然人”列"}
    assert b301["expected"] == 0 and b301["actual"] == 1 and b301["rule"] == "balance.carry-over"
    assert document["summary"] == {"files": 1, "errors": 2, "warnings": 1, "infos": 0, "unreadable": 0, "failed": 0,
                                   "not_reports": 0, "not_assessable": 0, "excluded": 0}
    b303 = next(f for f in file["findings"] if f["code"] == "B303")
    assert b303["expected"] == 0 and b303["actual"] == 3 and "“（一）予以公开”行“总计”列为 3" in b303["message"]


def test_concise_format(capsys, broken):
    _, out, _ = run(capsys, "check", broken, "--format", "concise")
    first = out.splitlines()[0]
    assert first.startswith(f"{broken}:") and " B301 [error] " in first


def test_human_format_is_the_default_and_shows_message_and_source_line(capsys, broken):
    _, out, _ = run(capsys, "check", broken)
    assert "B301  表三第一项加第二项之和不等于第三项加第四项之和" in out and "整改措施" in out
    assert "2 个错误" in out and "1 个警告" in out


def test_stdin(capsys, monkeypatch, broken):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(broken.read_bytes())))
    code, out, _ = run(capsys, "check", "-", "--format", "json")
    assert code == 1 and json.loads(out)["files"][0]["path"] == "-"


def test_output_file(capsys, tmp_path, broken):
    target = tmp_path / "out.json"
    run(capsys, "check", broken, "--format", "json", "--output-file", target)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["errors"] == 2


def test_edition_can_be_forced(capsys, clean):
    code, out, _ = run(capsys, "check", clean, "--edition", "2019", "--format", "json")
    assert code == 1 and json.loads(out)["files"][0]["edition"] == "2019"


def test_extract_json_has_every_cell(capsys, tmp_path):
    synthetic = generate(seed=3, busy=True, edition="2019")
    path = tmp_path / "r.txt"
    path.write_text(synthetic.text, encoding="utf-8")
    code, out, _ = run(capsys, "extract", path)
    record = json.loads(out)["files"][0]
    assert code == 0 and record["edition"] == "2019" and record["report_year"] == 2020
    assert record["published"].startswith("2021-01-")
    assert record["title"] == "某某县数据资源局2020年政府信息公开工作年度报告"
    assert len(record["cells"]) == 198
    for cell_id, value in synthetic.values.items():
        assert record["cells"][cell_id]["value"] == value
    cell = record["cells"]["s3.new.natural"]
    assert path.read_text(encoding="utf-8").split("\n")[cell["line"] - 1] == cell["raw"]


def test_extract_blank_cells_are_null(capsys, tmp_path):
    text = generate(seed=1, busy=False).text.replace("规章\n\n0\n\n0\n\n0\n", "规章\n\n0\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "extract", path)
    cell = json.loads(out)["files"][0]["cells"]["s2.20-1.rules.made"]
    assert cell == {"value": None, "raw": "", "line": None, "column": None}


def test_extract_csv(capsys, tmp_path):
    for seed in (1, 2):
        (tmp_path / f"r{seed}.txt").write_text(generate(seed=seed, busy=True).text, encoding="utf-8")
    _, out, _ = run(capsys, "extract", tmp_path, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and rows[0]["edition"] == "2021"
    assert rows[0]["s3.new.total"] == str(generate(seed=1, busy=True).values["s3.new.total"])
    assert rows[0]["s2.20-9.procurement.amount"] == ""   # a 2019-only cell


def test_rules_and_rule(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "B301  balance.carry-over" in out
    code, out, _ = run(capsys, "rule", "balance.carry-over")
    assert code == 0 and out.startswith("B301 balance.carry-over（默认级别：错误）") and "\n错误示例。 " in out
    assert run(capsys, "rule", "Z1")[0] == 2


def test_rule_docs_and_schema_are_generated_and_current():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        "docs/rules.md is stale: run python -m disclint.docs docs"
    schema = json.loads((ROOT / "docs" / "disclint.schema.json").read_text(encoding="utf-8"))
    assert schema == config_schema(), "docs/disclint.schema.json is stale: run python -m disclint.docs docs"


def test_python_dash_m(tmp_path, clean):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "disclint", str(clean), "--format", "json"],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0 and json.loads(result.stdout)["summary"]["errors"] == 0


def test_auto_format_is_concise_off_a_terminal_and_github_in_actions(capsys, monkeypatch, broken):
    _, out, _ = run(capsys, "check", broken, "--format", "auto")
    assert out.startswith(f"{broken}:")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "check", broken, "--format", "auto")
    assert out.startswith(f"::group::{broken}\n::error file={broken},line=")


def test_github_format_escapes_and_groups(capsys, broken):
    _, out, _ = run(capsys, "check", broken, "--format", "github")
    lines = out.splitlines()
    assert lines[0] == f"::group::{broken}" and lines[-1] == "::endgroup::"
    warning = next(line for line in lines if line.startswith("::warning "))
    assert "title=S104 structure.heading-wording::" in warning


def test_sarif_has_every_key_code_scanning_needs(capsys, broken):
    _, out, _ = run(capsys, "check", broken, "--format", "sarif")
    document = json.loads(out)
    assert document["version"] == "2.1.0" and "$schema" in document
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "disclint" and driver["version"] == __version__
    ids = [rule["id"] for rule in driver["rules"]]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
    results = document["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"B301", "B303", "S104"}
    for result in results:
        assert result["ruleId"] in ids and driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"] and result["level"] in ("error", "warning", "note")
        [location] = result["locations"]
        region = location["physicalLocation"]["region"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == str(broken)
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["partialFingerprints"]["disclint/v1"]


def test_statistics_stay_out_of_what_machines_parse(capsys, broken, tmp_path):
    _, out, err = run(capsys, "check", broken, "--format", "concise", "--statistics")
    assert err.splitlines()[-3:] == ["     1  B301  balance.carry-over", "     1  B303  balance.row-total",
                                     "     1  S104  structure.heading-wording"]
    assert out.splitlines()[-1] == "检查了 1 个文件：2 个错误，1 个警告"
    counts = [{"code": "B301", "rule": "balance.carry-over", "count": 1},
              {"code": "B303", "rule": "balance.row-total", "count": 1},
              {"code": "S104", "rule": "structure.heading-wording", "count": 1}]
    _, out, _ = run(capsys, "check", broken, "--format", "json", "--statistics")
    assert json.loads(out)["statistics"] == counts
    _, out, _ = run(capsys, "check", broken, "--format", "sarif", "--statistics", "--output-file", tmp_path / "s.sarif")
    assert out == "" and json.loads((tmp_path / "s.sarif").read_text(encoding="utf-8"))["runs"][0]["properties"] == \
        {"statistics": counts}


@pytest.mark.parametrize("edition, year, layout", [("2021", 2025, "cells"), ("2019", 2020, "pipes"), ("2021", 2021, "pipes")])
def test_template_lints_with_only_its_placeholders_left(capsys, monkeypatch, edition, year, layout):
    code, skeleton, _ = run(capsys, "template", "--edition", edition, "--year", year, "--agency", "某某市某某局",
                            "--layout", layout)
    assert code == 0 and skeleton.startswith(f"某某市某某局{year}年政府信息公开工作年度报告")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(skeleton.encode("utf-8"))))
    code, out, _ = run(capsys, "check", "-", "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 0 and findings and {f["code"] for f in findings} == {"W707"}  # 【请填写】, to be written in


def test_template_refuses_a_year_of_the_other_edition(capsys):
    code, _, err = run(capsys, "template", "--edition", "2019", "--year", "2023")
    assert code == 2 and "2023" in err


def test_batch_in_parallel_gives_the_same_findings_as_single_runs(capsys, tmp_path):
    for seed in range(200):
        overrides = {"s3.new.natural": "77"} if seed % 3 == 0 else {}
        (tmp_path / f"r{seed:02d}.txt").write_text(generate(seed=seed, busy=True, overrides=overrides).text,
                                                   encoding="utf-8")
    _, batch, _ = run(capsys, "check", tmp_path, "--format", "json", "--jobs", "2")
    singles = []
    for path in sorted(tmp_path.iterdir()):
        _, out, _ = run(capsys, "check", path, "--format", "json", "--jobs", "1")
        singles.extend(json.loads(out)["files"])
    assert json.loads(batch)["files"] == singles
    _, human, _ = run(capsys, "check", tmp_path, "--format", "human", "--jobs", "2")
    assert "汇总：200 个文件，67 个有错误" in human


def test_bad_jobs_value(capsys, clean):
    assert run(capsys, "check", clean, "--jobs", "0")[0] == 2


def test_ignore_quiet_and_no_source(capsys, tmp_path, clean, broken):
    code, out, _ = run(capsys, "check", broken, "--ignore", "balance", "--format", "concise")
    assert code == 0 and [line.split()[1] for line in out.splitlines()[:-1]] == ["S104"]
    _, out, _ = run(capsys, "check", clean, broken, "--quiet", "--jobs", "1")
    assert str(broken) in out and str(clean) not in out.split("汇总")[0] and "检查了 2 个文件" in out
    _, out, _ = run(capsys, "check", broken, "--no-source")
    assert "│" not in out and "B301" in out


def test_runs_without_a_usable_cache_directory_and_fills_a_fresh_one(tmp_path, clean):
    import os
    import subprocess
    import sys

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    fresh = tmp_path / "cache"
    for cache in (blocked, fresh, fresh):  # unusable; empty (builds and stores); filled (loads)
        env = {**os.environ, "DISCLINT_CACHE_DIR": str(cache)}
        result = subprocess.run([sys.executable, "-m", "disclint", str(clean), "--format", "json"], env=env,
                                capture_output=True, text=True, encoding="utf-8")
        assert result.returncode == 0 and result.stderr == ""
        assert json.loads(result.stdout)["summary"]["errors"] == 0
    assert sorted(p.name.split("-")[0] for p in fresh.iterdir()) == ["lalr", "template", "template", "vocabulary"]
    import marshal

    for damage in (b"\x00garbage", marshal.dumps({"states": {}}), marshal.dumps(("\x00named", "os.system", ("ls",)))):
        for entry in fresh.iterdir():  # corrupt, of the wrong shape, naming a class it must not build
            entry.write_bytes(damage)
        env = {**os.environ, "DISCLINT_CACHE_DIR": str(fresh)}
        result = subprocess.run([sys.executable, "-m", "disclint", str(clean), "--format", "json"], env=env,
                                capture_output=True, text=True, encoding="utf-8")
        assert result.returncode == 0 and result.stderr == "" and json.loads(result.stdout)["summary"]["errors"] == 0


def test_help_is_chinese_and_argparse_is_left_as_it_was(capsys):
    import argparse

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out, _ = capsys.readouterr()
    assert out.startswith("用法：disclint check") and "显示本帮助并退出" in out
    assert argparse._("usage: ") == "usage: "  # a program calling main in-process keeps its own words
