"""Wording: slips an editor wants to catch before publication. Warnings by default."""
from __future__ import annotations

import re
from collections import deque
from functools import cache

from disclint.findings import WARNING
from disclint.labels import HAN, fold
from disclint.metadata import agency_kind
from disclint.rule import Rule, phrases

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


_COUNTING_VERB = r"(?:发布|公开|收到|受理|办结|制发|印发|作出|处理|更新|转发|报送|上传|推送|累计|共计|合计|共|计|达|为)"
#: A figure written as a gap: spaces, underscores, empty brackets or ×× between a verb and the unit.
_GAP = re.compile(rf"{_COUNTING_VERB}(\s{{2,}}|[_＿]{{2,}}|[（(]\s*[)）]|[×Ｘ*＊]{{1,3}})(条|件|个|项|次|宗|篇|期|万元|元|%)")
#: A unit right after a counting verb, before a clause's end or the thing counted (``累计发布条信息``):
#: the figure was left out. Not ``公开条例``, ``公开条款`` (the unit begins a word), ``依申请公开件`` (a noun).
_NO_GAP = re.compile(r"(?:发布|(?<!申请)公开|收到|受理|办结|制发|印发|作出|累计|共计|合计)(条|件|项|篇|宗|期)"
                     r"(?=[，,。；;、)）]|$|(?:政府)?信息|申请|文件|规范性文件|政策)")
#: A unit closing a clause right after the thing counted (``公开核准企业资质条。``): a figure belongs before
#: it. Characters that make a word with the unit (本条, 各条, 头条, 全篇, 新篇) are not that.
_AFTER_OBJECT = re.compile(r"(?:发布|公开|收到|受理|办结|制发|印发|作出|更新|转发|上传)([^\W\d_a-zA-Z]{1,10}?)(条|篇)"
                           r"(?=[，,。；;)）]|$)")
_WORD_WITH_UNIT = set("本该各每逐多数若干一二两三四五六七八九十百千万亿零〇几此上下前整首头线萧教信便字纸封欠收链专全通开终续名新长短诗篇余")


def _blank_figures(text: str):
    """(start, end) of every figure left blank in a folded text (one blank may be found by two patterns)."""
    for match in _GAP.finditer(text):
        yield match.start(), match.end()
    for match in _NO_GAP.finditer(text):
        yield match.start(), match.end()
    for match in _AFTER_OBJECT.finditer(text):
        before = text[max(0, match.start() - 12):match.start()]
        if text[match.start(2) - 1] not in _WORD_WITH_UNIT and not re.search(r"\d|第", before + match.group(1)):
            yield match.start(), match.end()


class BlankFigure(Rule):
    """正文中的数字空着没填。

    **检查内容。** 该写数字的地方是空格、下划线、空括号或 ``×××``（``累计发布   条``、``共收到（）件``），或者量词紧跟在
    “发布”“公开”“收到”等动词或所计的事物之后、前面没有数字（``累计发布条信息``、``公开核准企业资质条。``）。“条例”“本条”“第十条”
    “各条”“头条”等量词组成的词不在其列。

    **原因。** 套用模板时漏填了数字，这句话等于什么也没说。

    **错误示例。** “全年累计发布   条信息”；“公开核准企业资质条”。

    **正确示例。** “全年累计发布 128 条信息”；“公开核准企业资质 12 条”。

    **选项。** 无。
    """

    code, name, severity = "W706", "text.blank-figure", WARNING
    summary = "正文数字空缺"

    def check(self, report):
        for para in report.paragraphs():
            text = fold(para.text)
            seen: set[tuple[int, int]] = set()
            for start, end in sorted(_blank_figures(text)):
                if any(s < end and start < e for s, e in seen):
                    continue
                seen.add((start, end))
                shown = para.text[start:end]
                yield self.at(para.span(start, end), f"“{shown}”缺少数字，应填写具体数值", anchor=shown)


