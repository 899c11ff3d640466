"""The reference report (../shared/seeds) and copies of it with one defect each (issue 2, 'Done when')."""
from __future__ import annotations

import pytest
from conftest import codes, lint_text, only

FIXED_NUMBER = ("米府办发〔202049号", "米府办发〔2020〕49号")


def errors(result):
    return [(f.code, f.line) for f in result.findings if f.severity == "error"]


def test_seed_has_one_error_the_document_number(seed_text):
    result = lint_text(seed_text)
    assert result.edition == "2019" and result.report_year == 2020
    assert errors(result) == [("M602", 13)]
    finding = only(result, "M602")[0]
    assert "米府办发〔202049号" in finding.message and "米府办发〔2020〕49号" in finding.message
    assert finding.column == seed_text.split("\n")[12].index("米府办发") + 1


@pytest.fixture
def fixed(seed_text) -> str:
    return seed_text.replace(*FIXED_NUMBER)


def test_fixed_seed_has_no_error(fixed):
    assert errors(lint_text(fixed)) == []


def replace_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def test_changed_table_three_number_is_a_balance_error_citing_its_line(fixed):
    result = lint_text(replace_line(fixed, 155, "1"))  # 本年新收 自然人
    [balance] = [f for f in result.findings if f.family == "balance"]  # one wrong cell: one finding
    assert balance.code == "B301" and balance.line == 155 and (balance.expected, balance.actual) == (0, 1)
    assert balance.cells[0][:2] == ("s3.new.natural", 155) and balance.cells[0].label.endswith("行“自然人”列")
    assert balance.message.startswith("表三“一、本年新收政府信息公开申请数量”行“自然人”列为 1，按勾稽关系应为 0")


def test_changed_table_four_number_is_a_balance_error(fixed):
    result = lint_text(replace_line(fixed, 579, "2"))  # 行政复议 结果维持
    [finding] = only(result, "B304")
    # any cell of the block explains it: the block is named, no value is guessed
    assert finding.line == 587 and finding.expected is None and "“行政复议”" in finding.message
    assert "无法判断是哪一格" in finding.message
    assert ("s4.review.upheld", 579) in [(c.id, c.line) for c in finding.cells]


def test_deleted_cell_is_a_blank_cells_finding(fixed):
    lines = fixed.split("\n")
    del lines[34]  # the second 0 of 规章 (line 35)
    result = lint_text("\n".join(lines))
    finding = only(result, "T202")[0]
    assert finding.line == 31 and finding.expected == 3 and finding.actual == 2
    assert errors(result) == []


def test_slash_in_a_cell_is_a_placeholder_on_that_line(fixed):
    result = lint_text(replace_line(fixed, 59, "/"))
    assert [(f.code, f.line) for f in result.findings] == [("T204", 59)]
    assert only(result, "T204")[0].cells[0].id == "s2.20-5.licensing.previous"


def test_negative_count_is_an_error(fixed):
    result = lint_text(replace_line(fixed, 33, "-1"))
    assert ("T206", 33) in errors(result)


def test_negative_change_is_allowed(fixed):
    result = lint_text(replace_line(fixed, 61, "-3"))  # 行政许可 本年增/减
    assert codes(result) == []


@pytest.mark.parametrize("old, new, code", [
    ("3.65%", "3.56%", "A402"),
    ("节约资金4.4099万元", "节约资金4.4199万元", "A401"),
])
def test_savings_arithmetic(fixed, old, new, code):
    result = lint_text(fixed.replace(old, new))
    finding = only(result, code)[0]
    assert finding.line == 9 and finding.severity == "error"


def test_savings_rate_message_gives_the_right_rate(fixed):
    finding = only(lint_text(fixed.replace("3.65%", "3.56%")), "A402")[0]
    assert "3.65%" in finding.message and finding.expected == 3.65 and finding.actual == 3.56


def test_procurement_count_against_table(fixed):
    result = lint_text(fixed.replace("集中采购2宗", "集中采购3宗"))
    finding = only(result, "C501")[0]
    assert finding.line == 9 and finding.cells[0].id == "s2.20-9.procurement.projects"
    assert finding.cells[0].line == 123


def test_procurement_amount_against_table(fixed):
    result = lint_text(replace_line(fixed, 125, "130.9万元"))
    finding = only(result, "C502")[0]
    assert finding.line == 9 and finding.cells[0].line == 125 and finding.expected == 130.9


def test_application_received_while_text_says_none(fixed):
    text = fixed
    for line in (155, 167, 189, 201, 509, 521):  # 新收 自然人/总计, 予以公开 自然人/总计, 总计 自然人/总计
        text = replace_line(text, line, "1")
    result = lint_text(text)
    assert errors(result) == [("C503", 11)]
    assert only(result, "C503")[0].cells[0].id == "s3.new.total"


def test_heading_five_removed(fixed):
    result = lint_text(replace_line(fixed, 609, ""))
    assert errors(result) == [("S101", 1)]
    assert "五、存在的主要问题及改进情况" in only(result, "S101")[0].message


def test_late_publication_of_a_department(fixed):
    result = lint_text(fixed.replace("发布时间:2021-01-12", "发布时间:2021-02-12"))
    finding = only(result, "M601")[0]
    assert finding.line == 3 and finding.severity == "error" and "2021年1月31日" in finding.message


def test_title_and_date_moved_on_the_old_template(fixed):
    text = fixed.replace("交易中心2020年政府", "交易中心2021年政府").replace("发布时间:2021-01-12", "发布时间:2022-01-12")
    result = lint_text(text)
    assert errors(result) == [("S105", 1)]
    assert result.report_year == 2021 and result.edition == "2019"


def test_a_heading_in_other_words_expects_the_whole_official_heading(fixed):
    """expected and actual of S104 are the same kind of thing (the heading as written, its number included),
    so that a page showing 应为/实为 compares like with like; the fix writes expected."""
    result = lint_text(replace_line(fixed, 609, "五、存在的主要问题及整改措施"))
    [finding] = only(result, "S104")
    assert (finding.expected, finding.actual) == ("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    assert finding.fix == finding.expected
