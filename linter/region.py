"""A region's sums (``disclint region``): a government's report against the sum of its departments' reports.

The report of a 县级以上 people's government as a whole (本级政府: the 本级政府年度报告 its 主管部门 publishes
under 条例第四十九条) covers the government's own work and its departments': its office (某某县人民政府办公室)
and its 工作部门 (某某县教育局…). So each figure of its tables 三 and 四 (applications by applicant, outcomes,
carried over; 行政复议 and 行政诉讼 by result) should be the sum of those figures over its departments' reports,
every cell of the two tables being a count that adds. Townships and 街道 are governments of their own level,
with reports of their own under the same 条例; a county's report does not include them unless the office says
so (``--townships``, or a tree that names them).

Which reports roll up into which comes from a small YAML tree (``parent: [child, …]``, names as the reports
give them; ``--tree``), or, without one, from the reports' own names: a department whose name begins with
the government's region (某某县教育局 under 某某县人民政府; 某某市某某县教育局 too). A difference is a warning,
never an error: a government's report may include bodies that publish no report of their own (and then it is
larger than the sum), and the folder may lack a department's report. Each warning lists the reports summed and
those missing: named by the tree but absent that year, or (without a tree) present in another year of the folder
but not this one, or present but with tables that could not be read.
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from .findings import WARNING, CellRef, Finding, Span
from .rule import Rule


class RegionSum(Rule):
    """本级政府报告的表三、表四与所属部门报告之和不一致。

    **检查内容。** `disclint region` 把同一年度所属部门报告的表三、表四逐格相加，与本级政府报告的同一单元格比较；
    不一致时每个表一条警告，写明不一致的单元格（本报告的数字和各部门之和）、合计了哪些报告、缺少哪些报告。
    只比较两份报告都读到数字的单元格；所属单位的报告无法读取或同一年度有两份时，不计入合计，单独列出。

    **原因。** 县级以上人民政府的年度报告是政府作为一个整体的报告（《条例》第四十九条），包括政府本身和各工作
    部门，所以表三、表四的每个数字应等于各部门报告之和。本级政府的报告可能包括没有单独发布报告的机构，文件夹中
    也可能缺少某个部门的报告，所以这只是警告：本报告的数字小于各部门之和时，一定有一方写错了。

    **错误示例。** 某某县人民政府报告表三“一、本年新收政府信息公开申请数量”行“总计”列为 159，而某某县人民政府
    办公室、教育局、财政局三份报告同一单元格之和为 158。

    **正确示例。** 各单元格等于所属部门报告之和；或者本报告包括没有单独报告的机构，在正文中说明。

    **选项。** 无。上下级关系用 `disclint region --tree 文件` 指定，或按报告中的单位名称判断（docs/office.md）。
    """

    code, name, severity = "R101", "region.sum", WARNING
    summary = "本级政府报告的表三、表四与所属部门报告之和不一致"
    #: run by ``disclint region`` over a folder of one region's reports (``check`` below), never on one report:
    #: so not among ``disclint check``'s rules unless selected, and then it says it did not run (coverage)
    needs = ("region",)
    enabled_by_default = False

#: the tables whose every cell is a count that adds up over a government's departments
TABLES = ("s3", "s4")
#: differing cells a warning names before it says how many more
SHOWN = 6
_TREE_SCHEMA = {"type": "object", "minProperties": 1,
                "additionalProperties": {"type": "array", "items": {"type": "string"}, "minItems": 1}}


def load_tree(path: str) -> dict[str, list[str]]:
    """The tree of a YAML file: ``某某县人民政府: [某某县人民政府办公室, 某某县教育局]`` (a mapping of lists of
    names); a file of any other shape is refused with its file and line (ConfigError)."""
    from .editions.schema import Marks, read
    from .errors import ConfigError, EditionError

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取（{exc.strerror}）") from None
    try:
        return read(path, text, _TREE_SCHEMA, Marks())
    except EditionError as exc:
        raise ConfigError(str(exc).replace("版本文件", "区域文件")) from None


class Check(NamedTuple):
    """One government's report against its departments' of the same year."""

    path: str
    agency: str
    year: int
    used: list[tuple[str, str]]        # (agency, path) of the children summed
    missing: list[str]                 # children without a report that year
    unreadable: list[tuple[str | None, str]]  # (agency, path) of children whose tables could not be read
    findings: list[Finding]

    def to_json(self) -> dict:
        return {"path": self.path, "agency": self.agency, "year": self.year,
                "used": [{"agency": a, "path": p} for a, p in self.used], "missing": self.missing,
                "unreadable": [{"agency": a, "path": p} for a, p in self.unreadable],
                "findings": [f.to_json() for f in self.findings]}


def _key(agency: str | None) -> str | None:
    from .pairs import name

    return name(agency) if agency else None


def _children_by_name(keys: set[str], parent: str, townships: bool) -> list[str]:
    """The agencies whose names place them under the government ``parent`` (its region as their last region)."""
    from .metadata import agency_kind
    from .pairs import compatible, regions

    above, own = regions(parent)
    kinds = ("department", "township") if townships else ("department",)
    found = []
    for key in keys:
        prefix, _ = regions(key)
        if key != parent and prefix and prefix[-1] == own and compatible(prefix[:-1], above) \
                and agency_kind(key) in kinds:
            found.append(key)
    return sorted(found)


def check(results, tree: dict[str, list[str]] | None = None, townships: bool = False,
          rule: RegionSum | None = None) -> list[Check]:
    """The checks of every government's report among ``results`` (results that kept their cells) that has
    children: by ``tree`` when given, else by the reports' names; ``rule`` the configured rule (its level)."""
    rule = rule or RegionSum()
    from .editions import load
    from .stats import assessable

    reports: dict[tuple[str, int], list] = defaultdict(list)
    for result in results:
        key = _key(result.agency)
        if key is not None and result.report_year is not None:
            reports[key, result.report_year].append(result)
    known = {key for key, _ in reports}
    if tree is not None:
        children = {_key(p) or p: [_key(c) or c for c in kids] for p, kids in tree.items()}
    else:
        from .stats import level

        children = {k: _children_by_name(known, k, townships) for k in known
                    if level(k) in ("province", "city", "county")}
    checks = []
    for (key, year), found in sorted(reports.items()):
        kids = children.get(key)
        if not kids or len(found) != 1 or not assessable(found[0]):
            continue
        parent = found[0]
        used: list = []
        missing: list[str] = []
        unreadable: list[tuple[str | None, str]] = []
        for kid in kids:
            theirs = reports.get((kid, year), [])
            if not theirs:
                missing.append(kid)
            elif len(theirs) > 1 or not assessable(theirs[0]):
                unreadable.extend((r.agency, r.path) for r in theirs)
            else:
                used.append(theirs[0])
        if not used:
            continue
        template = load(parent.edition)
        check_ = Check(parent.path, parent.agency, year, [(r.agency, r.path) for r in used], missing, unreadable, [])
        for table in TABLES:
            finding = _compare(rule, parent, used, template, table, check_)
            if finding is not None:
                check_.findings.append(finding)
        checks.append(check_)
    return checks


