"""Synthetic reports: compliant reports with random but consistent numbers, in several layouts.

Used by the tests (hypothesis properties, defect cases), the benchmarks and the bundled examples.
A generated report follows the template of its edition exactly, so it lints with no finding; a test
then changes one thing and expects exactly the finding that change deserves.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .editions import load

#: Layouts that keep every cell apart, so a report reads back exactly; ``crawler`` (or ``crawler-<style>``, one
#: of CRAWLS) runs cells together and reads back only where a run has one cut (tests/test_crawl.py).
LAYOUTS = ("cells", "pipes", "html")

_S1 = ("{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“公开为常态、不公开为例外”，"
       "扎实推进政府信息公开工作。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
_S1_SUBS = (
    "（一）主动公开方面。全年通过门户网站主动公开政府信息{info}条。",
    "（二）依申请公开方面。{applications}",
    "（三）政府信息管理方面。严格执行《某县人民政府办公室关于加强政府信息发布审核工作的通知》（某府办发〔{year}〕12号），落实三审制度。",
    "（四）平台建设方面。优化门户网站信息公开专栏，及时更新栏目内容。",
    "（五）监督保障方面。将政府信息公开工作纳入年度考核，开展业务培训2次。",
)
_S5 = "主要问题是公开内容的规范性有待提高。下一步将加强业务培训，规范公开流程，提升公开质量。"
#: What a year of a series did (``generate(previous=…)``): each year tells other work, as a report should.
#: (opening, （三）, （四）, （五）, 五、) of the year.
_YEARLY = (
    ("{year}年，{agency}以提升政务服务效能为目标，聚焦群众关切，持续深化政务公开。",
     "（三）政府信息管理方面。全面清理历年发布的政策文件，对失效文件作出标注。",
     "（四）平台建设方面。完成门户网站适老化改造，新增无障碍浏览功能，上线政策文件库。",
     "（五）监督保障方面。制定政务公开工作要点，明确责任分工，开展专项督查。",
     "存在的主要问题是政策解读形式较为单一。下一步将推出图解、视频等多种解读方式。"),
    ("{year}年，{agency}围绕中心工作，把政务公开贯穿于决策、执行、管理、服务、结果全过程。",
     "（三）政府信息管理方面。建立公开属性源头认定机制，公文起草时即明确公开方式。",
     "（四）平台建设方面。整合政务新媒体账号，关停更新不及时的账号，统一发布口径。",
     "（五）监督保障方面。邀请人大代表、政协委员参加政府开放日活动，听取意见建议。",
     "存在的主要问题是基层公开专区内容更新不够及时。下一步将建立月度巡查通报机制。"),
    ("{year}年，{agency}坚持以公开促落实、促规范、促服务，推动政务公开提质增效。",
     "（三）政府信息管理方面。开展政府信息公开保密审查专项检查，规范审查流程和台账。",
     "（四）平台建设方面。建成依申请公开网上办理系统，实现申请、答复全程留痕。",
     "（五）监督保障方面。把政务公开纳入干部教育培训计划，组织专题讲座和案例研讨。",
     "存在的主要问题是部分重点领域信息公开不够全面。下一步将编制重点领域公开目录。"),
)


@dataclass
class Synthetic:
    """A generated report: its text and the values it was built from (cell id → value)."""

    text: str
    values: dict[str, int | float] = field(default_factory=dict)
    edition: str = "2021"
    year: int = 2023


def _s3_values(rng: random.Random, template, busy: bool) -> dict[str, int]:
    """Table 三 by column: outcomes first, their 总计, then 结转 so that 新收 + 结转 = 总计 + 结转下年度."""
    table = template.tables["s3"]
    cell = table.cell_id
    results = [r.id for r in table.rows if r.id not in ("new", "carried", "total", "forward")]
    values = {}
    parts = [c.id for c in table.columns if c.id != "total"]
    for column in parts:
        active = busy and rng.random() < 0.6
        for row in results:
            values[cell(row, column)] = rng.randint(0, 9) if active and rng.random() < 0.4 else 0
        total = sum(values[cell(row, column)] for row in results)
        forward = rng.randint(0, 4) if active else 0
        carried = rng.randint(0, total + forward) if active else 0
        values[cell("total", column)] = total
        values[cell("forward", column)] = forward
        values[cell("carried", column)] = carried
        values[cell("new", column)] = total + forward - carried
    for row in table.rows:
        values[cell(row.id, "total")] = sum(values[cell(row.id, c)] for c in parts)
    return values


def _s4_values(rng: random.Random, template, busy: bool) -> dict[str, int]:
    values = {}
    table = template.tables["s4"]
    for group in table.rows:
        parts = [rng.randint(0, 3) if busy and rng.random() < 0.3 else 0 for _ in table.columns[:-1]]
        for column, value in zip(table.columns[:-1], parts):
            values[table.cell_id(group.id, column.id)] = value
        values[table.cell_id(group.id, "total")] = sum(parts)
    return values


def _s2_values(rng: random.Random, template, busy: bool) -> dict[str, int | float]:
    """Table 二 as a department fills it: no 规章 (it cannot make them), and of 行政规范性文件 at least as many in
    force as were made this year."""
    values: dict[str, int | float] = {}
    made = template.fact("rules.made")
    rules_row = made[0].rsplit(".", 1)[0] + "." if made else None  # the 规章 row of 第二十条第（一）项
    for table in template.tables_of("s2"):
        for row in table.rows:
            for column in table.columns:
                cid = table.cell_id(row.id, column.id)
                if not busy:
                    values[cid] = 0
                elif column.signed:
                    values[cid] = rng.randint(-5, 5)
                elif column.amount:
                    values[cid] = round(rng.uniform(0, 500), rng.choice((0, 1, 2)))
                else:
                    values[cid] = rng.randint(0, 40)
                if rules_row and cid.startswith(rules_row):
                    values[cid] = 0  # drawn all the same, so that a seed gives the same report as before
    made, valid = template.fact("normative.made"), template.fact("normative.valid")
    if made and valid:
        values[valid[0]] = values[made[0]] + values[valid[0]]
    return values


def _skeleton(template, year: int, agency: str) -> dict[str, list[str]]:
    """The narrative of a template: the structure reports use, the statistical period (which follows from the
    year), and 【请填写】 for every figure and account that only the agency can give."""
    fill = "【请填写】"
    statements = [f"{fill[:-1]}：{s.says}】" for s in template.statements if s.section == "s6"]
    return {
        "s1": [f"{year}年，{agency}{fill[:-1]}：本年度政府信息公开工作的总体情况】。"
               f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
               f"（一）主动公开情况。全年通过{fill[:-1]}：公开渠道】主动公开政府信息{fill}条。",
               f"（二）依申请公开情况。全年共收到政府信息公开申请{fill}件，{fill[:-1]}：办理和答复情况】。",
               f"（三）政府信息管理情况。{fill[:-1]}：信息发布审核、公开属性认定等工作】。",
               f"（四）平台建设情况。{fill[:-1]}：门户网站、政务新媒体等平台的建设情况】。",
               f"（五）监督保障情况。{fill[:-1]}：考核、培训、社会评议等工作】。"],
        "s5": [f"主要问题：{fill[:-1]}：本年度工作存在的主要问题】。改进措施：{fill[:-1]}：{year + 1}年的改进措施】。"],
        "s6": statements or [f"{fill[:-1]}：其他需要报告的事项，没有则写“无”】。"],
    }


def _follow(values: dict, template, before: dict) -> None:
    """Make this year's values follow last year's (``before``): 上年结转 is last year's 结转下年度 (新收 or
    结转下年度 absorbing the difference, so that table 三 still balances), 现行有效件数 is last year's plus
    made less repealed, 上一年项目数量 is last year's plus its 本年增/减."""
    table = template.tables["s3"]
    cell = table.cell_id
    parts = [c.id for c in table.columns if c.id != "total"]
    for column in parts:
        carried = before.get(cell("forward", column), 0)
        new = values[cell("total", column)] + values[cell("forward", column)] - carried
        if new < 0:
            values[cell("forward", column)] -= new
            new = 0
        values[cell("carried", column)], values[cell("new", column)] = carried, new
    for row in ("new", "carried", "forward"):
        values[cell(row, "total")] = sum(values[cell(row, c)] for c in parts)
    for relation in template.relations:
        if relation.rule == "carry-over" or not all(c in before for _, c in relation.previous):
            continue
        (_, target), others = relation.this[0], relation.this[1:]
        stated = sum(sign * before[c] for sign, c in relation.previous)
        if relation.rule == "stock" and stated + values[others[0][1]] - values[others[1][1]] < 0:
            values[others[1][1]] = stated + values[others[0][1]]  # repeal no more than there is
        values[target] = stated - sum(sign * values[c] for sign, c in others)


