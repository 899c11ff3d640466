"""Scorecards (linter/scorecard.py): the sheet validated like a configuration, and the scores it gives on a
generated region (a county's departments and townships, two years) with known deductions, including items
that cannot be assessed; boundaries (a cap reached exactly, exactly 50% repeated)."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import run
from transforms import drop_repeated

from disclint.api import registry, score
from disclint.engine import FileResult
from disclint.errors import ConfigError
from disclint.scorecard import CLEAR, DEDUCTED, NOT_ASSESSABLE, load
from disclint.scorecard import score as score_one
from disclint.synth import generate, series

DOCS = Path(__file__).resolve().parents[1] / "docs"

SHEET = """\
scorecard: 测试评分表
total: 10
items:
  - id: missing
    name: 未发布年度报告
    missing_report: true
    deduct: 2
  - id: late
    name: 未按期公开
    rules: [meta.late-publication]
    deduct: 0.5
    cap: 0.5
  - id: after-march
    name: 3月31日后公开
    published_after: "03-31"
    deduct: 1
  - id: repeated
    name: 过半照抄上年
    measure: pair.repetition
    over: 50
    deduct: 0.5
  - id: balance
    name: 勾稽关系不成立
    rules: [balance]
    deduct: 0.5
    cap: 1
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _dated(text: str, date: str) -> str:
    """The generated report published on ``date`` (its page's 发布时间)."""
    return re.sub(r"发布时间：\S+", f"发布时间：{date}", text)


@pytest.fixture
def sheet(tmp_path) -> Path:
    return _write(tmp_path, "sheet.yaml", SHEET)


def _items(entry) -> dict:
    return {i["id"]: (i["state"], i["deduction"]) for i in entry["items"]}


# the sheet ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["scorecard-county.yaml", "scorecard-minimal.yaml"])
def test_the_example_sheets_load(name):
    card = load(str(DOCS / name), registry())
    assert card.items and card.total > 0


@pytest.mark.parametrize("change, where, said", [
    (("total: 10", "total: 10\ncolour: red"), 3, "未知的项“colour”"),
    (("    deduct: 2\n", "    deduct: 2\n    weight: 3\n"), 8, "未知的项“weight”"),
    (("rules: [balance]", "rules: [balanse]"), 24, "未知的规则或类别“balanse”"),
    (("measure: pair.repetition", "measure: balance.carry-over"), 19, "不是测得数值的规则"),
    (('published_after: "03-31"', 'published_after: "02-30"'), 15, "月-日"),
    (('published_after: "03-31"', 'published_after: "02-29"'), 15, "月-日"),  # not a day of every year
    (('published_after: "03-31"', 'published_after: 331'), 15, "月-日"),
    (("    deduct: 1\n", "    deduct: -1\n"), 16, "“deduct”应为正数"),
    (("- id: late", "- id: missing"), 8, "扣分项“missing”重复"),
    (("    missing_report: true\n", "    missing_report: true\n    rules: [meta]\n"), 4, "应有且只有"),
    (("    over: 50\n", ""), 17, "应有“over”"),
])
def test_a_bad_sheet_is_an_error_naming_its_file_and_line(tmp_path, change, where, said):
    path = _write(tmp_path, "bad.yaml", SHEET.replace(*change))
    with pytest.raises(ConfigError) as raised:
        load(str(path), registry())
    assert str(raised.value).startswith(f"{path}:{where}: ") and said in str(raised.value), str(raised.value)


def test_a_bad_sheet_is_a_usage_error_of_the_command(capsys, tmp_path):
    bad = _write(tmp_path, "bad.yaml", SHEET.replace("rules: [balance]", "rules: [X999]"))
    report = _write(tmp_path, "r.txt", generate(seed=1).text)
    code, out, err = run(capsys, "score", report, "--scorecard", bad)
    assert code == 2 and out == "" and f"{bad}:24: " in err and "X999" in err


# scores on a generated region --------------------------------------------------------------------------------------

