"""The report's title and agency, read from the report and never from the site around it (issue 19, item 4).

Whatever a copy carries before the title (a breadcrumb, a crawler's keys, a page's metadata table, the
site's banner), the title is the report's own title line and the agency is the title's: the batch index,
the CSV/xlsx and ``extract`` show it. M603 checks the title's wording.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclint.api import lint_bytes
from disclint.cli import main
from disclint.synth import generate

AGENCIES = ("某某县人民政府", "某某市数据资源局", "某某区某某街道办事处", "某某县某某镇人民政府", "某某乡",
            "某某经济开发区管委会", "某某省人民政府办公厅")
YEARS = ((2019, "2019"), (2020, "2019"), (2021, "2021"), (2022, "2021"), (2023, "2021"), (2024, "2021"),
         (2025, "2021"), (2026, "2021"))


def lint(text: str, path: str = "r.txt"):
    return lint_bytes(path, text.encode("utf-8"))


def titles(result) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in result.findings if f.code == "M603"]


def report(year: int = 2023, edition: str = "2021", agency: str = "某某县数据资源局", layout: str = "cells") -> str:
    return generate(seed=1, edition=edition, year=year, layout=layout, agency=agency, blank_lines=False).text


@pytest.mark.parametrize("agency", AGENCIES)
@pytest.mark.parametrize("year, edition", YEARS)
def test_a_right_title_of_any_year_and_agency_is_read_and_passes(year, edition, agency):
    result = lint(report(year, edition, agency))
    assert titles(result) == []
    assert (result.title, result.agency, result.report_year) == (f"{agency}{year}年政府信息公开工作年度报告", agency, year)


TITLE = "某某县数据资源局2023年政府信息公开工作年度报告"
SHOULD = "应为“某某县数据资源局2023年政府信息公开工作年度报告”"


@pytest.mark.parametrize("written, problem", [
    ("某某县数据资源局2023年政府信息公开工作报告", "缺“年度”"),
    ("某某县数据资源局2023年政府信息公开年度报告", "缺“工作”"),
    ("某某县数据资源局2023年度政府信息公开工作报告", "“年度”应在“工作”之后"),
    ("某某县数据资源局2023年度政府信息公开工作年度报告", "“年度”重复"),
    ("某某县数据资源局2023年度 政府信息公开工作年度报告", "“年度”重复、中间有空格"),
    ("某某县数据资源局2023年政府信息公开 工作年度报告", "中间有空格"),
    ("某某县数据资源局2023年政府信息公开 工作告年度报", "“政府信息公开工作告年度报”字序颠倒、中间有空格"),
    ("某某县数据资源局政府信息公开工作年度报告", "未写明报告年度"),
    ("某某县数据资源局2023年政府信息公开年报", "不是规定的名称"),
])
def test_each_wording_defect_of_a_title_is_one_warning_naming_the_title_it_should_be(written, problem):
    result = lint(report().replace(TITLE, written, 1))
    assert titles(result) == [(1, f"标题“{written}”：{problem}，{SHOULD}")]
    assert [f.severity for f in result.findings if f.code == "M603"] == ["warning"]


def test_a_title_spaced_out_letter_by_letter_is_a_style_not_a_stray_space():
    spaced = " ".join("某某县数据资源局") + " 2023年 " + " ".join("政府信息公开工作年度报告")
    assert titles(lint(report().replace(TITLE, spaced, 1))) == []


def test_title_wording_in_word_and_pdf_and_spaces_only_where_the_copy_keeps_them():
    from documents import as_docx, as_pdf

    wrong = "某某县数据资源局2023年度 政府信息公开工作年度报告"
    pipes = report(layout="pipes").replace(TITLE, wrong, 1)
    [word] = [f for f in lint_bytes("r.docx", as_docx(pipes)).findings if f.code == "M603"]
    assert (word.place, word.message) == ("第1段", f"标题“{wrong}”：“年度”重复、中间有空格，{SHOULD}")
    [pdf] = [f for f in lint_bytes("r.pdf", as_pdf(pipes)).findings if f.code == "M603"]
    assert (pdf.place, pdf.message) == ("第1页", f"标题“{wrong}”：“年度”重复，{SHOULD}")  # PDF text spacing is not the author's


def test_a_title_without_an_agency_says_so_and_cannot_name_one():
    result = lint(report().replace(TITLE, "2023年政府信息公开工作年度报告", 1))
    assert titles(result) == [(1, "标题“2023年政府信息公开工作年度报告”：未写明单位名称，应为“单位名称2023年政府信息公开工作年度报告”")]
    assert result.agency is None


@pytest.mark.parametrize("written", [
    "2023 年某某县数据资源局政府信息公开工作年度报告",     # a space beside the year's digits: a converter's spacing
    "某某县数据资源局 2023 年政府信息公开工作年度报告",
    "某某县数据资源局二〇二三年政府信息公开工作年度报告",   # the year in Chinese digits
    "二〇二三年某某县数据资源局政府信息公开工作年度报告",
    "某某县数据资源局２０２３年政府信息公开工作年度报告",   # full-width digits
    "某某县数据资源局2023年政府信息公开工作年度报告（全文）",
])
def test_other_right_ways_of_writing_the_title(written):
    result = lint(report().replace(TITLE, written, 1))
    assert (titles(result), result.agency, result.report_year) == ([], "某某县数据资源局", 2023)


def test_a_copy_without_a_title_is_one_warning_at_its_start():
    result = lint(report().replace(TITLE + "\n", "", 1))
    [(line, message)] = titles(result)
    assert line == 1 and message.startswith("未找到报告标题") and "摘录" in message
    assert [f.severity for f in result.findings if f.code == "M603"] == ["warning"]


@pytest.mark.parametrize("split", [
    "某某县数据资源局\n2023年政府信息公开工作年度报告",          # the agency on its own line above
    "某某县数据资源局2023年政府信息公开\n工作年度报告",          # a line broken inside the official words
    "某某县数据资源局2023年政府信息公开 |\n工作年度报告 |",      # a title cell split over two rows
])
def test_a_title_split_over_two_lines_is_one_title(split):
    result = lint(report().replace(TITLE, split, 1))
    assert (titles(result), result.title, result.agency) == ([], TITLE, "某某县数据资源局")


def test_a_title_cell_split_over_two_rows_of_a_web_table_is_one_title():
    split = "<table><tr><td>某某县数据资源局2023年政府信息公开</td></tr><tr><td>工作年度报告</td></tr></table>"
    result = lint(report(layout="html").replace(f"<p>{TITLE}</p>", split, 1), "r.html")
    assert (titles(result), result.title, result.agency) == ([], TITLE, "某某县数据资源局")


def test_a_split_title_without_a_year_is_reported_at_its_own_line_as_one_title():
    result = lint(report().replace(TITLE, "某某县数据资源局\n政府信息公开工作年度报告", 1))
    assert titles(result) == [(2, f"标题“某某县数据资源局政府信息公开工作年度报告”：未写明报告年度，{SHOULD}")]
    assert result.agency == "某某县数据资源局"


def test_a_line_above_the_title_that_names_no_agency_is_not_joined():
    result = lint(report().replace(TITLE, "欢迎访问某某县门户网站\n2023年政府信息公开工作年度报告", 1))
    assert result.title == "2023年政府信息公开工作年度报告" and result.agency is None


FURNITURE = "\n".join([
    "- 设为首页", "- 加入收藏", "当前位置：首页 > 政务公开 > 政府信息公开年报", "栏目：政府信息公开年报",
    "名 称： 某某县数据资源局2023年度政府信息公开工作报告", "索 引 号：000014349/2024-05239 发布机构：某某县数据资源局",
    "主题分类：其他", "来源：某某县人民政府办公室",
])


def test_site_furniture_before_the_title_in_text_leaves_the_title_its_own():
    result = lint(report().replace(TITLE, FURNITURE + "\n" + TITLE, 1))
    assert (titles(result), result.title, result.agency) == ([], TITLE, "某某县数据资源局")


def test_site_furniture_before_the_title_in_html_leaves_the_title_its_own():
    page = report(layout="html")
    furniture = "".join(f"<p>{line}</p>" for line in FURNITURE.split("\n"))
    result = lint(page.replace(f"<p>{TITLE}</p>", f"{furniture}<h1>{TITLE}</h1>", 1), "r.html")
    assert (titles(result), result.title, result.agency) == ([], TITLE, "某某县数据资源局")


def test_a_wrong_title_repeated_by_the_pages_key_is_reported_once_at_the_titles_own_line():
    wrong = "某某县数据资源局2023年度 政府信息公开工作年度报告"
    result = lint(report().replace(TITLE, f"名 称： {wrong}\n{wrong}", 1))
    assert titles(result) == [(2, f"标题“{wrong}”：“年度”重复、中间有空格，{SHOULD}")]
    assert result.agency == "某某县数据资源局"


def _crawl_without_title(publisher: str = "") -> str:
    """A crawler's copy (its keys as a header, the page run together) that lost the title line and key."""
    text = report(layout="crawler")
    return text.replace(f"标题: {TITLE}\n", "").replace(TITLE + " ", "", 1).replace("发布机构: \n", f"发布机构: {publisher}\n")


