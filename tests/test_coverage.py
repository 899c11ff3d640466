"""Coverage: what was checked on each file and what could not be (linter/coverage.py), and the status
``not-assessable`` of a report whose tables could not be read. Every input is generated (linter/synth.py) and
damaged the way copies are (tests/transforms.py); the counts expected are computed here from the edition, not
read from disclint's output."""
from __future__ import annotations

import json
import re

import pytest
from conftest import run
from hypothesis import given, settings
from hypothesis import strategies as st
from transforms import cut, drop_repeated

from disclint.api import lint, lint_bytes
from disclint.coverage import assessable, short, summary
from disclint.editions import load
from disclint.synth import generate, series

PAIR_RULES = ["Y101", "Y102", "Y103", "Y104"]


def _lint(text: str, path: str = "r.txt"):
    return lint_bytes(path, text.encode("utf-8"))


def _skipped_keys(result) -> set[str]:
    return {s["key"] for s in result.coverage["equations"]["skipped"]}


def _equations_with(edition: str, cells) -> set[str]:
    """The keys of the edition's equations that hold any of ``cells``: those a blank there leaves unchecked."""
    return {eq.key for eq in load(edition).equations if set(eq.cells) & set(cells)}


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("layout", ["cells", "pipes", "html"])
def test_a_complete_report_has_every_equation_and_table_checked(edition, layout):
    result = _lint(generate(seed=4, edition=edition, layout=layout).text, "r.html" if layout == "html" else "r.txt")
    template = load(edition)
    coverage = result.coverage
    assert coverage["equations"]["checked"] == coverage["equations"]["total"] == len(template.equations)
    assert coverage["equations"]["skipped"] == []
    assert coverage["tables"] == {"read": len(template.tables), "total": len(template.tables), "unread": []}
    # one report alone: only the pair rules did not run, for want of last year's report
    assert coverage["rules"]["not_run"] == [{"code": code, "reason": "pair"} for code in PAIR_RULES]
    assert result.status == "checked"
    assert summary(coverage) == f"已核对 {len(template.equations)}/{len(template.equations)} 个勾稽关系"


def test_a_blank_cell_skips_exactly_the_equations_it_stands_in():
    result = _lint(generate(seed=5, layout="pipes", overrides={"s3.new.natural": ""}).text)
    expected = _equations_with("2021", ["s3.new.natural"])
    assert expected == {"E1[natural]", "E3[new]"}  # the column's carry-over and the row's total
    assert _skipped_keys(result) == expected
    assert {s["reason"] for s in result.coverage["equations"]["skipped"]} == {"blank"}
    assert result.coverage["equations"]["checked"] == len(load("2021").equations) - 2
    assert result.status == "checked"  # the table was read: one blank cell is the table rules' finding
    assert summary(result.coverage) == "已核对 40/42 个勾稽关系（表三 2 个未核对：单元格空白）"
    assert short(result.coverage) == "40/42"


@settings(max_examples=40, deadline=None)
@given(edition=st.sampled_from(["2019", "2021"]), data=st.data())
def test_equations_checked_are_those_without_a_blanked_cell(edition, data):
    """Property: blank any cells of tables 三 and 四; the equations checked are exactly those with none of them,
    and the report is not assessable exactly when one of the two tables has no equation left."""
    template = load(edition)
    ids = [c for t in ("s3", "s4") for c in template.tables[t].cells]
    blanked = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    # a web page keeps a blank cell a cell (a copied text may drop it, and the row's values then are not placed)
    result = _lint(generate(seed=6, edition=edition, layout="html", overrides=dict.fromkeys(blanked, "")).text, "r.html")
    hit = _equations_with(edition, blanked)
    assert _skipped_keys(result) == hit
    assert result.coverage["equations"]["checked"] == len(template.equations) - len(hit)
    left = {t: [eq for eq in template.equations if eq.key not in hit and template.table_of(eq.cells[0]).id == t]
            for t in ("s3", "s4")}
    assert (result.status == "not-assessable") == (not left["s3"] or not left["s4"])


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_blank_table_three_is_not_assessable(edition):
    template = load(edition)
    text = generate(seed=7, edition=edition, layout="pipes", overrides=dict.fromkeys(template.tables["s3"].cells, "")).text
    result = _lint(text)
    assert result.status == "not-assessable"
    assert not assessable(result.coverage)
    assert result.coverage["equations"]["by_table"]["s3"]["checked"] == 0
    assert result.coverage["equations"]["by_table"]["s4"]["checked"] == 3  # 四 was read
    assert {"table": "s3", "name": "表三", "reason": "empty"} in result.coverage["tables"]["unread"]
    # the balance rules of table 三 could not run; the one of table 四 did
    not_run = {r["code"]: r["reason"] for r in result.coverage["rules"]["not_run"]}
    assert {code: not_run.get(code) for code in ("B301", "B302", "B303", "B304")} == {
        "B301": "equation", "B302": "equation", "B303": "equation", "B304": None}


