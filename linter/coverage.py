"""What was checked on a file and what could not be: its coverage.

Zero findings is not “sound” when the checks could not run: an equation whose cell is blank or unread is
skipped (the table rules report the cell), a table not found or lost in a copy has nothing to check, pages
without text are unread, a rule that needs the report year, the publication date or last year's report says
nothing without it. The engine counts all this once per file, from the report and the rules it ran, so that
no rule reimplements it:

- ``equations``: the edition's equations (勾稽关系) checked, of all; each skipped one with its reason (the
  state of its first cell without a number, or why its table was not read);
- ``tables``: the edition's tables read, of all; each unread one with its reason;
- ``pages_unread``: a PDF's pages without a text layer;
- ``rules``: the rules run, of those given; each not run with its reason (the need it lacks: Rule.needs, or
  no equation of its family checkable: Rule.equation). Pair rules are not run on one file: the pairing stage
  marks them run when a report of last year was found (``paired``);
- ``measures``: what rules measured beside their findings (pair.repetition's share of repeated text), by
  rule code, for scorecards (linter/scorecard.py).

A report is *assessable* when every table holding equations had at least one of them checked: a report
whose table 三 could not be read (not found, blank, cut off, lost in the copy) is ``not-assessable``, never
clean (engine.FileResult.status).
"""
from __future__ import annotations

from functools import cache

from .editions import load
from .model import BLANK, MISSING, NO_UNIT, PLACEHOLDER, TEXT, UNPLACED

#: Why an equation or a table was not checked, as editors read it.
REASONS = {BLANK: "单元格空白", PLACEHOLDER: "单元格为占位符", TEXT: "单元格为文字", UNPLACED: "数值无法定位",
           MISSING: "缺少该行", NO_UNIT: "金额未写单位", "absent": "未找到该表", "empty": "该表没有数值",
           "cut": "副本在此之前截断", "lost-lines": "副本丢失了重复的行"}

#: Why a rule did not run: the need it lacks.
NEEDS = {"report": "不是年度报告", "template": "未能识别表格及其格式版本", "year": "未能识别报告年度",
         "published": "未能读出发布日期", "pair": "没有同一单位上一年度的报告",
         "region": "只在一个地区的报告之间核对（disclint region）", "equation": "相关勾稽关系均无法核对"}


def measure(report, rules, unmet: dict | None = None) -> dict:
    """The coverage of a bound report with ``rules`` (the instances the engine ran); ``unmet``: rule code → the
    need it lacked (Rule.unmet, None when it ran), as the engine found it (asked of the rules when not given)."""
    template = report.template
    tables = _unread_tables(report) if template is not None else {}
    cut = report.cut_off() if template is not None else None
    after_cut = {cut.table.cell_id(row.id, column.id) for row in cut.missing_rows for column in cut.table.columns} \
        if cut is not None and cut.table is not None else set()
    checkable = report.checkable()
    checked = {eq.key for eq in checkable}
    by_table: dict[str, dict] = {}
    skipped = []
    for eq, table in _equations(template.edition) if template is not None else ():
        counts = by_table.setdefault(table, {"name": template.tables[table].name, "checked": 0, "total": 0})
        counts["total"] += 1
        if eq.key in checked:
            counts["checked"] += 1
        else:
            blank = next(c for c in eq.cells if report.value(c) is None)
            reason = tables.get(table) or ("cut" if blank in after_cut else report.cells[blank].state)
            skipped.append({"equation": eq.id, "key": eq.key, "table": table, "reason": reason})
    families = {eq.id for eq in checkable}
    not_run = []
    for rule in rules:
        need = unmet.get(rule.code) if unmet is not None else rule.unmet(report)
        if need is None and rule.equation is not None and rule.equation not in families:
            need = "equation"
        if need is not None:
            not_run.append({"code": rule.code, "reason": need})
    total = len(template.tables) if template is not None else 0
    return {"equations": {"checked": len(checkable), "total": len(template.equations) if template else 0,
                          "by_table": by_table, "skipped": skipped},
            "tables": {"read": total - len(tables), "total": total,
                       "unread": [{"table": t, "name": template.tables[t].name, "reason": r} for t, r in tables.items()]},
            "pages_unread": list(report.source.gaps),
            "rules": {"run": len(rules) - len(not_run), "total": len(rules), "not_run": not_run},
            "measures": {}}


