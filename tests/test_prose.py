"""The prose checks on generated sentences of every shape: a whole and its parts (A403), the parts an
introduction lists (S112), e-mail addresses (W708), brackets (W709); each in every layout a copy takes."""
from __future__ import annotations

import re
import time

import pytest
from conftest import lint_text, only
from documents import as_docx, as_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from disclint.api import lint_bytes
from disclint.editions import load
from disclint.narrative import enumerations
from disclint.numbers import chinese_to_int
from disclint.synth import LAYOUTS, generate

SETTINGS = settings(max_examples=80, deadline=None)
NUMERALS = "一二三四五六七八九十"
#: Where the synthetic reports state a count, replaced by the sentences under test.
OPENING = re.compile(r"全年通过门户网站主动公开政府信息\d+条。")

#: How a report writes a whole and the list of its parts (``{whole}`` the figure, ``{parts}`` the list).
SHAPES = {
    "其中": "全年累计发布政府信息{whole}{unit}，其中{parts}。",
    "包括": "共发布政府信息{whole}{unit}，包括{parts}。",
    "colon": "全年主动公开政府信息{whole}{unit}：{parts}。",
    "brackets": "全年共公布政府信息{whole}{unit}（{parts}），主要通过门户网站公开。",
    "brackets-其中": "全年共公布政府信息{whole}{unit}（其中{parts}），主要通过门户网站公开。",
}
NAMES = ("政策文件", "工作动态", "通知公告", "人事信息", "财政资金", "规划计划", "政策解读")


def _sentence(shape: str, whole: int, values: list[int], unit: str, separator: str, rest: bool) -> str:
    names = [*NAMES[:len(values) - 1], "其他信息" if rest else NAMES[len(values) - 1]]
    parts = separator.join(f"{name}{value}{unit}" for name, value in zip(names, values, strict=True))
    return SHAPES[shape].format(whole=whole, unit=unit, parts=parts)


def _lint(sentence: str, layout: str = "cells", seed: int = 1):
    report = generate(seed, layout=layout, blank_lines=False)
    text, replaced = OPENING.subn(sentence, report.text, count=1)
    assert replaced == 1
    return lint_bytes(f"report.{'html' if layout == 'html' else 'txt'}", text.encode("utf-8"))


lists = st.fixed_dictionaries({
    "shape": st.sampled_from(sorted(SHAPES)),
    "values": st.lists(st.integers(2, 900), min_size=2, max_size=6),
    "unit": st.sampled_from(["条", "篇", "件", "项"]),
    "separator": st.sampled_from(["、", "，", ", "]),
    "rest": st.booleans(),
})


@SETTINGS
@given(lists)
def test_parts_that_add_up_to_the_whole_pass(case):
    result = _lint(_sentence(whole=sum(case["values"]), **case))
    assert only(result, "A403") == []


@SETTINGS
@given(lists)
def test_parts_one_above_the_whole_are_one_finding_naming_the_sum(case):
    total = sum(case["values"])
    [finding] = only(_lint(_sentence(whole=total - 1, **case)), "A403")
    listed = " + ".join(str(v) for v in case["values"])
    assert f"所列分项之和为 {listed} = {total}，与总数 {total - 1} 不符" in finding.message
    assert (finding.expected, finding.actual) == (total - 1, total)


@SETTINGS
@given(lists)
def test_parts_below_the_whole_fail_only_when_the_list_is_complete(case):
    total = sum(case["values"])
    found = only(_lint(_sentence(whole=total + 1, **case)), "A403")
    assert len(found) == (1 if case["rest"] else 0)
    if found:
        assert "所列各项已列全" in found[0].message and found[0].expected == total + 1


@pytest.mark.parametrize("layout", [*LAYOUTS, "crawler"])
def test_a_list_is_read_in_every_layout(layout):
    sentence = "累计发布信息71篇，其中通知公告3篇、人事信息6篇、工作动态58篇、财政资金5篇；微信公众号发布信息90条。"
    [finding] = only(_lint(sentence, layout), "A403")
    assert "3 + 6 + 58 + 5 = 72，与总数 71 不符" in finding.message
    assert only(_lint(sentence.replace("71篇", "72篇"), layout), "A403") == []


@pytest.mark.parametrize("form", [as_docx, as_pdf])
def test_a_list_is_read_in_word_and_pdf(form):
    sentence = "累计发布信息71篇，其中通知公告3篇、人事信息6篇、工作动态58篇、财政资金5篇；微信公众号发布信息90条。"
    text = OPENING.sub(sentence, generate(2, layout="pipes").text, count=1)
    name = "report.docx" if form is as_docx else "report.pdf"
    [finding] = only(lint_bytes(name, form(text)), "A403")
    assert "3 + 6 + 58 + 5 = 72，与总数 71 不符" in finding.message
    assert only(lint_bytes(name, form(text.replace("71篇", "72篇"))), "A403") == []


def test_a_finding_names_the_whole_and_spans_the_list():
    text = "一、总体情况\n共发布政府信息40条，包括政策文件12条、工作动态30条。\n"
    [finding] = only(lint_text(text), "A403")
    assert (finding.line, finding.column) == (2, 1) and finding.anchor == "共发布政府信息40条"
    assert text.splitlines()[1][finding.end_column - 1] == "。"


# -- S112: the parts an introduction lists -------------------------------------------------------------------

SECTIONS = load("2021").sections


