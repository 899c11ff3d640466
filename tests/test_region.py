"""A region's sums (linter/region.py, ``disclint region``): a county government's tables 三 and 四 against the sums
of its departments' reports, on generated regions (tests/regions.py) whose sums are known. The differences
the tests expect are computed here from the generated figures, not by the module under test."""
from __future__ import annotations

import json

import pytest
from conftest import run
from regions import COUNTY, DEPARTMENTS, TOWNSHIPS, summed_cells, write_region

from disclint import region
from disclint.api import extract
from disclint.errors import ConfigError
from disclint.findings import WARNING
from disclint.synth import generate

#: a year of each edition, and a pair of years across the change of edition
YEARS = [(2019, 2020), (2020, 2021), (2022, 2023)]


def checks(folder, tree=None, townships=False):
    return region.check(extract([str(folder)], jobs=1).files, tree, townships)


@pytest.mark.parametrize("years", YEARS)
def test_a_county_that_is_its_departments_sum_gives_no_warning(tmp_path, years):
    write_region(tmp_path, years)
    found = checks(tmp_path)
    assert [(c.agency, c.year) for c in found] == [(COUNTY, y) for y in years]
    for c in found:
        assert sorted(a for a, _ in c.used) == sorted(DEPARTMENTS)  # townships are governments of their own
        assert (c.missing, c.unreadable, c.findings) == ([], [], [])


@pytest.mark.parametrize("years", YEARS)
def test_a_department_whose_figures_do_not_add_up_is_one_warning_per_table(tmp_path, years):
    made = write_region(tmp_path, years)
    year = years[1]
    # the 教育局 publishes other figures than the county summed: a report of another seed
    other = generate(99, made["某某县教育局", year].edition, year, agency="某某县教育局")
    (tmp_path / f"{year}-某某县教育局.txt").write_text(other.text, encoding="utf-8")
    cells = summed_cells(other.edition)
    county = made[COUNTY, year].values
    expected = {c for c in cells
                if county[c] != sum((other if d == "某某县教育局" else made[d, year]).values[c] for d in DEPARTMENTS)}
    assert expected  # the seed gives other figures
    found = {c.year: c for c in checks(tmp_path)}
    assert found[years[0]].findings == []
    findings = found[year].findings
    tables = sorted({c.split(".")[0] for c in expected})
    assert [f.code for f in findings] == ["R101"] * len(tables)
    assert {f.severity for f in findings} == {WARNING}  # never an error
    assert {ref.id for f in findings for ref in f.cells} == expected
    first = findings[0]
    assert first.message.startswith(f"表三与所属单位 {len(DEPARTMENTS)} 份报告之和不一致：")
    assert all(name in first.message for name in DEPARTMENTS)
    lines = (tmp_path / f"{year}-{COUNTY}.txt").read_text(encoding="utf-8").split("\n")
    assert first.cells[0].id in expected and lines[first.line - 1].strip() == str(county[first.cells[0].id])


def test_a_county_smaller_than_its_parts_is_said_so_and_a_larger_one_may_include_others(tmp_path):
    # the county reports one more 予以公开 (natural person) than its departments: a body without a report of its own
    year = 2023
    made = write_region(tmp_path, (year,))
    more = {c: made[COUNTY, year].values[c] + 1 for c in ("s3.new.natural", "s3.new.total", "s3.r1.natural",
                                                          "s3.r1.total", "s3.total.natural", "s3.total.total")}
    write_region(tmp_path, (year,), figures={(COUNTY, year): more})
    (finding,) = checks(tmp_path)[0].findings
    assert "大于所属单位报告之和（如包括没有单独报告的机构，可以忽略）" in finding.message
    assert "“一、本年新收政府信息公开申请数量”行“自然人”列 " in finding.message
    less = {c: v - 2 for c, v in more.items()}
    write_region(tmp_path, (year,), figures={(COUNTY, year): less})
    (finding,) = checks(tmp_path)[0].findings
    assert "本报告的数字小于所属单位报告之和" in finding.message
    assert finding.expected == finding.actual + 1  # the sum, and the county's figure


def test_a_department_missing_this_year_is_listed_and_the_rest_summed(tmp_path):
    made = write_region(tmp_path)
    (tmp_path / "2023-某某县民政局.txt").unlink()
    found = {c.year: c for c in checks(tmp_path)}
    assert found[2023].missing == ["某某县民政局"]  # it has a report in 2022: known to the folder
    assert found[2022].missing == []
    assert sorted(a for a, _ in found[2023].used) == sorted(set(DEPARTMENTS) - {"某某县民政局"})
    assert made["某某县民政局", 2023].values["s3.new.total"]  # so its figures are missing from the sum
    finding = next(f for f in found[2023].findings if f.anchor == "s3")
    assert "本报告的数字大于所属单位报告之和" in finding.message
    assert finding.message.endswith("；缺少报告：某某县民政局")


def test_a_tree_names_the_children_and_those_without_a_report(tmp_path):
    write_region(tmp_path, (2023,))
    tree = tmp_path / "region.yaml"
    tree.write_text(f"{COUNTY}:\n" + "".join(f"  - {d}\n" for d in (*DEPARTMENTS, *TOWNSHIPS, "某某县审计局")),
                    encoding="utf-8")
    (c,) = checks(tmp_path, region.load_tree(str(tree)))
    assert sorted(a for a, _ in c.used) == sorted((*DEPARTMENTS, *TOWNSHIPS))
    assert c.missing == ["某某县审计局"]
    # the townships' figures are now in the sum, and the county's is not theirs: a warning per table with a difference
    assert c.findings and all("缺少报告：某某县审计局" in f.message for f in c.findings)


