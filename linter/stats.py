"""The year's figures of a folder of reports, as a reviewing office reports them (``disclint stats``).

Per report: applications received (本年新收), 实质公开率 (予以公开 + 部分公开 over （七）总计, the applications
decided this year), 纠错率 (行政复议 and 行政诉讼 结果纠正 over those concluded: 维持 + 纠正 + 其他结果, every
result but 尚未审结), whether it was published late (meta.late-publication at error level: past the
statutory deadline of 条例第四十九条), whether an equation of its tables is broken (a balance finding at
error level) and whether it could be assessed at all. The cells are taken by the editions' named facts
(``applications.new``, ``outcomes.disclosed``…), so every edition is read the same way, with no code per
edition.

Per level (``level``: province, city, county, department, township, from the agency's name) and year,
the same figures summed over the reports of that level, a ratio being the sum of its numerators over the
sum of its denominators (not a mean of ratios: a department with 2 applications does not weigh as much as
one with 2,000). There is no total over the levels: a government's report includes its departments'
figures (linter/region.py), so a sum over every report would count them twice. A ratio whose denominator is below ``minimum`` (default 30) is shown as its counts
(``12/20``), not as a percentage: on a few cases a percentage says more than the cases do.

Last year's figures stand beside this year's when last year's reports are in the folder: an agency's by
pairing its two reports (linter/pairs.py), a level's by summing last year's reports of that level.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

#: the statistics' minimum denominator for a ratio shown as a percentage (``--minimum``)
MINIMUM = 30
#: the rule whose error-level finding makes a report late, and the family whose error-level finding is a
#: broken equation (names, not imports: the core never imports the rules)
LATE_RULE, BALANCE_FAMILY = "meta.late-publication", "balance"
LEVELS = ("province", "city", "county", "department", "township", "unknown")
LEVEL_WORDS = {"province": "省级", "city": "市级", "county": "县级", "department": "部门", "township": "乡镇、街道",
               "unknown": "无法判断"}
#: the municipalities directly under the central government: governments of provincial level named 市
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE = re.compile(r"(?:省|自治区|特别行政区)$")
_CITY = re.compile(r"(?:市|自治州|州|盟|地区)$")
_COUNTY = re.compile(r"(?:县|区|旗|自治县|自治旗|林区|特区)$")


def level(agency: str | None) -> str:
    """The level of an agency, from its name alone: a township or 街道 (metadata.agency_kind); a department
    (a name ending in 局, 委, 办公室…); else the government of the last region it names: 省/自治区 province
    (and 北京市, 天津市, 上海市, 重庆市), 市/州/盟/地区 city, 县/区/旗 county. A 县级市 (迁安市) reads as a
    city: its name does not say otherwise. ``unknown`` when the name is none of these."""
    from .metadata import agency_kind
    from .pairs import name

    kind = agency_kind(agency)
    if kind in ("township", "department"):
        return kind
    plain = name(agency) if agency else None
    if kind != "government" or not plain:
        return "unknown"
    if plain.endswith(_MUNICIPALITIES) or _PROVINCE.search(plain):
        return "province"
    if _COUNTY.search(plain):
        return "county"
    return "city" if _CITY.search(plain) else "unknown"


def assessable(result) -> bool:
    """Whether a file's figures could be assessed: it was checked as a report and some cell of its table 三
    was read. The per-file status says so where it has a ``not-assessable`` value (issue 23, item 1): any
    status but ``checked`` is not assessable; this function is the one place that reads it."""
    if result.status != "checked":
        return False
    return any(cell["line"] is not None for cell_id, cell in result.cells.items() if cell_id.startswith("s3."))


class Ratio(NamedTuple):
    """numerator / denominator, a percentage only from ``minimum`` cases on."""

    numerator: int
    denominator: int
    minimum: int = MINIMUM

    @property
    def rate(self) -> float | None:
        """The percentage, or None: no case, or fewer than ``minimum``."""
        if not self.denominator or self.denominator < self.minimum:
            return None
        return 100 * self.numerator / self.denominator

    def __str__(self) -> str:
        if not self.denominator:
            return "—"
        rate = self.rate
        return f"{rate:.1f}%" if rate is not None else f"{self.numerator}/{self.denominator}"

    def to_json(self) -> dict:
        rate = self.rate
        return {"numerator": self.numerator, "denominator": self.denominator,
                "rate": None if rate is None else round(rate, 4)}


class Figures(NamedTuple):
    """One report's figures; None where the report's cells do not give it (a blank or unread cell)."""

    path: str
    agency: str | None
    level: str
    year: int | None
    assessable: bool
    received: int | None      # 本年新收
    granted: int | None       # 予以公开 + 部分公开
    decided: int | None       # （七）总计
    corrected: int | None     # 行政复议 and 行政诉讼 结果纠正
    concluded: int | None     # 行政复议 and 行政诉讼 维持 + 纠正 + 其他结果
    late: bool
    broken: bool


def _fact(result, template, *names: str) -> int | None:
    """The sum of named facts of the report's edition from its extracted cells; None when a cell holds no
    number or the edition lacks a fact."""
    total = 0
    for fact in names:
        cells = template.fact(fact) if template is not None else None
        values = [result.cells.get(c, {}).get("value") for c in cells or (None,)]
        if any(not isinstance(v, (int, float)) for v in values):
            return None
        total += sum(values)
    return int(total) if total == int(total) else total


def figures(result) -> Figures:
    """A file's figures (a result of a run that kept its cells)."""
    from .editions import load

    template = load(result.edition) if result.edition else None
    ok = assessable(result)

    def fact(*names):
        return _fact(result, template, *names) if ok else None

    errors = [f for f in result.findings if f.severity == "error"]
    return Figures(result.path, result.agency, level(result.agency), result.report_year, ok,
                   fact("applications.new"), fact("outcomes.disclosed", "outcomes.partly-disclosed"),
                   fact("applications.processed"), fact("review.corrected", "suits.corrected"),
                   fact("review.concluded", "suits.concluded"),
                   any(f.rule == LATE_RULE for f in errors), any(f.family == BALANCE_FAMILY for f in errors))


