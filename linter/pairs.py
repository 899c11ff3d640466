"""Two years of the same agency: what each report keeps for the comparison, and which reports pair.

A batch worker lints one file and keeps of it, besides its findings, a *side*: its agency, year and
edition, the values and places of the cells a cross-year relation names (the editions' ``previous_year``)
and its narrative sentences, with years and numbers removed, each with its place. Sides are small and
cross process boundaries; the pairing runs once, in the process that collects the results: it indexes
the sides by agency and year (one pass, no quadratic scan), pairs each report with the one of the same
agency a year before, runs the pair rules (rules/pair.py) on each pair and adds their findings to the
later report. What a folder's series lack or hold twice (a missing year, two reports of one year) is
said in the run's notes, not as findings.

Agencies are matched by name: the configured ``agencies`` mapping first (a written name → the name to
use), then the name without spaces and a final 人民政府; names match when they are equal (an *exact*
pair) or when one is the other with more of its regions written before it (重庆市合川区二郎镇 and 二郎镇:
an *inexact* pair, whose findings are at most warnings); a name written without any region (城关镇, shared
by towns all over the country) is certain only for two reports in one folder. A report for which more than
one report of the year before matches is not paired: which one it follows cannot be told.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import NamedTuple

from .findings import Span


class Place(NamedTuple):
    """A span in the user's file, as findings give it (line, column, end; a Word draft's place, a PDF's page)."""

    span: Span
    place: str | None = None
    page: int | None = None


class Sentence(NamedTuple):
    key: str          # the sentence without years, numbers, punctuation or spaces
    text: str         # as written
    where: Place
    section: str      # the section it stands in (a repeated passage does not run across sections)


class Side(NamedTuple):
    """What a report brings to a comparison with another year's report of its agency."""

    path: str
    agency: str | None
    year: int | None
    edition: str | None
    cells: dict       # cell id → (value, Place or None) for the cells any cross-year relation names
    sentences: tuple  # Sentence, in document order, less the boilerplate every year may repeat


class Pair(NamedTuple):
    current: int      # index of the later report
    previous: int     # index of the report of the year before
    exact: bool       # named or matched by the same name (not only by a shorter form of it)


_SPLIT = re.compile(r"[^。！？；!?;]+[。！？；!?;]*")
#: years and numbers, which change from year to year in a copied text: digits, and Chinese numerals
#: before a counter or a year's 年 (二〇二三年, 三件); ``一是`` stays.
_NUMBERS = re.compile(r"[0-9０-９]+(?:[.．,，][0-9０-９]+)*|[〇零一二三四五六七八九十百千万两]+(?=[年月日件个次条项宗家人户篇期场%])")
_NOT_WORD = re.compile(r"[\W_]+")
MIN_SENTENCE = 6   # characters of key: shorter sentences (“无。”) are not compared
#: a numbered sub-heading written as a sentence (（一）主动公开方面。): the structure, which every year repeats
_SUBHEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])[^，,；;：:]{1,12}[。：:]?$")


def key(text: str) -> str:
    """A sentence as compared across years: without years, numbers, punctuation and spaces."""
    from .labels import fold

    return _NOT_WORD.sub("", _NUMBERS.sub("", fold(text)))


@cache
def _relation_cells() -> frozenset[str]:
    """Every cell some cross-year relation of some edition names, on either side."""
    from .editions import editions, load

    return frozenset(c for e in editions() for r in load(e).relations for _, c in r.this + r.previous)


@cache
def _boilerplate(edition: str | None) -> re.Pattern | None:
    from .editions import editions, load

    patterns = load(edition).boilerplate if edition else load(editions()[-1]).boilerplate
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def side(report) -> Side:
    """The side of a bound report, its places mapped to the user's file (this runs in the worker, where
    the report's source map is)."""
    from .findings import Finding

    def placed(span: Span) -> Place:
        found = report.source.map.locate(Finding("", "", "", "", *span), report)
        return Place(found.span, found.place, found.page)

    cells = {}
    if report.template is not None:
        for cell_id in _relation_cells() & set(report.cells):
            cell = report.cells[cell_id]
            where = placed(cell.piece.span) if cell.piece is not None else None
            cells[cell_id] = (cell.value, where)
    boilerplate = _boilerplate(report.edition)
    sentences = []
    for para in report.paragraphs():
        if para.section is None:
            continue  # the title and front matter: they name the year and agency, every year
        for match in _SPLIT.finditer(para.text):
            text = match.group().strip()
            compared = key(text)
            if len(compared) < MIN_SENTENCE or _SUBHEADING.match(text) or (boilerplate and boilerplate.search(compared)):
                continue
            sentences.append(Sentence(compared, text, placed(para.span(match.start(), match.end())), para.section))
    return Side(report.path, report.agency, report.year, report.edition, cells, tuple(sentences))


