"""Scorecards: an office's assessment sheet as configuration, and the scores it gives (docs/scorecard.md).

An assessment sheet deducts points per defect (−0.5 for publishing late, −0.5 when more than half of the text
repeats last year's, −2 for a missing report, −1 past 31 March), each item with a cap, from a total. Each
office's sheet differs, so the sheet is a YAML file, validated like a configuration (linter/config.py: an
unknown key or code is an error naming the file and line). An item is one of:

- ``rules``: the findings of these rules (codes, names or families; ``severity`` narrows them), ``deduct``
  points each, at most ``cap``;
- ``measure`` + ``over``: ``deduct`` once when what a rule measured (coverage ``measures``: pair.repetition's
  share of repeated text) is more than ``over``;
- ``published_after`` (``MM-DD``): ``deduct`` once when the report was published after that day of the year
  following its report year;
- ``missing_report``: ``deduct`` for each year missing from an agency's reports in the run (a year between
  two of its reports: only then can a missing report be told).

An item that could not be assessed on a report is ``not-assessable`` (无法评估), never 0 and never full marks:
its rules did not run there (coverage ``rules.not_run``: the date unreadable, table 三 not read, no report of
last year) or were not run at all, the measure was not taken, the date or year is unknown, or the file was not
read as a report. The score is the total less the deductions (never below 0), and says whether every item
was assessed.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from .errors import ConfigError

KEYS = ("scorecard", "total", "items")
ITEM_KEYS = ("id", "name", "rules", "severity", "measure", "over", "published_after", "missing_report", "deduct", "cap")
#: What an item deducts for: exactly one of these keys.
KINDS = ("rules", "measure", "published_after", "missing_report")
SEVERITIES = ("error", "warning", "info")
#: The families whose rules read the tables' cells (their shape, their equations, the narrative against them):
#: on a report whose tables could not be read, finding nothing there assesses nothing.
TABLE_FAMILIES = ("table", "balance", "consistency")

#: An item's state on a report.
DEDUCTED, CLEAR, NOT_ASSESSABLE = "deducted", "clear", "not-assessable"
STATE_WORDS = {DEDUCTED: "扣分", CLEAR: "不扣分", NOT_ASSESSABLE: "无法评估"}


class Item(NamedTuple):
    id: str
    name: str
    deduct: float                      # points per finding (rules), or once (the other kinds)
    cap: float | None = None           # the most the item deducts from one report
    rules: tuple[str, ...] = ()        # rule codes whose findings count
    on_tables: bool = False            # every one of them reads the tables (TABLE_FAMILIES, or needs the template)
    severity: tuple[str, ...] = ()     # only findings of these severities count (empty: all)
    measure: str | None = None         # the code of the rule whose measure is compared
    over: float | None = None          # deducted when the measure is more than this
    published_after: tuple[int, int] | None = None   # (month, day) of the year after the report year
    missing_report: bool = False


class Scorecard(NamedTuple):
    path: str
    name: str
    total: float
    items: tuple[Item, ...]


def load(path: str, rules: Sequence) -> Scorecard:
    """Read and validate a scorecard against ``rules`` (the rule classes of the registry): ConfigError naming
    the file and line of what is wrong."""
    from .config import load_yaml, quoted, rule_keys

    data, locate = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 评分表应为键值映射（scorecard、total、items）")
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{locate(key)}: 评分表中未知的项“{quoted(key)}”；可用：{', '.join(KEYS)}")
    for key in KEYS:
        if key not in data:
            raise ConfigError(f"{path}: 评分表缺少“{key}”")
    if not isinstance(data["scorecard"], str) or not data["scorecard"].strip():
        raise ConfigError(f"{locate('scorecard')}: “scorecard”应为评分表的名称")
    total = _number(data["total"], locate("total"), "total")
    items = data["items"]
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{locate('items')}: “items”应为扣分项的列表")
    known, seen, parsed = rule_keys(rules), set(), []
    for index, item in enumerate(items):
        def where(*keys, index=index):
            return locate("items", index, *keys)

        if not isinstance(item, dict):
            raise ConfigError(f"{where()}: 每个扣分项应为键值映射（id、name、deduct 及扣分条件）")
        for key in item:
            if key not in ITEM_KEYS:
                raise ConfigError(f"{where(key)}: 扣分项中未知的项“{quoted(key)}”；可用：{', '.join(ITEM_KEYS)}")
        for key in ("id", "name", "deduct"):
            if key not in item:
                raise ConfigError(f"{where()}: 扣分项缺少“{key}”")
        ident = item["id"]
        if not isinstance(ident, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", ident):
            raise ConfigError(f"{where('id')}: “id”应为字母、数字、- 或 _ 组成的代号，实为“{quoted(ident)}”")
        if ident in seen:
            raise ConfigError(f"{where('id')}: 扣分项“{ident}”重复")
        seen.add(ident)
        if not isinstance(item["name"], str) or not item["name"].strip():
            raise ConfigError(f"{where('name')}: “name”应为扣分项的名称")
        kinds = [k for k in KINDS if k in item]
        if len(kinds) != 1:
            raise ConfigError(f"{where()}: 扣分项“{ident}”应有且只有 {'、'.join(KINDS)} 之一"
                              f"{'（实有 ' + '、'.join(kinds) + '）' if kinds else ''}")
        fields: dict[str, Any] = {"id": ident, "name": item["name"].strip(),
                                  "deduct": _number(item["deduct"], where("deduct"), "deduct")}
        if "cap" in item:
            fields["cap"] = _number(item["cap"], where("cap"), "cap")
        if "rules" in item:
            fields["rules"] = _codes(item["rules"], where("rules"), rules, known)
            fields["on_tables"] = all("template" in r.needs or r.name.split(".")[0] in TABLE_FAMILIES
                                      for r in rules if r.code in fields["rules"])
        if "severity" in item:
            if "rules" not in item:
                raise ConfigError(f"{where('severity')}: “severity”只用于按规则扣分的项（rules）")
            levels = item["severity"] if isinstance(item["severity"], list) else [item["severity"]]
            if not levels or any(level not in SEVERITIES for level in levels):
                raise ConfigError(f"{where('severity')}: “severity”应为 {', '.join(SEVERITIES)} 中的一个或几个")
            fields["severity"] = tuple(levels)
        if "measure" in item:
            fields["measure"] = _measured(item["measure"], where("measure"), rules)
            if "over" not in item:
                raise ConfigError(f"{where()}: 按测得数值扣分的项应有“over”（超过此值扣分）")
            fields["over"] = _number(item["over"], where("over"), "over", zero=True)
        elif "over" in item:
            raise ConfigError(f"{where('over')}: “over”只用于按测得数值扣分的项（measure）")
        if "published_after" in item:
            fields["published_after"] = _day(item["published_after"], where("published_after"))
        if "missing_report" in item:
            if item["missing_report"] is not True:
                raise ConfigError(f"{where('missing_report')}: “missing_report”应为 true")
            fields["missing_report"] = True
        parsed.append(Item(**fields))
    return Scorecard(path, data["scorecard"].strip(), total, tuple(parsed))


def _number(value, where: str, key: str, zero: bool = False) -> float:
    from .config import quoted

    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < 0 or (value == 0 and not zero):
        raise ConfigError(f"{where}: “{key}”应为{'非负' if zero else '正'}数，实为“{quoted(value)}”")
    return value


def _codes(values, where: str, rules: Sequence, known: set) -> tuple[str, ...]:
    """The codes of the rules an item names (codes, names or families)."""
    from .config import quoted

    values = [values] if isinstance(values, str) else values
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}: “rules”应为规则代码、名称或类别的列表")
    codes = []
    for value in values:
        if value not in known and value.upper() not in known:
            raise ConfigError(f"{where}: 未知的规则或类别“{quoted(value)}”（可用 disclint rules 查看）")
        codes += [r.code for r in rules if value.upper() == r.code or value in (r.name, r.name.split(".")[0])]
    return tuple(dict.fromkeys(codes))


def _measured(value, where: str, rules: Sequence) -> str:
    from .config import quoted

    rule = next((r for r in rules if isinstance(value, str) and (value.upper() == r.code or value == r.name)), None)
    if rule is None or not rule.measures:
        measuring = "、".join(f"{r.code}（{r.name}：{r.measures}）" for r in rules if r.measures)
        raise ConfigError(f"{where}: “{quoted(value)}”不是测得数值的规则；可用：{measuring}")
    return rule.code


def _day(value, where: str) -> tuple[int, int]:
    from .config import quoted

    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", value) if isinstance(value, str) else None
    try:
        day = dt.date(2023, int(match[1]), int(match[2])) if match else None  # a day of every year: not 02-29
    except ValueError:
        day = None
    if day is None:
        raise ConfigError(f"{where}: “published_after”应为 月-日（如 \"03-31\"，加引号），实为“{quoted(value)}”")
    return day.month, day.day


# scoring ---------------------------------------------------------------------------------------------------------

def score(card: Scorecard, result, run_rules: Sequence[str]) -> dict:
    """The score of one file (engine.FileResult) under ``card``; ``run_rules``: the codes run on it."""
    items = [_item(item, result, set(run_rules)) for item in card.items]
    return _entry(card, result.path, result.agency, result.report_year, result.status, items)


def missing(card: Scorecard, agency: str, year: int) -> dict:
    """The entry of a report an agency lacks for ``year``: its missing_report items deducted, the others
    not assessable (there is nothing to assess)."""
    items = [_capped(item, item.deduct, count=1) if item.missing_report else _state(item, NOT_ASSESSABLE, reason="缺少该年度报告") for item in card.items]
    return _entry(card, None, agency, year, "missing", items)


def _entry(card: Scorecard, path, agency, year, status, items) -> dict:
    deducted = _points(sum(i["deduction"] for i in items))
    return {"path": path, "agency": agency, "report_year": year, "status": status, "total": card.total,
            "deducted": deducted, "score": _points(max(0, card.total - deducted)),
            "complete": all(i["state"] != NOT_ASSESSABLE for i in items), "items": items}


def _state(item: Item, state: str, deduction: float = 0, *, count=None, value=None, reason: str = "") -> dict:
    return {"id": item.id, "name": item.name, "state": state, "deduction": _points(deduction), "count": count,
            "value": value, "reason": reason}


def _points(value: float) -> int | float:
    """Points as a sheet has them: whole points as integers (0, 2), else the sum rounded where binary fractions
    stray (0.1 + 0.2 is 0.3)."""
    value = round(value, 6)
    return int(value) if value == int(value) else value


def _item(item: Item, result, run_rules: set) -> dict:
    from .coverage import NEEDS
    from .findings import STATUS_WORDS

    coverage = result.coverage
    if coverage is None:  # unreadable, not a report, failed: nothing of it was assessed
        return _state(item, NOT_ASSESSABLE, reason=f"文件{STATUS_WORDS[result.status]}")
    if item.missing_report:
        return _state(item, CLEAR)  # the report is here
    not_run = {r["code"]: r["reason"] for r in coverage["rules"]["not_run"]}
    if item.rules:
        ran = [code for code in item.rules if code in run_rules and code not in not_run]
        if not ran:
            why = [NEEDS[not_run[code]] for code in item.rules if code in not_run]
            return _state(item, NOT_ASSESSABLE, reason="、".join(dict.fromkeys(why)) if why else "相关规则未运行")
        count = sum(f.code in ran and (not item.severity or f.severity in item.severity) for f in result.findings)
        if not count and item.on_tables and result.status == "not-assessable":
            return _state(item, NOT_ASSESSABLE, reason="表格未能读取")
        return _capped(item, count * item.deduct, count=count)
    if item.measure is not None:
        value = coverage["measures"].get(item.measure)
        if value is None:
            reason = NEEDS[not_run[item.measure]] if item.measure in not_run else \
                "相关规则未运行" if item.measure not in run_rules else "正文没有可比较的文字"
            return _state(item, NOT_ASSESSABLE, reason=reason)
        return _capped(item, item.deduct if value > item.over else 0, value=value)
    if result.report_year is None or result.published is None:
        return _state(item, NOT_ASSESSABLE, reason=NEEDS["year" if result.report_year is None else "published"])
    assert item.published_after is not None, "an item has exactly one condition (load)"
    month, day = item.published_after
    deadline = dt.date(result.report_year + 1, month, day)
    late = dt.date.fromisoformat(result.published) > deadline
    return _capped(item, item.deduct if late else 0, value=result.published)


def _capped(item: Item, deduction: float, **said) -> dict:
    if item.cap is not None:
        deduction = min(deduction, item.cap)
    return _state(item, DEDUCTED if deduction else CLEAR, deduction, **said)


def scores(card: Scorecard, run) -> list[dict]:
    """The entries of a run (api.Results): one per file, in order, then one per year missing from an agency's
    series when the card has a missing_report item."""
    out = [score(card, result, result.rules) for result in run.files]
    if any(item.missing_report for item in card.items):
        out += [missing(card, series.agency, year) for series in run.series for year in series.missing]
    return out


def fmt_points(value: float) -> str:
    """Points as a sheet writes them: 9.5, 10, 0.25."""
    from .rule import fmt

    return fmt(float(value))


def status_word(status: str) -> str:
    """A file's status as the outputs name it; ``missing``: a year an agency has no report for."""
    from .findings import STATUS_WORDS

    return STATUS_WORDS.get(status, "缺少报告")


def summary(entries: list[dict]) -> dict:
    """The batch's figures: entries, those with every item assessed, the mean score, the deductions."""
    scored = [e["score"] for e in entries]
    return {"reports": len(entries), "complete": sum(e["complete"] for e in entries),
            "mean": round(sum(scored) / len(scored), 2) if scored else None,
            "deducted": sum(e["deducted"] for e in entries)}


def said(entry_item: dict) -> str:
    """An item's result as editors read it: 扣 0.5（2 处）, 不扣分（测得 37.5%）, 无法评估：未能读出发布日期."""
    state = entry_item["state"]
    if state == NOT_ASSESSABLE:
        return f"无法评估：{entry_item['reason']}"
    detail = []
    if entry_item["count"] is not None:
        detail.append(f"{entry_item['count']} 处")
    value = entry_item["value"]
    if isinstance(value, (int, float)):
        detail.append(f"测得 {fmt_points(round(value, 1))}%")
    elif value is not None:
        detail.append(f"发布日期 {value}")
    head = f"扣 {fmt_points(entry_item['deduction'])}" if state == DEDUCTED else "不扣分"
    return head + (f"（{'，'.join(detail)}）" if detail else "")
