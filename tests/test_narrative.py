"""Reading figures in the narrative: paragraphs across lines, statements, numerals."""
from __future__ import annotations

import pytest
from conftest import lint_text, only

from disclint.narrative import Keyword, statements
from disclint.numbers import chinese_to_int, parse_cell

PDF_LIKE = """某某市人民政府办公厅2023年政府信息公开工作年度报告
一、总体情况
市政府共受理政府信息公开申请 12 件，办结 10 件，其中，予以公开及部
— 1 —
分公开 4 件（40.00%），其他处理 6 件（60%）。
"""


def test_a_sentence_broken_by_a_page_footer_is_one_paragraph_with_mapped_positions():
    report = lint_text(PDF_LIKE).report
    [paragraph] = report.paragraphs("s1")
    assert paragraph.text.endswith("其他处理 6 件（60%）。")
    start = paragraph.text.index("予以公开及部")
    assert paragraph.span(start, paragraph.text.index("4 件") + 3) == (3, start + 1, 5, 8)


def test_percentages_across_lines_are_checked():
    result = lint_text(PDF_LIKE.replace("（60%）", "（55%）"))
    finding = only(result, "A404")[0]
    assert (finding.line, finding.end_line) == (5, 5) and "6 ÷ 10 = 60.00%" in finding.message


@pytest.mark.parametrize("text, value", [("两", 2), ("十二", 12), ("一百二十", 120), ("三万五千", 35000),
                                         ("二十", 20), ("一千零五", 1005), ("十", 10)])
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text, value, unit", [("120.9万元", 120.9, "万元"), ("+8", 8, None), ("-8", -8, None),
                                               ("1,024", 1024, None), ("０", 0, None)])
def test_cells(text, value, unit):
    number = parse_cell(text)
    assert (number.value, number.unit) == (value, unit)


def test_nearest_keyword_wins():
    found = statements("因本机关不掌握等原因无法提供 564 件，予以公开及部分公开 208 件",
                       {"r4-1": "不掌握", "r4": "无法提供", "r1+r2": "予以公开及部分公开", "r2": "部分公开"})
    assert [(s.fact, int(s.figure.value)) for s in found] == [("r4", 564), ("r1+r2", 208)]


def test_a_figure_about_something_else_is_not_a_statement():
    found = statements("行政复议纠错0件，行政复议3件", {"review": Keyword("行政复议", barrier="纠")})
    assert [(s.fact, int(s.figure.value)) for s in found] == [("review", 3)]


def test_a_figure_belongs_to_the_subject_of_its_own_clause():
    keywords = {"processed": Keyword("办结|答复", weak=True), "r1": "予以公开|同意公开", "r2": "部分公开",
                "r3": "不予公开", "forward": "转下一年度办理"}
    found = statements("所有办结的信息公开申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2件，"
                       "转下一年度办理答复的有 1 件；共办结 11 件", keywords)
    assert [(s.fact, int(s.figure.value)) for s in found] == [("r1", 9), ("r2", 0), ("r3", 2), ("forward", 1),
                                                             ("processed", 11)]


def test_each_figure_of_a_list_has_its_own_subject():
    found = statements("予以公开2件、部分公开3件", {"r1": "予以公开", "r2": "部分公开"})
    assert [(s.fact, int(s.figure.value)) for s in found] == [("r1", 2), ("r2", 3)]
