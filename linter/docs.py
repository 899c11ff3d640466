"""The rule reference (docs/rules.md), generated from the rules' own attributes and docstrings.

Regenerate with ``python -m disclint.docs docs`` (also writes the configuration's JSON Schema,
docs/disclint.schema.json); a test fails when either is stale.
"""
from __future__ import annotations

import inspect
import sys


def _kind(kind) -> str:
    return "number" if kind in ((int, float), float) else getattr(kind, "__name__", str(kind))


def rules_markdown() -> str:
    from disclint.rules.registry import RULES

    out = ["# Rule reference", "",
           "Generated from the rules by `python -m disclint.docs docs`; do not edit by hand.", "",
           "| code | name | severity | summary |", "|---|---|---|---|"]
    out += [f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity} | {r.summary} |" for r in RULES]
    for rule in RULES:
        default = "" if rule.enabled_by_default else " · **off by default** (enable with `--select`)"
        if rule.fixable:
            default += " · **safe fix** (`--diff` shows it, `--fix` makes it in text, Markdown and HTML files)"
        out += ["", f"## {rule.code}", "", f"`{rule.name}` · default severity **{rule.severity}**{default} · {rule.summary}",
                "", inspect.cleandoc(rule.__doc__ or "")]
        if rule.options:
            out += ["", "| option | type | default | meaning |", "|---|---|---|---|"]
            out += [f"| `{name}` | {_kind(kind)} | `{default}` | {text} |" for name, (kind, default, text) in rule.options.items()]
    return "\n".join(out) + "\n"


def config_schema() -> dict:
    """A JSON Schema of .disclint.yaml for editors, generated from the rules."""
    from disclint.rules.registry import RULES
    from disclint.templates import editions

    names = sorted({r.code for r in RULES} | {r.name for r in RULES} | {r.name.split(".")[0] for r in RULES})
    codes = {"type": "array", "items": {"enum": names}}
    rules = {}
    for rule in RULES:
        properties = {"level": {"enum": ["error", "warning", "info", "off"], "default": rule.severity}}
        for option, (kind, default, text) in rule.options.items():
            properties[option] = {"type": "number" if _kind(kind) == "number" else _kind(kind), "default": default,
                                  "description": text}
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
    """Regenerate docs/rules.md and docs/disclint.schema.json."""
    import json
    import os

    with open(os.path.join(folder, "rules.md"), "w", encoding="utf-8") as handle:
        handle.write(rules_markdown())
    with open(os.path.join(folder, "disclint.schema.json"), "w", encoding="utf-8") as handle:
        handle.write(json.dumps(config_schema(), ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    write_all(sys.argv[1] if len(sys.argv) > 1 else "docs")