_EMAIL = re.compile(r"(?:电子邮箱|电子信箱|电子邮件|邮件地址|邮箱|e-?mail)\s*(?:地址)?\s*(?:为|是)?\s*[:：]?\s*"
                    r"([A-Za-z0-9][A-Za-z0-9._\-]*(?:\.[A-Za-z0-9\-]+)+)(?![@A-Za-z0-9._\-])", re.IGNORECASE)


class EmailWithoutAt(Rule):
    """电子邮箱地址缺少“@”。

    **检查内容。** “邮箱”“电子邮箱”“E-mail”之后写的地址（由字母、数字和点组成）中没有“@”（``邮箱:562170318qq.com``、
    ``电子邮箱：zwgk.xx.gov.cn``）。网址（http、www 开头）不是邮箱地址，不在其列。

    **原因。** 报告给出的联系方式是公众咨询的途径；缺了“@”的地址无法送达。

    **错误示例。** “邮箱:562170318qq.com”。

    **正确示例。** “邮箱:562170318@qq.com”。

    **选项。** 无。
    """

    code, name, severity = "W708", "text.email-without-at", WARNING
    summary = "电子邮箱地址缺少“@”"

    def check(self, report):
        for para, match, _ in phrases(report, _EMAIL):
            address = match.group(1)
            if re.match(r"(?:https?|www)\b", address, re.IGNORECASE):
                continue
            yield self.at(para.span(match.start(1), match.end(1)), f"邮箱地址“{address}”缺少“@”", anchor=address)


_PAIRS = {"(": ")", "《": "》", "“": "”"}   # in folded text: a full-width bracket is a half-width one
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_NAMES = {"(": "括号", "《": "书名号", "“": "引号"}
_AS_WRITTEN = {**_PAIRS, "（": "）"}


def _unmatched(text: str) -> tuple[list[int], set[str]]:
    """The positions of the brackets a folded text opens and never closes, and the kinds it closes without
    opening (the tail of a bracket opened before it)."""
    open_at: dict[str, list[int]] = {opener: [] for opener in _PAIRS}
    closed_early = set()
    for index, char in enumerate(text):
        if char in _PAIRS:
            open_at[char].append(index)
        elif char in _CLOSERS:
            if open_at[_CLOSERS[char]]:
                open_at[_CLOSERS[char]].pop()
            else:
                closed_early.add(_CLOSERS[char])
    return sorted(i for positions in open_at.values() for i in positions), closed_early


class UnclosedBracket(Rule):
    """括号、书名号或引号只有前一半。

    **检查内容。** 一段文字中的“（”“《”或左引号打开后，到段末也没有对应的“）”“》”或右引号。全角和半角括号视为一种。一句话被分在
    两行或两段（网页和 PDF 的换行）时，在随后两段中的另一半也算闭合；副本在一段中途结束（摘录、截断的下载）时，最后一段不核对。

    **原因。** 缺了后一半，读者不知道括注或书名到哪里为止，常常是复制时丢了文字。

    **错误示例。** “根据《中华人民共和国政府信息公开条例规定”。

    **正确示例。** “根据《中华人民共和国政府信息公开条例》规定”。

    **选项。** 无。
    """

    code, name, severity = "W709", "text.unclosed-bracket", WARNING
    summary = "括号、书名号或引号未闭合"

    def check(self, report):
        paras = report.paragraphs()
        folded = [fold(p.text) for p in paras]
        tails = [_unmatched(text) for text in folded]
        final = deque(report.document.blocks(), maxlen=1)  # the file's last block: where a cut copy stops
        last = final[0][1] if final else None
        for index, para in enumerate(paras):
            if para.pieces[-1] is last and not re.search(r"[。！？!?；;]\s*$", para.text):
                continue  # the copy stops inside this paragraph: its other half was cut off
            closed_later = set().union(*(tails[i][1] for i in range(index + 1, min(len(paras), index + 3))))
            for at in tails[index][0]:
                opener = folded[index][at]
                if opener in closed_later:
                    continue
                shown = para.text[at:at + 12]
                yield self.at(para.span(at, at + 1), f"“{para.text[at]}”没有对应的“{_AS_WRITTEN[para.text[at]]}”：“{shown}…”，"
                              f"{_NAMES[opener]}未闭合", anchor=shown)


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
