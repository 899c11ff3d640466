"""Two years of one agency: pairing in a folder and with --previous, the series notes, and every output.

The pair rules' own cases are in tests/cases/Y101–Y104.yaml; here: which reports pair (names, years,
editions, twins, gaps, a configured mapping), and how the outputs show both sides.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run

from disclint.api import lint
from disclint.pairs import key, name, pairs, regions
from disclint.synth import generate, series


def write_series(folder: Path, prefix: str = "a", **kwargs) -> list[Path]:
    paths = []
    for report in series(**kwargs):
        path = folder / f"{prefix}-{report.year}.txt"
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    return paths


def codes(result) -> list[str]:
    return [f.code for f in result.findings if f.code.startswith("Y")]


def line_of(path: Path, cell: str) -> int:
    return lint([str(path)], jobs=1, keep=("cells",)).files[0].cells[cell]["line"]


def test_a_consistent_series_over_an_edition_change_pairs_cleanly(tmp_path):
    write_series(tmp_path, seed=3, years=(2019, 2020, 2021, 2022))
    results = lint([str(tmp_path)], jobs=1)
    assert [(Path(r.path).name, r.edition, codes(r)) for r in results.files] == [
        ("a-2019.txt", "2019", []), ("a-2020.txt", "2019", []), ("a-2021.txt", "2021", []), ("a-2022.txt", "2021", [])]
    assert [(Path(r.path).name, r.previous and Path(r.previous[0]).name) for r in results.files] == [
        ("a-2019.txt", None), ("a-2020.txt", "a-2019.txt"), ("a-2021.txt", "a-2020.txt"), ("a-2022.txt", "a-2021.txt")]
    assert results.notes == []


def test_in_a_folder_each_break_is_found_on_the_later_report(tmp_path):
    paths = write_series(tmp_path, seed=1, years=(2022, 2023, 2024),
                         overrides={2023: {"s3.forward.total": "99"}, 2024: {"s2.20-1.normative.valid": "1"}})
    results = lint([str(tmp_path)], jobs=2)
    found = {Path(r.path).name: [(f.code, f.line) for f in r.findings if f.code.startswith("Y")] for r in results.files}
    assert found == {"a-2022.txt": [], "a-2023.txt": [],
                     "a-2024.txt": [("Y102", line_of(paths[2], "s2.20-1.normative.valid")),
                                    ("Y101", line_of(paths[2], "s3.carried.total"))]}


def test_text_copied_with_the_year_changed(tmp_path):
    (tmp_path / "x-2023.txt").write_text(generate(seed=1, year=2023, agency="某某县民政局").text, encoding="utf-8")
    (tmp_path / "x-2024.txt").write_text(generate(seed=1, year=2024, agency="某某县民政局").text, encoding="utf-8")
    results = lint([str(tmp_path)], jobs=1)
    repeated = [f for f in results.files[1].findings if f.code == "Y104"]
    assert len(repeated) == 1 and "本年报告正文有 100% 的文字" in repeated[0].message
    assert repeated[0].related[0].path.endswith("x-2023.txt") and repeated[0].related[0].line == repeated[0].line
    # the same numbers too: the stock and the carry-over do not follow from last year's either
    assert codes(results.files[1]) == ["Y104", "Y102", "Y101"]


def test_a_missing_year_and_two_reports_of_one_year_are_notes_not_findings(tmp_path, capsys):
    write_series(tmp_path, seed=1, years=(2021, 2022, 2024))
    (tmp_path / "a-2022-copy.txt").write_text((tmp_path / "a-2022.txt").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(capsys, "check", tmp_path, "--format", "json")
    document = json.loads(out)
    assert document["series"] == [{"agency": "某某县数据资源局", "years": {
        "2021": [str(tmp_path / "a-2021.txt")], "2022": [str(tmp_path / "a-2022-copy.txt"), str(tmp_path / "a-2022.txt")],
        "2024": [str(tmp_path / "a-2024.txt")]}, "missing_years": [2023], "duplicate_years": [2022]}]
    assert document["notes"] == [
        f"某某县数据资源局：2022年度有 2 份报告（{tmp_path / 'a-2022-copy.txt'}、{tmp_path / 'a-2022.txt'}），"
        "无法确定与哪一份比较，均未做跨年度检查",
        "某某县数据资源局：缺少 2023 年度报告（已有 2021、2022、2024 年度）"]
    assert all("previous" not in f for f in document["files"])  # 2022 twins: not compared; 2024 has no 2023
    code, out, err = run(capsys, "check", tmp_path)
    assert "注意：某某县数据资源局：缺少 2023 年度报告（已有 2021、2022、2024 年度）" in out
    code, out, err = run(capsys, "check", tmp_path, "--format", "concise")
    assert "disclint: 注意: 某某县数据资源局：缺少 2023 年度报告" in err


def test_names_pair_by_their_own_part_and_regions():
    assert name("重庆市合川区二郎镇人民政府") == "重庆市合川区二郎镇"
    # what a title without an agency leaves is no name to pair by
    assert [name(n) for n in ("政府信息公开", "首页>政务公开", "人民政府", "螅镇")] == [None, None, None, "螅镇"]
    assert regions("重庆市合川区二郎镇") == (("重庆市", "合川区"), "二郎镇")
    assert regions("江苏省淮安市") == (("江苏省",), "淮安市")
    assert regions("某某市公安局某某区分局") == (("某某市",), "公安局某某区分局")
    assert regions("上海市人民政府办公厅") == (("上海市",), "人民政府办公厅")
    assert key("2023年，全年共受理申请 12 件，二〇二三年办结三件。一是") == "年全年共受理申请件年办结件一是"


def _side(path, agency, year):
    from disclint.pairs import Side

    return Side(path, agency, year, "2021", {}, ())


def test_which_reports_pair():
    sides = [_side("a", "重庆市合川区二郎镇人民政府", 2023), _side("b", "二郎镇人民政府", 2024),
             _side("c", "某某县民政局", 2023), _side("d", "某某县民政局", 2024),
             _side("e", "甲县民政局", 2023), _side("f", "乙县民政局", 2023), _side("g", "民政局", 2024),
             _side("h", "淮安市人民政府", 2023), _side("i", "淮安市人民政府办公室", 2024), None]
    found, _ = pairs(sides)
    # b follows a by its shorter name (inexact); d follows c exactly; g could follow c, e or f: not paired;
    # a government and its general office are different agencies
    assert [(sides[p.current].path, sides[p.previous].path, p.exact) for p in found] == [
        ("b", "a", False), ("d", "c", True)]
    found, _ = pairs(sides, {"民政局": "甲县民政局"})
    assert ("g", "e", True) in [(sides[p.current].path, sides[p.previous].path, p.exact) for p in found]


def test_an_inexact_pair_makes_a_carry_over_a_warning(tmp_path):
    before, now = series(seed=1, years=(2023, 2024), agency="二郎镇人民政府",
                         overrides={2023: {"s3.forward.total": "99"}})
    (tmp_path / "2023.txt").write_text(before.text.replace("二郎镇人民政府2023年", "重庆市合川区二郎镇人民政府2023年"),
                                       encoding="utf-8")
    (tmp_path / "2024.txt").write_text(now.text, encoding="utf-8")
    result = lint([str(tmp_path)], jobs=1).files[1]
    assert [(f.code, f.severity) for f in result.findings if f.code.startswith("Y")] == [("Y101", "warning")]
    explicit = lint([str(tmp_path / "2024.txt")], previous=[str(tmp_path / "2023.txt")], jobs=1).files[0]
    assert [(f.code, f.severity) for f in explicit.findings if f.code.startswith("Y")] == [("Y101", "error")]


def test_a_configured_mapping_pairs_two_names(tmp_path):
    before, now = series(seed=1, years=(2023, 2024), agency="某某县数据局", overrides={2023: {"s3.forward.total": "99"}})
    (tmp_path / "2023.txt").write_text(before.text.replace("某某县数据局2023年", "某某县大数据发展局2023年"),
                                       encoding="utf-8")
    (tmp_path / "2024.txt").write_text(now.text, encoding="utf-8")
    assert codes(lint([str(tmp_path)], jobs=1).files[1]) == []
    (tmp_path / ".disclint.yaml").write_text("agencies:\n  某某县大数据发展局: 某某县数据局\n", encoding="utf-8")
    assert codes(lint([str(tmp_path)], jobs=1).files[1]) == ["Y101"]


def test_previous_that_is_not_the_year_before(tmp_path, capsys):
    a, b = write_series(tmp_path, seed=1, years=(2022, 2024))
    code, out, err = run(capsys, "check", b, "--previous", a, "--format", "json")
    assert json.loads(out)["notes"] == [f"{a} 是 2022 年度报告，不是 {b}（2024 年度）的上一年度，未做跨年度检查"]
    assert [f["path"] for f in json.loads(out)["files"]] == [str(b)]  # last year's file is read, not reported
    code, out, err = run(capsys, "check", b, "--previous", tmp_path / "missing.txt")
    assert code == 2 and "missing.txt: 文件不存在" in err
    code, out, err = run(capsys, "check", "--previous", a)
    assert code == 2 and "用法错误" in err


def test_pair_rules_can_be_turned_off_and_configured(tmp_path):
    (tmp_path / "x-2023.txt").write_text(generate(seed=1, year=2023).text, encoding="utf-8")
    (tmp_path / "x-2024.txt").write_text(generate(seed=1, year=2024).text, encoding="utf-8")
    assert codes(lint([str(tmp_path)], jobs=1, ignore=["pair"]).files[1]) == []
    assert codes(lint([str(tmp_path)], jobs=1, select=["Y104"]).files[1]) == ["Y104"]
    (tmp_path / ".disclint.yaml").write_text("rules:\n  Y104: {threshold: 100}\n  Y101: {level: warning}\n",
                                             encoding="utf-8")
    assert [(f.code, f.severity) for f in lint([str(tmp_path)], jobs=1).files[1].findings
            if f.code.startswith("Y")] == [("Y102", "warning"), ("Y101", "warning")]


@pytest.fixture
def pair(tmp_path):
    before, now = write_series(tmp_path, seed=1, years=(2023, 2024), overrides={2023: {"s3.forward.natural": "5"}})
    return before, now


def test_json_and_sarif_carry_the_other_year(pair, capsys):
    before, now = pair
    code, out, err = run(capsys, "check", now, "--previous", before, "--format", "json")
    assert code == 1
    entry = json.loads(out)["files"][0]
    assert entry["previous"] == {"path": str(before), "report_year": 2023}
    finding = next(f for f in entry["findings"] if f["code"] == "Y101")
    assert finding["related"] == [{
        "path": str(before), "line": line_of(before, "s3.forward.natural"), "column": 1,
        "end_line": line_of(before, "s3.forward.natural"), "end_column": 2,
        "message": f"上年报告（2023年度）第 {line_of(before, 's3.forward.natural')} 行："
                   "表三“四、结转下年度继续办理”行“自然人”列为 5",
        "cell": "s3.forward.natural", "value": 5, "label": "表三“四、结转下年度继续办理”行“自然人”列"}]
    assert finding["expected"] == 5 and finding["actual"] == 3
    code, out, err = run(capsys, "check", now, "--previous", before, "--format", "sarif")
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "Y101")
    (related,) = result["relatedLocations"]
    line = line_of(before, "s3.forward.natural")
    assert related["id"] == 0 and related["message"] == {"text": finding["related"][0]["message"]}
    assert related["physicalLocation"]["region"] == {"startLine": line, "startColumn": 1, "endLine": line,
                                                     "endColumn": 2}
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("a-2023.txt")


def test_people_see_both_years(pair, capsys, tmp_path):
    before, now = pair
    code, out, err = run(capsys, "check", now, "--previous", before)
    assert f"另见 {before}:{line_of(before, 's3.forward.natural')}:1" in " ".join(out.split())
    code, out, err = run(capsys, "check", now, "--previous", before, "--format", "concise")
    assert f"Y101 [error] 表三“二、上年结转政府信息公开申请数量”行与上年报告（{before}，2023年度）" in out
    code, out, err = run(capsys, "check", now, "--previous", before, "--format", "github")
    assert "::error " in out and "上年报告（" in out
    code, out, err = run(capsys, "check", now, "--previous", before, "--format", "html")
    side_by_side = out.split("<h2>与上年报告对照</h2>", 1)[1].split("</table>", 1)[0]
    assert "表三“二、上年结转政府信息公开申请数量”行“自然人”列</td><td class=\"flag-error\">3" in side_by_side
    assert "表三“四、结转下年度继续办理”行“自然人”列</td><td>5" in side_by_side


def test_a_word_draft_pairs_with_a_web_page(tmp_path):
    from documents import as_docx

    before, now = series(seed=1, years=(2023, 2024), layout="html", overrides={2023: {"s3.forward.natural": "5"}})
    (tmp_path / "2023.html").write_text(before.text, encoding="utf-8")
    plain = series(seed=1, years=(2023, 2024), layout="pipes")[1]
    (tmp_path / "2024.docx").write_bytes(as_docx(plain.text))
    result = lint([str(tmp_path / "2024.docx")], previous=[str(tmp_path / "2023.html")], jobs=1).files[0]
    found = [f for f in result.findings if f.code == "Y101"]
    assert len(found) == 1 and found[0].place.startswith("表") and found[0].related[0].path.endswith("2023.html")


def test_a_name_without_regions_is_certain_only_within_one_folder(tmp_path):
    before, now = series(seed=1, years=(2023, 2024), agency="城关镇人民政府", overrides={2023: {"s3.forward.total": "99"}})
    for folder, report in (("a", before), ("b", now)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{report.year}.txt").write_text(report.text, encoding="utf-8")
    apart = lint([str(tmp_path)], jobs=1).files[1]
    assert [(f.code, f.severity) for f in apart.findings if f.code.startswith("Y")] == [("Y101", "warning")]
    (tmp_path / "b" / "2024.txt").rename(tmp_path / "a" / "2024.txt")
    together = lint([str(tmp_path / "a")], jobs=1).files[1]
    assert [(f.code, f.severity) for f in together.findings if f.code.startswith("Y")] == [("Y101", "error")]
