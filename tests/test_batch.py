"""Reviewing offices and repositories: every file accounted for, machine output that stays machine
output, baselines by what a finding is, workbooks, extraction people can use, SARIF that validates, and a
pre-commit hook that blocks only real defects."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run

from disclint.synth import generate

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"



@pytest.fixture
def office(tmp_path) -> Path:
    """A folder as a reviewing office receives it: a clean report, a defective one, a README, an excluded draft."""
    folder = tmp_path / "reports"
    (folder / "drafts").mkdir(parents=True)
    (folder / "clean.txt").write_text(generate(seed=2, busy=True, agency="甲县民政局").text, encoding="utf-8")
    (folder / "broken.txt").write_text(generate(seed=3, agency="乙县民政局", overrides={"s3.new.natural": "7"}).text,
                                       encoding="utf-8")
    (folder / "README.md").write_text("# 年报目录\n\n本目录存放各单位的年度报告。\n", encoding="utf-8")
    (folder / "drafts" / "draft.txt").write_text("草稿\n", encoding="utf-8")
    (folder / ".disclint.yaml").write_text('exclude: ["drafts/*"]\n', encoding="utf-8")
    return folder


# every file accounted for -------------------------------------------------------------------------------

def test_every_file_has_a_status_and_excluded_files_are_listed(capsys, office):
    code, out, _ = run(capsys, "check", office, "--format", "json")
    document = json.loads(out)
    assert {Path(f["path"]).name: f["status"] for f in document["files"]} == {
        "README.md": "not-a-report", "broken.txt": "checked", "clean.txt": "checked"}
    assert document["excluded"] == [str(office / "drafts" / "draft.txt")]
    assert document["summary"]["not_reports"] == 1 and document["summary"]["excluded"] == 1
    assert code == 1  # README.md is a parse.not-a-report error unless --only-reports


def test_only_reports_skips_what_is_no_report_with_a_note(capsys, office):
    code, out, err = run(capsys, "check", office / "README.md", office / "clean.txt", "--only-reports", "--format",
                         "concise")
    assert code == 0 and "P002" not in out
    assert f"disclint: 注意: {office / 'README.md'}：不是政府信息公开工作年度报告，已跳过" in err
    code, out, _ = run(capsys, "check", office / "README.md", "--only-reports", "--format", "json")
    entry = json.loads(out)["files"][0]
    assert (entry["status"], entry["findings"]) == ("not-a-report", [])


def test_force_exclude_applies_the_configuration_to_named_files(capsys, office):
    draft = office / "drafts" / "draft.txt"
    code, _, _ = run(capsys, "check", draft, "--format", "concise")
    assert code == 1  # named, it is checked (and is no report)
    code, out, _ = run(capsys, "check", draft, "--force-exclude", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["files"] == [] and document["excluded"] == [str(draft)]


def test_the_human_summary_says_how_many_files_it_does_not_list(capsys, tmp_path, monkeypatch):
    import disclint.outputs.human

    monkeypatch.setattr(disclint.outputs.human, "SHOWN", 2)
    for k in range(4):
        (tmp_path / f"r{k}.txt").write_text(generate(seed=k, year=2023 - k, agency=f"第{k}局",
                                                     overrides={"s3.new.natural": "7"}).text, encoding="utf-8")
    _, out, _ = run(capsys, "check", tmp_path, "--quiet", "--no-source", "--jobs", "1")
    assert "另有 2 个文件有问题未列出（完整清单：--format csv、xlsx 或 json）" in out


def test_stdin_takes_the_name_given(capsys, monkeypatch, office):
    text = (office / "broken.txt").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", office / "named.txt", "--format", "concise")
    assert code == 1 and out.startswith(f"{office / 'named.txt'}:")


# machine output ------------------------------------------------------------------------------------------

def test_findings_as_csv_with_a_bom_for_excel(capsys, office):
    code, out, _ = run(capsys, "check", office / "broken.txt", "--format", "csv")
    assert out.startswith("\ufeff文件,单位,标题,年度,格式版本,代码,级别,规则,位置,行,列,问题,状态,已核对勾稽关系\n")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))[1:]
    assert rows and all(r[1] == "乙县民政局" and r[3] == "2023" and r[4] == "2021" for r in rows)
    assert all(r[12:] == ["已检查", "42/42"] for r in rows)  # added: the file's status and equations checked
    assert [r[5] for r in rows] == ["B301"] and rows[0][6] == "错误" and rows[0][8] == rows[0][9] + ":1"


def test_findings_as_a_workbook(capsys, office, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "review.xlsx"
    code, out, _ = run(capsys, "check", office, "--format", "xlsx", "--output-file", target)
    assert code == 1 and out == ""
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["文件", "问题"]
    files, findings = book["文件"], book["问题"]
    assert [c.value for c in files[1]] == ["文件", "单位", "标题", "年度", "格式版本", "状态", "错误", "警告", "提示", "SHA-256",
                                          "已核对勾稽关系", "核对情况"]
    assert sorted((Path(r[0]).name, r[5]) for r in files.iter_rows(min_row=2, values_only=True)) == [
        ("README.md", "不是年度报告"), ("broken.txt", "已检查"), ("clean.txt", "已检查")]
    import hashlib
    digests = {Path(r[0]).name: r[9] for r in files.iter_rows(min_row=2, values_only=True)}
    assert digests["clean.txt"] == hashlib.sha256((office / "clean.txt").read_bytes()).hexdigest()  # as JSON has it
    checked = {Path(r[0]).name: r[10:] for r in files.iter_rows(min_row=2, values_only=True)}
    assert checked["clean.txt"] == ("42/42", "已核对 42/42 个勾稽关系") and checked["README.md"] == (None, None)
    assert files.freeze_panes == "A2" and files.auto_filter.ref == "A1:L4"
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref.startswith("A1:N")
    assert [r[5] for r in findings.iter_rows(min_row=2, values_only=True)] == ["P002", "B301"]
    code, _, err = run(capsys, "check", office, "--format", "xlsx")
    assert code == 2 and "--output-file" in err


def test_sarif_validates_and_is_relative_to_the_source_root(capsys, office, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.chdir(office.parent)
    code, out, _ = run(capsys, "check", "reports", "--format", "sarif", "--statistics")
    document = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(document)
    run_ = document["runs"][0]
    assert run_["originalUriBaseIds"] == {"%SRCROOT%": {"uri": office.parent.as_uri() + "/"}}
    locations = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
    assert locations == {"reports/broken.txt", "reports/README.md"}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
               for r in run_["results"])
    rule = next(r for r in run_["tool"]["driver"]["rules"] if r["id"] == "B301")
    assert rule["fullDescription"]["text"].startswith("表三第一项加第二项之和不等于第三项加第四项之和。")
    assert rule["help"]["markdown"].startswith("**B301 balance.carry-over**：") and "helpUri" not in rule
    assert "informationUri" not in run_["tool"]["driver"]


def test_pair_findings_in_sarif_validate_too(capsys, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from disclint.synth import series

    for report in series(seed=1, years=(2023, 2024), overrides={2023: {"s3.forward.total": "99"}}):
        (tmp_path / f"{report.year}.txt").write_text(report.text, encoding="utf-8")
    code, out, _ = run(capsys, "check", tmp_path, "--format", "sarif")
    document = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(document)
    assert any("relatedLocations" in r for r in document["runs"][0]["results"])


# baselines ------------------------------------------------------------------------------------------------

def test_a_baseline_written_in_one_folder_applies_from_another(capsys, office, tmp_path, monkeypatch):
    monkeypatch.chdir(office)
    code, _, err = run(capsys, "check", ".", "--write-baseline", "baseline.json")
    assert code == 0 and "已把 2 个问题写入基线" in err
    stored = json.loads((office / "baseline.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in stored["findings"]} == {"README.md", "broken.txt"}
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "reports/broken.txt", "./reports/README.md", "--baseline",
                         "reports/baseline.json", "--format", "concise")
    assert code == 0 and out == "检查了 2 个文件：0 个错误，0 个警告\n" and err == ""


def test_stale_baseline_entries_are_counted_and_listed(capsys, office, monkeypatch):
    monkeypatch.chdir(office)
    run(capsys, "check", "broken.txt", "--write-baseline", "baseline.json")
    (office / "broken.txt").write_text(generate(seed=3, agency="乙县民政局").text, encoding="utf-8")
    code, _, err = run(capsys, "check", "broken.txt", "--baseline", "baseline.json", "--format", "concise")
    assert code == 0 and "基线 baseline.json 中有 1 条记录已不再出现（可用 --show-stale 列出，" in err
    _, _, err = run(capsys, "check", "broken.txt", "--baseline", "baseline.json", "--show-stale", "--format", "concise")
    assert "  broken.txt: B301 表三" in err


# extraction -------------------------------------------------------------------------------------------------

def test_extract_says_what_it_could_not_read_and_exits_1(capsys, office):
    code, out, err = run(capsys, "extract", office / "clean.txt", office / "README.md")
    files = json.loads(out)["files"]
    assert code == 1 and [f["status"] for f in files] == ["checked", "not-a-report"]
    assert f"disclint: {office / 'README.md'}: 未提取到数据（" in err
    assert files[0]["agency"] == "甲县民政局" and len(files[0]["sha256"]) == 64
    assert run(capsys, "extract", office / "clean.txt")[0] == 0


def test_extract_csv_long_and_codebook(capsys, office):
    _, out, _ = run(capsys, "extract", office / "clean.txt", "--format", "csv")
    assert out.startswith("\ufeffpath,edition,report_year,title,published,s2.20-1.rules.new_made,")
    assert out.split("\n")[0].endswith(",status,agency,sha256")
    _, out, _ = run(capsys, "extract", office / "clean.txt", "--format", "long")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert out.startswith("\ufeff") and rows[0] == ["path", "id", "label", "value", "raw", "place", "source"]
    row = next(r for r in rows if r[1] == "s3.new.natural")
    assert row[2] == "表三“一、本年新收政府信息公开申请数量”行“自然人”列" and row[5].endswith(":1")
    _, out, _ = run(capsys, "extract", "--codebook")
    book = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert book[0] == ["id", "table", "row", "column", "edition", "unit"]
    entries = {r[0]: r for r in book[1:]}
    assert entries["s3.new.commercial"][1:] == ["表三", "一、本年新收政府信息公开申请数量", "法人或其他组织·商业企业",
                                                "2019,2021", "件"]
    assert entries["s2.20-1.rules.valid"][4] == "2021" and entries["s2.20-8.fees.amount"][5] == "万元"
    # a cell the editions word differently has a row per wording, each naming its edition
    assert [r[3:5] for r in book[1:] if r[0] == "s2.20-5.licensing.decisions"] == [["处理决定数量", "2019"],
                                                                                  ["本年处理决定数量", "2021"]]


def test_the_codebook_lists_every_cell_of_every_edition_under_that_edition(capsys):
    from disclint.editions import editions, load

    _, out, _ = run(capsys, "extract", "--codebook")
    listed = {(r[0], edition) for r in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for edition in r[4].split(",")}
    for edition in editions():
        template = load(edition)
        cells = {(t.cell_id(row.id, column.id), edition) for t in template.tables.values() for row in t.rows
                 for column in t.columns}
        assert cells <= listed, sorted(cells - listed)[:3]


def test_extract_workbook_has_the_codebook_beside_the_data(capsys, office, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "cells.xlsx"
    assert run(capsys, "extract", office / "clean.txt", "--format", "xlsx", "--output-file", target)[0] == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["数据", "代码表"]
    data = book["数据"]
    headings = [c.value for c in data[1]]
    assert headings[:5] == ["文件", "格式版本", "年度", "标题", "发布日期"] and headings[-3:] == ["状态", "单位", "SHA-256"]
    assert data.freeze_panes == "A2" and data.auto_filter.ref
    assert [c.value for c in book["代码表"][1]] == ["代码", "表", "行", "列", "格式版本", "单位"]


# the batch index --------------------------------------------------------------------------------------------

def test_the_batch_index_sorts_and_filters_in_the_page(capsys, office, tmp_path):
    out = tmp_path / "review"
    run(capsys, "check", office, "--format", "html", "--output-file", out)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<th>单位</th><th>标题</th><th>年度</th>" in index and "<th class=\"n\">勾稽</th>" in index
    assert ">乙县民政局<" in index and ">乙县民政局2023年政府信息公开工作年度报告<" in index
    assert 'id="filter"' in index and "addEventListener('click'" in index and "http" not in index.split("<script>")[1]
    assert "按配置排除、未检查：" in index


# the hook ---------------------------------------------------------------------------------------------------

def test_the_pre_commit_hook_blocks_only_the_defective_report(tmp_path):
    """A git repository with reports, a README and an excluded draft, committed through pre-commit with the
    hook as .pre-commit-hooks.yaml defines it (run from this environment's disclint)."""
    pre_commit = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    disclint = shutil.which("disclint", path=os.path.dirname(sys.executable))
    if disclint is None:
        pytest.skip("disclint is not installed as a command in this environment")
    local = {**{k: hook[k] for k in ("id", "name", "types_or", "files")}, "language": "system",
             "entry": os.path.join(os.path.dirname(disclint), hook["entry"])}
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)

    git("init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]},
                                                                 allow_unicode=True), encoding="utf-8")
    (repo / ".disclint.yaml").write_text('exclude: ["drafts/*"]\n', encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "draft.txt").write_text("草稿，未完成\n", encoding="utf-8")
    (repo / "README.md").write_text("# 年报\n\n各单位年度报告。\n", encoding="utf-8")
    (repo / "2023.txt").write_text(generate(seed=2, busy=True).text, encoding="utf-8")
    assert subprocess.run([pre_commit, "install"], cwd=repo, env=env, capture_output=True).returncode == 0
    git("add", "-A")
    commit = git("commit", "-qm", "reports")
    assert commit.returncode == 0, commit.stdout + commit.stderr   # a README and a draft never block
    (repo / "2024.txt").write_text(generate(seed=3, year=2024, overrides={"s3.new.natural": "7"}).text,
                                   encoding="utf-8")
    git("add", "-A")
    commit = git("commit", "-qm", "a defective report")
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0 and "2024.txt:" in output and "B301 [error]" in output, output


