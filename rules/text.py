"""Wording: slips an editor wants to catch before publication. Warnings by default."""
from __future__ import annotations

import re
from functools import cache

from disclint.findings import WARNING
from disclint.labels import HAN, fold
from disclint.metadata import agency_kind

from .base import Rule, phrases

_REPEAT = re.compile(rf"({HAN}{{2,4}})\1")
_PROSE = re.compile(r"[，。；、,;]")


class DuplicatedWord(Rule):
    """同一个词连写两次。

    **检查内容。** 两到四个汉字紧接着重复一遍（``资金资金``）。

    **原因。** 复制粘贴的疏漏，读者一眼就能发现。

    **错误示例。** “节约资金资金4.4万元”。

    **正确示例。** “节约资金4.4万元”。

    **选项。** 无。
    """

    code, name, severity = "W701", "text.duplicated-word", WARNING
    summary = "词语重复"

    def check(self, report):
        for para in report.paragraphs():
            for match in _REPEAT.finditer(para.text):
                if len(set(match.group(1))) == 1:
                    continue  # 常常常常 and the like are reduplication, not a slip
                if not _PROSE.search(para.piece_at(match.start()).text):
                    continue  # header cells run together by a conversion (结果结果…) are not sentences
                yield self.at(para.span(match.start(), match.end()), f"“{match.group(1)}”重复：“{match.group()}”",
                              anchor=match.group())


#: Characters that do not double in this prose (particles, suffixes, prepositions): ``的的``, ``性性``, ``外外``.
#: Not 以, 与, 为, 向: ``可以以书面形式``, ``参与与支持``, ``行为为``, ``方向向好`` are words meeting.
_NEVER_DOUBLED = "的性外了和及对在于将把被并或按由其之该各已"
_DOUBLED = re.compile(f"([{_NEVER_DOUBLED}])\\1")
#: Words in which such a doubling is right.
_DOUBLED_WORDS = ("目的的", "的的确确", "不了了之")


class DoubledCharacter(Rule):
    """不会叠用的字打了两遍。

    **检查内容。** 助词、后缀和介词连写两遍（``过程性性信息``、``公开的的信息``、``对外外公开``）。汉语中确会叠用的字（常常、人人、层层……）
    不在其列；``目的的``、``的的确确`` 是词。

    **原因。** 打字或复制粘贴的疏漏，读者一眼就能发现。

    **错误示例。** “属于四类过程性性信息1件”。

    **正确示例。** “属于四类过程性信息1件”。

    **选项。** 无。
    """

    code, name, severity = "W705", "text.doubled-character", WARNING
    summary = "单字重复"

    def check(self, report):
        for para in report.paragraphs():
            for match in _DOUBLED.finditer(para.text):
                around = para.text[max(0, match.start() - 2):match.end() + 2]
                if any(word in around for word in _DOUBLED_WORDS):
                    continue
                context = para.text[max(0, match.start() - 4):match.end() + 2]
                yield self.at(para.span(match.start(), match.end()), f"“{match.group(1)}”字重复：“{context}”",
                              anchor=context)


_BLANK_FIGURE = re.compile(r"(?:共|计|发布|公开|收到|受理|办结|答复|达|为|累计|处理|制发|作出)"
                           r"(\s{2,}|[_＿]{2,}|[（(]\s*[)）]|[×Ｘ*＊]{1,3})(条|件|个|项|次|宗|篇|期|万元|元|%)")


class BlankFigure(Rule):
    """正文中的数字空着没填。

    **检查内容。** 该写数字的地方是空格、下划线、空括号或 ``×××``（``累计发布   条``、``共收到（）件``）。

    **原因。** 套用模板时漏填了数字，这句话等于什么也没说。

    **错误示例。** “全年累计发布   条信息”。

    **正确示例。** “全年累计发布 128 条信息”。

    **选项。** 无。
    """

    code, name, severity = "W706", "text.blank-figure", WARNING
    summary = "正文数字空缺"

    def check(self, report):
        for para, match, _ in phrases(report, _BLANK_FIGURE):
            shown = para.text[match.start():match.end()]
            yield self.at(para.span(match.start(), match.end()), f"“{shown}”缺少数字，应填写具体数值", anchor=shown)


#: what ``disclint template`` writes where the editor's own words and figures go
PLACEHOLDER = "【请填写】"
_PLACEHOLDER = re.compile(r"【请填写[^】]{0,60}】")


