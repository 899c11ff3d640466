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
    """A word is written twice in a row.

    **What it checks.** A run of two to four Chinese characters immediately repeated (``资金资金``).

    **Why.** A slip of copy and paste that a reader notices at once.

    **Fails.** “节约资金资金4.4万元”.

    **Passes.** “节约资金4.4万元”.

    **Options.** None.
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
    """A character is typed twice where it never doubles.

    **What it checks.** Particles, suffixes and prepositions written twice in a row (``过程性性信息``,
    ``公开的的信息``, ``对外外公开``). Characters that do double in Chinese (常常, 人人, 层层…) are not in the list;
    ``目的的`` and ``的的确确`` are words.

    **Why.** A slip of typing or of copy and paste that a reader notices at once.

    **Fails.** “属于四类过程性性信息1件”.

    **Passes.** “属于四类过程性信息1件”.

    **Options.** None.
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
    """A figure was left blank in the text.

    **What it checks.** A count or amount whose number is missing: spaces, underscores, empty brackets or
    ``×××`` where the figure belongs (``累计发布   条``, ``共收到（）件``).

    **Why.** A template filled in without its figures; the sentence says nothing.

    **Fails.** “全年累计发布   条信息”.

    **Passes.** “全年累计发布 128 条信息”.

    **Options.** None.
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
    """A placeholder of the template is still in the report.

    **What it checks.** ``【请填写】`` (or ``【请填写：…】``), which ``disclint template`` writes where the
    report needs the agency's own figures and words, left in the narrative.

    **Why.** A report published with its placeholders says nothing where they stand; the template never
    invents a figure, so every one of them must be written in.

    **Fails.** “全年通过门户网站主动公开政府信息【请填写】条”.

    **Passes.** “全年通过门户网站主动公开政府信息128条”.

    **Options.** None.
    """

    code, name, severity = "W707", "text.unfilled-placeholder", WARNING
    summary = "模板占位符“【请填写】”尚未填写"

    def check(self, report):
        for para, match, _ in phrases(report, _PLACEHOLDER, folded=False):
            yield self.at(para.span(match.start(), match.end()), f"“{match.group()}”尚未填写：请写入本单位的实际情况或数字",
                          anchor=match.group())


_PROVINCE_SCOPE = re.compile(r"全省|我省|本省")


class ScopeWord(Rule):
    """A township's report speaks of province-wide work as its own.

    **What it checks.** In the report of a 乡镇 or 街道 (told from its title), “全省”, “我省” or “本省”.

    **Why.** A sentence copied from a provincial template: a township does not report its province's work.

    **Fails.** “我镇…推动全省政务公开工作” in a 镇人民政府 report.

    **Passes.** “推动全镇政务公开工作”.

    **Options.** None.
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
    """A phrase of a letter to a superior was left in the published report.

    **What it checks.** Phrases addressed to the office the report was first submitted to: “根据贵办…”,
    “贵单位”, “妥否，请批示”, “特此报告”.

    **Why.** The published report speaks to the public, not to the 主管部门; such phrases show the submission
    letter was published as is.

    **Fails.** “根据贵办《关于做好2024年度政府信息公开工作年度报告编制公布工作的通知》要求”.

    **Passes.** “根据《关于做好2024年度…通知》要求”.

    **Options.** None.
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
    """Half-width punctuation between Chinese characters (off by default).

    **What it checks.** “,” “;” “:” “?” “!” between two Chinese characters, where the full-width form belongs.

    **Why.** GB/T 15834 asks for full-width punctuation in Chinese text. Web copies normalise punctuation, so
    on copied text this rule mostly reports the copying: it is off unless selected (``--select W704``).

    **Fails.** “主动公开方面,全年…”.

    **Passes.** “主动公开方面，全年…”.

    **Options.** None.
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