def _compare(rule: RegionSum, parent, used: list, template, table_id: str, check_: Check) -> Finding | None:
    """One warning for a table of the parent's whose cells differ from the sums of its children's."""
    table = template.tables[table_id]
    differ = []
    for cell_id in table.cells:
        mine = parent.cells.get(cell_id, {}).get("value")
        theirs = [r.cells.get(cell_id, {}).get("value") for r in used]
        if not isinstance(mine, (int, float)) or any(not isinstance(v, (int, float)) for v in theirs):
            continue  # a blank or unread cell, or one the other edition lacks: nothing to compare
        total = sum(theirs)
        if abs(mine - total) > 1e-9:
            differ.append((cell_id, mine, total))
    if not differ:
        return None
    shown = "、".join(f"{template.cell_label(c).removeprefix(table.name)} {_n(m)}（之和 {_n(t)}）"
                     for c, m, t in differ[:SHOWN])
    more = f"等 {len(differ)} 处" if len(differ) > SHOWN else ""
    smaller = any(m < t for _, m, t in differ)
    why = ("本报告的数字小于所属单位报告之和" if smaller else
           "本报告的数字大于所属单位报告之和（如包括没有单独报告的机构，可以忽略）")
    used_names = "、".join(a for a, _ in check_.used)
    message = (f"{table.name}与所属单位 {len(check_.used)} 份报告之和不一致：{shown}{more}；{why}。"
               f"合计的报告：{used_names}")
    if check_.missing:
        message += f"；缺少报告：{'、'.join(check_.missing)}"
    if check_.unreadable:
        message += f"；表格无法读取或同年有多份、未合计：{'、'.join(a or p for a, p in check_.unreadable)}"
    first = parent.cells[differ[0][0]]
    line, column = first["line"] or 1, first["column"] or 1
    cells = tuple(CellRef(c, parent.cells[c]["line"], template.cell_label(c)) for c, _, _ in differ)
    return rule.at(Span(line, column, line, column), message, cells=cells, expected=differ[0][2],
                   actual=differ[0][1], anchor=table_id)


def _n(value) -> str:
    return str(int(value)) if value == int(value) else str(value)



def run(paths, *, tree: str | dict | None = None, townships: bool = False, config: str | None = None,
        jobs: int | None = None) -> tuple[list[Check], list[str]]:
    """``disclint region``: read the reports' tables (no rule runs) and check each government's against its
    children's; ``tree`` a YAML file's path or the mapping itself. Returns (checks, files that could not be
    opened)."""
    from .api import extract

    if isinstance(tree, str):
        tree = load_tree(tree)
    results, errors = extract(paths, config=config, jobs=jobs)
    return check(results, tree, townships), errors
