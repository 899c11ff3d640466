"""The year's figures (linter/stats.py, ``disclint stats``) on generated regions (tests/regions.py): every expected
figure is computed here from the generated cells, never by the module under test; boundaries of the minimum
denominator (29, 30) and of zero denominators; levels from names; every output form."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from conftest import run
from hypothesis import given
from hypothesis import strategies as st
from regions import COUNTY, DEPARTMENTS, TOWNSHIPS, summed_cells, write_region

from disclint import stats
from disclint.synth import generate

LEVELS = {"county": (COUNTY,), "department": DEPARTMENTS, "township": TOWNSHIPS}
GROUPS = ("review", "suit_direct", "suit_after_review")


@pytest.mark.parametrize(("agency", "level"), [
    ("某某县人民政府", "county"), ("某某区人民政府", "county"), ("重庆市合川区人民政府", "county"), ("某某旗人民政府", "county"),
    ("某某市人民政府", "city"), ("江苏省淮安市", "city"), ("某某自治州人民政府", "city"), ("某某盟", "city"),
    ("某某省人民政府", "province"), ("广西壮族自治区人民政府", "province"), ("上海市人民政府", "province"),
    ("重庆市", "province"),
    ("某某县教育局", "department"), ("某某县人民政府办公室", "department"), ("某某省发展和改革委员会", "department"),
    ("重庆市合川区二郎镇", "township"), ("某某乡人民政府", "township"), ("某某街道办事处", "township"),
    (None, "unknown"), ("政务公开", "unknown"),
])
def test_the_level_is_read_from_the_name(agency, level):
    assert stats.level(agency) == level


def expected(made, year, skip=()) -> dict:
    """The figures of each level in ``year``, summed from the generated cells (the reports in ``skip`` could
    not be assessed: counted as reports, not in the figures)."""
    out = {}
    for level, agencies in LEVELS.items():
        values = [made[a, year].values for a in agencies if (a, year) not in skip]
        out[level] = {
            "reports": len(agencies), "not_assessable": len(agencies) - len(values),
            "received": sum(v["s3.new.total"] for v in values),
            "disclosure": (sum(v["s3.r1.total"] + v["s3.r2.total"] for v in values), sum(v["s3.total.total"] for v in values)),
            "correction": (sum(v[f"s4.{g}.corrected"] for v in values for g in GROUPS),
                           sum(v[f"s4.{g}.{c}"] for v in values for g in GROUPS for c in ("upheld", "corrected", "other"))),
        }
    return out


def rate(numerator, denominator, minimum=30):
    return {"numerator": numerator, "denominator": denominator,
            "rate": round(100 * numerator / denominator, 4) if denominator >= minimum else None}


def assert_level(got: dict, want: dict, late=0, broken=0):
    assert got == {"reports": want["reports"], "received": want["received"],
                   "disclosure_rate": rate(*want["disclosure"]), "correction_rate": rate(*want["correction"]),
                   "late": late, "broken_equations": broken, "not_assessable": want["not_assessable"]}


@pytest.mark.parametrize("years", [(2019, 2020), (2020, 2021), (2022, 2023)])
def test_two_years_of_a_region_give_the_figures_computed_from_its_cells(tmp_path, capsys, years):
    made = write_region(tmp_path, years)
    code, out, _ = run(capsys, "stats", tmp_path, "--format", "json", "--jobs", "1")
    assert code == 0
    got = json.loads(out)
    assert (got["year"], got["minimum_denominator"]) == (years[1], 30)
    this, last = expected(made, years[1]), expected(made, years[0])
    assert list(got["levels"]) == ["county", "department", "township"]
    for level in LEVELS:
        assert_level(got["levels"][level]["this_year"], this[level])
        assert_level(got["levels"][level]["last_year"], last[level])
    rows = {r["this_year"]["agency"]: r for r in got["reports"]}
    assert sorted(rows) == sorted(a for agencies in LEVELS.values() for a in agencies)
    for agency, row in rows.items():
        assert row["last_year"]["path"].endswith(f"{years[0]}-{agency}.txt")  # last year's report beside it
        assert row["this_year"]["received"] == made[agency, years[1]].values["s3.new.total"]


def test_late_broken_and_unreadable_reports_are_counted_by_level(tmp_path):
    year = 2023
    late = [("发布时间：2024-01-", "发布时间：2024-03-")]  # past 1月31日 for a department, not 3月31日 for a county
    cut = tmp_path / f"{year}-{TOWNSHIPS[1]}.txt"
    made = write_region(tmp_path, (year,), edits={(DEPARTMENTS[1], year): late, (COUNTY, year): late},
                        figures={(TOWNSHIPS[0], year): {"s3.total.total": 999}})
    lines = cut.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("三、收到和处理政府信息公开申请情况"), lines.index("四、政府信息公开行政复议、行政诉讼情况")
    cut.write_text("\n".join(lines[:start + 1] + ["（表格为图片，未能复制）"] + lines[end:]), encoding="utf-8")
    got = stats.run([str(tmp_path)], jobs=1)
    want = expected(made, year, skip={(TOWNSHIPS[1], year)})
    levels = {level: this.to_json() for level, (this, last) in got.levels.items()}
    assert_level(levels["county"], want["county"])
    assert_level(levels["department"], want["department"], late=1)
    assert_level(levels["township"], want["township"], broken=1)  # its figures as written: 999 decided
    assert want["township"]["disclosure"][1] >= 999
    flagged = {(r.this.agency, r.this.late, r.this.broken, r.this.assessable) for r in got.rows
               if r.this.late or r.this.broken or not r.this.assessable}
    assert flagged == {(DEPARTMENTS[1], True, False, True), (TOWNSHIPS[0], False, True, True),
                       (TOWNSHIPS[1], False, False, False)}


def report(tmp_path, granted=0, decided=0, corrected=0, concluded=0, pending=0, name="r.txt"):
    """One county report whose 实质公开率 is granted/decided and 纠错率 corrected/concluded (行政复议 only, with
    ``pending`` cases not concluded), every equation kept."""
    figures = dict.fromkeys(summed_cells("2021"), 0)
    for column in ("natural", "total"):
        figures.update({f"s3.r1.{column}": granted, f"s3.r4-1.{column}": decided - granted,
                        f"s3.total.{column}": decided, f"s3.new.{column}": decided})
    figures.update({"s4.review.corrected": corrected, "s4.review.upheld": concluded - corrected,
                    "s4.review.pending": pending, "s4.review.total": concluded + pending})
    (tmp_path / name).write_text(generate(1, "2021", 2023, agency=COUNTY, figures=figures).text, encoding="utf-8")


@pytest.mark.parametrize(("decided", "minimum", "shown"), [
    (29, 30, "20/29"), (30, 30, "66.7%"), (29, 29, "69.0%"), (0, 30, "—"), (1, 1, "100.0%")])
def test_a_ratio_below_the_minimum_is_shown_as_counts(tmp_path, capsys, decided, minimum, shown):
    granted = min(20, decided)
    report(tmp_path, granted, decided, corrected=granted, concluded=decided, pending=7)
    got = stats.run([str(tmp_path)], jobs=1, minimum=minimum)
    this, _ = got.levels["county"]
    assert (str(this.disclosure), str(this.correction)) == (shown, shown)  # 尚未审结 is not concluded
    assert this.disclosure.to_json()["rate"] == (None if shown[-1] != "%" else round(100 * granted / decided, 4))
    code, out, _ = run(capsys, "stats", tmp_path, "--minimum", minimum, "--jobs", "1")
    assert code == 0 and f"│ 县级 │ 1      │ {decided}" in out and shown in out


def test_a_minimum_below_one_is_a_usage_error(tmp_path, capsys):
    report(tmp_path, 1, 1)
    code, _, err = run(capsys, "stats", tmp_path, "--minimum", "0")
    assert code == 2 and "--minimum" in err


@given(st.integers(0, 100), st.integers(0, 100), st.integers(1, 60))
def test_a_ratio_is_a_percentage_exactly_from_the_minimum_on(numerator, denominator, minimum):
    ratio = stats.Ratio(numerator, denominator, minimum)
    assert (ratio.rate is not None) == (denominator >= minimum)
    assert str(ratio) == ("—" if not denominator else f"{100 * numerator / denominator:.1f}%"
                          if denominator >= minimum else f"{numerator}/{denominator}")


def test_only_a_checked_report_with_a_table_three_read_is_assessable():
    cells = {"s3.new.total": {"value": 3, "line": 40}, "s4.review.total": {"value": 0, "line": 90}}
    unread = {"s3.new.total": {"value": None, "line": None}, "s4.review.total": {"value": 0, "line": 90}}
    assert stats.assessable(SimpleNamespace(status="checked", cells=cells))
    assert not stats.assessable(SimpleNamespace(status="checked", cells=unread))
    for status in ("not-assessable", "not-a-report", "unreadable", "failed"):  # not-assessable: issue 23, item 1
        assert not stats.assessable(SimpleNamespace(status=status, cells=cells))


def test_the_workbook_has_a_chart_per_figure_and_the_page_an_svg_each(tmp_path, capsys):
    from openpyxl import load_workbook

    folder = tmp_path / "reports"
    folder.mkdir()
    made = write_region(folder)
    book = tmp_path / "stats.xlsx"
    assert run(capsys, "stats", folder, "--format", "xlsx", "--output-file", book, "--jobs", "1")[0] == 0
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["按级别", "各单位", "图表"]
    assert len(workbook["图表"]._charts) == 6
    rows = list(workbook["按级别"].values)
    assert rows[0][:4] == ("级别", "报告数", "本年新收申请", "实质公开率")
    assert [r[:3] for r in rows[1:]] == [("县级", 1, made[COUNTY, 2023].values["s3.new.total"]),
                                         ("部门", 4, sum(made[d, 2023].values["s3.new.total"] for d in DEPARTMENTS)),
                                         ("乡镇、街道", 2, sum(made[t, 2023].values["s3.new.total"] for t in TOWNSHIPS))]
    code, out, _ = run(capsys, "stats", folder, "--format", "html", "--jobs", "1")
    assert out.count("<svg") == 6 and "<script" not in out
    code, out, _ = run(capsys, "stats", folder, "--format", "csv", "--jobs", "1")
    assert out.startswith("\ufeff级别,报告数,本年新收申请") and f"\r\n{COUNTY},县级,2023," in out
    code, _, err = run(capsys, "stats", folder, "--format", "xlsx")
    assert code == 2 and "--output-file" in err
    review = tmp_path / "review"
    run(capsys, "check", folder, "--format", "html", "--output-file", f"{review}/", "--jobs", "1")
    index = (review / "index.html").read_text(encoding="utf-8")
    assert "2023 年度统计" in index and index.count("<svg") == 6


def test_the_library_api_and_a_chosen_year(tmp_path):
    import disclint

    made = write_region(tmp_path)
    got = disclint.statistics([str(tmp_path)], year=2022, jobs=1)
    assert got.year == 2022 and all(last is None for _, last in got.levels.values())  # no 2021 reports
    assert got.levels["county"][0].received == made[COUNTY, 2022].values["s3.new.total"]