@cache
def _equations(edition: str) -> tuple:
    """(equation, the id of its table) for each equation of an edition, once per process."""
    template = load(edition)
    return tuple((eq, template.table_of(eq.cells[0]).id) for eq in template.equations)


def _unread_tables(report) -> dict[str, str]:
    """table id → why it was not read: not found, after the cut, lost in the copy, or holding no value."""
    cut, lost = report.cut_off(), report.lost_lines()
    after = {t.id for t in cut.missing_tables} if cut is not None else set()
    damaged = {t.id for t in lost.tables} if lost is not None else set()
    empty = report.empty_tables()
    unread = {}
    for table_id in report.template.tables:
        if table_id in after:
            unread[table_id] = "cut"
        elif table_id in damaged:
            unread[table_id] = "lost-lines"
        elif report.tables.get(table_id) is None:
            unread[table_id] = "absent"
        elif table_id in empty:
            unread[table_id] = "empty"
    return unread


def paired(coverage: dict | None, measures: dict) -> dict | None:
    """The coverage of a report compared with last year's: its pair rules run, with what they measured (a new
    dict; results are immutable)."""
    if coverage is None:
        return None
    rules = coverage["rules"]
    not_run = [r for r in rules["not_run"] if r["reason"] != "pair"]
    return {**coverage, "rules": {**rules, "not_run": not_run, "run": rules["run"] + len(rules["not_run"]) - len(not_run)},
            "measures": {**coverage["measures"], **measures}}


def assessable(coverage: dict | None) -> bool:
    """Whether the tables could be read: every table an equation is about had one of its equations checked.
    A report without an edition (no table recognised) is not assessable."""
    if coverage is None:
        return True  # not a report that was read (unreadable, failed): its status says so
    tables = coverage["equations"]["by_table"]
    return bool(tables) and all(t["checked"] for t in tables.values())


def summary(coverage: dict | None) -> str:
    """One line for editors: 已核对 38/42 个勾稽关系（表三 4 个未核对：单元格空白；表二第二十条第（五）项未读取：
    未找到该表）."""
    if coverage is None:
        return ""
    equations = coverage["equations"]
    if equations["total"] == 0:
        return "未能识别统计表格，勾稽关系未核对"
    names = {t: counts["name"] for t, counts in equations["by_table"].items()}
    reasons: dict[str, list[str]] = {}
    for s in equations["skipped"]:
        reasons.setdefault(s["table"], []).append(s["reason"])
    grouped: dict[str, list[str]] = {}  # why → the tables it is said of, so that one reason is said once
    for table, why in reasons.items():
        grouped.setdefault("、".join(dict.fromkeys(REASONS.get(x, x) for x in why)), []).append(
            f"{names[table]} {len(why)} 个")
    said = [f"{'、'.join(tables)}未核对：{why}" for why, tables in grouped.items()]
    unread: dict[str, list[str]] = {}
    for u in coverage["tables"]["unread"]:
        if u["table"] not in reasons:
            unread.setdefault(REASONS.get(u["reason"], u["reason"]), []).append(u["name"])
    said += [f"{'、'.join(tables)}未读取：{why}" for why, tables in unread.items()]
    if coverage["pages_unread"]:
        said.append(f"第 {'、'.join(map(str, coverage['pages_unread']))} 页未读取")
    head = f"已核对 {equations['checked']}/{equations['total']} 个勾稽关系"
    return head + (f"（{'；'.join(said)}）" if said else "")


def short(coverage: dict | None) -> str:
    """The batch tables' column: ``38/42`` (equations checked of all), empty for a file not read."""
    if coverage is None:
        return ""
    return f"{coverage['equations']['checked']}/{coverage['equations']['total']}"