def ratios(f: Figures, minimum: int = MINIMUM) -> tuple[Ratio | None, Ratio | None]:
    """A report's 实质公开率 and 纠错率; None where a figure of it is not known."""
    def ratio(top, bottom):
        return Ratio(top, bottom, minimum) if top is not None and bottom is not None else None

    return ratio(f.granted, f.decided), ratio(f.corrected, f.concluded)


class Summary(NamedTuple):
    """The figures of a group of reports (a level in a year)."""

    reports: int
    received: int
    disclosure: Ratio         # 实质公开率
    correction: Ratio         # 纠错率
    late: int
    broken: int
    not_assessable: int

    def to_json(self) -> dict:
        return {"reports": self.reports, "received": self.received, "disclosure_rate": self.disclosure.to_json(),
                "correction_rate": self.correction.to_json(), "late": self.late, "broken_equations": self.broken,
                "not_assessable": self.not_assessable}


def summarise(group: list[Figures], minimum: int = MINIMUM) -> Summary:
    """Sums over reports; a report counts in a ratio only when both its numerator and denominator are known."""
    def ratio(top: str, bottom: str) -> Ratio:
        known = [f for f in group if getattr(f, top) is not None and getattr(f, bottom) is not None]
        return Ratio(sum(getattr(f, top) for f in known), sum(getattr(f, bottom) for f in known), minimum)

    return Summary(len(group), sum(f.received or 0 for f in group), ratio("granted", "decided"),
                   ratio("corrected", "concluded"), sum(f.late for f in group), sum(f.broken for f in group),
                   sum(not f.assessable for f in group))


class Row(NamedTuple):
    """An agency's figures this year and, when its report is in the folder, last year's."""

    this: Figures
    previous: Figures | None


class Statistics(NamedTuple):
    year: int | None                       # the year reported (the latest in the folder unless asked)
    minimum: int
    rows: list[Row]                        # this year's reports, by level then agency
    levels: dict[str, tuple[Summary, Summary | None]]   # level → (this year, last year)

    def to_json(self) -> dict:
        def one(f: Figures | None) -> dict | None:
            if f is None:
                return None
            disclosure, correction = ratios(f, self.minimum)
            return {"path": f.path, "agency": f.agency, "level": f.level, "year": f.year, "assessable": f.assessable,
                    "received": f.received, "disclosure_rate": disclosure and disclosure.to_json(),
                    "correction_rate": correction and correction.to_json(), "late": f.late,
                    "broken_equations": f.broken}

        return {"year": self.year, "minimum_denominator": self.minimum,
                "levels": {lv: {"this_year": a.to_json(), "last_year": b.to_json() if b else None}
                           for lv, (a, b) in self.levels.items()},
                "reports": [{"this_year": one(r.this), "last_year": one(r.previous)} for r in self.rows]}


def compute(results, year: int | None = None, minimum: int = MINIMUM) -> Statistics:
    """The statistics of a run's results (``api.lint(…, keep=("cells",))``) for ``year`` (the latest year of
    the results by default), with last year's beside them."""
    from .pairs import Side, pairs

    if minimum < 1:
        from .errors import UsageError

        raise UsageError("--minimum 应为正整数")
    all_figures = [figures(r) for r in results]
    years = [f.year for f in all_figures if f.year is not None]
    year = year if year is not None else (max(years) if years else None)
    sides = [Side(f.path, f.agency, f.year, None, {}, ()) if f.year in (year, (year or 0) - 1) else None
             for f in all_figures]
    before = {p.current: all_figures[p.previous] for p in pairs(sides)[0]}
    order = {lv: k for k, lv in enumerate(LEVELS)}
    rows = sorted((Row(f, before.get(k)) for k, f in enumerate(all_figures) if f.year == year and year is not None),
                  key=lambda r: (order[r.this.level], r.this.agency or "", r.this.path))
    by_level: dict[tuple[str, int | None], list[Figures]] = defaultdict(list)
    for f in all_figures:
        if year is not None and f.year in (year, year - 1):
            by_level[f.level, f.year].append(f)
    levels = {}
    for lv in LEVELS:
        if (lv, year) in by_level or (lv, (year or 0) - 1) in by_level:
            last = by_level.get((lv, (year or 0) - 1))
            levels[lv] = (summarise(by_level.get((lv, year), []), minimum), summarise(last, minimum) if last else None)
    return Statistics(year, minimum, rows, levels)


def run(paths, *, year: int | None = None, minimum: int = MINIMUM, config: str | None = None,
        jobs: int | None = None) -> Statistics:
    """``disclint stats``: lint the reports (the rules the configuration runs, which say what is late or
    broken) keeping their cells, and compute the statistics."""
    from .api import lint

    return compute(lint(paths, config=config, jobs=jobs, keep=("cells",)).files, year, minimum)