_SUFFIX = re.compile(r"人民政府$")
#: administrative regions written before an agency's own name (省, 市, 区, 县…), each at most ten
#: characters that are not an office's (局, 委, 办…), so that 公安局某某区分局 is not read as a region.
_REGION = re.compile(r"[^局委办厅院所站部处科队室会司]{1,10}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|盟|州|县|区|旗)")


#: what an agency's name ends with; a title's words that end otherwise (a site's chrome, 政务公开) are no
#: agency to pair by
_AGENCY = re.compile(r"^[^\W\d_a-zA-Z]{1,40}(?:政府|局|委员会|委|办公室|办|厅|院|镇|乡|街道|办事处|中心|区|县|市|省|州|盟|旗|"
                     r"管委会|所|站|队|处|部|会|社|馆|署|集团|公司)$")


def name(agency: str, aliases: dict[str, str] | None = None) -> str | None:
    """An agency's name as compared: the configured name for it, without spaces and a final 人民政府; None
    when it does not read as an agency's name (what a title without one leaves)."""
    agency = _NOT_WORD.sub("", (aliases or {}).get(agency, agency))
    if not _AGENCY.match(agency):
        return None
    return _SUFFIX.sub("", agency) or None


def regions(agency: str) -> tuple[tuple[str, ...], str]:
    """(regions written before the agency's own name, its own name): 重庆市合川区二郎镇 → ((重庆市, 合川区),
    二郎镇); a region's government is the last region itself: 江苏省淮安市 → ((江苏省,), 淮安市)."""
    found, at = [], 0
    while match := _REGION.match(agency, at):
        found.append(match.group())
        at = match.end()
    own = agency[at:]
    if not own and found:
        own = found.pop()
    return tuple(found), own


def _folder(path: str) -> str:
    import os

    return os.path.dirname(os.path.abspath(path))


def compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two region prefixes can be the same place: one is the end of the other."""
    shorter, longer = sorted((a, b), key=len)
    return not shorter or longer[len(longer) - len(shorter):] == shorter


class Series(NamedTuple):
    """The reports of one agency in a batch, for the run's notes."""

    agency: str
    years: dict       # year → [paths]

    @property
    def missing(self) -> list[int]:
        first, last = min(self.years), max(self.years)
        return [y for y in range(first, last + 1) if y not in self.years]

    @property
    def duplicated(self) -> dict:
        return {y: paths for y, paths in self.years.items() if len(paths) > 1}

    def notes(self) -> list[str]:
        out = []
        for year, paths in sorted(self.duplicated.items()):
            shown = "、".join(paths[:3]) + ("等" if len(paths) > 3 else "")
            out.append(f"{self.agency}：{year}年度有 {len(paths)} 份报告（{shown}），无法确定与哪一份比较，"
                       "均未做跨年度检查")
        if self.missing:
            shown = "、".join(str(y) for y in self.missing)
            out.append(f"{self.agency}：缺少 {shown} 年度报告（已有 {'、'.join(str(y) for y in sorted(self.years))} 年度）")
        return out

    def to_json(self) -> dict:
        return {"agency": self.agency, "years": {str(y): p for y, p in sorted(self.years.items())},
                "missing_years": self.missing, "duplicate_years": sorted(self.duplicated)}


def pairs(sides: list, aliases: dict[str, str] | None = None) -> tuple[list[Pair], list[Series]]:
    """Which reports follow which (indexes into ``sides``; None entries are skipped), and the series of
    each agency with more than one report. One pass to index by (own name, year), then a look-up per report."""
    by_own: dict[tuple[str, int], list[int]] = defaultdict(list)
    names: dict[int, tuple[str, tuple, str]] = {}
    for index, s in enumerate(sides):
        if s is None or not s.agency or s.year is None:
            continue
        full = name(s.agency, aliases)
        if full is None:
            continue
        prefix, own = regions(full)
        names[index] = (full, prefix, own)
        by_own[(own, s.year)].append(index)
    found = []
    for index, (full, prefix, own) in names.items():
        candidates = [i for i in by_own.get((own, sides[index].year - 1), ()) if compatible(prefix, names[i][1])]
        exact = [i for i in candidates if names[i][0] == full]
        twins = [i for i in by_own[(own, sides[index].year)] if names[i][0] == full]
        if len(twins) > 1:
            continue  # two reports of this agency and year: neither is compared (the notes say so)
        if len(exact) == 1:
            # a name without its regions (城关镇, 新华街道) is shared by places all over the country: certain only
            # when both reports stand in one folder, as one agency's reports are kept
            certain = bool(prefix) or _folder(sides[index].path) == _folder(sides[exact[0]].path)
            found.append(Pair(index, exact[0], certain))
        elif not exact and len(candidates) == 1:
            found.append(Pair(index, candidates[0], False))
    return sorted(found), _series(names, sides)