def test_a_column_key_is_never_a_title_nor_an_agency():
    crawl = _crawl_without_title()
    assert "栏目: 政府信息公开年报" in crawl
    result = lint(crawl)
    assert (result.title, result.agency) == (None, None)
    [(_, message)] = titles(result)
    assert message.startswith("未找到报告标题")


def test_a_menu_entry_is_no_title_when_the_pages_title_key_names_the_report():
    crawl = report(layout="crawler").replace(TITLE + " ", "", 1).replace("栏目: 政府信息公开年报\n", "栏目: 政府信息公开年报\n政府信息公开年报\n")
    result = lint(crawl)
    assert (titles(result), result.title, result.agency) == ([], TITLE, "某某县数据资源局")


def test_a_publishing_agency_key_gives_the_agency_when_the_title_names_none():
    assert lint(_crawl_without_title("某某县数据资源局")).agency == "某某县数据资源局"
    row = report().replace(TITLE, "发布机构 | 某某县数据资源局 | 发文日期 | 2024-01-09 |\n2023年政府信息公开工作年度报告", 1)
    assert lint(row).agency == "某某县数据资源局"
    source_only = report().replace(TITLE, "来源：某某县人民政府办公室\n2023年政府信息公开工作年度报告", 1)
    assert lint(source_only).agency is None  # a county's office posts its townships' reports