def test_townships_roll_up_by_name_when_asked(tmp_path):
    write_region(tmp_path, (2023,))
    (c,) = checks(tmp_path, townships=True)
    assert sorted(a for a, _ in c.used) == sorted((*DEPARTMENTS, *TOWNSHIPS))


def test_names_place_departments_under_their_own_region_only(tmp_path):
    write_region(tmp_path, (2023,), departments=("某某县教育局",), townships=())
    # another county's department, and one written with its city before the county
    for seed, agency in ((5, "另一县教育局"), (6, "某某市某某县财政局")):
        (tmp_path / f"x{seed}.txt").write_text(generate(seed, "2021", 2023, agency=agency).text, encoding="utf-8")
    (c,) = checks(tmp_path)
    assert sorted(a for a, _ in c.used) == ["某某县教育局", "某某市某某县财政局"]


def test_a_child_whose_tables_cannot_be_read_is_listed_not_summed(tmp_path):
    write_region(tmp_path, (2023,))
    path = tmp_path / "2023-某某县财政局.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("三、收到和处理政府信息公开申请情况"), lines.index("四、政府信息公开行政复议、行政诉讼情况")
    path.write_text("\n".join(lines[:start + 1] + ["（表格为图片）"] + lines[end:]), encoding="utf-8")
    (c,) = checks(tmp_path)
    assert [a for a, _ in c.unreadable] == ["某某县财政局"]
    assert "某某县财政局" not in [a for a, _ in c.used]


@pytest.mark.parametrize(("text", "where"), [
    ("某某县人民政府: 某某县教育局\n", "region.yaml:1: “某某县人民政府”应为列表"),
    ("某某县人民政府:\n  - 某某县教育局\n  - 3\n", "region.yaml:3: “某某县人民政府[1]”应为文字"),
    ("- 某某县教育局\n", "区域文件应为键值表"),
    ("a: [b\n", "region.yaml:2: 不是有效的 YAML"),
])
def test_a_bad_tree_is_refused_with_its_file_and_line(tmp_path, text, where):
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        region.load_tree(str(path))
    assert where in str(caught.value)


def test_the_command_in_every_form(tmp_path, capsys):
    write_region(tmp_path)
    (tmp_path / "2023-某某县民政局.txt").unlink()
    code, out, _ = run(capsys, "region", tmp_path, "--format", "json", "--jobs", "1")
    assert code == 0  # warnings only
    last, c = json.loads(out)["checks"]
    assert (last["year"], last["missing"], last["findings"]) == (2022, [], [])
    assert (c["agency"], c["year"], c["missing"]) == (COUNTY, 2023, ["某某县民政局"])
    assert all(f["code"] == "R101" and f["severity"] == "warning" for f in c["findings"])
    code, out, _ = run(capsys, "region", tmp_path, "--jobs", "1")
    assert "缺少报告：某某县民政局" in out and f"{COUNTY} 2023 年度，合计 3 份所属单位报告，缺少 1 份" in out
    code, out, _ = run(capsys, "region", tmp_path, "--format", "csv", "--jobs", "1")
    assert out.startswith("\ufeff文件,单位,年度,代码")
    assert len(out.strip().split("\r\n")) == 1 + len(c["findings"])
    tree = tmp_path / "t.yaml"
    tree.write_text("x: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "region", tmp_path, "--tree", tree)
    assert code == 2 and "t.yaml:1" in err


def test_the_library_api_takes_a_tree_file_or_mapping(tmp_path):
    import disclint

    write_region(tmp_path, (2023,), departments=DEPARTMENTS[:2], townships=())
    tree = tmp_path / "tree.yaml"
    tree.write_text(f"{COUNTY}: [{DEPARTMENTS[0]}]\n", encoding="utf-8")
    by_file, errors = disclint.region_sums([str(tmp_path)], tree=str(tree), jobs=1)
    by_mapping, _ = disclint.region_sums([str(tmp_path)], tree={COUNTY: [DEPARTMENTS[0]]}, jobs=1)
    assert errors == [] and by_file == by_mapping
    (c,) = by_file
    assert [a for a, _ in c.used] == [DEPARTMENTS[0]] and len(c.findings) >= 1  # the 财政局's figures unaccounted for


def test_the_batch_review_index_shows_each_governments_sums(tmp_path, capsys):
    """The batch review page (check FOLDER --format html) says what disclint region says: the county against
    its departments, the differing table, the missing department."""
    from html import escape

    folder = tmp_path / "region"
    folder.mkdir()
    write_region(folder, figures={(COUNTY, 2023): {"s3.new.natural": 999}})
    (folder / f"2023-{DEPARTMENTS[-1]}.txt").unlink()
    out = tmp_path / "review"
    code, _, _ = run(capsys, "check", folder, "--format", "html", "--output-file", f"{out}/")
    index = (out / "index.html").read_text(encoding="utf-8")
    section = index.split("<h2>本级政府报告与所属部门报告之和</h2>")[1]
    assert f"{COUNTY} 2023 年度" in section and f"缺少报告：{DEPARTMENTS[-1]}" in section
    assert escape("表三与所属单位 3 份报告之和不一致：“一、本年新收政府信息公开申请数量”行“自然人”列 999（之和") in section
    assert f"{COUNTY} 2022 年度" in section and "表三、表四与所属单位报告之和一致" in section