def series(seed: int = 0, years=(2022, 2023, 2024), agency: str = "某某县数据资源局", layout: str = "cells",
           edition: str | None = None, overrides: dict | None = None, busy: bool = True) -> list[Synthetic]:
    """Reports of one agency for ``years``, each following from the one of the year before when there is
    one; each year's edition is the one that applies to it unless ``edition`` is given. ``overrides`` maps
    a year to the cells to write otherwise in its report (as ``generate`` takes them)."""
    from .editions import edition_for_year

    out: list[Synthetic] = []
    for k, year in enumerate(years):
        previous = out[-1] if out and out[-1].year == year - 1 else None
        chosen = edition or edition_for_year(year)
        if chosen is None:
            raise ValueError(f"no edition applies to {year}")
        out.append(generate(seed + k, chosen, year, layout, agency=agency,
                            overrides=(overrides or {}).get(year), previous=previous, busy=busy))
    return out


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def _split_label(rng: random.Random, label: str, enabled: bool) -> list[str]:
    """A long label broken over 2–3 lines, as copied web tables do; never leaving a figure alone."""
    if not enabled or len(label) < 8 or rng.random() < 0.5:
        return [label]
    cut = rng.randint(4, len(label) - 3)
    return [label[:cut], label[cut:]]


def generate(seed: int = 0, edition: str = "2021", year: int | None = None, layout: str = "cells",
             blank_lines: bool = True, split_labels: bool = False, busy: bool = True,
             agency: str = "某某县数据资源局", overrides: dict[str, str] | None = None,
             previous: Synthetic | None = None, skeleton: bool = False, figures: dict | None = None) -> Synthetic:
    """A compliant report. ``layout`` is ``cells`` (one cell per line), ``pipes`` (``a | b |`` rows),
    ``html`` (a web page: paragraphs, and tables whose empty cells stay cells) or ``crawler`` (a crawler's
    copy: the site's furniture and keys, then the page run together, a row's values run into one run;
    ``crawler-line``, ``crawler-chunks`` or ``crawler-flat`` for one of the CRAWLS styles, else the seed picks);
    ``busy=False`` makes every table zero (an agency with nothing to report).

    ``overrides`` writes the given text in cells (by cell id) instead of the consistent value: the way
    tests make a report with exactly one defect. ``previous`` is last year's report of the agency: this
    one then follows from it (上年结转, 现行有效件数, 上一年项目数量) and tells other work (``series``).
    ``skeleton``: what ``disclint template`` gives an editor: zero tables (``busy`` is ignored), no
    publication date, and ``【请填写】`` wherever the narrative needs the agency's own figures or words.
    ``figures`` (cell id → value) are the values of those cells instead of drawn ones, the report staying
    compliant only when they keep the equations (a county's tables made the sum of its departments').
    """
    if layout == "html" or layout.startswith("crawler"):
        plain = generate(seed, edition, year, "pipes", blank_lines, split_labels, busy, agency, overrides, previous,
                         skeleton, figures)
        style = layout.partition("-")[2] or None
        text = _as_html(plain.text) if layout == "html" else as_crawler(plain.text, random.Random(seed), style)
        return Synthetic(text, plain.values, plain.edition, plain.year)
    rng = random.Random(seed)
    busy = busy and not skeleton
    template = load(edition)
    year = year if year is not None else template.default_year
    values = {**_s2_values(rng, template, busy), **_s3_values(rng, template, busy), **_s4_values(rng, template, busy)}
    if previous is not None:
        _follow(values, template, previous.values)
    values.update(figures or {})
    written = {cid: _fmt(v) for cid, v in values.items()}
    lines: list[str] = []

    def para(*texts):
        for text in texts:
            lines.append(text)
            if blank_lines or layout == "pipes":
                lines.append("")

    def row(label: str, cells: list[str]):
        if layout == "pipes":
            lines.append(" | ".join([label, *cells]) + " |")
        else:
            para(*_split_label(rng, label, split_labels), *cells)

    def alone(text: str):  # a caption or grouping cell: a line of its own, a row of one cell in pipes
        para(text) if layout == "cells" else lines.append(text + " |")

    def header(labels):
        if layout == "pipes":
            lines.append(" | ".join(labels) + " |")
        else:
            para(*labels)

    def fact(name):
        cells = template.fact(name) or ()
        return sum(values[c] for c in cells) if cells else None

    applications = (f"全年共收到政府信息公开申请{fact('applications.new')}件，均已按时答复。"
                    if fact("applications.new") else "本年度未收到政府信息公开申请。")
    if skeleton:
        para(f"{agency}{year}年政府信息公开工作年度报告")
    else:
        para(f"{agency}{year}年政府信息公开工作年度报告", f"发布时间：{year + 1}-01-{rng.randint(5, 28):02d}    来源：{agency}")
    subs = [s.format(year=year, info=rng.randint(20, 400), applications=applications) for s in _S1_SUBS]
    if fact("procurement.projects"):
        budget = round(rng.uniform(20, 300), 1)
        deal = round(budget * rng.uniform(0.9, 0.99), 4)
        saving = round(budget - deal, 4)
        [amount] = template.fact("procurement.amount") or ()  # every edition with the projects has the amount
        values[amount] = budget
        written[amount] = _fmt(budget)
        subs[0] += (f"完成政府集中采购{fact('procurement.projects')}宗，预算金额{_fmt(budget)}万元，成交资金{_fmt(deal)}万元，"
                    f"节约资金{_fmt(saving)}万元，资金节约率达{saving / budget * 100:.2f}%。")
    for cid, column in template.columns_by_cell.items():
        if column.unit_in_cell and values[cid]:
            written[cid] += column.unit or ""  # the column leaves the unit to the cell
    written.update(overrides or {})

    opening, s5 = _S1.format(year=year, agency=agency), _S5
    if previous is not None:
        first, subs[2], subs[3], subs[4], s5 = _YEARLY[year % len(_YEARLY)]
        opening = first.format(year=year, agency=agency) + opening.split("。", 1)[1]  # and the statistical period
    narrative = {"s1": [opening, *subs], "s5": [s5],
                 "s6": [s.example for s in template.statements if s.section == "s6"] or ["无。"]}
    if skeleton:
        narrative = _skeleton(template, year, agency)
    for section in template.sections:
        para(f"{section.number}、{section.title}", *narrative.get(section.id, ()))
        for table in template.tables_of(section.id):
            if table.caption:
                alone(table.caption)
            for labels in table.header_rows:
                header(labels)
            if table.label_less:
                numbers = [written[cid] for cid in table.cells]
                lines.append(" | ".join(numbers) + " |") if layout == "pipes" else para(*numbers)
                continue
            for r in table.rows:
                for group in r.opens:
                    alone(group)
                row(r.label, [written[table.cell_id(r.id, c.id)] for c in table.columns])
    return Synthetic("\n".join(lines) + "\n", values, edition, year)


