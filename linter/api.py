"""The library API: plan a run over reports and run it. The CLI is one caller; a web page, a reviewing
office's script or a test is another, and none of them copies the planning.

    import disclint
    results = disclint.lint(["reports/"], select=["balance"], jobs=2)
    for result in results.files:
        print(result.path, [f.code for f in result.findings])

A run is planned file by file: files are found (folders searched for report files, less what the
configuration excludes), each file's configuration is the one nearest to it (or the one given), and from
it and the caller's options come the rules to run, their options and levels, and the edition to use. The
plan is the same for ``lint`` and ``extract``, so both read a file with the same edition.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from .errors import UsageError
from .paths import printable

if TYPE_CHECKING:
    from .engine import FileResult
    from .pairs import Series
    from .scorecard import Scorecard

REPORT_SUFFIXES = (".txt", ".md", ".text", ".markdown", ".html", ".htm", ".docx", ".pdf", ".doc", ".wps")


class Task(NamedTuple):
    """One file to lint, as planned: what a batch worker needs and nothing else."""

    path: str
    rules: tuple[str, ...]        # rule codes to run
    settings: dict                # rule code → its settings (level and options) from the configuration
    edition: str | None           # the edition to read it with; None: detect it
    data: bytes | None            # the bytes, when they do not come from a file (standard input)
    keep: tuple[str, ...]         # what the result must carry besides findings: "lines", "cells", "sha256", "rules"
    error: str | None = None      # set when there is nothing to lint, only this to report (a folder not readable)
    previous: bool = False        # read only as last year's report of another file (--previous): not reported
    agencies: tuple = ()          # (name as written, agency) pairs of the configuration, for pairing years
    excluded: bool = False        # excluded by the configuration: accounted for, not read
    only_reports: bool = False    # a file that is no report is skipped, not a finding (--only-reports)


class _Outcome(NamedTuple):
    files: list[FileResult]       # every file read, in order
    errors: list[str]             # one line for each file that could not be opened (a usage problem)


class Results(_Outcome):
    """What a run gave: ``files, errors = lint(…)`` as before; and, since years are paired, ``series``
    (pairs.Series of each agency with several reports) and ``notes`` (what the pairing says about the run:
    a missing year, two reports of one year, a --previous that cannot be compared), ``excluded`` (the
    paths the configuration excluded, not read); ``scorecard`` and ``scores`` when the run was scored (the
    sheet, and an entry per report). Immutable, as FileResult is: ``_replace`` makes a changed copy. (A named
    tuple of two that unpacks as before, with more attributes set once here.)"""

    series: list[Series]
    notes: list[str]
    excluded: list[str]
    scorecard: Scorecard | None
    scores: list[dict]

    def __new__(cls, files: list[FileResult], errors: list[str], series: Iterable[Series] = (),
                notes: Iterable[str] = (), excluded: Iterable[str] = (), scorecard: Scorecard | None = None,
                scores: Iterable[dict] = ()) -> Results:
        self = super().__new__(cls, files, errors)
        vars(self).update(series=list(series), notes=list(notes), excluded=list(excluded), scorecard=scorecard,
                          scores=list(scores))
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Results is immutable: _replace({name}=…) makes a changed copy")

    def _replace(self, **changes) -> Results:
        fields = {"files": self.files, "errors": self.errors, "series": self.series, "notes": self.notes,
                  "excluded": self.excluded, "scorecard": self.scorecard, "scores": self.scores}
        return Results(**{**fields, **changes})


#: the rules of other packages' rule packs, once ``use_plugins`` has read them (linter/plugins.py)
_PLUGINS: tuple = ()


def registry() -> tuple:
    """The rule classes of disclint, in the order their docs list them (rules/registry.py), then those of the
    rule packs this process uses (``use_plugins``). The face (this API, the command line, the docs generator)
    names the registry and passes the rules down; the core runs the rules it is given. Imported when first
    asked for, so that a command that runs no rule (``--version``, ``template``) never loads the rule
    families."""
    from disclint.rules.registry import RULES

    return RULES + _PLUGINS


def use_plugins() -> tuple:
    """Add the rules of every installed rule pack (entry point group ``disclint.rules``) to the registry of
    this process and of the batch workers it starts; returns them. Read once: the scan of the installed
    distributions is paid only by a run that asks for it (``--plugins``)."""
    global _PLUGINS
    if not _PLUGINS:
        from disclint.rules.registry import RULES

        from .plugins import load

        _PLUGINS = load(RULES)
    return _PLUGINS


def _by_code() -> dict:
    return {rule.code: rule for rule in registry()}


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list:
    """Rule classes after select/ignore lists (each item a code, a name or a family)."""
    every = registry()
    select, ignore = list(select), list(ignore)

    def matches(rule, key):
        return key.upper() == rule.code or key == rule.name or key == rule.name.split(".")[0]

    for key in select + ignore:
        if not any(matches(rule, key) for rule in every):
            raise UsageError(f"未知的规则或类别：{key}（可用 disclint rules 查看）")
    chosen = []
    for rule in every:
        if select and not any(matches(rule, k) for k in select):
            continue
        if not rule.enabled_by_default and not any(key.upper() == rule.code or key == rule.name for key in select):
            continue  # off by default: only an explicit selection of this rule turns it on
        if any(matches(rule, k) for k in ignore):
            continue
        chosen.append(rule)
    return chosen


def find_files(paths: Iterable[str], config_for: Callable | None = None, problems: list | None = None,
               excluded: list | None = None, force_exclude: bool = False) -> list[str]:
    """Files to check: files as given, folders searched recursively for report files (less those the
    configuration excludes, which are added to ``excluded``; with ``force_exclude`` a file named directly
    is excluded the same way), ``-`` for standard input. A subfolder that cannot be listed is not skipped in
    silence: (folder, message) is added to ``problems``."""
    files: list[str] = []
    excluded = [] if excluded is None else excluded
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found: list[str] = []

            def unlisted(exc: OSError) -> None:
                if problems is not None:
                    problems.append((exc.filename, f"{printable(exc.filename)}: 无法读取目录（{exc.strerror}），"
                                                   "其中的文件未检查"))

            for folder, dirs, names in os.walk(path, onerror=unlisted):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(folder, n) for n in names if n.lower().endswith(REPORT_SUFFIXES))
            for f in sorted(found):
                (excluded if config_for is not None and config_for(f).excluded(f) else files).append(f)
        elif force_exclude and path != "-" and config_for is not None and config_for(path).excluded(path):
            excluded.append(path)
        else:
            files.append(path)
    return files


def configuration(config: str | None = None) -> Callable:
    """The configuration that applies to a file: the file given, or the nearest one to the file. Each folder
    and each configuration file is read once per call (one run), and read afresh by the next."""
    from .config import discover, load

    if config:
        fixed = load(os.path.abspath(config), registry())
        return lambda path: fixed
    folders: dict[str, object] = {}
    loaded: dict = {}

    def for_file(path: str):
        folder = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
        if folder not in folders:
            folders[folder] = discover(folder, registry(), loaded)
        return folders[folder]

    return for_file


def plan(paths: Iterable[str], *, select: Iterable[str] = (), ignore: Iterable[str] = (), edition: str | None = None,
         config: str | None = None, rules: bool = True, keep: Iterable[str] = (),
         previous: Iterable[str] = (), only_reports: bool = False, force_exclude: bool = False,
         stdin_name: str | None = None) -> list[Task]:
    """The tasks of a run: for each file, the rules and settings its configuration and these options give
    (options win), and its edition (``edition``, else the configuration's, else detected). ``rules=False``
    plans a run that only reads files (extraction). ``previous`` files are read as last year's reports of
    the others, and not reported; when pair rules run and there is more than one file, every task keeps
    its side for the pairing (linter/pairs.py). ``only_reports``: a file that is no report is skipped (its
    status says so) instead of being a finding; ``force_exclude``: the configuration's ``exclude`` applies
    to files named directly too (as a pre-commit hook names them); excluded files are tasks that are not
    run, so that every file is accounted for. ``stdin_name``: the name standard input is reported under
    (and whose configuration applies to it)."""
    known_edition(edition)
    config_for = configuration(config)
    select, ignore, keep = list(select), list(ignore), tuple(keep)
    tasks: list[Task] = []
    problems: list[tuple[str, str]] = []
    excluded: list[str] = []
    for path in find_files(paths, config_for, problems, excluded, force_exclude):
        found = config_for(stdin_name if path == "-" and stdin_name else path)
        codes = _codes(found, path, select, ignore) if rules else ()
        data = _stdin() if path == "-" else None
        tasks.append(Task(stdin_name if path == "-" and stdin_name else path, codes, found.rules,
                          edition or found.edition, data, keep, agencies=tuple(found.agencies.items()),
                          only_reports=only_reports))
    earlier = [Task(path, (), {}, edition or config_for(path).edition, _stdin() if path == "-" else None, keep,
                    previous=True, agencies=tuple(config_for(path).agencies.items())) for path in previous]
    if earlier and not tasks:
        raise UsageError("--previous 需要同时给出要检查的本年度报告")
    tasks = paired(tasks, earlier)
    tasks.extend(Task(folder, (), {}, None, None, keep, message) for folder, message in problems)
    tasks.extend(Task(path, (), {}, None, None, keep, excluded=True) for path in excluded)
    return tasks


def paired(tasks: list[Task], earlier: list[Task]) -> list[Task]:
    """``tasks`` and ``earlier`` (last year's reports, read only to compare with), every one keeping its side
    for the pairing of years when pair rules run and there is more than one file; else ``tasks`` alone."""
    if earlier or len(tasks) > 1:
        table = _by_code()
        if any(table[code].needs == ("pair",) for task in tasks for code in task.rules):
            return [t._replace(keep=t.keep + ("pairs",)) for t in tasks + earlier]
    return tasks


def _stdin() -> bytes:
    if sys.stdin is None:
        raise UsageError("标准输入已关闭，无法读取“-”")
    from .readers import MAX_BYTES

    return sys.stdin.buffer.read(MAX_BYTES + 1)  # more is refused by the engine, as a file that large is


_RULES: dict = {}


def _rules(codes: tuple[str, ...], settings: dict) -> list:
    """The rule instances for these codes and settings, made once per process (rules keep no state)."""
    key = (codes, repr(sorted(settings.items())))
    if key not in _RULES:
        table = _by_code()
        _RULES[key] = [table[code](settings.get(code)) for code in codes]
    return _RULES[key]


def run_task(task: Task) -> tuple[FileResult | None, str | None]:
    """One file, in this process or a batch worker: (result, None) or (None, one-line error). The result
    carries only what ``task.keep`` asks for: results cross process boundaries and a batch holds thousands,
    so they are made light here, once."""
    from .engine import ReadError, failed, lint_bytes, read

    if task.error is not None:
        return None, task.error
    if task.excluded:
        return None, None
    kept: dict = {}
    try:
        rules = _rules(task.rules, task.settings)
        data = task.data if task.data is not None else read(task.path)
        result = lint_bytes(task.path, data, rules, task.edition)
        if "sha256" in task.keep:  # only for the outputs that record it
            from .findings import sha256

            kept["sha256"] = sha256(data)
        if "rules" in task.keep:  # only for the outputs that list the rules run (JUnit: a test case each)
            kept["rules"] = task.rules
    except ReadError as exc:
        return None, str(exc)
    except Exception as exc:  # whatever else fails is this file's finding (parse.internal-error, exit 2)
        result = failed(task.path, "检查此文件", exc)
    findings = list(result.findings)
    if task.only_reports and result.status == "not-a-report":
        from .rule import NotAReport

        findings = [f for f in findings if f.code != NotAReport.code]
        kept["skipped"] = True
    if "pairs" in task.keep and result.report is not None:
        from .pairs import side

        try:
            kept["side"] = side(result.report)
        except Exception as exc:  # a defect of the pairing: this file's finding, as a rule's would be
            from .rule import InternalError

            findings.append(InternalError().failed("准备跨年度比较", exc))
    return result._replace(findings=findings, kept_cells=result.cells if "cells" in task.keep else {}, report=None,
                           lines=result.lines if "lines" in task.keep else (), **kept), None


def run(tasks: list[Task], jobs: int | None = None) -> Iterator:
    """The outcome of each task, in order; with several tasks and jobs > 1, from a process pool."""
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs 应为正整数")
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(tasks) > 1:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        done = 0
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_worker_start,
                                     initargs=(bool(_PLUGINS),)) as pool, \
                    _WorkersEndWithUs(pool):
                for outcome in pool.map(run_task, tasks, chunksize=max(1, len(tasks) // (jobs * 8))):
                    done += 1
                    yield outcome
        except BrokenProcessPool:
            yield from map(_alone, tasks[done:])
    else:
        yield from map(run_task, tasks)


def _worker_start(plugins: bool = False) -> None:
    """A worker ends at once on SIGTERM (its parent's handler, inherited when it forked, is the parent's);
    it knows the rule packs its parent uses (a worker that was not forked has not read them)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if plugins:
        use_plugins()


class _WorkersEndWithUs:
    """While ``pool`` runs: a SIGTERM to this process (a service stopping, ``timeout``, a CI runner
    cancelling) first ends the pool's workers, which would otherwise live on, orphaned; then the signal does
    what it did before (by default, ends this process). Only the pool's own processes are ended (not other
    children of a program calling the API), and only in the main thread, where Python handles signals."""

    def __init__(self, pool):
        self.pool, self.installed, self.previous = pool, False, None

    def __enter__(self):
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            self.previous, self.installed = signal.signal(signal.SIGTERM, self._end), True
        return self

    def _end(self, number, frame):
        import signal

        for worker in list((getattr(self.pool, "_processes", None) or {}).values()):  # the executor's own table
            worker.terminate()
        self.__exit__()
        os.kill(os.getpid(), signal.SIGTERM)  # as if the handler had not been there

    def __exit__(self, *exc):
        import signal

        if self.installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if self.previous is None else self.previous)
            self.installed = False


def _alone(task: Task):
    """A task run in a process of its own, after a worker died (a crash in a PDF library, the system
    killing it for memory): the file that kills its process is that file's finding, the others are read."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from .engine import failed

    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_start, initargs=(bool(_PLUGINS),)) as pool:
            return pool.submit(run_task, task).result()
    except BrokenProcessPool:
        return failed(task.path, "检查此文件", RuntimeError("检查进程意外终止：程序崩溃或内存不足被系统结束")), None


def collect(outcomes, tasks: list[Task] | None = None) -> Results:
    """The results of a run; with its ``tasks``, reports of one agency in consecutive years are paired and
    the pair rules' findings added (linter/pairs.py), and files read only as last year's are left out."""
    outcomes = list(outcomes)
    series: list[Series] = []
    notes: list[str] = []
    if tasks is not None and any("pairs" in t.keep for t in tasks):
        from .pairs import compare

        outcomes, series, notes = compare(tasks, outcomes, lambda task: _rules(task.rules, task.settings))
    kept = [o for i, o in enumerate(outcomes) if tasks is None or not tasks[i].previous]
    errors = [e for _, e in outcomes if e is not None]  # a --previous file that cannot be opened is an error too
    excluded = [printable(t.path) for t in tasks or () if t.excluded]
    return Results([r for r, _ in kept if r is not None], errors, series, notes, excluded)


def lint(paths: Iterable[str], *, select: Iterable[str] = (), ignore: Iterable[str] = (), edition: str | None = None,
         config: str | None = None, jobs: int | None = None, keep: Iterable[str] = (),
         previous: Iterable[str] = ()) -> Results:
    """Lint reports (files, folders, ``-``): the findings of each, with what ``keep`` asks for; reports of
    one agency in consecutive years are compared, and so is each with a ``previous`` file."""
    tasks = plan(paths, select=select, ignore=ignore, edition=edition, config=config, keep=keep, previous=previous)
    return collect(run(tasks, jobs), tasks)


def score(paths: Iterable[str], *, scorecard: str, select: Iterable[str] = (), ignore: Iterable[str] = (),
          edition: str | None = None, config: str | None = None, jobs: int | None = None, keep: Iterable[str] = (),
          previous: Iterable[str] = ()) -> Results:
    """Lint reports as ``lint`` does and score each under the scorecard file ``scorecard`` (linter/scorecard.py):
    the results carry ``scorecard`` (the sheet) and ``scores`` (an entry per file, then one per year missing
    from an agency's reports when the sheet deducts for it). A bad sheet raises ConfigError naming its line."""
    from .scorecard import load, scores

    card = load(os.path.abspath(scorecard), registry())
    tasks = plan(paths, select=select, ignore=ignore, edition=edition, config=config,
                 keep=tuple(dict.fromkeys(("rules", *keep))), previous=previous)
    results = collect(run(tasks, jobs), tasks)
    return results._replace(scorecard=card, scores=scores(card, results))


def lint_bytes(path: str, data: bytes, rules=None, edition: str | None = None):
    """engine.lint_bytes with the rules on by default, unless ``rules`` (instances) are given: one report
    linted without a configuration (scripts, tests). The engine runs only the rules it is handed; choosing
    them from the registry is the face's part."""
    from .engine import lint_bytes as lint

    return lint(path, data, [r() for r in registry() if r.enabled_by_default] if rules is None else rules, edition)


def lint_path(path: str, rules=None, edition: str | None = None):
    """``lint_bytes`` of a file's bytes (engine.read: regular files only, ReadError otherwise)."""
    from .engine import read

    return lint_bytes(path, read(path), rules, edition)


def extract(paths: Iterable[str], *, edition: str | None = None, config: str | None = None,
            jobs: int | None = None) -> Results:
    """The tables of reports as data (data contract §4), read with the edition a lint would use."""
    tasks = plan(paths, edition=edition, config=config, rules=False, keep=("cells", "sha256"))
    return collect(run(tasks, jobs), tasks)


def template(edition: str | None = None, year: int | None = None, agency: str = "某某单位", layout: str = "cells") -> str:
    """A report of an edition (the latest by default) for a year it applies to, for an editor to fill: every
    count 0, and 【请填写】 wherever the narrative needs the agency's own figures or words (never an invented
    one)."""
    from .editions import editions, load
    from .synth import generate

    edition = edition or editions()[-1]
    if edition not in editions():
        raise UsageError(f"未知的格式版本：{edition}（可用：{'、'.join(editions())}）")
    year = year if year is not None else load(edition).default_year
    if not load(edition).covers(year):
        raise UsageError(f"{year}年度报告不适用 {edition} 版格式")
    return generate(edition=edition, year=year, agency=agency, layout=layout, skeleton=True).text


def check_bytes(name: str, data: bytes, *, config: str | None = None, edition: str | None = None) -> dict:
    """The data contract's file object (an entry of ``files`` in ``disclint check --format json``) of one
    report given as bytes: what a distributed engine hands over as (path, bytes). Pure: nothing is read
    from the file system but the configuration file ``config`` names (None: the defaults; a file near
    ``name`` is not looked for, since ``name`` may be a URL or an object key). A bad file is a finding in
    the object, never an exception; a bad request (an unknown edition, an unusable configuration) raises
    UsageError or ConfigError as ``lint`` does."""
    import json

    from .outputs import CHECK
    from .outputs.json import check_json

    task = byte_task(name, data, configured(config), known_edition(edition), CHECK["json"].keep)
    result, _ = run_task(task)
    # the entry exactly as the JSON document writes it (tuples as lists, numbers as JSON has them)
    return json.loads(check_json([result]))["files"][0]


def known_edition(edition: str | None) -> str | None:
    """``edition`` if it is one of disclint's (or None, to detect it); else UsageError (also for 2021, an
    integer: editions are named by strings, as the command line and files name them)."""
    if edition is not None:
        from .editions import editions

        if edition not in editions():
            raise UsageError(f"未知的格式版本：{edition!r}（可用：{'、'.join(repr(e) for e in editions())}）")
    return edition


_CONFIGS: dict = {}


def configured(config: str | None):
    """The configuration a file names (None: the defaults), read once per process while the file is unchanged:
    a worker checking a million reports reads it once."""
    from .config import Config, load

    if config is None:
        return Config()
    path = os.path.abspath(config)
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        stamp = None  # load says what is wrong with it
    if (path, stamp) not in _CONFIGS:
        _CONFIGS[(path, stamp)] = load(path, registry())
    return _CONFIGS[(path, stamp)]


def rules_for(task: Task) -> list:
    """The rule instances of a task (made once per process), for a stage that runs them itself (the pairing)."""
    return _rules(task.rules, task.settings)


def byte_task(name: str, data: bytes | None, found, edition: str | None, keep: tuple[str, ...]) -> Task:
    """The task of one report given as bytes, with the rules, levels and options of the configuration
    ``found`` (its per-file ignores matched against ``name``), as ``plan`` makes the task of a file."""
    return Task(name, _codes(found, name), found.rules, edition or found.edition, data, keep,
                agencies=tuple(found.agencies.items()))


def _codes(found, name: str, select: list[str] | tuple = (), ignore: list[str] | tuple = ()) -> tuple[str, ...]:
    """The codes of the rules that run on the file ``name`` under the configuration ``found``: the options'
    selection (else the configuration's), less the configuration's per-file ignores and the rules it turns off."""
    off = {code for code, settings in found.rules.items() if settings.get("level") == "off"}
    chosen = select_rules(list(select) or found.select, (list(ignore) or found.ignore) + found.ignored_for(name))
    return tuple(rule.code for rule in chosen if rule.code not in off)