def test_a_copy_that_lost_its_repeated_lines_is_not_assessable():
    result = _lint(drop_repeated(generate(seed=8, edition="2021").text))
    assert result.status == "not-assessable"
    assert result.coverage["equations"]["by_table"]["s4"]["checked"] == 0
    assert {s["reason"] for s in result.coverage["equations"]["skipped"]} == {"lost-lines"}
    assert {u["table"]: u["reason"] for u in result.coverage["tables"]["unread"]}["s3"] == "lost-lines"
    assert re.match(r"已核对 \d/42 个勾稽关系（表三 \d\d 个、表四 3 个未核对：副本丢失了重复的行；"
                    r"表二第二十条第（一）项、表二第二十条第（六）项未读取：副本丢失了重复的行）$", summary(result.coverage))


def test_a_copy_cut_before_table_four_is_not_assessable_and_says_why():
    text = generate(seed=9, edition="2021").text
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    result = _lint(cut(text, at))
    assert [f.code for f in result.findings if f.severity == "error"] == ["S111"]
    assert result.status == "not-assessable"
    by_table = result.coverage["equations"]["by_table"]
    assert by_table["s3"] == {"name": "表三", "checked": 39, "total": 39}
    assert by_table["s4"] == {"name": "表四", "checked": 0, "total": 3}
    assert {"table": "s4", "name": "表四", "reason": "cut"} in result.coverage["tables"]["unread"]
    assert "表四 3 个未核对：副本在此之前截断" in summary(result.coverage)


def test_a_report_without_tables_is_not_assessable_and_a_file_not_read_has_no_coverage():
    only_the_narrative = generate(seed=10).text.split("二、主动公开政府信息情况")[0]  # a title and section 一
    result = _lint(only_the_narrative)
    assert result.status == "not-assessable" and result.coverage["equations"]["checked"] == 0
    assert {u["reason"] for u in result.coverage["tables"]["unread"]} == {"cut"}
    no_year = _lint("一、总体情况\n本机关认真贯彻落实条例。\n")  # neither tables nor a year: no edition to count by
    assert no_year.status == "not-assessable" and no_year.edition is None
    assert summary(no_year.coverage) == "未能识别统计表格，勾稽关系未核对"
    unreadable = lint_bytes("r.txt", b"\x00\x01\x02binary")
    assert unreadable.status == "unreadable" and unreadable.coverage is None and assessable(None)
    not_one = _lint("今天天气很好。\n")
    assert not_one.status == "not-a-report" and not_one.coverage is None


def test_a_report_without_a_readable_date_did_not_run_the_publication_rule():
    text = generate(seed=11).text
    dated = _lint(text)
    assert "M601" not in {r["code"] for r in dated.coverage["rules"]["not_run"]}
    undated = _lint(re.sub(r"发布时间：\S+", "发布时间：", text))
    assert undated.published is None
    assert {"code": "M601", "reason": "published"} in undated.coverage["rules"]["not_run"]
    assert undated.status == "checked"  # the tables were read


def test_reports_paired_with_last_year_ran_the_pair_rules_and_measure_repetition(tmp_path):
    reports = series(seed=12, years=(2022, 2023))
    for report in reports:
        (tmp_path / f"{report.year}.txt").write_text(report.text, encoding="utf-8")
    results = {r.report_year: r for r in lint([str(tmp_path)], jobs=1).files}
    earlier, later = results[2022].coverage, results[2023].coverage
    assert [r["code"] for r in earlier["rules"]["not_run"]] == PAIR_RULES  # no 2021 report: nothing to compare
    assert not any(r["reason"] == "pair" for r in later["rules"]["not_run"])
    assert later["rules"]["run"] == later["rules"]["total"] - len(later["rules"]["not_run"])
    share = later["measures"]["Y104"]
    assert 0 <= share <= 100 and "Y104" not in earlier["measures"]
    # the same text a year later is all repetition (years and numbers aside)
    (tmp_path / "2023.txt").write_text(reports[0].text.replace("2022", "2023").replace("2023-", "2024-"), encoding="utf-8")
    again = {r.report_year: r for r in lint([str(tmp_path)], jobs=1).files}
    assert again[2023].coverage["measures"]["Y104"] == 100


# outputs ---------------------------------------------------------------------------------------------------------