def test_a_copy_with_the_title_and_no_part_read_has_its_title_checked():
    text = "连岛街道2019年度政府信息公开工作报告\n为了总结推动政府信息公开工作的开展，特向社会公布本报告。\n"
    assert titles(lint(text)) == [(1, "标题“连岛街道2019年度政府信息公开工作报告”：“年度”应在“工作”之后，"
                                      "应为“连岛街道2019年政府信息公开工作年度报告”")]
    listing = "某某镇2019年政府信息公开工作报告\n某某镇2020年政府信息公开工作报告\n"
    assert titles(lint(listing)) == []  # a page listing reports is none of them


def test_extract_and_json_show_the_reports_agency_not_the_sites(capsys, tmp_path):
    (tmp_path / "page.txt").write_text(report().replace(TITLE, FURNITURE + "\n" + TITLE, 1), encoding="utf-8")
    page = report(layout="html")
    furniture = "".join(f"<p>{line}</p>" for line in FURNITURE.split("\n"))
    (tmp_path / "page.html").write_text(page.replace(f"<p>{TITLE}</p>", furniture + f"<p>{TITLE}</p>", 1), encoding="utf-8")
    main(["check", str(tmp_path), "--format", "json", "--exit-zero"])
    checked = json.loads(capsys.readouterr()[0])["files"]
    main(["extract", str(tmp_path)])
    extracted = json.loads(capsys.readouterr()[0])["files"]
    main(["extract", str(tmp_path), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr()[0].lstrip("\ufeff"))))
    for records in (checked, extracted, rows):
        assert len(records) == 2
        assert {(r["agency"], r["title"]) for r in records} == {("某某县数据资源局", TITLE)}


PIECES = st.sampled_from(FURNITURE.split("\n") + [
    "【字体：大 中 小】 打印", "首页 > 信息公开 > 年度报告", "栏目: 政府信息公开工作年度报告", "分 类： 报告",
    "发文日期：2024-01-17", "文 号：无", "某某县人民政府门户网站", "浏览次数：123",
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**6), st.sampled_from(YEARS), st.sampled_from(AGENCIES), st.sampled_from(["cells", "pipes", "html", "crawler"]),
       st.lists(PIECES, min_size=1, max_size=8))
def test_site_furniture_prepended_keeps_the_title_and_agency(seed, year_edition, agency, layout, furniture):
    year, edition = year_edition
    title = f"{agency}{year}年政府信息公开工作年度报告"
    text = generate(seed=seed, edition=edition, year=year, layout=layout, agency=agency).text
    if layout == "html":
        text = text.replace(f"<p>{title}</p>", "".join(f"<p>{line}</p>" for line in furniture) + f"<p>{title}</p>", 1)
    else:
        text = "\n".join(furniture) + "\n" + text
    result = lint(text, "r.html" if layout == "html" else "r.txt")
    assert (result.title, result.agency, result.report_year) == (title, agency, year)
    assert titles(result) == []