# metadata ----------------------------------------------------------------------------------------------------

def test_a_breadcrumb_before_the_title_is_not_the_title(capsys, tmp_path):
    text = generate(seed=2, agency="某某县民政局").text
    page = tmp_path / "page.txt"
    page.write_text("当前位置：首页 > 政务公开 > 年度报告 > " + text, encoding="utf-8")
    entry = json.loads(run(capsys, "check", page, "--format", "json")[1])["files"][0]
    assert (entry["title"], entry["agency"], entry["report_year"]) == (
        "某某县民政局2023年政府信息公开工作年度报告", "某某县民政局", 2023)


# the commands the documentation gives --------------------------------------------------------------------

def _commands(path: Path, block: str) -> list[list[str]]:
    """The ``disclint …`` lines of a shell block of a Markdown file, comments and pipes removed."""
    import shlex

    text = path.read_text(encoding="utf-8")
    found = []
    for chunk in text.split("```sh")[1:]:
        for line in chunk.split("```")[0].splitlines():
            line = line.split("  #")[0].split(" #")[0].strip()
            for prefix in ("disclint ", ".venv/bin/disclint "):
                if line.startswith(prefix) and block in text:
                    found.append(shlex.split(line.split(" > ")[0].split(" < ")[0])[1:])
    return found


