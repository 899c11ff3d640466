"""The ``disclint`` command: check reports, extract their tables, and describe the rules.

It parses arguments, asks the library API (linter/api.py) to plan and run, hands what comes back to an output
(linter/outputs/) and sets the exit code.
Usage errors, unreadable files and internal failures print one line and exit 2; findings at error level
exit 1 (warnings too with ``--strict``); otherwise 0 (docs/data-contract.md §5).
"""
from __future__ import annotations

import argparse
import os
import sys

from . import outputs
from .errors import ConfigError, EditionError, UsageError
from .version import __version__

COMMANDS = ("check", "extract", "score", "rules", "rule", "template", "region", "stats", "serve")


#: argparse's own words, in Chinese: its help and its errors are read by the editors disclint is for
_ARGPARSE_WORDS = {
    "usage: ": "用法：", "positional arguments": "位置参数", "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个参数值", "expected at least one argument": "至少需要一个参数值",
    "expected at most one argument": "至多一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可匹配 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


class _Chinese:
    """While disclint parses its arguments, argparse's own words are Chinese: argparse asks its module's
    ``_`` (gettext) for them at the moment it prints them. Put back afterwards, so that a program calling
    ``main`` in-process keeps its own argparse as it was."""

    def __enter__(self):
        self.saved = getattr(argparse, "_")  # a private name of argparse's, so not in its stubs  # noqa: B009
        setattr(argparse, "_", lambda text: _ARGPARSE_WORDS.get(text, text))  # noqa: B010

    def __exit__(self, *exc):
        setattr(argparse, "_", self.saved)  # noqa: B010


class _Formatter(argparse.HelpFormatter):
    """Help laid out to the terminal's width, found without ``shutil`` (which argparse imports for it on
    every start, help or not, and which costs 2 ms)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            try:
                width = os.get_terminal_size().columns - 2
            except OSError:
                width = 98
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        raise UsageError(message)


def _batch_options(command: argparse.ArgumentParser) -> None:
    """The options every command over a batch of reports has, worded once."""
    command.add_argument("--output-file", metavar="FILE", help="写入文件而不是标准输出")
    command.add_argument("--config", metavar="FILE", help="配置文件（默认：从报告所在目录向上查找 .disclint.yaml）")
    command.add_argument("--jobs", type=int, default=None, metavar="N", help="并行进程数（默认：全部核心）")


def build_parser() -> argparse.ArgumentParser:
    from .editions import editions
    known = editions()
    parser = _Parser(prog="disclint", description="政府信息公开工作年度报告合规检查工具")
    parser.add_argument("--version", action="version", version=f"disclint {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = sub.add_parser("check", help="检查报告（默认命令）")
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录；- 表示标准输入")
    check.add_argument("--format", choices=(*outputs.CHECK, "auto"), default="human",
                       help=f"输出格式：{_formats(outputs.CHECK)}；auto：GitHub Actions 中为 github，终端为 human，否则为 concise")
    check.add_argument("--edition", choices=("auto", *known), default="auto",
                       help="按指定格式版本检查（默认自动识别）")
    check.add_argument("--select", action="append", default=[], metavar="RULES",
                       help="只运行这些规则（代码、名称或类别，逗号分隔）")
    check.add_argument("--ignore", action="append", default=[], metavar="RULES", help="不运行这些规则")
    check.add_argument("--strict", action="store_true", help="有警告时也以 1 退出")
    check.add_argument("--exit-zero", action="store_true", help="有问题时也以 0 退出")
    check.add_argument("--quiet", action="store_true", help="只输出有问题的文件和汇总")
    check.add_argument("--no-source", action="store_true", help="人读格式中不显示原文行")
    check.add_argument("--statistics", action="store_true", help="按规则统计问题数量")
    check.add_argument("--baseline", metavar="FILE", help="隐藏基线文件中已记录的问题")
    check.add_argument("--show-stale", action="store_true", help="列出基线中已不再出现的记录")
    check.add_argument("--only-reports", action="store_true",
                       help="不是年度报告的文件（如 README.md）跳过并注明，而不作为错误（pre-commit 钩子默认开启）")
    check.add_argument("--force-exclude", action="store_true",
                       help="配置中的 exclude 也适用于直接指定的文件（pre-commit 钩子默认开启）")
    check.add_argument("--stdin-filename", metavar="NAME", help="标准输入（-）在输出中的文件名，并按它查找配置")
    check.add_argument("--diff", action="store_true",
                       help="只显示可安全自动修复的修改（统一差异格式），不改动文件；有修改时以 1 退出")
    check.add_argument("--fix", action="store_true",
                       help="直接修改文本、Markdown、网页文件中可安全修复的问题（标题措辞、占位符、发文字号括号），再报告其余问题")
    check.add_argument("--annotate", metavar="OUT.docx",
                       help="把每个问题作为批注写入 Word 文档的副本 OUT.docx（只用于一个 .docx 文件；原文件不变）")
    check.add_argument("--write-baseline", metavar="FILE", help="把本次发现的问题写入基线文件")
    _batch_options(check)
    check.add_argument("--previous", action="append", default=[], metavar="FILE",
                       help="同一单位上一年度的报告：与之比较上年结转、现行有效件数和重复文字（不检查它本身）")
    check.add_argument("--plugins", action="store_true", help=_PLUGINS_HELP)

    extract = sub.add_parser("extract", help="提取表格数据")
    extract.add_argument("paths", nargs="*", metavar="PATH", help="报告文件或目录")
    extract.add_argument("--format", choices=tuple(outputs.EXTRACT), default="json",
                         help=f"输出格式：{_formats(outputs.EXTRACT)}")
    extract.add_argument("--codebook", action="store_true", help="只输出单元格代码表（代码、表、行、列、版本、单位）")
    extract.add_argument("--edition", choices=("auto", *known), default="auto", help="按指定格式版本读取（默认自动识别）")
    _batch_options(extract)

    score = sub.add_parser("score", help="按评分表（YAML）给报告扣分、评分（docs/scorecard.md）")
    score.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录")
    score.add_argument("--scorecard", required=True, metavar="FILE", help="评分表文件（如 docs/scorecard-county.yaml）")
    score.add_argument("--format", choices=tuple(outputs.SCORE), default="human",
                       help=f"输出格式：{_formats(outputs.SCORE)}")
    score.add_argument("--edition", choices=("auto", *known), default="auto", help="按指定格式版本检查（默认自动识别）")
    _batch_options(score)
    score.add_argument("--previous", action="append", default=[], metavar="FILE",
                       help="同一单位上一年度的报告（用于重复文字等跨年度扣分项）")

    template = sub.add_parser("template", help="生成待填写的报告框架（表格填 0，文字和数字处为【请填写】）")
    template.add_argument("--edition", choices=known, default=known[-1], help=f"格式版本（默认 {known[-1]}）")
    template.add_argument("--year", type=int, default=None, help="报告年度")
    template.add_argument("--agency", default="某某单位", help="单位名称（写入标题）")
    template.add_argument("--layout", choices=("cells", "pipes"), default="cells",
                          help="文本排列：cells 每个单元格一行（默认），pipes 每行以 | 分隔")
    template.add_argument("--format", choices=("text", "docx"), default="text",
                          help="text（默认）；docx：Word 文档，表格含格式规定的合并表头（需 --output-file）")
    template.add_argument("--output-file", metavar="FILE", help="写入文件而不是标准输出")

    serve = sub.add_parser("serve", help="启动审阅网页服务：在浏览器中检查报告、批量检查（需安装 serve 扩展）")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 供局域网访问，须设令牌）")
    serve.add_argument("--port", type=int, default=8765, help="端口（默认 8765）")
    serve.add_argument("--data", metavar="DIR", default=None, help="保存批次结果的目录（默认：用户数据目录下的 disclint/serve）")
    serve.add_argument("--token", default=None, help="访问令牌（也可用环境变量 DISCLINT_TOKEN）；监听非本机地址时必须设置")
    serve.add_argument("--open", action=argparse.BooleanOptionalAction, default=None,
                       help="启动后打开浏览器（在桌面环境中默认打开）")
    serve.add_argument("--workers", type=int, default=None, metavar="N", help="同时检查的文件数（默认：全部核心）")
    serve.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="每个文件检查的时间上限（默认 60 秒）")
    serve.add_argument("--max-upload-mb", type=int, default=512, metavar="MB", help="一次上传的大小上限（默认 512 MB）")
    serve.add_argument("--max-files", type=int, default=1000, metavar="N", help="一批文件数上限（默认 1000，含压缩包中的文件）")
    serve.add_argument("--config", metavar="FILE", help="检查所用的配置文件（默认：不用配置文件）")

    region = sub.add_parser("region", help="核对本级政府报告的表三、表四与所属部门报告之和（警告）")
    region.add_argument("paths", nargs="+", metavar="PATH", help="一个地区的报告文件或目录")
    region.add_argument("--tree", metavar="FILE", help="上下级关系文件（YAML：本级政府: [所属单位, …]；默认按报告中的单位名称）")
    region.add_argument("--townships", action="store_true", help="按名称推断时，乡镇、街道也计入本级政府（默认只计部门）")
    region.add_argument("--format", choices=("human", "json", "csv"), default="human", help="输出格式（默认 human）")
    _batch_options(region)

    stats = sub.add_parser("stats", help="按单位、级别和年度统计申请数、实质公开率、纠错率、逾期和勾稽关系")
    stats.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录（含上一年度的报告时并列上年数字）")
    stats.add_argument("--year", type=int, default=None, help="统计的年度（默认：最近的年度）")
    stats.add_argument("--minimum", type=int, default=30, metavar="N",
                       help="比率的分母少于 N 时只显示“分子/分母”，不算百分比（默认 30）")
    stats.add_argument("--format", choices=("human", "json", "csv", "xlsx", "html"), default="human",
                       help="输出格式：human（默认）、json、csv、xlsx（含图表，需 --output-file）、html（图表网页）")
    _batch_options(stats)

    sub.add_parser("rules", help="列出全部规则").add_argument("--plugins", action="store_true", help=_PLUGINS_HELP)
    rule = sub.add_parser("rule", help="显示一条规则的说明及其生效配置")
    rule.add_argument("key", metavar="CODE", help="规则代码或名称，如 B301 或 balance.carry-over")
    rule.add_argument("--config", metavar="FILE", help="配置文件（默认：从当前目录向上查找）")
    rule.add_argument("--plugins", action="store_true", help=_PLUGINS_HELP)
    return parser


_PLUGINS_HELP = "同时使用已安装的其他软件包提供的规则包（入口点组 disclint.rules）"


def _formats(registry: dict) -> str:
    """The formats of a command as its help lists them: ``json：…；csv：…``."""
    return "；".join(f"{output.name}：{output.about}" for output in registry.values())


def _split(values) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _edition(args) -> str | None:
    return None if args.edition == "auto" else args.edition


def _with_progress(iterable, total: int, show: bool):
    """The outcomes, with a Rich progress bar on a terminal when there are many files."""
    if not show or total < 20 or not sys.stderr.isatty():
        return iterable
    from rich.progress import Progress

    out = []
    with Progress(transient=True) as progress:
        task = progress.add_task("检查中", total=total)
        for item in iterable:
            out.append(item)
            progress.advance(task)
    return out


class _Harmless:
    """Standard error as disclint writes it: its own messages, which quote file names and report text; each
    of their lines is shown harmless (paths.harmless), so that a name holding an escape sequence cannot
    clear the screen or retitle the window."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        from .paths import harmless

        return self.stream.write("\n".join(map(harmless, text.split("\n"))))

    def __getattr__(self, name):
        return getattr(self.stream, name)


def _streams() -> _Harmless:
    """Standard streams that cannot fail on what disclint prints: a closed one (``>&-``) is a sink, and a
    terminal whose encoding lacks Chinese (``PYTHONIOENCODING=ascii``) shows ``\\uXXXX`` instead of failing.
    Standard error is harmless (``_Harmless``) until ``main`` returns."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    sys.stderr = harmless = _Harmless(sys.stderr)
    return harmless


def _auto_format(output_file) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "human" if output_file is None and sys.stdout.isatty() else "concise"


def _check(args) -> int:
    """Plan and run a check as the options ask for it, hand the results to the output chosen (planned
    with what it keeps of each result) and say how the run ended: 2 when a file could not be opened or
    checked, 1 when a finding fails the run (or, with --strict, a report is not assessable), else 0."""
    from .api import collect, registry, run
    from .findings import ERROR, WARNING

    output = outputs.CHECK[_auto_format(args.output_file) if args.format == "auto" else args.format]
    if output.needs_file and not args.output_file:
        raise UsageError(f"--format {output.name} 需要 --output-file 文件名")
    if args.annotate:
        _annotatable(args)
    if args.diff or args.fix:
        return _fix(args)
    tasks = _tasks(args, output.keep)
    run_results = collect(_with_progress(run(tasks, args.jobs), len(tasks), output.progress), tasks)
    results, errors = run_results.files, run_results.errors
    for error in errors:
        print(f"disclint: 错误: {error}", file=sys.stderr)
    _nothing_found(tasks)
    notes = run_results.notes + [f"{r.path}：不是政府信息公开工作年度报告，已跳过" for r in results if r.skipped]
    run_results = run_results._replace(notes=notes)
    if not output.notes:
        for note in notes:
            print(f"disclint: 注意: {note}", file=sys.stderr)
    if args.write_baseline:
        from .baseline import write
        count = write(args.write_baseline, results)
        print(f"disclint: 已把 {count} 个问题写入基线 {args.write_baseline}", file=sys.stderr)
        return 2 if errors else 0
    if args.baseline:
        from .baseline import apply
        results, stale = apply(args.baseline, results)
        run_results = run_results._replace(files=results)
        if stale:
            print(f"disclint: 基线 {args.baseline} 中有 {len(stale)} 条记录已不再出现"
                  f"（{'如下' if args.show_stale else '可用 --show-stale 列出，'}可用 --write-baseline 更新）",
                  file=sys.stderr)
            if args.show_stale:
                for entry in stale:
                    print(f"  {entry['path']}: {entry['code']} {entry.get('message', '')}", file=sys.stderr)
    refused = bool(args.annotate and results) and not _annotate(args, results[0], registry())
    failing = (ERROR, WARNING) if args.strict else (ERROR,)
    outputs.writer(output)(run_results, outputs.Options(
        output_file=args.output_file, statistics=args.statistics, quiet=args.quiet, source=not args.no_source,
        base=os.getcwd(), failing=failing, rules=registry()))
    if errors or refused or any(r.failed for r in results):
        return 2
    if not args.exit_zero and (any(f.severity in failing for r in results for f in r.findings)
                               or WARNING in failing and any(r.status == "not-assessable" for r in results)):
        return 1  # a report that could not be assessed fails as a warning does (--strict): never a clean pass
    return 0


def _nothing_found(tasks) -> None:
    """Say on stderr when the paths given hold no report file at all: an empty run is never mistaken for a
    clean one (a folder of .wps files, a typo in a pattern)."""
    if not tasks:
        from .api import REPORT_SUFFIXES

        print(f"disclint: 注意: 未找到报告文件（{'、'.join(REPORT_SUFFIXES)}），未检查任何文件", file=sys.stderr)


def _tasks(args, keep):
    """The plan of a check as its options ask for it (also for --diff and --fix)."""
    from .api import plan

    return plan(args.paths, select=_split(args.select), ignore=_split(args.ignore), edition=_edition(args),
                config=args.config, keep=keep, previous=args.previous, only_reports=args.only_reports,
                force_exclude=args.force_exclude, stdin_name=args.stdin_filename)


def _fix(args) -> int:
    """--diff: the unified diff of every safe fix, nothing written (exit 1 when there is one). --fix: the
    fixes made in text, Markdown and HTML files, then the files checked again and reported as usual."""
    from .api import collect, run
    from .engine import ReadError
    from .fixes import Changed, NotFixable, fix

    if args.diff and args.fix:
        raise UsageError("--diff 与 --fix 只能选一个")
    tasks = _tasks(args, ("sha256",))  # the digest of the bytes checked: a file changed since is not fixed
    patches, made, code = [], 0, 0
    for result in collect(run(tasks, args.jobs), tasks).files:
        try:
            done, skipped, patch = fix(result, write=args.fix)
        except NotFixable as exc:
            print(f"disclint: {result.path}: Word 文档、PDF 和标准输入不会被自动修改"
                  f"{'（Word 文档可用 --annotate 写入批注副本）' if result.kind == 'docx' else ''}，"
                  f"其中 {exc.args[0]} 处可修复的问题请手工修改", file=sys.stderr)
            code = max(code, 1)
            continue
        except ReadError as exc:
            print(f"disclint: 错误: {exc}", file=sys.stderr)
            code = 2
            continue
        except Changed as exc:
            print(f"disclint: 错误: {result.path}: {exc.args[0]}，未修复（请重新运行）", file=sys.stderr)
            code = 2
            continue
        except OSError as exc:
            print(f"disclint: 错误: {result.path}: 无法写入（{exc.strerror}），未修复", file=sys.stderr)
            code = 2
            continue
        for edit in skipped:
            print(f"disclint: {result.path}:{edit.span.line}:{edit.span.column}: {edit.code} 未修复：该处文字已不是“{edit.old}”",
                  file=sys.stderr)
        if patch:
            patches.append(patch)
        if done and args.fix:
            made += len(done)
            print(f"disclint: {result.path}: 已修复 {len(done)} 处（{'、'.join(e.code for e in done)}）", file=sys.stderr)
    if args.diff:
        outputs.emit("".join(patches), args.output_file)
        return max(code, 1 if patches else 0)
    print(f"disclint: 共修复 {made} 处", file=sys.stderr)
    args.fix = False
    return max(code, _check(args))  # what is left, reported as a check reports it


def _annotate(args, result, rules) -> bool:
    """Write the reviewed copy of the one Word draft checked, or say why there is none. False when a draft
    that was read could not be copied (the run then exits 2: what was asked for was not made); a draft that
    cannot be read is its own finding (P001), which sets the exit code."""
    from .engine import read
    from .findings import SEVERITY_WORDS
    from .word import annotate

    if result.status in ("unreadable", "failed"):
        print(f"disclint: {result.path}: 文件无法读取，未写批注副本", file=sys.stderr)
        return True
    try:
        copy, count = annotate(read(args.paths[0]), result.findings, SEVERITY_WORDS, rules)
    except Exception as exc:  # a draft the reader took but whose package cannot be copied: said, not a crash
        print(f"disclint: {result.path}: 无法写入批注（{type(exc).__name__}），未写批注副本", file=sys.stderr)
        return False
    with open(args.annotate, "wb") as handle:
        handle.write(copy)
    print(f"disclint: 已把 {count} 条批注写入 {args.annotate}（原文件未改动）", file=sys.stderr)
    return True


def _annotatable(args) -> None:
    """--annotate takes one Word draft and a new file name: never the draft itself, never another form."""
    if len(args.paths) != 1 or not args.paths[0].lower().endswith(".docx") or not os.path.isfile(args.paths[0]):
        raise UsageError("--annotate 只用于检查一个 Word 文档（.docx）；文本、网页可用 --format html 查看，PDF 请改查 Word 原稿")
    if not args.annotate.lower().endswith(".docx"):
        raise UsageError("--annotate 的输出文件应以 .docx 结尾")
    if os.path.exists(args.annotate) and os.path.samefile(args.annotate, args.paths[0]):
        raise UsageError("--annotate 的输出文件不能是被检查的文件本身：原稿不会被改动")


def _extract(args) -> int:
    from .api import extract

    if args.codebook:
        outputs.writer(outputs.CODEBOOK)(None, outputs.Options(output_file=args.output_file))
        return 0
    if not args.paths:
        raise UsageError("extract 需要报告文件或目录（或 --codebook）")
    output = outputs.EXTRACT[args.format]
    if output.needs_file and not args.output_file:
        raise UsageError(f"--format {output.name} 需要 --output-file 文件名")
    run = extract(args.paths, edition=_edition(args), config=args.config, jobs=args.jobs)
    results, errors = run
    if not results and not errors:
        _nothing_found([])
    errors = errors + [f"{r.path}: {f.message}" for r in results if r.failed for f in r.findings]
    for error in errors:
        print(f"disclint: 错误: {error}", file=sys.stderr)
    empty = [r for r in results if not r.failed and not any(c["line"] is not None for c in r.cells.values())]
    for result in empty:
        why = next((f.message for f in result.findings if f.code in ("P001", "P002")), "未找到任何表格数据")
        print(f"disclint: {result.path}: 未提取到数据（{why}）", file=sys.stderr)
    outputs.writer(output)(run, outputs.Options(output_file=args.output_file))
    return 2 if errors else 1 if empty else 0


def _region(args) -> int:
    from .outputs.region import write
    from .region import run

    checks, errors = run(args.paths, tree=args.tree, townships=args.townships, config=args.config, jobs=args.jobs)
    for error in errors:
        print(f"disclint: 错误: {error}", file=sys.stderr)
    write(checks, args.format, args.output_file)
    return 2 if errors else 0


def _stats(args) -> int:
    from . import stats
    from .outputs.stats import write

    if args.format == "xlsx" and not args.output_file:
        raise UsageError("--format xlsx 需要 --output-file 文件名")
    write(stats.run(args.paths, year=args.year, minimum=args.minimum, config=args.config, jobs=args.jobs),
          args.format, args.output_file)
    return 0


def _score(args) -> int:
    """Score reports under a scorecard: 0 when they were scored (whatever the scores), 2 when a file could not
    be opened or checked (the others are scored); a bad sheet is a usage error naming its line (exit 2)."""
    from .api import registry, score

    output = outputs.SCORE[args.format]
    if output.needs_file and not args.output_file:
        raise UsageError(f"--format {output.name} 需要 --output-file 文件名")
    run = score(args.paths, scorecard=args.scorecard, edition=_edition(args), config=args.config, jobs=args.jobs,
                previous=args.previous, keep=output.keep)
    for error in run.errors:
        print(f"disclint: 错误: {error}", file=sys.stderr)
    if not run.files and not run.errors:
        _nothing_found([])
    outputs.writer(output)(run, outputs.Options(output_file=args.output_file, rules=registry()))
    return 2 if run.errors or any(r.failed for r in run.files) else 0


def _template(args) -> int:
    from .api import template

    if args.format == "docx":
        if not args.output_file:
            raise UsageError("--format docx 需要 --output-file 文件名（如 年度报告.docx）")
        from .word import from_pipes

        with open(args.output_file, "wb") as handle:
            handle.write(from_pipes(template(args.edition, args.year, args.agency, "pipes"), args.edition))
        print(f"disclint: 已写入 {args.output_file}：表格全部填 0，“【请填写】”处请写入本单位的情况", file=sys.stderr)
        return 0
    text = template(args.edition, args.year, args.agency, args.layout)
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _serve(args) -> int:
    """Start the review service (linter/serve/), imported only now: it is an optional extra."""
    from importlib.util import find_spec

    if not all(find_spec(name) for name in ("starlette", "uvicorn", "python_multipart")):
        raise UsageError("disclint serve 需要安装 serve 扩展：在 disclint 目录中运行 pip install \".[serve]\"")
    from .serve import data_folder, serve
    from .serve.app import Settings

    if args.workers is not None and args.workers < 1 or args.timeout <= 0 or args.max_upload_mb < 1 or args.max_files < 1:
        raise UsageError("--workers、--timeout、--max-upload-mb、--max-files 应为正数")
    if args.config:
        from .api import configured

        configured(args.config)  # a configuration that cannot be used is refused now, not at the first upload
    settings = Settings(data=os.path.abspath(args.data or data_folder()), token=args.token or os.environ.get("DISCLINT_TOKEN"),
                        max_upload_mb=args.max_upload_mb, max_files=args.max_files, limit=args.timeout,
                        workers=args.workers or os.cpu_count() or 1,
                        config=os.path.abspath(args.config) if args.config else None)
    return serve(settings, args.host, args.port, args.open)


def _rules(args) -> int:
    from .api import registry
    from .findings import SEVERITY_WORDS

    for rule in registry():
        print(f"{rule.code}  {rule.name:<40} {SEVERITY_WORDS[rule.severity]:<4} {rule.summary}")
    return 0


def _rule(args) -> int:
    import inspect

    from .api import registry
    from .findings import SEVERITY_WORDS

    key = args.key.strip()
    rule = next((r for r in registry() if key.upper() == r.code or key == r.name), None)
    if rule is None:
        raise UsageError(f"未知的规则：{args.key}（可用 disclint rules 查看）")
    from rich.console import Console
    from rich.markdown import Markdown

    print(f"{rule.code} {rule.name}（默认级别：{SEVERITY_WORDS[rule.severity]}）\n{rule.summary}\n")
    console = Console(highlight=False)
    with console.capture() as captured:  # **检查内容。** shown bold, not as asterisks
        console.print(Markdown(inspect.cleandoc(rule.__doc__ or "")))
    print("\n".join(line.rstrip() for line in captured.get().splitlines()))  # Rich pads lines to the width
    from .api import configuration

    config = configuration(args.config)(os.path.join(os.getcwd(), "-"))
    settings = config.rules.get(rule.code, {})
    level = settings.get("level", rule.severity if rule.enabled_by_default else "off")
    print(f"\n生效配置（{config.path or '默认'}）：")
    print(f"  level: {level}")
    for option in rule.options.values():
        print(f"  {option.name}: {settings.get(option.name, option.default)}    # {option.text}")
    return 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    saved = sys.stderr
    harmless = _streams()
    try:
        return _main(argv)
    finally:
        sys.stderr = saved if saved is not None else harmless.stream


def _main(argv: list) -> int:
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "check")
    try:
        with _Chinese():
            args = build_parser().parse_args(argv)
        if args.command is None:
            with _Chinese():
                build_parser().print_help()
            return 2
        if args.command in ("check", "extract", "score", "region", "stats"):
            from .editions import vocabulary

            vocabulary()  # every edition built or read from the cache before any file: a bad edition file is refused
        if getattr(args, "plugins", False):
            from .api import use_plugins

            use_plugins()
        runner = {"check": _check, "extract": _extract, "score": _score, "rules": _rules, "rule": _rule,
                  "template": _template, "region": _region, "stats": _stats, "serve": _serve}[args.command]
        return runner(args)
    except UsageError as exc:
        print(f"disclint: 用法错误: {exc}", file=sys.stderr)
        return 2
    except EditionError as exc:
        print(f"disclint: 格式版本文件错误: {exc}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"disclint: 配置错误: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"disclint: 错误: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # an internal failure: one line, not a traceback
        print(f"disclint: 内部错误: {type(exc).__name__}: {exc}（请报告此问题）", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