@pytest.fixture
def region(tmp_path) -> Path:
    """A county's reports, 2023 and 2024, each with known deductions under SHEET:

    - 民政局: 2024 copies 2023's text (100% repeated), on time: −0.5 (repeated);
    - 教育局: 2024 published 2025-02-15, a department's deadline is 31 January: −0.5 (late), not past March;
    - 某某镇: 2024 published 2025-04-10 (a township: late as a warning) and past 31 March: −0.5 −1;
    - 交通局: 2024 whose date cannot be read: late and after-march cannot be assessed;
    - 财政局: 2024 with three broken equations (three balance errors): −1, the cap, reached;
    - 水利局: 2022 and 2024, 2023 missing: an entry for the missing report, −2.
    """
    folder = tmp_path / "county"
    folder.mkdir()
    welfare = series(seed=20, years=(2023, 2024), agency="某某县民政局")
    _write(folder, "民政局2023.txt", welfare[0].text)
    copied = welfare[0].text.replace("2023", "2024").replace("2024-", "2025-")
    _write(folder, "民政局2024.txt", copied)
    _write(folder, "教育局2024.txt", _dated(generate(seed=21, year=2024, agency="某某县教育局").text, "2025-02-15"))
    _write(folder, "某某镇2024.txt", _dated(generate(seed=22, year=2024, agency="某某县某某镇人民政府").text, "2025-04-10"))
    _write(folder, "交通局2024.txt", _dated(generate(seed=23, year=2024, agency="某某县交通运输局").text, ""))
    broken = {"s3.new.natural": "1", "s4.review.total": "9", "s3.r1.total": "3"}
    _write(folder, "财政局2024.txt", generate(seed=2, year=2024, busy=False, agency="某某县财政局", overrides=broken).text)
    for year in (2022, 2024):
        _write(folder, f"水利局{year}.txt", generate(seed=24 + year, year=year, agency="某某县水利局").text)
    return folder


def test_a_region_scores_as_the_sheet_says(region, sheet):
    results = score([str(region)], scorecard=str(sheet), jobs=1)
    by_name = {Path(e["path"]).name if e["path"] else f"missing-{e['agency']}-{e['report_year']}": e
               for e in results.scores}
    welfare = by_name["民政局2024.txt"]
    assert _items(welfare) == {"missing": (CLEAR, 0), "late": (CLEAR, 0), "after-march": (CLEAR, 0),
                               "repeated": (DEDUCTED, 0.5), "balance": (CLEAR, 0)}
    assert (welfare["score"], welfare["complete"]) == (9.5, True)
    # the first year of a series has no report of last year to compare with: cannot be assessed, not 0
    first = by_name["民政局2023.txt"]
    assert _items(first)["repeated"] == (NOT_ASSESSABLE, 0) and first["complete"] is False
    assert next(i for i in first["items"] if i["id"] == "repeated")["reason"] == "没有同一单位上一年度的报告"
    assert _items(by_name["教育局2024.txt"])["late"] == (DEDUCTED, 0.5)
    assert _items(by_name["教育局2024.txt"])["after-march"] == (CLEAR, 0)
    township = by_name["某某镇2024.txt"]
    assert (_items(township)["late"], _items(township)["after-march"]) == ((DEDUCTED, 0.5), (DEDUCTED, 1))
    assert township["deducted"] == 1.5
    undated = by_name["交通局2024.txt"]
    reasons = {i["id"]: i["reason"] for i in undated["items"] if i["state"] == NOT_ASSESSABLE}
    assert reasons["late"] == reasons["after-march"] == "未能读出发布日期"
    assert undated["complete"] is False and undated["score"] == 10  # nothing deducted, but not full marks earned
    finance = by_name["财政局2024.txt"]
    balance = next(i for i in finance["items"] if i["id"] == "balance")
    assert (balance["state"], balance["count"], balance["deduction"]) == (DEDUCTED, 3, 1)  # 3 × 0.5, capped at 1
    missing = by_name["missing-某某县水利局-2023"]
    assert missing["status"] == "missing" and _items(missing)["missing"] == (DEDUCTED, 2)
    assert all(state == NOT_ASSESSABLE for key, (state, _) in _items(missing).items() if key != "missing")
    assert missing["score"] == 8


def _result(status_findings=(), coverage=None, published="2024-01-20", year=2023):
    """A file's result as the engine gives it, for the boundaries of one item."""
    return FileResult("r.txt", "2021", year, list(status_findings), published=published, is_report=True,
                      coverage=coverage or {"equations": {"checked": 42, "total": 42, "by_table": {
                          "s3": {"name": "表三", "checked": 39, "total": 39}, "s4": {"name": "表四", "checked": 3, "total": 3}},
                          "skipped": []}, "tables": {"read": 6, "total": 6, "unread": []}, "pages_unread": [],
                          "rules": {"run": 1, "total": 1, "not_run": []}, "measures": {}})


@pytest.mark.parametrize("share, state", [(50, CLEAR), (50.0001, DEDUCTED), (49.9, CLEAR), (100, DEDUCTED), (0, CLEAR)])
def test_more_than_half_repeated_is_strictly_more_than_the_threshold(sheet, share, state):
    card = load(str(sheet), registry())
    result = _result()
    result.coverage["measures"]["Y104"] = share
    entry = score_one(card, result, ["Y104"])
    assert _items(entry)["repeated"] == (state, 0.5 if state == DEDUCTED else 0)


