"""What the parse of a report says about its structure as a whole (no section heading of the format found).

The pipeline's own findings (a file that cannot be read, is no report, has unread pages, or on which disclint
failed) are in the core, linter/rule.py: the engine makes them itself."""
from __future__ import annotations

import re

from disclint.findings import WARNING
from disclint.lexer import TEXT, Piece
from disclint.rule import Rule

#: A line that heads a part in a numbering of the report's own (``一、政务信息公开情况概述``): a numeral, a
#: separator and a short title with no sentence in it.
_OWN_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]\s*[^。；;，,:：]{2,30}$")


class NoSections(Rule):
    """报告中没有格式规定的任何章节标题。

    **检查内容。** 有报告标题或统计表格的文件中，至少有一个格式规定的章节标题（``一、总体情况`` …… ``六、其他需要报告的
    事项``，按规范措辞、已知变体和关键词识别，也在连成一行的正文中识别）。一个也没有时给出这一条警告：在报告自编的第一个
    章节标题处（没有则在报告标题处），不再逐个报告缺少的六个章节。

    **原因。** 一个章节也识别不出，或是整份报告没有按格式（国办公开办函〔2019〕60号、〔2021〕30号）编排（沿用旧结构、
    自拟章节），或是复制时章节标题丢失、与正文连写得无法辨认：这是一个问题，不是六个；无法分辨是哪一种，所以是警告。

    **错误示例。** 标题之后是 ``一、政务信息公开情况概述``、``二、主动公开政府信息情况`` 之外的自拟章节。

    **正确示例。** 按格式的六个章节编排的报告。

    **选项。** 无。
    """

    code, name, severity = "P005", "parse.no-sections", WARNING
    summary = "未识别出格式规定的任何章节标题"

    def check(self, report):
        if report.document.sections or report.source.gaps:
            return  # (pages unread: parse.unread-pages says the headings may stand there)
        own = next((b for _, b in report.document.blocks()
                    if isinstance(b, Piece) and b.type == TEXT and _OWN_HEADING.match(b.text)), None)
        where = f"，报告的第一个章节标题是“{own.text.strip()}”" if own else ""
        yield self.at(own or report.title, f"未识别出格式规定的任何章节标题（一、总体情况……六、其他需要报告的事项）{where}；"
                                           "请按格式的六个部分编排，或核对复制时章节标题是否丢失")


