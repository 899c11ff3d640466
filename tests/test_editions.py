"""Editions are data: a fictitious edition added from a fixture YAML (tests/fixtures/editions/2026.yaml)
works with every command, and no rule spells a cell id."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "editions"


def disclint(*args, cwd=None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The CLI in a fresh process that knows the fictitious edition."""
    env = {**os.environ, "DISCLINT_EDITIONS": str(FIXTURE)}
    return subprocess.run([sys.executable, "-m", "disclint", *map(str, args)], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    done = disclint("template", "--edition", "2026", "--year", "2026", "--agency", "某某市某某局")
    assert done.returncode == 0, done.stderr
    path = tmp_path_factory.mktemp("edition") / "report-2026.txt"
    path.write_text(done.stdout, encoding="utf-8")
    return path


def test_the_template_of_a_new_edition_is_written_from_its_file(skeleton):
    text = skeleton.read_text(encoding="utf-8")
    assert "第二十条第（十二）项" in text and "本年新制发件数" in text and "工作要点" in text


def test_check_recognises_the_new_edition_and_finds_nothing(skeleton):
    done = disclint("check", "--format", "json", skeleton)
    [file] = json.loads(done.stdout)["files"]
    left = [f for f in file["findings"] if f["code"] != "W707"]  # but the template's 【请填写】 placeholders
    assert (done.returncode, file["edition"], file["report_year"], left) == (0, "2026", 2026, [])


def test_its_required_statements_and_instrument_are_its_own(skeleton):
    text = re.sub(r"【请填写：[^】]*政务公开工作要点[^】]*】", "", skeleton.read_text(encoding="utf-8"))
    done = disclint("check", "--format", "concise", "-", stdin=text)
    assert "S109 [warning] 第六部分应说明落实年度政务公开工作要点的情况" in done.stdout
    old = disclint("template", "--edition", "2021", "--year", "2023").stdout.replace("本年制发件数", "本年新制发件数")
    done = disclint("check", "--format", "concise", "-", stdin=old)
    assert "S105 [error] 2023年度报告应使用国办公开办函〔2021〕30号（2021年度起）格式，表格却使用国办公开办函〔2026〕8号格式" \
        in done.stdout


def test_extract_rules_config_and_edition_flag_accept_it(skeleton, tmp_path):
    cells = json.loads(disclint("extract", skeleton).stdout)["files"][0]["cells"]
    assert cells["s2.20-12.emergency.plans"]["value"] == 0 and "s2.20-9.procurement.amount" not in cells
    assert disclint("rules").returncode == 0
    assert disclint("check", "--edition", "2026", skeleton).returncode == 0
    copy = tmp_path / "r.txt"
    copy.write_text(skeleton.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".disclint.yaml").write_text("edition: 2031\n", encoding="utf-8")
    done = disclint("check", copy)
    assert done.returncode == 2 and "auto、2019、2021、2026 之一" in done.stderr


def test_check_and_extract_agree_on_the_edition_the_configuration_sets(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(disclint("template", "--edition", "2021", "--year", "2023").stdout, encoding="utf-8")
    (tmp_path / ".disclint.yaml").write_text("edition: 2026\n", encoding="utf-8")
    checked = json.loads(disclint("check", "--format", "json", report).stdout)["files"][0]
    extracted = json.loads(disclint("extract", report).stdout)["files"][0]
    assert checked["edition"] == extracted["edition"] == "2026"
    assert "s2.20-12.emergency.plans" in extracted["cells"]


def test_no_rule_spells_a_cell_id():
    cell_id = re.compile(r"\bs[234]\.[\w-]+\.\w+")
    for path in (ROOT / "rules").glob("*.py"):
        found = cell_id.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} spells cell ids: {found}"
