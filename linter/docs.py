"""The rule reference (docs/rules.md), generated from the rules' own attributes and docstrings.

Regenerate with ``python -m disclint.docs docs`` (also writes the JSON Schemas of the configuration,
docs/disclint.schema.json, and of an edition file, docs/edition.schema.json); a test fails when one is stale.
"""
from __future__ import annotations

import inspect
import sys


def _kind(kind) -> str:
    """An option's type as docs/rules.md names it."""
    return "number" if kind in ((int, float), float) else getattr(kind, "__name__", str(kind))


#: an option's type as JSON Schema names it
_JSON_TYPES: dict[object, str] = {int: "integer", str: "string", bool: "boolean"}


def rules_markdown() -> str:
    from disclint.findings import SEVERITY_WORDS
    from disclint.rules.registry import RULES

    out = ["# 规则说明", "",
           "由 `python -m disclint.docs docs` 从规则本身生成，请勿手工编辑。每条规则写明检查内容、原因（所依据的《条例》条款或"
           "年报格式）、错误示例和正确示例；`disclint rule 代码` 在终端显示同样的内容及其生效配置。", "",
           "| 代码 | 名称 | 默认级别 | 说明 |", "|---|---|---|---|"]
    out += [f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {SEVERITY_WORDS[r.severity]} | {r.summary} |" for r in RULES]
    for rule in RULES:
        default = "" if rule.enabled_by_default else " · **默认关闭**（用 `--select` 启用）"
        if rule.fixable:
            default += " · **可安全自动修复**（`--diff` 显示修改，`--fix` 直接修改文本、Markdown 和网页文件）"
        out += ["", f"## {rule.code}", "",
                f"`{rule.name}` · 默认级别 **{SEVERITY_WORDS[rule.severity]}**{default} · {rule.summary}",
                "", inspect.cleandoc(rule.__doc__ or "")]
        if rule.options:
            out += ["", "| 选项 | 类型 | 默认值 | 含义 |", "|---|---|---|---|"]
            out += [f"| `{o.name}` | {_kind(o.type)} | `{o.default}` | {o.text} |" for o in rule.options.values()]
    return "\n".join(out) + "\n"


def config_schema() -> dict:
    """A JSON Schema of .disclint.yaml for editors, generated from the rules."""
    from disclint.editions import editions
    from disclint.rules.registry import RULES

    names = sorted({r.code for r in RULES} | {r.name for r in RULES} | {r.name.split(".")[0] for r in RULES})
    codes = {"type": "array", "items": {"enum": names}}
    rules = {}
    for rule in RULES:
        properties: dict[str, dict[str, object]] = {"level": {"enum": ["error", "warning", "info", "off"],
                                                              "default": rule.severity}}
        for option in rule.options.values():
            properties[option.name] = {"type": _JSON_TYPES.get(option.type, "number"), "default": option.default,
                                       "description": option.text}
        spec = {"type": "object", "description": rule.summary, "properties": properties, "additionalProperties": False}
        rules[rule.code] = rules[rule.name] = spec
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "disclint configuration (.disclint.yaml)",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "extends": {"type": "string", "description": "another configuration file, relative to this one"},
            "edition": {"enum": ["auto", *editions()]},
            "select": codes, "ignore": codes,
            "rules": {"type": "object", "properties": rules, "additionalProperties": False},
            "per-file-ignores": {"type": "object", "additionalProperties": codes},
            "exclude": {"type": "array", "items": {"type": "string"}},
            "agencies": {"type": "object", "additionalProperties": {"type": "string"},
                         "description": "报告中的单位名称 → 统一的单位名称（跨年度配对用）"},
        },
    }


def write_all(folder: str = "docs") -> None:
    """Regenerate docs/rules.md, docs/disclint.schema.json and docs/edition.schema.json."""
    import json
    import os

    from disclint.editions.schema import EDITION

    with open(os.path.join(folder, "rules.md"), "w", encoding="utf-8") as handle:
        handle.write(rules_markdown())
    with open(os.path.join(folder, "disclint.schema.json"), "w", encoding="utf-8") as handle:
        handle.write(json.dumps(config_schema(), ensure_ascii=False, indent=2) + "\n")
    with open(os.path.join(folder, "edition.schema.json"), "w", encoding="utf-8") as handle:
        handle.write(json.dumps(EDITION, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    write_all(sys.argv[1] if len(sys.argv) > 1 else "docs")