@pytest.mark.parametrize("published, state", [("2024-03-31", CLEAR), ("2024-04-01", DEDUCTED), ("2024-01-01", CLEAR)])
def test_published_after_the_day_is_strictly_after_it(sheet, published, state):
    entry = score_one(load(str(sheet), registry()), _result(published=published), [])
    assert _items(entry)["after-march"][0] == state


def test_a_cap_reached_exactly_and_passed(sheet):
    from disclint.findings import Finding

    card = load(str(sheet), registry())

    def balance_errors(n):
        return [Finding("B301", "balance.carry-over", "error", "…", 1, 1, 1, 2) for _ in range(n)]

    codes = ["B301", "B302", "B303", "B304"]
    assert _items(score_one(card, _result(balance_errors(1)), codes))["balance"] == (DEDUCTED, 0.5)
    assert _items(score_one(card, _result(balance_errors(2)), codes))["balance"] == (DEDUCTED, 1)   # exactly the cap
    assert _items(score_one(card, _result(balance_errors(5)), codes))["balance"] == (DEDUCTED, 1)   # no further
    # rules not run at all (ignored, or not selected) assess nothing
    assert _items(score_one(card, _result(balance_errors(0)), []))["balance"][0] == NOT_ASSESSABLE


def test_a_report_whose_tables_could_not_be_read_assesses_no_table_item(tmp_path, sheet):
    _write(tmp_path, "lost.txt", drop_repeated(generate(seed=14).text))
    entry = score([str(tmp_path / "lost.txt")], scorecard=str(sheet), jobs=1).scores[0]
    assert entry["status"] == "not-assessable"
    balance = next(i for i in entry["items"] if i["id"] == "balance")
    assert balance["state"] == NOT_ASSESSABLE and balance["reason"] == "相关勾稽关系均无法核对"
    assert _items(entry)["late"] == (CLEAR, 0)  # its date was read: that item was assessed
    unreadable = _write(tmp_path, "scan.txt", "")
    unreadable.write_bytes(b"\x00\x01binary")
    entry = score([str(unreadable)], scorecard=str(sheet), jobs=1).scores[0]
    assert all(i["state"] == NOT_ASSESSABLE and i["reason"] == "文件无法读取" for i in entry["items"])


# outputs -----------------------------------------------------------------------------------------------------------

def test_the_outputs_of_a_scored_region(capsys, region, sheet, tmp_path):
    code, out, _ = run(capsys, "score", region, "--scorecard", sheet, "--jobs", "1")
    assert code == 0
    assert "评分表：测试评分表（满分 10）" in out
    assert "  得分 9.5 / 10（扣 0.5）\n" in out
    assert "过半照抄上年：扣 0.5（测得 100%）" in out
    assert "3月31日后公开：无法评估：未能读出发布日期" in out
    assert "（缺少报告）某某县水利局，2023 年度" in out
    code, out, _ = run(capsys, "score", region, "--scorecard", sheet, "--format", "json", "--jobs", "1")
    document = json.loads(out)
    assert document["scorecard"]["name"] == "测试评分表" and len(document["scores"]) == 9
    assert document["summary"]["reports"] == 9
    code, out, _ = run(capsys, "score", region, "--scorecard", sheet, "--format", "csv", "--jobs", "1")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["文件", "单位", "年度", "状态", "得分", "满分", "扣分", "各项均可评估",
                       "未发布年度报告", "未按期公开", "3月31日后公开", "过半照抄上年", "勾稽关系不成立"]
    undated = next(r for r in rows if r[0].endswith("交通局2024.txt"))
    assert undated[7:] == ["否", "0", "无法评估", "无法评估", "无法评估", "0"]
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "scores.xlsx"
    assert run(capsys, "score", region, "--scorecard", sheet, "--format", "xlsx", "--output-file", target)[0] == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["得分", "扣分明细"] and book["扣分明细"].max_row == 1 + 9 * 5
    pages = tmp_path / "review"
    run(capsys, "score", region, "--scorecard", sheet, "--format", "html", "--output-file", f"{pages}/", "--jobs", "1")
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert "<th class=\"n\">得分</th>" in index and re.search(r"<td data-v=\"9.5\" title=\"[^\"]*\">9.5</td>", index)
    welfare = next(p for p in pages.iterdir() if p.name.endswith("民政局2024.html")).read_text(encoding="utf-8")
    assert "<h2>评分：9.5 / 10</h2>" in welfare and "<th>过半照抄上年</th><td style=\"text-align:left\">扣 0.5（测得 100%）" in welfare