#: How a crawler lays a page out (``generate(layout="crawler-<style>")``; ``crawler`` picks one by the seed):
#: ``line`` the whole page on one line under a header of keys; ``chunks`` the page broken at random places
#: (several rows, or a heading in the middle, on one line) under the site's furniture; ``flat`` no line
#: break at all, the furniture and keys run into the report.
CRAWLS = ("line", "chunks", "flat")


def as_crawler(text: str, rng: random.Random, style: str | None = None) -> str:
    """A pipe-layout report as a crawler saves it: the site's furniture and keys (banner, breadcrumb, 栏目,
    名 称, 索引号, 发布日期) before the title, then the page's parts run together, a row's cells run into
    one run of digits (now and then a half- or full-width space between two values), parts joined with
    nothing, a space or a full-width space."""
    style = style or rng.choice(CRAWLS)
    lines = [line for line in text.split("\n") if line.strip()]
    title, meta, body = lines[0], lines[1], lines[2:]
    published = meta.split("    ")[0].split("：", 1)[1]
    agency = meta.rsplit("：", 1)[1]
    gap = rng.choice(("", "", " ", "\u3000"))           # between two values of a row, now and then
    parts = []
    for line in body:
        if not line.endswith("|"):
            parts.append(line)
            continue
        cells = [c.strip() for c in line.rstrip(" |").split(" | ")]
        label = "" if cells[0][:1].isdigit() else cells.pop(0)
        parts.append(label + "".join((gap if k and rng.random() < 0.3 else "") + c for k, c in enumerate(cells)))
    if style == "line":
        header = [f"标题: {title}", f"发布时间: {published} 09:30", "文号: ", "发布机构: ", "栏目: 政府信息公开年报",
                  "==================== 正文 ===================="]
        return "\n".join(header + [title + " " + "".join(parts)]) + "\n"
    furniture = [f"{agency.rstrip('局办委')}门户网站", "首页 > 政务公开 > 政府信息公开年报", "栏目: 政府信息公开年报",
                 f"名 称: {title}", f"索引号: 11{rng.randint(1000, 9999)}/{published[:4]}-{rng.randint(1, 99999):05d}",
                 f"发布日期: {published}", f"发布机构: {agency}"]
    furniture = [f for f in furniture if rng.random() < 0.7]
    joins = ("", " ", "\u3000", "  ")
    if style == "flat":
        pieces = furniture + [title] + parts
        return pieces[0] + "".join(rng.choice(joins[1:] if k <= len(furniture) else joins) + piece
                                   for k, piece in enumerate(pieces[1:], 1)) + "\n"
    out, current = furniture + [title], ""
    for part in parts:
        if current and rng.random() < 0.25:
            out.append(current)
            current = ""
        current += (rng.choice(joins) if current else "") + part
    return "\n".join(out + [current]) + "\n"


def _as_html(text: str) -> str:
    """A pipe-layout report as a government web page: chrome, paragraphs, one table per run of rows."""
    from html import escape

    out = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"><title>政府信息公开</title>',
           '<script>var pageSize = 14;</script></head>', '<body>', '<div class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</div>',
           '<div class="article" id="zoom">']
    in_table = False
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line.rstrip().endswith("|"):
            if not in_table:
                out.append('<table border="1" cellspacing="0">')
                in_table = True
            cells = [c.strip() for c in line.rstrip().rstrip("|").split(" | ")]
            out.append("<tr>" + "".join(f"<td>{escape(c) if c else '&nbsp;'}</td>" for c in cells) + "</tr>")
        else:
            if in_table:
                out.append("</table>")
                in_table = False
            out.append(f"<p>{escape(line)}</p>")
    if in_table:
        out.append("</table>")
    out += ['</div>', '<div class="footer">主办：某某县人民政府办公室</div>', '</body></html>']
    return "\n".join(out) + "\n"