def _introduction(names: list[str], count: int, etc: bool) -> str:
    return f"本报告由{'、'.join(names)}{'等' if etc else ''}{NUMERALS[count - 1]}部分组成。"


def _lint_introduction(sentence: str):
    report = generate(1, blank_lines=False)
    return lint_text(report.text.replace("本报告所列数据的统计期限", sentence + "本报告所列数据的统计期限", 1))


@SETTINGS
@given(st.booleans())
def test_the_six_parts_listed_pass(etc):
    assert only(_lint_introduction(_introduction([s.title for s in SECTIONS], 6, etc)), "S112") == []


@SETTINGS
@given(st.integers(0, 4), st.booleans())
def test_a_part_left_out_of_a_list_running_to_the_last_is_named(left_out, etc):
    names = [s.title for i, s in enumerate(SECTIONS) if i != left_out]
    [finding] = only(_lint_introduction(_introduction(names, 6, etc)), "S112")
    missing = SECTIONS[left_out]
    assert f"却只列出五项（缺少“{missing.number}、{missing.title}”）" in finding.message


@SETTINGS
@given(st.integers(0, 5), st.booleans())
def test_a_part_listed_twice_is_named(twice, etc):
    names = [s.title for s in SECTIONS]
    names.insert(twice + 1, names[twice])
    [finding] = only(_lint_introduction(_introduction(names, 6, etc)), "S112")
    assert f"却列出了七项（“{names[twice]}”重复列出" in finding.message


@SETTINGS
@given(st.integers(1, 5))
def test_a_list_cut_short_by_etc_is_an_abbreviation(listed):
    names = [s.title for s in SECTIONS[:listed]]
    assert only(_lint_introduction(_introduction(names, 6, True)), "S112") == []


@pytest.mark.parametrize("count", [5, 7])
def test_a_count_other_than_six_is_one_finding(count):
    [finding] = only(_lint_introduction(f"全文共{NUMERALS[count - 1]}部分。"), "S112")
    assert chinese_to_int(NUMERALS[count - 1]) == finding.actual == count and finding.expected == 6


# -- W708: e-mail addresses ---------------------------------------------------------------------------------

local = st.from_regex(r"[a-z0-9][a-z0-9_.]{2,12}[a-z0-9]", fullmatch=True)
domain = st.sampled_from(["qq.com", "163.com", "example.gov.cn", "mail.example.cn"])
label = st.sampled_from(["邮箱:", "电子邮箱：", "E-mail: ", "电子信箱为", "邮箱 "])


@SETTINGS
@given(label, local, domain)
def test_an_address_with_its_at_passes_and_without_it_is_one_finding(written, name, host):
    line = "一、总体情况\n联系电话：0431-1234567；{label}{address}。\n"
    assert only(lint_text(line.format(label=written, address=f"{name}@{host}")), "W708") == []
    [finding] = only(lint_text(line.format(label=written, address=f"{name}{host}")), "W708")
    assert finding.anchor == f"{name}{host}" and "缺少“@”" in finding.message


# -- W709: brackets -----------------------------------------------------------------------------------------

PAIRS = [("（", "）"), ("(", ")"), ("《", "》"), ("“", "”")]


@SETTINGS
@given(st.lists(st.sampled_from(range(len(PAIRS))), min_size=1, max_size=5), st.data())
def test_one_closer_dropped_is_one_finding(kinds, data):
    pieces = [f"第{i}项{PAIRS[k][0]}说明{i}{PAIRS[k][1]}" for i, k in enumerate(kinds)]
    text = "一、总体情况\n{}，已办理完毕。\n二、主动公开政府信息情况\n无。\n"
    assert only(lint_text(text.format("，".join(pieces))), "W709") == []
    dropped = data.draw(st.integers(0, len(kinds) - 1))
    pieces[dropped] = pieces[dropped][:-1]
    [finding] = only(lint_text(text.format("，".join(pieces))), "W709")
    assert f"“{PAIRS[kinds[dropped]][0]}”没有对应的“{PAIRS[kinds[dropped]][1]}”" in finding.message


def test_quotes_and_brackets_of_a_sentence_broken_over_two_paragraphs_are_closed():
    text = "一、总体情况\n本年度收到申请3件（均为自然人申请；\n（一）全部按期办结）。\n"
    assert only(lint_text(text), "W709") == []


@SETTINGS
@given(st.lists(st.integers(1, 300), min_size=2, max_size=4), st.data())
def test_two_breakdowns_of_one_whole_pass(first, data):
    """“其中自然人110件、法人10件，网上80件、信函40件”: each breakdown adds up to the whole."""
    total = sum(first)
    cut = sorted(data.draw(st.lists(st.integers(1, total - 1), min_size=0, max_size=3, unique=True))) if total > 1 else []
    second = [b - a for a, b in zip([0, *cut], [*cut, total], strict=True)]
    names = iter(NAMES * 2)
    parts = "、".join(f"{next(names)}{v}件" for v in first) + "，" + "、".join(f"{next(names)}{v}件" for v in second)
    assert only(_lint(f"共收到申请{total}件，其中{parts}。"), "A403") == []


@pytest.mark.parametrize("text", ["（" * 100_000, "合计3条、" * 40_000, "共发布信息10条（政策" * 20_000])
def test_a_page_run_together_costs_linear_time(text):
    """Each bracket's close is found once and every scan is bounded: quadratic scans took minutes here."""
    started = time.perf_counter()
    enumerations(text)
    assert time.perf_counter() - started < 5