@pytest.mark.parametrize("doc", ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")
                                                      if "```sh" in p.read_text(encoding="utf-8"))])
def test_every_disclint_command_in_the_docs_runs_as_written(capsys, tmp_path, monkeypatch, doc):
    """Each command of the document's shell blocks, run in a folder holding the files it names (and the
    bundled examples): it runs (exit 0 or 1: findings), never a usage error (exit 2)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "docs").mkdir()
    for sheet in (ROOT / "docs").glob("scorecard-*.yaml"):  # the example scorecards the docs run with
        shutil.copy(sheet, tmp_path / "docs")
    (tmp_path / "reports").mkdir()
    for name, year in (("report.txt", 2023), ("report-2023.txt", 2023), ("report-2024.txt", 2024),
                       ("reports/a.txt", 2023)):
        (tmp_path / name).write_text(generate(seed=1, year=year).text, encoding="utf-8")
    if "disclint region" in (ROOT / doc).read_text(encoding="utf-8"):  # docs/office.md: a region's two years
        from regions import COUNTY, DEPARTMENTS, write_region

        for folder in ("某某县", "全市报告"):
            (tmp_path / folder).mkdir()
            write_region(tmp_path / folder)
        (tmp_path / "某某县.yaml").write_text(f"{COUNTY}: [{', '.join(DEPARTMENTS)}]\n", encoding="utf-8")
    # ``disclint serve`` runs until it is stopped: tests/test_serve_docs.py starts each documented one and stops it
    found = _commands(ROOT / doc, "disclint")
    assert found, f"no disclint command in {doc}"
    commands = [args for args in found if args[:1] != ["serve"]]
    for args in commands:
        stdin = (tmp_path / "report.txt").read_bytes() if "-" in args else b""
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code, _, err = run(capsys, *args)
        assert code in (0, 1), (args, err)