def _series(names: dict, sides: list) -> list[Series]:
    """The series of the batch: reports whose own names are equal and whose regions agree are one agency's
    (named by its longest name: 重庆市合川区二郎镇 and 二郎镇 are one series); where the regions disagree
    (甲县民政局, 乙县民政局 and 民政局), each full name is a series of its own. Only agencies with more than
    one report are listed."""
    by_own: dict[str, list[int]] = defaultdict(list)
    for index, (_, _, own) in names.items():
        by_own[own].append(index)
    groups: dict[str, dict] = {}
    for members in by_own.values():
        prefixes = {names[i][1] for i in members}
        together = all(compatible(a, b) for a in prefixes for b in prefixes)
        for index in members:
            label = max((names[i][0] for i in members), key=len) if together else names[index][0]
            groups.setdefault(label, defaultdict(list))[sides[index].year].append(sides[index].path)
    return [Series(agency, dict(years)) for agency, years in sorted(groups.items())
            if len(years) > 1 or any(len(p) > 1 for p in years.values())]


def compare(tasks: list, outcomes: list, rules_for) -> tuple[list, list[Series], list[str]]:
    """The pairing stage of a run (api.collect): pair the run's reports, run the pair rules of each later
    report (``rules_for(task)`` gives its rule instances) on its pair; returns the outcomes, each later
    report's result with their findings added and the report it was compared with, the series and the
    notes. With exactly one report checked and one ``--previous``, the user says they pair:
    they are compared when the years follow, else a note says why not."""
    from .coverage import paired
    from .editions import load
    from .findings import Finding, labelled
    from .rule import InternalError

    sides = [r.side if r is not None else None for r, _ in outcomes]
    outcomes = list(outcomes)
    mine = [i for i, t in enumerate(tasks) if not t.previous]
    earlier = [i for i, t in enumerate(tasks) if t.previous]
    notes: list[str] = []
    series: list[Series] = []
    if len(mine) == 1 and len(earlier) == 1:
        this, before = sides[mine[0]], sides[earlier[0]]
        found = []
        if before is None or before.year is None or this is None or this.year is None:
            unknown = tasks[earlier[0]] if before is None or before.year is None else tasks[mine[0]]
            notes.append(f"{unknown.path}：未能识别报告年度，未做跨年度检查")
        elif before.year != this.year - 1:
            notes.append(f"{before.path} 是 {before.year} 年度报告，不是 {this.path}（{this.year} 年度）的上一年度，"
                         "未做跨年度检查")
        else:
            found = [Pair(mine[0], earlier[0], True)]
    else:
        found, series = pairs(sides, {k: v for t in tasks for k, v in t.agencies})
    for pair in found:
        task, (result, _) = tasks[pair.current], outcomes[pair.current]
        if task.previous:
            continue
        this, before = sides[pair.current], sides[pair.previous]
        assert this is not None and before is not None, "a pair is of two reports with sides"
        template = load(this.edition) if this.edition else None
        added: list[Finding] = []
        measures: dict = {}
        for rule in rules_for(task):
            if rule.needs != ("pair",):
                continue
            try:
                added.extend(labelled(f, template) for f in rule.check_pair(this, before, pair.exact))
                measured = rule.measure(this, before)
                if measured is not None:
                    measures[rule.code] = measured
            except Exception as exc:  # a defect of a pair rule: this file's finding, as any rule's
                added.append(InternalError().failed(f"运行规则 {rule.code}（{rule.name}）", exc))
        findings = sorted([*result.findings, *added], key=Finding.sort_key) if added else result.findings
        outcomes[pair.current] = (result._replace(previous=(before.path, before.year), findings=findings,
                                                  coverage=paired(result.coverage, measures)), None)
    return outcomes, series, notes + [n for s in series for n in s.notes()]
