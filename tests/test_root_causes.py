"""One defect, one finding: a root cause is reported once and its consequences are not."""
from __future__ import annotations

from disclint.api import lint_bytes
from disclint.synth import generate


def lint(text: str):
    return lint_bytes("r.txt", text.encode("utf-8"))


def test_a_text_that_is_no_report_gets_not_a_report_alone():
    text = "会议通知\n2023年12月5日，某某局召开会议，预算金额120.9万元，节约资金4.4199万元，节约率3.56%（某府发〔202012号）。\n"
    assert [f.code for f in lint(text).findings] == ["P002"]


def test_a_copy_cut_off_inside_table_three_is_one_finding():
    text = generate(seed=2, busy=True, edition="2019").text
    text = text[:text.index("5.属于三类内部事务信息")] + "5.属于三类内部事务信息\n\n1\n"
    [finding] = [f for f in lint(text).findings if f.severity == "error"]
    assert finding.code == "S111" and finding.message.startswith("报告在表三“（三）不予公开·5.属于三类内部事务信息”行之后中断")
    assert "及第四部分“政府信息公开行政复议、行政诉讼情况”至第六部分“其他需要报告的事项”" in finding.message and "最后一行有 1 个数值（应有 7 个）" in finding.message