@pytest.fixture
def batch(tmp_path):
    """A sound report and a copy of another that lost its repeated lines (only warnings: T218)."""
    (tmp_path / "sound.txt").write_text(generate(seed=13, agency="甲县民政局").text, encoding="utf-8")
    (tmp_path / "lost.txt").write_text(drop_repeated(generate(seed=14, agency="乙县民政局").text), encoding="utf-8")
    return tmp_path


def test_json_carries_coverage_status_and_the_count_not_assessable(capsys, batch):
    code, out, _ = run(capsys, "check", batch, "--format", "json")
    document = json.loads(out)
    files = {f["path"].rsplit("/", 1)[-1]: f for f in document["files"]}
    assert files["sound.txt"]["status"] == "checked" and files["lost.txt"]["status"] == "not-assessable"
    assert files["sound.txt"]["coverage"]["equations"] == {
        "checked": 42, "total": 42, "skipped": [],
        "by_table": {"s3": {"name": "表三", "checked": 39, "total": 39}, "s4": {"name": "表四", "checked": 3, "total": 3}}}
    assert document["summary"]["not_assessable"] == 1
    assert code == 0  # warnings only: a report not assessable fails the run as a warning does


def test_a_report_not_assessable_fails_a_strict_run(capsys, tmp_path):
    path = tmp_path / "lost.txt"
    path.write_text(drop_repeated(generate(seed=14).text), encoding="utf-8")
    assert run(capsys, "check", path, "--ignore", "T218")[0] == 0
    assert run(capsys, "check", path, "--ignore", "T218", "--strict")[0] == 1
    sound = tmp_path / "sound.txt"
    sound.write_text(generate(seed=13).text, encoding="utf-8")
    assert run(capsys, "check", sound, "--strict")[0] == 0


def test_human_output_says_what_was_checked_and_lists_the_file_not_assessable(capsys, batch):
    code, out, _ = run(capsys, "check", batch, "--ignore", "T218")
    sound, lost = out.split(str(batch / "sound.txt"))[1], out.split(str(batch / "lost.txt"))[1]
    assert "未发现问题\n  已核对 42/42 个勾稽关系" in sound
    assert "未发现问题" not in lost.split("\n\n")[0]  # no finding left, yet never “clean”
    assert "  不可评估：已核对 0/42 个勾稽关系（表三 39 个、表四 3 个未核对：副本丢失了重复的行" in lost
    assert re.search(r"lost\.txt\s+不可评估\s+0\s+0\s+0/42", out)  # the batch table lists it, with its column
    assert out.rstrip().endswith("1 个文件的表格未能读取，不可评估")
    _, quiet, _ = run(capsys, "check", batch, "--ignore", "T218", "--quiet")
    assert str(batch / "lost.txt") in quiet and str(batch / "sound.txt") not in quiet.split("汇总")[0]


def test_the_review_index_and_the_page_show_coverage(capsys, batch, tmp_path):
    target = tmp_path / "review"
    run(capsys, "check", batch, "--format", "html", "--output-file", f"{target}/")
    index = (target / "index.html").read_text(encoding="utf-8")
    assert "<th>已核对勾稽关系</th>" in index
    assert re.search(r"<td>不可评估</td><td title=\"已核对 0/42 个勾稽关系（[^\"]*\">0/42</td>", index)
    assert "<td>已检查</td><td title=\"已核对 42/42 个勾稽关系\">42/42</td>" in index
    page = next(p for p in target.iterdir() if p.name.endswith("lost.html")).read_text(encoding="utf-8")
    assert "<p class=\"warning\">不可评估：已核对 0/42 个勾稽关系" in page


def test_the_line_for_editors_groups_tables_by_reason_and_names_unread_pages():
    coverage = {"equations": {"checked": 0, "total": 42, "by_table": {
        "s3": {"name": "表三", "checked": 0, "total": 39}, "s4": {"name": "表四", "checked": 0, "total": 3}},
        "skipped": [{"equation": "E1", "key": f"k{k}", "table": t, "reason": "absent"}
                    for k, t in enumerate(["s3"] * 39 + ["s4"] * 3)]},
        "tables": {"read": 4, "total": 6, "unread": [{"table": "s3", "name": "表三", "reason": "absent"},
                                                     {"table": "s4", "name": "表四", "reason": "absent"}]},
        "pages_unread": [3, 4], "rules": {"run": 0, "total": 0, "not_run": []}, "measures": {}}
    assert summary(coverage) == "已核对 0/42 个勾稽关系（表三 39 个、表四 3 个未核对：未找到该表；第 3、4 页未读取）"
    assert not assessable(coverage)
