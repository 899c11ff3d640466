"""The ``disclint`` command: check reports, extract their tables, and describe the rules.

Usage errors, unreadable files and internal failures print one line and exit 2; findings at error
level exit 1 (warnings too with ``--strict``); otherwise 0 (spec/data-contract.md §5).
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__

COMMANDS = ("check", "extract", "rules", "rule")
REPORT_SUFFIXES = (".txt", ".md", ".text", ".markdown")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="disclint", description="政府信息公开工作年度报告合规检查工具")
    parser.add_argument("--version", action="version", version=f"disclint {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = sub.add_parser("check", help="检查报告（默认命令）")
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录；- 表示标准输入")
    check.add_argument("--format", choices=("human", "concise", "json"), default="human")
    check.add_argument("--edition", choices=("auto", "2019", "2021"), default="auto",
                       help="按指定格式版本检查（默认自动识别）")
    check.add_argument("--select", action="append", default=[], metavar="RULES",
                       help="只运行这些规则（代码、名称或类别，逗号分隔）")
    check.add_argument("--ignore", action="append", default=[], metavar="RULES", help="不运行这些规则")
    check.add_argument("--strict", action="store_true", help="有警告时也以 1 退出")
    check.add_argument("--exit-zero", action="store_true", help="有问题时也以 0 退出")
    check.add_argument("--quiet", action="store_true", help="只输出有问题的文件和汇总")
    check.add_argument("--output-file", metavar="FILE", help="写入文件而不是标准输出")
    check.add_argument("--no-source", action="store_true", help="人读格式中不显示原文行")

    extract = sub.add_parser("extract", help="提取表格数据")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("--format", choices=("json", "csv"), default="json")
    extract.add_argument("--edition", choices=("auto", "2019", "2021"), default="auto")
    extract.add_argument("--output-file", metavar="FILE")

    sub.add_parser("rules", help="列出全部规则")
    rule = sub.add_parser("rule", help="显示一条规则的说明")
    rule.add_argument("key", metavar="CODE", help="规则代码或名称，如 B301 或 balance.carry-over")
    return parser


def _split(values) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def select_rules(select, ignore):
    """Rule instances after --select/--ignore (each a code, a name or a family)."""
    from disclint.rules.registry import RULES

    def matches(rule, key):
        return key.upper() == rule.code or key == rule.name or key == rule.name.split(".")[0]

    chosen = []
    for key in select + ignore:
        if not any(matches(rule, key) for rule in RULES):
            raise UsageError(f"未知的规则或类别：{key}（可用 disclint rules 查看）")
    for rule in RULES:
        if select and not any(matches(rule, k) for k in select):
            continue
        if not rule.enabled_by_default and not any(key.upper() == rule.code or key == rule.name for key in select):
            continue  # off by default: only an explicit --select of this rule turns it on
        if any(matches(rule, k) for k in ignore):
            continue
        chosen.append(rule())
    return chosen


def expand(paths) -> list[str]:
    """Files to check: files as given, folders searched recursively for report files, ``-`` for stdin."""
    files = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(folder, n) for n in names if n.lower().endswith(REPORT_SUFFIXES))
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


def _lint_all(paths, rules, edition):
    from .engine import ReadError, lint_bytes, lint_path

    results, errors = [], []
    for path in expand(paths):
        try:
            if path == "-":
                results.append(lint_bytes("-", sys.stdin.buffer.read(), rules, edition))
            else:
                results.append(lint_path(path, rules, edition))
        except ReadError as exc:
            errors.append(str(exc))
    return results, errors


def _write(text: str, output_file: str | None) -> None:
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


def run_check(args) -> int:
    from .findings import ERROR, WARNING

    rules = select_rules(_split(args.select), _split(args.ignore))
    edition = None if args.edition == "auto" else args.edition
    results, errors = _lint_all(args.paths, rules, edition)
    for error in errors:
        print(f"disclint: 错误: {error}", file=sys.stderr)
    if args.format == "json":
        from .formats import check_json
        _write(check_json(results), args.output_file)
    elif args.format == "concise":
        from .formats import concise
        _write(concise(results), args.output_file)
    else:
        from rich.console import Console

        shown = [r for r in results if r.findings] if args.quiet else results
        if args.output_file:
            with open(args.output_file, "w", encoding="utf-8") as handle:
                from .human import render
                render(shown, Console(file=handle, width=120, no_color=True), not args.no_source)
        else:
            from .human import render
            render(shown, Console(highlight=False), not args.no_source)
    if errors:
        return 2
    failing = {ERROR, WARNING} if args.strict else {ERROR}
    if not args.exit_zero and any(f.severity in failing for r in results for f in r.findings):
        return 1
    return 0


def run_extract(args) -> int:
    from .formats import extract_csv, extract_json

    results, errors = _lint_all(args.paths, [], None if args.edition == "auto" else args.edition)
    for error in errors:
        print(f"disclint: 错误: {error}", file=sys.stderr)
    _write(extract_csv(results) if args.format == "csv" else extract_json(results), args.output_file)
    return 2 if errors else 0


def run_rules(args) -> int:
    from disclint.rules.registry import RULES

    for rule in RULES:
        print(f"{rule.code}  {rule.name:<40} {rule.severity:<8} {rule.summary}")
    return 0


def run_rule(args) -> int:
    import inspect

    from disclint.rules.registry import find

    rule = find(args.key)
    if rule is None:
        raise UsageError(f"未知的规则：{args.key}（可用 disclint rules 查看）")
    print(f"{rule.code} {rule.name} ({rule.severity})\n{rule.summary}\n")
    print(inspect.cleandoc(rule.__doc__ or ""))
    return 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "check")
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return 2
        runner = {"check": run_check, "extract": run_extract, "rules": run_rules, "rule": run_rule}[args.command]
        return runner(args)
    except UsageError as exc:
        print(f"disclint: 用法错误: {exc}", file=sys.stderr)
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