class Unfilled(Rule):
    """报告中仍留有模板的占位符。

    **检查内容。** ``disclint template`` 在需要本单位数字和文字的地方写下的 ``【请填写】``（或 ``【请填写：……】``），仍留在正文中。

    **原因。** 带着占位符发布的报告，在占位之处什么也没说；模板从不编造数字，所以每一处都必须填写。

    **错误示例。** “全年通过门户网站主动公开政府信息【请填写】条”。

    **正确示例。** “全年通过门户网站主动公开政府信息128条”。

    **选项。** 无。
    """

    code, name, severity = "W707", "text.unfilled-placeholder", WARNING
    summary = "模板占位符“【请填写】”尚未填写"

    def check(self, report):
        for para, match, _ in phrases(report, _PLACEHOLDER, folded=False):
            yield self.at(para.span(match.start(), match.end()), f"“{match.group()}”尚未填写：请写入本单位的实际情况或数字",
                          anchor=match.group())


_PROVINCE_SCOPE = re.compile(r"全省|我省|本省")


class ScopeWord(Rule):
    """乡镇的报告把全省的工作当作自己的工作来写。

    **检查内容。** 乡镇或街道（由标题判断）的报告中出现“全省”“我省”“本省”。

    **原因。** 照抄省级模板的句子：乡镇不报告全省的工作。

    **错误示例。** 镇人民政府报告中的“我镇……推动全省政务公开工作”。

    **正确示例。** “推动全镇政务公开工作”。

    **选项。** 无。
    """

    code, name, severity = "W702", "text.scope-word", WARNING
    summary = "范围用语与报告主体层级不符"

    def check(self, report):
        if agency_kind(report.agency) != "township":
            return
        for para, match, _ in phrases(report, _PROVINCE_SCOPE):
            yield self.at(para.span(match.start(), match.end()),
                          f"乡镇、街道的报告中出现“{match.group()}”，疑为照搬上级模板的文字", anchor=para.text[:20])


_LETTER = re.compile(r"贵(?:办|单位|局|委|院|厅|部|处|室|中心)|请审阅|请审示|妥否|请批示|特此报告")


class LetterPhrase(Rule):
    """公开的报告中留有向上级报送时的公文用语。

    **检查内容。** 写给最初报送对象的用语：“根据贵办……”“贵单位”“妥否，请批示”“特此报告”。

    **原因。** 公开的报告面向公众，而不是主管部门；这类用语说明把报送函原样公开了。

    **错误示例。** “根据贵办《关于做好2024年度政府信息公开工作年度报告编制公布工作的通知》要求”。

    **正确示例。** “根据《关于做好2024年度……通知》要求”。

    **选项。** 无。
    """

    code, name, severity = "W703", "text.letter-phrase", WARNING
    summary = "正文残留呈报公文用语"

    def check(self, report):
        for para, match, _ in phrases(report, _LETTER):
            yield self.at(para.span(match.start(), match.end()),
                          f"“{match.group()}”是呈报上级的公文用语，面向公众发布的报告中应删改", anchor=match.group())


@cache
def _half_width() -> re.Pattern:
    """Compiled when the rule runs: it is off by default, and CJK ranges are slow to compile."""
    return re.compile(rf"(?<={HAN})[,;:?!](?={HAN})")


class HalfWidthPunctuation(Rule):
    """汉字之间用了半角标点（默认关闭）。

    **检查内容。** 两个汉字之间的“,”“;”“:”“?”“!”，此处应为全角标点。

    **原因。** GB/T 15834 要求中文使用全角标点。网页复制会改变标点，对复制的文本本规则多半报出的是复制造成的问题，因此除非选用
    （``--select W704``），默认不运行。

    **错误示例。** “主动公开方面,全年…”。

    **正确示例。** “主动公开方面，全年…”。

    **选项。** 无。
    """

    code, name, severity = "W704", "text.half-width-punctuation", WARNING
    summary = "中文语句中使用半角标点"
    enabled_by_default = False

    def check(self, report):
        for para, match, _ in phrases(report, _half_width(), folded=False):
            yield self.at(para.span(match.start(), match.end()),
                          f"中文语句中应使用全角“{fold(match.group()).translate(_FULL)}”，实为半角“{match.group()}”",
                          anchor=para.text[max(0, match.start() - 4):match.end() + 4])


_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
